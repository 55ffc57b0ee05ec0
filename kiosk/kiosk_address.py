"""The address of the building the kiosk stands in, for the questions that start with it.

A question marked ``prefill = "kiosk_apartment"`` is the address where the resident lives in
this building: the screen asks only for the flat number (a number keypad), shows the
building, ward and city, and offers "Địa chỉ khác" to type another address; the answer is
the whole line (:meth:`KioskAddress.apartment_line`).

A procedure marks a question ``prefill = "kiosk_address"`` when its answer is most often the
kiosk's own building (a resident registering a stay in the flats above the lobby): a text
question then starts with the building and ward, and an address group with the ward as its
commune and the building as its street. The resident still sees it, may change it, and
confirms it like any answer. The composition root makes the :class:`KioskAddress` from
``[kiosk] building_vi`` and ``[kiosk] ward`` (set by ``kiosk provision``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.procedures import Prefill, Question, QuestionType
from kiosk.text import Message
from kiosk.units import Unit

CITY_VI = "Hà Nội"
PROVINCE_VI = "Thành phố Hà Nội"
APARTMENT_PREFIX = "Căn hộ"
"""How the answer names the flat: ``Căn hộ 1205, <building>, <ward>, Hà Nội``."""
APARTMENT_MAX_LENGTH = 10
_APARTMENT_RE = re.compile(r"[0-9A-Z]+(?:[-./][0-9A-Z]+)*")
"""A flat's number as Hanoi buildings write it: digits, often with a letter for a floor
that skips 13 or a tower (``1205``, ``12A05``, ``A1205``, ``T1-1205``)."""

APARTMENT_NEEDED = Message(
    "Ông/Bà vui lòng nhập số căn hộ, ví dụ 1205. Nếu Ông/Bà không ở tòa nhà này, "
    "bấm «Địa chỉ khác».",
    "Please enter your flat number, for example 1205. If you do not live in this building, "
    "press “Another address”.",
)
APARTMENT_INVALID = Message(
    f"Số căn hộ gồm chữ số và có thể có chữ cái, tối đa {APARTMENT_MAX_LENGTH} ký tự, "
    "ví dụ 1205 hoặc 12A05. Ông/Bà vui lòng sửa lại.",
    f"A flat number has digits and maybe letters, at most {APARTMENT_MAX_LENGTH} characters, "
    "for example 1205 or 12A05. Please correct it.",
)


@dataclass(frozen=True)
class KioskAddress:
    """Where this kiosk stands: its building (as on receipts) and its ward."""

    building: str
    """``[kiosk] building_vi``, e.g. ``Tòa A, Chung cư Sông Hồng, 12 Láng Hạ``."""
    ward_code: str = ""
    ward_name: str = ""
    """e.g. ``Phường Láng``; empty when the kiosk is not provisioned with a ward."""

    @classmethod
    def of(cls, building: str, ward_code: str, units: Sequence[Unit]) -> KioskAddress:
        """The address from the settings' building and ward code (a code not in ``units``
        gives no ward name)."""
        name = next((u.name for u in units if u.code == ward_code), "")
        return cls(building.strip(), ward_code, name)

    def line(self) -> str:
        """One line: the building, then the ward and the city unless the building already
        names them, e.g. ``Tòa A, 12 Láng Hạ, Phường Láng, Hà Nội``."""
        parts = [self.building]
        folded = self.building.casefold()
        if self.ward_name and self.ward_name.casefold() not in folded:
            parts.append(self.ward_name)
        if CITY_VI.casefold() not in folded:
            parts.append(CITY_VI)
        return ", ".join(p for p in parts if p)

    def apartment_line(self, apartment: str) -> str | Message:
        """The answer for a flat in this building (``Căn hộ 12A05, Tòa A, …, Hà Nội``), or
        what is wrong with the number typed (spaces dropped, letters made capitals)."""
        number = "".join(apartment.split()).upper()
        if not number:
            return APARTMENT_NEEDED
        if len(number) > APARTMENT_MAX_LENGTH or not _APARTMENT_RE.fullmatch(number):
            return APARTMENT_INVALID
        return f"{APARTMENT_PREFIX} {number}, {self.line()}"

    def apartment_in(self, answer: str) -> str | None:
        """The flat number of an answer :meth:`apartment_line` made; None for any other
        answer (an address typed in full)."""
        head = f"{APARTMENT_PREFIX} "
        tail = f", {self.line()}"
        if not (answer.startswith(head) and answer.endswith(tail)):
            return None
        number = answer[len(head) : len(answer) - len(tail)]
        return number if _APARTMENT_RE.fullmatch(number) else None

    def answer_for(self, question: Question) -> str:
        """What ``question`` starts with when it is marked ``prefill = "kiosk_address"``
        (empty when it is not, or when the address has nothing that fits it)."""
        if question.prefill is not Prefill.KIOSK_ADDRESS or not self.building:
            return ""
        if question.group is None:
            return self.line()
        part = question.id.removeprefix(f"{question.group}.")
        if part == "street":
            return self.building
        if part == "province":
            return PROVINCE_VI
        if part == "commune":
            if question.type is QuestionType.CHOICE:
                offered = {c.value for c in question.options}
                return self.ward_name if self.ward_name in offered else ""
            return self.ward_name
        return ""
