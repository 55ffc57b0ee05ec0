"""What the rest of the kiosk may ask of a receipt printer, whatever its connection.

Its states are the core's :class:`kiosk.ports.PrinterState` and ``PrinterStatus``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kiosk.ports import PrinterStatus
from kiosk.receipt import Receipt
from kiosk.receipt_layout import Block


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
