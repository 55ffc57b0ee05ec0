"""Every shipped procedure, filled with answers hypothesis picks: the conditional logic holds
whatever is chosen, photos travel by hash, and fees follow the answers."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.answers import check_answer
from kiosk.procedure_file import procedure_documents, procedures_from_documents
from kiosk.procedures import (
    MULTI_SEPARATOR,
    Catalogue,
    CatalogueError,
    Condition,
    DateWhen,
    PageFee,
    Question,
    QuestionType,
)
from kiosk.result_delivery import (
    DeliveryMethod,
    NotificationChannel,
    NotificationConsent,
    ResultDelivery,
)
from kiosk.session import MAX_PAGES, TOO_MANY_PAGES, KioskSession, Screen
from kiosk.settings import CONFIG_DIR
from tests.fake_clock import FakeClock

from .test_session import identity

SHIPPED = Catalogue.load(CONFIG_DIR / "procedures")
CODES = [p.code for p in SHIPPED.procedures]

_TYPED: dict[QuestionType, str] = {
    QuestionType.TEXT: "Phường Láng",
    QuestionType.LONG_TEXT: "Số 1 phố Huế, Hà Nội",
    QuestionType.NAME: "Nguyễn Văn An",
    QuestionType.PHONE: "0912345678",
    QuestionType.EMAIL: "an@example.vn",
    QuestionType.CCCD: "001200012345",  # a man born in 2000: matches the dates below
}


def _answer_for(q: Question, data: st.DataObject, session: KioskSession) -> str:
    """A valid answer to ``q``, the choices drawn by hypothesis."""
    if q.type in (QuestionType.CHOICE, QuestionType.YES_NO):
        return data.draw(st.sampled_from([c.value for c in q.options]), label=q.id)
    if q.type is QuestionType.MULTI_CHOICE:
        values = [c.value for c in q.options]
        picked = data.draw(st.sets(st.sampled_from(values), min_size=1), label=q.id)
        return MULTI_SEPARATOR.join(v for v in values if v in picked)
    if q.type is QuestionType.ATTACHMENT:
        if not q.required and data.draw(st.booleans(), label=f"skip {q.id}"):
            return ""
        assert session.add_page(f"page of {q.id}".encode())
        return session.attach_document(f"%PDF one page of {q.id}".encode())
    if q.type is QuestionType.NUMBER:
        return str(q.min_value if q.min_value is not None else 1)
    if q.type is QuestionType.DATE:
        return "01/01/2030" if q.when is DateWhen.FUTURE else "01/01/2000"
    if q.type is QuestionType.CCCD and not q.required:
        return data.draw(st.sampled_from(["", _TYPED[q.type]]), label=q.id)
    return _TYPED[q.type]


def _holds(session: KioskSession, condition: Condition) -> bool:
    """Whether a condition holds on a question that is itself shown."""
    procedure = session.procedure
    assert procedure is not None
    target = procedure.question(condition.question_id)
    answer = session.answers.get(target.id)
    picked = (answer or "").split(MULTI_SEPARATOR)
    holds = answer is not None and any(v in condition.values for v in picked)
    return _shown_by_rule(session, target) and holds


def _from_card_by_rule(session: KioskSession, q: Question) -> bool:
    """A part of a person who is the resident (``is_applicant_if`` holds): the card's."""
    return (
        q.applicant_if is not None
        and _holds(session, q.applicant_if)
        and (q.show_if is None or _holds(session, q.show_if))
    )


def _shown_by_rule(session: KioskSession, q: Question) -> bool:
    """What the procedure file says: not on the card, and its condition (if any) holds on a
    question that is itself shown."""
    if q.identity is not None or _from_card_by_rule(session, q):
        return False  # known from the card
    return q.show_if is None or _holds(session, q.show_if)


