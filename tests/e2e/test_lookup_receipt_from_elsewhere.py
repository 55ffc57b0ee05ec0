"""A resident brings a receipt from another building's kiosk (or the ward office) to this
one: the real QML look-up screen, this kiosk's real outbox (which never saw the dossier), and
the portal simulator's public look-up on 127.0.0.1 answering the stage and dates, nothing
personal; a code nobody issued is not found."""

import json
from typing import Any

from kiosk.app.on_screen import OnScreen
from kiosk.submission import new_tracking_code, new_ulid
from sync.portal_client import Accepted, PortalClient
from ui.driver import ScreenDriver

RESIDENT = ("Phạm Minh Tuấn", "001088007777", "Số 9 Ngõ 3 Thái Hà")


def look_up(driver: ScreenDriver, typed: str) -> None:
    driver.tap("lookupStartButton")
    driver.tap("lookupField")
    driver.type_on_keyboard(typed)
    driver.tap("lookupButton")
    driver.wait_for("lookupStage", timeout_s=20)


def test_a_receipt_from_another_kiosk_is_looked_up_here(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    portal = on_screen.app.portal_simulator
    assert portal is not None
    other_kiosk = PortalClient(portal.base_url, kiosk_id="HN-KIOSK-OTHER")
    code = new_tracking_code()
    made_at = on_screen.app.clock()
    payload: dict[str, Any] = {
        "local_id": new_ulid(made_at),
        "tracking_code": code,
        "procedure": {"code": "dang-ky-tam-tru", "version": 2},
        "kiosk_id": "HN-KIOSK-OTHER",
        "created_at": made_at.isoformat(),
        "applicant": {"full_name": RESIDENT[0], "id_number": RESIDENT[1]},
        "answers": {"stay_address": RESIDENT[2]},
        "result_delivery": {"method": "post", "postal_address": RESIDENT[2]},
    }
    try:
        assert isinstance(other_kiosk.submit(payload["local_id"], json.dumps(payload)), Accepted)
    finally:
        other_kiosk.close()
    assert on_screen.app.outbox.find_by_tracking_code(code) is None  # this kiosk never saw it

    look_up(driver, code)

    assert driver.property_of("lookupStage", "text") == "Cơ quan đã tiếp nhận"
    assert driver.property_of("lookupProcedure", "text") == "Đăng ký tạm trú"
    assert str(driver.property_of("lookupFreshness", "text")).startswith("Cập nhật lúc")
    on_screen.window.window.grabWindow().save("/tmp/p/lookup_elsewhere.png")
    shown = " ".join(
        str(driver.property_of(name, "text"))
        for name in ("lookupStage", "lookupNextStep", "lookupCode", "lookupProcedure")
    )
    for personal in RESIDENT:
        assert personal not in shown
    driver.tap("lookupDoneButton")
    driver.wait_for("startButton")

    driver.tap("lookupStartButton")
    driver.tap("lookupField")
    driver.type_on_keyboard("HN-0000-0000")
    driver.tap("lookupButton")
    qtbot.waitUntil(
        lambda: "HN-0000-0000" in str(driver.property_of("lookupError", "message")),
        timeout=20_000,
    )
    on_screen.window.window.grabWindow().save("/tmp/p/lookup_unknown.png")
