"""VietQR: the bank-transfer QR code a resident scans with their bank's app to pay a fee.

A VietQR code is an EMVCo merchant-presented QR payload (NAPAS 247 fast transfer to an
account): fields written ``ID(2) LENGTH(2) VALUE``, some of whose values are fields in turn::

    00 02 01                       payload format indicator
    01 02 12                       point of initiation: 12 with an amount (one payment), 11 without
    38 .. 00 10 A000000727         merchant account: the NAPAS GUID,
          01 .. 00 06 <bank BIN>                     the beneficiary: the bank's 6-digit BIN
                01 .. <account>                      and the account number,
          02 08 QRIBFTTA                             the service: transfer to an account
    53 03 704                      currency: Vietnamese đồng
    54 .. <amount>                 the amount in đồng (whole numbers)
    58 02 VN                       country
    62 .. 08 .. <purpose>          additional data: the purpose of the transfer
    63 04 <CRC>                    CRC-16/CCITT-FALSE of everything before it, ``6304`` included

Text is ASCII only: a Vietnamese purpose is written without its marks (:func:`ascii_text`).
:func:`payload` writes one, :func:`parse` reads one back and checks every rule above, so the
kiosk never shows a code a bank app would refuse; ``kiosk pay vietqr`` prints one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
TO_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY = "VN"
WITH_AMOUNT, WITHOUT_AMOUNT = "12", "11"
MAX_PURPOSE = 25
"""EMVCo: an additional-data field holds at most 25 characters (a bank app cuts the rest)."""
MAX_AMOUNT = 9_999_999_999_999
"""The amount field holds at most 13 characters."""

_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_PURPOSE = re.compile(r"[ -~]*")  # printable ASCII


class VietQrError(ValueError):
    """A payment code that cannot be made or read, with what is wrong in a person's words."""


@dataclass(frozen=True)
class Transfer:
    """What a VietQR code asks the bank app to do."""

    bank_bin: str
    """The receiving bank's 6-digit NAPAS BIN, e.g. ``970415`` (VietinBank)."""
    account: str
    """The receiving account number (up to 19 letters and digits)."""
    amount_vnd: int | None
    """The amount in đồng; None for a code where the payer types it."""
    purpose: str
    """The transfer's purpose (``nội dung chuyển khoản``), ASCII, at most 25 characters."""
    service: str = TO_ACCOUNT


@dataclass(frozen=True)
class Field:
    """One EMVCo field as read: its id, its value, and its fields when it has some."""

    tag: str
    value: str
    children: tuple[Field, ...] = ()


