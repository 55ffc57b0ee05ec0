"""A card reader driven by code, for demos and tests."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiosk.ports import ReaderState


class SimulatedCardReader:
    """Starts with an empty reader; ``insert_card``, ``remove_card`` and ``unplug`` change it.

    Watchers are called on the thread that changes the state, only when it really changes.
    """

    def __init__(self, initial: ReaderState = ReaderState.EMPTY) -> None:
        self._state = initial
        self._watchers: list[Callable[[ReaderState], None]] = []
        self._lock = threading.Lock()

    def state(self) -> ReaderState:
        """The simulated state."""
        with self._lock:
            return self._state

    def watch(self, on_change: Callable[[ReaderState], None]) -> None:
        """Register a watcher."""
        with self._lock:
            self._watchers.append(on_change)

    def stop(self) -> None:
        """Forget all watchers."""
        with self._lock:
            self._watchers.clear()

    def insert_card(self) -> None:
        """A card is put in (plugging the reader in first if needed)."""
        self._set(ReaderState.CARD_PRESENT)

    def remove_card(self) -> None:
        """The card is pulled out."""
        self._set(ReaderState.EMPTY)

    def unplug(self) -> None:
        """The reader's cable is pulled."""
        self._set(ReaderState.NO_READER)

    def plug_in(self) -> None:
        """The reader is connected again, without a card."""
        self._set(ReaderState.EMPTY)

    def _set(self, state: ReaderState) -> None:
        with self._lock:
            if state == self._state:
                return
            self._state = state
            watchers = list(self._watchers)
        for watcher in watchers:
            watcher(state)
