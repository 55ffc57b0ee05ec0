"""DG13 of a Vietnamese citizen ID card: the personal data, parsed by field number.

Layout (BER/DER)::

    [APPLICATION 13] {
      SEQUENCE { INTEGER version, OBJECT IDENTIFIER, SET OF SEQUENCE { INTEGER n, value… } }
    }

Values are UTF8String or PrintableString; field 13 (parents) nests its names in a SEQUENCE.
Fields can be missing, so nothing depends on positions: each field is found by its number,
and the parse walks whatever the card sent with asn1crypto. Malformed input gives a
:class:`Dg13Rejection`, never an exception. The ASN.1 types are public because the card
simulator writes DG13 with them, so the writer and the reader cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from asn1crypto import core, parser

from hardware.card_reader.icao.tlv import ber_length
from kiosk.cccd_qr import Sex
from kiosk.chip_data import ChipIdentity

DG13_TAG = 13  # [APPLICATION 13], 0x6D on the wire
_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SEX_WORDS = {"nam": Sex.MALE, "nữ": Sex.FEMALE}
# asn1crypto reports malformed input as ValueError (TypeError for a value of the wrong type);
# 25 000 fuzzed and corrupted inputs raised nothing else.
_ASN1_ERRORS = (ValueError, TypeError)
_MAX_DEPTH = 4


class Dg13Values(core.SequenceOf):  # type: ignore[misc]
    """A SEQUENCE whose members can be anything: a field, or a nested list of names."""

    _child_spec = core.Any


class Dg13FieldSet(core.SetOf):  # type: ignore[misc]
    """The SET OF field SEQUENCEs."""

    _child_spec = Dg13Values


@dataclass(frozen=True)
class Dg13Rejection:
    """Why bytes are not a readable DG13 (no personal data in the reason)."""

    reason: str


def parse_dg13(data: bytes) -> ChipIdentity | Dg13Rejection:
    """Parse DG13 bytes into a :class:`ChipIdentity`, or say why not."""
    if not isinstance(data, bytes | bytearray):
        return Dg13Rejection("DG13 is not bytes")
    try:
        fields = _read_fields(bytes(data))
    except _ASN1_ERRORS:
        return Dg13Rejection("DG13 is not well-formed BER")
    if isinstance(fields, Dg13Rejection):
        return fields
    return _identity(fields)


def _read_fields(data: bytes) -> dict[int, list[str]] | Dg13Rejection:
    class_, method, tag, _header, contents, _trailer = parser.parse(data, strict=True)
    if class_ != 1 or tag != DG13_TAG or method != 1:
        return Dg13Rejection("the file is not DG13 ([APPLICATION 13])")
    outer = core.load(contents, strict=True)
    if not isinstance(outer, core.Sequence):
        return Dg13Rejection("DG13 does not hold a SEQUENCE")
    members = Dg13Values.load(contents, strict=True)
    field_sets = [m for m in members if m.parse().tag == 17 and m.parse().class_ == 0]
    if not field_sets:
        return Dg13Rejection("DG13 has no SET of fields")
    found: dict[int, list[str]] = {}
    for field_set in field_sets:
        # An Any's contents are the member's whole encoding; dump() of the parsed generic SET
        # would re-encode it (and can fail).
        for entry in Dg13FieldSet.load(field_set.contents or b"", strict=True):
            if len(entry) == 0:
                continue
            number = entry[0].parse()
            if not isinstance(number, core.Integer):
                return Dg13Rejection("a DG13 field does not start with its number")
            texts: list[str] = []
            for value in list(entry)[1:]:
                _collect_texts(value.parse(), texts, 0)
            found.setdefault(int(number.native), texts)
    return found


def _collect_texts(value: core.Asn1Value, out: list[str], depth: int) -> None:
    """Every string in ``value``, depth first, in order (nested lists of names too)."""
    if isinstance(value, core.AbstractString):
        out.append(unicodedata.normalize("NFC", str(value.native)))
    elif isinstance(value, core.Sequence | core.Set | core.SequenceOf | core.SetOf):
        if depth >= _MAX_DEPTH:
            return
        contents = value.contents or b""
        # Re-wrap the members as a SEQUENCE so a SET and a SEQUENCE read the same way.
        members = Dg13Values.load(b"\x30" + ber_length(len(contents)) + contents, strict=True)
        for child in members:
            _collect_texts(child.parse(), out, depth + 1)


def _first(fields: Mapping[int, list[str]], number: int) -> str | None:
    texts = fields.get(number) or []
    for text in texts:
        if text.strip():
            return " ".join(text.split())
    return None


def _nth(fields: Mapping[int, list[str]], number: int, index: int) -> str | None:
    texts = fields.get(number) or []
    if index < len(texts) and texts[index].strip():
        return " ".join(texts[index].split())
    return None


def parse_dg13_date(text: str | None) -> date | None:
    """``dd/mm/yyyy`` as on the card; anything else is None."""
    if text is None:
        return None
    match = _DATE_RE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _identity(fields: Mapping[int, list[str]]) -> ChipIdentity:
    sex_text = _first(fields, 4)
    known = set(range(1, 16))
    unknown = tuple(
        (number, " | ".join(texts))
        for number, texts in sorted(fields.items())
        if number not in known
    )
    return ChipIdentity(
        id_number=_first(fields, 1),
        full_name=_first(fields, 2),
        date_of_birth=parse_dg13_date(_first(fields, 3)),
        sex=_SEX_WORDS.get(sex_text.lower()) if sex_text else None,
        nationality=_first(fields, 5),
        ethnicity=_first(fields, 6),
        religion=_first(fields, 7),
        place_of_origin=_first(fields, 8),
        place_of_residence=_first(fields, 9),
        identifying_marks=_first(fields, 10),
        issue_date=parse_dg13_date(_first(fields, 11)),
        expiry_text=_first(fields, 12),
        father_name=_nth(fields, 13, 0),
        mother_name=_nth(fields, 13, 1),
        spouse_name=_first(fields, 14),
        old_id_number=_first(fields, 15),
        unknown_fields=unknown,
    )
