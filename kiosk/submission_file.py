"""A submission from a JSON file, checked against its procedure as the touch screen checks
it: for ``kiosk outbox submit`` (technicians and operators filing a case by hand, and tests).

The file is shaped like::

    {"procedure": "dang-ky-tam-tru", "version": 1,
     "applicant": {"full_name": "...", "id_number": "...", "date_of_birth": "15/03/1984"},
     "answers": {"stay_address": "...", "stay_months": "6", "housing_basis": "rent"}}

Every answer is a JSON string, as the screen's text (a multiple choice as the picked values
joined by commas); a number question also takes a JSON integer. Any other JSON type (an
object, a list, true/false, null, a fraction) is refused naming the question, never turned
into text. Then every answer goes through :func:`kiosk.answers.check_answer`; questions
hidden by their condition are dropped, as on the screen.

A file larger than :data:`MAX_FILE_BYTES` (answers are short and photos are named by their
SHA-256, so a real one is a few kilobytes) or nested too deeply to parse is refused in one
line before it is looked at.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.answers import Invalid, check_answer
from kiosk.procedures import Catalogue, Procedure, Question, QuestionType
from kiosk.submission import Submission, new_tracking_code, new_ulid

MAX_FILE_BYTES = 1_000_000
"""The largest file looked at: a real submission is a few kilobytes."""
_JSON_TYPE_NAMES = {dict: "an object", list: "a list", bool: "true/false", float: "a fraction"}
_ABSENT = object()
"""A question the file leaves out (unlike one it answers with null)."""


class SubmissionFileError(Exception):
    """The JSON file cannot become a submission; the message says what to fix."""


def submission_from_file(
    file: Path, catalogue: Catalogue, kiosk_id: str, now: datetime
) -> Submission:
    """A submission from a JSON file, checked against its procedure as the screen does."""
    data = _load_json(file)
    if not isinstance(data, dict):
        raise SubmissionFileError(f"{file}: expected a JSON object")
    code = data.get("procedure", "")
    if not isinstance(code, str):
        raise SubmissionFileError(f"{file}: 'procedure' must be a procedure code (a JSON string)")
    procedure = catalogue.get(code)
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


def _load_json(file: Path) -> Any:
    """The file's JSON, bounded in size before parsing and in depth while parsing."""
    try:
        with file.open("rb") as stream:
            content = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SubmissionFileError(f"{file}: cannot read it ({exc.strerror})") from None
    if len(content) > MAX_FILE_BYTES:
        raise SubmissionFileError(
            f"{file}: the file is larger than {MAX_FILE_BYTES:,} bytes; a submission is a few "
            "kilobytes (photos go by their SHA-256)"
        )
    try:
        return json.loads(content.decode("utf-8"))
    except RecursionError:
        raise SubmissionFileError(
            f"{file}: the file is nested too deeply to be a submission"
        ) from None
    except ValueError as exc:
        raise SubmissionFileError(f"{file}: cannot read JSON ({exc})") from None


def _screen_text(question: Question, raw: Any) -> str | None:
    """The answer as the screen would hand it to :func:`check_answer`, or ``None`` when its
    JSON type is not the question's."""
    if isinstance(raw, str):
        return raw
    if question.type is QuestionType.NUMBER and type(raw) is int:
        return str(raw)
    return None


def _type_problem(question: Question, raw: Any) -> str:
    expected = (
        "a JSON string of digits or a JSON whole number"
        if question.type is QuestionType.NUMBER
        else "text as a JSON string"
    )
    got = "null" if raw is None else _JSON_TYPE_NAMES.get(type(raw), "a number")
    return f"{question.id}: expected {expected}, got {got}"


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
    source = raw_applicant.get("source", "typed")
    if not isinstance(source, str):
        raise SubmissionFileError(f"{file}: applicant source must be text (a JSON string)")
    applicant: dict[str, str] = {"source": source}
    answers: dict[str, str] = {}
    checked: dict[str, str] = {}
    problems: list[str] = []
    for q in procedure.questions:
        if q.show_if is not None:
            target = procedure.question(q.show_if.question_id)
            multiple = target.type is QuestionType.MULTI_CHOICE
            if target.id not in checked or not q.show_if.holds(checked[target.id], multiple):
                continue  # hidden on the screen too: its answer is not sent
        raw: Any = raw_answers.get(q.id, _ABSENT)
        if raw is _ABSENT and q.identity is not None:
            raw = raw_applicant.get(q.identity.value, _ABSENT)
        text = "" if raw is _ABSENT else _screen_text(q, raw)
        if text is None:
            problems.append(_type_problem(q, raw))
            continue
        result = check_answer(q, text, now.date())
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
