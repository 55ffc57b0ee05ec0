"""Slow work off the GUI thread, its outcome back on it (the role of Anki's ``QueryOp``).

Queueing a submission, printing, asking the printer, reading the chip and looking a dossier
up all block for up to seconds. :meth:`Background.run` runs such a call on a short-lived
thread and hands the result, or the exception, to a callback on the GUI thread; the
background part never touches a screen. This is the only place in ``ui`` that starts a
thread.

The outcome does not travel as a signal argument: PySide leaks part of every argument sent
through a queued signal. The worker leaves the finished callback in a locked list and emits
a signal without arguments; the GUI thread takes what is in the list.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class Background(QObject):
    """Runs calls on worker threads; their callbacks run on the thread this object lives on."""

    _finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._ready: list[Callable[[], None]] = []
        self._closed = False
        # Emitted on worker threads only, so Qt queues it to this object's thread. (Naming
        # Qt.ConnectionType here would load Qt's whole enum namespace before the first frame.)
        self._finished.connect(self._deliver)

    def run(
        self,
        name: str,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Call ``work()`` on a new thread called ``name``; then, on the GUI thread,
        ``done(result)``, or ``failed(exception)`` if it raised (without ``failed`` the
        exception is logged and dropped)."""

        def body() -> None:
            try:
                result = work()
            except Exception as error:  # noqa: BLE001 - handed to the GUI thread, which decides
                self._hand_over(partial(self._failed, name, error, failed))
            else:
                self._hand_over(partial(done, result))

        threading.Thread(target=body, name=name, daemon=True).start()

    def close(self) -> None:
        """Deliver nothing more (at exit: the screens are going away)."""
        with self._lock:
            self._closed = True
            self._ready.clear()

    def _hand_over(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if self._closed:
                return
            self._ready.append(callback)
        self._finished.emit()

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            ready, self._ready = self._ready, []
        for callback in ready:
            callback()

    @staticmethod
    def _failed(name: str, error: Exception, failed: Callable[[Exception], None] | None) -> None:
        if failed is not None:
            failed(error)
            return
        log.error(
            "background work failed",
            exc_info=error,
            extra={"event": "ui.background_failed", "work": name},
        )
