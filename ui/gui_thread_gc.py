"""Python's garbage collector, run on the GUI thread only.

Left automatic, the collector runs on whichever thread happens to allocate: the sync
worker, a background job. When it frees a cycle that holds a Qt object, the object's C++
destructor runs there, takes Qt's connection lock and then waits for the GIL, while the GUI
thread, holding the GIL, waits for that lock: the kiosk freezes (seen in the test suite;
on a kiosk the watchdog would restart it and the resident would lose the visit). So the
automatic collector is turned off and a GUI-thread timer collects instead, generation by
generation at the thresholds Python would have used (Anki's ``GarbageCollector`` does
the same, for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Turns the automatic collector off and collects on this object's (the GUI) thread."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    @Slot()
    def collect(self) -> None:
        """Collect the oldest generation whose count passed its threshold, if any."""
        counts = gc.get_count()
        due = [g for g in range(3) if counts[g] > self._thresholds[g]]
        if due:
            gc.collect(max(due))


_collector: GuiThreadCollector | None = None


def collect_on_the_gui_thread(app: QObject) -> None:
    """Install the collector on ``app`` (once per process)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(app)
