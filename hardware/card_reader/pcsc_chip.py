"""The PC/SC reader and the ID card's chip as the resident's session sees them
(:class:`kiosk.ports.CardChip`): pcscd's reader state changes, and reading the chip with
the ID number and birth date the resident typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from hardware.card_reader.pcsc_reader import PcscCardReader
from hardware.card_reader.pcsc_transport import PcscChipReader
from kiosk.chip_data import ChipReadResult
from kiosk.ports import ReaderState


class PcscChip:
    """One reader (the first whose name contains ``reader_name_contains``), watched and read."""

    def __init__(self, reader_name_contains: str) -> None:
        self._watcher = PcscCardReader(reader_name_contains)
        self._reader = PcscChipReader(reader_name_contains)

    def watch(self, on_state: Callable[[ReaderState], None]) -> None:
        """Report the reader's state (pcscd's status changes, not polling by the screen)."""
        self._watcher.watch(on_state)

    def read(self, id_number: str, date_of_birth: date) -> ChipReadResult:
        """Read the chip (blocks for seconds); the issue date is not known here."""
        return self._reader.read_with_facts(
            id_number, date_of_birth, None, datetime.now(UTC).date()
        )

    def stop(self) -> None:
        """Stop watching; no callback follows."""
        self._watcher.stop()
