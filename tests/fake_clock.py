"""The one clock the tests move by hand, for every part that takes a clock.

Called, it gives the wall time (an aware UTC datetime), as the session, the outbox, the worker
and the portal simulator ask for it; :meth:`FakeClock.seconds` gives the seconds since it was
made, as the monotonic clocks of the token bucket and the QR scanner ask for them. Both move
only with :meth:`FakeClock.advance` (or :meth:`FakeClock.sleep`, the same, for the parts that
wait).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

KIOSK_MORNING = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
"""10:00 in Hanoi on a weekday: when the resident's tests happen."""


class FakeClock:
    """A clock that only moves when the test says so."""

    def __init__(self, now: datetime = KIOSK_MORNING) -> None:
        self.now = now
        self._start = now

    def __call__(self) -> datetime:
        return self.now

    def seconds(self) -> float:
        """Seconds since the clock was made (a monotonic clock's reading)."""
        return (self.now - self._start).total_seconds()

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def sleep(self, seconds: float) -> None:
        """Waiting, for the parts that sleep: time passes at once."""
        self.advance(seconds)
