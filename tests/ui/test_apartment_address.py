"""The address where the resident lives in the kiosk's own building, through the real
question screen: the flat number alone on the number keypad, the building, ward and city
filled in, the answer the whole line; "Địa chỉ khác" types another address."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.kiosk_address import APARTMENT_NEEDED, KioskAddress
from kiosk.units import hanoi_units
from ui.tour import tap_past_result_choices

from .conftest import Screens
from .test_filling_procedures import CARD

BUILDING = "Tòa A, Chung cư Sông Hồng, 12 Láng Hạ"
LINE = "Tòa A, Chung cư Sông Hồng, 12 Láng Hạ, Phường Láng, Hà Nội"


def _to_the_stay_address(s: Screens, *, kiosk_knows_its_building: bool = True) -> None:
    if kiosk_knows_its_building:
        s.session.kiosk_address = KioskAddress.of(BUILDING, "00199", hanoi_units())
    d = s.driver
    d.tap("startButton")
    d.tap("procedure_dang-ky-tam-tru")
    d.tap("introStartButton")
    d.tap("consentAgreeButton")
    d.wait_for("typeInsteadButton")
    s.qr.show(CARD)
    d.tap("confirmQrButton")
    d.wait_for("questionLabel")
    assert s.bridge.form.question()["id"] == "stay_address"


def _picture(s: Screens, name: str) -> None:
    folder = os.environ.get("KIOSK_TEST_PICTURES")
    if folder:
        s.driver.grab(Path(folder) / f"{name}.png")


def test_the_resident_types_only_the_flat_number_and_the_answer_is_the_whole_line(
    screens: Screens,
) -> None:
    d = screens.driver
    _to_the_stay_address(screens)

    field = d.wait_for("apartmentField")
    assert field.hasActiveFocus()
    assert field.property("inputMethodHints") & Qt.InputMethodHint.ImhDigitsOnly
    assert d.property_of("apartmentBuilding", "text") == LINE
    assert d.find("answerArea") is None  # no long text to type
    d.wait_until(lambda: bool(d.find("keyboard")), 5, "no keyboard")
    _picture(screens, "apartment")

    d.type_on_keyboard("1205")
    d.tap("nextButton")
    d.wait_until(lambda: screens.bridge.form.question()["id"] == "stay_months", 5, "not on")

    assert screens.session.answers["stay_address"] == f"Căn hộ 1205, {LINE}"


def test_a_flat_number_with_a_letter_gets_the_letters_keyboard(screens: Screens) -> None:
    d = screens.driver
    _to_the_stay_address(screens)

    d.tap("apartmentLettersButton")
    field = d.wait_for("apartmentField")
    assert not field.property("inputMethodHints") & Qt.InputMethodHint.ImhDigitsOnly
    assert field.hasActiveFocus()
    _picture(screens, "apartment-letters")
    d.type_on_keyboard("12a05")
    d.tap("nextButton")
    d.wait_until(lambda: screens.bridge.form.question()["id"] == "stay_months", 5, "not on")

    assert screens.session.answers["stay_address"] == f"Căn hộ 12A05, {LINE}"


def test_no_flat_number_says_what_to_do_and_a_change_shows_the_number_again(
    screens: Screens,
) -> None:
    d = screens.driver
    _to_the_stay_address(screens)

    d.tap("nextButton")
    d.wait_for("errorText")
    assert str(screens.bridge.property("error")).replace("\u2060", "") == APARTMENT_NEEDED.vi
    assert screens.bridge.form.question()["id"] == "stay_address"

    d.type_on_keyboard("1205")
    d.tap("nextButton")
    f = screens.bridge.form
    d.wait_until(lambda: f.question().get("id") == "stay_months", 5, "not on")
    for answer in ("12", "relative"):
        f.answer(answer)
    d.tap("nextButton")  # the phone is optional: "Bỏ qua"
    tap_past_result_choices(d, screens.bridge)
    rows = {str(r["id"]): str(r["value"]) for r in f.review_rows()}
    assert rows["stay_address"] == f"Căn hộ 1205, {LINE}"

    d.tap("change_stay_address")
    d.wait_until(lambda: d.property_of("apartmentField", "text") == "1205", 5, "not shown")


def test_another_address_is_typed_in_full(screens: Screens) -> None:
    d = screens.driver
    _to_the_stay_address(screens)

    d.tap("otherAddressButton")
    area = d.wait_for("answerArea")
    assert area.hasActiveFocus()
    assert d.find("apartmentField") is None
    _picture(screens, "apartment-other")
    d.type_on_keyboard("Số 5 ngõ 12 Chùa Bộc")
    d.tap("nextButton")
    d.wait_until(lambda: screens.bridge.form.question()["id"] == "stay_months", 5, "not on")
    assert screens.session.answers["stay_address"] == "Số 5 ngõ 12 Chùa Bộc"

    d.tap("backButton")  # back to it: the address typed, not the flat number
    area = d.wait_for("answerArea")
    assert area.property("text") == "Số 5 ngõ 12 Chùa Bộc"
    assert d.find("apartmentField") is None


def test_a_kiosk_that_does_not_know_its_building_asks_the_whole_address(
    screens: Screens,
) -> None:
    d = screens.driver
    _to_the_stay_address(screens, kiosk_knows_its_building=False)

    d.wait_for("answerArea")
    assert d.find("apartmentField") is None
    assert d.find("otherAddressButton") is None
