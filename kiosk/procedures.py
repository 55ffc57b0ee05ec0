"""Procedures (thủ tục hành chính) and their questions: the model.

A procedure is data, not code: one versioned TOML file per procedure under
``config/procedures/``, read by :mod:`kiosk.procedure_file`. Adding a procedure needs no code
change.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.payment import PaymentMethod
from kiosk.result_delivery import DeliveryMethod
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
    KIOSK_APARTMENT = "kiosk_apartment"
    """Where the resident lives in the kiosk's own building: asked as the apartment number
    alone, the building, ward and city filled in, "Địa chỉ khác" to type another address
    (a text question's answer is then the full line, :mod:`kiosk.kiosk_address`)."""


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
    address groups only; ``kiosk_apartment``: text questions only."""
    applicant_if: Condition | None = None
    """For a part of a person group marked ``is_applicant_if`` (the mother, when the
    resident said they are the mother): when this holds the person is the resident, and
    the part is answered from the ID card as :attr:`applicant_part`, not asked."""
    applicant_part: IdentityField | None = None

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


MIN_MINUTES = 2
"""Consent, the ID card and the check page alone take a resident about two minutes."""
MAX_MINUTES = 60
"""Beyond an hour at a lobby kiosk a procedure is mistyped, not long."""

_SETUP_MINUTES = 2.0
_MINUTES_PER_TYPED_ANSWER = 1 / 3
_MINUTES_PER_PAPER = 1.0


def estimated_minutes(questions: Iterable[Question]) -> int:
    """How long a procedure takes at the kiosk when its file does not say (``minutes``):
    two minutes for consent, the ID card, the check page and submitting; 20 seconds for
    each question typed or tapped (one only some residents see counts half; one the card
    answers, nothing); a minute for each paper photographed. Rounded up, within bounds."""
    minutes = _SETUP_MINUTES
    for q in questions:
        if q.identity is not None:
            continue
        weight = 0.5 if q.show_if is not None else 1.0
        per = _MINUTES_PER_PAPER if q.type is QuestionType.ATTACHMENT else _MINUTES_PER_TYPED_ANSWER
        minutes += weight * per
    return min(MAX_MINUTES, max(MIN_MINUTES, math.ceil(minutes - 1e-9)))


WARD_PLACEHOLDER = "{ward}"


@dataclass(frozen=True)
class WardOffice:
    """The receiving office named after the kiosk's own ward (``Công an {ward}``), used
    when the answer that decides the office (``decided_by``: a text question, or an
    address group by its commune) places the resident in that ward."""

    office: Message
    """With ``{ward}`` where the ward's name goes."""
    decided_by: str

    def applies(self, answers: Mapping[str, str], ward: str) -> bool:
        """Whether ``answers`` place the matter in ``ward`` (a ward's name: ``Phường Láng``)."""
        if not ward:
            return False
        commune = answers.get(f"{self.decided_by}.commune")
        if commune is not None:
            return _folded(commune) == _folded(ward)
        return names_ward(answers.get(self.decided_by, ""), ward)

    def named(self, ward: str) -> Message:
        """The office with the ward's name in it."""
        return Message(
            self.office.vi.replace(WARD_PLACEHOLDER, ward),
            self.office.en.replace(WARD_PLACEHOLDER, ward),
        )


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def names_ward(text: str, ward: str) -> bool:
    """Whether ``text`` (an address) names ``ward`` as a whole name: ``Phường Láng`` is in
    ``Căn 1205, Phường Láng, Hà Nội`` but not in ``Phường Láng Hạ, Quận Đống Đa`` (an
    older card's address). A name followed by more words without a comma is not taken."""
    if not ward.strip():
        return False
    pattern = rf"(?<!\w){re.escape(_folded(ward))}(?!\s*\w)"
    return re.search(pattern, _folded(text)) is not None


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
    minutes: int = MIN_MINUTES
    """About how long it takes at the kiosk (the file's ``minutes``, else
    :func:`estimated_minutes`)."""
    ward_office: WardOffice | None = None
    """The office by the kiosk's ward, where the procedure's answers decide it."""
    fee_rules: tuple[FeeRule, ...] = ()
    page_fee: PageFee | None = None
    source: str = ""
    note: str = ""
    delivery_methods: tuple[DeliveryMethod, ...] = (DeliveryMethod.OFFICE,)
    """How the result may be received (the file's ``result_delivery``), the default first."""
    payment_methods: tuple[PaymentMethod, ...] = ()
    """How a fee may be paid (the file's ``payment``): empty without a fee; cash at the
    office when the file does not say."""
    notify: bool = False
    """Whether the resident is offered SMS or Zalo news of the dossier (``notify``)."""

    def pays_by_vietqr(self, fee_vnd: int) -> bool:
        """Whether a fee of ``fee_vnd`` is offered as a VietQR transfer."""
        return fee_vnd > 0 and PaymentMethod.VIETQR in self.payment_methods

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if there is none: a bug in the caller)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def time_at_kiosk(self) -> Message:
        """How long it takes at the kiosk, in the resident's words: ``Khoảng 4 phút``."""
        return Message(f"Khoảng {self.minutes} phút", f"About {self.minutes} minutes")

    def office_for(self, answers: Mapping[str, str], ward: str) -> Message:
        """Where the dossier goes: named after the kiosk's ``ward`` when the answers place
        the matter there, else the procedure's own ``receiving_office``."""
        if self.ward_office is not None and self.ward_office.applies(answers, ward):
            return self.ward_office.named(ward)
        return self.receiving_office

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
