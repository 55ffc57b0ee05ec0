"""A camera that replays image files in a loop, for demos and tests without a webcam."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
import zxingcpp


class SimulatedCamera:
    """Replays ``frame_files`` forever, one frame every ``interval_s`` seconds."""

    def __init__(self, frame_files: Sequence[Path], interval_s: float = 0.1) -> None:
        if not frame_files:
            raise ValueError("a simulated camera needs at least one frame")
        for path in frame_files:
            if not path.is_file():
                raise FileNotFoundError(f"cannot read camera frame {path}")
        self._files = list(frame_files)
        # Decoded on the first read, on the scanning thread: the camera is opened on the GUI
        # thread, and decoding a handful of PNGs there stalls the screen change.
        self._frames: list[np.ndarray] = []
        self._interval_s = interval_s
        self._index = 0
        self._closed = threading.Event()

    def _load(self) -> list[np.ndarray]:
        # A file listed again (a page held still for a few seconds) is decoded once.
        decoded: dict[Path, np.ndarray] = {}
        for path in self._files:
            frame = decoded.get(path)
            if frame is None:
                frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
                if frame is None:
                    raise FileNotFoundError(f"cannot read camera frame {path}")
                decoded[path] = frame
            self._frames.append(frame)
        return self._frames

    def read(self) -> np.ndarray | None:
        """The next frame after the replay interval, or ``None`` once closed."""
        frames = self._frames or self._load()
        # Waiting on the event paces the replay like a real camera and wakes up on close().
        if self._closed.wait(self._interval_s):
            return None
        frame = frames[self._index]
        self._index = (self._index + 1) % len(frames)
        return frame.copy()

    def close(self) -> None:
        """Stop the replay; pending and later reads return ``None``."""
        self._closed.set()


def page_held_up(page: Path, out: Path, width: int = 1280, height: int = 720) -> Path:
    """Write to ``out`` a camera frame of a printed page held up to the camera (for the
    demo): the part of ``page`` around its first QR code, with what is printed just above
    it, on a grey background. A page without a QR code gives its top part."""
    image = cv2.imread(str(page), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise FileNotFoundError(f"cannot read page {page}")
    found = zxingcpp.read_barcodes(image)
    if found:
        corners = found[0].position
        top = max(0, corners.top_left.y - height // 3)
        bottom = min(image.shape[0], corners.bottom_right.y + height // 12)
    else:
        top, bottom = 0, min(image.shape[0], height)
    part = image[top:bottom]
    scale = min(1.0, 0.92 * height / part.shape[0], 0.92 * width / part.shape[1])
    if scale < 1.0:
        part = cv2.resize(part, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = np.full((height, width), 110, dtype=np.uint8)
    y = (height - part.shape[0]) // 2
    x = (width - part.shape[1]) // 2
    frame[y : y + part.shape[0], x : x + part.shape[1]] = part
    out.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out), cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)):
        raise OSError(f"cannot write camera frame {out}")
    return out
