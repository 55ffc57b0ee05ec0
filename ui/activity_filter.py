"""Any touch, scroll or key on the kiosk's window counts as the resident still being there:
a list scrolled, a field typed into, a press on nothing in particular keep the inactivity
countdown away as a button does (``tests/ui/test_activity.py``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject

ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
    }
)
"""The start of each thing a person does: a press, a touch, a turn of a wheel, a key."""


class ActivityFilter(QObject):
    """Watches the window's input (it never takes an event) and calls ``on_activity``."""

    def __init__(self, on_activity: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_activity = on_activity

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self._on_activity()
        return False
