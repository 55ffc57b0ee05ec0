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
        for path in self._files:
            frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if frame is None:
                raise FileNotFoundError(f"cannot read camera frame {path}")
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
