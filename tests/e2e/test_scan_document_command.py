"""``kiosk scan-document``, the installed command in a subprocess, on synthetic photos of a
paper held at an angle (``tests/hardware/document_photos.py``): the corners it prints are the
page's, its JSON is one object of the agreed shape, the flattened page is written in the
format the file's extension asks for, and a photo without a page, or none at all, is told
apart by its exit status."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from kiosk.document_hints import PageHint
from tests.hardware.document_photos import (
    cluttered_desk,
    held_corners,
    photograph,
    render_page,
    write_sample,
)

PROJECT = Path(__file__).resolve().parents[2]
KIOSK = PROJECT / ".venv" / "bin" / "kiosk"
KEYS = {
    "corners",
    "blur",
    "glare",
    "hint",
    "hint_vi",
    "hint_en",
    "page_fraction",
    "touches_edge",
    "paper",
    "aspect",
    "out",
}


def kiosk(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run(
        [str(KIOSK), "scan-document", *map(str, argv)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def scanned(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """The one JSON object the command printed."""
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout
    report = json.loads(lines[0])
    assert isinstance(report, dict)
    return report


@pytest.fixture(scope="module")
def tilted_a4(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray, float]:
    photo = photograph(
        render_page("A4"),
        held_corners((640, 360), 600, tilt_x=0.35, tilt_y=0.2, turn_deg=5),
        glare=0.03,
    )
    path = write_sample(tmp_path_factory.mktemp("photos") / "hop-dong.jpg", photo)
    return path, photo.corners, photo.diagonal


def test_json_gives_the_corners_figures_and_hint(tilted_a4):
    path, truth, diagonal = tilted_a4

    done = kiosk(path, "--json")

    assert done.returncode == 0, done.stderr
    report = scanned(done)
    assert set(report) == KEYS
    corners = np.array(report["corners"], dtype=float)
    assert corners.shape == (4, 2)
    assert np.linalg.norm(corners - truth, axis=1).max() < 0.02 * diagonal
    assert report["hint"] == PageHint.GOOD
    assert (report["hint_vi"], report["hint_en"]) == ("Tốt, giữ nguyên", "Good, hold it there")
    assert report["blur"] > 120
    assert 0 <= report["glare"] < 0.02
    assert 0.15 < report["page_fraction"] < 0.5
    assert report["paper"] == "A4/A5"
    assert report["aspect"] == pytest.approx(1.414, abs=0.002)
    assert report["touches_edge"] is False
    assert report["out"] is None


@pytest.mark.parametrize(("name", "magic"), [("p.png", b"\x89PNG"), ("p.jpg", b"\xff\xd8")])
def test_out_writes_the_flattened_page_as_its_extension_says(tilted_a4, tmp_path, name, magic):
    path, _, _ = tilted_a4
    out = tmp_path / name

    done = kiosk(path, "--out", out, "--json")

    assert done.returncode == 0, done.stderr
    assert scanned(done)["out"] == str(out)
    assert out.read_bytes().startswith(magic)
    page = cv2.imread(str(out))
    assert page is not None
    assert page.shape[0] / page.shape[1] == pytest.approx(2**0.5, rel=0.01)


def test_out_writes_a_pdf_and_the_table_names_everything(tilted_a4, tmp_path):
    path, _, _ = tilted_a4
    out = tmp_path / "hop-dong.pdf"

    done = kiosk(path, "--out", out)

    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    for word in ("corners (clockwise from the top-left)", "blur:", "glare:", "Tốt, giữ nguyên"):
        assert word in done.stdout
    assert str(out) in done.stdout


def test_a_blurred_photo_gets_hold_still(tmp_path):
    photo = photograph(render_page("A5"), held_corners((640, 360), 600, tilt_x=0.3), blur=3.0)

    done = kiosk(write_sample(tmp_path / "blurred.png", photo), "--json")

    assert done.returncode == 0, done.stderr
    report = scanned(done)
    assert (report["hint"], report["hint_vi"]) == ("hold_still", "Giữ yên")


def test_no_page_is_null_corners_exit_1_and_nothing_written(tmp_path):
    path = tmp_path / "desk.png"
    cv2.imwrite(str(path), cluttered_desk(seed=9))
    out = tmp_path / "page.pdf"

    done = kiosk(path, "--json", "--out", out)

    assert done.returncode == 1, done.stderr
    report = scanned(done)
    assert report["corners"] is None
    assert report["hint"] == "no_page"
    assert report["paper"] is None and report["out"] is None
    assert not out.exists()


@pytest.mark.parametrize("content", [None, b"", b"not a picture at all", b"\x89PNG\r\n\x1a\n"])
def test_a_missing_or_unreadable_file_is_one_line_on_stderr_and_exit_2(tmp_path, content):
    path = tmp_path / "photo.png"
    if content is not None:
        path.write_bytes(content)

    done = kiosk(path, "--json")

    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert str(path) in done.stderr
    assert "Traceback" not in done.stderr


def test_an_output_it_cannot_write_is_exit_2(tilted_a4, tmp_path):
    path, _, _ = tilted_a4

    for out in (tmp_path / "page.gif", tmp_path / "no-such-dir" / "page.png"):
        done = kiosk(path, "--out", out)
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1
        assert str(out) in done.stderr
