"""The technician's commands: ID card QR checks and the printer, without the touch screen."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import segno
from PIL import Image

from kiosk.app.cli import main
from kiosk.settings import CONFIG_DIR

CARD_2021 = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)
CARD_2024 = (
    "079203001234|271234567|Đặng Quốc Khánh|01012003|Nam|Phường Bến Nghé, TP HCM|01082024|a|b|c"
)
DEMO_FRAMES = sorted((CONFIG_DIR / "demo" / "camera").glob("*.png"))


def run(argv: list[str], monkeypatch, capsys, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_qr_prints_the_card_as_json(monkeypatch, capsys):
    code, out, _ = run(["id", "parse-qr"], monkeypatch, capsys, CARD_2021 + "\n")
    assert code == 0
    card = json.loads(out)
    assert card == {
        "id_number": "001184012345",
        "old_id_number": None,
        "full_name": "Nguyễn Thị Lan",
        "date_of_birth": "1984-03-15",
        "issue_date": "2021-08-10",
        "sex": "female",
        "address": "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội",
        "generation": "2021",
        "extra_fields": [],
        "charset_repaired": False,
    }


def test_parse_qr_knows_the_2024_card(monkeypatch, capsys):
    code, out, _ = run(["id", "parse-qr"], monkeypatch, capsys, CARD_2024)
    card = json.loads(out)
    assert code == 0
    assert (card["generation"], card["old_id_number"], card["extra_fields"]) == (
        "2024",
        "271234567",
        ["a", "b", "c"],
    )


def test_parse_qr_refuses_a_web_address_with_exit_2_and_the_reason(monkeypatch, capsys):
    code, out, err = run(["id", "parse-qr"], monkeypatch, capsys, "https://example.invalid/")
    assert code == 2
    assert out == ""
    assert "web address" in err


def test_scan_image_reads_the_card_in_camera_frames_and_says_why_not(
    monkeypatch, capsys, tmp_path: Path
):
    url_qr = tmp_path / "url.png"
    segno.make("https://example.invalid/khuyen-mai", error="m").save(str(url_qr), scale=8)
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image")
    files = [DEMO_FRAMES[0], DEMO_FRAMES[1], url_qr, junk]
    code, out, _ = run(["id", "scan-image", *map(str, files)], monkeypatch, capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert [line["ok"] for line in lines] == [False, True, False, False]
    assert lines[0]["reason"] == "no QR code found"
    assert lines[1]["id"]["full_name"] == "Nguyễn Thị Lan"
    assert "web address" in lines[2]["reason"]
    assert lines[3]["reason"] == "not a readable image file"


def test_the_test_page_can_be_drawn_to_a_png(monkeypatch, capsys, tmp_path: Path):
    png = tmp_path / "page.png"
    code, _, _ = run(["printer", "test-page", "--png", str(png)], monkeypatch, capsys)
    assert code == 0
    assert Image.open(png).width == 576


def test_the_simulated_printer_prints_the_test_page(monkeypatch, capsys, tmp_path: Path):
    argv = ["printer", "--demo", "--data-dir", str(tmp_path), "test-page"]
    code, out, _ = run(argv, monkeypatch, capsys)
    assert code == 0
    assert json.loads(out)["printed"] is True
    assert (tmp_path / "receipts" / "page.png").exists()


def test_an_unreachable_network_printer_is_reported_disconnected(monkeypatch, capsys):
    monkeypatch.setenv("KIOSK_PRINTER__TARGET", "127.0.0.1:9")  # discard port: nothing there
    code, out, _ = run(["printer", "status"], monkeypatch, capsys)
    assert code == 1
    assert json.loads(out)["state"] == "disconnected"


@pytest.mark.parametrize("argv", [["id", "parse-qr"]])
def test_the_kiosk_command_is_installed_as_an_entry_point(argv):
    kiosk = Path(sys.executable).with_name("kiosk")
    done = subprocess.run(
        [str(kiosk), *argv], input=CARD_2021, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id_number"] == "001184012345"


def test_catalog_list_prints_every_procedure_as_json(monkeypatch, capsys):
    code, out, _ = run(["catalog", "list"], monkeypatch, capsys)
    procedures = json.loads(out)
    assert code == 0
    tam_tru = next(p for p in procedures if p["code"] == "dang-ky-tam-tru")
    assert tam_tru["name_vi"] == "Đăng ký tạm trú"
    assert tam_tru["fee_vnd"] == 7000
    assert tam_tru["field_count"] >= 9
    assert {"version", "name_en", "area"} <= set(tam_tru)


@pytest.mark.parametrize("text", ["tam tru", "TẠM TRÚ", "tạm trú"])
def test_catalog_search_finds_temporary_residence_however_it_is_typed(monkeypatch, capsys, text):
    code, out, _ = run(["catalog", "search", text], monkeypatch, capsys)
    assert code == 0
    assert out.splitlines()[0] == "dang-ky-tam-tru"
