"""The TD1 machine-readable zone (ID cards: 3 lines of 30 characters), from text or DG1.

Every check digit is verified (document number, date of birth, date of expiry, composite).
Anything else is rejected with a reason, returned, never raised: a chip that answers with
garbage is a fact of life, not a bug in the kiosk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from asn1crypto import parser

from hardware.card_reader.icao.bac import check_digit
from kiosk.chip_data import MrzData

LINE_LENGTH = 30
DG1_TAG = 0x61
MRZ_TAG = 0x1F  # 5F1F: application class, tag number 31
NO_DATE = "<<<<<<"
_LINE_RE = re.compile(r"[A-Z0-9<]{30}")
_DATE_RE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class MrzRejection:
    """Why a text or DG1 is not a valid TD1 MRZ (no personal data in the reason)."""

    reason: str


def parse_td1(text: str, today: date | None = None) -> MrzData | MrzRejection:
    """Parse three TD1 lines (joined, or separated by newlines) and verify the check digits.

    ``today`` decides the century of the date of birth (a birth date is never in the
    future); it defaults to the real date.
    """
    if not isinstance(text, str):
        return MrzRejection("the MRZ is not text")
    compact = "".join(text.split())
    if len(compact) != 3 * LINE_LENGTH:
        return MrzRejection(f"a TD1 MRZ has 90 characters, this one {len(compact)}")
    lines = (compact[0:30], compact[30:60], compact[60:90])
    if not all(_LINE_RE.fullmatch(line) for line in lines):
        return MrzRejection("the MRZ has characters outside A-Z, 0-9 and <")
    first, second, third = lines
    if first[0] not in "IAC":
        return MrzRejection("the document code is not an ID card's (I, A or C)")
    document_number = first[5:14]
    if check_digit(document_number) != first[14]:
        return MrzRejection("the document number's check digit is wrong")
    birth_text, expiry_text = second[0:6], second[8:14]
    if check_digit(birth_text) != second[6]:
        return MrzRejection("the date of birth's check digit is wrong")
    if check_digit(expiry_text) != second[14]:
        return MrzRejection("the date of expiry's check digit is wrong")
    composite = first[5:30] + second[0:7] + second[8:15] + second[18:29]
    if check_digit(composite) != second[29]:
        return MrzRejection("the composite check digit is wrong")
    reference = today or date.today()
    date_of_birth = _birth_date(birth_text, reference)
    if date_of_birth is None:
        return MrzRejection("the date of birth is not a date")
    if expiry_text == NO_DATE:
        date_of_expiry = None
    else:
        date_of_expiry = _yymmdd(expiry_text, 2000)
        if date_of_expiry is None:
            return MrzRejection("the date of expiry is not a date")
    if second[7] not in "MFX<":
        return MrzRejection("the sex is not M, F or <")
    surname, _, given = third.partition("<<")
    return MrzData(
        document_code=first[0:2].rstrip("<"),
        issuing_state=first[2:5].rstrip("<"),
        document_number=document_number.rstrip("<"),
        optional_data_1=first[15:30].rstrip("<"),
        date_of_birth=date_of_birth,
        sex=second[7],
        date_of_expiry=date_of_expiry,
        nationality=second[15:18].rstrip("<"),
        optional_data_2=second[18:29].rstrip("<"),
        surname=surname.replace("<", " ").strip(),
        given_names=given.replace("<", " ").strip(),
        lines=lines,
    )


def parse_dg1(data: bytes, today: date | None = None) -> MrzData | MrzRejection:
    """Parse EF.DG1: ``61 { 5F1F <MRZ> }`` with a real BER parser, then the MRZ."""
    try:
        class_, _method, tag, _header, contents, _trailer = parser.parse(data, strict=True)
        if class_ != 1 or tag != DG1_TAG & 0x1F:
            return MrzRejection("the file is not DG1")
        inner_class, _m, inner_tag, _h, mrz_bytes, _t = parser.parse(contents, strict=True)
    except (ValueError, TypeError):
        return MrzRejection("DG1 is not well-formed BER")
    if inner_class != 1 or inner_tag != MRZ_TAG:
        return MrzRejection("DG1 does not hold an MRZ")
    try:
        text = mrz_bytes.decode("ascii")
    except UnicodeDecodeError:
        return MrzRejection("the MRZ is not ASCII")
    return parse_td1(text, today)


def _yymmdd(text: str, century: int) -> date | None:
    if not _DATE_RE.fullmatch(text):
        return None
    try:
        return date(century + int(text[0:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def _birth_date(text: str, today: date) -> date | None:
    candidate = _yymmdd(text, 2000)
    if candidate is not None and candidate > today:
        candidate = _yymmdd(text, 1900)
    return candidate
