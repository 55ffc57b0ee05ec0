"""Gathers the kiosk's :class:`~kiosk.health.KioskHealth` from its live parts.

Each fact comes from the part that knows it: the printer's state from a poller asking it
every ``interval_s``, the reader's from its watcher, the camera's from how long it went
without a frame, the outbox's counts, the worker's and the client's figures, the session's
counts, the catalogue in use, the data directory's disk. Nothing personal.

A snapshot is always produced: a device or database fault gives the "unknown" or
"unavailable" value of that fact, never an exception. Two lines to wire::

    health = HealthSource(app, session=lambda: bridge.session)
    health.start()  # the printer poller and the reader watcher; health.stop() at exit
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from kiosk.health import (
    OUTBOX_STATES,
    CameraHealth,
    KioskHealth,
    PrinterHealth,
    ReaderHealth,
)
from kiosk.ports import PrinterState, QueueUnavailableError, ReaderState
from kiosk.session import KioskSession

if TYPE_CHECKING:
    from kiosk.app.wiring import KioskApp

logger = logging.getLogger(__name__)

PACKAGE = "hanoi-lobby-kiosk"
DEFAULT_PRINTER_INTERVAL_S = 30.0
DEFAULT_NO_FRAMES_AFTER_S = 10.0
"""The camera is reported without frames once it ran this long without giving one."""


def package_version() -> str:
    """The installed kiosk's version (``unknown`` when run from an uninstalled tree)."""
    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        return "unknown"


class HealthSource:
    """The kiosk's facts for operators, gathered on demand (:meth:`snapshot`)."""

    def __init__(
        self,
        app: KioskApp,
        session: Callable[[], KioskSession | None] = lambda: None,
        *,
        interval_s: float = DEFAULT_PRINTER_INTERVAL_S,
        no_frames_after_s: float = DEFAULT_NO_FRAMES_AFTER_S,
        started_at: float | None = None,
    ) -> None:
        """``session`` gives the live session (None before the screens exist);
        ``interval_s``: how often the printer is asked; ``started_at``: when the process
        started (Unix seconds; now by default)."""
        if interval_s <= 0:
            raise ValueError("interval_s must be positive")
        self._app = app
        self._session = session
        self._interval_s = interval_s
        self._no_frames_after_s = no_frames_after_s
        self._started_at = time.time() if started_at is None else started_at
        self._version = package_version()
        self._lock = threading.Lock()
        self._printer = PrinterHealth.UNKNOWN
        self._reader = ReaderHealth.SERVICE_DOWN
        self._watching = False
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # --- the pollers ---------------------------------------------------------------------
    def start(self) -> None:
        """Ask the printer now and every ``interval_s`` (daemon thread); watch the reader."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        if not self._watching:
            self._watching = True
            self._app.chip.watch(self._reader_changed)
        self._thread = threading.Thread(target=self._run, name="health-printer", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the printer poller (the reader's watcher stays, ignored, until the chip stops)."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)

    @property
    def running(self) -> bool:
        """Whether the printer poller runs."""
        return self._thread is not None and self._thread.is_alive()

    def poll_printer(self) -> PrinterHealth:
        """Ask the printer now; what it said, in the operator's words."""
        try:
            state = self._app.printer.status().state
        except (OSError, ValueError, RuntimeError) as exc:
            logger.warning(
                "printer status failed: %s",
                type(exc).__name__,
                extra={"event": "health.printer_failed"},
            )
            state = PrinterState.ERROR
        health = PrinterHealth.of(state)
        with self._lock:
            self._printer = health
        return health

    def _run(self) -> None:
        while not self._stopping.is_set():
            self.poll_printer()
            self._stopping.wait(self._interval_s)

    def _reader_changed(self, state: ReaderState) -> None:
        if self._stopping.is_set():
            return
        with self._lock:
            self._reader = ReaderHealth.of(state)

    # --- the snapshot --------------------------------------------------------------------
    def snapshot(self) -> KioskHealth:
        """Every fact now; never raises for a device or database fault."""
        app = self._app
        now = app.clock()
        with self._lock:
            printer, reader = self._printer, self._reader
        available, counts, oldest_age = self._outbox(now)
        stats = app.worker.stats
        free, total = self._disk()
        session = self._session()
        sessions = session.counts if session is not None else None
        receipt = session.receipt if session is not None else None
        return KioskHealth(
            kiosk_id=app.client.kiosk_id or app.settings.kiosk.id,
            version=self._version,
            started_at=self._started_at,
            now=now.timestamp(),
            printer=printer,
            reader=reader,
            camera=self._camera(),
            outbox_available=available,
            outbox_counts=counts,
            oldest_unsent_age_s=oldest_age,
            last_sync_success_at=_ts(stats.last_success_at),
            last_heartbeat_at=_ts(stats.last_heartbeat_at),
            sync_errors=dict(stats.errors),
            disk_free_bytes=free,
            disk_total_bytes=total,
            clock_skew_s=self._clock_skew(),
            catalogue_version=self._catalogue_version(),
            sessions_started=sessions.started if sessions else 0,
            sessions_completed=sessions.completed if sessions else 0,
            sessions_abandoned=sessions.abandoned if sessions else 0,
            submissions=sessions.submissions if sessions else 0,
            receipts_printed=receipt.printed_count if receipt else 0,
            receipts_failed=receipt.failed_count if receipt else 0,
        )

    def _outbox(self, now: datetime) -> tuple[bool, dict[str, int], float | None]:
        zero = dict.fromkeys(OUTBOX_STATES, 0)
        outbox = self._app.outbox
        try:
            if not outbox.health.available:
                return False, zero, None
            counts = outbox.counts()
            age = outbox.oldest_unsent_age_s(now)
        except (SQLAlchemyError, QueueUnavailableError, OSError) as exc:
            logger.warning(
                "outbox unreadable for health: %s",
                type(exc).__name__,
                extra={"event": "health.outbox_failed"},
            )
            return False, zero, None
        return True, {state: counts.get(state, 0) for state in OUTBOX_STATES}, age

    def _disk(self) -> tuple[int, int]:
        try:
            usage = shutil.disk_usage(self._app.data_dir)
        except OSError:
            return 0, 0
        return usage.free, usage.total

    def _camera(self) -> CameraHealth:
        idle = self._app.camera.seconds_without_frame()
        if idle is not None and idle > self._no_frames_after_s:
            return CameraHealth.NO_FRAMES
        return CameraHealth.OK

    def _clock_skew(self) -> float | None:
        skew = self._app.client.clock_skew_s
        return self._app.lookup_client.clock_skew_s if skew is None else skew

    def _catalogue_version(self) -> str:
        current = self._app.catalogue_store.version
        if current.source == "shipped":
            return "shipped"
        return current.etag or current.source


def _ts(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()