def ascii_text(text: str) -> str:
    """``text`` without Vietnamese marks, in printable ASCII (``Lệ phí đăng ký`` →
    ``Le phi dang ky``); other characters become spaces, runs of spaces one."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = "".join(c if " " <= c <= "~" else " " for c in plain)
    return " ".join(plain.split())


def crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) of ``text``, as 4 uppercase
    hex digits."""
    crc = 0xFFFF
    for byte in text.encode("ascii"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQrError(f"field {tag} is {len(value)} characters long; at most 99 fit")
    return f"{tag}{len(value):02d}{value}"


def check(transfer: Transfer) -> None:
    """Raise :class:`VietQrError` saying what is wrong when ``transfer`` cannot be a code."""
    if not _BIN.fullmatch(transfer.bank_bin):
        raise VietQrError(
            f"bank BIN {transfer.bank_bin!r} is not 6 digits (e.g. 970415 for VietinBank)"
        )
    if not _ACCOUNT.fullmatch(transfer.account):
        raise VietQrError(
            f"account {transfer.account!r} must be 1 to 19 letters or digits, no spaces"
        )
    if transfer.amount_vnd is not None and not 0 < transfer.amount_vnd <= MAX_AMOUNT:
        raise VietQrError(
            f"amount {transfer.amount_vnd} must be a whole number of đồng from 1 to {MAX_AMOUNT}"
        )
    if not _PURPOSE.fullmatch(transfer.purpose) or len(transfer.purpose) > MAX_PURPOSE:
        raise VietQrError(
            f"purpose {transfer.purpose!r} must be at most {MAX_PURPOSE} ASCII characters "
            "(write it without marks)"
        )
    if transfer.service not in (TO_ACCOUNT, TO_CARD):
        raise VietQrError(f"service {transfer.service!r} is neither {TO_ACCOUNT} nor {TO_CARD}")


def payload(transfer: Transfer) -> str:
    """The VietQR payload of ``transfer`` (checked first: :class:`VietQrError` if it cannot
    be one)."""
    check(transfer)
    beneficiary = _field("00", transfer.bank_bin) + _field("01", transfer.account)
    account = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", transfer.service)
    body = _field("00", "01") + _field(
        "01", WITHOUT_AMOUNT if transfer.amount_vnd is None else WITH_AMOUNT
    )
    body += _field("38", account) + _field("53", CURRENCY_VND)
    if transfer.amount_vnd is not None:
        body += _field("54", str(transfer.amount_vnd))
    body += _field("58", COUNTRY)
    if transfer.purpose:
        body += _field("62", _field("08", transfer.purpose))
    body += "6304"
    return body + crc16(body)


def fields(text: str, within: str = "") -> tuple[Field, ...]:
    """The fields of ``text`` (the merchant account, its beneficiary and the additional data
    read as fields too; ``within``: the id of the field ``text`` is the value of);
    :class:`VietQrError` where a length runs past the end."""
    out: list[Field] = []
    at = 0
    while at < len(text):
        head = text[at : at + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQrError(f"at character {at}: expected a 2-digit id and a 2-digit length")
        tag, size = head[:2], int(head[2:])
        value = text[at + 4 : at + 4 + size]
        if len(value) < size:
            raise VietQrError(f"field {tag} says {size} characters but only {len(value)} follow")
        nested = (not within and ("26" <= tag <= "51" or tag == "62")) or (
            "26" <= within <= "51" and tag == "01"
        )
        out.append(Field(tag, value, fields(value, tag) if nested else ()))
        at += 4 + size
    return tuple(out)


def _one(found: tuple[Field, ...], tag: str, where: str) -> Field:
    matches = [f for f in found if f.tag == tag]
    if len(matches) != 1:
        raise VietQrError(f"{where} must have exactly one field {tag}, has {len(matches)}")
    return matches[0]


def parse(text: str) -> Transfer:
    """The transfer a VietQR payload asks for, after checking its CRC, its fields' lengths
    and every fixed value; :class:`VietQrError` saying what is wrong otherwise."""
    if not text.isascii():
        raise VietQrError("a VietQR payload is ASCII only")
    if len(text) < 8 or text[-8:-4] != "6304":
        raise VietQrError("the payload does not end with its CRC field (6304 and 4 hex digits)")
    expected = crc16(text[:-4])
    if text[-4:] != expected:
        raise VietQrError(f"CRC is {text[-4:]}, the payload's content gives {expected}")
    root = fields(text)
    if root[0].tag != "00" or root[0].value != "01":
        raise VietQrError("the payload must start with field 00 = 01")
    if root[-1].tag != "63":
        raise VietQrError("the CRC field 63 must be last")
    initiation = _one(root, "01", "the payload").value
    account = _one(root, "38", "the payload")
    if _one(account.children, "00", "field 38").value != NAPAS_GUID:
        raise VietQrError(f"field 38 is not a NAPAS account (GUID {NAPAS_GUID})")
    beneficiary = _one(account.children, "01", "field 38").children
    service = _one(account.children, "02", "field 38").value
    if _one(root, "53", "the payload").value != CURRENCY_VND:
        raise VietQrError(f"the currency (field 53) must be {CURRENCY_VND}, đồng")
    if _one(root, "58", "the payload").value != COUNTRY:
        raise VietQrError(f"the country (field 58) must be {COUNTRY}")
    amounts = [f for f in root if f.tag == "54"]
    amount = None
    if amounts:
        if not amounts[0].value.isdigit():
            raise VietQrError(f"the amount {amounts[0].value!r} is not a whole number of đồng")
        amount = int(amounts[0].value)
    if initiation != (WITHOUT_AMOUNT if amount is None else WITH_AMOUNT):
        raise VietQrError(f"field 01 = {initiation} does not match the amount's presence")
    extra = [f for f in root if f.tag == "62"]
    purposes = [f for f in extra[0].children if f.tag == "08"] if extra else []
    transfer = Transfer(
        bank_bin=_one(beneficiary, "00", "the beneficiary").value,
        account=_one(beneficiary, "01", "the beneficiary").value,
        amount_vnd=amount,
        purpose=purposes[0].value if purposes else "",
        service=service,
    )
    check(transfer)
    return transfer


FIELD_NAMES = {
    "00": "payload format",
    "01": "point of initiation",
    "38": "merchant account (NAPAS)",
    "53": "currency",
    "54": "amount",
    "58": "country",
    "62": "additional data",
    "63": "CRC",
}
"""The root fields' names, for people reading a code field by field."""
