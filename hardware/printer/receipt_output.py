"""The receipt printer as the resident's session sees it (:class:`kiosk.ports.ReceiptOutput`).

A failed print is an operator alarm (``printer.failed`` in the journal, with the state); the
resident is never held up by it: the screen shows the receipt instead.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from hardware.printer.interface import ReceiptPrinter
from kiosk.receipt import Receipt
from kiosk.receipt_layout import layout_receipt, render_blocks

log = logging.getLogger(__name__)


class PrinterOutput:
    """Prints receipts on ``printer``, and draws them when paper fails."""

    def __init__(self, printer: ReceiptPrinter, width_dots: int, font_dir: Path) -> None:
        self._printer = printer
        self._width_dots = width_dots
        self._font_dir = font_dir

    def print_receipt(self, receipt: Receipt) -> bool:
        """Print; False when the printer could not."""
        result = self._printer.print_receipt(receipt)
        if not result.printed:
            log.warning(
                "receipt not printed",
                extra={"event": "printer.failed", "state": result.status.state.value},
            )
        return result.printed

    def picture(self, receipt: Receipt) -> bytes:
        """The receipt as it would print, as PNG bytes."""
        blocks = layout_receipt(receipt, self._width_dots, self._font_dir)
        buffer = io.BytesIO()
        render_blocks(blocks, self._width_dots).save(buffer, format="PNG")
        return buffer.getvalue()

    def ready(self) -> bool:
        """Whether the printer says it can print (an unknown status counts as ready)."""
        return self._printer.status().state.can_print