def _result_choices(
    session: KioskSession, data: st.DataObject
) -> tuple[ResultDelivery | None, NotificationConsent | None]:
    """Any way of receiving the result the procedure offers, and news or none, as the
    resident might choose on the two screens after the questions."""
    procedure = session.procedure
    assert procedure is not None
    if session.screen is Screen.DELIVERY:
        method = data.draw(st.sampled_from(procedure.delivery_methods))
        address = "Số 1 phố Láng Hạ, Phường Láng" if method is DeliveryMethod.POST else ""
        assert session.choose_delivery(method, address), session.error
        delivery = ResultDelivery(method, address)
    else:  # one way only: it goes without asking
        assert len(procedure.delivery_methods) == 1
        delivery = ResultDelivery(procedure.delivery_methods[0])
    consent = None
    if session.screen is Screen.NOTIFY:
        if data.draw(st.booleans()):
            channel = data.draw(st.sampled_from(NotificationChannel))
            assert session.agree_to_notify(channel, "0912 345 678"), session.error
            consent = NotificationConsent(channel, "0912345678", session.clock())
        else:
            session.decline_to_notify()
    return delivery, consent


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_whatever_is_chosen_exactly_the_questions_shown_are_asked_and_submitted(code, data):
    session = KioskSession(catalogue=SHIPPED, clock=FakeClock(), kiosk_id="HN-TEST-1")
    session.start()
    session.choose_procedure(code)
    session.begin()
    session.consent(True)
    session.card_read(identity())
    asked: list[str] = []
    while session.screen is Screen.QUESTION:
        q = session.current_question
        assert q is not None and q.id not in asked
        asked.append(q.id)
        assert session.answer(_answer_for(q, data, session)) is None, session.error
    delivery, consent = _result_choices(session, data)
    assert session.screen is Screen.REVIEW
    procedure = session.procedure
    assert procedure is not None
    expected = [q.id for q in procedure.questions if _shown_by_rule(session, q)]
    assert asked == expected
    from_card = {q.id for q in procedure.questions if _from_card_by_rule(session, q)}

    submission = session.submit()
    assert submission.result_delivery == delivery
    assert submission.notification == consent
    submitted: set[str] = set()
    for key, value in submission.answers.items():
        if isinstance(value, dict):
            submitted |= {f"{key}.{part}" for part in value}
        else:
            submitted.add(key)
    assert submitted == set(expected) | from_card
    card = identity()
    for question_id in from_card:
        group, part = question_id.split(".")
        assert (
            submission.answers[group][part]
            == {
                "full_name": card.full_name,
                "date_of_birth": card.date_of_birth.isoformat(),
                "id_number": card.id_number,
            }[part]
        )
    photos = [
        session.answers[q]
        for q in expected
        if procedure.question(q).type is QuestionType.ATTACHMENT and session.answers[q]
    ]
    assert list(submission.attachments) == photos
    files = session.submission_files()
    assert {hashlib.sha256(c).hexdigest() for c in files.values()} == set(photos) == set(files)


def at_the_birth_notice(clock: FakeClock) -> KioskSession:
    """A birth registration from the card, answered up to its paper, the birth notice."""
    session = KioskSession(catalogue=SHIPPED, clock=clock, kiosk_id="HN-TEST-1")
    session.start()
    session.choose_procedure("dang-ky-khai-sinh")
    session.begin()
    session.consent(True)
    session.card_read(identity())
    for answer in ("mother", "Nguyễn Minh An", "01/10/2026", "male", "Kinh", "Bạch Mai"):
        assert session.answer(answer) is None
    assert session.question_id == "birth_notice"
    return session


def test_a_photo_answer_must_be_the_photo_taken_for_that_question(clock):
    session = at_the_birth_notice(clock)
    assert session.answer("") is not None  # required: no photo, no way on
    assert session.answer("a" * 64) is not None  # a hash of nothing taken here
    assert session.error is not None and "Chụp ảnh" in session.error.vi
    assert session.add_page(b"the birth notice, page 1")
    assert session.add_page(b"the birth notice, page 2")
    sha = session.attach_document(b"%PDF the birth notice")
    assert session.answer(sha) is None
    session.finish()
    assert session.photos == {} and session.papers == {}  # they go with the session


@given(st.text(max_size=80))
def test_an_attachment_answer_is_a_sha256_or_refused(text):
    q = Question("p", QuestionType.ATTACHMENT, SHIPPED.procedures[0].name)
    result = check_answer(q, text, clock_today())
    ok = len(text.strip()) == 64 and all(c in "0123456789abcdef" for c in text.strip())
    assert isinstance(result, str) == ok


