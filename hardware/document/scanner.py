"""The two calls a screen needs, and a technician's command.

- :func:`analyse_frame`, for every preview frame: the page's corners, the figures and the
  hint (about 5 ms for a 1280×720 frame on one core, ``make bench``'s ``page_find``); it
  keeps no pixels;
- :func:`capture_page`: the page of a frame straightened and cleaned (:mod:`.flatten`).

Neither raises anything but :class:`~hardware.document.errors.PageImageError`, and that only
for a picture the pipeline does not take (``tests/fuzz/test_fuzz_document.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hardware.document.errors import PageImageError
from hardware.document.flatten import FlatPage, flatten_page
from hardware.document.frame_input import checked_frame, shrunk
from hardware.document.page_finder import (
    WORK_WIDTH,
    PageOutline,
    find_page_in_grey,
    refine_corners,
)
from hardware.document.page_quality import measure
from kiosk.document_hints import DEFAULT_LIMITS, PageFigures, PageHint, PageLimits, choose_hint


@dataclass(frozen=True)
class FrameAnalysis:
    """One frame looked at: the page (None when none was seen), the figures, the hint."""

    outline: PageOutline | None
    figures: PageFigures
    hint: PageHint

    @property
    def capturable(self) -> bool:
        """Whether this frame may be captured as it is (the hint is ``GOOD``); automatic
        capture also wants it steady for a moment, which is the screen's to judge."""
        return self.hint is PageHint.GOOD


def analyse_frame(frame: np.ndarray, limits: PageLimits = DEFAULT_LIMITS) -> FrameAnalysis:
    """Find the page in ``frame`` (grey, BGR or BGRA, 8 bits), measure it and choose the
    hint."""
    frame = checked_frame(frame)
    height, width = frame.shape[:2]
    full = np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY))
    grey, scale = shrunk(full, WORK_WIDTH)
    outline = find_page_in_grey(grey, scale)
    if outline is not None:
        outline = PageOutline(refine_corners(full, outline.corners, reach=max(4.0, 3.0 / scale)))
    figures = measure(grey, scale, (width, height), outline, limits)
    return FrameAnalysis(outline, figures, choose_hint(figures, limits))


def capture_page(frame: np.ndarray, outline: PageOutline | None = None) -> FlatPage:
    """The page of ``frame`` flat and cleaned, at the corners ``outline`` gives (found anew
    when None). Raises :class:`PageImageError` when there is no page to be seen."""
    if outline is None:
        outline = analyse_frame(frame).outline
        if outline is None:
            raise PageImageError("no page was found in the picture")
    return flatten_page(frame, outline.corners)
