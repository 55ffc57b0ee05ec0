"""The session's timers follow the monotonic clock, not the wall clock (issue 17, "Clocks").

A wall clock set back an hour must not give a resident who walked away an hour more before
their data is wiped; one set forward a day must not wipe the session of a resident who is
still typing; and how long a visit took is the time that passed, whatever the clock says.
"""

from __future__ import annotations

import pytest

from kiosk.audit import AuditEvent
from kiosk.procedures import Catalogue
from kiosk.session import KioskSession, Screen
from tests.audit_trail import AuditLog
from tests.fake_clock import FakeClock

from .test_session import identity, to_identify

HOUR_S = 3600.0
DAY_S = 86400.0


@pytest.fixture
def log(clock: FakeClock) -> AuditLog:
    return AuditLog(clock)


@pytest.fixture
def session(catalogue: Catalogue, clock: FakeClock, log: AuditLog) -> KioskSession:
    return KioskSession(catalogue=catalogue, clock=clock, kiosk_id="HN-TEST-1", audit=log)


def on_identify_with_a_card(session: KioskSession) -> None:
    to_identify(session)
    session.card_read(identity())


def test_a_wall_clock_set_back_an_hour_does_not_delay_the_wipe(
    session: KioskSession, clock: FakeClock
):
    on_identify_with_a_card(session)
    clock.jump_wall(-HOUR_S)
    clock.advance(session.idle_warning_after_s + session.idle_countdown_s)
    assert session.expire_if_idle()
    assert session.screen is Screen.HOME and session.identity is None


def test_a_wall_clock_set_forward_a_day_does_not_wipe_a_resident_who_is_there(
    session: KioskSession, clock: FakeClock
):
    on_identify_with_a_card(session)
    clock.jump_wall(DAY_S)
    assert session.idle_state().countdown_s is None
    assert not session.expire_if_idle()
    assert session.identity is not None
    clock.advance(session.idle_warning_after_s + 5)
    state = session.idle_state()
    assert state.countdown_s == pytest.approx(session.idle_countdown_s - 5)
    assert not state.expired


def test_the_countdown_counts_elapsed_time_while_the_wall_clock_jumps_back(
    session: KioskSession, clock: FakeClock
):
    on_identify_with_a_card(session)
    clock.advance(session.idle_warning_after_s)
    clock.jump_wall(-HOUR_S)  # NTP steps the clock back mid-countdown
    clock.advance(5)
    assert session.idle_state().countdown_s == pytest.approx(session.idle_countdown_s - 5)


def test_a_visit_lasts_the_time_that_passed_whatever_the_wall_clock_did(
    session: KioskSession, clock: FakeClock, log: AuditLog
):
    session.start()
    clock.advance(30)
    clock.jump_wall(DAY_S)
    clock.advance(12)
    session.finish()
    assert [e["duration_s"] for e in log.of(AuditEvent.SESSION_ABANDONED)] == [42.0]