def clock_today() -> date:
    return FakeClock()().date()


@pytest.mark.parametrize(
    ("pages", "copies", "fee"),
    [
        ("1", "1", 2_000),
        ("2", "1", 4_000),
        ("5", "3", 21_000),
        ("400", "2", 400_000),
        ("", "", 2_000),
    ],
)
def test_certified_copies_cost_by_the_page_with_a_cap_per_copy(pages, copies, fee):
    procedure = SHIPPED.get("chung-thuc-ban-sao")
    assert procedure is not None
    assert procedure.fee_for({"pages": pages, "copies": copies}) == fee


@given(st.integers(0, 1000), st.integers(1, 60))
def test_the_page_fee_grows_with_pages_and_copies_and_respects_the_cap(pages, copies):
    fee = PageFee("pages", 2, 2000, 1000, 200_000, "copies")
    one = fee.fee({"pages": str(pages), "copies": "1"})
    more = fee.fee({"pages": str(pages + 1), "copies": "1"})
    assert one is not None and more is not None and one <= more <= 200_000
    assert fee.fee({"pages": str(pages), "copies": str(copies)}) == one * copies


def _documents() -> list[dict[str, Any]]:
    return procedure_documents(CONFIG_DIR / "procedures")


def test_documents_as_the_portal_serves_them_load_like_the_files():
    loaded = procedures_from_documents(_documents(), CONFIG_DIR, "catalogue from the portal")
    assert sorted((p.code, p.version) for p in loaded) == sorted(
        (p.code, p.version) for p in SHIPPED.procedures
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda docs: docs[0].pop("code"), "procedures[0]: key 'code'"),
        (lambda docs: docs.append(dict(docs[0])), "two procedures share one code"),
        (lambda docs: docs[1].update(fee_vnd=-5), "procedures[1]: key 'fee_vnd'"),
        (lambda docs: docs[2]["questions"].clear(), "procedures[2]: key 'questions'"),
    ],
)
def test_a_bad_catalogue_is_refused_naming_the_procedure_and_key(change, reason):
    docs = _documents()
    change(docs)
    with pytest.raises(CatalogueError, match=reason.replace("[", r"\[").replace("]", r"\]")):
        procedures_from_documents(docs, CONFIG_DIR, "catalogue from the portal")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_JSON)
def test_no_document_crashes_the_catalogue_loader(documents):
    """Random JSON is refused with a CatalogueError that names where it came from, never
    another exception (a list of tables that happen to be valid is impossible here)."""
    with pytest.raises(CatalogueError, match="fuzz"):
        procedures_from_documents(documents, CONFIG_DIR, "fuzz")


@given(st.sampled_from(["code", "version", "questions", "name_vi", "fee_rules", "page_fee"]), _JSON)
def test_a_procedure_with_any_key_replaced_loads_or_is_refused_with_a_reason(key, value):
    docs = _documents()[:1]
    docs[0][key] = value
    try:
        procedures_from_documents(docs, CONFIG_DIR, "fuzz")
    except CatalogueError as exc:
        assert "fuzz" in str(exc)


def test_a_papers_pages_are_kept_in_order_replaced_deleted_and_limited() -> None:
    session = at_the_birth_notice(FakeClock())
    assert [p.name.vi for p in session.papers_status() if p.question_id == "birth_notice"]
    assert session.add_page(b"page 1") and session.add_page(b"page 2")
    assert session.add_page(b"page 1 again", replacing=0)
    assert [p.content for p in session.pages("birth_notice")] == [b"page 1 again", b"page 2"]
    sha = session.attach_document(b"%PDF two pages")
    assert session.answer(sha) is None
    session.back()
    session.delete_page(1)  # a page changed: the file and the answer made of the old go
    assert session.photo("birth_notice") is None and "birth_notice" not in session.answers
    while len(session.pages("birth_notice")) < MAX_PAGES:
        assert session.add_page(b"another page")
    assert not session.add_page(b"one too many")
    assert session.error is TOO_MANY_PAGES and len(session.pages("birth_notice")) == MAX_PAGES
    status = {p.question_id: p for p in session.papers_status()}
    assert status["birth_notice"].pages == MAX_PAGES and status["birth_notice"].required
