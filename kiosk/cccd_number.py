"""The structure of the 12-digit personal ID number (số định danh cá nhân / số CCCD).

Digits 1–3: the province where the birth was registered; digit 4: sex and century
(0/1 = male/female born 1900–1999, 2/3 = 2000–2099, 4/5 = 2100s, 6/7 = 2200s,
8/9 = 1800s); digits 5–6: the last two digits of the birth year; digits 7–12: random.
The province codes are those of the 63 provinces of Thông tư 07/2016/TT-BCA (as amended by
59/2021/TT-BCA). The number is for life, so the 2025 merger of provinces does not change
existing numbers; how numbers issued after it are coded is not documented yet: if a new
code appears, add it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.cccd_qr import Sex
from kiosk.text import Message

PROVINCE_CODES = frozenset(
    (
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    )
)
_CENTURY = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200,
            8: 1800, 9: 1800}  # fmt: skip
_DIGITS = re.compile(r"\d{12}")

NOT_TWELVE_DIGITS = Message(
    "Số định danh cá nhân gồm 12 chữ số. Ông/Bà vui lòng kiểm tra lại.",
    "The personal ID number has 12 digits. Please check it.",
)
NOT_A_NUMBER_ISSUED = Message(
    "Số này không đúng cấu trúc số định danh cá nhân. Ông/Bà vui lòng kiểm tra lại từng chữ số "
    "trên thẻ căn cước.",
    "This is not how personal ID numbers are made. Please check each digit against the ID card.",
)


@dataclass(frozen=True)
class IdNumberFacts:
    """What a well-formed ID number says about its holder."""

    province_code: str
    sex: Sex
    birth_year: int


def id_number_digits(text: str) -> str:
    """An ID number as typed, without the spaces, dots and dashes people put in it."""
    return re.sub(r"[\s.\-]", "", text)


def read_id_number(text: str, today: date) -> IdNumberFacts | Message:
    """The facts in a 12-digit ID number, or what is wrong with it."""
    digits = id_number_digits(text)
    if not _DIGITS.fullmatch(digits):
        return NOT_TWELVE_DIGITS
    code, marker, year = digits[:3], int(digits[3]), int(digits[4:6])
    birth_year = _CENTURY[marker] + year
    if code not in PROVINCE_CODES or birth_year > today.year:
        return NOT_A_NUMBER_ISSUED
    return IdNumberFacts(code, Sex.MALE if marker % 2 == 0 else Sex.FEMALE, birth_year)


def id_number_conflict(
    facts: IdNumberFacts, date_of_birth: date | None, sex: Sex | None
) -> Message | None:
    """Why the ID number cannot belong to a person with this birth date and sex, if so."""
    if date_of_birth is not None and date_of_birth.year != facts.birth_year:
        return Message(
            f"Số định danh cho thấy năm sinh {facts.birth_year}, khác với ngày sinh đã nhập "
            f"({date_of_birth:%d/%m/%Y}). Ông/Bà vui lòng kiểm tra lại số hoặc ngày sinh.",
            f"The ID number says born in {facts.birth_year}, but the date of birth given is "
            f"{date_of_birth:%d/%m/%Y}. Please check the number or the date.",
        )
    if sex is not None and sex is not facts.sex:
        return Message(
            "Chữ số thứ tư của số định danh không khớp với giới tính đã chọn. "
            "Ông/Bà vui lòng kiểm tra lại.",
            "The fourth digit of the ID number does not match the sex given. Please check.",
        )
    return None
