"""What the resident's session tells the audit trail: each procedure begun, completed or
abandoned (with why, where and after how long), each submission queued or not, each receipt
printed or not; in step with the operator's counts, and with nothing of the resident."""

from __future__ import annotations

import pytest

from kiosk.audit import AuditEvent
from kiosk.procedures import Catalogue
from kiosk.session import KioskSession, Screen
from kiosk.text import Message
from tests.audit_trail import AuditLog
from tests.fake_clock import FakeClock

from .test_session import TAM_TRU, answer_all, identity, to_identify


@pytest.fixture
def log(clock: FakeClock) -> AuditLog:
    return AuditLog(clock)


@pytest.fixture
def session(catalogue: Catalogue, clock: FakeClock, log: AuditLog) -> KioskSession:
    return KioskSession(catalogue=catalogue, clock=clock, kiosk_id="HN-TEST-1", audit=log)


def submit(session: KioskSession, clock: FakeClock) -> None:
    to_identify(session)
    clock.advance(60)
    session.card_read(identity())
    answer_all(session)
    clock.advance(90)
    session.submit()


def test_a_completed_visit_is_started_queued_and_completed(
    session: KioskSession, log: AuditLog, clock: FakeClock
):
    submit(session, clock)
    assert log.events() == ["session.started"]
    session.submitted()
    session.finish()  # after the confirmation: nothing is abandoned

    assert session.counts.completed == 1 and session.counts.abandoned == 0
    assert log.fields()[1:] == [
        {
            "event": "submission.queued",
            "submission": log.of(AuditEvent.SUBMISSION_QUEUED)[0]["submission"],
            "procedure": TAM_TRU,
            "procedure_version": 2,
            "count": 0,
        },
        {"event": "session.completed", "procedure": TAM_TRU, "duration_s": 150.0},
    ]


def test_the_queued_entry_names_the_submission_by_its_local_id_not_its_tracking_code(
    session: KioskSession, log: AuditLog, clock: FakeClock
):
    submit(session, clock)
    submission = session.submission
    assert submission is not None
    session.submitted()
    (queued,) = log.of(AuditEvent.SUBMISSION_QUEUED)
    assert queued["submission"] == submission.local_id
    assert submission.tracking_code not in str(log.entries)


def test_finish_before_submitting_abandons_where_the_resident_was(
    session: KioskSession, log: AuditLog, clock: FakeClock
):
    to_identify(session)
    clock.advance(42)
    session.finish()
    assert log.fields() == [
        {"event": "session.started"},
        {
            "event": "session.abandoned",
            "reason": "finished",
            "screen": "identify",
            "procedure": TAM_TRU,
            "duration_s": 42.0,
        },
    ]


def test_declining_consent_abandons_as_declined(session: KioskSession, log: AuditLog):
    session.start()
    session.choose_procedure(TAM_TRU)
    session.begin()
    session.consent(False)
    (abandoned,) = log.of(AuditEvent.SESSION_ABANDONED)
    assert abandoned["reason"] == "declined" and abandoned["screen"] == "consent"
    assert session.screen is Screen.HOME


def test_inactivity_abandons_as_idle_after_the_countdown(
    session: KioskSession, log: AuditLog, clock: FakeClock
):
    to_identify(session)
    session.card_read(identity())
    clock.advance(121)
    assert session.expire_if_idle()
    (abandoned,) = log.of(AuditEvent.SESSION_ABANDONED)
    assert abandoned == {
        "event": "session.abandoned",
        "kiosk": "HN-TEST-1",
        "ts": "2026-11-23T03:02:01.000Z",
        "reason": "idle",
        "screen": "question",
        "procedure": TAM_TRU,
        "duration_s": 121.0,
    }


def test_going_home_and_starting_again_abandons_the_first_as_left(
    session: KioskSession, log: AuditLog
):
    session.start()
    session.back()  # the catalogue → home, without Finish
    session.start()
    assert log.events() == ["session.started", "session.abandoned", "session.started"]
    (abandoned,) = log.of(AuditEvent.SESSION_ABANDONED)
    assert abandoned["reason"] == "left" and "procedure" not in abandoned


def test_a_failed_queue_is_recorded_and_the_visit_stays_open(
    session: KioskSession, log: AuditLog, clock: FakeClock
):
    submit(session, clock)
    session.submit_failed(Message("lỗi", "fault"))
    assert log.fields()[-1] == {"event": "submission.queue_failed", "procedure": TAM_TRU}
    session.submit()
    session.submitted()
    assert log.events()[-2:] == ["submission.queued", "session.completed"]


def test_the_look_up_is_not_audited_as_a_visit(session: KioskSession, log: AuditLog):
    session.look_up()
    session.finish()
    assert log.entries == []


def test_each_receipt_is_printed_or_failed_with_its_try(
    session: KioskSession, log: AuditLog, clock: FakeClock
):
    submit(session, clock)
    session.submitted()
    submission = session.submission
    assert submission is not None
    local_id = submission.local_id

    assert session.receipt.start(local_id)
    session.receipt.finished(local_id, printed=False)
    assert session.receipt.start(local_id)
    session.receipt.finished(local_id, printed=True)

    assert log.fields()[-2:] == [
        {"event": "receipt.failed", "submission": local_id, "attempts": 1},
        {"event": "receipt.printed", "submission": local_id, "attempts": 2},
    ]


def test_a_print_that_ends_after_the_visit_is_not_recorded(
    session: KioskSession, log: AuditLog, clock: FakeClock
):
    submit(session, clock)
    session.submitted()
    submission = session.submission
    assert submission is not None
    session.receipt.start(submission.local_id)
    session.finish()
    assert not session.receipt.finished(submission.local_id, printed=True)
    assert "receipt.printed" not in log.events()


def test_the_audit_counts_agree_with_the_operator_counts(
    session: KioskSession, log: AuditLog, clock: FakeClock
):
    submit(session, clock)
    session.submitted()
    session.finish()
    to_identify(session)
    session.finish()
    session.start()
    session.start()
    clock.advance(200)
    session.expire_if_idle()

    counts = session.counts
    assert len(log.of(AuditEvent.SESSION_STARTED)) == counts.started == 4
    assert len(log.of(AuditEvent.SESSION_COMPLETED)) == counts.completed == 1
    assert len(log.of(AuditEvent.SESSION_ABANDONED)) == counts.abandoned == 3


def test_starting_over_abandons_as_started_over_and_wipes(
    session: KioskSession, log: AuditLog, clock: FakeClock
):
    to_identify(session)
    session.card_read(identity())
    clock.advance(30)
    session.start_over()
    (abandoned,) = log.of(AuditEvent.SESSION_ABANDONED)
    assert abandoned["reason"] == "started_over" and abandoned["screen"] == "question"
    assert session.screen is Screen.HOME and session.identity is None
    assert session.counts.abandoned == 1
