"""The kiosk's health gathered from a demo kiosk's live parts: the printer's state, the
outbox's counts, the session's counts, the catalogue, the disk; never an exception."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.health_source import HealthSource
from kiosk.app.wiring import KioskApp, build_app
from kiosk.health import CameraHealth, PrinterHealth, SyncErrorKind
from kiosk.ports import PrinterState, PrinterStatus
from kiosk.settings import load_settings
from kiosk.submission import Submission, new_tracking_code, new_ulid
from sync.outbox import Outbox


@pytest.fixture
def app(tmp_path: Path) -> Iterator[KioskApp]:
    built = build_app(load_settings(environ={}), "demo", tmp_path)
    yield built
    built.chip.stop()
    built.stop()


def queue_one(outbox: Outbox) -> Submission:
    now = datetime.now(UTC)
    submission = Submission(
        local_id=new_ulid(now),
        tracking_code=new_tracking_code(),
        procedure_code="1.001234",
        procedure_version=3,
        kiosk_id="kiosk-hbt-01",
        created_at=now,
        applicant={"full_name": "Nguyễn Văn An", "id_number": "001099012345"},
        answers={"reason": "Đăng ký thường trú"},
    )
    outbox.enqueue(submission)
    return submission


def test_the_snapshot_shows_a_queued_submission_and_a_printer_without_paper(app):
    assert isinstance(app.printer, SimulatedPrinter)
    queue_one(app.outbox)
    app.printer.set_status(PrinterStatus(PrinterState.NO_PAPER, "test"))
    source = HealthSource(app)
    assert source.poll_printer() is PrinterHealth.PAPER_OUT

    health = source.snapshot()

    assert health.printer is PrinterHealth.PAPER_OUT
    assert health.outbox_available
    assert health.outbox_counts == {"queued": 1, "sending": 0, "accepted": 0, "failed": 0}
    assert health.oldest_unsent_age_s is not None and health.oldest_unsent_age_s >= 0
    assert health.camera is CameraHealth.OK  # not running
    assert health.catalogue_version == "shipped"
    assert 0 < health.disk_free_bytes <= health.disk_total_bytes
    assert health.version
    assert health.kiosk_id
    assert health.sync_errors == dict.fromkeys([k.value for k in SyncErrorKind], 0)
    assert health.last_sync_success_at is None and health.last_heartbeat_at is None
    assert health.sessions_started == 0 and health.receipts_printed == 0  # no screens yet


def test_the_poller_asks_the_printer_until_stopped(app):
    app.printer.set_status(PrinterStatus(PrinterState.COVER_OPEN))
    source = HealthSource(app, interval_s=0.01)
    source.start()
    try:
        for _ in range(500):
            if source.snapshot().printer is PrinterHealth.COVER_OPEN:
                break
            time.sleep(0.01)
        assert source.snapshot().printer is PrinterHealth.COVER_OPEN
    finally:
        source.stop()
    assert not source.running


def test_the_session_counts_and_the_portal_figures_reach_the_snapshot(app):
    session = app.new_session()
    session.start()
    session.finish()
    session.receipt.start("A")
    session.receipt.finished("A", printed=True)
    queue_one(app.outbox)
    app.worker.drain_once()  # the simulated portal accepts it, with a Date header
    health = HealthSource(app, session=lambda: session).snapshot()
    assert (health.sessions_started, health.sessions_abandoned) == (1, 1)
    assert health.receipts_printed == 1 and health.receipts_failed == 0
    assert health.outbox_counts["accepted"] == 1
    assert health.last_sync_success_at is not None
    assert health.clock_skew_s is not None


def test_a_database_fault_gives_a_snapshot_that_says_so(app, monkeypatch):
    def broken() -> dict[str, int]:
        raise OperationalError("SELECT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(app.outbox, "counts", broken)
    health = HealthSource(app).snapshot()
    assert not health.outbox_available
    assert health.outbox_counts == {"queued": 0, "sending": 0, "accepted": 0, "failed": 0}
    assert health.oldest_unsent_age_s is None


def test_a_printer_that_raises_is_offline(app, monkeypatch):
    def broken() -> PrinterStatus:
        raise OSError("usb gone")

    monkeypatch.setattr(app.printer, "status", broken)
    source = HealthSource(app)
    assert source.poll_printer() is PrinterHealth.OFFLINE
    assert source.snapshot().printer is PrinterHealth.OFFLINE


def test_the_health_snapshot_names_every_outbox_state_the_outbox_has():
    # The core cannot import the outbox, so it lists the states itself: they must not drift.
    from kiosk.health import OUTBOX_STATES
    from sync.outbox import OutboxState

    assert list(OUTBOX_STATES) == [state.value for state in OutboxState]
