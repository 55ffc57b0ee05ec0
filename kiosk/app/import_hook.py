"""Importing the kiosk's own screen modules without PySide's import hook.

Once ``PySide6.QtCore`` is imported, PySide replaces ``builtins.__import__`` with a hook of
its own (``__feature_import__``) for ``from __feature__ import snake_case, true_property``.
For each module imported after that it reads the module's source (``inspect.getsource``)
to see whether it names PySide6, and pays a Python call on every import statement: about
9 ms over the screens' modules before the home screen's first frame (measured: 20 ms with
Python's own ``__import__``, 29 ms with the hook). The kiosk uses no ``__feature__``, and
PySide treats a module it has not seen as using none, so its own modules are imported with
Python's ``__import__`` (kept by PySide as ``builtins.__orig_import__``). PySide's own
modules are imported before, with the hook.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_pyside_import_hook() -> Iterator[None]:
    """Python's own ``__import__`` while inside (no change when PySide is not loaded)."""
    hooked = builtins.__import__
    builtins.__import__ = getattr(builtins, "__orig_import__", hooked)
    try:
        yield
    finally:
        builtins.__import__ = hooked
