"""A PC/SC smart-card reader (pcscd + pyscard): reader and card presence.

Watching is done by a thread of our own that waits on ``SCardGetStatusChange`` rather than
with pyscard's ``CardMonitor``/``ReaderMonitor``: their threads die when pcscd is not running
or restarts, and a kiosk must pick the reader up again once the service is back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from smartcard import scard

from kiosk.ports import ReaderState

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.5
# How long one SCardGetStatusChange call may wait for a change before we look again.
STATUS_WAIT_MS = 500


class PcscCardReader:
    """The first PC/SC reader whose name contains ``reader_name_contains`` (any if empty)."""

    def __init__(self, reader_name_contains: str = "") -> None:
        self.reader_name_contains = reader_name_contains
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._watchers: list[Callable[[ReaderState], None]] = []
        self._lock = threading.RLock()
        self._last: ReaderState | None = None

    def state(self) -> ReaderState:
        """Ask pcscd now. A missing service is ``UNAVAILABLE``, returned, not raised."""
        return self._query(wait_ms=0)

    def _query(self, wait_ms: int) -> ReaderState:
        result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if result != scard.SCARD_S_SUCCESS:
            return ReaderState.UNAVAILABLE
        try:
            return self._state_in(context, wait_ms)
        finally:
            scard.SCardReleaseContext(context)

    def _state_in(self, context: Any, wait_ms: int) -> ReaderState:
        result, readers = scard.SCardListReaders(context, [])
        if result == scard.SCARD_E_NO_SERVICE:
            return ReaderState.UNAVAILABLE
        if result != scard.SCARD_S_SUCCESS:
            return ReaderState.NO_READER
        matching = [name for name in readers if self.reader_name_contains in name]
        if not matching:
            return ReaderState.NO_READER
        states = [(matching[0], scard.SCARD_STATE_UNAWARE)]
        result, states = scard.SCardGetStatusChange(context, 0, states)
        if result == scard.SCARD_S_SUCCESS and wait_ms > 0:
            # Now wait for a change from the state we just learnt, so watching costs nothing.
            known = [(name, event & ~scard.SCARD_STATE_CHANGED) for name, event, _ in states]
            result, changed = scard.SCardGetStatusChange(context, wait_ms, known)
            if result == scard.SCARD_S_SUCCESS:
                states = changed
            elif result != scard.SCARD_E_TIMEOUT:
                return ReaderState.NO_READER
        elif result != scard.SCARD_S_SUCCESS:
            return ReaderState.NO_READER
        event_state = states[0][1]
        if event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
            return ReaderState.NO_READER
        if event_state & scard.SCARD_STATE_PRESENT:
            return ReaderState.CARD_PRESENT
        return ReaderState.EMPTY

    def watch(self, on_change: Callable[[ReaderState], None]) -> None:
        """Call ``on_change`` from a background thread each time the state changes.

        A watcher added while watching already runs is told the state known now at once
        (from this thread), so a second watcher does not wait for the next change."""
        with self._lock:
            self._watchers.append(on_change)
            if self._thread is not None and self._thread.is_alive():
                if self._last is not None:
                    on_change(self._last)
            else:
                self._last = None
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="pcsc-watch", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        """Stop watching and wait for the thread; no callback follows."""
        self._stop.set()
        with self._lock:
            self._watchers.clear()
            thread = self._thread
            self._thread = None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5 * POLL_INTERVAL_S + STATUS_WAIT_MS / 1000)

    def _run(self) -> None:
        last: ReaderState | None = None
        while not self._stop.is_set():
            try:
                current = self._query(wait_ms=STATUS_WAIT_MS)
            except Exception:
                logger.exception("PC/SC status query failed")
                current = ReaderState.UNAVAILABLE
            if current != last:
                last = current
                with self._lock:
                    if self._stop.is_set():
                        return
                    self._last = current
                    for watcher in list(self._watchers):
                        watcher(current)
            if current in (ReaderState.UNAVAILABLE, ReaderState.NO_READER):
                # Nothing to wait on in pcscd: look again a little later.
                self._stop.wait(POLL_INTERVAL_S)
