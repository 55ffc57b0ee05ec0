"""The technician screen's Python side, for QML as ``kiosk.technicianView``: the PIN pad
and, once the PIN was right, the kiosk's state and the technician's actions.

The rules are the core's (:class:`kiosk.technician.TechnicianAccess`: the hidden corner,
the PIN, the lock, the two minutes untouched, the audit); what it shows and does comes from
the composition root as plain calls (:class:`kiosk.technician.TechnicianTools`), run here
through ``ui.background``: checking the PIN (argon2), reading the health and the outbox,
printing the test page, syncing, the self-test. Nothing is shown and nothing is done unless
the screen is open: every property is empty and every action refused before the PIN, and
everything read is dropped when it closes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.receipt import HANOI_TIME
from kiosk.technician import (
    IDLE_CLOSE_AFTER,
    MAX_PIN_ATTEMPTS,
    PIN_LOCK_FOR,
    ActionOutcome,
    PinAttempt,
    PrintOutcome,
    QrSeen,
    TechnicianAccess,
    TechnicianAction,
    TechnicianState,
    TechnicianTools,
    UnsentSubmission,
    qr_seen,
)
from kiosk.technician_pin import MAX_DIGITS, MIN_DIGITS, PinCheck, PinResult
from ui.background import Background
from ui.qml_enums import qml_value
from ui.qml_values import Published, as_json

if TYPE_CHECKING:  # the health and the self-test load with the screen's first use of them
    from kiosk.health import KioskHealth
    from kiosk.selftest import Check

log = logging.getLogger(__name__)

TICK_MS = 1000
"""How often the idle close and the lock are looked at while the pad or screen is up."""
HEALTH_EVERY_TICKS = 3
"""The health and the outbox are read again every this many ticks while the screen is open."""
MAX_ERROR_CHARS = 200
"""The oldest unsent submission's last error is cut to this length on screen."""


