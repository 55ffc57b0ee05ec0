"""The page's four corners in a camera frame.

The frame is looked at 640 pixels across (a 1280×720 frame at half size). Two maps of where
a page's border may be are made from it: edges (Canny, its thresholds from Otsu's split of the
frame, so they follow the light) and the bright side of Otsu's split itself (paper is lighter
than most of what is behind it). Every outline in either map is fitted with a quadrilateral
(the convex hull, simplified by Douglas–Peucker, coarser until four corners remain); a
candidate must be convex, fill its quadrilateral (≥ 85 %: a page, not a clutter of shapes),
have every side on an edge for most of its length, and cover 3.5–98 % of the frame. The
largest candidate is the page; its corners are put back in the frame's pixels, clockwise from
the top-left.

Then each side is found again in the frame at full size (:func:`refine_corners`): along 24
normals to the side, the strongest step in brightness within a few pixels (to a tenth of a
pixel), a robust line through those points (Huber), and the corners where the lines meet. This
takes the corners from the working size's ±2 px to a fraction of a pixel of the frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hardware.document.frame_input import checked_frame, shrunk

WORK_WIDTH = 640
MIN_AREA_FRACTION = 0.035
MAX_AREA_FRACTION = 0.98
MIN_FILL = 0.85
MIN_SUPPORT = 0.6
"""The share of each side that must lie on an edge (or the frame's border, for a page cut
off by it): a quadrilateral spanning a page and a thing beside it has a side on neither."""
EPSILONS = (0.02, 0.03, 0.045, 0.06)
"""Douglas–Peucker tolerances tried in turn, as shares of the outline's perimeter."""
NORMALS = 24
MIN_STEP = 6.0
"""The least change in brightness (grey levels per pixel) that is an edge of the page."""


@dataclass(frozen=True)
class PageOutline:
    """The page's corners: a 4×2 ``float64`` array, clockwise from the top-left, in the
    pixels of the frame it was found in."""

    corners: np.ndarray

    def as_pairs(self) -> list[list[float]]:
        """The corners as four ``[x, y]`` pairs, rounded to a tenth of a pixel."""
        return [[round(float(x), 1), round(float(y), 1)] for x, y in self.corners]


def find_page(frame: np.ndarray) -> PageOutline | None:
    """The page in ``frame`` (grey, BGR or BGRA, 8 bits), or None when none is seen.

    Raises :class:`~hardware.document.errors.PageImageError` for a picture the pipeline does
    not take (:func:`~hardware.document.frame_input.checked_frame`)."""
    grey = np.asarray(cv2.cvtColor(checked_frame(frame), cv2.COLOR_BGR2GRAY))
    small, scale = shrunk(grey, WORK_WIDTH)
    outline = find_page_in_grey(small, scale)
    if outline is None:
        return None
    return PageOutline(refine_corners(grey, outline.corners, reach=max(4.0, 3.0 / scale)))


