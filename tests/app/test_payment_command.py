"""``kiosk pay vietqr`` through the installed command: the payload, for people and machines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kiosk.vietqr import Transfer, parse

KIOSK = Path(sys.executable).with_name("kiosk")
ARGS = ["pay", "vietqr", "--bin", "970415", "--account", "0011001932418", "--amount", "120000"]


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KIOSK), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_prints_exactly_the_payload() -> None:
    done = kiosk(*ARGS, "--purpose", "ủng hộ lũ lụt")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
        "530370454061200005802VN62170813ung ho lu lut6304C15C\n"
    )
    assert done.stderr == ""


def test_json_for_machines() -> None:
    done = kiosk(*ARGS, "--purpose", "HS 2026-0001", "--json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert parse(record["payload"]) == Transfer("970415", "0011001932418", 120000, "HS 2026-0001")
    assert record["amount_vnd"] == 120000
    assert record["crc"] == record["payload"][-4:]


def test_fields_for_people() -> None:
    done = kiosk(*ARGS, "--fields")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert parse(lines[0]).amount_vnd == 120000
    assert any(line.split()[:3] == ["54", "6", "120000"] for line in lines)
    assert any("currency" in line and "704" in line for line in lines)
    assert any(line.split()[:3] == ["00", "6", "970415"] for line in lines)


def test_a_bad_value_is_refused_with_the_reason() -> None:
    done = kiosk("pay", "vietqr", "--bin", "9704", "--account", "1", "--amount", "5")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "BIN '9704' is not 6 digits" in done.stderr
    done = kiosk("pay", "vietqr", "--bin", "970415", "--account", "1", "--amount", "0")
    assert done.returncode == 2
    assert "amount 0" in done.stderr
