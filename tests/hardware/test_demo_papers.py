"""The demo's sample papers (``config/demo/papers``, made by
``python -m hardware.simulators.paper_photos``) through the real page finder, and the demo
camera that replays them on a photo question."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware.document.scanner import analyse_frame
from hardware.simulators.paper_photos import (
    SampleFilesError,
    SampleFrame,
    SamplePage,
    load_paper_samples,
)
from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.demo import DEMO_EMPTY_FRAMES, DEMO_PAPERS_DIR, demo_camera
from kiosk.document_hints import PageHint
from kiosk.ports import ScanTarget
from tests.hardware.conftest import COMMITTED_FRAMES, FONT_DIR, PROJECT_ROOT

TOLERANCE = 0.02
"""The issue's bar: every corner within 2 % of the page's diagonal of the truth."""
SAMPLES = load_paper_samples(DEMO_PAPERS_DIR)
PAGES = {f"{page.document} {page.number}/{page.of}": page for page in SAMPLES.pages}


def corner_error(found: np.ndarray, expected: np.ndarray, sample: SampleFrame) -> float:
    """The worst corner's distance from where it is expected, as a share of the diagonal of
    the page in ``sample``."""
    tl, tr, br, bl = np.array(sample.corners)
    diagonal = max(np.linalg.norm(br - tl), np.linalg.norm(bl - tr))
    return float(np.linalg.norm(found - expected, axis=1).max() / diagonal)


def picture(path: Path) -> np.ndarray:
    frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert frame is not None, path
    return np.asarray(frame)


def test_the_samples_are_the_procedures_papers_in_the_order_shown():
    assert [(page.document, page.number, page.of) for page in SAMPLES.pages] == [
        ("giay-chung-sinh", 1, 1),
        ("hop-dong-thue-nha", 1, 3),
        ("hop-dong-thue-nha", 2, 3),
        ("hop-dong-thue-nha", 3, 3),
        ("giay-phep-lai-xe", 1, 1),
    ]
    for path in DEMO_PAPERS_DIR.glob("*.jpg"):
        assert picture(path).shape == (720, 1280, 3)
    assert sum(path.stat().st_size for path in DEMO_PAPERS_DIR.iterdir()) < 2_200_000


@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_held_still_is_found_where_it_is_and_good_to_capture(name):
    steady = PAGES[name].steady

    analysis = analyse_frame(picture(steady.path))

    assert analysis.outline is not None
    error = corner_error(analysis.outline.corners, np.array(steady.corners), steady)
    assert error < TOLERANCE, f"{name}: worst corner {error:.2%} of the diagonal off"
    assert analysis.hint is PageHint.GOOD
    assert analysis.capturable


@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_being_brought_in_asks_the_resident_to_move_it(name):
    hints = [analyse_frame(picture(frame.path)).hint for frame in PAGES[name].approach]

    # cut off at the frame's corner, then in the middle but too far away
    assert hints == [PageHint.CENTRE, PageHint.CLOSER]


def test_the_empty_desk_is_not_taken_for_a_page():
    analysis = analyse_frame(picture(SAMPLES.empty))

    assert not analysis.capturable


def opened_for_a_paper(open_camera) -> SamplePage:
    """Open the demo camera for a paper, check what it shows before the page is held still,
    and say which page it is."""
    camera = open_camera(ScanTarget.PAPER)
    try:
        frames = [camera.read() for _ in range(DEMO_EMPTY_FRAMES + 3)]
    finally:
        camera.close()
    desk = picture(SAMPLES.empty)
    assert all(np.array_equal(frame, desk) for frame in frames[:DEMO_EMPTY_FRAMES])
    steady = frames[-1]
    shown = [page for page in SAMPLES.pages if np.array_equal(picture(page.steady.path), steady)]
    assert len(shown) == 1
    page = shown[0]
    approach = frames[DEMO_EMPTY_FRAMES:-1]
    assert all(
        np.array_equal(f, picture(s.path)) for f, s in zip(approach, page.approach, strict=True)
    )
    return page


@pytest.fixture
def open_camera(tmp_path):
    printer = SimulatedPrinter(tmp_path / "receipts", 576, FONT_DIR)
    return demo_camera(printer, tmp_path / "camera", interval_s=0.001)


def test_each_opening_for_a_paper_shows_the_next_page(open_camera):
    shown = [opened_for_a_paper(open_camera) for _ in range(3)]

    assert shown == list(SAMPLES.pages[:3])


def test_the_id_card_target_still_shows_the_card(open_camera):
    opened_for_a_paper(open_camera)
    camera = open_camera(ScanTarget.ID_CARD)
    try:
        frames = [camera.read() for _ in range(DEMO_EMPTY_FRAMES + 2)]
    finally:
        camera.close()

    empty, *card = sorted(COMMITTED_FRAMES.glob("*.png"))
    expected = [empty] * DEMO_EMPTY_FRAMES + card
    assert len(card) == 2
    assert all(np.array_equal(f, picture(e)) for f, e in zip(frames, expected, strict=True))


def test_the_command_writes_samples_the_page_finder_sees_as_the_committed_ones(tmp_path):
    out = tmp_path / "papers"
    command = [sys.executable, "-m", "hardware.simulators.paper_photos", str(out)]
    subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=120)

    made = load_paper_samples(out)

    assert [(p.document, p.number) for p in made.pages] == [
        (p.document, p.number) for p in SAMPLES.pages
    ]
    assert analyse_frame(picture(made.empty)).hint == analyse_frame(picture(SAMPLES.empty)).hint
    for new_page, old_page in zip(made.pages, SAMPLES.pages, strict=True):
        new_frames = (*new_page.approach, new_page.steady)
        pairs = zip(new_frames, (*old_page.approach, old_page.steady), strict=True)
        for new, old in pairs:
            assert new.path.name == old.path.name
            assert np.allclose(new.corners, old.corners)
            new_seen, old_seen = analyse_frame(picture(new.path)), analyse_frame(picture(old.path))
            assert new_seen.hint == old_seen.hint, new.path.name
            if old_seen.outline is not None:
                assert new_seen.outline is not None
                found, committed = new_seen.outline.corners, old_seen.outline.corners
                assert corner_error(found, committed, old) < 0.002, new.path.name


def test_a_missing_or_broken_samples_folder_says_how_to_make_it_again(tmp_path):
    with pytest.raises(
        SampleFilesError, match=re.escape("python -m hardware.simulators.paper_photos")
    ):
        load_paper_samples(tmp_path)
    (tmp_path / "papers.json").write_text('{"empty": "desk.jpg", "pages": []}', encoding="utf-8")
    with pytest.raises(SampleFilesError, match=re.escape("desk.jpg is missing")):
        load_paper_samples(tmp_path)
