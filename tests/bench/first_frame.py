"""Probe for ``cold_start``: run as its own process, print the moment the first frame shows.

``python -m tests.bench.first_frame kiosk`` builds the demo kiosk and puts it on screen
(offscreen); ``... baseline`` shows a minimal QML window with one button. Each prints one line,
``FIRST_FRAME <time.monotonic()> <VmRSS kB>``, at the window's first ``frameSwapped``; the
parent compares that with the monotonic time at which it spawned the process (Linux's
monotonic clock is the same for every process).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.bench.memory_probe import rss_kb

MINIMAL_QML = """
import QtQuick
import QtQuick.Controls.Basic
Window {
    width: 1080; height: 1920; visible: true
    Button { anchors.centerIn: parent; text: "Bắt đầu" }
}
"""
TIMEOUT_S = 60.0


def _wait_first_frame(window: object) -> float:
    from PySide6.QtCore import QCoreApplication

    frames: list[float] = []
    window.frameSwapped.connect(lambda: frames.append(time.monotonic()))  # type: ignore[attr-defined]
    deadline = time.monotonic() + TIMEOUT_S
    while not frames:
        if time.monotonic() > deadline:
            raise SystemExit("no frame within the time limit")
        QCoreApplication.processEvents()
        time.sleep(0.0005)
    return frames[0]


def kiosk(data_dir: Path) -> float:
    """Build and show the demo kiosk; the time of its first frame (home screen)."""
    from kiosk.app.on_screen import put_on_screen
    from kiosk.app.wiring import build_app
    from kiosk.settings import load_settings

    app = build_app(load_settings(environ={}), "demo", data_dir)
    screen = put_on_screen(app, headless=True)
    first = _wait_first_frame(screen.window.window)
    if screen.bridge.property("screen") != "home":
        raise SystemExit("the first frame was not the home screen")
    print(f"FIRST_FRAME {first:.6f} {rss_kb()}", flush=True)
    screen.close()
    return first


def baseline() -> float:
    """Show a minimal QML window with one button; the time of its first frame."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine
    from PySide6.QtQuick import QQuickWindow

    app = QGuiApplication([])
    engine = QQmlApplicationEngine()
    engine.loadData(MINIMAL_QML.encode("utf-8"))
    window = engine.rootObjects()[0]
    assert isinstance(window, QQuickWindow)
    first = _wait_first_frame(window)
    print(f"FIRST_FRAME {first:.6f} {rss_kb()}", flush=True)
    del engine, app
    return first


def main(argv: list[str]) -> int:
    """``kiosk`` or ``baseline``."""
    if argv == ["kiosk"]:
        with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
            kiosk(Path(tmp))
        return 0
    if argv == ["baseline"]:
        baseline()
        return 0
    print("usage: python -m tests.bench.first_frame kiosk|baseline", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
