"""The fee in the resident's words on the screens, in both languages (what the printed
receipt says of it is :func:`kiosk.receipt.fee_text`)."""

from __future__ import annotations

from kiosk.procedures import Procedure
from kiosk.receipt import format_vnd
from kiosk.text import Message

FREE = Message("miễn phí", "free")
DEPENDS_ON_CASE = Message(" (tùy trường hợp)", " (depends on your case)")
NO_FEE_DUE = Message("Thủ tục này không mất lệ phí.", "There is no fee.")


def money(amount: int) -> Message:
    """An amount in VND as each language writes it (``7.000 đồng``, ``7,000 VND``)."""
    if amount == 0:
        return FREE
    return Message(format_vnd(amount), f"{amount:,} VND")


def fee_in_short(procedure: Procedure) -> Message:
    """The fee in a few words for the catalogue; the intro page has the procedure's whole
    note. A fee that depends on the answers says so."""
    amount = money(procedure.fee_vnd)
    if procedure.fee_rules or procedure.page_fee:
        return Message(amount.vi + DEPENDS_ON_CASE.vi, amount.en + DEPENDS_ON_CASE.en)
    return amount


def fee_due(fee_vnd: int) -> Message:
    """What the confirmation says of the fee of the application just submitted (payment at
    the kiosk is not there yet: the office says how to pay)."""
    if fee_vnd == 0:
        return NO_FEE_DUE
    amount = money(fee_vnd)
    return Message(
        f"Lệ phí: {amount.vi}. Cơ quan giải quyết sẽ báo cách nộp.",
        f"Fee: {amount.en}. The office will tell you how to pay.",
    )
