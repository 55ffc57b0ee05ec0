"""The live camera picture, painted straight from memory by one item for the whole run.

An ``Image`` fed through an image provider needs a new URL for every frame, and Qt Quick
keeps about 11 kB per URL it has seen: some 400 MB over a thousand residents. This item
paints the newest frame instead, mirrored (move the card left, it moves left) and cropped
to fill its box.

There is one :class:`CameraView`, made in Python (``kiosk.cameraFeed.view``) and moved into
whichever screen shows the camera, never declared in QML: PySide 6.11 never frees the Python
object of a QML-created item (two per resident, some 19 MB per thousand;
``tests/ui/test_camera_view_leak.py``). A screen shows the picture by taking it into a
holder item (an ``Item`` whose ``hold()`` sets the view's ``parent`` and ``anchors.fill`` to
itself) when the holder is made and whenever it shows again; Qt takes it back off a screen
that goes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQuick import QQuickPaintedItem


class FrameSource(QObject):
    """Holds the newest camera frame; the :class:`CameraView` paints it."""

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


class CameraView(QQuickPaintedItem):
    """Paints the newest frame of ``source``; shown by whichever screen last took it in.

    ``owner`` keeps it (a QObject parent, not a visual one): when the screen holding it goes,
    Qt only takes it off that screen.
    """

    def __init__(self, source: FrameSource, owner: QObject) -> None:
        super().__init__()
        self.setParent(owner)
        self.setObjectName("cameraView")
        self._source = source
        source.frameChanged.connect(self.update)

    def paint(self, painter: QPainter) -> None:
        """Draw the frame mirrored, scaled to cover the item, centred."""
        image = self._source.image
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
