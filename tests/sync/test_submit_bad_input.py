"""``kiosk outbox submit`` on bad input: answers of the wrong JSON type, and files nested or
sized beyond any submission. Each is refused with one line naming what to fix, exit 2, and
nothing queued."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.app.cli import run_command
from kiosk.procedures import Catalogue
from kiosk.settings import PROCEDURES_DIR
from kiosk.submission_file import MAX_FILE_BYTES, submission_from_file
from sync.outbox import Outbox

from .conftest import TAM_TRU, parse

NOW = datetime(2025, 3, 14, 2, 30, tzinfo=UTC)


def _submit(tmp_path: Path, settings, content: str | bytes) -> int:
    form = tmp_path / "form.json"
    if isinstance(content, str):
        content = content.encode("utf-8")
    form.write_bytes(content)
    status = run_command(
        parse(["outbox", "submit", str(form), "--data-dir", str(tmp_path)]), settings
    )
    assert status is not None, "outbox submit is not a command any more"
    return status


def _queued(tmp_path: Path) -> int:
    box = Outbox(tmp_path / "outbox.sqlite3")
    try:
        return box.counts()["queued"]
    finally:
        box.close()


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("stay_address", {"can_ho": 1205, "toa": "A"}),
        ("stay_address", ["Căn hộ 1205", "Tòa A"]),
        ("stay_address", True),
        ("stay_address", None),
        ("stay_address", 1205),
        ("stay_months", 6.0),
        ("stay_months", True),
        ("housing_basis", ["rent"]),
        ("phone", 912345678),
    ],
)
def test_an_answer_of_the_wrong_json_type_is_refused_naming_the_question(
    tmp_path: Path, settings, capsys, question: str, value: Any
):
    form = {**TAM_TRU, "answers": {**TAM_TRU["answers"], question: value}}

    code = _submit(tmp_path, settings, json.dumps(form, ensure_ascii=False))

    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert question in err and "JSON" in err
    assert "{'can_ho'" not in err
    assert _queued(tmp_path) == 0


def test_an_applicant_field_of_the_wrong_json_type_is_refused(tmp_path: Path, settings, capsys):
    form = {**TAM_TRU, "applicant": {**TAM_TRU["applicant"], "full_name": ["Nguyễn", "Lan"]}}

    assert _submit(tmp_path, settings, json.dumps(form, ensure_ascii=False)) == 2
    assert "full_name" in capsys.readouterr().err
    assert _queued(tmp_path) == 0


def test_a_number_question_takes_a_json_integer_as_the_screen_takes_digits(tmp_path: Path):
    form = tmp_path / "form.json"
    form.write_text(
        json.dumps({**TAM_TRU, "answers": {**TAM_TRU["answers"], "stay_months": 6}}),
        encoding="utf-8",
    )

    submission = submission_from_file(form, Catalogue.load(PROCEDURES_DIR), "kiosk-test", NOW)

    assert submission.answers["stay_months"] == "6"


def test_deeply_nested_json_is_refused_in_one_line_not_a_traceback(
    tmp_path: Path, settings, capsys
):
    code = _submit(tmp_path, settings, "[" * 100_000 + "]" * 100_000)

    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "nested too deeply" in err
    assert "Traceback" not in err


def test_a_file_larger_than_any_submission_is_refused_before_parsing(
    tmp_path: Path, settings, capsys
):
    form = {**TAM_TRU, "padding": "x" * MAX_FILE_BYTES}

    code = _submit(tmp_path, settings, json.dumps(form))

    err = capsys.readouterr().err
    assert code == 2
    assert "larger than" in err
