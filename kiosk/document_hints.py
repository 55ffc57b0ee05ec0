"""What the kiosk tells a resident holding a paper up to the camera, and when.

The hints are a bounded enumeration (:class:`PageHint`), each with its words in Vietnamese and
English (:data:`HINT_MESSAGES`); the limits that choose one are here and nowhere else
(:class:`PageLimits`), and so is the choice (:func:`choose_hint`), as plain arithmetic on the
figures the camera side measures (``hardware.document``): the page's corners, the blur, the
glare and the page's size in the frame. Pure Python: no OpenCV, no NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.text import Message


class PageHint(StrEnum):
    """What the resident should change before the page is captured (``GOOD``: nothing)."""

    NO_PAGE = "no_page"
    CENTRE = "centre"
    CLOSER = "closer"
    HOLD_STILL = "hold_still"
    GLARE = "glare"
    GOOD = "good"


HINT_MESSAGES: dict[PageHint, Message] = {
    PageHint.NO_PAGE: Message("Đặt giấy tờ trước máy ảnh", "Hold the paper up to the camera"),
    PageHint.CENTRE: Message("Đưa giấy vào giữa khung", "Move the paper to the middle"),
    PageHint.CLOSER: Message("Đưa gần hơn", "Bring the paper closer"),
    PageHint.HOLD_STILL: Message("Giữ yên", "Hold still"),
    PageHint.GLARE: Message("Tránh chói sáng", "Tilt the paper away from the glare"),
    PageHint.GOOD: Message("Tốt, giữ nguyên", "Good, hold it there"),
}


@dataclass(frozen=True)
class PageLimits:
    """The limits that choose a hint (the defaults are the kiosk's; tests and the technician's
    command may pass others).

    - ``min_blur``: the variance of the Laplacian over the page (grey levels², measured at
      640 px across the frame) below which the picture is too soft to read: sharp printed text
      gives several hundred to thousands, a page moving or out of focus tens;
    - ``max_glare``: the share of the page's pixels that are saturated (a reflection that
      wipes the text out) above which the resident should tilt the paper;
    - ``min_page_fraction``: the share of the frame the page must cover (smaller: too far to
      read a line of text);
    - ``edge_margin``: the share of the frame's width or height next to its border where a
      corner means the page is cut off;
    - ``max_centre_offset``: how far the page's middle may stray from the frame's, as a share
      of the frame's width (across) and height (down).
    """

    min_blur: float = 120.0
    max_glare: float = 0.02
    min_page_fraction: float = 0.15
    edge_margin: float = 0.01
    max_centre_offset: float = 0.25


DEFAULT_LIMITS = PageLimits()


@dataclass(frozen=True)
class PageFigures:
    """What was measured on one frame, in the frame's own terms (no pixels of it)."""

    found: bool
    touches_edge: bool
    centre_offset: tuple[float, float]
    """The page's middle minus the frame's, as shares of the frame's width and height."""
    page_fraction: float
    blur: float
    glare: float


def choose_hint(figures: PageFigures, limits: PageLimits = DEFAULT_LIMITS) -> PageHint:
    """The one hint for ``figures``, the first of: no page; cut off or off-centre; too far;
    blurred; glared; good."""
    if not figures.found:
        return PageHint.NO_PAGE
    across, down = figures.centre_offset
    if figures.touches_edge or max(abs(across), abs(down)) > limits.max_centre_offset:
        return PageHint.CENTRE
    if figures.page_fraction < limits.min_page_fraction:
        return PageHint.CLOSER
    if figures.blur < limits.min_blur:
        return PageHint.HOLD_STILL
    if figures.glare > limits.max_glare:
        return PageHint.GLARE
    return PageHint.GOOD


STEADY_PREVIEWS = 6
"""Previews in a row (about 0.7 s at the camera's 8 a second) a page must be good and still
for before it is captured on its own."""
STEADY_MOVEMENT = 0.02
"""How far any corner may move between two previews, as a share of the frame's width or
height, for the page to count as still."""


class SteadyPage:
    """Decides when a page held up is captured without a tap: good (the hint is ``GOOD``)
    and still for :data:`STEADY_PREVIEWS` previews in a row. Fires once, then waits for
    :meth:`reset` (the next page)."""

    def __init__(self, previews: int = STEADY_PREVIEWS, movement: float = STEADY_MOVEMENT) -> None:
        self._needed = previews
        self._movement = movement
        self._run = 0
        self._last: tuple[tuple[float, float], ...] = ()
        self._fired = False

    def seen(self, corners: tuple[tuple[float, float], ...], capturable: bool) -> bool:
        """One preview's page (corners as fractions of the frame, clockwise from the
        top-left; empty when none); True exactly when the page is now to be captured."""
        still = (
            len(corners) == 4
            and len(self._last) == 4
            and all(
                abs(x - px) <= self._movement and abs(y - py) <= self._movement
                for (x, y), (px, py) in zip(corners, self._last, strict=True)
            )
        )
        self._last = corners
        if not capturable or len(corners) != 4:
            self._run = 0
            return False
        self._run = self._run + 1 if still or self._run == 0 else 1
        if self._fired or self._run < self._needed:
            return False
        self._fired = True
        return True

    def reset(self) -> None:
        """Look for a new page from scratch."""
        self._run = 0
        self._last = ()
        self._fired = False
