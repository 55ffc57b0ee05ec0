"""The address of the building the kiosk stands in, for the questions that start with it.

A procedure marks a question ``prefill = "kiosk_address"`` when its answer is most often the
kiosk's own building (a resident registering a stay in the flats above the lobby): a text
question then starts with the building and ward, and an address group with the ward as its
commune and the building as its street. The resident still sees it, may change it, and
confirms it like any answer. The composition root makes the :class:`KioskAddress` from
``[kiosk] building_vi`` and ``[kiosk] ward`` (set by ``kiosk provision``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.procedures import Prefill, Question, QuestionType
from kiosk.units import Unit

CITY_VI = "Hà Nội"
PROVINCE_VI = "Thành phố Hà Nội"


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
