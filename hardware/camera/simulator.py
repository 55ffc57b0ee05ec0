"""A camera that replays image files in a loop, for demos and tests without a webcam."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np


class SimulatedCamera:
    """Replays ``frame_files`` forever, one frame every ``interval_s`` seconds."""

    def __init__(self, frame_files: Sequence[Path], interval_s: float = 0.1) -> None:
        frames: list[np.ndarray] = []
        for path in frame_files:
            frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if frame is None:
                raise FileNotFoundError(f"cannot read camera frame {path}")
            frames.append(frame)
        if not frames:
            raise ValueError("a simulated camera needs at least one frame")
        self._frames = frames
        self._interval_s = interval_s
        self._index = 0
        self._closed = threading.Event()

    def read(self) -> np.ndarray | None:
        """The next frame after the replay interval, or ``None`` once closed."""
        # Waiting on the event paces the replay like a real camera and wakes up on close().
        if self._closed.wait(self._interval_s):
            return None
        frame = self._frames[self._index]
        self._index = (self._index + 1) % len(self._frames)
        return frame.copy()

    def close(self) -> None:
        """Stop the replay; pending and later reads return ``None``."""
        self._closed.set()
