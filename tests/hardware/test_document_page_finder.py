"""Finding the page's corners in synthetic photos of a paper held at an angle over a cluttered
desk, with a shadow, a little blur and sensor noise (``document_photos``)."""

from __future__ import annotations

import numpy as np
import pytest

from hardware.document.page_finder import clockwise_from_top_left, find_page
from hardware.document.scanner import analyse_frame
from tests.hardware.document_photos import cluttered_desk, held_corners, photograph, render_page

TOLERANCE = 0.02
"""The issue's bar: every corner within 2 % of the page's diagonal of the truth."""

POSES = {  # paper, centre, height square on, tilt about the vertical and horizontal, turn
    "A4 tilted back and right": ("A4", (640, 360), 600, 0.35, 0.2, 5),
    "A4 tilted left, turned": ("A4", (600, 370), 560, -0.4, 0.1, -12),
    "A4 steep, turned 25°": ("A4", (650, 360), 540, 0.5, 0.3, -25),
    "A5 tilted forward, turned": ("A5", (660, 350), 520, 0.2, -0.45, 20),
    "A5 square on": ("A5", (640, 360), 640, 0.0, 0.0, 0),
    "A5 one axis": ("A5", (620, 360), 600, 0.6, 0.0, 0),
}


def corner_error(found: np.ndarray, truth: np.ndarray, diagonal: float) -> float:
    """The worst corner's distance from the truth, as a share of the page's diagonal."""
    return float(np.linalg.norm(found - truth, axis=1).max() / diagonal)


@pytest.mark.parametrize("pose", list(POSES))
def test_corners_lie_within_two_percent_of_the_diagonal(pose):
    paper, centre, height, tilt_x, tilt_y, turn = POSES[pose]
    corners = held_corners(centre, height, tilt_x=tilt_x, tilt_y=tilt_y, turn_deg=turn)
    photo = photograph(render_page(paper), corners, seed=len(pose), glare=0.03)

    outline = find_page(photo.frame)

    assert outline is not None
    error = corner_error(outline.corners, photo.corners, photo.diagonal)
    assert error < TOLERANCE, f"{pose}: worst corner {error:.2%} of the diagonal off"


def test_the_live_analysis_finds_the_same_corners_as_the_finder():
    photo = photograph(render_page("A4"), held_corners(centre=(640, 360), height=600, tilt_x=0.3))

    analysis = analyse_frame(photo.frame)

    assert analysis.outline is not None
    assert corner_error(analysis.outline.corners, photo.corners, photo.diagonal) < TOLERANCE


def test_a_grey_or_bgra_frame_is_taken_as_well():
    photo = photograph(render_page("A4"), held_corners(centre=(640, 360), height=600, tilt_y=0.3))
    grey = photo.frame.mean(axis=2).astype(np.uint8)
    bgra = np.dstack([photo.frame, np.full(grey.shape, 255, np.uint8)])

    for frame in (grey, bgra):
        outline = find_page(frame)
        assert outline is not None
        assert corner_error(outline.corners, photo.corners, photo.diagonal) < TOLERANCE


def test_a_desk_with_no_paper_on_it_has_no_page():
    assert find_page(cluttered_desk(seed=3)) is None


def test_corners_come_clockwise_from_the_top_left_whatever_order_they_were_in():
    truth = np.array([[100.0, 50.0], [400.0, 80.0], [380.0, 500.0], [90.0, 470.0]])

    for shift in range(4):
        for points in (np.roll(truth, shift, axis=0), np.roll(truth[::-1], shift, axis=0)):
            assert np.array_equal(clockwise_from_top_left(points), truth)


def test_the_outline_gives_four_xy_pairs_in_the_frame_pixels():
    photo = photograph(render_page("A5"), held_corners(centre=(640, 360), height=600, tilt_x=0.2))

    outline = find_page(photo.frame)

    assert outline is not None
    pairs = outline.as_pairs()
    assert len(pairs) == 4 and all(len(pair) == 2 for pair in pairs)
    assert all(0 <= x < 1280 and 0 <= y < 720 for x, y in pairs)
