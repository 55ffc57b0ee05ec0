"""The technician screen's rules: the hidden corner, the PIN and its lock, two minutes
untouched, the audit of every sign-in and action, and nothing done before the PIN."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.audit import AuditEvent
from kiosk.ports import PrinterState
from kiosk.session import KioskSession
from kiosk.technician import (
    NO_TOOLS,
    ActionOutcome,
    CornerGesture,
    LogoutReason,
    NoTechnicianToolsError,
    PinNotice,
    QrKind,
    TechnicianAccess,
    TechnicianAction,
    TechnicianState,
    qr_seen,
)
from kiosk.technician_pin import PinStore
from tests.audit_trail import AuditLog
from tests.fake_clock import KIOSK_MORNING, FakeClock

PIN = "246810"
WRONG = "135791"
CARD = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)


@pytest.fixture
def audit(clock: FakeClock) -> AuditLog:
    return AuditLog(clock)


@pytest.fixture
def pins(tmp_path: Path, clock: FakeClock) -> PinStore:
    store = PinStore(tmp_path, clock)
    store.set_pin(PIN)
    return store


@pytest.fixture
def access(pins: PinStore, clock: FakeClock, audit: AuditLog) -> TechnicianAccess:
    return TechnicianAccess(pins, clock, audit)


def state(access: TechnicianAccess) -> TechnicianState:
    """Where the screen is now (read through a call: it changes between asserts)."""
    return access.state


def notice(access: TechnicianAccess) -> PinNotice:
    return access.notice


def open_pad(access: TechnicianAccess) -> None:
    for _ in range(5):
        access.corner_tapped()
    assert state(access) is TechnicianState.PIN_ENTRY


def enter(access: TechnicianAccess, pin: str) -> None:
    """Type ``pin`` and check it, as the screen does (the check itself off its thread)."""
    attempt = access.submit_pin(pin)
    assert attempt is not None
    assert state(access) is TechnicianState.CHECKING
    access.pin_checked(attempt, attempt.check())


def sign_in(access: TechnicianAccess) -> None:
    open_pad(access)
    enter(access, PIN)
    assert access.is_open


# --- the hidden corner ----------------------------------------------------------------------
def test_five_taps_within_three_seconds_complete_the_gesture(clock: FakeClock):
    gesture = CornerGesture(clock)
    for _ in range(4):
        assert gesture.tap() is False
        clock.advance(0.7)
    assert gesture.tap() is True  # the fifth, 2.8 s after the first
    assert gesture.tap() is False  # the count starts again


def test_taps_spread_over_more_than_three_seconds_do_not(clock: FakeClock):
    gesture = CornerGesture(clock)
    for _ in range(8):
        assert gesture.tap() is False
        clock.advance(0.8)  # five taps span 3.2 s


def test_older_taps_drop_out_of_the_window(clock: FakeClock):
    gesture = CornerGesture(clock)
    gesture.tap()
    gesture.tap()
    clock.advance(3.5)
    assert [gesture.tap() for _ in range(4)] == [False, False, False, False]
    assert gesture.tap() is True


def test_the_corner_opens_the_pin_pad_and_nothing_else(access: TechnicianAccess):
    for _ in range(4):
        assert access.corner_tapped() is False
    assert state(access) is TechnicianState.CLOSED
    assert access.corner_tapped() is True
    assert state(access) is TechnicianState.PIN_ENTRY
    assert notice(access) is PinNotice.NONE
    assert [access.corner_tapped() for _ in range(5)] == [False] * 5  # already up


# --- the PIN --------------------------------------------------------------------------------
def test_the_right_pin_opens_the_screen_and_is_audited(access: TechnicianAccess, audit: AuditLog):
    open_pad(access)
    enter(access, WRONG)
    assert state(access) is TechnicianState.PIN_ENTRY
    assert (access.notice, access.attempts_left) == (PinNotice.WRONG, 4)
    enter(access, PIN)
    assert state(access) is TechnicianState.OPEN and notice(access) is PinNotice.NONE
    assert audit.fields() == [
        {
            "event": "technician.login_failed",
            "method": "pin",
            "attempts": 1,
            "reason": "wrong",
            "count": 4,
        },
        {"event": "technician.login", "method": "pin", "attempts": 2},
    ]
    assert PIN not in str(audit.entries) and WRONG not in str(audit.entries)


def test_five_wrong_pins_lock_the_pad_for_five_minutes_even_across_a_restart(
    tmp_path: Path, clock: FakeClock, access: TechnicianAccess, audit: AuditLog
):
    open_pad(access)
    for _ in range(5):
        enter(access, WRONG)
    assert notice(access) is PinNotice.LOCKED
    assert access.locked_until == KIOSK_MORNING + timedelta(minutes=5)
    assert access.attempts_left == 0
    enter(access, PIN)  # the right PIN, while locked: not even checked
    assert state(access) is TechnicianState.PIN_ENTRY and notice(access) is PinNotice.LOCKED
    reasons = [e["reason"] for e in audit.of(AuditEvent.TECHNICIAN_LOGIN_FAILED)]
    assert reasons == ["wrong"] * 5 + ["locked"]

    # The kiosk restarts: a new store on the same files, a new screen.
    after_restart = TechnicianAccess(PinStore(tmp_path, clock), clock, audit)
    open_pad(after_restart)
    assert notice(after_restart) is PinNotice.LOCKED
    assert after_restart.locked_until == KIOSK_MORNING + timedelta(minutes=5)

    clock.advance(4 * 60 + 59)
    assert after_restart.refresh_lock() is False
    clock.advance(1)
    assert after_restart.refresh_lock() is True
    assert notice(after_restart) is PinNotice.NONE and after_restart.locked_until is None
    enter(after_restart, PIN)
    assert after_restart.is_open


def test_a_kiosk_without_a_pin_says_so_and_never_opens(
    tmp_path: Path, clock: FakeClock, audit: AuditLog
):
    access = TechnicianAccess(PinStore(tmp_path, clock), clock, audit)
    open_pad(access)
    assert notice(access) is PinNotice.NOT_SET
    enter(access, PIN)
    assert state(access) is TechnicianState.PIN_ENTRY and notice(access) is PinNotice.NOT_SET
    assert audit.events() == ["technician.login_failed"]
    assert audit.entries[0]["reason"] == "not_set"


def test_a_check_that_comes_back_after_the_pad_closed_opens_nothing(
    access: TechnicianAccess, audit: AuditLog
):
    open_pad(access)
    attempt = access.submit_pin(PIN)
    assert attempt is not None
    access.close()  # Exit pressed while the PIN was being checked
    access.pin_checked(attempt, attempt.check())
    assert state(access) is TechnicianState.CLOSED
    assert audit.events() == []
    open_pad(access)
    wrong = access.submit_pin(WRONG)
    assert wrong is not None
    access.close()
    access.pin_checked(wrong, wrong.check())
    assert state(access) is TechnicianState.CLOSED
    assert audit.events() == ["technician.login_failed"]  # a try is a try


def test_a_pin_is_taken_only_while_the_pad_asks_for_one(access: TechnicianAccess):
    assert access.submit_pin(PIN) is None  # closed
    open_pad(access)
    assert access.submit_pin(PIN) is not None
    assert access.submit_pin(PIN) is None  # already checking one


# --- two minutes untouched ------------------------------------------------------------------
def test_the_screen_closes_after_two_minutes_untouched(
    access: TechnicianAccess, clock: FakeClock, audit: AuditLog
):
    sign_in(access)
    clock.advance(119)
    assert access.expire_if_idle() is False
    access.touched()
    clock.advance(119)
    assert access.expire_if_idle() is False
    clock.advance(1)
    assert access.expire_if_idle() is True
    assert state(access) is TechnicianState.CLOSED
    assert audit.fields()[-1] == {
        "event": "technician.logout",
        "method": "pin",
        "duration_s": 239.0,
        "reason": "idle",
    }


def test_the_pin_pad_closes_after_two_minutes_untouched_without_a_logout(
    access: TechnicianAccess, clock: FakeClock, audit: AuditLog
):
    open_pad(access)
    clock.advance(120)
    assert access.expire_if_idle() is True
    assert state(access) is TechnicianState.CLOSED
    assert audit.events() == []


def test_exit_logs_out_and_the_corner_starts_from_nothing(
    access: TechnicianAccess, clock: FakeClock, audit: AuditLog
):
    sign_in(access)
    clock.advance(42)
    access.close()
    assert state(access) is TechnicianState.CLOSED
    assert audit.fields()[-1] == {
        "event": "technician.logout",
        "method": "pin",
        "duration_s": 42.0,
        "reason": "exit",
    }
    assert access.corner_tapped() is False  # a fresh count of five


# --- actions --------------------------------------------------------------------------------
@pytest.mark.parametrize("action", list(TechnicianAction))
def test_no_action_is_taken_before_the_pin(
    access: TechnicianAccess, audit: AuditLog, action: TechnicianAction
):
    assert access.begin(action) is False
    open_pad(access)
    assert access.begin(action) is False
    enter(access, WRONG)
    assert access.begin(action) is False
    assert access.restart() is False
    assert state(access) is TechnicianState.PIN_ENTRY
    assert AuditEvent.TECHNICIAN_RESTART.value not in audit.events()
    assert not access.running(action)


def test_each_action_runs_once_at_a_time_and_is_audited_with_its_outcome(
    access: TechnicianAccess, audit: AuditLog
):
    sign_in(access)
    assert access.begin(TechnicianAction.TEST_PRINT) is True
    assert access.begin(TechnicianAction.TEST_PRINT) is False  # already printing
    assert access.running(TechnicianAction.TEST_PRINT)
    access.finished(
        TechnicianAction.TEST_PRINT, ActionOutcome.FAILED, printer=PrinterState.NO_PAPER
    )
    assert not access.running(TechnicianAction.TEST_PRINT)
    assert access.begin(TechnicianAction.SYNC_NOW)
    access.finished(TechnicianAction.SYNC_NOW, ActionOutcome.DONE, count=3)
    assert access.begin(TechnicianAction.SELF_TEST)
    access.finished(TechnicianAction.SELF_TEST, ActionOutcome.DONE, count=0)
    assert audit.fields()[1:] == [
        {"event": "technician.test_print", "outcome": "failed", "state": "no_paper"},
        {"event": "technician.sync_now", "outcome": "done", "count": 3},
        {"event": "technician.selftest", "outcome": "done", "count": 0},
    ]


def test_an_action_finished_after_the_screen_closed_is_still_audited(
    access: TechnicianAccess, audit: AuditLog
):
    sign_in(access)
    assert access.begin(TechnicianAction.SYNC_NOW)
    access.close()
    access.finished(TechnicianAction.SYNC_NOW, ActionOutcome.DONE, count=1)
    assert audit.events()[-2:] == ["technician.logout", "technician.sync_now"]


def test_restart_is_audited_then_logs_out(access: TechnicianAccess, audit: AuditLog):
    sign_in(access)
    assert access.begin(TechnicianAction.RESTART) is False  # only through restart()
    assert access.restart() is True
    assert state(access) is TechnicianState.CLOSED
    assert audit.events()[-2:] == ["technician.restart", "technician.logout"]
    assert audit.entries[-1]["reason"] == LogoutReason.RESTART.value


# --- what the camera read -------------------------------------------------------------------
def test_a_qr_code_is_told_by_its_kind_only_the_test_page_by_its_text(clock: FakeClock):
    card = qr_seen(CARD, clock())
    assert (card.kind, card.text) == (QrKind.ID_CARD, "")
    receipt = qr_seen("https://dichvucong.hanoi.gov.vn/tra-cuu?ma=HN-7K3M-Q9PD", clock())
    assert (receipt.kind, receipt.text) == (QrKind.RECEIPT, "")
    page = qr_seen("KIOSK-TEST HN-KIOSK-0001 2026-11-23T10:00", clock())
    assert (page.kind, page.text) == (QrKind.TEST_PAGE, "KIOSK-TEST HN-KIOSK-0001 2026-11-23T10:00")
    other = qr_seen("https://example.invalid/khuyen-mai", clock())
    assert (other.kind, other.text) == (QrKind.OTHER, "")


# --- the resident's session -----------------------------------------------------------------
def test_a_session_making_way_for_a_technician_is_wiped_and_audited(
    session: KioskSession, audit: AuditLog
):
    session.audit = audit
    session.start()
    session.choose_procedure("dang-ky-tam-tru")
    session.make_way_for_technician()
    assert session.procedure is None and session.screen.value == "home"
    assert audit.of(AuditEvent.SESSION_ABANDONED)[-1]["reason"] == "technician"


def test_a_kiosk_without_technician_tools_refuses_to_use_them():
    with pytest.raises(NoTechnicianToolsError):
        NO_TOOLS.sync_now()
    with pytest.raises(NoTechnicianToolsError):
        NO_TOOLS.health()


# --- a wall clock that jumps ------------------------------------------------------------------
def test_a_clock_set_back_a_day_during_the_lock_still_lifts_it_after_five_minutes(
    tmp_path: Path, clock: FakeClock, access: TechnicianAccess, audit: AuditLog
):
    open_pad(access)
    for _ in range(5):
        enter(access, WRONG)
    assert notice(access) is PinNotice.LOCKED
    clock.jump_wall(-24 * 3600)  # the lock now looks a day and five minutes long
    assert access.refresh_lock() is False
    after_restart = TechnicianAccess(PinStore(tmp_path, clock), clock, audit)
    open_pad(after_restart)
    assert notice(after_restart) is PinNotice.LOCKED
    clock.advance(5 * 60)
    assert access.refresh_lock() is True
    assert after_restart.refresh_lock() is True
    enter(after_restart, PIN)
    assert after_restart.is_open


@pytest.mark.parametrize("jump_s", [-3600.0, 24 * 3600.0])
def test_the_two_idle_minutes_and_the_corner_taps_ignore_the_wall_clock(
    clock: FakeClock, access: TechnicianAccess, audit: AuditLog, jump_s: float
):
    gesture = CornerGesture(clock)
    for _ in range(4):
        assert gesture.tap() is False
        clock.advance(0.5)
    clock.jump_wall(jump_s)
    assert gesture.tap() is True  # five taps in two seconds, whatever the wall clock says

    open_pad(access)
    enter(access, PIN)
    assert access.is_open
    clock.jump_wall(jump_s)
    assert access.expire_if_idle() is False
    clock.advance(119)
    assert access.expire_if_idle() is False
    clock.advance(1)
    assert access.expire_if_idle() is True
    (logout,) = audit.of(AuditEvent.TECHNICIAN_LOGOUT)
    assert logout["duration_s"] == 120
