"""Paper runs out: the submission is kept and sent all the same, the receipt shows on the
screen, and it prints once the printer is back."""

import sqlite3

from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.on_screen import OnScreen
from kiosk.ports import PrinterState, PrinterStatus
from ui.driver import ScreenDriver
from ui.tour import Tour


def test_printer_out_of_paper_keeps_the_submission_and_shows_the_receipt_on_screen(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    printer = on_screen.app.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.set_status(PrinterStatus(PrinterState.NO_PAPER, "roll paper end"))
    bridge = on_screen.bridge
    Tour(driver, bridge, None).submit_typed_application()
    tracking_code = bridge.confirmation.property("trackingCode")

    qtbot.waitUntil(lambda: bridge.confirmation.print_state == "failed", timeout=20_000)
    image = driver.wait_for("receiptImage")
    qtbot.waitUntil(lambda: image.property("paintedHeight") > 600, timeout=5_000)
    assert printer.printed == []

    def state() -> str:
        with sqlite3.connect(on_screen.app.outbox.db_path) as db:
            row = db.execute(
                "SELECT state FROM outbox WHERE tracking_code = ?", (tracking_code,)
            ).fetchone()
        return row[0] if row else ""

    qtbot.waitUntil(lambda: state() == "accepted", timeout=20_000)

    printer.set_status(PrinterStatus(PrinterState.READY))
    qtbot.waitUntil(lambda: bridge.confirmation.property("printerBack"), timeout=15_000)
    driver.tap("printAgainButton")
    qtbot.waitUntil(lambda: bridge.confirmation.print_state == "printed", timeout=20_000)
    assert [p.name for p in printer.printed] == [f"receipt-{tracking_code}.png"]
    driver.tap("finishButton")
    driver.wait_for("startButton")
    assert bridge.confirmation.property("receiptImage") == ""
