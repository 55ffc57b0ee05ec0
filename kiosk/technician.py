"""The technician's screen, its rules: how it opens, who may use it, what it may do.

It is hidden from residents. Five taps in the top-left corner within three seconds
(:class:`CornerGesture`) bring up the PIN pad; the technician PIN (checked by a
:class:`PinChecker`, :class:`kiosk.technician_pin.PinStore` on a kiosk) opens the screen.
Five wrong PINs lock the pad for five minutes (the store keeps the lock across a restart).
The screen closes itself after two minutes untouched, and at once with "Exit".

:class:`TechnicianAccess` is the state machine::

    CLOSED --5 taps--> PIN_ENTRY --PIN typed--> CHECKING --right--> OPEN
       ^                   |  ^                    |                  |
       +-------Exit--------+  +--wrong, locked-----+                  |
       +----------------------- Exit, 2 minutes untouched, restart ---+

Every sign-in, right or wrong, and every action taken on the open screen goes to the audit
trail (``technician.*``, :class:`kiosk.audit.AuditEvent`); an action asked for while the
screen is not open is refused. What the screen does to the kiosk (print the test page, sync
now, run the self-test, restart) and what it shows (the health snapshot, the oldest unsent
submission) come as plain calls from the composition root (:class:`TechnicianTools`).

What the camera reads while the screen is open is told by its kind only
(:func:`qr_seen`): a resident's ID card or receipt never shows; the test page's code does.

Pure Python: the PIN check itself (argon2, a fraction of a second) is the screen's to run
off the GUI thread (:meth:`TechnicianAccess.submit_pin` gives the :class:`PinAttempt`).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from kiosk.audit import NO_AUDIT, AuditEvent, AuditTrail
from kiosk.cccd_qr import CitizenIdentity, parse_cccd_qr
from kiosk.clock import Clock
from kiosk.dossier_lookup import TrackingCodeSource, read_tracking_code
from kiosk.ports import PrinterStatus
from kiosk.technician_pin import PinCheck, PinResult

if TYPE_CHECKING:  # the screen's tools' types: loaded with the tools, after the first frame
    from kiosk.health import KioskHealth
    from kiosk.selftest import Check

log = logging.getLogger(__name__)

CORNER_TAPS = 5
CORNER_WITHIN = timedelta(seconds=3)
"""Five taps in the corner within three seconds bring up the PIN pad."""
IDLE_CLOSE_AFTER = timedelta(minutes=2)
"""The PIN pad and the technician screen close after this long untouched."""
MAX_PIN_ATTEMPTS = 5
PIN_LOCK_FOR = timedelta(minutes=5)
"""Wrong PINs allowed in a row, and how long the pad stays locked after them (the root gives
the same to the :class:`~kiosk.technician_pin.PinStore`; the screen says them)."""
TEST_PAGE_QR_PREFIX = "KIOSK-TEST "
"""How the QR code on the printer's test page begins
(:func:`kiosk.receipt_layout.layout_test_page`)."""


class TechnicianState(StrEnum):
    """Where the technician screen is."""

    CLOSED = "closed"
    PIN_ENTRY = "pin_entry"
    CHECKING = "checking"
    """The PIN typed is being checked."""
    OPEN = "open"


class PinNotice(StrEnum):
    """What the PIN pad tells the technician."""

    NONE = "none"
    WRONG = "wrong"
    """That PIN was wrong; ``attempts_left`` more may be tried."""
    LOCKED = "locked"
    """Too many wrong PINs: locked until ``locked_until``."""
    NOT_SET = "not_set"
    """No technician PIN was set on this kiosk (``kiosk provision`` sets one)."""


class SignInMethod(StrEnum):
    """How a technician signs in (the audit trail's ``method``)."""

    PIN = "pin"


class LogoutReason(StrEnum):
    """Why the technician screen closed (the audit trail's ``reason``)."""

    EXIT = "exit"
    IDLE = "idle"
    RESTART = "restart"


class TechnicianAction(StrEnum):
    """What the technician screen can do to the kiosk."""

    TEST_PRINT = "test_print"
    SYNC_NOW = "sync_now"
    SELF_TEST = "self_test"
    RESTART = "restart"


ACTION_EVENTS = {
    TechnicianAction.TEST_PRINT: AuditEvent.TECHNICIAN_TEST_PRINT,
    TechnicianAction.SYNC_NOW: AuditEvent.TECHNICIAN_SYNC_NOW,
    TechnicianAction.SELF_TEST: AuditEvent.TECHNICIAN_SELFTEST,
    TechnicianAction.RESTART: AuditEvent.TECHNICIAN_RESTART,
}
"""The audit event each action leaves."""


class ActionOutcome(StrEnum):
    """How an action went (the audit trail's ``outcome``)."""

    DONE = "done"
    FAILED = "failed"


# --- what the screen shows and does, given by the composition root ----------------------
class PinChecker(Protocol):
    """The technician PIN (:class:`kiosk.technician_pin.PinStore`)."""

    def is_set(self) -> bool:
        """Whether a PIN is set on this kiosk."""

    def verify(self, pin: str) -> PinResult:
        """Check one attempt, counting it if wrong (slow: argon2)."""

    def locked_until(self) -> datetime | None:
        """When the lock lifts, or None when not locked now."""


class _NoPin:
    """A kiosk without a technician PIN: the screen never opens."""

    def is_set(self) -> bool:
        return False

    def verify(self, pin: str) -> PinResult:
        return PinResult(PinCheck.NOT_SET, 0, None)

    def locked_until(self) -> datetime | None:
        return None


NO_PIN: PinChecker = _NoPin()


@dataclass(frozen=True)
class UnsentSubmission:
    """The oldest submission not yet at the portal, and why it waits (nothing personal:
    neither its tracking code nor its contents)."""

    state: str
    """``queued`` (waiting for its next attempt) or ``sending``."""
    attempts: int
    queued_at: datetime
    last_error: str = ""
    """Why the last attempt did not get through (the network's or the portal's words)."""
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class PrintOutcome:
    """The test page: whether it printed, and what the printer said."""

    printed: bool
    status: PrinterStatus


@dataclass(frozen=True)
class TechnicianTools:
    """What the technician screen reads and does, each a plain call. They block (the
    database, the printer, the portal, the devices): the screen runs them off its thread."""

    health: Callable[[], KioskHealth]
    """The kiosk's health now (devices, outbox counts, last sync and heartbeat, catalogue)."""
    oldest_unsent: Callable[[], UnsentSubmission | None]
    test_print: Callable[[], PrintOutcome]
    sync_now: Callable[[], int]
    """Send what is due now; how many submissions were handled."""
    self_test: Callable[[Callable[[str], None]], Sequence[Check]]
    """Run the self-test; the callable given hears each check's name as it starts (on the
    self-test's thread)."""
    restart: Callable[[], None]
    """Quit so that the service manager starts the kiosk again (returns at once)."""


class NoTechnicianToolsError(RuntimeError):
    """A tool of :data:`NO_TOOLS` was called (a bug: that screen can never open)."""


def _no_health() -> KioskHealth:
    raise NoTechnicianToolsError("health")


def _no_unsent() -> UnsentSubmission | None:
    raise NoTechnicianToolsError("oldest_unsent")


def _no_print() -> PrintOutcome:
    raise NoTechnicianToolsError("test_print")


def _no_sync() -> int:
    raise NoTechnicianToolsError("sync_now")


def _no_self_test(progress: Callable[[str], None]) -> Sequence[Check]:
    raise NoTechnicianToolsError("self_test")


def _no_restart() -> None:
    raise NoTechnicianToolsError("restart")


NO_TOOLS = TechnicianTools(_no_health, _no_unsent, _no_print, _no_sync, _no_self_test, _no_restart)
"""For a kiosk on screen without a technician screen (the screens' own tests)."""


# --- the camera -------------------------------------------------------------------------
class QrKind(StrEnum):
    """What kind of QR code the camera read while the technician screen was open."""

    ID_CARD = "id_card"
    """A citizen ID card: only that one was read, never what it holds."""
    RECEIPT = "receipt"
    """A resident's receipt: its tracking code opens their dossier, so it is not shown."""
    TEST_PAGE = "test_page"
    """The printer's test page: its text is shown."""
    OTHER = "other"


@dataclass(frozen=True)
class QrSeen:
    """A QR code the camera read, as the technician screen may show it."""

    kind: QrKind
    at: datetime
    text: str = ""
    """The code's text: for the test page only."""


def qr_seen(payload: str, at: datetime) -> QrSeen:
    """What the technician may see of ``payload``: its kind, and the text of a test page."""
    text = payload.strip()
    if text.startswith(TEST_PAGE_QR_PREFIX):
        return QrSeen(QrKind.TEST_PAGE, at, text[:120])
    if isinstance(parse_cccd_qr(payload), CitizenIdentity):
        return QrSeen(QrKind.ID_CARD, at)
    if isinstance(read_tracking_code(payload, TrackingCodeSource.SCANNED), str):
        return QrSeen(QrKind.RECEIPT, at)
    return QrSeen(QrKind.OTHER, at)


# --- the way in -------------------------------------------------------------------------
class CornerGesture:
    """Counts taps in the hidden corner: ``taps`` of them within ``within`` complete it."""

    def __init__(
        self,
        clock: Clock,
        taps: int = CORNER_TAPS,
        within: timedelta = CORNER_WITHIN,
    ) -> None:
        self._clock = clock
        self._taps = taps
        self._within_s = within.total_seconds()
        self._times: deque[float] = deque()

    def tap(self) -> bool:
        """One tap; True when it completes the gesture (the count then starts again). Timed
        on the monotonic clock."""
        now = self._clock.monotonic()
        while self._times and now - self._times[0] > self._within_s:
            self._times.popleft()
        self._times.append(now)
        if len(self._times) >= self._taps:
            self._times.clear()
            return True
        return False

    def reset(self) -> None:
        """Forget the taps so far."""
        self._times.clear()


@dataclass(frozen=True)
class PinAttempt:
    """One PIN typed, to be checked off the GUI thread (:meth:`check`), then handed back to
    :meth:`TechnicianAccess.pin_checked`."""

    number: int
    _pin: str = field(repr=False)
    _pins: PinChecker = field(repr=False)

    def check(self) -> PinResult:
        """Check the PIN (slow: argon2); the store counts a wrong one."""
        return self._pins.verify(self._pin)


class TechnicianAccess:
    """The technician screen's state: closed, asking for the PIN, or open; and the audit of
    every sign-in and action. Time comes from ``clock``: the lock (kept across restarts) by
    its wall clock, the two idle minutes and the time signed in by its monotonic clock.
    Nothing here runs by itself: the screen calls :meth:`expire_if_idle` and
    :meth:`refresh_lock` every second or so."""

    def __init__(
        self,
        pins: PinChecker,
        clock: Clock,
        audit: AuditTrail = NO_AUDIT,
        *,
        idle_close_after: timedelta = IDLE_CLOSE_AFTER,
        gesture: CornerGesture | None = None,
    ) -> None:
        self._pins = pins
        self._clock = clock
        self._audit = audit
        self._idle_close_after = idle_close_after
        self._gesture = gesture or CornerGesture(clock)
        self.state = TechnicianState.CLOSED
        self.notice = PinNotice.NONE
        self.attempts_left: int | None = None
        """After a wrong PIN: how many more may be tried before the lock."""
        self.locked_until: datetime | None = None
        self._tries = 0
        self._attempt = 0
        self._last_touch: float | None = None
        self._opened_at: float | None = None
        self._running: set[TechnicianAction] = set()

    # --- the way in ---------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        """Whether the technician signed in: only then is anything shown or done."""
        return self.state is TechnicianState.OPEN

    def corner_tapped(self) -> bool:
        """A tap in the hidden corner; True when it brought up the PIN pad."""
        if self.state is not TechnicianState.CLOSED or not self._gesture.tap():
            return False
        self.state = TechnicianState.PIN_ENTRY
        self._tries = 0
        self.attempts_left = None
        self._show_lock(self._pins.locked_until())
        if self.notice is PinNotice.NONE and not self._pins.is_set():
            self.notice = PinNotice.NOT_SET
        self.touched()
        log.info("technician PIN pad shown", extra={"event": "technician.pin_pad"})
        return True

    def submit_pin(self, pin: str) -> PinAttempt | None:
        """The PIN typed on the pad: the attempt to check (off the GUI thread), or None when
        the pad is not waiting for one."""
        if self.state is not TechnicianState.PIN_ENTRY:
            return None
        self._attempt += 1
        self._tries += 1
        self.state = TechnicianState.CHECKING
        self.touched()
        return PinAttempt(self._attempt, pin, self._pins)

    def pin_checked(self, attempt: PinAttempt, result: PinResult) -> None:
        """What the check of ``attempt`` gave: the screen opens, or the pad says why not.
        Every attempt is audited; one that comes back after the pad was closed opens
        nothing."""
        current = attempt.number == self._attempt and self.state is TechnicianState.CHECKING
        if result.check is PinCheck.OK:
            if not current:
                return
            self.state = TechnicianState.OPEN
            self.notice = PinNotice.NONE
            self.attempts_left = None
            self.locked_until = None
            self._opened_at = self._clock.monotonic()
            self.touched()
            self._audit.record(
                AuditEvent.TECHNICIAN_LOGIN, method=SignInMethod.PIN, attempts=self._tries
            )
            return
        self._audit.record(
            AuditEvent.TECHNICIAN_LOGIN_FAILED,
            method=SignInMethod.PIN,
            attempts=self._tries,
            reason=result.check,
            count=result.attempts_left,
        )
        if not current:
            return
        self.state = TechnicianState.PIN_ENTRY
        self.touched()
        if result.check is PinCheck.NOT_SET:
            self.notice = PinNotice.NOT_SET
        elif result.locked_until is not None:
            self._show_lock(result.locked_until)
        else:
            self.notice = PinNotice.WRONG
            self.attempts_left = result.attempts_left
            self.locked_until = None

    def refresh_lock(self) -> bool:
        """While the pad shows the lock: lift it once its time is up; True when it did. The
        PIN store says when (it keeps a lock to its length if the wall clock went back)."""
        if self.notice is not PinNotice.LOCKED or self.locked_until is None:
            return False
        until = self._pins.locked_until()
        if until is not None:
            self.locked_until = until
            return False
        self.notice = PinNotice.NONE
        self.locked_until = None
        self.attempts_left = None
        return True

    def _show_lock(self, until: datetime | None) -> None:
        if until is None:
            self.notice = PinNotice.NONE
            self.locked_until = None
            return
        self.notice = PinNotice.LOCKED
        self.locked_until = until
        self.attempts_left = 0

    # --- time and the way out -----------------------------------------------------------
    def touched(self) -> None:
        """The technician touched the screen: the two minutes start again."""
        self._last_touch = self._clock.monotonic()

    def now(self) -> datetime:
        """The time on the clock the lock and the two minutes are measured by."""
        return self._clock()

    def idle_s(self) -> float:
        """Seconds since the technician last touched the screen."""
        if self._last_touch is None:
            return 0.0
        return max(0.0, self._clock.monotonic() - self._last_touch)

    def expire_if_idle(self) -> bool:
        """Close the PIN pad or the screen after two minutes untouched; True when it did."""
        if self.state not in (TechnicianState.PIN_ENTRY, TechnicianState.OPEN):
            return False
        if self.idle_s() < self._idle_close_after.total_seconds():
            return False
        self.close(LogoutReason.IDLE)
        return True

    def close(self, reason: LogoutReason = LogoutReason.EXIT) -> None:
        """Close the PIN pad or the screen (the technician's log-out if signed in)."""
        if self.state is TechnicianState.OPEN:
            duration = None
            if self._opened_at is not None:
                duration = max(0.0, self._clock.monotonic() - self._opened_at)
            self._audit.record(
                AuditEvent.TECHNICIAN_LOGOUT,
                method=SignInMethod.PIN,
                duration_s=duration,
                reason=reason,
            )
        self.state = TechnicianState.CLOSED
        self.notice = PinNotice.NONE
        self.attempts_left = None
        self.locked_until = None
        self._opened_at = None
        self._last_touch = None
        self._running.clear()
        self._gesture.reset()

    # --- actions ------------------------------------------------------------------------
    def begin(self, action: TechnicianAction) -> bool:
        """The technician asked for ``action``: True when it may run now (the screen is open
        and it is not running already); a refused one is logged, and nothing is done."""
        if not self.is_open or action is TechnicianAction.RESTART:
            log.warning(
                "technician action refused: the technician screen is not open",
                extra={"event": "technician.refused", "action": action.value},
            )
            return False
        self.touched()
        if action in self._running:
            return False
        self._running.add(action)
        return True

    def running(self, action: TechnicianAction) -> bool:
        """Whether ``action`` was begun and has not finished."""
        return action in self._running

    def finished(
        self,
        action: TechnicianAction,
        outcome: ActionOutcome,
        *,
        count: int | None = None,
        printer: StrEnum | None = None,
    ) -> None:
        """``action`` finished: its audit entry (``count``, the ``printer``'s state where
        they apply). Recorded even if the screen closed meanwhile: it was done."""
        self._running.discard(action)
        self._audit.record(ACTION_EVENTS[action], outcome=outcome, count=count, state=printer)

    def restart(self) -> bool:
        """The technician asked to restart the kiosk: audited, and the screen closed (the
        log-out), before the caller quits. False (nothing done) when not open."""
        if not self.is_open:
            log.warning(
                "technician action refused: the technician screen is not open",
                extra={"event": "technician.refused", "action": TechnicianAction.RESTART.value},
            )
            return False
        self._audit.record(AuditEvent.TECHNICIAN_RESTART)
        self.close(LogoutReason.RESTART)
        return True
