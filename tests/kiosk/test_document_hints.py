"""The core's choice of hint for a paper held up to the camera: one hint, in a fixed order,
from the figures the camera side measures; each in Vietnamese and English."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.document_hints import (
    DEFAULT_LIMITS,
    HINT_MESSAGES,
    STEADY_MOVEMENT,
    STEADY_PREVIEWS,
    PageFigures,
    PageHint,
    SteadyPage,
    choose_hint,
)

GOOD = PageFigures(
    found=True,
    touches_edge=False,
    centre_offset=(0.02, -0.03),
    page_fraction=0.3,
    blur=2000.0,
    glare=0.0,
)


def test_every_hint_has_words_in_both_languages():
    assert set(HINT_MESSAGES) == set(PageHint)
    for message in HINT_MESSAGES.values():
        assert message.vi and message.en and message.vi != message.en


def test_the_resident_words_are_the_issue_s():
    assert HINT_MESSAGES[PageHint.CENTRE].vi == "Đưa giấy vào giữa khung"
    assert HINT_MESSAGES[PageHint.HOLD_STILL].vi == "Giữ yên"
    assert HINT_MESSAGES[PageHint.GLARE].vi == "Tránh chói sáng"
    assert HINT_MESSAGES[PageHint.CLOSER].vi == "Đưa gần hơn"


@pytest.mark.parametrize(
    ("change", "hint"),
    [
        ({}, PageHint.GOOD),
        ({"found": False}, PageHint.NO_PAGE),
        ({"touches_edge": True}, PageHint.CENTRE),
        ({"centre_offset": (DEFAULT_LIMITS.max_centre_offset + 0.01, 0.0)}, PageHint.CENTRE),
        ({"centre_offset": (0.0, -DEFAULT_LIMITS.max_centre_offset - 0.01)}, PageHint.CENTRE),
        ({"page_fraction": DEFAULT_LIMITS.min_page_fraction - 0.01}, PageHint.CLOSER),
        ({"blur": DEFAULT_LIMITS.min_blur - 1}, PageHint.HOLD_STILL),
        ({"glare": DEFAULT_LIMITS.max_glare + 0.01}, PageHint.GLARE),
    ],
)
def test_each_figure_out_of_its_limit_gives_its_hint(change, hint):
    assert choose_hint(dataclasses.replace(GOOD, **change)) is hint


def test_the_first_thing_to_fix_comes_first():
    everything_wrong = dataclasses.replace(
        GOOD, touches_edge=True, page_fraction=0.05, blur=10.0, glare=0.5
    )
    assert choose_hint(everything_wrong) is PageHint.CENTRE
    assert choose_hint(dataclasses.replace(everything_wrong, touches_edge=False)) is (
        PageHint.CLOSER
    )
    assert choose_hint(dataclasses.replace(GOOD, blur=10.0, glare=0.5)) is PageHint.HOLD_STILL
    assert choose_hint(dataclasses.replace(GOOD, found=False, blur=10.0)) is PageHint.NO_PAGE


def test_other_limits_can_be_passed():
    strict = dataclasses.replace(DEFAULT_LIMITS, min_blur=5000.0)
    assert choose_hint(GOOD, strict) is PageHint.HOLD_STILL


# --- automatic capture: good and still for a moment ------------------------------------------
STILL = ((0.3, 0.1), (0.7, 0.12), (0.69, 0.9), (0.31, 0.88))


def moved(by: float) -> tuple[tuple[float, float], ...]:
    return tuple((x + by, y - by) for x, y in STILL)


def test_a_good_page_held_still_is_captured_once() -> None:
    steady = SteadyPage()
    fired = [steady.seen(STILL, capturable=True) for _ in range(STEADY_PREVIEWS * 3)]
    assert fired.index(True) == STEADY_PREVIEWS - 1
    assert fired.count(True) == 1  # once: the next page waits for reset()
    steady.reset()
    assert [steady.seen(STILL, True) for _ in range(STEADY_PREVIEWS)][-1] is True


def test_a_page_not_capturable_or_lost_starts_the_wait_again() -> None:
    steady = SteadyPage()
    for _ in range(STEADY_PREVIEWS - 1):
        assert not steady.seen(STILL, capturable=True)
    assert not steady.seen(STILL, capturable=False)  # blurred or glared for a frame
    for _ in range(STEADY_PREVIEWS - 1):
        assert not steady.seen(STILL, capturable=True)
    assert not steady.seen((), capturable=False)  # the page left the picture
    assert not any(steady.seen(STILL, True) for _ in range(STEADY_PREVIEWS - 1))
    assert steady.seen(STILL, True)


def test_a_page_that_moves_is_not_captured_until_it_is_still() -> None:
    steady = SteadyPage()
    shaking = [moved(STEADY_MOVEMENT * 2 * (i % 2)) for i in range(STEADY_PREVIEWS * 3)]
    assert not any(steady.seen(corners, True) for corners in shaking)
    small = [moved(STEADY_MOVEMENT / 2 * (i % 2)) for i in range(STEADY_PREVIEWS)]
    assert [steady.seen(corners, True) for corners in small][-1] is True
