"""The one clock the tests move by hand, for every part that takes a clock.

Called, it gives the wall time (an aware UTC datetime), as the session, the outbox, the worker
and the portal simulator ask for it; :meth:`FakeClock.monotonic` (or :meth:`FakeClock.seconds`,
the same) gives a monotonic reading, as the session's and the worker's timers, the token bucket
and the QR scanner ask for them. Both move together with :meth:`FakeClock.advance` (or
:meth:`FakeClock.sleep`, the same, for the parts that wait); :meth:`FakeClock.jump_wall` moves
the wall clock alone, as a clock set by hand, a dead RTC or an NTP step does, so a test can
prove a timer does not follow it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

KIOSK_MORNING = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
"""10:00 in Hanoi on a weekday: when the resident's tests happen."""


class FakeClock:
    """A clock that only moves when the test says so."""

    def __init__(self, now: datetime = KIOSK_MORNING) -> None:
        self.now = now
        self._elapsed = 0.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        """Seconds since the clock was made (the monotonic clock's reading): moved by
        :meth:`advance`, never by :meth:`jump_wall`."""
        return self._elapsed

    def seconds(self) -> float:
        """The same as :meth:`monotonic` (for the parts that take a ``Callable[[], float]``)."""
        return self._elapsed

    def advance(self, seconds: float) -> None:
        """Time passes: both clocks move by ``seconds``."""
        self.now += timedelta(seconds=seconds)
        self._elapsed += seconds

    def sleep(self, seconds: float) -> None:
        """Waiting, for the parts that sleep: time passes at once."""
        self.advance(seconds)

    def jump_wall(self, seconds: float) -> None:
        """Only the wall clock moves (back, when negative): someone or something set it; no
        time passed, so the monotonic clock stays where it is."""
        self.now += timedelta(seconds=seconds)
