"""The consent screen's "how long" comes from [outbox] retention_days, through the whole
kiosk as `kiosk demo` builds it (settings → session → bridge → QML)."""

from collections.abc import Iterator

import pytest

from kiosk.app.on_screen import OnScreen, put_on_screen
from kiosk.app.wiring import build_app
from kiosk.settings import load_settings
from tests.e2e.conftest import free_port
from ui.driver import ScreenDriver


@pytest.fixture
def kiosk_keeping_45_days(qapp, tmp_path) -> Iterator[OnScreen]:
    settings = load_settings(
        environ={"KIOSK_METRICS__PORT": str(free_port()), "KIOSK_OUTBOX__RETENTION_DAYS": "45"}
    )
    screen = put_on_screen(build_app(settings, "demo", tmp_path), headless=True)
    yield screen
    screen.close()


def how_long(driver: ScreenDriver) -> str:
    driver.tap("startButton")
    driver.tap("procedure_dang-ky-tam-tru")
    driver.tap("introStartButton")
    driver.wait_for("consentAgreeButton")
    driver.settle()
    return str(driver.property_of("consentText4", "text"))


def test_the_consent_says_the_configured_retention(on_screen: OnScreen, driver: ScreenDriver):
    days = on_screen.app.settings.outbox.retention_days
    assert f"rồi thêm {days} ngày" in how_long(driver)


def test_another_retention_setting_changes_the_number(kiosk_keeping_45_days: OnScreen):
    driver = ScreenDriver(kiosk_keeping_45_days.window.window)
    text = how_long(driver)
    assert "Đến khi Cổng dịch vụ công nhận hồ sơ, rồi thêm 45 ngày" in text
