"""The resident's session as a state machine, without any screen."""

import pytest

from kiosk.cccd_qr import CitizenIdentity, QrRejection, parse_cccd_qr
from kiosk.session import NOT_AN_ID_CARD, InvalidTransitionError, KioskSession, Screen
from tests.result_choices import past_result_choices

from .test_cccd_qr import CARD_2021

TAM_TRU = "dang-ky-tam-tru"


def identity() -> CitizenIdentity:
    result = parse_cccd_qr(CARD_2021)
    assert isinstance(result, CitizenIdentity)
    return result


def to_identify(session: KioskSession) -> None:
    session.start()
    session.choose_procedure(TAM_TRU)
    session.begin()
    session.consent(True)
    assert session.screen is Screen.IDENTIFY


def answer_all(session: KioskSession, housing: str = "rent") -> None:
    assert session.answer("Căn 1205, Tòa A, Phường Láng") is None
    assert session.answer("12") is None
    assert session.answer(housing) is None
    if housing == "rent":
        assert session.answer("Trần Văn Hùng") is None
    assert session.answer("0912345678") is None
    past_result_choices(session)


def test_card_data_fills_the_form_and_is_not_asked_again(session):
    to_identify(session)
    session.card_read(identity())
    assert session.screen is Screen.QUESTION
    asked = []
    while session.screen is Screen.QUESTION:
        asked.append(session.question_id)
        q = session.current_question
        value = {"stay_months": "6", "housing_basis": "relative", "phone": "0912345678"}
        session.answer(value.get(q.id, "Căn 1205, Tòa A"))
    assert asked == ["stay_address", "stay_months", "housing_basis", "phone"]
    assert session.screen is Screen.NOTIFY  # the procedure offers news by SMS or Zalo
    past_result_choices(session)
    assert session.screen is Screen.REVIEW


def test_typing_instead_of_the_card_asks_the_identity_questions_first(session):
    to_identify(session)
    session.type_instead()
    assert session.question_id == "full_name"
    assert session.progress == (1, 9)


def test_a_qr_that_is_not_an_id_card_keeps_the_resident_on_identify_with_a_message(session):
    to_identify(session)
    session.card_read(QrRejection("payload is a web address, not an ID card"))
    assert session.screen is Screen.IDENTIFY
    assert session.error == NOT_AN_ID_CARD
    assert session.identity is None


def test_a_late_card_read_after_moving_on_is_ignored(session):
    to_identify(session)
    session.type_instead()
    session.card_read(identity())
    assert session.identity is None
    assert session.question_id == "full_name"


def test_a_wrong_answer_stays_on_the_question_and_says_how_to_fix_it(session):
    to_identify(session)
    session.card_read(identity())
    session.answer("Căn 1205")
    invalid = session.answer("40")
    assert invalid is not None
    assert session.question_id == "stay_months"
    assert "1 đến 24" in session.error.vi and "1 to 24" in session.error.en


def test_going_back_never_loses_an_answer(session):
    to_identify(session)
    session.card_read(identity())
    session.answer("Căn 1205")
    session.answer("12")
    session.back()
    session.back()
    assert session.question_id == "stay_address"
    assert session.answers == {"stay_address": "Căn 1205", "stay_months": "12"}
    session.back()
    assert session.screen is Screen.IDENTIFY


def test_change_on_the_review_returns_to_the_review(session):
    to_identify(session)
    session.card_read(identity())
    answer_all(session)
    session.change("stay_months")
    assert session.question_id == "stay_months"
    session.answer("3")
    assert session.screen is Screen.REVIEW
    assert session.answers["stay_months"] == "3"


def test_a_change_that_reveals_a_question_asks_it_before_the_review(session):
    to_identify(session)
    session.card_read(identity())
    answer_all(session, housing="relative")
    session.change("housing_basis")
    session.answer("rent")
    assert session.question_id == "landlord_name"
    session.answer("Trần Văn Hùng")
    assert session.screen is Screen.REVIEW


def test_stale_answers_of_hidden_questions_are_not_submitted(session):
    to_identify(session)
    session.card_read(identity())
    answer_all(session, housing="rent")
    session.change("housing_basis")
    session.answer("relative")
    assert session.screen is Screen.REVIEW
    submission = session.submit()
    assert "landlord_name" not in submission.answers
    assert submission.answers["housing_basis"] == "relative"


def test_the_submission_carries_card_data_procedure_version_and_a_tracking_code(session):
    to_identify(session)
    session.card_read(identity())
    answer_all(session)
    submission = session.submit()
    assert session.screen is Screen.SUBMITTING
    assert submission.procedure_code == TAM_TRU
    assert submission.procedure_version == 2
    assert submission.applicant["id_number"] == "001184012345"
    assert submission.applicant["source"] == "cccd_qr"
    assert submission.answers["phone"] == "0912345678"
    assert len(submission.local_id) == 26
    assert submission.tracking_code.startswith("HN-")
    session.submitted()
    assert session.screen.value == Screen.CONFIRMATION.value


def test_the_review_shows_the_id_number_masked_and_card_data_unchangeable(session):
    to_identify(session)
    session.card_read(identity())
    answer_all(session)
    rows = {r.question_id: r for r in session.review_rows("vi")}
    assert rows["id_number"].value == "001******345"
    assert not rows["full_name"].changeable
    assert rows["sex"].value == "Nữ"
    assert rows["housing_basis"].value == "Thuê nhà"
    assert rows["phone"].changeable


def test_a_failed_queue_returns_to_the_review_with_the_answers_kept(session):
    from kiosk.text import Message

    to_identify(session)
    session.card_read(identity())
    answer_all(session)
    session.submit()
    session.submit_failed(Message("lỗi", "fault"))
    assert session.screen is Screen.REVIEW
    assert session.error == Message("lỗi", "fault")
    assert session.answers["phone"] == "0912345678"


def test_finish_wipes_everything_personal(session):
    to_identify(session)
    session.card_read(identity())
    answer_all(session)
    session.submit()
    session.submitted()
    session.finish()
    assert session.screen is Screen.HOME
    assert session.identity is None and session.answers == {} and session.submission is None


def test_declining_consent_goes_home_with_nothing_kept(session):
    session.start()
    session.choose_procedure(TAM_TRU)
    session.begin()
    session.consent(False)
    assert session.screen is Screen.HOME
    assert session.procedure is None


def test_inactivity_shows_a_countdown_then_wipes_the_session(session, clock):
    to_identify(session)
    session.card_read(identity())
    clock.advance(89)
    assert session.idle_state().countdown_s is None
    clock.advance(11)
    state = session.idle_state()
    assert state.countdown_s == pytest.approx(20) and not state.expired
    session.touched()
    assert session.idle_state().countdown_s is None
    clock.advance(120)
    assert session.expire_if_idle()
    assert session.screen is Screen.HOME and session.identity is None


def test_the_home_screen_never_times_out(session, clock):
    clock.advance(10_000)
    assert session.idle_state().countdown_s is None


def test_an_action_on_the_wrong_screen_is_a_bug(session):
    with pytest.raises(InvalidTransitionError):
        session.submit()
