"""Check one answer against its question, and say how to fix it when it is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.cccd_number import id_number_digits, read_id_number
from kiosk.procedures import MULTI_SEPARATOR, DateWhen, Question, QuestionType
from kiosk.text import Message

_MOBILE_RE = re.compile(r"0[35789]\d{8}")
_DATE_RE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
# A name: letters (any script's, which covers every Vietnamese letter) and single spaces,
# with the hyphen and apostrophe some names of ethnic minorities and foreigners carry.
_NAME_RE = re.compile(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*")
_SHA256_RE = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Invalid:
    """Why an answer cannot be accepted, and what the resident can do about it."""

    message: Message


REQUIRED = Message(
    "Ông/Bà vui lòng trả lời câu hỏi này để tiếp tục.",
    "Please answer this question to continue.",
)


PHOTO_NEEDED = Message(
    "Ông/Bà vui lòng đặt giấy tờ dưới máy ảnh rồi bấm «Chụp ảnh».",
    "Please place the paper under the camera, then press “Take photo”.",
)
PHOTO_TAKEN = Message("Đã chụp ảnh", "Photo taken")
NO_PHOTO = Message("Không chụp", "No photo")


def check_answer(question: Question, raw: str, today: date) -> str | Invalid:
    """The answer in canonical form (dates as ISO text, numbers as digits), or why not."""
    text = " ".join(raw.split())
    if not text:
        if not question.required:
            return ""
        return Invalid(PHOTO_NEEDED if question.type is QuestionType.ATTACHMENT else REQUIRED)
    if len(text) > question.max_length:
        return Invalid(
            Message(
                f"Câu trả lời dài quá {question.max_length} ký tự. Ông/Bà vui lòng viết ngắn lại.",
                f"The answer is longer than {question.max_length} characters. Please shorten it.",
            )
        )
    match question.type:
        case QuestionType.ATTACHMENT:
            if not _SHA256_RE.fullmatch(text):
                return Invalid(PHOTO_NEEDED)
            return text
        case QuestionType.NUMBER:
            return _check_number(question, text)
        case QuestionType.DATE:
            return _check_date(text, today, question.when)
        case QuestionType.CHOICE | QuestionType.YES_NO:
            if text not in {c.value for c in question.options}:
                return Invalid(
                    Message(
                        "Ông/Bà vui lòng chọn một trong các ô.", "Please choose one of the options."
                    )
                )
            return text
        case QuestionType.MULTI_CHOICE:
            picked = {v.strip() for v in text.split(MULTI_SEPARATOR) if v.strip()}
            offered = [c.value for c in question.options]
            if not picked <= set(offered):
                return Invalid(
                    Message(
                        "Ông/Bà vui lòng chọn trong các ô đã cho.",
                        "Please choose among the options shown.",
                    )
                )
            return MULTI_SEPARATOR.join(v for v in offered if v in picked)
        case QuestionType.NAME:
            if not _NAME_RE.fullmatch(text):
                return Invalid(
                    Message(
                        "Họ tên chỉ gồm chữ cái (có dấu) và dấu cách, không có chữ số. "
                        "Ông/Bà vui lòng kiểm tra lại.",
                        "A name has only letters (with accents) and spaces, no digits. "
                        "Please check it.",
                    )
                )
            return text
        case QuestionType.EMAIL:
            if not _EMAIL_RE.fullmatch(text):
                return Invalid(
                    Message(
                        "Địa chỉ thư điện tử chưa đúng, ví dụ đúng: ten@gmail.com.",
                        "That is not an e-mail address; for example: name@gmail.com.",
                    )
                )
            return text.lower()
        case QuestionType.CCCD:
            facts = read_id_number(text, today)
            if isinstance(facts, Message):
                return Invalid(facts)
            return id_number_digits(text)
        case QuestionType.PHONE:
            digits = re.sub(r"[\s.\-]", "", text).removeprefix("+84")
            if len(digits) == 9 and not digits.startswith("0"):
                digits = "0" + digits
            if not _MOBILE_RE.fullmatch(digits):
                return Invalid(
                    Message(
                        "Số di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09. "
                        "Ông/Bà vui lòng kiểm tra lại.",
                        "A mobile number has 10 digits and starts with 03, 05, 07, 08 or 09. "
                        "Please check it.",
                    )
                )
            return digits
        case _:
            return text


def _check_number(question: Question, text: str) -> str | Invalid:
    low, high = question.min_value, question.max_value
    if not text.isdigit():
        return Invalid(Message("Ông/Bà vui lòng chỉ nhập chữ số.", "Please enter digits only."))
    value = int(text)
    if (low is not None and value < low) or (high is not None and value > high):
        return Invalid(
            Message(
                f"Ông/Bà vui lòng nhập một số từ {low} đến {high}.",
                f"Please enter a number from {low} to {high}.",
            )
        )
    return str(value)


def _check_date(text: str, today: date, when: DateWhen) -> str | Invalid:
    wrong = Invalid(
        Message(
            "Ngày chưa đúng. Ông/Bà vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 15/03/1984.",
            "That is not a date. Please write day/month/year, for example 15/03/1984.",
        )
    )
    match = _DATE_RE.fullmatch(text)
    if not match:
        return wrong
    day, month, year = (int(g) for g in match.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        return wrong
    if when is DateWhen.PAST and value > today:
        return Invalid(
            Message(
                "Ngày này chưa đến. Ông/Bà vui lòng kiểm tra lại.",
                "That date is in the future. Please check it.",
            )
        )
    if when is DateWhen.FUTURE and value < today:
        return Invalid(
            Message(
                "Ngày này đã qua. Ông/Bà vui lòng chọn một ngày từ hôm nay trở đi.",
                "That date has passed. Please give a date from today on.",
            )
        )
    return value.isoformat()


def display_answer(question: Question, value: str, language: str) -> str:
    """An answer as the resident would write it (dates dd/mm/yyyy, choices by label)."""
    if question.type in (QuestionType.CHOICE, QuestionType.YES_NO):
        for c in question.options:
            if c.value == value:
                return c.label.in_language(language)
    if question.type is QuestionType.MULTI_CHOICE:
        picked = value.split(MULTI_SEPARATOR)
        return ", ".join(
            c.label.in_language(language) for c in question.options if c.value in picked
        )
    if question.type is QuestionType.ATTACHMENT:
        return (PHOTO_TAKEN if value else NO_PHOTO).in_language(language)
    if question.type is QuestionType.DATE and value:
        y, m, d = value.split("-")
        return f"{d}/{m}/{y}"
    return value