class TechnicianView(QObject):
    """The PIN pad and the technician screen, for QML as ``kiosk.technicianView``."""

    changed = Signal()
    """The state, the PIN pad's notice and the lock (they change together)."""
    healthChanged = Signal()
    actionsChanged = Signal()
    qrChanged = Signal()
    cameraChanged = Signal()
    """Whether the pad or the screen is up, and whether the screen wants the camera, changed
    (the bridge aims the camera: :meth:`wants_camera`)."""
    _progressed = Signal()  # queued: emitted on the self-test's thread

    def __init__(
        self,
        access: TechnicianAccess,
        tools: TechnicianTools,
        background: Background,
        on_signed_in: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        """``on_signed_in``: the technician's PIN was right; the resident's session must
        make way (the bridge wipes it) before anything shows."""
        super().__init__(parent)
        self._access = access
        self._tools = tools
        self._background = background
        self._on_signed_in = on_signed_in
        self._published = Published()
        self._health: KioskHealth | None = None
        self._unsent: UnsentSubmission | None = None
        self._reading = False
        self._results: dict[TechnicianAction, dict[str, object]] = {}
        self._qr: QrSeen | None = None
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._progress_lock = threading.Lock()
        self._progress: list[str] = []
        """The self-test's checks begun so far, by name (told on its thread)."""
        self._stopped = False
        self._progressed.connect(self._publish)  # emitted on the self-test's thread: queued

    # --- the way in -----------------------------------------------------------------------
    @Slot()
    def cornerTapped(self) -> None:
        """A tap in the hidden top-left corner (five within three seconds: the PIN pad)."""
        if self._access.corner_tapped():
            self._timer.start()
            self._publish()

    @Slot(str)
    def submitPin(self, pin: str) -> None:
        """The PIN typed on the pad; checked off the GUI thread (argon2 takes a moment)."""
        attempt = self._access.submit_pin(pin)
        if attempt is None:
            return
        self._publish()
        self._background.run(
            "technician-pin",
            attempt.check,
            partial(self._pin_checked, attempt),
            partial(self._pin_check_failed, attempt),
        )

    def _pin_checked(self, attempt: PinAttempt, result: PinResult) -> None:
        was_open = self._access.is_open
        self._access.pin_checked(attempt, result)
        if self._access.is_open and not was_open:
            self._on_signed_in()
            self._read_kiosk()
        self._publish()

    def _pin_check_failed(self, attempt: PinAttempt, error: Exception) -> None:
        log.error(
            "technician PIN could not be checked",
            exc_info=error,
            extra={"event": "technician.pin_check_failed"},
        )
        self._pin_checked(attempt, PinResult(PinCheck.NOT_SET, 0, None))

    # --- the way out ----------------------------------------------------------------------
    @Slot()
    def touched(self) -> None:
        """The technician touched the pad or the screen: the two minutes start again."""
        if self._access.state is not TechnicianState.CLOSED:
            self._access.touched()

    @Slot()
    def exit(self) -> None:
        """ "Thoát": close the PIN pad or the screen (the log-out)."""
        if self._access.state is TechnicianState.CLOSED:
            return
        self._access.close()
        self._after_close()

    def _tick(self) -> None:
        access = self._access
        if access.expire_if_idle():
            log.info("technician screen closed untouched", extra={"event": "technician.idle"})
            self._after_close()
            return
        if access.refresh_lock():
            self._publish()
        if access.is_open:
            self._ticks += 1
            if self._ticks % HEALTH_EVERY_TICKS == 0:
                self._read_kiosk()

    def _after_close(self) -> None:
        """Everything read is dropped: the next opening starts from nothing."""
        self._timer.stop()
        self._health = None
        self._unsent = None
        self._results.clear()
        with self._progress_lock:
            self._progress = []
        self._qr = None
        self._ticks = 0
        self._publish()

    def stop(self) -> None:
        """At exit: no more ticks, no more progress told."""
        self._stopped = True
        self._timer.stop()

    # --- the actions ----------------------------------------------------------------------
    @Slot()
    def testPrint(self) -> None:
        """Print the test page (its QR code can then be held up to the camera)."""
        if self._begin(TechnicianAction.TEST_PRINT):
            self._background.run(
                "technician-test-print",
                self._tools.test_print,
                self._printed,
                partial(self._failed, TechnicianAction.TEST_PRINT),
            )

    @Slot()
    def syncNow(self) -> None:
        """Send what is waiting to the portal now."""
        if self._begin(TechnicianAction.SYNC_NOW):
            self._background.run(
                "technician-sync",
                self._tools.sync_now,
                self._synced,
                partial(self._failed, TechnicianAction.SYNC_NOW),
            )

    @Slot()
    def runSelfTest(self) -> None:
        """Run the self-test (seconds; the camera preview pauses, the test may open it)."""
        if self._begin(TechnicianAction.SELF_TEST):
            with self._progress_lock:
                self._progress = []
            self._background.run(
                "technician-selftest",
                partial(self._tools.self_test, self._self_test_heard),
                self._self_tested,
                partial(self._failed, TechnicianAction.SELF_TEST),
            )

    @Slot()
    def restartKiosk(self) -> None:
        """Restart the kiosk: audited and logged out first, then the app quits for the
        service manager to start it again."""
        if not self._access.restart():
            return
        self._after_close()
        self._tools.restart()

    def _self_test_heard(self, name: str) -> None:
        """On the self-test's thread: the check ``name`` begins."""
        if self._stopped:
            return
        from kiosk.selftest import CHECK_NAMES

        with self._progress_lock:
            if len(self._progress) < len(CHECK_NAMES) * 2:
                self._progress.append(name)
        self._progressed.emit()

    def _begin(self, action: TechnicianAction) -> bool:
        if not self._access.begin(action):
            return False
        self._results.pop(action, None)
        self._publish()
        return True

    def _printed(self, outcome: PrintOutcome) -> None:
        state = outcome.status.state
        self._access.finished(
            TechnicianAction.TEST_PRINT,
            ActionOutcome.DONE if outcome.printed else ActionOutcome.FAILED,
            printer=state,
        )
        self._done(TechnicianAction.TEST_PRINT, {"printed": outcome.printed, "state": state.value})

    def _synced(self, handled: int) -> None:
        self._access.finished(TechnicianAction.SYNC_NOW, ActionOutcome.DONE, count=handled)
        self._done(TechnicianAction.SYNC_NOW, {"ok": True, "count": handled})

    def _self_tested(self, checks: Sequence[Check]) -> None:
        from kiosk.selftest import CheckStatus

        failed = any(check.status is CheckStatus.FAILED for check in checks)
        self._access.finished(
            TechnicianAction.SELF_TEST,
            ActionOutcome.FAILED if failed else ActionOutcome.DONE,
            count=sum(check.status is not CheckStatus.OK for check in checks),
        )
        rows = [check.to_json() for check in checks]
        self._done(TechnicianAction.SELF_TEST, {"ok": True, "checks": rows})

    def _failed(self, action: TechnicianAction, error: Exception) -> None:
        log.error(
            "technician action failed",
            exc_info=error,
            extra={"event": "technician.action_failed", "action": action.value},
        )
        self._access.finished(action, ActionOutcome.FAILED)
        self._done(action, {"ok": False, "error": type(error).__name__})

    def _done(self, action: TechnicianAction, result: dict[str, object]) -> None:
        if self._access.is_open:
            self._results[action] = result
            self._read_kiosk()
        self._publish()

    # --- the camera -----------------------------------------------------------------------
    def wants_camera(self) -> bool:
        """Whether the camera should show the technician what it sees (the screen is open
        and no self-test holds the camera)."""
        return self._access.is_open and not self._access.running(TechnicianAction.SELF_TEST)

    @property
    def shown(self) -> bool:
        """Whether the PIN pad or the screen covers the resident's screens."""
        return self._access.state is not TechnicianState.CLOSED

    def qr_read(self, payload: str) -> None:
        """The camera read a QR code while the pad or the screen was up: only its kind is
        kept (the text of the test page's), and only while the screen is open."""
        if not self._access.is_open:
            return
        self._qr = qr_seen(payload, self._access.now())
        self._publish()

    # --- the kiosk's state, read in the background ----------------------------------------
    def _read_kiosk(self) -> None:
        if not self._access.is_open or self._reading:
            return
        self._reading = True
        tools = self._tools

        def read() -> tuple[KioskHealth, UnsentSubmission | None]:
            return tools.health(), tools.oldest_unsent()

        self._background.run("technician-health", read, self._kiosk_read, self._kiosk_unread)

    def _kiosk_read(self, read: tuple[KioskHealth, UnsentSubmission | None]) -> None:
        self._reading = False
        if self._access.is_open:
            self._health, self._unsent = read
            self._publish()

    def _kiosk_unread(self, error: Exception) -> None:
        self._reading = False
        log.warning(
            "technician screen could not read the kiosk's state: %s",
            type(error).__name__,
            extra={"event": "technician.health_failed"},
        )

    # --- what QML reads -------------------------------------------------------------------
    @Slot()
    def _publish(self) -> None:
        p = self._published
        p.update(
            "state",
            (self._access.state, self._access.notice, self._access.attempts_left, self._lock()),
            self.changed,
        )
        p.update("health", self._health_json(), self.healthChanged)
        p.update("actions", self._actions_json(), self.actionsChanged)
        p.update("qr", self._qr_json(), self.qrChanged)
        p.update("camera", (self.shown, self.wants_camera()), self.cameraChanged)

    def _state(self) -> int:
        return qml_value(self._access.state)

    state = Property(int, _state, notify=changed)

    def _shown(self) -> bool:
        return self.shown

    shownOnScreen = Property(bool, _shown, notify=changed)

    def _notice(self) -> int:
        return qml_value(self._access.notice)

    notice = Property(int, _notice, notify=changed)

    def _attempts_left(self) -> int:
        left = self._access.attempts_left
        return -1 if left is None else left

    attemptsLeft = Property(int, _attempts_left, notify=changed)

    def _lock(self) -> str:
        until = self._access.locked_until
        return "" if until is None else f"{until.astimezone(HANOI_TIME):%H:%M}"

    lockedUntil = Property(str, _lock, notify=changed)
    """When the lock lifts, Hanoi time (``14:35``); empty when not locked."""

    maxAttempts = Property(int, lambda self: MAX_PIN_ATTEMPTS, constant=True)
    lockMinutes = Property(int, lambda self: int(PIN_LOCK_FOR.total_seconds() // 60), constant=True)
    idleMinutes = Property(
        int, lambda self: int(IDLE_CLOSE_AFTER.total_seconds() // 60), constant=True
    )
    minPinLength = Property(int, lambda self: MIN_DIGITS, constant=True)
    maxPinLength = Property(int, lambda self: MAX_DIGITS, constant=True)

    def _health_json(self) -> str:
        health = self._health
        if health is None or not self._access.is_open:
            return ""
        from kiosk.health import OUTBOX_STATES

        unsent = self._unsent
        return as_json(
            {
                "kioskId": health.kiosk_id,
                "version": health.version,
                "printer": health.printer.value,
                "reader": health.reader.value,
                "camera": health.camera.value,
                "outboxAvailable": health.outbox_available,
                "outbox": {state: health.outbox_counts.get(state, 0) for state in OUTBOX_STATES},
                "oldestAgeS": _seconds(health.oldest_unsent_age_s),
                "unsent": None if unsent is None else _unsent_json(unsent),
                "lastSync": _when(health.last_sync_success_at),
                "lastSyncAgoS": _ago(health.now, health.last_sync_success_at),
                "lastHeartbeat": _when(health.last_heartbeat_at),
                "lastHeartbeatAgoS": _ago(health.now, health.last_heartbeat_at),
                "syncErrors": sum(health.sync_errors.values()),
                "catalogue": health.catalogue_version,
            }
        )

    healthJson = Property(str, _health_json, notify=healthChanged)
    """The kiosk's state as JSON (empty until read, and whenever the screen is not open)."""

    def _actions_json(self) -> str:
        if not self._access.is_open:
            return ""
        running = {a.value: self._access.running(a) for a in TechnicianAction}
        results = {a.value: r for a, r in self._results.items()}
        from kiosk.selftest import CHECK_NAMES

        with self._progress_lock:
            heard = list(self._progress)
        step = {"name": heard[-1] if heard else "", "number": len(heard), "of": len(CHECK_NAMES)}
        return as_json({"running": running, "results": results, "selfTestStep": step})

    actionsJson = Property(str, _actions_json, notify=actionsChanged)
    """Which actions run and what the last of each gave (empty when not open)."""

    def _qr_json(self) -> str:
        qr = self._qr
        if qr is None or not self._access.is_open:
            return ""
        return as_json(
            {
                "kind": qr.kind.value,
                "text": qr.text,
                "at": f"{qr.at.astimezone(HANOI_TIME):%H:%M:%S}",
            }
        )

    qrJson = Property(str, _qr_json, notify=qrChanged)
    """The QR code the camera read last: its kind, and the test page's text."""


def _unsent_json(unsent: UnsentSubmission) -> dict[str, object]:
    error = unsent.last_error
    if len(error) > MAX_ERROR_CHARS:
        error = error[: MAX_ERROR_CHARS - 1] + "…"
    return {
        "state": unsent.state,
        "attempts": unsent.attempts,
        "lastError": error,
        "queuedAt": f"{unsent.queued_at.astimezone(HANOI_TIME):%H:%M %d/%m/%Y}",
        "nextAttemptAt": (
            ""
            if unsent.next_attempt_at is None
            else f"{unsent.next_attempt_at.astimezone(HANOI_TIME):%H:%M:%S}"
        ),
    }


def _when(timestamp: float | None) -> str:
    """Unix seconds as Hanoi time for the screen (``14:32 23/11/2026``); empty for never."""
    if timestamp is None:
        return ""
    return f"{datetime.fromtimestamp(timestamp, HANOI_TIME):%H:%M %d/%m/%Y}"


def _ago(now: float, timestamp: float | None) -> int:
    return -1 if timestamp is None else max(0, int(now - timestamp))


def _seconds(value: float | None) -> int:
    return -1 if value is None else max(0, int(value))
