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
    source: str = ""
    note: str = ""

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if there is none: a bug in the caller)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def fee_for(self, answers: Mapping[str, str]) -> int:
        """The fee in VND for these answers: the first matching rule, else the base fee."""
        for rule in self.fee_rules:
            if answers.get(rule.question_id) == rule.equals:
                return rule.fee_vnd
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
