"""What the view of every family of screens starts from."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.session import KioskSession
from ui.qml_values import Published
from ui.words import Words


class SessionView(QObject):
    """A family's view over the session: the session it shows, the resident's words, the
    bridge's callback after each action (``_changed``: bring every view in step, tell QML),
    and the values QML was last told of."""

    def __init__(
        self,
        session: KioskSession,
        words: Words,
        on_change: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._words = words
        self._changed = on_change
        self._published = Published()
