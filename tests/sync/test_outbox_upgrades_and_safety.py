"""An upgraded kiosk keeps its queue; personal data is encrypted at rest and purged after
acceptance; a damaged file or a full disk is an alarm, never a lost submission."""

from __future__ import annotations

import logging
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, event

from kiosk.ports import QueueUnavailableError
from sync.outbox import Outbox, OutboxState
from sync.outbox.schema import Base
from sync.outbox.schema_migrations import HEAD_REVISION, alembic_config, head_revision


def make_initial_revision_file(path, submissions) -> None:
    """A file exactly as revision 0001 (the walking skeleton) left it, with rows in it."""
    engine = create_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        for s in submissions:
            connection.exec_driver_sql(
                "INSERT INTO outbox (local_id, tracking_code, procedure_code, procedure_version,"
                " payload, state, attempts, created_at, updated_at, dossier_code)"
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    s.local_id,
                    s.tracking_code,
                    s.procedure_code,
                    s.procedure_version,
                    s.payload_json(),
                    "accepted" if s is submissions[0] else "queued",
                    0,
                    "2025-03-14 02:30:00.000000",
                    "2025-03-14 02:31:00.000000",
                    "HNI-1" if s is submissions[0] else None,
                ),
            )
    engine.dispose()


def test_a_kiosk_upgraded_in_place_keeps_its_queue(tmp_path, clock, make_submission):
    path = tmp_path / "outbox.sqlite3"
    old = [make_submission(), make_submission(), make_submission()]
    make_initial_revision_file(path, old)

    box = Outbox(path, clock=clock)
    try:
        assert box.health.available
        assert box.counts() == {"queued": 2, "sending": 0, "accepted": 1, "failed": 0}
        for s in old:
            record = box.get(s.local_id)
            assert record is not None
            assert record.payload_json == s.payload_json()
            assert record.tracking_code == s.tracking_code
        accepted, claimed = box.get(old[0].local_id), box.claim_next()
        assert accepted is not None and claimed is not None
        assert accepted.dossier_code == "HNI-1"
        assert claimed.local_id == old[1].local_id
    finally:
        box.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
        payloads = [p for (p,) in raw.execute("SELECT payload FROM outbox")]
    assert all(p.startswith("gcm1:") for p in payloads)  # sealed during the upgrade


def test_the_models_match_the_newest_migration(outbox):
    with outbox._engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_personal_data_is_ciphertext_on_disk_and_the_key_is_private(outbox, make_submission):
    submission = make_submission()
    outbox.enqueue(submission)
    raw = outbox.db_path.read_bytes() + outbox.db_path.with_name("outbox.sqlite3-wal").read_bytes()
    assert "Nguyễn Văn An".encode() not in raw
    assert b"001099012345" not in raw
    assert stat.S_IMODE(outbox.key_path.stat().st_mode) == 0o600
    assert outbox.get(submission.local_id).payload_json == submission.payload_json()


def test_attachments_are_stored_once_and_travel_with_the_submission(
    outbox, simulator, clock, make_submission
):
    from sync.portal_client import PortalClient
    from sync.worker import SyncWorker

    scan = b"%PDF-1.7 rental contract"
    sha = outbox.put_attachment(scan)
    assert outbox.put_attachment(scan) == sha
    first, second = make_submission(), make_submission()
    outbox.enqueue(first, attachments=[sha])
    outbox.enqueue(second, attachments=[sha])
    with sqlite3.connect(outbox.db_path) as raw:
        assert raw.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 1
    assert outbox.get(first.local_id).attachments == (sha,)
    client = PortalClient(simulator.base_url)
    SyncWorker(outbox, client, clock=clock).drain_once()
    client.close()
    assert simulator.has_attachment(sha)
    assert outbox.get(second.local_id).state is OutboxState.ACCEPTED


def test_personal_data_is_deleted_after_acceptance_and_retention(tmp_path, clock, make_submission):
    box = Outbox(tmp_path / "outbox.sqlite3", clock=clock, retention=timedelta(days=7))
    try:
        sha = box.put_attachment(b"scan")
        done, waiting = make_submission(), make_submission()
        box.enqueue(done, attachments=[sha])
        box.enqueue(waiting)
        box.claim_next()
        box.mark_accepted(done.local_id, "HNI-9", portal_status="received")
        assert box.purge_personal_data(clock.now + timedelta(days=6)) == 0
        assert box.purge_personal_data(clock.now + timedelta(days=8)) == 1
        kept = box.find_by_tracking_code(done.tracking_code)
        assert kept is not None
        assert (kept.payload_json, kept.dossier_code, kept.portal_status) == (
            "",
            "HNI-9",
            "received",
        )
        assert kept.purged_at is not None
        assert box.get_attachment(sha) is None
        still = box.get(waiting.local_id)
        assert still is not None and still.payload_json == waiting.payload_json()
    finally:
        box.close()


