"""Honest words (issue 15), through the real screens: the time at the kiosk is each
procedure's own, the consent says what is kept and for how long ([outbox] retention_days,
through the bridge), and the confirmation names the ward's office where the answers place
the matter in the kiosk's ward."""

from kiosk.kiosk_address import KioskAddress
from ui.driver import ScreenDriver
from ui.tour import past_result_choices

from .conftest import Screens

IN_THE_BUILDING = "Căn hộ 1205, Tòa nhà mẫu, Phường Láng, Hà Nội"
CARD = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|Số 12 phố Chùa Bộc, Phường Kim Liên, Hà Nội|10082021"
)


def open_intro(s: Screens, code: str) -> str:
    """The intro screen's time at the kiosk for the procedure ``code``."""
    d: ScreenDriver = s.driver
    d.tap("startButton")
    d.wait_until(lambda: s.bridge.property("screen") == "catalogue", 5, "no catalogue")
    s.bridge.chooseProcedure(code)  # the list shows only the first ones without scrolling
    d.wait_until(lambda: s.bridge.property("screen") == "intro", 5, "no intro")
    d.settle()
    return str(d.property_of("introMinutes", "text"))


def test_the_intro_shows_each_procedures_own_minutes_in_both_languages(screens):
    s, d = screens, screens.driver
    assert open_intro(s, "dang-ky-tam-tru") == "Khoảng 4 phút"
    s.bridge.finish()
    assert open_intro(s, "dang-ky-khai-sinh") == "Khoảng 8 phút"
    s.bridge.finish()
    d.tap("languageButton")
    d.wait_until(lambda: d.property_of("startButton", "text") == "Start", 5, "no English")
    assert open_intro(s, "dang-ky-tam-tru") == "About 4 minutes"
    s.bridge.finish()
    assert open_intro(s, "dang-ky-khai-sinh") == "About 8 minutes"


def consent_texts(s: Screens) -> str:
    s.driver.tap("startButton")
    s.driver.tap("procedure_dang-ky-tam-tru")
    s.driver.tap("introStartButton")
    s.driver.wait_for("consentAgreeButton")
    s.driver.settle()
    return " ".join(str(s.driver.property_of(f"consentText{i}", "text")) for i in range(6))


def test_the_consent_names_the_retention_days_from_the_setting(screens):
    s = screens
    s.session.retention_days = 30
    text = consent_texts(s).replace("\u2060", "")
    assert "rồi thêm 30 ngày" in text
    assert "Cổng dịch vụ công nhận hồ sơ" in text  # kept until the portal accepts it
    assert "câu trả lời Ông/Bà nhập" in text and "Số điện thoại" in text
    assert "Ảnh giấy tờ" in text and "mã hóa" in text
    s.driver.tap("consentDeclineButton")
    s.session.retention_days = 45
    text = consent_texts(s).replace("\u2060", "")
    assert "rồi thêm 45 ngày" in text and "30 ngày" not in text


def submit_tam_tru(s: Screens, stay_address: str) -> None:
    """Through the screens' bridge to the confirmation, staying at ``stay_address``."""
    from kiosk.cccd_qr import CitizenIdentity, parse_cccd_qr

    s.bridge.start()
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    s.bridge.begin()
    s.bridge.consent(True)
    identity = parse_cccd_qr(CARD)
    assert isinstance(identity, CitizenIdentity)
    s.session.card_read(identity)
    s.bridge.form.answer(stay_address)
    for answer in ("12", "relative", "0912345678"):
        s.bridge.form.answer(answer)
    past_result_choices(s.bridge)
    assert s.bridge.property("screen") == "review"
    assert s.session.answers["stay_address"] == stay_address
    s.driver.tap("submitButton")
    s.driver.wait_for("trackingCode")


def office_line(s: Screens) -> str:
    s.driver.settle()
    return str(s.driver.property_of("nextStep0", "text"))


def test_with_a_ward_the_confirmation_and_the_receipt_name_the_wards_police(qtbot, screens):
    s = screens
    s.session.kiosk_address = KioskAddress("Tòa nhà mẫu", "00199", "Phường Láng")
    submit_tam_tru(s, IN_THE_BUILDING)
    assert "Kiosk gửi hồ sơ đến Công an Phường Láng." in office_line(s)
    qtbot.waitUntil(lambda: len(s.printer.printed) == 1, timeout=10_000)
    assert s.printer.printed[0].receiving_office == "Công an Phường Láng"


def test_without_a_ward_the_confirmation_and_receipt_keep_the_general_words(qtbot, screens):
    s = screens
    general = "Công an phường, xã nơi Ông/Bà đăng ký tạm trú"
    submit_tam_tru(s, IN_THE_BUILDING)  # the kiosk has no ward: nothing to compare with
    assert general in office_line(s).replace("\u2060", "")
    qtbot.waitUntil(lambda: len(s.printer.printed) == 1, timeout=10_000)
    assert s.printer.printed[0].receiving_office == general


def test_a_stay_in_another_ward_keeps_the_general_words(qtbot, screens):
    s = screens
    s.session.kiosk_address = KioskAddress("Tòa nhà mẫu", "00199", "Phường Láng")
    submit_tam_tru(s, "Số 5 ngõ 12 Chùa Bộc, Phường Kim Liên, Hà Nội")
    assert "Công an phường, xã nơi" in office_line(s)
    qtbot.waitUntil(lambda: len(s.printer.printed) == 1, timeout=10_000)
    assert "Phường Láng" not in s.printer.printed[0].receiving_office
