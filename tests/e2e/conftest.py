"""The whole kiosk for a test, built the way `kiosk demo` builds it (one fixture, like
VotingWorks' withApp): simulated devices, the real portal simulator on 127.0.0.1, a real
SQLite outbox in a temporary folder, the real QML window offscreen."""

from collections.abc import Iterator

import pytest

from kiosk.app.on_screen import OnScreen, put_on_screen
from kiosk.app.wiring import build_app
from kiosk.settings import load_settings
from ui.driver import ScreenDriver


@pytest.fixture
def on_screen(qapp, tmp_path) -> Iterator[OnScreen]:
    settings = load_settings(environ={})
    app = build_app(settings, "demo", tmp_path)
    screen = put_on_screen(app, headless=True)
    yield screen
    screen.close()


@pytest.fixture
def driver(on_screen: OnScreen) -> ScreenDriver:
    return ScreenDriver(on_screen.window.window)
