"""Serves the on-screen copy of the receipt to QML as ``image://receipt/...``.

The picture holds the resident's name, so it lives in memory only and is dropped when the
session ends.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

PROVIDER_ID = "receipt"


class ReceiptImageProvider(QQuickImageProvider):
    """One picture at a time: the current resident's receipt."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._lock = threading.Lock()  # QML may ask from its image-loading thread
        self._image = QImage()

    def show(self, png: bytes) -> None:
        """Make ``png`` the picture served."""
        image = QImage.fromData(png)
        with self._lock:
            self._image = image

    def clear(self) -> None:
        """Forget the picture (the session is over)."""
        with self._lock:
            self._image = QImage()

    def requestImage(self, image_id: str, size: QSize, requested_size: QSize) -> QImage:  # noqa: N802
        """The current picture, whatever the id (the id only defeats QML's image cache)."""
        with self._lock:
            image = self._image
        if image.isNull():
            image = QImage(1, 1, QImage.Format.Format_RGB32)
            image.fill(0xFFFFFF)
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
