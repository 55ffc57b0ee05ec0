"""What the kiosk needs to know from an ID-card reader, for now: is a card there?

The states are the core's :class:`kiosk.ports.ReaderState`: a driver reports them, the
screens show them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kiosk.ports import ReaderState


class CardReader(Protocol):
    """A smart-card reader that reports card insertion and removal."""

    def state(self) -> ReaderState:
        """The state right now."""
        ...

    def watch(self, on_change: Callable[[ReaderState], None]) -> None:
        """Call ``on_change(state)`` whenever the state changes (from a background thread)."""
        ...

    def stop(self) -> None:
        """Stop watching; no callback happens after this returns."""
        ...
