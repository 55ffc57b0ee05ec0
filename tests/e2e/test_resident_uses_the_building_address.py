"""The kiosk knows its own building and ward ([kiosk] building_vi and ward): a resident
registering a stay in this building types only the flat number on the number keypad, and
the application carries the whole address line."""

from kiosk.app.on_screen import OnScreen
from tests.e2e.test_resident_submits_temporary_residence import (
    open_temporary_residence,
    question_id,
)
from ui.driver import ScreenDriver


def test_the_resident_types_the_flat_and_the_answer_is_the_whole_address(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    settings = on_screen.app.settings
    open_temporary_residence(qtbot, on_screen, driver)

    building = str(driver.property_of("apartmentBuilding", "text"))
    assert building.startswith(settings.kiosk.building_vi.split(",")[0])
    assert "Phường Láng" in building
    assert building.endswith("Hà Nội")
    driver.type_on_keyboard("1205")
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "stay_months", timeout=10_000)

    assert bridge.session.answers["stay_address"] == f"Căn hộ 1205, {building}"


def test_a_resident_staying_elsewhere_types_the_address_and_nothing_is_filled_in(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    open_temporary_residence(qtbot, on_screen, driver)

    driver.tap("otherAddressButton")
    driver.type_on_keyboard("Số 5 ngõ 12 Chùa Bộc")
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "stay_months", timeout=10_000)

    assert bridge.session.answers["stay_address"] == "Số 5 ngõ 12 Chùa Bộc"
