"""What the rest of the kiosk may ask of a receipt printer, whatever its connection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.receipt import Receipt
from kiosk.receipt_layout import Block


class PrinterState(StrEnum):
    """The printer's condition, as far as it can be known.

    ``UNKNOWN`` means the printer did not say (many cannot); it is not a fault.
    """

    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    NO_PAPER = "no_paper"
    COVER_OPEN = "cover_open"
    DISCONNECTED = "disconnected"
    ERROR = "error"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterStatus:
    """A printer state with a technician-facing detail (never citizen data)."""

    state: PrinterState
    detail: str = ""


@dataclass(frozen=True)
class PrintResult:
    """Whether a receipt went out, and the printer status at that moment."""

    printed: bool
    status: PrinterStatus


class ReceiptPrinter(Protocol):
    """A receipt printer. Paper out, cover open or an unplugged cable are returned, not raised."""

    def print_receipt(self, receipt: Receipt) -> PrintResult:
        """Print one receipt; blocking, so the UI calls it from a worker thread."""
        ...

    def print_blocks(self, blocks: Sequence[Block]) -> PrintResult:
        """Print laid-out blocks (a test page); blocking, like :meth:`print_receipt`."""
        ...

    def status(self) -> PrinterStatus:
        """Ask the printer how it is, quickly."""
        ...
