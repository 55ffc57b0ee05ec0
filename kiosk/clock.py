"""The kiosk's two clocks, for every part that takes one (tests give their own, moved by hand).

- The **wall clock** (:func:`utc_now`, or calling a :class:`Clock`) says what time and date
  it is: for what means calendar time (a date of birth checked against today, the time
  written on a record or a receipt, retention, a retry time kept in the outbox across a
  restart).
- The **monotonic clock** (:meth:`Clock.monotonic`) only counts seconds, and never jumps:
  for every timer that lives in memory (the inactivity countdown, how long a visit took, the
  heartbeat's schedule, waits). A kiosk whose wall clock is wrong (a dead RTC booting in 2000
  before time synchronisation, a clock set back by hand, NTP stepping it by hours) still
  wipes an idle session on time and sends its heartbeat every interval.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Clock(Protocol):
    """Both clocks of a part that needs the date and a timer."""

    def __call__(self) -> datetime:
        """The wall clock: now, timezone-aware in UTC (may be wrong, and may jump)."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start that only ever go forward at the real pace."""
        ...


class SystemClock:
    """This machine's clocks: :func:`utc_now` and :func:`time.monotonic`."""

    def __call__(self) -> datetime:
        return utc_now()

    def monotonic(self) -> float:
        return time.monotonic()


SYSTEM_CLOCK: Clock = SystemClock()
"""The clocks every part uses unless a test gives its own."""
