"""A submission from a JSON file, checked against its procedure as the touch screen checks
it: for ``kiosk outbox submit`` (technicians and operators filing a case by hand, and tests).

The file is shaped like::

    {"procedure": "dang-ky-tam-tru", "version": 1,
     "applicant": {"full_name": "...", "id_number": "...", "date_of_birth": "15/03/1984"},
     "answers": {"stay_address": "...", "stay_months": "6", "housing_basis": "rent"}}

Every answer goes through :func:`kiosk.answers.check_answer`; questions hidden by their
condition are dropped, as on the screen.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.answers import Invalid, check_answer
from kiosk.procedures import Catalogue, Procedure, QuestionType
from kiosk.submission import Submission, new_tracking_code, new_ulid


class SubmissionFileError(Exception):
    """The JSON file cannot become a submission; the message says what to fix."""


def submission_from_file(
    file: Path, catalogue: Catalogue, kiosk_id: str, now: datetime
) -> Submission:
    """A submission from a JSON file, checked against its procedure as the screen does."""
    try:
        data: Any = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SubmissionFileError(f"{file}: cannot read JSON ({exc})") from None
    if not isinstance(data, dict):
        raise SubmissionFileError(f"{file}: expected a JSON object")
    procedure = catalogue.get(str(data.get("procedure", "")))
    if procedure is None:
        raise SubmissionFileError(f"{file}: unknown procedure {data.get('procedure')!r}")
    version = data.get("version", procedure.version)
    if version != procedure.version:
        raise SubmissionFileError(
            f"{file}: procedure {procedure.code} is installed at version {procedure.version}"
        )
    raw_applicant = data.get("applicant", {})
    raw_answers = data.get("answers", {})
    if not isinstance(raw_applicant, dict) or not isinstance(raw_answers, dict):
        raise SubmissionFileError(f"{file}: 'applicant' and 'answers' must be objects")
    applicant, answers = _checked(procedure, raw_applicant, raw_answers, now, file)
    return Submission(
        local_id=new_ulid(now),
        tracking_code=new_tracking_code(),
        procedure_code=procedure.code,
        procedure_version=procedure.version,
        kiosk_id=kiosk_id,
        created_at=now,
        applicant=applicant,
        answers=answers,
    )


def _checked(
    procedure: Procedure,
    raw_applicant: dict[str, Any],
    raw_answers: dict[str, Any],
    now: datetime,
    file: Path,
) -> tuple[dict[str, str], dict[str, str]]:
    known_ids = {q.id for q in procedure.questions}
    unknown = sorted(set(raw_answers) - known_ids)
    if unknown:
        raise SubmissionFileError(f"{file}: no such question(s): {', '.join(unknown)}")
    applicant: dict[str, str] = {"source": str(raw_applicant.get("source", "typed"))}
    answers: dict[str, str] = {}
    checked: dict[str, str] = {}
    problems: list[str] = []
    for q in procedure.questions:
        if q.show_if is not None:
            target = procedure.question(q.show_if.question_id)
            multiple = target.type is QuestionType.MULTI_CHOICE
            if target.id not in checked or not q.show_if.holds(checked[target.id], multiple):
                continue  # hidden on the screen too: its answer is not sent
        raw = raw_answers.get(q.id)
        if raw is None and q.identity is not None:
            raw = raw_applicant.get(q.identity.value)
        result = check_answer(q, "" if raw is None else str(raw), now.date())
        if isinstance(result, Invalid):
            problems.append(f"{q.id}: {result.message.en}")
            continue
        checked[q.id] = result
        if q.identity is not None:
            applicant[q.identity.value] = result
        else:
            answers[q.id] = result
    if problems:
        raise SubmissionFileError(f"{file}: " + "; ".join(problems))
    return applicant, answers