def find_page_in_grey(grey: np.ndarray, scale: float = 1.0) -> PageOutline | None:
    """The page in ``grey`` (already at working size), its corners divided by ``scale``
    to put them in the original frame's pixels."""
    blurred = cv2.GaussianBlur(grey, (5, 5), 0)
    otsu, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    high = max(20.0, float(otsu))
    edges = cv2.Canny(blurred, high * 0.4, high)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    frame_area = float(grey.shape[0] * grey.shape[1])
    near_edges = cv2.dilate(edges, np.ones((5, 5), np.uint8))  # ±3 px of an edge
    best: np.ndarray | None = None
    best_area = 0.0
    for source, mode in ((edges, cv2.RETR_LIST), (bright, cv2.RETR_EXTERNAL)):
        contours, _ = cv2.findContours(source, mode, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            quad, area = _quadrilateral(contour, frame_area)
            if quad is not None and area > best_area and _supported(quad, near_edges):
                best, best_area = quad, area
    if best is None:
        return None
    return PageOutline(clockwise_from_top_left(best / scale))


def _quadrilateral(contour: np.ndarray, frame_area: float) -> tuple[np.ndarray | None, float]:
    """The quadrilateral fitted to ``contour`` and its area, or ``(None, 0)`` when it is no
    page's outline."""
    hull = cv2.convexHull(contour)
    hull_area = float(cv2.contourArea(hull))
    if not MIN_AREA_FRACTION * frame_area <= hull_area <= MAX_AREA_FRACTION * frame_area:
        return None, 0.0
    perimeter = cv2.arcLength(hull, True)
    for epsilon in EPSILONS:
        approx = cv2.approxPolyDP(hull, epsilon * perimeter, True)
        if len(approx) == 4:
            break
    else:
        return None, 0.0
    if not cv2.isContourConvex(approx):
        return None, 0.0
    area = float(cv2.contourArea(approx))
    if area <= 0 or float(cv2.contourArea(contour)) / area < MIN_FILL:
        return None, 0.0
    return approx.reshape(4, 2).astype(np.float64), area


def _supported(quad: np.ndarray, edges: np.ndarray) -> bool:
    """Whether every side of ``quad`` lies on ``edges`` (or the frame's border) for at least
    :data:`MIN_SUPPORT` of its length."""
    height, width = edges.shape
    steps = np.linspace(0.0, 1.0, 32)[:, None]
    for index in range(4):
        start, end = quad[index], quad[(index + 1) % 4]
        points = np.round(start + steps * (end - start)).astype(np.int64)
        xs = np.clip(points[:, 0], 0, width - 1)
        ys = np.clip(points[:, 1], 0, height - 1)
        border = (xs <= 2) | (ys <= 2) | (xs >= width - 3) | (ys >= height - 3)
        if float(np.mean((edges[ys, xs] > 0) | border)) < MIN_SUPPORT:
            return False
    return True


def clockwise_from_top_left(points: np.ndarray) -> np.ndarray:
    """Four points ordered clockwise on the screen (y down), starting with the one nearest
    the top-left (the smallest x + y)."""
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    ordered = pts[np.argsort(angles)]
    first = int(np.argmin(ordered.sum(axis=1)))
    return np.roll(ordered, -first, axis=0)


def refine_corners(grey: np.ndarray, corners: np.ndarray, reach: float) -> np.ndarray:
    """``corners`` (TL, TR, BR, BL in ``grey``'s pixels, each within ``reach`` pixels of the
    truth) moved onto the page's edges in ``grey``; any corner that would move further than
    twice ``reach`` stays where it was."""
    image = cv2.GaussianBlur(grey, (3, 3), 0).astype(np.float32)
    lines: list[tuple[np.ndarray, np.ndarray]] = []
    for index in range(4):
        start, end = corners[index], corners[(index + 1) % 4]
        lines.append(_edge_line(image, start, end, reach))
    refined = corners.copy()
    for index in range(4):
        point = _meet(lines[index - 1], lines[index])
        if point is not None and float(np.linalg.norm(point - corners[index])) <= 2 * reach:
            refined[index] = point
    return refined


def _edge_line(
    image: np.ndarray, start: np.ndarray, end: np.ndarray, reach: float
) -> tuple[np.ndarray, np.ndarray]:
    """A point on the side from ``start`` to ``end`` and its direction, as found in
    ``image`` (the side as given when too few points show an edge)."""
    length = float(np.linalg.norm(end - start))
    if length < 8.0:
        return start, end - start
    direction = (end - start) / length
    normal = np.array([-direction[1], direction[0]])
    along = start + np.linspace(0.1, 0.9, NORMALS)[:, None] * (end - start)
    offsets = np.arange(-np.ceil(reach), np.ceil(reach) + 1.0)
    samples = along[:, None, :] + offsets[None, :, None] * normal
    profile = cv2.remap(
        image,
        samples[..., 0].astype(np.float32),
        samples[..., 1].astype(np.float32),
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    steps = np.abs(np.diff(profile, axis=1))
    best = np.argmax(steps, axis=1)
    rows = np.arange(NORMALS)
    strong = steps[rows, best] >= MIN_STEP
    if int(strong.sum()) < NORMALS // 3:
        return start, end - start
    left = steps[rows, np.maximum(best - 1, 0)]
    right = steps[rows, np.minimum(best + 1, steps.shape[1] - 1)]
    peak = steps[rows, best]
    curvature = left - 2 * peak + right
    bent = curvature < 0  # a true peak: its vertex, to a fraction of a pixel
    shift = np.where(bent, 0.5 * (left - right) / np.where(bent, curvature, -1.0), 0.0)
    where = offsets[best] + 0.5 + np.clip(shift, -0.5, 0.5)
    points = (along + where[:, None] * normal)[strong].astype(np.float32)
    vx, vy, x0, y0 = cv2.fitLine(points, cv2.DIST_HUBER, 0, 0.01, 0.01).reshape(4)
    return np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)


def _meet(
    first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray]
) -> np.ndarray | None:
    """Where two lines (a point and a direction each) cross; None when nearly parallel."""
    (p, r), (q, s) = first, second
    cross = float(r[0] * s[1] - r[1] * s[0])
    if abs(cross) < 1e-9 * float(np.linalg.norm(r) * np.linalg.norm(s)) or not np.isfinite(cross):
        return None
    t = float((q[0] - p[0]) * s[1] - (q[1] - p[1]) * s[0]) / cross
    return p + t * r
