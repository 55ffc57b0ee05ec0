"""The look-up screen's Python side: a tracking code in, a dossier's status out.

The code comes typed on the on-screen keyboard or from the QR code on the receipt (the
session routes camera payloads here while this screen is up). The directory is asked in the
background (``ui.background``), since it may wait for the portal. Nothing shown here is
personal, and it is forgotten when the screen is left.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk import vietqr
from kiosk.dossier_lookup import (
    LOOKUP_UNAVAILABLE,
    NOT_FOUND,
    STAGE_TEXT,
    DossierFacts,
    DossierStage,
    LookupFailure,
    TrackingCodeSource,
    read_tracking_code,
    with_hotline,
)
from kiosk.payment import PAYMENT_TEXT, PaymentState
from kiosk.ports import DossierDirectory
from kiosk.receipt import HANOI_TIME
from kiosk.result_delivery import DELIVERY_TEXT
from kiosk.text import Message
from ui.background import Background
from ui.qml_values import as_json

log = logging.getLogger(__name__)


class LookupState:
    """Where the look-up screen is."""

    ASKING = "asking"
    """Waiting for a code (typed or shown to the camera)."""
    SEARCHING = "searching"
    FOUND = "found"


TONE = {
    DossierStage.WAITING: "waiting",
    DossierStage.NOT_ACCEPTED: "problem",
    DossierStage.RECEIVED: "progress",
    DossierStage.PROCESSING: "progress",
    DossierStage.RESULT_READY: "done",
    DossierStage.MORE_DOCUMENTS: "problem",
    DossierStage.REJECTED: "problem",
}
"""How the screen colours a stage (always with words and an icon, never colour alone)."""


class DossierLookupView(QObject):
    """The state of the look-up screen, for QML (as ``kiosk.lookupView``)."""

    changed = Signal()  # state, error, code and result change together

    def __init__(
        self,
        directory: DossierDirectory,
        translate: Callable[[Message], str],
        hotline: str,
        procedure_name: Callable[[str], Message | None],
        background: Background,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._background = background
        self._t = translate
        self._hotline = hotline
        self._procedure_name = procedure_name
        self._state = LookupState.ASKING
        self._error: Message | None = None
        self._facts: DossierFacts | None = None
        self._asked: str | None = None
        # The code last shown: the resident who asks for another code may still hold that
        # receipt up to the camera, and it must not come straight back.
        self._shown: str | None = None

    # --- what the resident does -----------------------------------------------------------
    @Slot(str)
    def lookUp(self, text: str) -> None:
        """Look up the code typed on the keyboard."""
        self._ask(text, TrackingCodeSource.TYPED)

    def scanned(self, payload: str) -> None:
        """A QR code was shown to the camera while this screen is up. The fee's VietQR code,
        printed on the same receipt, is passed over without a word: the look-up code beside
        it is read in the next frames."""
        if self._state == LookupState.ASKING and not _is_vietqr(payload):
            self._ask(payload, TrackingCodeSource.SCANNED)

    @Slot()
    def again(self) -> None:
        """Look up another code (the one just shown stays ignored by the camera)."""
        if self._state == LookupState.ASKING and self._error is None and self._facts is None:
            return
        self._state = LookupState.ASKING
        self._error = None
        self._facts = None
        self._asked = None
        self.changed.emit()

    def clear(self) -> None:
        """Forget everything: the resident left the screen."""
        self._shown = None
        self.again()

    def _ask(self, text: str, source: TrackingCodeSource) -> None:
        if self._state == LookupState.SEARCHING:
            return
        code = read_tracking_code(text, source)
        if isinstance(code, Message):
            self._error = code
            self.changed.emit()
            return
        if source is TrackingCodeSource.SCANNED and code == self._shown:
            return
        self._error = None
        self._asked = code
        self._state = LookupState.SEARCHING
        self.changed.emit()
        log.info("look-up asked", extra={"event": "lookup.asked", "source": source.value})
        self._background.run(
            "lookup", partial(self._directory.look_up, code), partial(self._on_answer, code)
        )

    def _on_answer(self, code: str, outcome: DossierFacts | LookupFailure) -> None:
        if self._state != LookupState.SEARCHING or code != self._asked:
            return  # the resident left the screen meanwhile: a late answer is dropped
        if isinstance(outcome, LookupFailure):
            self._state = LookupState.ASKING
            message = NOT_FOUND if outcome is LookupFailure.NOT_FOUND else LOOKUP_UNAVAILABLE
            self._error = with_hotline(message, self._hotline, code=code)
        else:
            self._state = LookupState.FOUND
            self._facts = outcome
            self._shown = code
        self.changed.emit()

    # --- what the screen shows ------------------------------------------------------------
    def asking(self) -> bool:
        """Whether the screen waits for a code (the camera then reads receipts)."""
        return self._state == LookupState.ASKING

    def _get_state(self) -> str:
        return self._state

    state = Property(str, _get_state, notify=changed)

    def _get_error(self) -> str:
        return self._t(self._error) if self._error else ""

    error = Property(str, _get_error, notify=changed)

    def _get_searching_code(self) -> str:
        return self._asked or ""

    code = Property(str, _get_searching_code, notify=changed)

    def result(self) -> dict[str, object]:
        """The dossier found, as the screen shows it (empty before one is found)."""
        facts = self._facts
        if facts is None:
            return {}
        text = STAGE_TEXT[facts.stage]
        name = self._procedure_name(facts.procedure_code)
        return {
            "code": facts.tracking_code,
            "procedure": self._t(name) if name else facts.procedure_code,
            "submitted": self._t(_when(facts.submitted_at)),
            "stage": facts.stage.value,
            "tone": TONE[facts.stage],
            "title": self._t(text.title),
            "nextStep": self._t(with_hotline(text.next_step, self._hotline)),
            "dossierCode": facts.dossier_code or "",
            "history": [
                {
                    "title": self._t(STAGE_TEXT[e.stage].title),
                    "at": self._t(_when(e.at)),
                    "note": e.note,
                }
                for e in facts.history
            ],
            "freshness": self._freshness(facts),
            "payment": self._payment(facts),
            "paid": facts.payment is PaymentState.PAID,
            "delivery": self._t(DELIVERY_TEXT[facts.result_delivery])
            if facts.result_delivery is not None
            else "",
            "elsewhere": self._t(ELSEWHERE) if facts.elsewhere else "",
            "officeNote": facts.next_step_note,
        }

    def _payment(self, facts: DossierFacts) -> str:
        """The fee's payment as the portal last said: "Đã thanh toán" (with when),
        "Chưa thanh toán", or nothing when no payment was asked for or it is not known."""
        if facts.payment is PaymentState.PAID:
            paid = self._t(PAYMENT_TEXT[PaymentState.PAID])
            return f"{paid} ({self._t(_when(facts.paid_at))})" if facts.paid_at else paid
        if facts.payment is PaymentState.PENDING:
            return self._t(PAYMENT_TEXT[PaymentState.PENDING])
        return ""

    resultJson = Property(str, lambda self: as_json(self.result()), notify=changed)

    def _freshness(self, facts: DossierFacts) -> str:
        if facts.as_of is None:
            return ""
        when = _when(facts.as_of)
        if facts.live:
            return self._t(Message(f"Cập nhật lúc {when.vi}.", f"Updated at {when.en}."))
        return self._t(
            Message(
                f"Kiosk chưa hỏi được Cổng dịch vụ công lúc này; đây là tình trạng ghi nhận "
                f"lúc {when.vi}.",
                f"The kiosk cannot reach the public service portal right now; this is the "
                f"status as of {when.en}.",
            )
        )


ELSEWHERE = Message(
    "Hồ sơ nộp ở kiosk hoặc bộ phận một cửa khác; thông tin do Cổng dịch vụ công cung cấp.",
    "Submitted at another kiosk or office; the public service portal gave these details.",
)


def _is_vietqr(payload: str) -> bool:
    """Whether ``payload`` is a VietQR transfer (a receipt's fee code), not a look-up code."""
    try:
        vietqr.parse(payload)
    except vietqr.VietQrError:
        return False
    return True


def _when(moment: datetime) -> Message:
    """A moment in Hanoi time, as each language writes it."""
    local = moment.astimezone(HANOI_TIME)
    return Message(f"{local:%H:%M} ngày {local:%d/%m/%Y}", f"{local:%H:%M}, {local:%d/%m/%Y}")
