"""What the rest of the kiosk may ask of a receipt printer, whatever its connection.

Its states are the core's :class:`kiosk.ports.PrinterState` and ``PrinterStatus``. Whoever
needs to hear every state a printer reports (the operators' audit trail) watches it: each
driver tells its :class:`StatusWatchers` what its status answers and its jobs came to.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kiosk.ports import PrinterState, PrinterStatus
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

    def watch(self, on_state: Callable[[PrinterState], None]) -> None:
        """Call ``on_state`` with every state the printer reports from now on (its status
        answers and its jobs' outcomes), on the thread that asked."""
        ...


class StatusWatchers:
    """Who hears the states a printer reports; a driver passes each answer through."""

    def __init__(self) -> None:
        self._watchers: list[Callable[[PrinterState], None]] = []
        self._lock = threading.Lock()

    def add(self, on_state: Callable[[PrinterState], None]) -> None:
        """Tell ``on_state`` of every state from now on."""
        with self._lock:
            self._watchers.append(on_state)

    def status(self, status: PrinterStatus) -> PrinterStatus:
        """A status answer: told, and returned."""
        self._tell(status.state)
        return status

    def result(self, result: PrintResult) -> PrintResult:
        """A job's outcome: its status told, and returned. A job that printed on a printer
        that cannot say its status is told as ``READY``: it took the job."""
        state = result.status.state
        if result.printed and state is PrinterState.UNKNOWN:
            state = PrinterState.READY
        self._tell(state)
        return result

    def _tell(self, state: PrinterState) -> None:
        with self._lock:
            watchers = list(self._watchers)
        for on_state in watchers:
            on_state(state)
