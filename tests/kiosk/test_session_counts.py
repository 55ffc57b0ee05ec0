"""The session's counts for the operator: procedures started, completed and abandoned,
submissions, and receipts printed or failed; nothing personal, and not wiped with the visit."""

from kiosk.receipt_printing import ReceiptPrinting
from kiosk.session import KioskSession, SessionCounts
from kiosk.text import Message

from .test_session import TAM_TRU, answer_all, identity, to_identify


def submit(session: KioskSession) -> None:
    to_identify(session)
    session.card_read(identity())
    answer_all(session)
    session.submit()


def test_a_fresh_session_has_counted_nothing(session):
    assert session.counts == SessionCounts()


def test_a_queued_submission_is_a_completed_session_and_finish_does_not_abandon_it(session):
    submit(session)
    session.submitted()
    session.finish()
    assert session.counts == SessionCounts(started=1, completed=1, abandoned=0, submissions=1)


def test_finish_before_the_confirmation_abandons_the_session(session):
    to_identify(session)
    session.finish()
    assert session.counts == SessionCounts(started=1, abandoned=1)


def test_declined_consent_abandons_the_session(session):
    session.start()
    session.choose_procedure(TAM_TRU)
    session.begin()
    session.consent(False)
    assert session.counts == SessionCounts(started=1, abandoned=1)


def test_inactivity_abandons_the_session(session, clock):
    to_identify(session)
    clock.advance(121)
    assert session.expire_if_idle()
    assert session.counts == SessionCounts(started=1, abandoned=1)


def test_a_failed_queue_counts_the_submission_and_a_later_finish_abandons(session):
    submit(session)
    session.submit_failed(Message("lỗi", "fault"))
    session.submit()
    session.submit_failed(Message("lỗi", "fault"))
    session.finish()
    assert session.counts == SessionCounts(started=1, abandoned=1, submissions=2)


def test_starting_again_from_the_catalogue_abandons_the_open_session(session):
    session.start()
    session.start()
    assert session.counts == SessionCounts(started=2, abandoned=1)


def test_the_look_up_is_not_a_procedure_session(session):
    session.look_up()
    session.finish()
    assert session.counts == SessionCounts()


def test_finish_on_home_counts_nothing(session):
    session.finish()
    session.finish()
    assert session.counts == SessionCounts()


def test_the_counts_survive_the_wipe_and_sum_over_visits(session):
    submit(session)
    session.submitted()
    session.finish()
    to_identify(session)
    session.finish()
    assert session.counts == SessionCounts(started=2, completed=1, abandoned=1, submissions=1)
    assert session.identity is None and session.answers == {}


def test_receipts_printed_and_failed_are_counted_and_kept_after_forget():
    printing = ReceiptPrinting()
    printing.start("A")
    printing.finished("A", printed=False)
    printing.start("A")
    printing.finished("A", printed=True)
    printing.forget()
    printing.start("B")
    assert not printing.finished("C", printed=True)  # not the one awaited: not counted
    printing.forget()
    assert not printing.finished("B", printed=False)  # the session ended: not counted
    assert (printing.printed_count, printing.failed_count) == (1, 1)
