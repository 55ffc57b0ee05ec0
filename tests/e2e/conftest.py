"""The whole kiosk for a test, built the way `kiosk demo` builds it (one fixture, like
VotingWorks' withApp): simulated devices, the real portal simulator on 127.0.0.1, a real
SQLite outbox in a temporary folder, the real QML window offscreen."""

import socket
from collections.abc import Iterator

import pytest

from kiosk.app.on_screen import OnScreen, put_on_screen
from kiosk.app.wiring import build_app
from kiosk.settings import load_settings
from tests.e2e.personal_data_scan import LogTrap, TempWatch
from tests.fake_clock import FakeClock
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


# --- for the scans of issue 17 (tests/e2e/personal_data_scan.py) --------------------------
@pytest.fixture
def log_trap() -> Iterator[LogTrap]:
    """Every record of every logger at every level, from before the kiosk is built (ask for
    it before ``on_screen``)."""
    trap = LogTrap().install()
    yield trap
    trap.uninstall()


@pytest.fixture
def temp_watch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TempWatch]:
    """A private ``$TMPDIR`` for the kiosk, and what appears in ``/tmp`` meanwhile (ask for it
    before ``on_screen``)."""
    watch = TempWatch(tmp_path_factory.mktemp("kiosk-tmp"))
    yield watch
    watch.restore()


@pytest.fixture
def watched_on_screen(log_trap: LogTrap, temp_watch: TempWatch, on_screen: OnScreen) -> OnScreen:
    """The kiosk on screen, built with its logs trapped and its temporary files watched."""
    return on_screen


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def clocked_on_screen(
    log_trap: LogTrap, temp_watch: TempWatch, fake_clock: FakeClock, qapp, tmp_path
) -> Iterator[OnScreen]:
    """The kiosk on screen as ``on_screen``, its session on ``fake_clock`` (the hook the
    audit trail's test uses: ``KioskApp.clock`` before the session is made), with its logs
    trapped and its temporary files watched."""
    settings = load_settings(environ={"KIOSK_METRICS__PORT": str(free_port())})
    app = build_app(settings, "demo", tmp_path)
    app.clock = fake_clock
    screen = put_on_screen(app, headless=True)
    yield screen
    screen.close()