def test_a_damaged_file_raises_the_alarm_and_refuses_new_submissions(
    tmp_path, clock, make_submission, caplog
):
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    with caplog.at_level(logging.CRITICAL, logger="sync.outbox"):
        box = Outbox(path, clock=clock)
    try:
        alarm = box.health.alarm or ""
        assert not box.health.available
        assert "cannot be opened" in alarm or "damaged" in alarm
        assert any(getattr(r, "event", "") == "outbox.alarm" for r in caplog.records)
        with pytest.raises(QueueUnavailableError):
            box.enqueue(make_submission())
        assert box.claim_next() is None
    finally:
        box.close()
    assert path.read_bytes() == b"this is not a database at all" * 200  # untouched


def test_a_full_disk_refuses_the_new_one_and_keeps_the_queued_ones(outbox, make_submission, caplog):
    kept = make_submission()
    outbox.enqueue(kept)
    # SQLite's own page limit gives the same SQLITE_FULL a full disk does.
    with outbox._engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    limit = event.listens_for(outbox._engine, "connect")(
        lambda dbapi, _rec: dbapi.execute(f"PRAGMA max_page_count={pages}")
    )
    outbox._engine.dispose()
    big = make_submission(answers={"notes": "x" * 200_000})
    with (
        caplog.at_level(logging.CRITICAL, logger="sync.outbox"),
        pytest.raises(QueueUnavailableError),
    ):
        outbox.enqueue(big)
    assert outbox.health.alarm == "the disk is full: submissions cannot be stored"
    assert any(getattr(r, "event", "") == "outbox.alarm" for r in caplog.records)
    assert outbox.get(big.local_id) is None
    assert outbox.get(kept.local_id).payload_json == kept.payload_json()
    event.remove(outbox._engine, "connect", limit)
    outbox._engine.dispose()
    outbox.enqueue(make_submission())  # space again: the alarm clears
    assert outbox.health.alarm is None


def test_a_lost_key_is_an_alarm_at_start_not_a_failure_at_every_send(
    tmp_path, clock, make_submission
):
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, clock=clock)
    box.enqueue(make_submission())
    box.close()
    box.key_path.unlink()  # a technician "cleaned up" the data directory

    again = Outbox(path, clock=clock)
    try:
        assert not again.health.available
        assert "does not open" in (again.health.alarm or "")
        with pytest.raises(QueueUnavailableError):
            again.enqueue(make_submission())
    finally:
        again.close()


def test_the_head_revision_constant_is_alembics_head():
    assert head_revision() == HEAD_REVISION


def test_a_file_already_at_the_head_opens_without_loading_alembic(tmp_path, clock):
    path = tmp_path / "outbox.sqlite3"
    Outbox(path, clock=clock).close()  # created and migrated to the head
    probe = (
        "import sys; from pathlib import Path; from sync.outbox import Outbox; "
        f"box = Outbox(Path({str(path)!r})); "
        "print(box.health.available, 'alembic' in sys.modules); box.close()"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["True", "False"]


def test_a_new_or_old_file_is_migrated_by_a_child_and_alembic_never_loads_here(
    tmp_path, make_submission
):
    """First boot, and the first start after an update: a child process migrates the file,
    so Alembic and Mako never take room in the kiosk's memory; the migration is logged here."""
    new, old = tmp_path / "new.sqlite3", tmp_path / "old.sqlite3"
    make_initial_revision_file(old, [make_submission()])
    probe = (
        "import logging, sys; from pathlib import Path; from sync.outbox import Outbox; "
        "logging.basicConfig(level=logging.INFO, stream=sys.stdout, format='%(message)s'); "
        f"boxes = [Outbox(Path(p)) for p in ({str(new)!r}, {str(old)!r})]; "
        "print('AVAILABLE', [b.health.available for b in boxes], 'alembic' in sys.modules, "
        "'mako' in sys.modules); [b.close() for b in boxes]"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert "AVAILABLE [True, True] False False" in done.stdout
    assert "outbox schema migrated from None to 0003" in done.stdout
    assert "outbox schema migrated from 0001 to 0003" in done.stdout
    for path in (new, old):
        with sqlite3.connect(path) as raw:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
                HEAD_REVISION
            )


def test_a_migration_that_fails_in_the_child_is_the_outbox_alarm(
    tmp_path, clock, monkeypatch, caplog
):
    from sync.outbox import schema_migrations

    def broken(path):
        raise schema_migrations.MigrationError("the schema migration stopped (exit 1): boom")

    monkeypatch.setattr(schema_migrations, "IN_CHILD", True)  # as in the kiosk
    monkeypatch.setattr(schema_migrations, "_upgrade_in_child", broken)
    with caplog.at_level(logging.CRITICAL):
        box = Outbox(tmp_path / "outbox.sqlite3", clock=clock)
    try:
        assert not box.health.available
        assert "could not be prepared" in (box.health.alarm or "")
    finally:
        box.close()
