"""A printer with no paper: it writes each receipt as the PNG a real printer would print.

It runs the real layout and the real ESC/POS encoding, then decodes the bytes back, so a
receipt that looks right here is a receipt whose bytes are right.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from hardware.printer.escpos_encoding import decode_escpos, encode_blocks
from hardware.printer.interface import PrintResult, StatusWatchers
from kiosk.ports import PrinterState, PrinterStatus
from kiosk.receipt import Receipt
from kiosk.receipt_layout import Block, layout_receipt

logger = logging.getLogger(__name__)

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9_-]")


class SimulatedPrinter:
    """Writes ``out_dir/receipt-<tracking_code>.png``; ``set_status`` fakes paper out etc."""

    def __init__(self, out_dir: Path, width_dots: int, font_dir: Path) -> None:
        self.out_dir = out_dir
        self.width_dots = width_dots
        self.font_dir = font_dir
        self.printed: list[Path] = []
        self.last_bytes: bytes = b""
        self._status = PrinterStatus(PrinterState.READY)
        self._lock = threading.Lock()
        self._watchers = StatusWatchers()

    def watch(self, on_state: Callable[[PrinterState], None]) -> None:
        """Tell ``on_state`` every state this printer reports from now on."""
        self._watchers.add(on_state)

    def set_status(self, status: PrinterStatus) -> None:
        """Make the printer report ``status`` (and refuse to print unless it is printable)."""
        with self._lock:
            self._status = status

    def status(self) -> PrinterStatus:
        """The status last set, ``READY`` at first."""
        return self._watchers.status(self._current_status())

    def print_receipt(self, receipt: Receipt) -> PrintResult:
        """Encode, decode and write the receipt PNG, unless the simulated status forbids it."""
        blocks = layout_receipt(receipt, self.width_dots, self.font_dir)
        return self.print_blocks(blocks, f"receipt-{receipt.tracking_code}")

    def print_blocks(self, blocks: Sequence[Block], name: str = "page") -> PrintResult:
        """Encode, decode and write ``out_dir/<name>.png``, unless the status forbids it."""
        return self._watchers.result(self._print(blocks, name))

    def _current_status(self) -> PrinterStatus:
        with self._lock:
            return self._status

    def _print(self, blocks: Sequence[Block], name: str) -> PrintResult:
        status = self._current_status()
        if not status.state.can_print:
            return PrintResult(False, status)
        data = encode_blocks(blocks, self.width_dots)
        picture = decode_escpos(data, self.width_dots)
        path = self.out_dir / f"{_UNSAFE_FILENAME.sub('_', name)}.png"
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            picture.save(path, format="PNG", optimize=True)
        except OSError as error:
            detail = f"cannot write receipt picture: {type(error).__name__}"
            return PrintResult(False, PrinterStatus(PrinterState.ERROR, detail))
        with self._lock:
            self.last_bytes = data
            self.printed.append(path)
        logger.info("simulated receipt written (%d ESC/POS bytes)", len(data))
        return PrintResult(True, status)
