"""The forms engine on a procedure written for the test: groups, conditions, fees, checks."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cccd_number import id_number_conflict, read_id_number
from kiosk.cccd_qr import Sex
from kiosk.procedure_file import load_procedure
from kiosk.procedures import Catalogue, CatalogueError, QuestionType
from kiosk.session import KioskSession, Screen
from kiosk.text import Message
from tests.fake_clock import FakeClock

PROCEDURE = """
code = "khai-sinh-thu"
version = 3
name_vi = "Đăng ký khai sinh"
name_en = "Birth registration"
summary_vi = "Khai sinh cho con."
summary_en = "Register a child's birth."
area = "ho-tich"
area_name_vi = "Hộ tịch"
area_name_en = "Civil status"
receiving_office_vi = "UBND phường"
receiving_office_en = "Ward office"
fee_vnd = 0
fee_note_vi = "Miễn phí"
fee_note_en = "Free"
processing_time_vi = "Trong ngày"
processing_time_en = "Same day"
result_delivery_vi = "Tại UBND phường"
result_delivery_en = "At the ward office"
online_level = "fully"

[[fee_rules]]
question = "late"
equals = "yes"
fee_vnd = 5000

[[questions]]
id = "child_name"
type = "name"
label_vi = "Họ tên của cháu"
label_en = "The child's name"

[[questions]]
id = "born_on"
type = "date"
label_vi = "Ngày sinh của cháu"
label_en = "The child's date of birth"

[[questions]]
id = "late"
type = "yes_no"
label_vi = "Quá hạn 60 ngày?"
label_en = "More than 60 days late?"

[[questions]]
id = "father"
type = "person"
label_vi = "Cha của cháu"
label_en = "The child's father"

[[questions]]
id = "home"
type = "address"
scope = "hanoi"
label_vi = "Nơi cư trú"
label_en = "Where the child lives"

[[questions]]
id = "copies"
type = "multi_choice"
label_vi = "Ông/Bà cần những bản nào?"
label_en = "Which copies do you need?"
[[questions.choices]]
value = "paper"
label_vi = "Bản giấy"
label_en = "Paper"
[[questions.choices]]
value = "digital"
label_vi = "Bản điện tử"
label_en = "Electronic"

