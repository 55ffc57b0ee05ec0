"""A resident who walks away mid-form leaves nothing behind: identified by the card's QR code,
two answers given and a third typed but not yet sent, they go. The inactivity countdown shows,
runs out (the session's clock moved by the test), and the kiosk wipes the session. Then the
screens' QML tree (the half-typed field included) and the bridge's views, the session, the
in-memory pictures, the logs, the kiosk's files and new temporary files hold nothing of them.
The same scan just before they walk away finds them on screen and in the session: it can
fail."""

from __future__ import annotations

import pytest

from kiosk.app.on_screen import OnScreen
from tests.e2e.personal_data_scan import (
    LogTrap,
    ProcessOutput,
    Scan,
    TempWatch,
    card_facts,
    pictures_held,
    scan_the_kiosk,
)
from tests.e2e.test_resident_submits_temporary_residence import (
    open_temporary_residence,
    question_id,
)
from tests.fake_clock import FakeClock
from ui.driver import ScreenDriver

STAY = "Căn hộ 1207, Tòa B, Phường Láng"
HALF_TYPED = "Trần Văn Hùng"  # typed in the field, never sent


def test_a_resident_who_walks_away_mid_form_is_wiped_from_everywhere(
    qtbot,
    clocked_on_screen: OnScreen,
    fake_clock: FakeClock,
    log_trap: LogTrap,
    temp_watch: TempWatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    on_screen = clocked_on_screen
    bridge = on_screen.bridge
    output = ProcessOutput(capfd)
    driver = ScreenDriver(on_screen.window.window)
    open_temporary_residence(qtbot, on_screen, driver)
    identity = bridge.session.identity
    assert identity is not None
    driver.tap("otherAddressButton")  # the whole address typed, not the kiosk's building
    driver.type_on_keyboard(STAY)
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "stay_months", timeout=10_000)
    driver.type_on_keyboard("12")
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "housing_basis", timeout=10_000)
    driver.tap("choice_rent")
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "landlord_name", timeout=10_000)
    driver.type_on_keyboard(HALF_TYPED)
    assert driver.property_of("answerField", "text") == HALF_TYPED
    facts = {**card_facts(identity), "stay_address": STAY, "half-typed landlord": HALF_TYPED}

    def scan() -> Scan:
        return scan_the_kiosk(Scan(facts), on_screen, log_trap, temp_watch, output.read())

    # Before they go, the scan finds them: on screen (the field typed in) and in the session.
    present = scan().leaks()
    assert any(p.startswith("half-typed landlord in screen property") for p in present)
    assert any(p.startswith("name in session value") for p in present)
    assert any(p.startswith("stay_address in session value") for p in present)

    ui = on_screen.app.settings.ui
    fake_clock.advance(ui.idle_warning_after_s + 1)
    overlay = driver.wait_for("idleOverlay")
    assert overlay.isVisible()
    fake_clock.advance(ui.idle_countdown_s)
    qtbot.waitUntil(lambda: bridge.property("screen") == "home", timeout=10_000)
    driver.wait_for("startButton")
    driver.settle(200)

    assert bridge.session.identity is None and bridge.session.answers == {}
    assert pictures_held(bridge) == []
    done = scan()
    assert done.leaks() == [], "\n".join(done.leaks())
    with capfd.disabled():
        print("\n" + done.summary("walked away mid-form, inactivity wipe"))
