"""The receipt of the application just submitted, from the first try to print it until the
resident finishes: whether it printed, and whether a failed print may be tried again.

Printing blocks on the printer; the caller runs it off the screen's thread and reports the
outcome with the local id of the submission it printed. Each outcome goes to the operators'
audit trail (``receipt.printed`` or ``receipt.failed``).
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.audit import NO_AUDIT, AuditEvent, AuditTrail


class PrintState(StrEnum):
    """Where the receipt is, as the confirmation screen says it."""

    IDLE = "idle"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"
    """Not printed (no paper, printer off): the screen shows the receipt instead."""


class ReceiptPrinting:
    """IDLE → PRINTING → PRINTED | FAILED; from FAILED the resident may print again.

    While FAILED the printer is asked now and then whether it is back (``printer_back``),
    so the screen can say so. The session forgets all of it when it ends.
    """

    def __init__(self, audit: AuditTrail = NO_AUDIT) -> None:
        self.state = PrintState.IDLE
        self.printer_back = False
        self._audit = audit
        self._printing: str | None = None
        self._attempts = 0
        """Tries at the receipt of this session's submission."""
        self.printed_count = 0
        """Receipts printed since the kiosk started (not forgotten with the session)."""
        self.failed_count = 0
        """Prints that failed since the kiosk started (each try)."""

    def start(self, local_id: str) -> bool:
        """Print the receipt of submission ``local_id``: False (nothing starts) while one is
        printing or after it printed."""
        if self.state not in (PrintState.IDLE, PrintState.FAILED):
            return False
        self.state = PrintState.PRINTING
        self._printing = local_id
        self._attempts += 1
        return True

    @property
    def can_print_again(self) -> bool:
        """Whether the resident may ask for the receipt again (only after a failed print)."""
        return self.state is PrintState.FAILED

    def finished(self, local_id: str, printed: bool) -> bool:
        """A print ended; False when it is not the one awaited (the session ended meanwhile,
        or it was another submission's), and nothing changes."""
        if self.state is not PrintState.PRINTING or local_id != self._printing:
            return False
        self._printing = None
        self.state = PrintState.PRINTED if printed else PrintState.FAILED
        if printed:
            self.printed_count += 1
        else:
            self.failed_count += 1
        self.printer_back = False
        self._audit.record(
            AuditEvent.RECEIPT_PRINTED if printed else AuditEvent.RECEIPT_FAILED,
            submission=local_id,
            attempts=self._attempts,
        )
        return True

    def printer_ready(self, ready: bool) -> bool:
        """The printer said whether it can print now; True when that changes what the screen
        says (only a failed receipt waits for the printer)."""
        if self.state is not PrintState.FAILED or ready == self.printer_back:
            return False
        self.printer_back = ready
        return True

    def forget(self) -> None:
        """The session ended: back to IDLE; a print still under way is no longer awaited."""
        self.state = PrintState.IDLE
        self.printer_back = False
        self._printing = None
        self._attempts = 0
