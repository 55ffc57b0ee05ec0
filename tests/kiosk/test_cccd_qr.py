"""The CCCD QR parser: both card generations, an empty old ID, and everything else rejected."""

from datetime import date

import pytest

from kiosk.cccd_qr import CitizenIdentity, QrRejection, Sex, mask_id_number, parse_cccd_qr

CARD_2021 = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)
CARD_2024 = (
    "034095001234|163456789|Trần Văn Hùng|02011995|Nam|"
    "Thôn Đông, Xã Vũ Thư, Tỉnh Hưng Yên|05092024|X1|X2|X3|X4"
)


def test_a_2021_card_gives_every_field_and_no_old_id():
    result = parse_cccd_qr(CARD_2021)
    assert isinstance(result, CitizenIdentity)
    assert result.id_number == "001184012345"
    assert result.old_id_number is None
    assert result.full_name == "Nguyễn Thị Lan"
    assert result.date_of_birth == date(1984, 3, 15)
    assert result.sex is Sex.FEMALE
    assert result.address == "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội"
    assert result.issue_date == date(2021, 8, 10)
    assert result.generation == "2021"
    assert result.extra_fields == ()


def test_a_2024_card_keeps_its_extra_fields_raw():
    result = parse_cccd_qr(CARD_2024)
    assert isinstance(result, CitizenIdentity)
    assert result.generation == "2024"
    assert result.old_id_number == "163456789"
    assert result.sex is Sex.MALE
    assert result.extra_fields == ("X1", "X2", "X3", "X4")
    assert result.to_json()["generation"] == "2024"


@pytest.mark.parametrize("name", ["Nguyễn Thị Ngọc Hường", "Đặng Quốc Khánh", "Ưng Hoàng Phúc"])
def test_names_with_rare_diacritics_come_through_unchanged(name):
    payload = CARD_2021.replace("Nguyễn Thị Lan", name)
    result = parse_cccd_qr(payload)
    assert isinstance(result, CitizenIdentity)
    assert result.full_name == name


def test_decomposed_unicode_is_normalised_so_names_compare_equal():
    import unicodedata

    result = parse_cccd_qr(unicodedata.normalize("NFD", CARD_2021))
    assert isinstance(result, CitizenIdentity)
    assert result.full_name == "Nguyễn Thị Lan"


@pytest.mark.parametrize(
    ("payload", "reason_part"),
    [
        ("", "empty"),
        ("https://dichvucong.gov.vn/p/home", "web address"),
        ("00020101021238570010A00000072701270006970436", "payment"),
        ("hello world", "fields"),
        ("00118401234||Nguyễn Thị Lan|15031984|Nữ|Hà Nội|10082021", "12-digit"),
        ("001184012345|12345|Nguyễn Thị Lan|15031984|Nữ|Hà Nội|10082021", "old ID"),
        ("001184012345||Nguyễn Thị Lan|31021984|Nữ|Hà Nội|10082021", "date of birth"),
        ("001184012345||Nguyễn Thị Lan|15031984|Khác|Hà Nội|10082021", "Nam nor Nữ"),
        ("001184012345||Nguyễn Thị Lan|15031984|Nữ||10082021", "address"),
        ("001184012345||Nguyễn Thị Lan|15031984|Nữ|Hà Nội|1008202", "issue date"),
        ("001184012345||Nguyễn Thị Lan|15031984|Nữ|Hà Nội|10081980", "before the date of birth"),
        ("001184012345||12345|15031984|Nữ|Hà Nội|10082021", "name"),
    ],
)
def test_anything_but_an_id_card_is_rejected_with_a_reason(payload, reason_part):
    result = parse_cccd_qr(payload)
    assert isinstance(result, QrRejection)
    assert reason_part in result.reason


def test_a_rejection_never_repeats_the_payload():
    result = parse_cccd_qr("001184012345||Nguyễn Thị Lan|31021984|Nữ|Hà Nội|10082021")
    assert isinstance(result, QrRejection)
    assert "Nguyễn" not in result.reason and "001184012345" not in result.reason


def test_id_numbers_on_paper_show_only_the_first_and_last_three_digits():
    assert mask_id_number("001184012345") == "001******345"
