"""The technician screen's parts over a built :class:`~kiosk.app.wiring.KioskApp`: the PIN
(an argon2id hash in the data directory, :class:`~kiosk.technician_pin.PinStore`), and the
plain calls the screen makes (:class:`~kiosk.technician.TechnicianTools`): the health
snapshot, the oldest unsent submission and why it waits, the test page, a sync now, the
self-test, and the restart.

The restart quits the Qt event loop with :data:`RESTART_EXIT_CODE`: ``kiosk run`` exits
with it and systemd (``Restart=always``) starts the kiosk again. The demo sets
:data:`DEMO_TECHNICIAN_PIN` when its data directory has no PIN, so that ``kiosk demo`` and
``kiosk tour`` can show the screen; a real kiosk's PIN is set when it is provisioned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from kiosk.health import KioskHealth
from kiosk.paths import FONT_DIR
from kiosk.receipt import HANOI_TIME
from kiosk.receipt_layout import layout_test_page
from kiosk.selftest import Check
from kiosk.technician import (
    MAX_PIN_ATTEMPTS,
    PIN_LOCK_FOR,
    PrintOutcome,
    TechnicianAccess,
    TechnicianTools,
    UnsentSubmission,
)
from kiosk.technician_pin import PinStore
from sync.outbox import Outbox
from sync.worker import SyncWorker

if TYPE_CHECKING:
    from kiosk.app.wiring import KioskApp

log = logging.getLogger(__name__)

RESTART_EXIT_CODE = 75
"""The exit status of a restart asked for on the technician screen (EX_TEMPFAIL: "try
again"); systemd starts the kiosk again whatever the status, the journal tells why."""
DEMO_TECHNICIAN_PIN = "246810"
"""The technician PIN of a demo kiosk without one (simulated devices only)."""


def pin_store(app: KioskApp) -> PinStore:
    """The technician PIN kept in the kiosk's data directory (a demo kiosk without one gets
    :data:`DEMO_TECHNICIAN_PIN`)."""
    pins = PinStore(app.data_dir, app.clock, MAX_PIN_ATTEMPTS, PIN_LOCK_FOR)
    if app.mode == "demo" and not pins.is_set():
        pins.set_pin(DEMO_TECHNICIAN_PIN)
    return pins


def technician_access(app: KioskApp) -> TechnicianAccess:
    """The PIN pad's rules over the PIN kept in the kiosk's data directory, audited."""
    return TechnicianAccess(pin_store(app), app.clock, app.audit)


def technician_tools(
    app: KioskApp,
    health: Callable[[], KioskHealth],
    restart: Callable[[], None] | None = None,
) -> TechnicianTools:
    """What the technician screen reads and does on ``app``; ``health`` gives the health
    snapshot (:meth:`kiosk.app.health_source.HealthSource.snapshot`), ``restart`` quits for
    a restart (by default the Qt event loop, with :data:`RESTART_EXIT_CODE`)."""
    return TechnicianTools(
        health=health,
        oldest_unsent=partial(oldest_unsent, app.outbox),
        test_print=partial(print_test_page, app),
        sync_now=partial(sync_now, app.worker),
        self_test=partial(self_test, app),
        restart=restart or quit_for_restart,
    )


def oldest_unsent(outbox: Outbox) -> UnsentSubmission | None:
    """The oldest submission not yet at the portal and why it waits (None: none, or the
    outbox cannot be read; the health snapshot says which)."""
    try:
        if not outbox.health.available:
            return None
        record = outbox.oldest_unsent()
    except SQLAlchemyError as exc:
        log.warning(
            "outbox unreadable for the technician screen: %s",
            type(exc).__name__,
            extra={"event": "technician.outbox_failed"},
        )
        return None
    if record is None:
        return None
    return UnsentSubmission(
        state=record.state.value,
        attempts=record.attempts,
        queued_at=record.created_at,
        last_error=record.last_error or "",
        next_attempt_at=record.next_attempt_at,
    )


def print_test_page(app: KioskApp) -> PrintOutcome:
    """Print the test page (as ``kiosk printer test-page`` does) on the kiosk's printer."""
    width = app.settings.printer.width_dots
    printed_at = app.clock().astimezone(HANOI_TIME)
    blocks = layout_test_page(width, FONT_DIR, printed_at, app.settings.kiosk.id)
    result = app.printer.print_blocks(blocks)
    return PrintOutcome(result.printed, result.status)


def sync_now(worker: SyncWorker) -> int:
    """Send every submission that is due now; then wake the worker for the rest of its round
    (heartbeat, statuses). How many submissions were handled."""
    handled = worker.drain_once()
    worker.notify()
    return handled


def self_test(app: KioskApp, progress: Callable[[str], None]) -> Sequence[Check]:
    """The kiosk's self-test, run on the spot (without printing: the screen has its own
    test page button); ``progress`` hears each check's name as it starts."""
    from kiosk.app.selftest_checks import run_selftest  # loads every device's checks

    return run_selftest(app.settings, app.data_dir, demo=app.mode == "demo", progress=progress)


def quit_for_restart() -> None:
    """Leave the Qt event loop with :data:`RESTART_EXIT_CODE` (the caller audited it)."""
    from PySide6.QtCore import QCoreApplication

    log.warning("kiosk restarting at the technician's request", extra={"event": "kiosk.restart"})
    QCoreApplication.exit(RESTART_EXIT_CODE)
