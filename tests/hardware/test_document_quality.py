"""The hint a resident gets for a frame, from its blur, glare and the page's size and place,
on synthetic photos; and that only a good frame may be captured."""

from __future__ import annotations

import numpy as np
import pytest

from hardware.document.errors import PageImageError
from hardware.document.scanner import analyse_frame
from kiosk.document_hints import DEFAULT_LIMITS, HINT_MESSAGES, PageHint
from tests.hardware.document_photos import cluttered_desk, held_corners, photograph, render_page


def held() -> np.ndarray:
    """A page held in the middle, tilted a little and turned by 6°."""
    return held_corners((640, 360), 600, tilt_x=0.3, tilt_y=0.15, turn_deg=6)


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_a_sharp_page_in_the_middle_is_good_and_may_be_captured(paper):
    analysis = analyse_frame(photograph(render_page(paper), held()).frame)

    assert analysis.hint is PageHint.GOOD
    assert analysis.capturable
    assert analysis.figures.blur > 10 * DEFAULT_LIMITS.min_blur
    assert analysis.figures.glare == 0.0


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_a_blurred_frame_says_hold_still_and_is_not_captured(paper):
    # a hand moving: a Gaussian of 3 px on a 1280×720 frame
    analysis = analyse_frame(photograph(render_page(paper), held(), blur=3.0).frame)

    assert analysis.outline is not None
    assert analysis.hint is PageHint.HOLD_STILL
    assert not analysis.capturable
    assert HINT_MESSAGES[analysis.hint].vi == "Giữ yên"


def test_a_glared_frame_says_avoid_the_glare_and_is_not_captured():
    photo = photograph(render_page("A4"), held(), glare=0.12)

    analysis = analyse_frame(photo.frame)

    assert analysis.outline is not None
    assert analysis.figures.glare > DEFAULT_LIMITS.max_glare
    assert analysis.hint is PageHint.GLARE
    assert not analysis.capturable
    assert HINT_MESSAGES[analysis.hint].vi == "Tránh chói sáng"


@pytest.mark.parametrize(("paper", "height"), [("A4", 260), ("A5", 280)])
def test_a_page_far_away_says_come_closer(paper, height):
    photo = photograph(render_page(paper), held_corners((620, 350), height, tilt_x=0.2, turn_deg=4))

    analysis = analyse_frame(photo.frame)

    assert analysis.outline is not None
    assert analysis.figures.page_fraction < DEFAULT_LIMITS.min_page_fraction
    assert analysis.hint is PageHint.CLOSER
    assert HINT_MESSAGES[analysis.hint].vi == "Đưa gần hơn"


@pytest.mark.parametrize(
    "centre",
    [(1000, 360), (1150, 380), (640, 560)],
    ids=["off to the right", "cut off on the right", "cut off at the bottom"],
)
def test_a_page_off_centre_or_cut_off_says_move_it_to_the_middle(centre):
    photo = photograph(render_page("A4"), held_corners(centre, 600, tilt_x=0.2, turn_deg=4))

    analysis = analyse_frame(photo.frame)

    assert analysis.outline is not None
    assert analysis.hint is PageHint.CENTRE
    assert not analysis.capturable
    assert HINT_MESSAGES[analysis.hint].vi == "Đưa giấy vào giữa khung"


def test_no_paper_says_so_and_has_no_corners():
    analysis = analyse_frame(cluttered_desk(seed=5))

    assert analysis.outline is None
    assert analysis.hint is PageHint.NO_PAGE
    assert not analysis.figures.found


def test_the_figures_keep_no_pixels_of_the_frame():
    analysis = analyse_frame(photograph(render_page("A4"), held()).frame)

    values = vars(analysis.figures).values()
    assert not any(isinstance(value, np.ndarray) for value in values)


@pytest.mark.parametrize(
    "frame",
    [
        np.zeros((720, 1280), np.float32),
        np.zeros((4, 4, 3), np.uint8),
        np.zeros((8, 8, 2), np.uint8),
    ],
    ids=["floating point", "too small", "two channels"],
)
def test_a_picture_the_pipeline_does_not_take_is_a_typed_error(frame):
    with pytest.raises(PageImageError):
        analyse_frame(frame)
