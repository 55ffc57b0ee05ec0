"""The outbox keeps every submission safe on disk and hands them out oldest first."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest

from sync.outbox import (
    InvalidTransitionError,
    Outbox,
    OutboxConflict,
    OutboxState,
    UnknownRecordError,
)


def test_a_queued_submission_is_found_again_after_reopening_the_file(
    tmp_path, clock, make_submission
):
    path = tmp_path / "outbox.sqlite3"
    submission = make_submission()
    first = Outbox(path, clock=clock)
    record = first.enqueue(submission)
    first.close()

    again = Outbox(path, clock=clock)
    try:
        found = again.get(submission.local_id)
    finally:
        again.close()

    assert found == record
    assert found is not None
    assert found.state is OutboxState.QUEUED
    assert found.attempts == 0
    assert found.payload_json == submission.payload_json()
    assert found.tracking_code == submission.tracking_code
    assert found.created_at == clock.now


def test_the_file_runs_in_wal_mode_with_full_sync_on_every_connection(outbox, make_submission):
    outbox.enqueue(make_submission())
    engine = outbox._engine
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    # WAL is a property of the file itself: a plain sqlite3 connection sees it too.
    raw = sqlite3.connect(outbox.db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_queuing_the_same_submission_twice_keeps_one_row(outbox, make_submission):
    submission = make_submission()
    first = outbox.enqueue(submission)
    second = outbox.enqueue(submission)
    assert second == first
    assert outbox.counts()["queued"] == 1


def test_same_local_id_with_a_different_payload_is_a_conflict(outbox, make_submission):
    submission = make_submission()
    outbox.enqueue(submission)
    with pytest.raises(OutboxConflict):
        outbox.enqueue(replace(submission, answers={"reason": "something else"}))
    assert outbox.get(submission.local_id).payload_json == submission.payload_json()


def test_a_tracking_code_cannot_be_reused_by_another_submission(outbox, make_submission):
    first = make_submission()
    outbox.enqueue(first)
    with pytest.raises(OutboxConflict):
        outbox.enqueue(make_submission(tracking_code=first.tracking_code))


def test_claim_next_hands_out_the_oldest_first_and_marks_it_sending(outbox, clock, make_submission):
    first, second, third = make_submission(), make_submission(), make_submission()
    for submission in (first, second, third):
        outbox.enqueue(submission)
        clock.advance(1)
    claimed = [outbox.claim_next() for _ in range(3)]
    assert [c.local_id for c in claimed] == [first.local_id, second.local_id, third.local_id]
    assert all(c.state is OutboxState.SENDING for c in claimed)
    assert outbox.claim_next() is None
    assert outbox.counts() == {"queued": 0, "sending": 3, "accepted": 0, "failed": 0}


def test_submissions_queued_in_the_same_instant_go_in_ulid_order(outbox, make_submission):
    older, newer = make_submission(), make_submission()
    outbox.enqueue(newer)
    outbox.enqueue(older)  # same queue time (the clock did not move): the ULID decides
    assert outbox.claim_next().local_id == older.local_id


def test_claim_next_skips_items_whose_retry_is_not_yet_due(outbox, clock, make_submission):
    first, second = make_submission(), make_submission()
    outbox.enqueue(first)
    clock.advance(1)
    outbox.enqueue(second)
    outbox.claim_next()
    outbox.mark_retry(first.local_id, "HTTP 503", clock.now + timedelta(seconds=30))

    assert outbox.claim_next().local_id == second.local_id
    assert outbox.claim_next() is None
    clock.advance(30)
    again = outbox.claim_next()
    assert again.local_id == first.local_id
    assert again.attempts == 1


def test_a_retry_goes_back_to_queued_with_one_more_attempt_and_the_error(
    outbox, clock, make_submission
):
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()
    due = clock.now + timedelta(seconds=10)
    outbox.mark_retry(submission.local_id, "HTTP 503: Service Unavailable", due)
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.attempts == 1
    assert record.last_error == "HTTP 503: Service Unavailable"
    assert record.next_attempt_at == due


def test_accepted_keeps_the_dossier_code(outbox, make_submission):
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()
    outbox.mark_accepted(submission.local_id, "HNI-20250314-000001")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.ACCEPTED
    assert record.dossier_code == "HNI-20250314-000001"
    # Hearing the same answer twice (a replayed response) changes nothing.
    outbox.mark_accepted(submission.local_id, "HNI-20250314-000001")
    with pytest.raises(InvalidTransitionError):
        outbox.mark_accepted(submission.local_id, "HNI-20250314-000999")


def test_a_failed_submission_is_kept_with_its_reason(outbox, make_submission):
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()
    outbox.mark_failed(submission.local_id, "HTTP 422: missing field(s): answers.reason")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.FAILED
    assert record.last_error == "HTTP 422: missing field(s): answers.reason"
    assert outbox.claim_next() is None
    with pytest.raises(InvalidTransitionError):
        outbox.mark_retry(submission.local_id, "again?", record.updated_at)


def test_marking_an_unknown_id_is_a_bug(outbox):
    with pytest.raises(UnknownRecordError):
        outbox.mark_failed("01JNOTHERE00000000000000000", "nope")


def test_items_left_sending_by_a_crash_are_queued_again_at_start(tmp_path, clock, make_submission):
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, clock=clock)
    a, b, c = make_submission(), make_submission(), make_submission()
    for s in (a, b, c):
        box.enqueue(s)
    box.claim_next()
    box.claim_next()
    box.close()  # the process dies with a and b half-sent

    restarted = Outbox(path, clock=clock)
    try:
        assert restarted.requeue_interrupted() == 2
        assert restarted.counts() == {"queued": 3, "sending": 0, "accepted": 0, "failed": 0}
        first = restarted.claim_next()
        assert first is not None
        assert first.local_id == a.local_id
        assert restarted.requeue_interrupted() == 1
    finally:
        restarted.close()


def test_counts_lists_every_state_even_when_empty(outbox):
    assert outbox.counts() == {"queued": 0, "sending": 0, "accepted": 0, "failed": 0}


def test_naive_datetimes_are_refused(outbox, make_submission):
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()
    with pytest.raises(ValueError, match="timezone-aware"):
        naive = outbox.get(submission.local_id).created_at.replace(tzinfo=None)
        outbox.mark_retry(submission.local_id, "x", naive)
