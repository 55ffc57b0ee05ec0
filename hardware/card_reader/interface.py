"""What the kiosk needs to know from an ID-card reader, for now: is a card there?"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Protocol


class ReaderState(StrEnum):
    """Reader and card presence. ``UNAVAILABLE`` means the PC/SC service is not running."""

    NO_READER = "no_reader"
    EMPTY = "empty"
    CARD_PRESENT = "card_present"
    UNAVAILABLE = "unavailable"


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
