"""Queueing in plain SQL on the DB-API connection writes the rows the models write, reads back
the same through every other path, keeps a submission through a SIGKILL the instant after
``enqueue`` returned, and fails (full disk, a file that refuses writes) as the models did."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kiosk.ports import QueueUnavailableError
from sync.outbox import Outbox, OutboxConflict, OutboxState
from sync.outbox.raw_transaction import immediate_transaction
from sync.outbox.rows import OUTBOX, build_record
from sync.outbox.schema import AttachmentRow, OutboxAttachmentRow, OutboxRow

HANOI = timezone(timedelta(hours=7))
PROJECT = Path(__file__).resolve().parents[2]


def stored(db_path: Path, table: str, key: str, value: str) -> dict[str, tuple[object, str]]:
    """One row as SQLite holds it: each column's value and storage class."""
    with sqlite3.connect(db_path) as raw:
        columns = [row[1] for row in raw.execute(f"PRAGMA table_info({table})")]
        picks = ", ".join(f"{c}, typeof({c})" for c in columns)
        values = raw.execute(f"SELECT {picks} FROM {table} WHERE {key} = ?", (value,)).fetchone()
    assert values is not None, f"no {table} row {value}"
    return {c: (values[2 * i], values[2 * i + 1]) for i, c in enumerate(columns)}


def writes_locked_out(db_path: Path) -> bool:
    """Whether another connection holds the file's write lock right now."""
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return True
    finally:
        other.close()


def test_a_queued_row_is_stored_exactly_as_the_models_store_one(outbox, clock, make_submission):
    submission = make_submission()
    twin = make_submission()  # written through the models below, as enqueue wrote it before
    # A clock in Hanoi time with microseconds: the stored text must be the models' UTC text.
    clock.now = datetime(2025, 3, 14, 9, 30, 5, 123456, tzinfo=HANOI)
    scan, photo = outbox.put_attachment(b"%PDF scan"), outbox.put_attachment(b"\x89PNG photo")
    first, second = sorted([scan, photo], reverse=True)  # kept in the submission's order
    outbox.enqueue(submission, attachments=[first, second, first])

    ours = stored(outbox.db_path, "outbox", "local_id", submission.local_id)
    with Session(outbox._engine) as session, session.begin():
        session.add(
            OutboxRow(
                local_id=twin.local_id,
                tracking_code=twin.tracking_code,
                procedure_code=twin.procedure_code,
                procedure_version=twin.procedure_version,
                payload=str(ours["payload"][0]),
                state=OutboxState.QUEUED.value,
                attempts=0,
                last_error=None,
                dossier_code=None,
                created_at=clock.now,
                updated_at=clock.now,
                next_attempt_at=None,
                poll_attempts=0,
            )
        )
        session.flush()
        session.add(OutboxAttachmentRow(local_id=twin.local_id, sha256=first, position=0))
        session.add(AttachmentRow(sha256="0" * 64, size=9, content=b"sealed", created_at=clock.now))

    theirs = stored(outbox.db_path, "outbox", "local_id", twin.local_id)
    assert set(ours) == {column.name for column in OUTBOX.columns}
    for column in ("local_id", "tracking_code"):
        del ours[column], theirs[column]
    assert ours == theirs
    assert ours["created_at"] == ("2025-03-14 02:30:05.123456", "text")
    assert str(ours["payload"][0]).startswith("gcm1:")

    with sqlite3.connect(outbox.db_path) as raw:
        links = raw.execute(
            "SELECT sha256, position, typeof(position) FROM outbox_attachments"
            " WHERE local_id = ? ORDER BY position",
            (submission.local_id,),
        ).fetchall()
    assert links == [(first, 0, "integer"), (second, 1, "integer")]
    attachment = stored(outbox.db_path, "attachments", "sha256", scan)
    reference = stored(outbox.db_path, "attachments", "sha256", "0" * 64)
    assert {c: kind for c, (_, kind) in attachment.items()} == {
        c: kind for c, (_, kind) in reference.items()
    }
    assert attachment["created_at"] == ("2025-03-14 02:30:05.123456", "text")
    assert attachment["size"] == (len(b"%PDF scan"), "integer")
    assert b"%PDF" not in cast(bytes, attachment["content"][0])


def test_the_row_reads_back_the_same_through_the_models_the_reports_and_the_drain(
    outbox, clock, make_submission
):
    sha = outbox.put_attachment(b"%PDF rental contract")
    submission = make_submission()
    record = outbox.enqueue(submission, attachments=[sha])

    assert record.payload_json == submission.payload_json()
    assert (record.state, record.attempts, record.attachments) == (OutboxState.QUEUED, 0, (sha,))
    assert record.created_at == record.updated_at == clock.now
    assert outbox.get(submission.local_id) == record
    assert outbox.find_by_tracking_code(submission.tracking_code) == record
    assert outbox.oldest_unsent() == replace(record, payload_json="", attachments=())  # not read
    assert outbox.counts()["queued"] == 1
    with Session(outbox._engine) as session:
        row = session.get(OutboxRow, submission.local_id)
        assert row is not None
        assert build_record(row, record.payload_json, (sha,)) == record
    assert outbox.get_attachment(sha) == b"%PDF rental contract"

    claimed = outbox.claim_next()
    assert claimed == replace(record, state=OutboxState.SENDING)


