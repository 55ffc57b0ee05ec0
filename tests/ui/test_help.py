"""Help on the home screen too, and on every screen: the hotline and who in the building
helps at the kiosk ([kiosk] building_contact), large, in the resident's language."""

from __future__ import annotations

from tests.ui.conftest import Screens
from tests.ui.test_screens import to_review

CONTACT = "Ban quản lý tòa nhà, tầng 1: 024 3771 0000"


def test_help_on_the_home_screen_says_what_to_do_and_whom_to_call(screens: Screens) -> None:
    d = screens.driver
    d.tap("helpButton")
    hotline = d.wait_for("helpHotline")
    assert "1022" in str(hotline.property("text"))
    assert d.property_of("helpBuildingContact", "text") == CONTACT
    d.tap("helpCloseButton")
    d.wait_until(lambda: d.find("helpHotline") is None, 5, "help still open")
    d.wait_for("startButton")


def test_help_on_a_screen_of_the_session_names_the_building_contact_too(screens: Screens) -> None:
    d = screens.driver
    to_review(screens)
    d.tap("helpButton")
    assert d.property_of("helpBuildingContact", "text") == CONTACT
    screens.bridge.setLanguage("en")
    d.wait_until(
        lambda: "help line" in str(d.property_of("helpHotline", "text")), 5, "not in English"
    )