[[questions]]
id = "email"
type = "email"
label_vi = "Thư điện tử"
label_en = "E-mail"
show_if = { question = "copies", in = ["digital"] }
"""
UNITS = """
province = "Thành phố Hà Nội"
[[units]]
name = "Phường Láng"
[[units]]
name = "Phường Ô Chợ Dừa"
"""


@pytest.fixture
def procedure_dir(tmp_path: Path) -> Path:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "units").mkdir()
    (tmp_path / "procedures" / "khai-sinh-thu.toml").write_text(PROCEDURE, encoding="utf-8")
    (tmp_path / "units" / "hanoi.toml").write_text(UNITS, encoding="utf-8")
    return tmp_path / "procedures"


def typing_session(procedure_dir: Path) -> KioskSession:
    """A session at the first question of the test procedure, details typed, not read."""
    s = KioskSession(Catalogue.load(procedure_dir), FakeClock(), "HN-TEST-1")
    s.start()
    s.choose_procedure("khai-sinh-thu")
    s.begin()
    s.consent(True)
    s.type_instead()
    return s


@pytest.fixture
def session(procedure_dir: Path) -> KioskSession:
    return typing_session(procedure_dir)


def answer(s: KioskSession, *values: str) -> None:
    for value in values:
        assert s.answer(value) is None, (s.question_id, s.error)


def test_a_person_and_an_address_are_asked_one_page_per_part(procedure_dir: Path):
    p = Catalogue.load(procedure_dir).get("khai-sinh-thu")
    assert p is not None
    ids = [q.id for q in p.questions]
    assert ids[3:8] == [
        "father.full_name", "father.date_of_birth", "father.id_number", "home.commune",
        "home.street",
    ]  # fmt: skip
    commune = p.question("home.commune")
    assert commune.type is QuestionType.CHOICE
    assert [c.value for c in commune.choices] == ["Phường Láng", "Phường Ô Chợ Dừa"]
    assert p.question("father.full_name").group_label == Message(
        "Cha của cháu", "The child's father"
    )
    assert not p.question("father.id_number").required


def test_group_answers_are_submitted_nested_and_the_fee_follows_the_rules(session):
    child = ("Trần Minh An", "01/11/2026", "yes")
    father = ("Trần Văn Hùng", "02/01/1990", "001090012345")
    answer(session, *child, *father, "Phường Láng", "Số 5 ngõ 7", "paper,digital", "AN@Example.com")
    assert session.screen is Screen.REVIEW
    submission = session.submit()
    assert submission.answers["father"] == {
        "full_name": "Trần Văn Hùng", "date_of_birth": "1990-01-02", "id_number": "001090012345",
    }  # fmt: skip
    assert submission.answers["home"] == {"commune": "Phường Láng", "street": "Số 5 ngõ 7"}
    assert submission.answers["copies"] == "paper,digital"
    assert submission.answers["email"] == "an@example.com"
    assert submission.fee_vnd == 5000
    assert submission.procedure_version == 3


def test_a_fathers_id_number_that_contradicts_his_birth_year_is_refused(session):
    answer(session, "Trần Minh An", "01/11/2026", "no", "Trần Văn Hùng", "02/01/1990")
    invalid = session.answer("001085012345")  # says born in 1985
    assert invalid is not None
    assert "1985" in invalid.message.vi and "02/01/1990" in invalid.message.vi
    assert session.question_id == "father.id_number"
    answer(session, "")  # not known: may be left empty
    assert session.question_id == "home.commune"


def test_a_question_shown_by_a_multiple_choice_appears_and_disappears(session):
    answer(session, "Trần Minh An", "01/11/2026", "no", "Trần Văn Hùng", "02/01/1990", "",
           "Phường Láng", "Số 5", "paper")  # fmt: skip
    assert session.screen is Screen.REVIEW
    session.change("copies")
    answer(session, "digital")
    assert session.question_id == "email"
    answer(session, "an@example.com")
    session.change("copies")
    answer(session, "paper")
    assert "email" not in session.submit().answers


def test_a_birth_date_in_the_future_is_refused_for_a_past_question(session):
    answer(session, "Trần Minh An")
    invalid = session.answer("01/01/2027")
    assert invalid is not None and "chưa đến" in invalid.message.vi


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("001184012345", ("001", Sex.FEMALE, 1984)),
        ("079203001234", ("079", Sex.MALE, 2003)),
        ("034 095 001 234", ("034", Sex.MALE, 1995)),
    ],
)
def test_an_id_number_tells_province_sex_and_birth_year(text, facts):
    read = read_id_number(text, date(2026, 11, 23))
    assert not isinstance(read, Message)
    assert (read.province_code, read.sex, read.birth_year) == facts


@pytest.mark.parametrize("text", ["00118401234", "003184012345", "001299012345", "abcdefghijkl"])
def test_a_malformed_id_number_is_refused_with_a_reason(text):
    assert isinstance(read_id_number(text, date(2026, 11, 23)), Message)


def test_an_id_number_disagreeing_with_the_sex_is_explained():
    facts = read_id_number("001184012345", date(2026, 11, 23))
    assert not isinstance(facts, Message)
    conflict = id_number_conflict(facts, date(1984, 3, 15), Sex.MALE)
    assert conflict is not None and "giới tính" in conflict.vi
    assert id_number_conflict(facts, date(1984, 3, 15), Sex.FEMALE) is None


def test_a_condition_on_a_value_no_one_can_choose_is_refused(tmp_path: Path, procedure_dir: Path):
    text = PROCEDURE.replace('in = ["digital"]', 'in = ["fax"]')
    path = procedure_dir / "khai-sinh-thu.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match="never has the value"):
        load_procedure(path)


def test_an_address_in_hanoi_needs_the_units_list(procedure_dir: Path):
    (procedure_dir.parent / "units" / "hanoi.toml").unlink()
    with pytest.raises(CatalogueError, match="Hanoi units list"):
        Catalogue.load(procedure_dir)


@given(st.from_regex(r"\d{12}", fullmatch=True))
def test_every_twelve_digit_string_is_either_read_or_refused_with_a_message(text):
    read = read_id_number(text, date(2026, 11, 23))
    if not isinstance(read, Message):
        assert read.birth_year <= 2026 and text.startswith(read.province_code)


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # a fresh session per example
@given(st.sets(st.sampled_from(["paper", "digital"])), st.booleans())
def test_the_email_question_is_asked_exactly_when_digital_copies_are_chosen(
    procedure_dir_factory, picked, late
):
    s = procedure_dir_factory()
    answer(s, "Trần Minh An", "01/11/2026", "yes" if late else "no", "Trần Văn Hùng",
           "02/01/1990", "", "Phường Láng", "Số 5")  # fmt: skip
    result = s.answer(",".join(sorted(picked)))
    if not picked:
        assert result is not None  # a required multiple choice needs one pick
        return
    assert (s.question_id == "email") == ("digital" in picked)
    assert (s.screen is Screen.REVIEW) == ("digital" not in picked)


@pytest.fixture
def procedure_dir_factory(procedure_dir: Path):
    def make() -> KioskSession:
        return typing_session(procedure_dir)

    return make
