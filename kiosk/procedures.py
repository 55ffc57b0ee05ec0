"""Procedures (thủ tục hành chính) and their questions: the model.

A procedure is data, not code: one versioned TOML file per procedure under
``config/procedures/``, read by :mod:`kiosk.procedure_file`. Adding a procedure needs no code
change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.text import Message


class QuestionType(StrEnum):
    """The kinds of answer a question accepts (one page each)."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    NAME = "name"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    PHONE = "phone"
    EMAIL = "email"
    CCCD = "cccd"
    ATTACHMENT = "attachment"
    """A photo of a paper, taken by the kiosk camera; the answer is the photo's SHA-256."""


class GroupType(StrEnum):
    """Questions written once in a procedure file and asked as several pages."""

    PERSON = "person"
    ADDRESS = "address"


class DateWhen(StrEnum):
    """Which dates a date question accepts, relative to today."""

    PAST = "past"
    FUTURE = "future"
    ANY = "any"


class IdentityField(StrEnum):
    """Facts known from the ID card; a question bound to one is not asked when known."""

    FULL_NAME = "full_name"
    ID_NUMBER = "id_number"
    DATE_OF_BIRTH = "date_of_birth"
    SEX = "sex"
    ADDRESS = "address"


class Prefill(StrEnum):
    """What a question starts with before the resident answers (they may change it)."""

    KIOSK_ADDRESS = "kiosk_address"
    """The building and ward the kiosk stands in (:mod:`kiosk.kiosk_address`)."""


YES = "yes"
NO = "no"
MULTI_SEPARATOR = ","
"""A multiple-choice answer is its chosen values, in the order offered, joined by commas."""


@dataclass(frozen=True)
class Choice:
    """One option of a choice question."""

    value: str
    label: Message


YES_NO_CHOICES = (Choice(YES, Message("Có", "Yes")), Choice(NO, Message("Không", "No")))


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier answer is one of some values (for a
    multiple-choice answer: when it includes one of them)."""

    question_id: str
    values: tuple[str, ...]

    def holds(self, answer: str | None, multiple: bool) -> bool:
        """Whether the earlier ``answer`` makes the question appear."""
        if answer is None:
            return False
        picked = answer.split(MULTI_SEPARATOR) if multiple else [answer]
        return any(value in self.values for value in picked)


@dataclass(frozen=True)
class Question:
    """One question of a procedure's form, shown on its own page.

    Questions of a group (a person, an address) have ids ``group.part`` and carry the
    group's label, shown above their own.
    """

    id: str
    type: QuestionType
    label: Message
    hint: Message | None = None
    required: bool = True
    choices: tuple[Choice, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    max_length: int = 200
    when: DateWhen = DateWhen.PAST
    identity: IdentityField | None = None
    show_if: Condition | None = None
    group: str | None = None
    group_label: Message | None = None
    document: Message | None = None
    """For an attachment: the paper to photograph, as the documents list names it."""
    prefill: Prefill | None = None
    """What the answer starts with (``prefill = "kiosk_address"``): text questions and
    address groups only."""

    @property
    def options(self) -> tuple[Choice, ...]:
        """What the resident picks from (yes/no questions have their two)."""
        return YES_NO_CHOICES if self.type is QuestionType.YES_NO else self.choices


@dataclass(frozen=True)
class FeeRule:
    """A fee that applies when an answer has a value (e.g. students pay less)."""

    question_id: str
    equals: str
    fee_vnd: int


@dataclass(frozen=True)
class PageFee:
    """A fee by the page, as for certified copies: the first pages cost more, later ones
    less, with a cap per copy; multiplied by the number of copies when asked."""

    pages_question: str
    first_pages: int
    first_page_fee_vnd: int
    later_page_fee_vnd: int
    cap_per_copy_vnd: int | None = None
    copies_question: str | None = None

    def fee(self, answers: Mapping[str, str]) -> int | None:
        """The fee for these answers, or None while the number of pages is not known."""
        pages_text = answers.get(self.pages_question, "")
        if not pages_text.isdigit():
            return None
        pages = int(pages_text)
        per_copy = self.first_page_fee_vnd * min(pages, self.first_pages)
        per_copy += self.later_page_fee_vnd * max(0, pages - self.first_pages)
        if self.cap_per_copy_vnd is not None:
            per_copy = min(per_copy, self.cap_per_copy_vnd)
        copies_text = answers.get(self.copies_question, "") if self.copies_question else ""
        return per_copy * (int(copies_text) if copies_text.isdigit() else 1)


@dataclass(frozen=True)
class Procedure:
    """A procedure the kiosk can submit, at one version.

    ``note`` says where a detail is uncertain; it is data, not decoration.
    """

    code: str
    version: int
    name: Message
    summary: Message
    area: str
    area_name: Message
    receiving_office: Message
    fee_vnd: int
    fee_note: Message
    processing_time: Message
    result_delivery: Message
    online_level: str
    documents: tuple[Message, ...]
    questions: tuple[Question, ...]
    fee_rules: tuple[FeeRule, ...] = ()
    page_fee: PageFee | None = None
    source: str = ""
    note: str = ""

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if there is none: a bug in the caller)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def fee_for(self, answers: Mapping[str, str]) -> int:
        """The fee in VND for these answers (of the questions shown): the first matching
        rule, else the fee by the page, else the base fee."""
        for rule in self.fee_rules:
            if answers.get(rule.question_id) == rule.equals:
                return rule.fee_vnd
        if self.page_fee is not None:
            by_page = self.page_fee.fee(answers)
            if by_page is not None:
                return by_page
        return self.fee_vnd


class CatalogueError(Exception):
    """A procedure file that cannot be used, with the file and the key at fault."""


class Catalogue:
    """The procedures installed on this kiosk, by code."""

    def __init__(self, procedures: list[Procedure]) -> None:
        self._by_code = {p.code: p for p in procedures}
        if len(self._by_code) != len(procedures):
            raise CatalogueError("two procedure files share one code")

    @property
    def procedures(self) -> list[Procedure]:
        """All procedures, ordered by area and then Vietnamese name."""
        return sorted(self._by_code.values(), key=lambda p: (p.area, p.name.vi))

    def get(self, code: str) -> Procedure | None:
        """The procedure with this code, if installed."""
        return self._by_code.get(code)

    @classmethod
    def load(cls, directory: Path) -> Catalogue:
        """Load every ``*.toml`` file of ``directory`` (units from ``../units``)."""
        from kiosk.procedure_file import load_procedures

        return cls(load_procedures(directory))
