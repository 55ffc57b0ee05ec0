"""Property-based checks of the CCCD QR parser: no input crashes it, every rejection is a
typed value with a reason, and every well-formed card payload comes back field for field."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kiosk.cccd_qr import CitizenIdentity, QrRejection, Sex, parse_cccd_qr

VIETNAMESE_NAME_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
names = st.lists(
    st.text(alphabet=VIETNAMESE_NAME_LETTERS, min_size=1, max_size=8).map(str.capitalize),
    min_size=2,
    max_size=5,
).map(" ".join)
addresses = st.text(
    alphabet=VIETNAMESE_NAME_LETTERS + "0123456789 ,./-", min_size=1, max_size=80
).filter(lambda a: a.strip() and "|" not in a)


@given(st.text())
def test_any_text_is_either_a_card_or_a_typed_rejection(payload: str) -> None:
    result = parse_cccd_qr(payload)
    assert isinstance(result, CitizenIdentity | QrRejection)
    if isinstance(result, QrRejection):
        assert result.reason


@given(st.lists(st.text(max_size=30), min_size=0, max_size=14).map("|".join))
def test_pipe_separated_garbage_never_crashes_the_parser(payload: str) -> None:
    result = parse_cccd_qr(payload)
    assert isinstance(result, CitizenIdentity | QrRejection)


@given(
    id_digits=st.from_regex(r"\d{12}", fullmatch=True),
    old_id=st.one_of(st.just(""), st.from_regex(r"\d{9}", fullmatch=True)),
    name=names,
    born=st.dates(min_value=date(1920, 1, 1), max_value=date(2010, 12, 31)),
    sex=st.sampled_from(["Nam", "Nữ"]),
    address=addresses,
    issued_after_days=st.integers(min_value=0, max_value=20_000),
    extra=st.one_of(
        st.just([]),
        st.lists(st.text(max_size=10).filter(lambda t: "|" not in t), min_size=3, max_size=6),
    ),
)
def test_every_well_formed_card_payload_is_read_back_field_for_field(
    id_digits, old_id, name, born, sex, address, issued_after_days, extra
) -> None:
    issued = date.fromordinal(
        min(born.toordinal() + issued_after_days, date(2026, 1, 1).toordinal())
    )
    fields = [
        id_digits,
        old_id,
        name,
        born.strftime("%d%m%Y"),
        sex,
        address,
        issued.strftime("%d%m%Y"),
        *extra,
    ]
    result = parse_cccd_qr("|".join(fields))
    assert isinstance(result, CitizenIdentity), result
    assert result.id_number == id_digits
    assert result.old_id_number == (old_id or None)
    assert result.full_name == name
    assert result.date_of_birth == born
    assert result.sex is (Sex.MALE if sex == "Nam" else Sex.FEMALE)
    assert result.address == address.strip()
    assert result.issue_date == issued
    assert result.generation == ("2024" if extra else "2021")
