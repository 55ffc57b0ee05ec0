"""A USB/V4L2 webcam through OpenCV."""

from __future__ import annotations

import logging
import threading

import cv2
import numpy as np

logger = logging.getLogger(__name__)


class OpenCvCamera:
    """A ``cv2.VideoCapture`` device (index such as ``0`` or a path like ``/dev/video0``).

    An unplugged or busy camera makes :meth:`read` return ``None``; it never raises.
    The device is opened lazily and reopened after a failure, so plugging the camera back
    in is enough.
    """

    def __init__(self, device: int | str, width: int = 1280, height: int = 720) -> None:
        self.device = device
        self.width = width
        self.height = height
        self._capture: cv2.VideoCapture | None = None
        self._closed = False
        self._lock = threading.Lock()

    def _open(self) -> cv2.VideoCapture | None:
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            logger.warning("camera %s cannot be opened", self.device)
            return None
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        return capture

    def read(self) -> np.ndarray | None:
        """The next frame, or ``None`` if the camera is closed, missing or failing."""
        with self._lock:
            if self._closed:
                return None
            if self._capture is None:
                self._capture = self._open()
                if self._capture is None:
                    return None
            try:
                ok, frame = self._capture.read()
            except cv2.error:
                ok, frame = False, None
            if not ok or frame is None:
                logger.warning("camera %s returned no frame; will reopen", self.device)
                self._capture.release()
                self._capture = None
                return None
            result: np.ndarray = frame
            return result

    def close(self) -> None:
        """Release the device."""
        with self._lock:
            self._closed = True
            if self._capture is not None:
                self._capture.release()
                self._capture = None
