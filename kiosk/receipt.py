"""What a receipt says, independent of paper width, font or printer.

The layout (``kiosk.receipt_layout``) turns a :class:`Receipt` into printable blocks; the
printer drivers in ``hardware/`` turn those blocks into ESC/POS or a PNG.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from kiosk.cccd_qr import mask_id_number
from kiosk.payment import (
    PAYMENT_TEXT,
    PaymentRequest,
    PaymentState,
    other_ways,
)
from kiosk.procedures import Procedure
from kiosk.result_choices import CHANNEL_TEXT, masked_phone
from kiosk.result_delivery import DELIVERY_TEXT, NotificationConsent, ResultDelivery
from kiosk.submission import Submission
from kiosk.vietqr import VietQrError

HANOI_TIME = timezone(timedelta(hours=7), "ICT")
"""Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact."""


FEE_PAID_LATER = "Chưa nộp; cơ quan giải quyết sẽ thông báo cách nộp"
"""Payment at the kiosk (VietQR) is not there yet: the office says how to pay."""


@dataclass(frozen=True)
class Receipt:
    """The content of one printed receipt. Texts are Vietnamese, as printed.

    ``applicant_id_masked`` is already masked (first 3 and last 3 digits): the full ID number
    never reaches paper.
    """

    title: str
    procedure_name: str
    tracking_code: str
    status_url: str
    printed_at: datetime
    kiosk_name: str
    receiving_office: str
    processing_time: str
    fee: str
    fee_payment: str
    result_delivery: str
    applicant_id_masked: str
    hotline: str
    footer: str = "Xin cảm ơn Ông/Bà đã sử dụng dịch vụ công trực tuyến."
    notification: str = ""
    """The news agreed to (``Tin nhắn SMS đến 0912 *** 678``); empty when declined."""
    vietqr_payload: str = ""
    """The VietQR code to pay the fee with (empty: no code, or already paid)."""
    vietqr_rows: tuple[tuple[str, str], ...] = ()
    """The transfer the code asks for, as label and value: amount, bank, account, purpose."""

    @property
    def qr_payload(self) -> str:
        """The text of the QR code: the status look-up address for this tracking code."""
        return f"{self.status_url}?ma={self.tracking_code}"


@dataclass(frozen=True)
class ReceiptContext:
    """What the kiosk adds to every receipt: where it stands and where to get help."""

    kiosk_name: str
    hotline: str
    status_url: str
    building_contact: str = ""
    """Who in the building helps at the kiosk (the help panels say it; empty: nobody named)."""


def format_vnd(amount: int) -> str:
    """An amount as Vietnamese write it: ``7.000 đồng``."""
    return f"{amount:,} đồng".replace(",", ".")


def fee_text(fee_vnd: int, procedure: Procedure) -> str:
    """What the receipt says of the fee: the procedure's own note for its base fee."""
    if fee_vnd == 0:
        return "Miễn phí"
    return procedure.fee_note.vi if fee_vnd == procedure.fee_vnd else format_vnd(fee_vnd)


def build_receipt(
    submission: Submission,
    procedure: Procedure,
    context: ReceiptContext,
    ward: str = "",
    payment: PaymentRequest | None = None,
) -> Receipt:
    """The receipt of a queued submission, in Vietnamese, with the ID number masked.

    ``ward``: the kiosk's ward (``Phường Láng``; empty when not provisioned), which names the
    receiving office when the procedure and the answers make it the ward's. ``payment``:
    the VietQR transfer the portal asked for the fee, printed as a code to scan."""
    answers = {k: str(v) for k, v in submission.answers.items()}
    return Receipt(
        title="BIÊN NHẬN HỒ SƠ",
        procedure_name=procedure.name.vi,
        tracking_code=submission.tracking_code,
        status_url=context.status_url,
        printed_at=submission.created_at.astimezone(HANOI_TIME),
        kiosk_name=context.kiosk_name,
        receiving_office=procedure.office_for(answers, ward).vi,
        processing_time=procedure.processing_time.vi,
        fee=fee_text(submission.fee_vnd, procedure),
        fee_payment=fee_payment_text(submission.fee_vnd, procedure, payment),
        result_delivery=delivery_text(submission.result_delivery, procedure),
        applicant_id_masked=mask_id_number(str(submission.applicant.get("id_number", ""))),
        hotline=context.hotline,
        notification=notification_text(submission.notification),
        **_vietqr(payment),
    )


def delivery_text(delivery: ResultDelivery | None, procedure: Procedure) -> str:
    """How the result is received, as chosen; a postal address is not printed (a receipt
    may be left behind: the resident typed it and the portal has it)."""
    if delivery is None:
        return procedure.result_delivery.vi
    text = DELIVERY_TEXT[delivery.method].vi
    return f"{text}, đến địa chỉ Ông/Bà đã khai" if delivery.postal_address else text


def notification_text(consent: NotificationConsent | None) -> str:
    """The news agreed to, with the number's middle hidden; empty when declined."""
    if consent is None:
        return ""
    return f"{CHANNEL_TEXT[consent.channel].vi} đến số {masked_phone(consent.phone)}"


def fee_payment_text(fee_vnd: int, procedure: Procedure, payment: PaymentRequest | None) -> str:
    """How the fee may be paid: the VietQR code below when there is one, paid when it
    was, and the other ways the procedure allows."""
    if fee_vnd == 0:
        return ""
    if payment is not None and payment.state is PaymentState.PAID:
        return PAYMENT_TEXT[PaymentState.PAID].vi
    texts = [m.vi for m in other_ways(procedure.payment_methods)]
    if payment is not None:
        texts.insert(0, "Chuyển khoản bằng mã VietQR in bên dưới")
    if not texts:
        return FEE_PAID_LATER
    return "; hoặc ".join([texts[0], *(t[0].lower() + t[1:] for t in texts[1:])])


def _vietqr(payment: PaymentRequest | None) -> dict[str, Any]:
    """The receipt's VietQR code and the transfer it asks for (none once paid)."""
    if payment is None or payment.state is PaymentState.PAID:
        return {}
    try:
        code = payment.qr_payload()
    except VietQrError:
        return {}
    rows = (
        ("Số tiền", format_vnd(payment.amount_vnd)),
        ("Ngân hàng (mã BIN)", payment.bank_bin),
        ("Số tài khoản", payment.account),
        ("Nội dung chuyển khoản", payment.purpose),
    )
    return {"vietqr_payload": code, "vietqr_rows": rows}
