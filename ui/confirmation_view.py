"""Submitting and what follows: the application queued off the GUI thread, the confirmation
with the tracking code and the fee, the fee paid by VietQR (the session's
:class:`~kiosk.fee_payment.FeePayment`: the code asked of the portal, shown large, its payment
watched while the screen is open), the receipt (the session's
:class:`~kiosk.receipt_printing.ReceiptPrinting`), shown on screen when it cannot print, and
the resident's optional rating of the kiosk (queued, linked to nothing)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.fee_payment import PaymentPhase
from kiosk.fees import fee_due, money
from kiosk.payment import (
    FAILURE_TEXT,
    PAYMENT_TEXT,
    PaymentFailure,
    PaymentRequest,
    PaymentState,
    PaymentStatus,
    other_ways,
)
from kiosk.ports import QUEUE_FAILED, Ports, QueueUnavailableError
from kiosk.rating import FACES, REASON_TEXT, Rating, RatingReason, rating_day
from kiosk.receipt import Receipt, build_receipt, format_vnd
from kiosk.receipt_printing import PrintState
from kiosk.result_delivery import DELIVERY_TEXT
from kiosk.session import KioskSession, Screen
from kiosk.submission import Submission
from kiosk.text import Message
from kiosk.vietqr import VietQrError
from ui.background import Background
from ui.memory_image import RECEIPT, MemoryImageProvider
from ui.qml_enums import qml_value
from ui.qml_values import as_json
from ui.session_view import SessionView
from ui.vietqr_picture import vietqr_png
from ui.words import Words

log = logging.getLogger(__name__)

PRINTER_WATCH_INTERVAL_MS = 3000
"""While a receipt is waiting to be printed, ask the printer this often if it is back."""
PAYMENT_POLL_INTERVAL_MS = 3000
"""While the VietQR code is on screen, ask the portal this often whether it was paid (and,
while there is no code yet, for the code)."""
VIETQR_SLOT = "vietqr"
"""The VietQR code's picture, beside the receipt's in the same provider."""
VIETQR_SCALE = 12
"""Pixels per module of the VietQR picture (about 550 px: QML scales it to fit)."""


class ConfirmationView(SessionView):
    """Submit, the confirmation and the receipt, for QML as ``kiosk.confirmationView``."""

    trackingCodeChanged = Signal()
    feeDueChanged = Signal()
    # The print state, the printer-back flag and the receipt on screen are one state: they
    # change together and one status box shows them.
    printChanged = Signal()
    paymentChanged = Signal()
    ratingChanged = Signal()

    def __init__(
        self,
        session: KioskSession,
        ports: Ports,
        background: Background,
        words: Words,
        on_change: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(session, words, on_change, parent)
        self._ports = ports
        self._background = background
        self.receipt_images = MemoryImageProvider(RECEIPT)
        self._receipt_url = ""
        self._printer_watch = QTimer(self)
        self._printer_watch.setInterval(PRINTER_WATCH_INTERVAL_MS)
        self._printer_watch.timeout.connect(self._ask_printer)
        self._payment_poll = QTimer(self)
        self._payment_poll.setInterval(PAYMENT_POLL_INTERVAL_MS)
        self._payment_poll.timeout.connect(self._ask_payment)
        self._vietqr_url = ""
        self._rated: str | None = None
        """The local id of the submission whose rating was sent or skipped."""

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
        procedure = self._session.procedure
        if procedure is not None and procedure.pays_by_vietqr(submission.fee_vnd):
            self._session.payment.begin(submission.local_id)
            self._payment_poll.start()
            self._ask_payment()  # the receipt prints once the first word on the code is in
        self._changed()
        if self._session.payment.settled:
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
        address = self._session.kiosk_address
        ward = address.ward_name if address is not None else ""
        receipt = build_receipt(
            submission, procedure, self._ports.receipt_context, ward, self._session.payment.request
        )
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

    # --- the fee, by VietQR -----------------------------------------------------------------
    def _ask_payment(self) -> None:
        submission = self._confirmed()
        if submission is None:
            self._payment_poll.stop()
            return
        payment = self._session.payment
        call = payment.next_call(submission.local_id)
        local_id = submission.local_id
        if call == "request":
            self._background.run(
                "payment",
                partial(self._request_code, submission),
                partial(self._code_answered, local_id),
                lambda _error: self._code_answered(local_id, (PaymentFailure.UNAVAILABLE, None)),
            )
        elif call == "status" and payment.request is not None:
            self._background.run(
                "payment-status",
                partial(self._ports.payments.status, payment.request.payment_id),
                partial(self._payment_checked, local_id),
                lambda _error: self._payment_checked(local_id, PaymentFailure.UNAVAILABLE),
            )

    def _request_code(
        self, submission: Submission
    ) -> tuple[PaymentRequest | PaymentFailure, bytes | None]:
        """Off the GUI thread: the portal's transfer for the fee, and its VietQR code as a
        PNG (None when the portal's fields make no code)."""
        outcome = self._ports.payments.request(submission.tracking_code, submission.fee_vnd)
        if not isinstance(outcome, PaymentRequest):
            return outcome, None
        try:
            picture = vietqr_png(outcome.qr_payload(), VIETQR_SCALE)
        except VietQrError:
            log.warning("payment code unusable", extra={"event": "payment.unusable"})
            return PaymentFailure.UNAVAILABLE, None
        return outcome, picture

    def _code_answered(
        self, local_id: str, outcome: tuple[PaymentRequest | PaymentFailure, bytes | None]
    ) -> None:
        answer, picture = outcome
        submission = self._session.submission
        if submission is None or submission.local_id != local_id:
            return  # the session ended, or it is another submission's
        if picture is not None:
            self._vietqr_url = self.receipt_images.show(picture, VIETQR_SLOT)
        was_settled = self._session.payment.settled
        if self._session.payment.requested(local_id, answer):
            self.publish()
        if not was_settled and self._session.payment.settled:
            self._print(submission)
        if not self._session.payment.watching:
            self._payment_poll.stop()

    def _payment_checked(self, local_id: str, outcome: PaymentStatus | PaymentFailure) -> None:
        if self._session.payment.checked(local_id, outcome):
            log.info("fee paid", extra={"event": "payment.paid"})
            self.publish()
        if not self._session.payment.watching:
            self._payment_poll.stop()

    # --- the rating ---------------------------------------------------------------------------
    @Slot(int, str)
    def rate(self, score: int, reasons_json: str) -> None:
        """The resident's rating: a face (1-5) and the reasons ticked (JSON list of
        :class:`~kiosk.rating.RatingReason` values), queued linked to nothing."""
        submission = self._confirmed()
        if submission is None or self._rated == submission.local_id:
            return
        reasons = tuple(RatingReason(r) for r in json.loads(reasons_json or "[]"))
        rating = Rating(
            score,
            submission.procedure_code,
            submission.kiosk_id,
            rating_day(self._session.clock()),
            reasons,
        )
        self._rated = submission.local_id
        self._session.touched()
        self.publish()
        self._background.run(
            "rating",
            partial(self._ports.queue.queue_rating, rating),
            lambda _: log.info("rating queued", extra={"event": "rating.queued"}),
            lambda error: log.warning(
                "rating not stored", extra={"event": "rating.failed", "kind": type(error).__name__}
            ),
        )

    @Slot()
    def skipRating(self) -> None:
        """ "Bỏ qua": no rating."""
        submission = self._confirmed()
        if submission is not None:
            self._rated = submission.local_id
            self._session.touched()
            self.publish()

    # --- kept in step with the session ----------------------------------------------------
    @property
    def print_state(self) -> PrintState:
        """Where the receipt is."""
        return self._session.receipt.state

    def forget(self) -> None:
        """The session ended: the receipt and the VietQR code leave memory; the printer and
        the portal are no longer asked."""
        self._printer_watch.stop()
        self._payment_poll.stop()
        self._receipt_url = ""
        self._vietqr_url = ""
        self._rated = None
        self.receipt_images.clear()

    def publish(self, quiet: bool = False) -> None:
        """Tell QML what changed (``quiet``: only record it, a new screen is loading)."""
        p = self._published
        p.update("trackingCode", self._tracking_code(), self.trackingCodeChanged, quiet)
        p.update("feeDue", self._fee_due(), self.feeDueChanged, quiet)
        printing = (self.print_state, self._session.receipt.printer_back, self._receipt_image())
        p.update("print", printing, self.printChanged, quiet)
        p.update("payment", self._payment_json(), self.paymentChanged, quiet)
        p.update("rating", self._rating_done(), self.ratingChanged, quiet)

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
        if s is None:
            return ""
        if self._session.payment.phase is not PaymentPhase.NONE:
            # How to pay is the VietQR panel's to say (and the other ways beside it).
            amount = money(s.fee_vnd)
            return self._words.t(Message(f"Lệ phí: {amount.vi}.", f"Fee: {amount.en}."))
        return self._words.t(fee_due(s.fee_vnd))

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

    def _payment_json(self) -> str:
        """The fee's payment as the screen shows it, as JSON: ``phase`` (a
        :class:`PaymentPhase` number), the code's picture, the transfer in words, the state
        ("Đã thanh toán"), why there is no code and the other ways to pay."""
        s = self._confirmed()
        payment = self._session.payment
        if s is None or payment.phase is PaymentPhase.NONE:
            return as_json({"phase": qml_value(PaymentPhase.NONE)})
        t = self._words.t
        procedure = self._session.procedure
        ways = procedure.payment_methods if procedure is not None else ()
        others = [t(m) for m in other_ways(ways)]
        data: dict[str, object] = {
            "phase": qml_value(payment.phase),
            "stateWords": [
                t(PAYMENT_TEXT[PaymentState.PENDING]),
                t(PAYMENT_TEXT[PaymentState.PAID]),
            ],
            "amount": format_vnd(s.fee_vnd),
            "others": others,
            "failure": t(FAILURE_TEXT[payment.failure]) if payment.failure else "",
        }
        request = payment.request
        if request is not None:
            paid = payment.phase is PaymentPhase.PAID
            data |= {
                "qr": self._vietqr_url,
                "bank": request.bank_bin,
                "account": request.account,
                "purpose": request.purpose,
                "state": t(PAYMENT_TEXT[PaymentState.PAID if paid else PaymentState.PENDING]),
            }
        return as_json(data)

    paymentJson = Property(str, _payment_json, notify=paymentChanged)

    def _rating_done(self) -> bool:
        s = self._confirmed()
        return s is not None and self._rated == s.local_id

    @property
    def rating_offered(self) -> bool:
        """The faces still show (neither rated nor skipped)."""
        return not self._rating_done()

    ratingDone = Property(bool, _rating_done, notify=ratingChanged)

    def _result_delivery(self) -> str:
        s = self._confirmed()
        if s is None or s.result_delivery is None:
            return ""
        text = self._words.t(DELIVERY_TEXT[s.result_delivery.method])
        address = s.result_delivery.postal_address
        return f"{text} ({address})" if address else text

    resultDelivery = Property(str, _result_delivery, notify=trackingCodeChanged)
    """How the resident chose to receive the result (with the postal address, on their own
    screen), in their language."""
    """The rating was sent or skipped: the screen thanks the resident instead."""

    def _rating_words(self) -> str:
        t = self._words.t
        return as_json(
            {
                "faces": [{"score": n, "label": t(FACES[n])} for n in sorted(FACES)],
                "reasons": [{"value": r.value, "label": t(REASON_TEXT[r])} for r in RatingReason],
            }
        )

    ratingWords = Property(str, _rating_words, notify=ratingChanged)
    """The five faces' words and the reasons, in the resident's language, as JSON."""

    def stop(self) -> None:
        """Ask the printer and the portal no more (at exit)."""
        self._printer_watch.stop()
        self._payment_poll.stop()
