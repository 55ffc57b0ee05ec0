"""The resident puts the ID card on the reader: through the real pcscd, the vsmartcard-vpcd
driver and pyscard, the kiosk opens the simulated chip with PACE, shows the face, and the
form is filled from the chip."""

import threading

from hardware.simulators.camera import SimulatedCamera
from hardware.simulators.card.chip import PaceMode
from hardware.simulators.card.vpcd import VirtualCardService
from kiosk.app.on_screen import OnScreen
from kiosk.settings import DEMO_CAMERA_DIR
from ui.driver import ScreenDriver


def test_the_card_on_the_reader_fills_the_form_through_pcscd(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    # The demo camera would read the card's QR code first: let it see an empty lobby.
    empty = DEMO_CAMERA_DIR / "frame-1.png"
    on_screen.app.camera._open_camera = lambda _target: SimulatedCamera([empty], interval_s=0.4)
    with VirtualCardService(pace=PaceMode.ACCEPT) as service:
        bridge.start()
        bridge.chooseProcedure("dang-ky-tam-tru")
        bridge.begin()
        bridge.consent(True)
        # The kiosk picks the reader up once the PC/SC service is there.
        qtbot.waitUntil(lambda: bridge.identify.reader_state == "empty", timeout=20_000)
        driver.wait_for("readerHint")
        threading.Thread(target=service.insert, daemon=True).start()
        driver.wait_for("chipHeading", timeout_s=20)
        driver.tap("chipIdField")
        driver.type_on_keyboard("001184012345")
        driver.tap("chipBirthField")
        driver.type_on_keyboard("15/03/1984")
        driver.tap("readChipButton")
        driver.wait_until(
            lambda: bridge.identify.chip_state != "reading", 30, "the chip read never ended"
        )
        assert bridge.property("error") == ""
        face = driver.wait_for("chipFace")
        qtbot.waitUntil(lambda: face.property("paintedHeight") > 0, timeout=5_000)
        assert driver.property_of("chipName", "text") == "Nguyễn Thị Lan"
        assert service.card is not None and service.card.access == "PACE"
        driver.tap("confirmChipButton")
        driver.wait_for("questionLabel")
        assert bridge.session.identity_source == "cccd_chip"
        rows = {r["id"]: r["value"] for r in bridge.form.review_rows()}
        assert rows["full_name"] == "Nguyễn Thị Lan"
