"""Drive the real QML window as a finger would: find items by objectName, tap, type.

Used by ``kiosk tour`` and by the end-to-end tests, so both walk the screens the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Q_ARG, QCoreApplication, QMetaObject, QObject, QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest


class DriverError(Exception):
    """The screen did not do what the script expected."""


class ScreenDriver:
    """Taps and types on a :class:`QQuickWindow`."""

    def __init__(self, window: QQuickWindow) -> None:
        self.window = window

    def find(self, name: str) -> QQuickItem | None:
        """The visible item with this objectName, if any."""
        stack = [self.window.contentItem()]
        while stack:
            item = stack.pop()
            if not item.isVisible():
                continue  # nothing inside a hidden item can be tapped
            if item.objectName() == name and item.width() > 0:
                return item
            stack.extend(item.childItems())
        return None

    def wait_for(self, name: str, timeout_s: float = 10.0) -> QQuickItem:
        """Wait until an item with this objectName is visible."""
        found: list[QQuickItem] = []

        def present() -> bool:
            item = self.find(name)
            if item is not None:
                found.append(item)
            return item is not None

        self.wait_until(present, timeout_s, f"item {name!r} never appeared")
        return found[-1]

    def tap(self, name: str, timeout_s: float = 10.0) -> None:
        """Tap the centre of the named item (waiting for it to appear)."""
        item = self.wait_for(name, timeout_s)
        self.scroll_into_view(item)
        if not self._in_view(item):
            self.scroll_into_view(item)  # the screen changed as it scrolled: look again
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        point = QPoint(int(centre.x()), int(centre.y()))
        QTest.mouseClick(
            self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
        )
        self.settle()

    def _in_view(self, item: QQuickItem) -> bool:
        """Whether the centre of ``item`` shows inside the list that holds it (if any)."""
        parent = _scrolling_parent(item)
        if parent is None:
            return True
        centre = item.mapToItem(parent, QPointF(item.width() / 2, item.height() / 2))
        return 0 <= centre.y() <= parent.height()

    def scroll_into_view(self, item: QQuickItem) -> None:
        """Scroll the list that holds ``item`` until all of it shows, as a finger would."""
        parent = _scrolling_parent(item)
        if parent is not None:
            top = item.mapToItem(parent, QPointF(0, 0)).y()
            if top < 0 or top + item.height() > parent.height():
                content_y = float(parent.property("contentY"))
                wanted = content_y + top - (parent.height() - item.height()) / 2
                lowest = float(parent.property("originY"))
                highest = lowest + max(
                    0.0, float(parent.property("contentHeight")) - parent.height()
                )
                parent.setProperty("contentY", min(max(wanted, lowest), highest))
        self.settle()

    def type_on_keyboard(self, text: str) -> None:
        """Type into the focused field through the on-screen keyboard, key by key."""
        QMetaObject.invokeMethod(self.window, "typeOnKeyboard", Q_ARG("QVariant", text))
        self.settle()

    def erase_on_keyboard(self, count: int) -> None:
        """Press the on-screen keyboard's backspace key ``count`` times."""
        QMetaObject.invokeMethod(self.window, "eraseOnKeyboard", Q_ARG("QVariant", count))
        self.settle()

    def property_of(self, name: str, prop: str) -> object:
        """A property of the named item (e.g. the text of a label)."""
        item = self.wait_for(name)
        return QObject.property(item, prop)

    def wait_until(self, predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
        """Process events until ``predicate`` holds; raise with ``what`` after the timeout."""
        deadline = time.monotonic() + timeout_s
        while not predicate():
            if time.monotonic() > deadline:
                raise DriverError(what)
            QTest.qWait(20)

    def settle(self, ms: int = 60) -> None:
        """Let bindings, layouts and animations catch up."""
        QCoreApplication.processEvents()
        QTest.qWait(ms)

    def grab(self, path: Path) -> Path:
        """Save a PNG of what the window shows now."""
        self.settle(150)
        image = self.window.grabWindow()
        if image.isNull() or not image.save(str(path)):
            raise DriverError(f"could not save a picture of the window to {path}")
        return path


def _scrolling_parent(item: QQuickItem) -> QQuickItem | None:
    """The nearest list (Flickable) that holds ``item``, if any."""
    parent = item.parentItem()
    while parent is not None and parent.property("contentY") is None:
        parent = parent.parentItem()
    return parent
