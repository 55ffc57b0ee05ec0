"""How values cross from Python to the QML screens.

Structures cross as JSON text, and a property's signal fires only when its value changed
(:class:`Published`). Enumerations cross as numbers (``ui.qml_enums``).
"""

from __future__ import annotations

import json

from PySide6.QtCore import SignalInstance


def as_json(data: object) -> str:
    """Structured data for QML as JSON text.

    PySide (6.11 and 6.12 alike) leaks the memory of every Python list or dict it converts
    to a QVariant, and bindings re-read properties on every change: about 6 MB per resident
    session. Strings are not leaked, so structures cross as JSON and QML parses them.
    """
    return json.dumps(data, ensure_ascii=False)


class Published:
    """The value QML was last told of, per property.

    A notify signal re-runs every binding on its property, and a list model set again
    scrolls back to its top (the check page would lose the answer just changed), so a
    signal fires only when its value changed. A value only one screen shows is not worked
    out elsewhere (:meth:`forget`): that screen reads it as it loads.
    """

    def __init__(self) -> None:
        self._values: dict[str, object] = {}

    def update(self, name: str, value: object, signal: SignalInstance, quiet: bool = False) -> bool:
        """Record ``value`` as property ``name``'s; when it changed, emit ``signal`` (unless
        ``quiet``: a screen being loaded reads every value anyway) and return True."""
        if name in self._values and self._values[name] == value:
            return False
        self._values[name] = value
        if not quiet:
            signal.emit()
        return True

    def forget(self, name: str) -> None:
        """No screen on show binds property ``name``: nothing to tell, nothing recorded."""
        self._values.pop(name, None)
