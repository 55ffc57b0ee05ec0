"""Looking an application up shows its status, never its applicant: a resident submits (typing
their details), finishes, and comes back with the tracking code, first holding the receipt up
to the (demo) camera, then typing the code. While the status shows and after the resident
leaves the look-up, nothing of them is in the screens' QML tree or the bridge's views, the
session, the in-memory pictures, the logs, the kiosk's files or new temporary files."""

from __future__ import annotations

import pytest

from kiosk.app.on_screen import OnScreen
from tests.e2e.personal_data_scan import (
    LogTrap,
    ProcessOutput,
    Scan,
    TempWatch,
    pictures_held,
    scan_the_kiosk,
)
from tests.e2e.test_resident_looks_up_application import look_up, state_of
from ui.driver import ScreenDriver
from ui.tour import TYPED_APPLICATION, Tour

NAME, ID_NUMBER, BORN, _SEX, ADDRESS, STAY, _MONTHS, _BASIS, PHONE = TYPED_APPLICATION
FACTS = {
    "name": NAME,
    "id number": ID_NUMBER,
    "birth date": BORN,
    "birth date (ISO)": "-".join(reversed(BORN.split("/"))),
    "birth date (compact)": BORN.replace("/", ""),
    "address": ADDRESS,
    "stay_address": STAY,
    "phone": PHONE,
}


def test_looking_an_application_up_shows_nothing_of_its_applicant(
    qtbot,
    watched_on_screen: OnScreen,
    driver: ScreenDriver,
    log_trap: LogTrap,
    temp_watch: TempWatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    on_screen = watched_on_screen
    bridge = on_screen.bridge
    output = ProcessOutput(capfd)
    Tour(driver, bridge, None).submit_typed_application()
    code = str(bridge.confirmation.property("trackingCode"))
    qtbot.waitUntil(lambda: state_of(on_screen, code) == "accepted", timeout=20_000)
    qtbot.waitUntil(lambda: bridge.confirmation.print_state == "printed", timeout=20_000)
    driver.tap("finishButton")
    driver.wait_for("startButton")

    def scan() -> Scan:
        return scan_the_kiosk(Scan(FACTS), on_screen, log_trap, temp_watch, output.read())

    # The receipt held up to the camera, then the code typed: the status, and nothing else.
    driver.tap("lookupStartButton")
    driver.wait_for("lookupStage", timeout_s=20)
    assert driver.property_of("lookupCode", "text") == code
    driver.tap("lookupDoneButton")
    driver.wait_for("startButton")
    look_up(driver, code)
    assert driver.property_of("lookupStage", "text") == "Cơ quan đã tiếp nhận"
    shown = scan()
    assert shown.leaks() == [], "\n".join(shown.leaks())
    with capfd.disabled():
        print("\n" + shown.summary("look-up, status on screen"))

    # The scan can fail: the name put on the status screen is found there.
    stage = driver.wait_for("lookupStage")
    stage.setProperty("text", NAME)
    planted = scan().leaks()
    assert planted and all(p.startswith("name in screen property") for p in planted)

    driver.tap("lookupDoneButton")
    driver.wait_for("startButton")
    driver.settle(200)
    assert pictures_held(bridge) == []
    left = scan()
    assert left.leaks() == [], "\n".join(left.leaks())
    with capfd.disabled():
        print(left.summary("look-up, after leaving it"))
