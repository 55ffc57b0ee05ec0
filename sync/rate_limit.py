"""A token bucket: the kiosk never sends the portal more than a set number of requests per
second, however long the queue it brings back from a day offline.

Time and waiting are injected, so tests run on a virtual clock without sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

TOLERANCE = 1e-6


class TokenBucket:
    """``rate_per_s`` requests per second on average, at most ``burst`` at once."""

    def __init__(
        self,
        rate_per_s: float,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        """``clock`` gives seconds (any origin); ``sleep`` waits (it may return early)."""
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("the rate must be positive and the burst at least 1")
        self._rate = rate_per_s
        self._burst = float(burst)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._stamp = clock()

    @property
    def rate_per_s(self) -> float:
        """The configured average rate."""
        return self._rate

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now

    def try_acquire(self) -> float:
        """Take a token if there is one (returns 0.0), else the seconds until there is."""
        with self._lock:
            self._refill()
            # A clock with microsecond steps never lands on exactly 1.0: be that lenient.
            if self._tokens >= 1.0 - TOLERANCE:
                self._tokens = max(0.0, self._tokens - 1.0)
                return 0.0
            return (1.0 - self._tokens) / self._rate

    def acquire(self, cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Wait for a token; False if ``cancelled()`` became true while waiting."""
        while True:
            wait = self.try_acquire()
            if wait == 0.0:
                return True
            if cancelled():
                return False
            self._sleep(wait)
