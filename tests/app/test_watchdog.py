"""The kiosk under a unit with ``Type=notify`` and ``WatchdogSec=``: the whole kiosk as
``kiosk demo`` builds it, the real QML window offscreen, and a real datagram socket as
``$NOTIFY_SOCKET`` in place of systemd."""

import os
import socket
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTimer

from kiosk.app.on_screen import OnScreen, put_on_screen
from kiosk.app.systemd_notify import READY, STOPPING, WATCHDOG
from kiosk.app.wiring import build_app
from kiosk.settings import load_settings
from tests.notify_socket import Notification, NotifySocket

WATCHDOG_USEC = 200_000
"""The unit's ``WatchdogSec=`` for these tests (0.2 s): a ping every 0.1 s."""
PINGS_BEFORE = 3
BLOCKED_FOR_PINGS = 5
"""How long the test blocks the GUI thread, in ping intervals."""
RENDERED = "TEST-RENDERED"
BLOCK_START = "TEST-BLOCK-START"
BLOCK_END = "TEST-BLOCK-END"


@pytest.fixture
def systemd(tmp_path, monkeypatch) -> Iterator[NotifySocket]:
    """The socket systemd would give the kiosk, in the environment as systemd puts it."""
    sock = NotifySocket(tmp_path / "notify")
    monkeypatch.setenv("NOTIFY_SOCKET", sock.address)
    monkeypatch.setenv("WATCHDOG_USEC", str(WATCHDOG_USEC))
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    yield sock
    sock.close()


class Kiosk:
    """The kiosk on screen, closed once (by the test or at teardown)."""

    def __init__(self, screen: OnScreen) -> None:
        self.screen = screen
        self.closed = False

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.screen.close()


@pytest.fixture
def open_kiosk(qapp, tmp_path, systemd) -> Iterator[Callable[[], Kiosk]]:
    """Put the kiosk on screen when the test says (under the environment it set)."""
    opened: list[Kiosk] = []

    def open_() -> Kiosk:
        settings = load_settings(environ={"KIOSK_METRICS__ENABLED": "false"})
        app = build_app(settings, "demo", tmp_path / "data")
        opened.append(Kiosk(put_on_screen(app, headless=True)))
        return opened[-1]

    yield open_
    for kiosk in opened:
        kiosk.close()


@pytest.fixture
def kiosk(open_kiosk) -> Kiosk:
    return open_kiosk()


def mark(sock: NotifySocket, text: str) -> None:
    """Put the test's own marker into the socket's stream, between the kiosk's datagrams."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
        sender.sendto(text.encode(), sock.address)


def heard(sock: NotifySocket, line: str, times: int = 1) -> bool:
    """Whether ``line`` has come ``times`` times so far (reading what is waiting first)."""
    sock.drain()
    return sock.count(line) >= times


def first(received: list[Notification], line: str) -> int:
    """The position of the first datagram carrying ``line``."""
    return next(i for i, n in enumerate(received) if n.has(line))


def between(received: list[Notification], start: str, end: str) -> list[Notification]:
    """The datagrams after the marker ``start`` and before ``end``."""
    return received[first(received, start) + 1 : first(received, end)]


def test_ready_arrives_only_after_the_home_screens_first_frame(qtbot, open_kiosk, systemd):
    kiosk = open_kiosk()  # no event has been processed since
    window = kiosk.screen.window.window
    # afterRendering comes before the frame's swap: the marker of a frame being drawn.
    window.afterRendering.connect(lambda: mark(systemd, RENDERED))

    systemd.drain()
    assert systemd.count(READY) == 0  # the window is made, nothing drawn yet

    qtbot.waitUntil(lambda: heard(systemd, READY), timeout=30_000)
    ready_at = first(systemd.received, READY)
    assert first(systemd.received, RENDERED) < ready_at
    assert kiosk.screen.bridge.property("screen") == "home"
    assert systemd.received[ready_at].pid == os.getpid()
    assert "STATUS=Home screen shown: ready for residents" in systemd.received[ready_at].lines


def test_pings_come_repeatedly_from_a_timer_on_the_gui_thread_at_half_the_timeout(
    kiosk, systemd, qtbot
):
    qtbot.waitUntil(lambda: heard(systemd, WATCHDOG, PINGS_BEFORE), timeout=30_000)

    service = kiosk.screen.service
    assert service is not None
    assert service.timer.interval() == WATCHDOG_USEC // 2 // 1000
    app = QCoreApplication.instance()
    assert app is not None and service.timer.thread() is app.thread()
    # READY went out once, before every ping.
    assert systemd.count(READY) == 1
    assert first(systemd.received, READY) < first(systemd.received, WATCHDOG)


def test_pings_stop_while_the_gui_thread_is_blocked_and_resume_after(kiosk, systemd, qtbot):
    qtbot.waitUntil(lambda: heard(systemd, WATCHDOG), timeout=30_000)

    def freeze() -> None:
        # A slot that does not return: the screen is frozen for that long.
        mark(systemd, BLOCK_START)
        time.sleep(BLOCKED_FOR_PINGS * WATCHDOG_USEC / 2 / 1_000_000)
        mark(systemd, BLOCK_END)

    QTimer.singleShot(0, freeze)
    qtbot.waitUntil(lambda: heard(systemd, BLOCK_END), timeout=30_000)
    pings_at_end = systemd.count(WATCHDOG)
    qtbot.waitUntil(lambda: heard(systemd, WATCHDOG, pings_at_end + 2), timeout=30_000)

    blocked = between(systemd.received, BLOCK_START, BLOCK_END)
    assert [n for n in blocked if n.has(WATCHDOG)] == []
    assert any(n.has(WATCHDOG) for n in systemd.received[first(systemd.received, BLOCK_END) :])


def test_a_clean_exit_says_stopping_and_no_ping_follows_it(kiosk, systemd, qtbot):
    qtbot.waitUntil(lambda: heard(systemd, WATCHDOG), timeout=30_000)

    kiosk.close()
    for _ in range(20):  # let any timer that would still fire have its chance
        QCoreApplication.processEvents()
    systemd.drain()

    stopping = [i for i, n in enumerate(systemd.received) if n.has(STOPPING)]
    assert len(stopping) == 1
    assert not any(n.has(WATCHDOG) for n in systemd.received[stopping[0] + 1 :])
    assert "STATUS=Stopping" in systemd.received[stopping[0]].lines


def test_a_watchdog_meant_for_another_process_is_not_pinged(
    open_kiosk, systemd, qtbot, monkeypatch
):
    # cage's WATCHDOG_PID inherited by the kiosk, had the unit not removed it.
    monkeypatch.setenv("WATCHDOG_PID", str(os.getppid()))
    kiosk = open_kiosk()

    qtbot.waitUntil(lambda: heard(systemd, READY), timeout=30_000)

    service = kiosk.screen.service
    assert service is not None
    assert not service.watchdog
    assert not service.timer.isActive()
