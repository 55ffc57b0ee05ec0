"""Synthetic photos of paper held up to the kiosk's camera, made by the tests.

The photos are made by :mod:`hardware.simulators.paper_photos` (the demo's sample papers come
from there too): a page rendered with text (the bundled Noto Sans, Vietnamese), a ruled table
and a red seal, warped into a known perspective over a cluttered desk, with the camera's
troubles as asked (a shadow, a glare spot, blur, sensor noise) and the truth (the four
corners, clockwise from the top-left, and the page as rendered). This module is the tests'
entry to it, and holds what only the tests need (:func:`ssim`).
"""

from __future__ import annotations

import cv2
import numpy as np

from hardware.simulators.paper_photos import (
    FONT_DIR,
    FRAME_SIZE,
    LINES,
    PAPER_WHITE,
    Photo,
    cluttered_desk,
    held_corners,
    photograph,
    render_page,
    write_sample,
)

__all__ = [
    "FONT_DIR",
    "FRAME_SIZE",
    "LINES",
    "PAPER_WHITE",
    "Photo",
    "cluttered_desk",
    "held_corners",
    "photograph",
    "render_page",
    "ssim",
    "write_sample",
]


def ssim(first: np.ndarray, second: np.ndarray) -> float:
    """The mean structural similarity of two grey images of one size (Wang et al. 2004:
    Gaussian window σ 1.5, K1 0.01, K2 0.03, 8-bit range)."""
    a, b = first.astype(np.float64), second.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def window(image: np.ndarray) -> np.ndarray:
        return np.asarray(cv2.GaussianBlur(image, (11, 11), 1.5))

    mu_a, mu_b = window(a), window(b)
    var_a = window(a * a) - mu_a**2
    var_b = window(b * b) - mu_b**2
    covariance = window(a * b) - mu_a * mu_b
    numerator = (2 * mu_a * mu_b + c1) * (2 * covariance + c2)
    denominator = (mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2)
    return float(np.mean(numerator / denominator))
