"""Checking answers: canonical values, and messages that say how to fix a wrong one."""

from datetime import date

import pytest

from kiosk.answers import Invalid, check_answer, display_answer
from kiosk.procedures import Choice, Question, QuestionType
from kiosk.text import Message

TODAY = date(2026, 11, 23)


def q(qtype: QuestionType, **kw) -> Question:
    return Question(id="x", type=qtype, label=Message("x", "x"), **kw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0912345678", "0912345678"), ("091 234 5678", "0912345678"), ("+84912345678", "0912345678")],
)
def test_mobile_numbers_are_accepted_in_the_ways_people_write_them(raw, expected):
    assert check_answer(q(QuestionType.PHONE), raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["12345", "0112345678", "09123456789", "abc"])
def test_a_wrong_mobile_number_says_what_a_right_one_looks_like(raw):
    result = check_answer(q(QuestionType.PHONE), raw, TODAY)
    assert isinstance(result, Invalid)
    assert "10 chữ số" in result.message.vi and "10 digits" in result.message.en


def test_dates_are_read_day_first_and_stored_as_iso():
    assert check_answer(q(QuestionType.DATE), "5/3/1984", TODAY) == "1984-03-05"
    assert isinstance(check_answer(q(QuestionType.DATE), "31/02/1984", TODAY), Invalid)
    future = check_answer(q(QuestionType.DATE), "01/01/2030", TODAY)
    assert isinstance(future, Invalid) and "chưa đến" in future.message.vi


def test_numbers_outside_the_range_name_the_range():
    question = q(QuestionType.NUMBER, min_value=1, max_value=24)
    assert check_answer(question, "07", TODAY) == "7"
    result = check_answer(question, "0", TODAY)
    assert isinstance(result, Invalid) and "1 đến 24" in result.message.vi
    assert isinstance(check_answer(question, "mười", TODAY), Invalid)


def test_an_empty_required_answer_asks_for_one():
    result = check_answer(q(QuestionType.TEXT), "   ", TODAY)
    assert isinstance(result, Invalid) and "trả lời" in result.message.vi


def test_only_offered_choices_are_accepted_and_shown_by_their_label():
    question = q(QuestionType.CHOICE, choices=(Choice("rent", Message("Thuê nhà", "I rent")),))
    assert check_answer(question, "rent", TODAY) == "rent"
    assert isinstance(check_answer(question, "own", TODAY), Invalid)
    assert display_answer(question, "rent", "vi") == "Thuê nhà"
    assert display_answer(question, "rent", "en") == "I rent"


def test_text_is_trimmed_and_limited_in_length():
    assert check_answer(q(QuestionType.TEXT), "  Trần   Văn  Hùng ", TODAY) == "Trần Văn Hùng"
    assert isinstance(check_answer(q(QuestionType.TEXT, max_length=5), "Trần Văn", TODAY), Invalid)
