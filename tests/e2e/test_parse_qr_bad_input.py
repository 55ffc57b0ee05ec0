"""``kiosk id parse-qr`` and ``kiosk id scan-image`` on bad input: bytes that are not UTF-8,
text decoded with the wrong character set, and payloads longer than a QR code holds. Standard
output is only ever valid UTF-8 JSON; a refusal is one line on standard error and exit 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import segno

from kiosk.app.cli import main

CARD_2021 = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)
MOJIBAKE = CARD_2021.encode("utf-8").decode("latin-1")


def run_bytes(stdin: bytes, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(["id", "parse-qr"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "stdin",
    [
        b"\xff\xfe" + CARD_2021.encode("utf-16-le"),
        CARD_2021.encode("utf-8").replace(b"Lan", b"L\xed\xb3\xbfan"),  # a lone surrogate
        CARD_2021.encode("cp1258", errors="replace"),
    ],
    ids=["utf-16", "surrogate", "cp1258"],
)
def test_input_that_is_not_utf8_is_refused_with_one_line_and_exit_2(
    stdin: bytes, monkeypatch, capsys
):
    code, out, err = run_bytes(stdin, monkeypatch, capsys)

    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "UTF-8" in err


def test_utf8_read_as_latin1_is_repaired_by_the_command_too(monkeypatch, capsys):
    code, out, _ = run_bytes(MOJIBAKE.encode("utf-8"), monkeypatch, capsys)

    card = json.loads(out)
    assert code == 0
    assert (card["full_name"], card["charset_repaired"]) == ("Nguyễn Thị Lan", True)


def test_a_megabyte_of_combining_marks_is_refused_as_too_long(monkeypatch, capsys):
    payload = "001184012345||N" + "\u0301" * 1_000_000 + "|15031984|Nữ|Hà Nội|10082021"

    code, out, err = run_bytes(payload.encode("utf-8"), monkeypatch, capsys)

    assert (code, out) == (2, "")
    assert "too long" in err


def test_the_installed_command_writes_valid_utf8_json_or_nothing(tmp_path: Path):
    kiosk = Path(sys.executable).with_name("kiosk")
    latin1_name = CARD_2021.encode("utf-8").replace(b"Lan", b"L\xe0n")  # one Latin-1 byte
    for stdin, expected in ((latin1_name, 2), (MOJIBAKE.encode("utf-8"), 0)):
        done = subprocess.run(
            [str(kiosk), "id", "parse-qr"],
            input=stdin,
            capture_output=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"},
        )
        assert done.returncode == expected, done.stderr
        if expected:
            assert done.stdout == b""
        else:
            assert json.loads(done.stdout.decode("utf-8"))["full_name"] == "Nguyễn Thị Lan"


def test_scan_image_repairs_a_qr_code_holding_mojibake(monkeypatch, capsys, tmp_path: Path):
    # A QR code made from text that was already read in the wrong character set.
    picture = tmp_path / "mojibake.png"
    segno.make(MOJIBAKE, error="m", encoding="utf-8").save(str(picture), scale=6)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    code = main(["id", "scan-image", str(picture)])
    (line,) = capsys.readouterr().out.splitlines()

    result = json.loads(line)
    assert code == 0
    assert result["id"]["full_name"] == "Nguyễn Thị Lan"
    assert result["id"]["charset_repaired"] is True
