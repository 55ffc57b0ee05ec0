"""What the ID card holds is never asked; on the check page the permanent address (which
the card keeps when its holder moves) may be corrected, the other card facts may not."""

from __future__ import annotations

import tomllib

import pytest

from kiosk.procedure_file import procedures_from_documents
from kiosk.procedures import CatalogueError
from kiosk.session import KioskSession, Screen
from kiosk.settings import CONFIG_DIR
from tests.result_choices import past_result_choices, screen_now

from .test_session import answer_all, identity, to_identify

KHAI_SINH_FILE = CONFIG_DIR / "procedures" / "dang-ky-khai-sinh.toml"
MOVED_TO = "Số 7 ngõ 15 phố Chùa Bộc, Phường Kim Liên, Hà Nội"


def _at_review(session: KioskSession) -> None:
    to_identify(session)
    session.card_read(identity())
    answer_all(session)
    assert session.screen is Screen.REVIEW


def test_no_card_fact_is_asked_and_only_the_address_can_be_changed(
    session: KioskSession,
) -> None:
    _at_review(session)

    rows = {r.question_id: r for r in session.review_rows("vi")}
    card = ("full_name", "id_number", "date_of_birth", "sex", "permanent_address")
    assert all(q.id not in card for q in session.visible_questions)
    assert {q for q in card if rows[q].changeable} == {"permanent_address"}
    assert rows["permanent_address"].value == identity().address


def test_the_corrected_address_goes_as_an_answer_beside_the_cards(
    session: KioskSession,
) -> None:
    _at_review(session)

    session.change("permanent_address")
    assert session.screen is Screen.QUESTION
    assert session.question_id == "permanent_address"
    assert session.answer(MOVED_TO) is None
    assert screen_now(session) is Screen.REVIEW  # straight back to the check page

    rows = {r.question_id: r for r in session.review_rows("vi")}
    assert rows["permanent_address"].value == MOVED_TO
    submission = session.submit()
    assert submission.applicant["address"] == identity().address  # as the card says
    assert submission.answers["permanent_address"] == MOVED_TO  # as the resident says


def test_back_from_correcting_the_address_returns_to_the_check_page(
    session: KioskSession,
) -> None:
    _at_review(session)

    session.change("permanent_address")
    session.back()

    assert session.screen is Screen.REVIEW
    assert "permanent_address" not in session.answers
    assert "permanent_address" not in session.submit().answers


def _birth_registration(session: KioskSession, relationship: str) -> list[str]:
    """A birth registration from the card, the resident the child's ``relationship``: the
    questions asked, answered plainly, up to the check page."""
    session.start()
    session.choose_procedure("dang-ky-khai-sinh")
    session.begin()
    session.consent(True)
    session.card_read(identity())
    plain = {
        "relationship": relationship,
        "child_name": "Nguyễn Minh An",
        "child_date_of_birth": "01/10/2026",
        "child_sex": "male",
        "child_ethnicity": "Kinh",
        "birth_place": "Bệnh viện Bạch Mai",
        "mother.full_name": "Trần Thị Hoa",
        "mother.date_of_birth": "02/02/1990",
        "mother.id_number": "",
        "father_known": "no",
        "phone": "0912345678",
    }
    asked = []
    while session.screen is Screen.QUESTION:
        question_id = session.question_id
        assert question_id is not None
        asked.append(question_id)
        if question_id == "birth_notice":
            assert session.add_page(b"page")
            answer = session.attach_document(b"%PDF")
        else:
            answer = plain[question_id]
        assert session.answer(answer) is None, session.error
    past_result_choices(session)
    return asked


def test_a_mother_registering_her_child_is_not_asked_her_own_details(
    session: KioskSession,
) -> None:
    asked = _birth_registration(session, "mother")

    assert not any(q.startswith("mother.") for q in asked)
    card = identity()
    rows = {r.question_id: r for r in session.review_rows("vi")}
    assert rows["mother.full_name"].value == card.full_name
    assert rows["mother.full_name"].label.vi == "Thông tin người mẹ — Họ và tên"
    assert not rows["mother.full_name"].changeable
    assert rows["mother.id_number"].value.count("*") == 6  # masked, as the card's own row
    mother = session.submit().answers["mother"]
    assert mother == {
        "full_name": card.full_name,
        "date_of_birth": card.date_of_birth.isoformat(),
        "id_number": card.id_number,
    }


def test_a_grandparent_registering_types_the_mothers_details(session: KioskSession) -> None:
    asked = _birth_registration(session, "grandparent")

    assert [q for q in asked if q.startswith("mother.")] == [
        "mother.full_name",
        "mother.date_of_birth",
        "mother.id_number",
    ]
    assert session.submit().answers["mother"]["full_name"] == "Trần Thị Hoa"


@pytest.mark.parametrize(
    ("condition", "why"),
    [
        ('{ question = "later", equals = "x" }', "must name an earlier question"),
        ('{ question = "relationship", equals = "aunt" }', "never has the value"),
    ],
)
def test_is_applicant_if_must_name_an_earlier_answer_that_can_be(condition: str, why: str) -> None:
    text = KHAI_SINH_FILE.read_text(encoding="utf-8").replace(
        'is_applicant_if = { question = "relationship", equals = "mother" }',
        f"is_applicant_if = {condition}",
    )
    with pytest.raises(
        CatalogueError, match=rf"questions\.mother\.full_name\.is_applicant_if.*{why}"
    ):
        procedures_from_documents([tomllib.loads(text)], CONFIG_DIR, "p.toml")
