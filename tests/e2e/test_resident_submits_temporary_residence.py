"""A resident submits "Đăng ký tạm trú" end to end, through the real QML screens, the
simulated camera and printer, the real SQLite outbox and the portal simulator on loopback."""

import sqlite3

import httpx
import zxingcpp
from PIL import Image

from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.on_screen import OnScreen
from kiosk.vietqr import parse
from ui.driver import ScreenDriver
from ui.tour import tap_past_result_choices

VIETQR_START = "000201"
"""How every EMVCo code begins (payload format indicator 01)."""

TAM_TRU = "dang-ky-tam-tru"


def question_id(on_screen: OnScreen) -> str:
    return str(on_screen.bridge.form.question().get("id", ""))


def wait_question(qtbot, on_screen: OnScreen, qid: str) -> None:
    qtbot.waitUntil(lambda: question_id(on_screen) == qid, timeout=10_000)


def open_temporary_residence(qtbot, on_screen: OnScreen, driver: ScreenDriver) -> None:
    """From the home screen to the first question the card does not answer (the simulated
    camera shows the card's QR code): where the stay will be."""
    driver.tap("startButton")
    driver.tap(f"procedure_{TAM_TRU}")
    driver.tap("introStartButton")
    driver.tap("consentAgreeButton")
    driver.tap("confirmQrButton", timeout_s=20)  # the card read: "is this you?"
    qtbot.waitUntil(lambda: question_id(on_screen) == "stay_address", timeout=20_000)


def outbox_row(on_screen: OnScreen, tracking_code: str) -> tuple:
    with sqlite3.connect(on_screen.app.outbox.db_path) as db:
        row = db.execute(
            "SELECT local_id, state, dossier_code, procedure_code, procedure_version "
            "FROM outbox WHERE tracking_code = ?",
            (tracking_code,),
        ).fetchone()
    assert row is not None, "the submission is not in the outbox file"
    return row


def test_resident_submits_temporary_residence_from_card_to_receipt(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    driver.tap("startButton")
    driver.tap(f"procedure_{TAM_TRU}")
    driver.tap("introStartButton")
    driver.tap("consentAgreeButton")
    driver.wait_for("typeInsteadButton")
    assert bridge.property("screen") == "identify"

    # The simulated camera replays frames with the card's QR code: "is this you?", then the
    # card fills in the name, ID number, date of birth, sex and address, and none is asked.
    driver.tap("confirmQrButton", timeout_s=20)
    qtbot.waitUntil(lambda: bridge.property("screen") == "question", timeout=20_000)
    assert bridge.session.identity_source == "cccd_qr"
    assert question_id(on_screen) == "stay_address"

    driver.tap("otherAddressButton")  # the whole address typed, not the kiosk's building
    driver.type_on_keyboard("Căn hộ 1205, Tòa A, Phường Láng")
    driver.tap("nextButton")
    wait_question(qtbot, on_screen, "stay_months")
    driver.type_on_keyboard("12")
    driver.tap("nextButton")
    wait_question(qtbot, on_screen, "housing_basis")
    driver.tap("choice_rent")
    driver.tap("nextButton")
    wait_question(qtbot, on_screen, "landlord_name")

    # Back keeps the answers already given.
    driver.tap("backButton")
    wait_question(qtbot, on_screen, "housing_basis")
    driver.tap("nextButton")
    wait_question(qtbot, on_screen, "landlord_name")
    driver.type_on_keyboard("Trần Văn Hùng")
    driver.tap("nextButton")
    wait_question(qtbot, on_screen, "phone")
    driver.type_on_keyboard("0912345678")
    driver.tap("nextButton")
    tap_past_result_choices(driver, bridge)
    qtbot.waitUntil(lambda: bridge.property("screen") == "review", timeout=10_000)

    rows = {r["id"]: r for r in bridge.form.review_rows()}
    assert rows["full_name"]["value"] == "Nguyễn Thị Lan"
    assert not rows["full_name"]["changeable"]
    assert rows["id_number"]["value"] == "001******345"
    assert rows["stay_address"]["value"] == "Căn hộ 1205, Tòa A, Phường Láng"
    assert rows["housing_basis"]["value"] == "Thuê nhà"

    # Change goes to the question and comes straight back to the review.
    driver.tap("change_stay_months")
    wait_question(qtbot, on_screen, "stay_months")
    driver.erase_on_keyboard(2)
    driver.type_on_keyboard("6")
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: bridge.property("screen") == "review", timeout=10_000)
    rows = {r["id"]: r for r in bridge.form.review_rows()}
    assert rows["stay_months"]["value"] == "6"

    driver.tap("submitButton")
    driver.wait_for("trackingCode", timeout_s=20)
    tracking_code = bridge.confirmation.property("trackingCode")
    assert tracking_code.startswith("HN-")
    assert driver.property_of("trackingCode", "text") == tracking_code

    # Committed before the confirmation showed; then sent by the worker and accepted.
    local_id, _, _, code, version = outbox_row(on_screen, tracking_code)
    assert (code, version) == (TAM_TRU, 2)
    qtbot.waitUntil(lambda: outbox_row(on_screen, tracking_code)[1] == "accepted", timeout=20_000)
    dossier_code = outbox_row(on_screen, tracking_code)[2]
    assert dossier_code

    # The portal simulator, over a real loopback socket, holds exactly one dossier for it.
    portal = on_screen.app.portal_simulator
    assert portal is not None
    dossiers = httpx.get(f"{portal.base_url}/sim/dossiers").json()["dossiers"]
    mine = [d for d in dossiers if d["idempotency_key"] == local_id]
    assert len(mine) == 1
    assert mine[0]["dossier_code"] == dossier_code
    body = mine[0]["body"]
    assert body["tracking_code"] == tracking_code
    assert body["applicant"]["full_name"] == "Nguyễn Thị Lan"
    assert body["answers"] == {
        "stay_address": "Căn hộ 1205, Tòa A, Phường Láng",
        "stay_months": "6",
        "housing_basis": "rent",
        "landlord_name": "Trần Văn Hùng",
        "phone": "0912345678",
    }

    # The receipt: what would print, as a PNG, with the tracking code in its QR code.
    qtbot.waitUntil(lambda: bridge.confirmation.print_state == "printed", timeout=20_000)
    printer = on_screen.app.printer
    assert isinstance(printer, SimulatedPrinter)
    receipt = Image.open(printer.printed[-1])
    assert receipt.width == on_screen.app.settings.printer.width_dots
    codes = [r.text for r in zxingcpp.read_barcodes(receipt.convert("L"))]
    fee_codes = [c for c in codes if c.startswith(VIETQR_START)]
    # the look-up code, and the fee's VietQR code for this dossier when the portal made it
    assert [c for c in codes if c not in fee_codes] == [
        f"{on_screen.app.settings.portal.status_url}?ma={tracking_code}"
    ]
    assert all(tracking_code in parse(c).purpose for c in fee_codes)

    driver.tap("finishButton")
    driver.wait_for("startButton")
    assert bridge.property("screen") == "home"
    assert bridge.confirmation.property("trackingCode") == ""
