"""The live camera picture on the identify screen, painted straight from memory.

An ``Image`` fed through an image provider needs a new URL for every frame, and Qt Quick
keeps about 11 kB per URL it has seen: some 400 MB over a thousand residents. This item
paints the newest frame instead, mirrored (move the card left, it moves left) and cropped
to fill its box.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, QRectF, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQml import QmlElement
from PySide6.QtQuick import QQuickItem, QQuickPaintedItem

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1


class FrameSource(QObject):
    """Holds the newest camera frame; the screen's :class:`CameraView` paints it."""

    frameChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()

    def show_rgb(self, width: int, height: int, rgb: bytes) -> None:
        """Make raw 8-bit RGB pixels the newest frame."""
        self.image = QImage(rgb, width, height, width * 3, QImage.Format.Format_RGB888).copy()
        self.frameChanged.emit()

    def clear(self) -> None:
        """No picture (the camera is off); nothing of the resident's card stays in memory."""
        self.image = QImage()
        self.frameChanged.emit()


@QmlElement
class CameraView(QQuickPaintedItem):
    """Paints the newest frame of its ``source``."""

    sourceChanged = Signal()

    def __init__(self, parent: QQuickItem | None = None) -> None:
        super().__init__(parent)
        self._source: FrameSource | None = None

    def _get_source(self) -> FrameSource | None:
        return self._source

    def _set_source(self, source: FrameSource | None) -> None:
        if self._source is not None:
            self._source.frameChanged.disconnect(self.update)
        self._source = source
        if source is not None:
            source.frameChanged.connect(self.update)
        self.sourceChanged.emit()
        self.update()

    source = Property(QObject, _get_source, _set_source, notify=sourceChanged)

    def paint(self, painter: QPainter) -> None:
        """Draw the frame mirrored, scaled to cover the item, centred."""
        image = self._source.image if self._source is not None else QImage()
        if image.isNull():
            return
        scale = max(self.width() / image.width(), self.height() / image.height())
        w, h = image.width() * scale, image.height() * scale
        target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        painter.save()
        painter.translate(self.width(), 0)
        painter.scale(-1, 1)
        painter.drawImage(target, image)
        painter.restore()
