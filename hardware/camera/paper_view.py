"""The camera as a document scanner, for the screens: what it sees of a paper in each
preview frame (the page's outline as fractions of the frame, and the hint the resident
reads), and the page captured from a full-size frame as a straightened, cleaned JPEG.

The measuring is :mod:`hardware.document`'s; this module only translates it into the
kiosk's port types (:class:`kiosk.ports.PageSighting`)."""

from __future__ import annotations

import logging

import numpy as np

from hardware.document.document_file import page_bytes
from hardware.document.errors import PageImageError
from hardware.document.flatten import flatten_page
from hardware.document.scanner import analyse_frame, capture_page
from kiosk.ports import NO_PAGE_SEEN, PageSighting

log = logging.getLogger(__name__)


def page_sighting(frame: np.ndarray) -> PageSighting:
    """The page in ``frame``: its corners as fractions of the frame, the hint, and whether
    it may be captured as it is (never raises: an odd frame is "no page")."""
    try:
        analysis = analyse_frame(frame)
    except PageImageError:
        log.warning("a camera frame could not be looked at for a page")
        return NO_PAGE_SEEN
    height, width = frame.shape[:2]
    corners: tuple[tuple[float, float], ...] = ()
    if analysis.outline is not None:
        corners = tuple(
            (min(1.0, max(0.0, float(x) / width)), min(1.0, max(0.0, float(y) / height)))
            for x, y in analysis.outline.corners
        )
    return PageSighting(corners, analysis.hint, analysis.capturable)


def captured_page(frame: np.ndarray) -> bytes:
    """The page of ``frame`` straightened, evened and contrast-enhanced, as JPEG; the whole
    frame cleaned when no page is found there (the resident pressed "Chụp ảnh" anyway)."""
    try:
        page = capture_page(frame)
    except PageImageError:  # no page seen: the whole frame, flattened as it is
        height, width = frame.shape[:2]
        whole = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
        page = flatten_page(frame, whole)
    return page_bytes(page, "JPEG")
