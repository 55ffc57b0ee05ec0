"""Probe for ``cold_start``: run as its own process, print the moment the first frame shows.

``python -m tests.bench.first_frame kiosk DATA_DIR`` starts the demo kiosk as ``kiosk demo``
does (the staged start-up, offscreen) on ``DATA_DIR``: one that does not exist yet is a first
boot, one a kiosk ran on a restart (the parent makes both: this process loads nothing the
kiosk would not, such as :mod:`tempfile`); ``... prepare DATA_DIR`` starts it once there and
waits for its back-end (so that the directory holds what a kiosk that ran has);
``... baseline`` shows a minimal QML window with one button. Each prints one line,
``FIRST_FRAME <time.monotonic()> <VmRSS kB> <back-end up, time.monotonic() or 0>``, the
time and RSS taken at the window's first ``frameSwapped``; the parent compares that with the
monotonic time at which it spawned the process (Linux's monotonic clock is the same for
every process). The kiosk's line comes once its back-end is up (systemd's ``READY=1``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tests.memory_probe import rss_kb

MINIMAL_QML = """
import QtQuick
import QtQuick.Controls.Basic
Window {
    width: 1080; height: 1920; visible: true
    Button { anchors.centerIn: parent; text: "Bắt đầu" }
}
"""
TIMEOUT_S = 60.0


def _wait_first_frame(window: object) -> tuple[float, int]:
    from PySide6.QtCore import QCoreApplication

    frames: list[tuple[float, int]] = []
    window.frameSwapped.connect(lambda: frames.append((time.monotonic(), rss_kb())))  # type: ignore[attr-defined]
    deadline = time.monotonic() + TIMEOUT_S
    while not frames:
        if time.monotonic() > deadline:
            raise SystemExit("no frame within the time limit")
        QCoreApplication.processEvents()
        time.sleep(0.0005)
    return frames[0]


def kiosk(data_dir: Path) -> tuple[float, float]:
    """Start the demo kiosk as ``kiosk demo`` does; the time of its first frame (the home
    screen) and of its back-end being up."""
    import gc

    gc.disable()  # as `kiosk demo` does before the start-up's imports (kiosk/app/cli.py)
    from kiosk.app.start_up import start_on_screen  # first, as `kiosk demo` imports it

    # isort: split
    from PySide6.QtCore import QCoreApplication

    screen = start_on_screen("demo", data_dir, environ={}, headless=True)
    first, rss = _wait_first_frame(screen.window.window)
    if screen.bridge.property("screen") != "home":
        raise SystemExit("the first frame was not the home screen")
    deadline = time.monotonic() + TIMEOUT_S
    while not screen.service.ready:
        if screen.exit_status is not None or time.monotonic() > deadline:
            raise SystemExit(f"the back-end did not come up: {screen.error or 'time limit'}")
        QCoreApplication.processEvents()
        time.sleep(0.0005)
    up = time.monotonic()
    print(f"FIRST_FRAME {first:.6f} {rss} {up:.6f}", flush=True)
    screen.close()
    return first, up


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
    first, rss = _wait_first_frame(window)
    print(f"FIRST_FRAME {first:.6f} {rss} 0", flush=True)
    del engine, app
    return first


def main(argv: list[str]) -> int:
    """``kiosk DATA_DIR``, ``prepare DATA_DIR`` or ``baseline``."""
    if len(argv) == 2 and argv[0] in ("kiosk", "prepare"):
        kiosk(Path(argv[1]))
        return 0
    if argv == ["baseline"]:
        baseline()
        return 0
    print(
        "usage: python -m tests.bench.first_frame kiosk DATA_DIR|prepare DATA_DIR|baseline",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
