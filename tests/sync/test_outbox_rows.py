"""The plain-SQL path reads exactly what the models read, acceptance has one way to the file
whoever asks for it, and each job of the outbox stands on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session

from sync.dossier import DossierEvent
from sync.outbox import Acceptance, OutboxState, UnknownRecordError
from sync.outbox.drain import OutboxDrain
from sync.outbox.queueing import OutboxQueueing
from sync.outbox.reports import OutboxReports
from sync.outbox.rows import (
    OUTBOX,
    SELECT_ROWS,
    OutboxSqlRow,
    build_record,
    from_sql_time,
    sql_time,
)
from sync.outbox.schema import OutboxRow

HANOI = timezone(timedelta(hours=7))


def test_the_typed_row_has_every_column_of_the_table():
    assert set(OutboxSqlRow._fields) == {column.name for column in OUTBOX.columns}


def test_a_stored_time_reads_back_as_the_same_instant_in_utc():
    moment = datetime(2025, 3, 14, 9, 30, 5, 123456, tzinfo=HANOI)
    text = sql_time(moment)
    assert text == "2025-03-14 02:30:05.123456"
    back = from_sql_time(text)
    assert back == moment
    assert back is not None and back.tzinfo is UTC
    assert sql_time(None) is None and from_sql_time(None) is None
    with pytest.raises(ValueError, match="timezone-aware"):
        sql_time(moment.replace(tzinfo=None))


def test_a_row_read_with_plain_sql_is_the_row_the_models_read(outbox, clock, make_submission):
    submission = make_submission()
    outbox.enqueue(submission)
    clock.now = clock.now.replace(microsecond=654321)
    outbox.claim_next()
    outbox.mark_retry(submission.local_id, "HTTP 503", clock.now + timedelta(seconds=5))
    clock.advance(5)
    outbox.claim_next()
    outbox.mark_accepted(
        submission.local_id, "HNI-1", portal_status="received", next_poll_at=clock.now
    )
    outbox.record_status(
        submission.local_id, "processing", [DossierEvent("processing", "t", "ok")], clock.now
    )

    with outbox._engine.connect() as connection:
        values = connection.exec_driver_sql(
            f"{SELECT_ROWS} WHERE local_id = ?", (submission.local_id,)
        ).one()
        connection.rollback()
    sql_row = OutboxSqlRow.from_sql(values)
    with Session(outbox._engine) as session:
        orm_row = session.get(OutboxRow, submission.local_id)
        assert orm_row is not None
        assert build_record(sql_row, "") == build_record(orm_row, "")
    times = [sql_row.created_at, sql_row.updated_at, sql_row.accepted_at, sql_row.next_poll_at]
    assert all(t is not None and t.tzinfo is UTC for t in times)
    assert sql_row.next_attempt_at is None


def test_one_acceptance_goes_the_way_a_batch_does_even_for_a_failed_row(
    outbox, clock, make_submission
):
    alone, in_batch = make_submission(), make_submission()
    for submission in (alone, in_batch):
        outbox.enqueue(submission)
        outbox.claim_next()
        outbox.mark_failed(submission.local_id, "HTTP 409: try again by hand", 409)
    clock.advance(3)
    poll = clock.now + timedelta(seconds=60)

    # The portal is the source of truth: a manual resend got through after all.
    outbox.mark_accepted(alone.local_id, "HNI-1", portal_status="received", next_poll_at=poll)
    [batched] = outbox.mark_accepted_many(
        [Acceptance(in_batch.local_id, "HNI-2", "received", poll)]
    )

    single = outbox.get(alone.local_id)
    assert single is not None
    assert batched == outbox.get(in_batch.local_id)
    for record in (single, batched):
        assert record.state is OutboxState.ACCEPTED
        assert (record.last_error, record.failure_status, record.next_attempt_at) == (
            None,
            None,
            None,
        )
        assert (record.accepted_at, record.updated_at) == (clock.now, clock.now)
        assert record.portal_status == "received"
        assert record.status_history == (DossierEvent("received", clock.now.isoformat()),)
        assert record.next_poll_at == poll
        assert record.attempts == 1


def test_an_acceptance_without_a_status_keeps_the_one_on_file(outbox, clock, make_submission):
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()
    history = [DossierEvent("received", "2025-03-14T02:30:00+00:00")]
    outbox.record_status(submission.local_id, "received", history, None)
    outbox.mark_accepted(submission.local_id, "HNI-1")
    record = outbox.get(submission.local_id)
    assert record is not None
    assert (record.portal_status, record.status_history) == ("received", tuple(history))


def test_accepting_an_unknown_id_is_a_bug(outbox):
    with pytest.raises(UnknownRecordError):
        outbox.mark_accepted("01JNOTHERE00000000000000000", "HNI-1")


def test_each_job_of_the_outbox_works_on_the_file_alone(tmp_path, clock, make_submission):
    path = tmp_path / "outbox.sqlite3"
    submission = make_submission()
    queueing = OutboxQueueing(path, clock=clock)
    queueing.enqueue(submission)
    queueing.close()

    drain = OutboxDrain(path, clock=clock)
    claimed = drain.claim_next()
    assert claimed is not None and claimed.payload_json == submission.payload_json()
    drain.mark_accepted(submission.local_id, "HNI-1")
    drain.close()

    reports = OutboxReports(path, clock=clock)
    try:
        assert reports.counts() == {"queued": 0, "sending": 0, "accepted": 1, "failed": 0}
    finally:
        reports.close()
