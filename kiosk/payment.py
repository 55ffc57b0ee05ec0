"""Paying a dossier's fee: how the resident may pay, what the portal asks them to transfer,
and whether it has been paid.

The portal names the receiving office's account and the purpose (which carries the
dossier's tracking code, so the office can match the transfer); the kiosk shows it as a
VietQR code (:mod:`kiosk.vietqr`) that any Vietnamese bank app reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk import vietqr
from kiosk.text import Message


class PaymentMethod(StrEnum):
    """How a fee may be paid, as the procedure allows."""

    VIETQR = "vietqr"
    CASH_AT_OFFICE = "cash_at_office"
    PAY_LATER = "pay_later"


class PaymentState(StrEnum):
    """Where a dossier's payment is, as the portal reports it."""

    NONE = "none"
    """No payment was asked for (no fee, or cash at the office, or not yet)."""
    PENDING = "pending"
    PAID = "paid"


PAYMENT_TEXT: dict[PaymentState, Message] = {
    PaymentState.NONE: Message("Chưa yêu cầu thanh toán", "No payment requested"),
    PaymentState.PENDING: Message("Chưa thanh toán", "Not paid yet"),
    PaymentState.PAID: Message("Đã thanh toán", "Paid"),
}

METHOD_TEXT: dict[PaymentMethod, Message] = {
    PaymentMethod.VIETQR: Message(
        "Chuyển khoản bằng mã VietQR", "Bank transfer with the VietQR code"
    ),
    PaymentMethod.CASH_AT_OFFICE: Message("Nộp tiền mặt tại bộ phận một cửa", "Cash at the office"),
    PaymentMethod.PAY_LATER: Message("Thanh toán sau", "Pay later"),
}


def other_ways(methods: Iterable[PaymentMethod]) -> list[Message]:
    """The words of the ways to pay ``methods`` allows besides the VietQR code, in order."""
    return [METHOD_TEXT[m] for m in methods if m is not PaymentMethod.VIETQR]


def carries_tracking_code(purpose: str, tracking_code: str) -> bool:
    """Whether a transfer's purpose names the dossier (the office matches payments by it)."""
    return tracking_code.upper() in purpose.upper()


@dataclass(frozen=True)
class PaymentRequest:
    """What the portal asks the resident to transfer for one dossier."""

    payment_id: str
    tracking_code: str
    bank_bin: str
    account: str
    amount_vnd: int
    purpose: str
    state: PaymentState = PaymentState.PENDING
    paid_at: datetime | None = None

    @property
    def transfer(self) -> vietqr.Transfer:
        """The transfer the VietQR code asks for."""
        return vietqr.Transfer(self.bank_bin, self.account, self.amount_vnd, self.purpose)

    def qr_payload(self) -> str:
        """The VietQR payload to draw as a QR code (raises :class:`kiosk.vietqr.VietQrError`
        when the portal's fields cannot make one)."""
        return vietqr.payload(self.transfer)


@dataclass(frozen=True)
class PaymentStatus:
    """A payment's state as the portal last told it."""

    payment_id: str
    state: PaymentState
    paid_at: datetime | None = None


class PaymentFailure(StrEnum):
    """Why the kiosk cannot show a payment code now; the resident can always pay otherwise."""

    NOT_AT_PORTAL_YET = "not_at_portal_yet"
    """The portal does not have the dossier yet (the outbox has not sent it)."""
    UNAVAILABLE = "unavailable"
    """The portal or the network did not answer, or answered something unusable."""


FAILURE_TEXT: dict[PaymentFailure, Message] = {
    PaymentFailure.NOT_AT_PORTAL_YET: Message(
        "Hồ sơ đang được gửi lên Cổng dịch vụ công nên chưa tạo được mã thanh toán. Ông/Bà có "
        "thể thanh toán sau (tra cứu bằng mã hồ sơ trên biên nhận) hoặc nộp tiền mặt tại bộ "
        "phận một cửa. Hồ sơ của Ông/Bà không bị ảnh hưởng.",
        "Your application is still being sent to the portal, so the payment code cannot be "
        "made yet. You can pay later (look it up with the tracking code on your receipt) or "
        "pay cash at the office. Your application is not affected.",
    ),
    PaymentFailure.UNAVAILABLE: Message(
        "Chưa kết nối được hệ thống thanh toán. Ông/Bà có thể thanh toán sau (tra cứu bằng mã "
        "hồ sơ trên biên nhận) hoặc nộp tiền mặt tại bộ phận một cửa. Hồ sơ của Ông/Bà không "
        "bị ảnh hưởng.",
        "The payment system cannot be reached now. You can pay later (look it up with the "
        "tracking code on your receipt) or pay cash at the office. Your application is not "
        "affected.",
    ),
}
