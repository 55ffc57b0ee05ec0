"""What the pipeline accepts as a frame, checked once at its door."""

from __future__ import annotations

import cv2
import numpy as np

from hardware.document.errors import PageImageError

MAX_PIXELS = 40_000_000
"""A 40-megapixel photo at most (a phone's largest); the kiosk's camera gives 0.9."""
MIN_SIDE = 16
"""Smaller than this on either side there is no page to see."""


def checked_frame(image: object) -> np.ndarray:
    """``image`` as a 3-channel BGR ``uint8`` array (grey, BGR and BGRA are taken).

    Raises :class:`PageImageError` for anything else: not an array, not 8 bits, no pixels,
    too small to hold a page, or more than :data:`MAX_PIXELS`."""
    if not isinstance(image, np.ndarray):
        raise PageImageError(f"a frame must be a NumPy array, not {type(image).__name__}")
    if image.dtype != np.uint8:
        raise PageImageError(f"a frame must have 8-bit pixels, not {image.dtype}")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise PageImageError(f"a frame must be grey, BGR or BGRA, not of shape {image.shape}")
    height, width = image.shape[:2]
    if height < MIN_SIDE or width < MIN_SIDE:
        raise PageImageError(
            f"the picture is {width}×{height} pixels: too small to hold a page "
            f"(at least {MIN_SIDE}×{MIN_SIDE})"
        )
    if height * width > MAX_PIXELS:
        raise PageImageError(
            f"the picture is {width}×{height} pixels: more than {MAX_PIXELS // 1_000_000} "
            "megapixels; take a smaller photo"
        )
    if image.ndim == 2:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
    if image.shape[2] == 4:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGRA2BGR))
    return np.ascontiguousarray(image)


def working_grey(frame: np.ndarray, width: int) -> tuple[np.ndarray, float]:
    """``frame`` (BGR) in grey, shrunk to ``width`` pixels across when wider, and the scale
    from the frame's pixels to the shrunk ones."""
    return shrunk(np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)), width)


def shrunk(grey: np.ndarray, width: int) -> tuple[np.ndarray, float]:
    """``grey`` shrunk to ``width`` pixels across when wider, and the scale applied."""
    scale = min(1.0, width / grey.shape[1])
    if scale < 1.0:
        size = (width, max(1, round(grey.shape[0] * scale)))
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    return np.asarray(grey), scale
