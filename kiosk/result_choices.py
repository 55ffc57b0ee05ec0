"""The words of the resident's result choices where the check page, the receipt and the
look-up show them: how the result is received, and the SMS or Zalo news agreed to."""

from __future__ import annotations

from kiosk.result_delivery import NotificationChannel
from kiosk.text import Message

DELIVERY_LABEL = Message("Cách nhận kết quả", "How you receive the result")
NOTIFY_LABEL = Message("Nhận thông báo về hồ sơ", "News of your application")
NOTIFY_DECLINED = Message("Không nhận thông báo", "No notifications")

CHANNEL_TEXT: dict[NotificationChannel, Message] = {
    NotificationChannel.SMS: Message("Tin nhắn SMS", "SMS text message"),
    NotificationChannel.ZALO: Message("Zalo", "Zalo"),
}


def masked_phone(phone: str) -> str:
    """A mobile number with its middle hidden (``0912***678``: one word, never split over
    two lines), for paper and screens others may see."""
    return f"{phone[:4]}***{phone[-3:]}" if len(phone) >= 7 else "***"


def notify_text(channel: NotificationChannel, phone: str) -> Message:
    """The news agreed to, as the check page says it: ``Zalo — 0912345678``."""
    name = CHANNEL_TEXT[channel]
    return Message(f"{name.vi} — {phone}", f"{name.en} — {phone}")
