"""A resident comes back with their receipt and looks the application up at the kiosk:
the real QML screens, the real SQLite outbox, the worker and the portal simulator on
127.0.0.1 asked live; then with the portal gone, the status the kiosk last stored."""

import sqlite3

import zxingcpp
from PIL import Image

from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.on_screen import OnScreen
from kiosk.dossier_lookup import TrackingCodeSource, read_tracking_code
from ui.driver import ScreenDriver
from ui.tour import Tour


def state_of(on_screen: OnScreen, tracking_code: str) -> str:
    with sqlite3.connect(on_screen.app.outbox.db_path) as db:
        row = db.execute(
            "SELECT state FROM outbox WHERE tracking_code = ?", (tracking_code,)
        ).fetchone()
    return row[0] if row else ""


def look_up(driver: ScreenDriver, typed: str) -> None:
    driver.tap("lookupStartButton")
    driver.tap("lookupField")
    driver.type_on_keyboard(typed)
    driver.tap("lookupButton")
    driver.wait_for("lookupStage", timeout_s=20)


def test_a_resident_looks_up_the_application_on_their_receipt(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    Tour(driver, bridge, None).submit_typed_application()
    code = str(bridge.confirmation.property("trackingCode"))
    qtbot.waitUntil(lambda: state_of(on_screen, code) == "accepted", timeout=20_000)
    qtbot.waitUntil(lambda: bridge.confirmation.print_state == "printed", timeout=20_000)
    printer = on_screen.app.printer
    assert isinstance(printer, SimulatedPrinter)
    # the look-up code (the fee's VietQR code, "000201…", may be beside it)
    (qr_text,) = [
        r.text
        for r in zxingcpp.read_barcodes(Image.open(printer.printed[-1]).convert("L"))
        if not r.text.startswith("000201")
    ]
    assert read_tracking_code(qr_text, TrackingCodeSource.SCANNED) == code  # the receipt's QR
    driver.tap("finishButton")
    driver.wait_for("startButton")

    # Holding the receipt up to the (demo) camera finds it, through the real QR decoding.
    driver.tap("lookupStartButton")
    driver.wait_for("lookupStage", timeout_s=20)
    assert driver.property_of("lookupCode", "text") == code
    driver.tap("lookupDoneButton")
    driver.wait_for("startButton")

    look_up(driver, code.lower().replace("-", " "))
    assert driver.property_of("lookupStage", "text") == "Cơ quan đã tiếp nhận"
    assert driver.property_of("lookupProcedure", "text") == "Đăng ký tạm trú"
    assert str(driver.property_of("lookupDossierCode", "text")).startswith("HNI-")
    assert str(driver.property_of("lookupFreshness", "text")).startswith("Cập nhật lúc")
    driver.tap("lookupDoneButton")
    driver.wait_for("startButton")

    # The portal goes away: the kiosk still answers, from what it stored, and says so.
    assert on_screen.app.portal_simulator is not None
    on_screen.app.portal_simulator.stop()
    look_up(driver, code)
    assert driver.property_of("lookupStage", "text") == "Cơ quan đã tiếp nhận"
    assert "chưa hỏi được Cổng dịch vụ công" in str(driver.property_of("lookupFreshness", "text"))
