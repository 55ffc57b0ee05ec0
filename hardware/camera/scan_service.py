"""Read camera frames on a background thread and report each QR payload once."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import cv2
import numpy as np

from hardware.camera.interface import Camera
from hardware.qr_scanner import QrScanner
from kiosk.ports import CameraPreview, PageSighting

logger = logging.getLogger(__name__)

REPEAT_SUPPRESSION_S = 3.0
PREVIEW_WIDTH = 480
PREVIEW_INTERVAL_S = 0.12
"""At most about 8 previews a second: enough to aim a card, cheap on 2 cores."""
# After a failed read (camera unplugged), wait before asking again instead of spinning.
RETRY_AFTER_FAILED_READ_S = 0.5


class QrScanService:
    """Scans ``camera`` frames with ``scanner`` and calls ``on_payload(text)``.

    The callback runs on the service's own thread; it is called once per distinct payload
    (a card held in front of the camera is reported again only after it has been out of
    sight for 3 seconds) and never after :meth:`stop` has returned, even if the callback
    itself calls :meth:`stop`. Frames that arrive while a frame is decoded are
    not queued: the next read simply gets a fresh one.

    ``on_frames``, if given, hears from the same thread whether the camera gives frames:
    True at the first frame, False at the first failed read, then at each change.
    """

    def __init__(
        self,
        camera: Camera,
        scanner: QrScanner,
        on_payload: Callable[[str], None],
        *,
        on_preview: Callable[[CameraPreview], None] | None = None,
        on_frames: Callable[[bool], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        decode: bool = True,
        sight: Callable[[np.ndarray], PageSighting] | None = None,
    ) -> None:
        """With ``decode`` False the service only previews and keeps the latest frame (for
        photographing a paper): no QR decoding is spent. ``sight`` looks for the page in
        each previewed frame (its outline and hint travel with the preview)."""
        self._decode = decode
        self._sight = sight
        self._latest: np.ndarray | None = None
        self._camera = camera
        self._scanner = scanner
        self._on_payload = on_payload
        self._on_preview = on_preview
        self._on_frames = on_frames
        self._giving_frames: bool | None = None
        self._last_preview = float("-inf")
        self._clock = clock
        self._stop = threading.Event()
        # Held while a payload is delivered, so stop() can wait for a call in progress.
        self._delivery = threading.RLock()
        self._thread: threading.Thread | None = None
        self._last_seen: dict[str, float] = {}
        self._started_at = clock()
        self._last_frame_at: float | None = None

    def start(self) -> None:
        """Start scanning on a daemon thread (does nothing if already running)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._started_at = self._clock()
        self._thread = threading.Thread(target=self._run, name="qr-scan", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0, *, wait: bool = True) -> None:
        """Stop scanning; no callback happens after this returns.

        With ``wait=False`` the thread is not joined here (it may still be inside a camera
        read for a frame interval): call :meth:`join` before releasing the camera.
        """
        self._stop.set()
        with self._delivery:
            pass  # a callback in progress finishes; later ones see the stop flag
        if wait:
            self.join(timeout_s)

    def join(self, timeout_s: float = 5.0) -> None:
        """Wait for the scanning thread to end (after :meth:`stop`)."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
            if thread.is_alive():
                logger.warning("QR scan thread still blocked in a camera read after stop()")
        self._thread = None

    def latest_frame(self) -> np.ndarray | None:
        """The last full-size frame read, or None before the first."""
        return self._latest

    def seconds_without_frame(self) -> float:
        """Seconds since the camera last gave a frame (since :meth:`start`, before the first)."""
        last = self._last_frame_at
        return max(0.0, self._clock() - (self._started_at if last is None else last))

    def _run(self) -> None:
        while not self._stop.is_set():
            frame = self._camera.read()
            self._frames(frame is not None)
            if frame is None:
                self._stop.wait(RETRY_AFTER_FAILED_READ_S)
                continue
            self._latest = frame
            self._last_frame_at = self._clock()
            self._preview(frame)
            if not self._decode:
                continue
            try:
                texts = self._scanner.decode(frame)
            except Exception:
                # One odd frame must not end scanning for the rest of the day.
                logger.exception("QR decoding failed on a frame")
                continue
            for text in texts:
                self._deliver(text)

    def _frames(self, giving: bool) -> None:
        """Tell ``on_frames`` when the camera starts or stops giving frames."""
        if self._on_frames is None or giving == self._giving_frames or self._stop.is_set():
            return
        self._giving_frames = giving
        try:
            self._on_frames(giving)
        except Exception:
            logger.exception("camera frames handler failed")

    def _preview(self, frame: np.ndarray) -> None:
        now = self._clock()
        if self._on_preview is None or now - self._last_preview < PREVIEW_INTERVAL_S:
            return
        self._last_preview = now
        height, width = frame.shape[:2]
        small = cv2.resize(
            frame,
            (PREVIEW_WIDTH, max(1, height * PREVIEW_WIDTH // width)),
            interpolation=cv2.INTER_AREA,
        )
        code = cv2.COLOR_GRAY2RGB if small.ndim == 2 else cv2.COLOR_BGR2RGB
        rgb = cv2.cvtColor(small, code)
        page = None if self._sight is None else self._sight(frame)
        preview = CameraPreview(rgb.shape[1], rgb.shape[0], rgb.tobytes(), page)
        with self._delivery:
            if self._stop.is_set():
                return
            try:
                self._on_preview(preview)
            except Exception:
                logger.exception("camera preview handler failed")

    def _deliver(self, text: str) -> None:
        now = self._clock()
        last = self._last_seen.get(text)
        self._last_seen = {
            seen: when
            for seen, when in self._last_seen.items()
            if now - when < REPEAT_SUPPRESSION_S
        }
        self._last_seen[text] = now
        if last is not None and now - last < REPEAT_SUPPRESSION_S:
            return
        with self._delivery:
            if self._stop.is_set():
                return
            try:
                self._on_payload(text)
            except Exception:
                logger.exception("QR payload handler failed")
