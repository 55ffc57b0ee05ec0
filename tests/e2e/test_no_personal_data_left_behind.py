"""After a resident's whole visit through the real screens (the card's QR code, typing, the
check page, submitting, the printed receipt, the portal's acceptance, Finish), nothing of
them is left where it must not be: in any log record (with the journal's fields) or line of
the process's output, in the kiosk's files as raw bytes (the outbox database, its WAL, the
catalogue aside, everything but the portal simulator's own store), in new temporary files,
anywhere in the screens' QML tree or the bridge's views, or in the session. Each fact is
looked for in NFC and NFD (tests/e2e/personal_data_scan.py says how)."""

from __future__ import annotations

import logging
import unicodedata

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
from ui.driver import ScreenDriver
from ui.tour import tap_past_result_choices

TYPED = {
    "stay_address": "Căn hộ 1205, Tòa A, Phường Láng",
    "landlord_name": "Trần Văn Hùng",
    "phone": "0912345678",
}


def answer_temporary_residence(qtbot, on_screen: OnScreen, driver: ScreenDriver) -> None:
    """From the first question the card does not answer to the check page, typing ``TYPED``
    on the on-screen keyboard."""
    bridge = on_screen.bridge
    driver.tap("otherAddressButton")  # the whole address typed, not the kiosk's building
    driver.type_on_keyboard(TYPED["stay_address"])
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "stay_months", timeout=10_000)
    driver.type_on_keyboard("12")
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "housing_basis", timeout=10_000)
    driver.tap("choice_rent")
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "landlord_name", timeout=10_000)
    driver.type_on_keyboard(TYPED["landlord_name"])
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "phone", timeout=10_000)
    driver.type_on_keyboard(TYPED["phone"])
    driver.tap("nextButton")
    tap_past_result_choices(driver, bridge)
    qtbot.waitUntil(lambda: bridge.property("screen") == "review", timeout=10_000)


def submit_print_and_finish(qtbot, on_screen: OnScreen, driver: ScreenDriver) -> None:
    """From the check page: submit, the receipt printed, the portal's acceptance, Finish."""
    bridge = on_screen.bridge
    driver.tap("submitButton")
    driver.wait_for("trackingCode", timeout_s=20)
    qtbot.waitUntil(lambda: bridge.confirmation.print_state == "printed", timeout=20_000)
    outbox = on_screen.app.outbox
    qtbot.waitUntil(lambda: outbox.counts().get("accepted", 0) == 1, timeout=20_000)
    driver.tap("finishButton")
    driver.wait_for("startButton")
    driver.settle(200)


def test_nothing_of_a_resident_is_left_behind_after_the_visit(
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
    open_temporary_residence(qtbot, on_screen, driver)
    identity = bridge.session.identity
    assert identity is not None
    facts = {**card_facts(identity), **TYPED}
    answer_temporary_residence(qtbot, on_screen, driver)
    submit_print_and_finish(qtbot, on_screen, driver)

    def scan() -> Scan:
        return scan_the_kiosk(Scan(facts), on_screen, log_trap, temp_watch, output.read())

    done = scan()
    counts = done.counts()
    assert counts["log record"][0] > 0, "the visit logged nothing: the log scan proves nothing"
    files = _labels(done, "kiosk file")
    assert any(f.endswith("outbox.sqlite3") for f in files)
    assert any(f.endswith("outbox.sqlite3-wal") for f in files), "the WAL was not scanned"
    assert counts["screen property"][0] > 0, "no text on screen: the scan proves nothing"
    assert done.leaks() == [], "\n".join(done.leaks())
    assert pictures_held(bridge) == []
    with capfd.disabled():
        print("\n" + done.summary("QR visit"))

    # The scan can fail: the name logged (as a journal field, in NFD) is found.
    logging.getLogger("kiosk.planted").info(
        "planted", extra={"resident": unicodedata.normalize("NFD", identity.full_name)}
    )
    planted = scan().leaks()
    assert planted and all(p.startswith("name in log record kiosk.planted") for p in planted)


def _labels(scan: Scan, kind: str) -> list[str]:
    return [p.label for p in scan.places if p.kind == kind]
