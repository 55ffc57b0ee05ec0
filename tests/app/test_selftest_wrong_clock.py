"""The self-test's clock check names a wrong wall clock as what keeps the kiosk from the
portal (issue 17, "Clocks"): TLS checks certificates against the wall clock, so a kiosk whose
clock is years off cannot reach the portal, and verification is never turned off for it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.app.selftest_machine import EARLIEST_TRUE_TIME, clock_check
from kiosk.selftest import CheckStatus

DEAD_RTC = datetime(2000, 1, 1, 0, 3, tzinfo=UTC)
"""Where a board without a working RTC battery boots, before time synchronisation."""
DAY_S = 86400.0
REFUSED = "TLS: the portal's certificate was refused"


def test_a_clock_before_the_software_was_made_fails_and_says_what_it_costs_and_what_to_do():
    check = clock_check(None, None, now=DEAD_RTC)
    assert check.status is CheckStatus.FAILED
    assert "the clock says 2000-01-01 00:03 UTC" in check.detail
    assert "certificate" in check.detail and "cannot reach the portal" in check.detail
    assert "timedatectl set-ntp true" in check.action
    assert "RTC battery" in check.action
    assert "never turn TLS verification off" in check.action


def test_the_skew_against_the_portal_is_still_given_with_a_dead_rtc():
    check = clock_check(True, -730 * DAY_S, now=DEAD_RTC)
    assert "-63072000 s against the portal's clock (730 d behind)" in check.detail


def test_a_clock_days_ahead_fails_and_warns_of_the_certificate():
    check = clock_check(True, 3 * DAY_S, now=EARLIEST_TRUE_TIME)
    assert check.status is CheckStatus.FAILED
    assert "+259200 s against the portal's clock (3 d ahead)" in check.detail
    assert "certificate" in check.action


@pytest.mark.parametrize(
    ("skew_s", "words"),
    [(-7200.0, "(2 h behind)"), (5400.0, "(2 h ahead)"), (300.0, "+300 s against")],
)
def test_a_large_skew_is_given_in_hours_or_days_too(skew_s: float, words: str):
    assert words in clock_check(True, skew_s, now=EARLIEST_TRUE_TIME).detail


def test_a_clock_after_the_software_was_made_is_judged_by_its_skew_alone():
    check = clock_check(True, 0.0, now=EARLIEST_TRUE_TIME)
    assert check.status is CheckStatus.OK


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        (
            "TLS: the portal's certificate was refused (certificate is not yet valid)",
            "not yet valid",
        ),
        ("TLS: the portal's certificate was refused (certificate has expired)", "expired"),
    ],
)
def test_a_certificate_refused_for_its_dates_names_the_clock(reason: str, words: str):
    check = clock_check(True, None, now=EARLIEST_TRUE_TIME, tls_refusal=reason)
    assert check.status is CheckStatus.FAILED
    assert f"refused as {words}: most likely this clock is wrong" in check.detail
    assert "timedatectl set-ntp true" in check.action
    assert "never turn TLS verification off" in check.action


def test_a_certificate_refused_for_another_reason_says_nothing_of_the_clock():
    reason = f"{REFUSED} (unable to get local issuer certificate)"
    check = clock_check(True, None, now=EARLIEST_TRUE_TIME, tls_refusal=reason)
    assert check.status is CheckStatus.OK
