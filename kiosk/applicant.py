"""The applicant's facts as a form gathers them: read from the ID card, then typed, and
whether an ID number typed fits the birth date and sex given beside it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from kiosk.cccd_number import id_number_conflict, read_id_number
from kiosk.cccd_qr import CitizenIdentity, Sex
from kiosk.procedures import IdentityField, Procedure, Question
from kiosk.text import Message

IDENTITY_VALUE: dict[IdentityField, Callable[[CitizenIdentity], str]] = {
    IdentityField.FULL_NAME: lambda i: i.full_name,
    IdentityField.ID_NUMBER: lambda i: i.id_number,
    IdentityField.DATE_OF_BIRTH: lambda i: i.date_of_birth.isoformat(),
    IdentityField.SEX: lambda i: i.sex.value,
    IdentityField.ADDRESS: lambda i: i.address,
}
"""Each identity field as an answer would give it."""


def card_facts(identity: CitizenIdentity) -> dict[str, str]:
    """The identity read from the card, by identity field, as answers."""
    return {f.value: get(identity) for f, get in IDENTITY_VALUE.items()}


def answer_conflict(
    procedure: Procedure,
    identity: CitizenIdentity | None,
    answers: Mapping[str, str],
    question: Question,
    value: str,
    today: date,
) -> Message | None:
    """Whether an ID number and the same person's birth date and sex disagree, counting
    ``value``, the answer being given to ``question``: the applicant's (from the card, then
    typed answers), or those of a group such as the mother's."""
    facts_of: dict[str, str]
    if question.identity is not None:
        facts_of = card_facts(identity) if identity is not None else {}
        for q in procedure.questions:
            if q.identity is not None and q.id in answers:
                facts_of[q.identity.value] = answers[q.id]
        facts_of[question.identity.value] = value
    elif question.group is not None:
        prefix = question.group + "."
        facts_of = {k.removeprefix(prefix): v for k, v in answers.items() if k.startswith(prefix)}
        facts_of[question.id.removeprefix(prefix)] = value
    else:
        return None
    id_number = facts_of.get("id_number", "")
    if not id_number:
        return None
    facts = read_id_number(id_number, today)
    if isinstance(facts, Message):
        return None  # a badly formed number is the ID question's own error
    born = facts_of.get("date_of_birth")
    sex = facts_of.get("sex")
    return id_number_conflict(
        facts,
        date.fromisoformat(born) if born else None,
        Sex(sex) if sex in (Sex.MALE.value, Sex.FEMALE.value) else None,
    )
