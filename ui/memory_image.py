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

MAIN = "main"
RECEIPT = "receipt"
PHOTO = "photo"
FACE = "face"


class MemoryImageProvider(QQuickImageProvider):
    """One picture per slot (the pages of a paper each have one; most screens use one
    slot); the number in the URL only defeats QML's image cache."""

    def __init__(self, provider_id: str) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self.provider_id = provider_id
        self._lock = threading.Lock()  # QML may ask from its image-loading thread
        self._images: dict[str, QImage] = {}
        self._serial = 0

    def show(self, encoded: bytes, slot: str = MAIN) -> str:
        """Serve ``encoded`` (PNG or JPEG) in ``slot`` from now on; returns the URL to give
        an ``Image``."""
        return self._show(QImage.fromData(encoded), slot)

    def _show(self, image: QImage, slot: str = MAIN) -> str:
        with self._lock:
            self._images[slot] = image
            self._serial += 1
            return f"image://{self.provider_id}/{slot}/{self._serial}"

    def clear(self) -> None:
        """Forget every picture."""
        with self._lock:
            self._images = {}

    def requestImage(self, image_id: str, size: QSize, requested_size: QSize) -> QImage:
        """The slot's current picture (a white pixel when there is none)."""
        slot, _, serial = image_id.partition("/")
        slot = slot if serial else MAIN  # "<slot>/<n>", or "<n>" alone for the main one
        with self._lock:
            image = self._images.get(slot, QImage())
        if image.isNull():
            image = QImage(1, 1, QImage.Format.Format_RGB32)
            image.fill(0xFFFFFF)
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
