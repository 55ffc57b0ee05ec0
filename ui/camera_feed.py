"""The camera for the screens: on with the target the session's rule asks for, off otherwise;
its newest frame for the preview; the QR codes it reads, handed to the GUI thread.

Frames are handed over in a slot under a lock and fetched by a GUI-thread timer: PySide
leaks part of every argument sent through a queued signal, which for 8 frames a second came
to 1.4 MB a second on the identify screen. A QR code read is rare and a string, so it does
travel through a queued signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal

from kiosk.document_hints import HINT_MESSAGES, SteadyPage
from kiosk.ports import CameraPreview, PageSighting, PhotoSource, QrSource, ScanTarget
from kiosk.text import Message
from ui.qml_values import as_json

if TYPE_CHECKING:
    from ui.camera_view import CameraView, FrameSource

PREVIEW_INTERVAL_MS = 100
"""How often the screen takes the camera's newest frame (the camera offers about 8 a second)."""


class CameraFeed(QObject):
    """The camera, for QML as ``kiosk.cameraFeed`` (``live``, ``frames``, and ``view``, the
    one item that paints them)."""

    liveChanged = Signal()
    pageChanged = Signal()
    steadyPage = Signal()
    """A paper has been held good and still for a moment: capture it (the screen's choice)."""
    _qr_read = Signal(str)

    def __init__(
        self,
        qr: QrSource,
        photos: PhotoSource,
        on_qr: Callable[[str], None],
        say: Callable[[Message], str],
        parent: QObject | None = None,
    ) -> None:
        """``say``: a message in the resident's language (for the paper's hints)."""
        super().__init__(parent)
        self._say = say
        self._page: PageSighting | None = None
        self._steady = SteadyPage()
        self._qr = qr
        self._photos = photos
        self._on_qr = on_qr
        self._picture: tuple[FrameSource, CameraView] | None = None  # made when first shown
        self._live = False
        # what the camera looks at: the ID card on the identify screen, a receipt on the
        # look-up screen, a paper on a photo question; None when off
        self._target: ScanTarget | None = None
        self._qr_read.connect(self._deliver_qr)  # queued: emitted on the camera's thread
        self._preview_lock = threading.Lock()
        self._newest_preview: CameraPreview | None = None
        self._preview_timer = QTimer(self)
        self._preview_timer.setInterval(PREVIEW_INTERVAL_MS)
        self._preview_timer.timeout.connect(self._show_newest_preview)

    @property
    def target(self) -> ScanTarget | None:
        """What the camera looks for now (None: off)."""
        return self._target

    def aim(self, target: ScanTarget | None) -> None:
        """Look for ``target`` from now on (None: turn the camera off)."""
        if target == self._target:
            return
        if self._target is not None:
            self.stop()
        if target is ScanTarget.PAPER:
            self._photos.start_preview(self._store_preview)
        elif target is not None:
            self._qr.start(self._qr_read.emit, self._store_preview, target)
        if target is not None:
            self._target = target
            self._preview_timer.start()

    def capture_page(self) -> bytes | None:
        """The paper in the camera's latest full-size frame, straightened and cleaned, if
        the camera is showing a paper and has a frame."""
        return self._photos.capture_page() if self._target is ScanTarget.PAPER else None

    def stop(self) -> None:
        """Turn the camera off; nothing of what it saw stays in memory."""
        target, self._target = self._target, None
        if target is None:
            return
        (self._photos if target is ScanTarget.PAPER else self._qr).stop()
        self._preview_timer.stop()
        with self._preview_lock:
            self._newest_preview = None
        self._steady.reset()
        if self._page is not None:
            self._page = None
            self.pageChanged.emit()
        if self._picture is not None:
            self._picture[0].clear()
        self._live = False
        self.liveChanged.emit()

    def _deliver_qr(self, payload: str) -> None:
        self._on_qr(payload)

    def _store_preview(self, preview: CameraPreview) -> None:
        """Called on the camera's thread: keep only the newest frame."""
        with self._preview_lock:
            self._newest_preview = preview

    def _show_newest_preview(self) -> None:
        with self._preview_lock:
            preview, self._newest_preview = self._newest_preview, None
        if preview is None or self._target is None:
            return
        self._parts()[0].show_rgb(preview.width, preview.height, preview.rgb)
        if not self._live:
            self._live = True
            self.liveChanged.emit()
        page = preview.page
        if page is None or self._target is not ScanTarget.PAPER:
            return
        if page != self._page:
            self._page = page
            self.pageChanged.emit()
        if self._steady.seen(page.corners, page.capturable):
            self.steadyPage.emit()

    def look_for_another_page(self) -> None:
        """The page held up was captured: the next capture waits for a page held anew."""
        self._steady.reset()

    # --- what the screens read ----------------------------------------------------------
    def _get_live(self) -> bool:
        return self._live

    live = Property(bool, _get_live, notify=liveChanged)

    def _get_page_outline(self) -> str:
        page = self._page
        return as_json([] if page is None else [v for corner in page.corners for v in corner])

    pageOutline = Property(str, _get_page_outline, notify=pageChanged)
    """The paper's corners seen in the picture, as a JSON list x1, y1, … x4, y4 of
    fractions of its width and height, clockwise from the top-left (empty: none seen). JSON,
    not a list: PySide leaks every list it hands QML, and this one changes 8 times a second."""

    def _get_page_hint(self) -> str:
        return "" if self._page is None else self._page.hint.value

    pageHint = Property(str, _get_page_hint, notify=pageChanged)

    def _get_page_hint_text(self) -> str:
        return "" if self._page is None else self._say(HINT_MESSAGES[self._page.hint])

    pageHintText = Property(str, _get_page_hint_text, notify=pageChanged)
    """What the resident should change, in their language (empty before the first look)."""

    def language_changed(self) -> None:
        """The hint is said again in the new language."""
        if self._page is not None:
            self.pageChanged.emit()

    def _parts(self) -> tuple[FrameSource, CameraView]:
        """The newest frame and the item that paints it, made on first use (the home screen
        shows no camera: its first frame comes without them)."""
        if self._picture is None:
            from ui.camera_view import CameraView, FrameSource

            frames = FrameSource(self)
            self._picture = (frames, CameraView(frames, self))
        return self._picture

    def _get_frames(self) -> QObject:
        return self._parts()[0]

    frames = Property(QObject, _get_frames, constant=True)

    def _get_view(self) -> QObject:
        return self._parts()[1]

    view = Property(QObject, _get_view, constant=True)
