"""A technician at the demo kiosk, wired as ``kiosk demo`` is: the demo PIN in the data
directory, the test page on the simulated printer held up to the simulated camera, the
self-test run on the spot, the outbox's waiting submission and why, and a restart that
leaves the event loop with its own exit status."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.on_screen import OnScreen, put_on_screen
from kiosk.app.technician_wiring import (
    DEMO_TECHNICIAN_PIN,
    RESTART_EXIT_CODE,
    quit_for_restart,
)
from kiosk.app.wiring import build_app
from kiosk.settings import load_settings
from kiosk.technician_pin import PIN_FILE_NAME
from tests.audit_trail import AuditLog
from ui.driver import ScreenDriver
from ui.tour import Tour

from .conftest import free_port


@pytest.fixture
def kiosk(qapp, tmp_path: Path) -> Iterator[tuple[OnScreen, AuditLog]]:
    settings = load_settings(environ={"KIOSK_METRICS__PORT": str(free_port())})
    audit = AuditLog(kiosk_id="HN-KIOSK-DEMO")
    screen = put_on_screen(build_app(settings, "demo", tmp_path, audit=audit), headless=True)
    yield screen, audit
    screen.close()


def technician_events(audit: AuditLog) -> list[dict[str, object]]:
    return [e for e in audit.fields() if str(e["event"]).startswith("technician.")]


def test_a_technician_prints_the_test_page_reads_it_back_and_runs_the_self_test(
    kiosk: tuple[OnScreen, AuditLog],
):
    screen, audit = kiosk
    assert (screen.app.data_dir / PIN_FILE_NAME).read_text().startswith("$argon2id$")
    printer = screen.app.printer
    assert isinstance(printer, SimulatedPrinter)
    view = screen.bridge.technician
    seen: list[str] = []
    view.qrChanged.connect(lambda: seen.append(str(view.property("qrJson"))))
    driver = ScreenDriver(screen.window.window)
    Tour(driver, screen.bridge, None).walk_technician(DEMO_TECHNICIAN_PIN)

    assert [p.name.startswith("page") for p in printer.printed] == [True]
    # The camera, back after the self-test, read the test page just printed.
    kinds = [json.loads(text) for text in seen if text]
    assert kinds and kinds[-1]["kind"] == "test_page"
    assert kinds[-1]["text"].startswith("KIOSK-TEST HN-KIOSK-DEMO ")
    assert view.property("qrJson") == ""  # forgotten at the exit
    events = technician_events(audit)
    assert [e["event"] for e in events] == [
        "technician.login",
        "technician.test_print",
        "technician.selftest",
        "technician.logout",
    ]
    assert events[1] == {"event": "technician.test_print", "outcome": "done", "state": "ready"}
    assert events[3]["reason"] == "exit"


def test_the_oldest_unsent_submission_shows_why_it_waits(qtbot, kiosk: tuple[OnScreen, AuditLog]):
    screen, _ = kiosk
    portal = screen.app.portal_simulator
    assert portal is not None
    portal.stop()  # the portal cannot be reached
    driver = ScreenDriver(screen.window.window)
    Tour(driver, screen.bridge, None).submit_typed_application()
    driver.tap("finishButton")
    driver.wait_for("startButton")

    def attempts() -> int:
        with sqlite3.connect(screen.app.outbox.db_path) as db:
            row = db.execute("SELECT attempts FROM outbox").fetchone()
        return int(row[0]) if row else 0

    qtbot.waitUntil(lambda: attempts() >= 1, timeout=20_000)
    for _ in range(5):
        driver.tap("technicianCorner")
    for digit in DEMO_TECHNICIAN_PIN:
        driver.tap(f"pinKey{digit}")
    driver.tap("pinSignInButton")
    driver.wait_for("unsentReason", timeout_s=20)
    assert "chờ gửi 1" in str(driver.property_of("outboxCounts", "value"))
    assert "đã thử gửi" in str(driver.property_of("oldestUnsent", "value"))
    assert str(driver.property_of("unsentReason", "value")) not in ("", "chưa đến lượt gửi")
    driver.tap("syncNowButton")
    driver.wait_for("syncResult", timeout_s=30)
    # Still unreachable, and the submission waits for its next attempt: nothing was due.
    assert driver.property_of("syncResult", "value") == "Không có hồ sơ nào đến lượt gửi lúc này."
    driver.tap("technicianExitButton")
    driver.wait_for("startButton")


def test_a_restart_leaves_the_event_loop_with_its_own_exit_status(qapp):
    # The application's own loop, as `kiosk run` has it: its exec() also clears the "quit
    # now" state exit() leaves behind, which would end every later event loop of the tests
    # at once (a nested QEventLoop does not).
    QTimer.singleShot(0, quit_for_restart)
    assert qapp.exec() == RESTART_EXIT_CODE
