"""The technician's commands: portal simulator, outbox status and submit, foreground sync."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kiosk.app.cli import run_command
from kiosk.app.outbox_commands import outbox_status
from kiosk.app.parts import open_outbox
from kiosk.settings import load_settings
from sync.outbox import Outbox

from .conftest import TAM_TRU, parse

PROJECT = Path(__file__).resolve().parents[2]


def test_a_command_that_is_not_ours_is_left_alone(settings):
    assert run_command(argparse.Namespace(command="demo"), settings) is None


def test_submit_then_sync_until_empty_then_status(tmp_path, settings, simulator, capsys):
    form = tmp_path / "form.json"
    form.write_text(json.dumps(TAM_TRU, ensure_ascii=False), encoding="utf-8")
    data = str(tmp_path / "kiosk")
    assert run_command(parse(["outbox", "submit", str(form), "--data-dir", data]), settings) == 0
    local_id = capsys.readouterr().out.strip()
    report = outbox_status(Outbox(tmp_path / "kiosk" / "outbox.sqlite3"))
    assert report["counts"]["queued"] == 1
    assert report["oldest_unsent_age_s"] >= 0

    argv = ["sync", "--until-empty", "--timeout", "30", "--portal", simulator.base_url]
    assert run_command(parse([*argv, "--data-dir", data]), settings) == 0
    (dossier,) = httpx.get(f"{simulator.base_url}/sim/dossiers").json()["dossiers"]
    assert dossier["idempotency_key"] == local_id
    assert dossier["body"]["answers"]["stay_months"] == "6"
    assert dossier["body"]["applicant"]["full_name"] == "Nguyễn Thị Lan"

    assert run_command(parse(["outbox", "status", "--data-dir", data]), settings) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["counts"]["accepted"] == 1
    assert status["oldest_unsent_age_s"] is None


def test_a_wrong_answer_is_refused_as_the_screen_would(tmp_path, settings, capsys):
    form = tmp_path / "form.json"
    wrong = {**TAM_TRU, "answers": {**TAM_TRU["answers"], "phone": "12345"}}
    form.write_text(json.dumps(wrong), encoding="utf-8")
    args = parse(["outbox", "submit", str(form), "--data-dir", str(tmp_path)])
    assert run_command(args, settings) == 2
    assert "phone" in capsys.readouterr().err
    box = Outbox(tmp_path / "outbox.sqlite3")
    assert box.counts()["queued"] == 0
    box.close()


def test_the_portal_sim_help_documents_the_fault_spec(capsys):
    with pytest.raises(SystemExit):
        parse(["portal-sim", "--help"])
    out = capsys.readouterr().out
    assert "truncate" in out and "latency" in out and "seed" in out


def test_outbox_status_runs_in_a_real_process(tmp_path):
    code = (
        "import argparse, sys; from kiosk.settings import load_settings;"
        "from kiosk.app.cli import build_parser, run_command;"
        "p = build_parser();"
        f"sys.exit(run_command(p.parse_args(['outbox', 'status', '--data-dir', {str(tmp_path)!r}]),"
        " load_settings()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"] == {
        "queued": 0,
        "sending": 0,
        "accepted": 0,
        "failed": 0,
    }


def test_the_outbox_key_lives_where_the_configuration_says_readable_only_by_the_kiosk(
    tmp_path: Path,
) -> None:
    key = tmp_path / "secrets" / "outbox.key"
    key.parent.mkdir()
    settings = load_settings(environ={"KIOSK_OUTBOX__KEY_PATH": str(key)})
    outbox = open_outbox(settings, tmp_path / "data")
    outbox.close()
    assert key.exists()
    assert key.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "data" / "outbox.sqlite3.key").exists()
    assert outbox.db_path == tmp_path / "data" / "outbox.sqlite3"


def test_the_portal_sim_refuses_unenrolled_kiosks_unless_told(capsys):
    assert parse(["portal-sim", "--data", "d"]).allow_unenrolled is False
    assert parse(["portal-sim", "--data", "d", "--allow-unenrolled"]).allow_unenrolled is True


def test_outbox_status_counts_the_permanent_failures(tmp_path, settings, capsys):
    assert run_command(parse(["outbox", "status", "--data-dir", str(tmp_path)]), settings) == 0
    assert json.loads(capsys.readouterr().out)["permanent_failures"] == 0
