"""Serves pictures that must never touch the disk to QML, as ``image://<id>/<n>``.

The on-screen receipt carries the resident's tracking code, a photographed paper much
more: they live in memory only and are dropped when the session ends. (The camera picture
changes many times a second and is painted by ``ui.camera_view`` instead: a new URL per
frame costs memory.)
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

RECEIPT = "receipt"
PHOTO = "photo"
FACE = "face"


class MemoryImageProvider(QQuickImageProvider):
    """One picture at a time; the number in the URL only defeats QML's image cache."""

    def __init__(self, provider_id: str) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self.provider_id = provider_id
        self._lock = threading.Lock()  # QML may ask from its image-loading thread
        self._image = QImage()
        self._serial = 0

    def show(self, encoded: bytes) -> str:
        """Serve ``encoded`` (PNG or JPEG) from now on; returns the URL to give an ``Image``."""
        return self._show(QImage.fromData(encoded))

    def _show(self, image: QImage) -> str:
        with self._lock:
            self._image = image
            self._serial += 1
            return f"image://{self.provider_id}/{self._serial}"

    def clear(self) -> None:
        """Forget the picture."""
        with self._lock:
            self._image = QImage()

    def requestImage(self, image_id: str, size: QSize, requested_size: QSize) -> QImage:
        """The current picture (a white pixel when there is none)."""
        with self._lock:
            image = self._image
        if image.isNull():
            image = QImage(1, 1, QImage.Format.Format_RGB32)
            image.fill(0xFFFFFF)
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
