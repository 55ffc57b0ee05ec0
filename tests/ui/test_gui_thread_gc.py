"""Garbage is collected on the GUI thread only: a cycle holding a Qt object freed on a worker
thread deadlocks PySide (the worker takes Qt's connection lock, then waits for the GIL)."""

from __future__ import annotations

import gc
import threading
import weakref

from kiosk.settings import FONT_DIR
from ui.application import create_gui_application


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_the_collector_runs_on_the_gui_thread_and_not_by_itself(qtbot) -> None:
    create_gui_application(FONT_DIR, headless=True)
    assert not gc.isenabled()
    freed_on: list[threading.Thread] = []

    def make_garbage() -> None:
        node = Node()
        weakref.finalize(node, lambda: freed_on.append(threading.current_thread()))
        del node
        for _ in range(5000):  # allocations that would have set the collector off here
            Node()

    worker = threading.Thread(target=make_garbage)
    worker.start()
    worker.join()
    assert freed_on == []  # nothing collected on the worker
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5_000)
    assert freed_on == [threading.main_thread()]