def test_queuing_again_or_a_missing_attachment_writes_nothing_and_leaves_the_file_unlocked(
    outbox, make_submission
):
    submission = make_submission()
    first = outbox.enqueue(submission)
    assert outbox.enqueue(submission) == first

    with pytest.raises(OutboxConflict, match="different payload"):
        outbox.enqueue(replace(submission, answers={"reason": "something else"}))
    assert not writes_locked_out(outbox.db_path)

    reused = make_submission(tracking_code=submission.tracking_code)
    with pytest.raises(OutboxConflict, match="tracking code"):
        outbox.enqueue(reused)
    assert outbox.get(reused.local_id) is None
    assert not writes_locked_out(outbox.db_path)

    orphan = make_submission()
    with pytest.raises(ValueError, match="was not stored first"):
        outbox.enqueue(orphan, attachments=["f" * 64])
    assert outbox.get(orphan.local_id) is None
    assert not writes_locked_out(outbox.db_path)

    assert outbox.counts()["queued"] == 1
    assert outbox.health.available and outbox.health.alarm is None  # none of these is an alarm


def test_the_transaction_holds_the_write_lock_from_its_start_on_a_durable_connection(outbox):
    with immediate_transaction(outbox._engine) as db:
        assert writes_locked_out(outbox.db_path)  # BEGIN IMMEDIATE, not a deferred BEGIN
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert not writes_locked_out(outbox.db_path)


def test_a_file_that_refuses_writes_raises_the_alarm_as_the_models_did(
    outbox, make_submission, caplog
):
    kept = make_submission()
    outbox.enqueue(kept)
    refuse = event.listens_for(outbox._engine, "connect")(
        lambda dbapi, _rec: dbapi.execute("PRAGMA query_only=ON")
    )
    outbox._engine.dispose()
    refused = make_submission()
    with (
        caplog.at_level(logging.CRITICAL, logger="sync.outbox"),
        pytest.raises(QueueUnavailableError, match="OperationalError") as raised,
    ):
        outbox.enqueue(refused)
    cause = raised.value.__cause__
    assert isinstance(cause, OperationalError)  # SQLAlchemy's wrapper, as from the models
    assert isinstance(cause.orig, sqlite3.OperationalError)
    assert outbox.health.alarm == "the outbox file failed: OperationalError"
    assert not outbox.health.available  # sticky: not a passing full disk
    alarms = [r for r in caplog.records if getattr(r, "event", "") == "outbox.alarm"]
    assert len(alarms) == 1 and not alarms[0].exc_info  # no traceback for a file error
    with pytest.raises(QueueUnavailableError):
        outbox.put_attachment(b"scan")
    event.remove(outbox._engine, "connect", refuse)
    outbox._engine.dispose()
    assert outbox.get(refused.local_id) is None
    assert outbox.get(kept.local_id).payload_json == kept.payload_json()


def test_a_full_disk_refuses_an_attachment_and_the_next_submission_clears_the_alarm(
    outbox, make_submission
):
    outbox.enqueue(make_submission())
    with outbox._engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    limit = event.listens_for(outbox._engine, "connect")(
        lambda dbapi, _rec: dbapi.execute(f"PRAGMA max_page_count={pages}")
    )
    outbox._engine.dispose()
    with pytest.raises(QueueUnavailableError, match="disk full"):
        outbox.put_attachment(os.urandom(300_000))
    assert outbox.health.alarm == "the disk is full: submissions cannot be stored"
    assert outbox.health.available  # passing
    assert not writes_locked_out(outbox.db_path)
    event.remove(outbox._engine, "connect", limit)
    outbox._engine.dispose()
    outbox.enqueue(make_submission())
    assert outbox.health.alarm is None


KILLED_CHILD = textwrap.dedent(
    """
    import json, os, signal, sys
    from datetime import UTC, datetime
    from pathlib import Path

    from kiosk.submission import Submission, new_tracking_code, new_ulid
    from sync.outbox import Outbox

    outbox = Outbox(Path(sys.argv[1]))
    sha = outbox.put_attachment(sys.argv[2].encode())
    now = datetime.now(UTC)
    submission = Submission(
        local_id=new_ulid(now),
        tracking_code=new_tracking_code(),
        procedure_code="dang-ky-tam-tru",
        procedure_version=1,
        kiosk_id="kiosk-kill",
        created_at=now,
        applicant={"full_name": "Nguyễn Văn An", "id_number": "001099012345"},
        answers={"stay_months": sys.argv[2]},
        attachments=(sha,),
    )
    outbox.enqueue(submission, attachments=[sha])
    os.write(1, json.dumps([submission.local_id, submission.payload_json(), sha]).encode())
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_kiosk_killed_the_instant_enqueue_returned_keeps_the_submission(tmp_path):
    path = tmp_path / "kiosk" / "outbox.sqlite3"
    queued: list[tuple[str, str, str]] = []
    for n in range(4):
        child = subprocess.run(
            [sys.executable, "-c", KILLED_CHILD, str(path), f"scan {n}"],
            capture_output=True,
            text=True,
            cwd=PROJECT,
            env={**os.environ, "PYTHONPATH": str(PROJECT)},
            timeout=60,
            check=False,
        )
        assert child.returncode == -signal.SIGKILL, child.stderr
        local_id, payload, sha = json.loads(child.stdout)
        queued.append((local_id, payload, sha))
    # Killed before any checkpoint: the rows live in the write-ahead log only.
    assert path.with_name(path.name + "-wal").stat().st_size > 0

    box = Outbox(path)
    try:
        assert box.health.available and box.health.alarm is None  # integrity check passed
        for n, (local_id, payload, sha) in enumerate(queued):
            record = box.get(local_id)
            assert record is not None
            assert (record.state, record.payload_json, record.attachments) == (
                OutboxState.QUEUED,
                payload,
                (sha,),
            )
            assert box.get_attachment(sha) == f"scan {n}".encode()
        claimed = [box.claim_next() for _ in queued]
        assert [c.local_id for c in claimed if c is not None] == [q[0] for q in queued]
    finally:
        box.close()
