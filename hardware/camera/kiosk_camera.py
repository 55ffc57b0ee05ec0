"""The camera as the resident's session sees it: a QR reader on the identify and look-up
screens (:class:`kiosk.ports.QrSource`), a document scanner on a photo question
(:class:`kiosk.ports.PhotoSource`). One device, so one of the two at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable

from hardware.camera.interface import Camera
from hardware.camera.paper_view import captured_page, page_sighting
from hardware.camera.scan_service import QrScanService
from hardware.qr_scanner import QrScanner
from kiosk.ports import CameraPreview, ScanTarget


class KioskCamera:
    """Opens the camera for what the screen asks, and lets it go when the screen is left."""

    def __init__(
        self,
        open_camera: Callable[[ScanTarget], Camera],
        on_frames: Callable[[bool], None] | None = None,
    ) -> None:
        """``open_camera(target)`` opens the device; the demo's shows ``target``.
        ``on_frames`` hears whether the open camera gives frames (see
        :class:`~hardware.camera.scan_service.QrScanService`), for the operators."""
        self._open_camera = open_camera
        self._on_frames = on_frames
        self._scanner = QrScanner()
        self._service: QrScanService | None = None
        self._camera: Camera | None = None
        self._closing: threading.Thread | None = None

    def start(
        self,
        on_payload: Callable[[str], None],
        on_preview: Callable[[CameraPreview], None] | None = None,
        target: ScanTarget = ScanTarget.ID_CARD,
    ) -> None:
        """Open the camera and scan for QR codes until :meth:`stop`."""
        self._run(
            target,
            lambda camera: QrScanService(
                camera,
                self._scanner,
                on_payload,
                on_preview=on_preview,
                on_frames=self._on_frames,
            ),
        )

    def start_preview(self, on_preview: Callable[[CameraPreview], None]) -> None:
        """Open the camera and preview (no decoding; the page looked for in each previewed
        frame) until :meth:`stop`."""
        self._run(
            ScanTarget.PAPER,
            lambda camera: QrScanService(
                camera,
                self._scanner,
                lambda _: None,
                on_preview=on_preview,
                on_frames=self._on_frames,
                decode=False,
                sight=page_sighting,
            ),
        )

    def capture_page(self) -> bytes | None:
        """The page in the latest full-size frame, straightened and cleaned, as JPEG (the
        whole frame cleaned when no page is seen); None before the first frame."""
        frame = None if self._service is None else self._service.latest_frame()
        return None if frame is None else captured_page(frame)

    def seconds_without_frame(self) -> float | None:
        """While the camera is open: seconds since it last gave a frame (since it opened,
        before the first); None while it is closed (for the operator's health)."""
        service = self._service
        return None if service is None else service.seconds_without_frame()

    def _run(self, target: ScanTarget, make: Callable[[Camera], QrScanService]) -> None:
        self.stop()
        if self._closing is not None:
            self._closing.join()  # a camera device cannot be opened twice
            self._closing = None
        self._camera = self._open_camera(target)
        self._service = make(self._camera)
        self._service.start()

    def stop(self) -> None:
        """Stop scanning now; release the camera in the background.

        The scanning thread may be inside a camera read for a frame interval: waiting for it
        here would freeze the screen the resident is moving to.
        """
        service, camera = self._service, self._camera
        self._service = self._camera = None
        if service is None:
            return
        service.stop(wait=False)

        def release() -> None:
            service.join()
            if camera is not None:
                camera.close()

        self._closing = threading.Thread(target=release, name="camera-close", daemon=True)
        self._closing.start()

    def close(self) -> None:
        """Stop and wait until the camera is released (at exit)."""
        self.stop()
        if self._closing is not None:
            self._closing.join()
            self._closing = None
