"""How the resident receives the result, and whether they are told of its progress.

Both travel in the submission (``result_delivery``, ``notification``) and appear on the
receipt and in the look-up. A postal address and a mobile number are personal data: they
travel only inside the submission (encrypted in the outbox, purged with it); the look-up
shows the method alone. Declining notifications costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from kiosk.text import Message

MAX_POSTAL_ADDRESS = 300

_MOBILE = re.compile(r"^0[35789][0-9]{8}$")
_SEPARATORS = re.compile(r"[\s.\-()]+")


class DeliveryMethod(StrEnum):
    """The ways a result can be received (each procedure says which it allows)."""

    OFFICE = "office"
    POST = "post"
    ELECTRONIC = "electronic"


DELIVERY_TEXT: dict[DeliveryMethod, Message] = {
    DeliveryMethod.OFFICE: Message("Nhận tại bộ phận một cửa", "Collect at the office"),
    DeliveryMethod.POST: Message("Nhận qua dịch vụ bưu chính công ích", "By public postal service"),
    DeliveryMethod.ELECTRONIC: Message("Nhận bản điện tử", "Electronically"),
}


class NotificationChannel(StrEnum):
    """How the portal tells the resident of a status change."""

    SMS = "sms"
    ZALO = "zalo"


PHONE_INVALID = Message(
    "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09. Ông/Bà vui lòng "
    "kiểm tra lại, hoặc bỏ qua: không nhận thông báo thì hồ sơ vẫn được xử lý bình thường.",
    "A mobile number has 10 digits starting with 03, 05, 07, 08 or 09. Please check it, or "
    "skip this: your application is processed the same without notifications.",
)
ADDRESS_MISSING = Message(
    "Ông/Bà vui lòng nhập địa chỉ nhận kết quả qua bưu điện, hoặc chọn cách nhận khác.",
    "Please type the address to post the result to, or choose another way to receive it.",
)


class DeliveryChoiceError(ValueError):
    """A choice the portal would refuse; ``message`` says what to do, in both languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


def mobile_number(text: str) -> str:
    """A Vietnamese mobile number as the portal takes it (``0`` and 9 digits), from what was
    typed (spaces, dots, dashes, a ``+84`` or ``84`` prefix allowed); raises
    :class:`DeliveryChoiceError`."""
    digits = _SEPARATORS.sub("", text.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _MOBILE.match(digits):
        raise DeliveryChoiceError(PHONE_INVALID)
    return digits


@dataclass(frozen=True)
class ResultDelivery:
    """The resident's choice; ``postal_address`` is set for :attr:`DeliveryMethod.POST` only."""

    method: DeliveryMethod
    postal_address: str = ""

    def __post_init__(self) -> None:
        address = " ".join(self.postal_address.split())
        object.__setattr__(self, "postal_address", address)
        if self.method is DeliveryMethod.POST:
            if not address or len(address) > MAX_POSTAL_ADDRESS:
                raise DeliveryChoiceError(ADDRESS_MISSING)
        elif address:
            raise ValueError("only a result sent by post has a postal address")

    def to_payload(self) -> dict[str, Any]:
        """The submission's ``result_delivery``."""
        payload: dict[str, Any] = {"method": self.method.value}
        if self.method is DeliveryMethod.POST:
            payload["postal_address"] = self.postal_address
        return payload


@dataclass(frozen=True)
class NotificationConsent:
    """The resident agreed, at ``consent_at``, to be told by ``channel`` at ``phone``."""

    channel: NotificationChannel
    phone: str
    consent_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "phone", mobile_number(self.phone))
        if self.consent_at.tzinfo is None:
            raise ValueError("consent_at must be timezone-aware")

    def to_payload(self) -> dict[str, Any]:
        """The submission's ``notification``."""
        return {
            "channel": self.channel.value,
            "phone": self.phone,
            "consent_at": self.consent_at.isoformat(),
        }
