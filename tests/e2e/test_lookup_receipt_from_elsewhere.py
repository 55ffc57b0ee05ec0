"""A resident brings a receipt from another building's kiosk (or the ward office) to this
one: the real QML look-up screen, this kiosk's real outbox (which never saw the dossier), and
the portal simulator's public look-up on 127.0.0.1 answering the stage and dates, nothing
personal; a code nobody issued is not found."""

from kiosk.app.demo import OTHER_RESIDENT, other_kiosks_dossier
from kiosk.app.on_screen import OnScreen
from ui.driver import ScreenDriver


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
    code = other_kiosks_dossier(
        portal,
        on_screen.app.clock(),
        delivery={"method": "post", "postal_address": OTHER_RESIDENT[2]},
        fee_vnd=0,
    )
    assert on_screen.app.outbox.find_by_tracking_code(code) is None  # this kiosk never saw it

    look_up(driver, code)

    assert driver.property_of("lookupStage", "text") == "Cơ quan đã tiếp nhận"
    assert driver.property_of("lookupProcedure", "text") == "Đăng ký tạm trú"
    assert str(driver.property_of("lookupFreshness", "text")).startswith("Cập nhật lúc")
    shown = " ".join(
        str(driver.property_of(name, "text"))
        for name in ("lookupStage", "lookupNextStep", "lookupCode", "lookupProcedure")
    )
    for personal in OTHER_RESIDENT:
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
