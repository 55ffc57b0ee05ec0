"""Submitting and what follows: the application queued off the GUI thread, the confirmation
with the tracking code and the fee, and the receipt (the session's
:class:`~kiosk.receipt_printing.ReceiptPrinting`), shown on screen when it cannot print."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.fees import fee_due
from kiosk.ports import QUEUE_FAILED, Ports, QueueUnavailableError
from kiosk.receipt import Receipt, build_receipt
from kiosk.receipt_printing import PrintState
from kiosk.session import KioskSession, Screen
from kiosk.submission import Submission
from ui.background import Background
from ui.memory_image import RECEIPT, MemoryImageProvider
from ui.qml_enums import qml_value
from ui.qml_values import Published
from ui.words import Words

log = logging.getLogger(__name__)

PRINTER_WATCH_INTERVAL_MS = 3000
"""While a receipt is waiting to be printed, ask the printer this often if it is back."""


class ConfirmationView(QObject):
    """Submit, the confirmation and the receipt, for QML as ``kiosk.confirmationView``."""

    trackingCodeChanged = Signal()
    feeDueChanged = Signal()
    # The print state, the printer-back flag and the receipt on screen are one state: they
    # change together and one status box shows them.
    printChanged = Signal()

    def __init__(
        self,
        session: KioskSession,
        ports: Ports,
        background: Background,
        words: Words,
        on_change: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._ports = ports
        self._background = background
        self._words = words
        self._changed = on_change
        self.receipt_images = MemoryImageProvider(RECEIPT)
        self._published = Published()
        self._receipt_url = ""
        self._printer_watch = QTimer(self)
        self._printer_watch.setInterval(PRINTER_WATCH_INTERVAL_MS)
        self._printer_watch.timeout.connect(self._ask_printer)

    # --- what the resident does -----------------------------------------------------------
    @Slot()
    def submit(self) -> None:
        """Freeze the application and queue it; the confirmation shows once it is stored."""
        submission = self._session.submit()
        files = self._session.submission_files()
        self._changed()
        self._background.run(
            "queue",
            partial(self._ports.queue.queue, submission, files),
            lambda _: self._queued(submission),
            partial(self._queue_failed, submission),
        )

    @Slot()
    def printAgain(self) -> None:
        submission = self._session.submission
        if submission is not None and self._session.receipt.can_print_again:
            self._print(submission)

    def _queued(self, submission: Submission) -> None:
        if not self._current(submission):
            return
        log.info(
            "submission queued",
            extra={"event": "submit.queued", "tracking_code": submission.tracking_code},
        )
        self._session.submitted()
        self._changed()
        self._print(submission)

    def _queue_failed(self, submission: Submission, error: Exception) -> None:
        if not isinstance(error, QueueUnavailableError):
            # A bug: whether the application was stored is unknown, and submitting it again
            # could make a second dossier, so the resident is not asked to.
            log.error("queue raised", exc_info=error, extra={"event": "submit.queue_error"})
            return
        log.error("queue failed", exc_info=error, extra={"event": "submit.queue_failed"})
        if self._current(submission):
            self._session.submit_failed(QUEUE_FAILED)
            self._changed()

    def _current(self, submission: Submission) -> bool:
        current = self._session.submission
        return current is not None and current.local_id == submission.local_id

    def _print(self, submission: Submission) -> None:
        procedure = self._session.procedure
        assert procedure is not None
        receipt = build_receipt(submission, procedure, self._ports.receipt_context)
        if not self._session.receipt.start(submission.local_id):
            return
        self.publish()
        self._background.run(
            "print",
            partial(self._print_or_picture, receipt),
            partial(self._printed, submission.local_id),
        )

    def _print_or_picture(self, receipt: Receipt) -> tuple[bool, bytes | None]:
        """Off the GUI thread: print; when paper fails, the screen shows the receipt instead,
        so render it here too."""
        printed = self._ports.printer.print_receipt(receipt)
        return printed, None if printed else self._ports.printer.picture(receipt)

    def _printed(self, local_id: str, outcome: tuple[bool, bytes | None]) -> None:
        printed, picture = outcome
        if not self._session.receipt.finished(local_id, printed):
            return
        if picture is not None:
            self._receipt_url = self.receipt_images.show(picture)
            self._printer_watch.start()
        else:
            self._printer_watch.stop()
        log.info("receipt", extra={"event": "receipt.printed" if printed else "receipt.failed"})
        self.publish()

    def _ask_printer(self) -> None:
        self._background.run("printer-status", self._ports.printer.ready, self._printer_ready)

    def _printer_ready(self, ready: bool) -> None:
        if self._session.receipt.printer_ready(ready):
            self.publish()

    # --- kept in step with the session ----------------------------------------------------
    @property
    def print_state(self) -> PrintState:
        """Where the receipt is."""
        return self._session.receipt.state

    def forget(self) -> None:
        """The session ended: the receipt leaves memory and the printer is no longer asked."""
        self._printer_watch.stop()
        self._receipt_url = ""
        self.receipt_images.clear()

    def publish(self, quiet: bool = False) -> None:
        """Tell QML what changed (``quiet``: only record it, a new screen is loading)."""
        p = self._published
        p.update("trackingCode", self._tracking_code(), self.trackingCodeChanged, quiet)
        p.update("feeDue", self._fee_due(), self.feeDueChanged, quiet)
        printing = (self.print_state, self._session.receipt.printer_back, self._receipt_image())
        p.update("print", printing, self.printChanged, quiet)

    # --- what the screen shows ------------------------------------------------------------
    def _confirmed(self) -> Submission | None:
        s = self._session.submission
        return s if s is not None and self._session.screen is Screen.CONFIRMATION else None

    def _tracking_code(self) -> str:
        s = self._confirmed()
        return s.tracking_code if s is not None else ""

    trackingCode = Property(str, _tracking_code, notify=trackingCodeChanged)

    def _fee_due(self) -> str:
        s = self._confirmed()
        return self._words.t(fee_due(s.fee_vnd)) if s is not None else ""

    feeDue = Property(str, _fee_due, notify=feeDueChanged)

    def _print_value(self) -> int:
        return qml_value(self.print_state)

    printState = Property(int, _print_value, notify=printChanged)

    def _printer_back(self) -> bool:
        return self._session.receipt.printer_back

    printerBack = Property(bool, _printer_back, notify=printChanged)

    def _receipt_image(self) -> str:
        return self._receipt_url if self.print_state is PrintState.FAILED else ""

    receiptImage = Property(str, _receipt_image, notify=printChanged)

    def stop(self) -> None:
        """Ask the printer no more (at exit)."""
        self._printer_watch.stop()
