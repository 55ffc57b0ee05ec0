"""How good a frame is for capturing its page: blur, glare, the page's size and place.

Every figure is measured on the grey frame at working size (640 px across), inside the page
shrunk by 6 % towards its middle (so the page's own border, a strong edge, and the background
are left out), or on the whole frame when no page was found:

- blur: the variance of the Laplacian (grey levels²; higher is sharper);
- glare: the share of those pixels at 250 or above (a reflection, not paper);
- page fraction: the page's area over the frame's;
- centre offset and touching the edge: where the page's corners are in the frame.
"""

from __future__ import annotations

import cv2
import numpy as np

from hardware.document.page_finder import PageOutline
from kiosk.document_hints import DEFAULT_LIMITS, PageFigures, PageLimits

SATURATED = 250
INSET = 0.06


def page_mask(shape: tuple[int, ...], corners: np.ndarray) -> np.ndarray:
    """A mask of ``shape[:2]``: the quadrilateral ``corners`` shrunk by :data:`INSET`."""
    centre = corners.mean(axis=0)
    inner = centre + (corners - centre) * (1.0 - INSET)
    mask = np.zeros(shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, np.round(inner).astype(np.int32), 255)
    return mask


def blur_figure(grey: np.ndarray, mask: np.ndarray | None = None) -> float:
    """The variance of the Laplacian of ``grey`` inside ``mask`` (everywhere when None)."""
    laplacian = cv2.Laplacian(grey, cv2.CV_32F)
    _, deviation = cv2.meanStdDev(laplacian, mask=mask)
    return float(deviation[0][0]) ** 2


def glare_figure(grey: np.ndarray, mask: np.ndarray | None = None) -> float:
    """The share of ``grey``'s pixels inside ``mask`` that are saturated."""
    saturated = (grey >= SATURATED).astype(np.uint8)
    if mask is None:
        return float(saturated.mean())
    inside = int(cv2.countNonZero(mask))
    if inside == 0:
        return 0.0
    return int(cv2.countNonZero(cv2.bitwise_and(saturated, saturated, mask=mask))) / inside


def measure(
    grey: np.ndarray,
    scale: float,
    frame_size: tuple[int, int],
    outline: PageOutline | None,
    limits: PageLimits = DEFAULT_LIMITS,
) -> PageFigures:
    """The figures of one frame: ``grey`` at working size (``scale`` from the frame's pixels
    to its), ``frame_size`` the frame's (width, height), ``outline`` the page found in it."""
    width, height = frame_size
    if outline is None:
        return PageFigures(
            found=False,
            touches_edge=False,
            centre_offset=(0.0, 0.0),
            page_fraction=0.0,
            blur=blur_figure(grey),
            glare=glare_figure(grey),
        )
    corners = outline.corners
    inside = page_mask(grey.shape, corners * scale)
    mask = inside if cv2.countNonZero(inside) > 0 else None
    xs, ys = corners[:, 0], corners[:, 1]
    margin_x, margin_y = limits.edge_margin * width, limits.edge_margin * height
    touches = bool(
        xs.min() <= margin_x
        or ys.min() <= margin_y
        or xs.max() >= width - 1 - margin_x
        or ys.max() >= height - 1 - margin_y
    )
    centre = corners.mean(axis=0)
    area = float(cv2.contourArea(corners.astype(np.float32)))
    return PageFigures(
        found=True,
        touches_edge=touches,
        centre_offset=(float(centre[0] / width - 0.5), float(centre[1] / height - 0.5)),
        page_fraction=area / float(width * height),
        blur=blur_figure(grey, mask),
        glare=glare_figure(grey, mask),
    )
