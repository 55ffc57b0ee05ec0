"""The whole kiosk for a test, built the way `kiosk demo` builds it (one fixture, like
VotingWorks' withApp): simulated devices, the real portal simulator on 127.0.0.1, a real
SQLite outbox in a temporary folder, the real QML window offscreen."""

import socket
from collections.abc import Iterator

import pytest

from kiosk.app.on_screen import OnScreen, put_on_screen
from kiosk.app.wiring import build_app
from kiosk.settings import load_settings
from ui.driver import ScreenDriver


def free_port() -> int:
    """A TCP port nobody listens on at the moment, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def on_screen(qapp, tmp_path) -> Iterator[OnScreen]:
    # Each test's kiosk serves its metrics on a free port of its own.
    settings = load_settings(environ={"KIOSK_METRICS__PORT": str(free_port())})
    app = build_app(settings, "demo", tmp_path)
    screen = put_on_screen(app, headless=True)
    yield screen
    screen.close()


@pytest.fixture
def driver(on_screen: OnScreen) -> ScreenDriver:
    return ScreenDriver(on_screen.window.window)
