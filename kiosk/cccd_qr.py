"""Parse the QR code printed on a Vietnamese citizen ID card (CCCD / Căn cước).

The payload is UTF-8 text with fields separated by ``|``::

    0 personal ID number (12 digits) | 1 old 9-digit ID (may be empty) | 2 full name |
    3 date of birth (ddmmyyyy) | 4 sex (Nam / Nữ) | 5 address | 6 issue date (ddmmyyyy)

Cards issued 2021 to mid 2024 carry exactly 7 fields; "Căn cước" cards issued from
1 July 2024 carry 10 or more. The extra fields are not documented with certainty, so they
are kept raw and never relied on.

Before anything else the payload is bounded and its character set checked, here so that
every route (zxing, zbar, the command line, the comparison with the chip) gets the same
rules: a payload longer than a QR code can hold is refused before any normalisation (NFC is
quadratic on long runs of combining marks), text that cannot be written out as UTF-8 (a lone
surrogate) is refused, and UTF-8 that a decoder read as Latin-1 or Windows-1252
("Nguyá»…n" for "Nguyễn") is repaired when the whole payload undoes cleanly, refused when
only part of it does. The kiosk never fills a form with such text.

Anything that is not a CCCD payload (a URL, a payment code, garbage) is rejected with a
reason and must never be acted on. A rejection is a returned value, not an exception: a
resident holding up the wrong QR code is an everyday event, not a bug.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

FIELD_SEPARATOR = "|"
MIN_FIELDS = 7
GENERATION_2024_MIN_FIELDS = 10
_ID_RE = re.compile(r"\d{12}")
_OLD_ID_RE = re.compile(r"\d{9}")
_DATE_RE = re.compile(r"\d{8}")
# A version-40 QR code holds at most 2,953 bytes; a little room above that, and no more.
MAX_PAYLOAD_BYTES = 4096
# How Windows-1252 shows the bytes 0x80–0x9F; the five it leaves undefined (0x81, 0x8D,
# 0x8F, 0x90, 0x9D) are shown as the C1 control of the same number, as Windows does.
_CP1252_HIGH = {
    bytes([b]).decode("cp1252", errors="ignore") or chr(b): b for b in range(0x80, 0xA0)
}
# The lead byte of a Vietnamese letter in UTF-8 (C3–C6 for the Latin-1 and Latin
# Extended letters, CC for combining marks, E1 BA/BB for the letters with two marks) read as
# one character, followed by a continuation byte read as one character: never Vietnamese.
_CONTINUATION = "[\u0080-\u009f\u00a1-\u00bf" + "".join(sorted(_CP1252_HIGH)) + "]"
_MOJIBAKE_RE = re.compile(f"(?:[\u00c3-\u00c6\u00cc]|\u00e1[\u00ba\u00bb]){_CONTINUATION}")


class Sex(StrEnum):
    """Sex as printed on the card."""

    MALE = "male"
    FEMALE = "female"


_SEX_WORDS = {"nam": Sex.MALE, "nữ": Sex.FEMALE}


@dataclass(frozen=True)
class CitizenIdentity:
    """What the kiosk knows about a resident from their ID card.

    ``raw`` keeps the original payload so it can be forwarded as evidence; it is personal
    data and must never be logged.
    """

    id_number: str
    full_name: str
    date_of_birth: date
    sex: Sex
    address: str
    issue_date: date | None = None
    old_id_number: str | None = None
    generation: str = "2021"
    extra_fields: tuple[str, ...] = ()
    charset_repaired: bool = False
    raw: str = field(default="", repr=False)

    def to_json(self) -> dict[str, object]:
        """The identity as the JSON object the technician tools print."""
        return {
            "id_number": self.id_number,
            "old_id_number": self.old_id_number,
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "sex": self.sex.value,
            "address": self.address,
            "generation": self.generation,
            "extra_fields": list(self.extra_fields),
            "charset_repaired": self.charset_repaired,
        }


@dataclass(frozen=True)
class QrRejection:
    """A QR payload that is not a citizen ID card, with the reason in plain English.

    The reason is for technicians and logs; it never contains the payload itself.
    """

    reason: str


def parse_cccd_qr(payload: str) -> CitizenIdentity | QrRejection:
    """Parse a CCCD QR payload, or say why it is not one.

    ``charset_repaired`` on the result says the payload arrived as UTF-8 read in the wrong
    character set and was put right.
    """
    # Bounded before anything costlier than counting: a character is at least one byte.
    if len(payload) > MAX_PAYLOAD_BYTES:
        return _TOO_LONG
    try:
        size = len(payload.encode("utf-8"))
    except UnicodeEncodeError:
        return QrRejection("payload is not valid text (it holds a lone surrogate)")
    if size > MAX_PAYLOAD_BYTES:
        return _TOO_LONG
    text = payload.strip().lstrip("\ufeff")
    repaired = _undo_wrong_charset(text)
    if repaired is None:
        used = FIELD_SEPARATOR.join(text.split(FIELD_SEPARATOR, MIN_FIELDS)[:MIN_FIELDS])
        if _MOJIBAKE_RE.search(used):
            return QrRejection(
                "payload was partly decoded in the wrong character set (UTF-8 read as Latin-1)"
            )
        repaired = text  # the signs are only in the extra fields, kept raw and never used
    charset_repaired = repaired != text
    text = unicodedata.normalize("NFC", repaired)
    if not text:
        return QrRejection("empty payload")
    if "://" in text or text.lower().startswith(("http", "www.")):
        return QrRejection("payload is a web address, not an ID card")
    if text.startswith("000201"):
        return QrRejection("payload is a payment code (EMVCo), not an ID card")
    fields = text.split(FIELD_SEPARATOR)
    if len(fields) < MIN_FIELDS:
        return QrRejection(f"payload has {len(fields)} fields, an ID card has at least 7")
    id_number, old_id, name, dob_text, sex_text, address, issue_text = (
        f.strip() for f in fields[:MIN_FIELDS]
    )
    if not _ID_RE.fullmatch(id_number):
        return QrRejection("field 0 is not a 12-digit ID number")
    if old_id and not _OLD_ID_RE.fullmatch(old_id):
        return QrRejection("field 1 is neither empty nor a 9-digit old ID number")
    if not name or any(ch.isdigit() for ch in name):
        return QrRejection("field 2 is not a person's name")
    date_of_birth = _parse_date(dob_text)
    if date_of_birth is None:
        return QrRejection("field 3 is not a date of birth (ddmmyyyy)")
    sex = _SEX_WORDS.get(sex_text.lower())
    if sex is None:
        return QrRejection("field 4 is neither Nam nor Nữ")
    if not address:
        return QrRejection("field 5 (address) is empty")
    issue_date = _parse_date(issue_text) if issue_text else None
    if issue_text and issue_date is None:
        return QrRejection("field 6 is not an issue date (ddmmyyyy)")
    if issue_date is not None and issue_date < date_of_birth:
        return QrRejection("issue date is before the date of birth")
    extra = tuple(fields[MIN_FIELDS:])
    generation = "2024" if len(fields) >= GENERATION_2024_MIN_FIELDS else "2021"
    return CitizenIdentity(
        id_number=id_number,
        old_id_number=old_id or None,
        full_name=" ".join(name.split()),
        date_of_birth=date_of_birth,
        sex=sex,
        address=address,
        issue_date=issue_date,
        generation=generation,
        extra_fields=extra,
        charset_repaired=charset_repaired,
        raw=text,
    )


_TOO_LONG = QrRejection(
    f"payload is too long for a QR code (more than {MAX_PAYLOAD_BYTES} bytes of UTF-8)"
)


def _undo_wrong_charset(text: str) -> str | None:
    """``text`` itself when it shows no sign of UTF-8 read as Latin-1 or Windows-1252; the
    text the bytes really held when every character undoes cleanly; ``None`` otherwise."""
    if not _MOJIBAKE_RE.search(text):
        return text
    single_bytes = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 0x100:
            single_bytes.append(code)
        elif ch in _CP1252_HIGH:
            single_bytes.append(_CP1252_HIGH[ch])
        else:
            return None  # a character neither code page has: not one reading of the bytes
    try:
        repaired = single_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _MOJIBAKE_RE.search(repaired) else repaired


def _parse_date(text: str) -> date | None:
    if not _DATE_RE.fullmatch(text):
        return None
    try:
        return date(int(text[4:8]), int(text[2:4]), int(text[0:2]))
    except ValueError:
        return None


def mask_id_number(id_number: str) -> str:
    """Show only the first 3 and last 3 digits, for paper and screens that need no more."""
    if len(id_number) <= 6:
        return "*" * len(id_number)
    return id_number[:3] + "*" * (len(id_number) - 6) + id_number[-3:]
