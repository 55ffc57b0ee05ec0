"""The page straightened, evened and sharpened for reading.

1. **Its shape.** The page's aspect (height over width) comes from its four corners by Zhang
   and He's construction ("Whiteboard scanning and image enhancement", 2007): the corners fix
   the camera's focal length, and with it the rectangle's true proportions, the principal
   point taken at the frame's middle. When the corners cannot tell the focal length (a page
   tilted about one axis only, or square on) or tell an implausible one, a webcam's
   (:data:`NOMINAL_FOCAL`) is used in the same construction. An aspect within 7 % of √2 is
   an A-series sheet (A4 and A5 alike: a photo shows the shape, not the size) and is set to
   √2 exactly.
2. **Straightened** by the perspective transform onto that rectangle, its long side
   1.5 × the page's in the frame, at most 1754 px (A4 at 150 dpi).
3. **Lighting evened**: each channel divided by its own background (the page shrunk to
   200 px, closed by a 9 px square to lift the text out, smoothed), so shadows and a
   lamp's fall-off go and the paper is white.
4. **Contrast for text**: grey levels from the darkest 1 % to 92 % of white stretched over the
   whole range (the paper to 255, ink to near 0), the same for all channels, so a red seal
   stays red.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from hardware.document.errors import PageImageError
from hardware.document.frame_input import checked_frame

ISO_A_ASPECT = math.sqrt(2.0)
ISO_A_TOLERANCE = 0.07
MAX_LONG_SIDE = 1754
MIN_LONG_SIDE = 64
UPSCALE = 1.5
BACKGROUND_SIDE = 200
BACKGROUND_CLOSE = 9
WHITE_POINT = 0.92 * 255
A4_LONG_INCHES = 297 / 25.4
NOMINAL_FOCAL = 0.9
"""A webcam's focal length as a share of its frame's longer side (about 60° across), used
when the corners cannot tell it: a page tilted about one axis only, or square on."""


class Paper(StrEnum):
    """The paper's shape, when it is one the kiosk knows."""

    ISO_A = "A4/A5"
    """1:√2, A4 and A5 alike."""


@dataclass(frozen=True)
class FlatPage:
    """A page straightened and cleaned: ``image`` BGR ``uint8``; ``aspect`` its height over
    its width as measured; ``paper`` the shape recognised; ``dpi`` the resolution at which
    an A-series page prints at A4 (150 otherwise)."""

    image: np.ndarray
    aspect: float
    paper: Paper | None
    dpi: float


def flatten_page(frame: np.ndarray, corners: np.ndarray) -> FlatPage:
    """The page with ``corners`` (clockwise from the top-left, in ``frame``'s pixels) as a
    flat, evened page. Raises :class:`PageImageError` for a frame the pipeline does not take
    or corners that enclose no page."""
    frame = checked_frame(frame)
    quad = np.asarray(corners, dtype=np.float64).reshape(4, 2)
    if not np.all(np.isfinite(quad)) or abs(cv2.contourArea(quad.astype(np.float32))) < 16:
        raise PageImageError("the corners given enclose no page")
    height, width = frame.shape[:2]
    aspect = page_aspect(quad, (width, height))
    paper = None
    if _near(aspect, ISO_A_ASPECT):
        aspect, paper = ISO_A_ASPECT, Paper.ISO_A
    elif _near(aspect, 1 / ISO_A_ASPECT):
        aspect, paper = 1 / ISO_A_ASPECT, Paper.ISO_A
    source_long = max(_side_lengths(quad))
    long_side = int(min(MAX_LONG_SIDE, max(MIN_LONG_SIDE, round(source_long * UPSCALE))))
    if aspect >= 1.0:
        out_h, out_w = long_side, max(1, round(long_side / aspect))
    else:
        out_w, out_h = long_side, max(1, round(long_side * aspect))
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    transform = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    straight = cv2.warpPerspective(
        frame, transform, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    dpi = long_side / A4_LONG_INCHES if paper is not None else 150.0
    return FlatPage(enhance_for_text(np.asarray(straight)), aspect, paper, dpi)


def page_aspect(corners: np.ndarray, frame_size: tuple[int, int]) -> float:
    """The page's height over its width, from its corners (TL, TR, BR, BL) in a frame of
    ``frame_size`` (width, height)."""
    width, height = frame_size
    centred = corners - np.array([width / 2.0, height / 2.0])
    m1, m2, m4, m3 = (np.array([x, y, 1.0]) for x, y in centred)  # TL, TR, BR, BL
    denominator2 = float(np.dot(np.cross(m2, m4), m3))
    denominator3 = float(np.dot(np.cross(m3, m4), m2))
    if abs(denominator2) < 1e-9 or abs(denominator3) < 1e-9:
        return _side_aspect(corners)  # a degenerate quadrilateral
    k2 = float(np.dot(np.cross(m1, m4), m3)) / denominator2
    k3 = float(np.dot(np.cross(m1, m4), m2)) / denominator3
    n2, n3 = k2 * m2 - m1, k3 * m3 - m1
    longest = float(max(width, height))
    focal_sq = (NOMINAL_FOCAL * longest) ** 2
    if abs(n2[2] * n3[2]) > 1e-12:
        estimated = -(n2[0] * n3[0] + n2[1] * n3[1]) / (n2[2] * n3[2])
        if (0.3 * longest) ** 2 <= estimated <= (5.0 * longest) ** 2:
            focal_sq = estimated
    across = (n2[0] ** 2 + n2[1] ** 2) / focal_sq + n2[2] ** 2
    down = (n3[0] ** 2 + n3[1] ** 2) / focal_sq + n3[2] ** 2
    if across <= 0 or down <= 0:
        return _side_aspect(corners)
    return float(math.sqrt(down / across))


def enhance_for_text(image: np.ndarray) -> np.ndarray:
    """``image`` (BGR) with its lighting evened and its contrast stretched for text."""
    height, width = image.shape[:2]
    shrink = min(1.0, BACKGROUND_SIDE / max(height, width))
    small_size = (max(1, round(width * shrink)), max(1, round(height * shrink)))
    small = cv2.resize(image, small_size, interpolation=cv2.INTER_AREA)
    kernel = np.ones((BACKGROUND_CLOSE, BACKGROUND_CLOSE), np.uint8)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), 3)
    background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    evened = image.astype(np.float32) * 255.0 / np.maximum(background.astype(np.float32), 8.0)
    grey = cv2.cvtColor(np.clip(evened, 0, 255).astype(np.uint8), cv2.COLOR_BGR2GRAY)
    black = float(np.percentile(grey[:: max(1, height // 256), :: max(1, width // 256)], 1))
    black = min(black, WHITE_POINT - 32)
    stretched = (evened - black) * (255.0 / (WHITE_POINT - black))
    return np.asarray(np.clip(stretched, 0, 255).astype(np.uint8))


def _near(value: float, target: float) -> bool:
    return abs(value - target) / target < ISO_A_TOLERANCE


def _side_lengths(quad: np.ndarray) -> list[float]:
    return [float(np.linalg.norm(quad[(i + 1) % 4] - quad[i])) for i in range(4)]


def _side_aspect(quad: np.ndarray) -> float:
    top, right, bottom, left = _side_lengths(quad)
    across = (top + bottom) / 2.0
    return (left + right) / 2.0 / across if across > 0 else 1.0
