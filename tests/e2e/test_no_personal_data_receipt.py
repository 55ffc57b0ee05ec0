"""The printed receipt carries the ID number masked (``001******345``) and nothing else of the
resident: not the full ID number, the birth date, the card's address, the typed answers, the
phone, nor (issue 17: "only the masked ID may appear on the receipt"; /work/shared/ux.md puts
no name on it, deploy/SECURITY.md lists the masked ID, the procedure and the tracking code)
the name.

What is scanned is everything the receipt is made of, after a visit through the real screens
(the card's QR code, the answers, Submit) to the simulated printer: every text of the
:class:`~kiosk.receipt.Receipt` the printer was given (the layout draws those and its own
labels only), the ESC/POS bytes the printer received (text travels as pixels there; the QR
code natively), and the text of the QR code read back from the printed picture."""

from __future__ import annotations

import dataclasses

import pytest
import zxingcpp
from PIL import Image

from hardware.printer.interface import PrintResult
from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.on_screen import OnScreen
from kiosk.cccd_qr import mask_id_number
from kiosk.receipt import Receipt
from tests.e2e.personal_data_scan import Scan, card_facts
from tests.e2e.test_no_personal_data_left_behind import TYPED
from tests.e2e.test_resident_submits_temporary_residence import open_temporary_residence
from ui.driver import ScreenDriver
from ui.tour import past_result_choices


def receipt_scan(facts: dict[str, str], receipt: Receipt, printer: SimulatedPrinter) -> Scan:
    scan = Scan(facts)
    for f in dataclasses.fields(receipt):
        value = getattr(receipt, f.name)
        scan.add("receipt text", f.name, str(value))
    scan.add("receipt text", "qr_payload", receipt.qr_payload)
    scan.add("printer bytes", "ESC/POS", printer.last_bytes)
    picture = Image.open(printer.printed[-1]).convert("L")
    for n, code in enumerate(zxingcpp.read_barcodes(picture)):
        scan.add("printed QR code", str(n), code.text)
    return scan


def test_the_receipt_carries_only_the_masked_id_number(
    qtbot,
    on_screen: OnScreen,
    driver: ScreenDriver,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bridge = on_screen.bridge
    printer = on_screen.app.printer
    assert isinstance(printer, SimulatedPrinter)
    given: list[Receipt] = []
    real_print = printer.print_receipt

    def print_and_keep(receipt: Receipt) -> PrintResult:
        given.append(receipt)
        return real_print(receipt)

    monkeypatch.setattr(printer, "print_receipt", print_and_keep)
    open_temporary_residence(qtbot, on_screen, driver)
    identity = bridge.session.identity
    assert identity is not None
    for answer in (TYPED["stay_address"], "12", "rent", TYPED["landlord_name"], TYPED["phone"]):
        bridge.form.answer(answer)
    past_result_choices(bridge)
    assert bridge.property("screen") == "review"
    driver.tap("submitButton")
    driver.wait_for("trackingCode", timeout_s=20)
    qtbot.waitUntil(lambda: bridge.confirmation.print_state == "printed", timeout=20_000)
    (receipt,) = given

    masked = mask_id_number(identity.id_number)
    assert masked != identity.id_number and receipt.applicant_id_masked == masked
    facts = {**card_facts(identity), **TYPED}
    scan = receipt_scan(facts, receipt, printer)
    assert scan.leaks() == [], "\n".join(scan.leaks())
    with capsys.disabled():
        print("\n" + scan.summary("receipt"))

    # The scan can fail: a receipt with the full ID number is caught.
    unmasked = dataclasses.replace(receipt, applicant_id_masked=identity.id_number)
    planted = receipt_scan(facts, unmasked, printer).leaks()
    assert planted == ["id number in receipt text applicant_id_masked"]
