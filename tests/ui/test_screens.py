"""The screens' own behaviour over fakes: faults, wrong cards, language, inactivity."""

from collections.abc import Callable

from PySide6.QtCore import QPointF

from kiosk.cccd_qr import CitizenIdentity, parse_cccd_qr
from ui.driver import ScreenDriver
from ui.tour import past_result_choices

from .conftest import Screens

CARD = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)


def to_review(
    s: Screens, answers: tuple[str, ...] = ("Căn 1205, Tòa A", "12", "relative", "0912345678")
) -> None:
    """Walk the session to the review through the bridge (not what is under test here)."""
    s.bridge.start()
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    s.bridge.begin()
    s.bridge.consent(True)
    identity = parse_cccd_qr(CARD)
    assert isinstance(identity, CitizenIdentity)
    s.session.card_read(identity)
    for answer in answers:
        s.bridge.form.answer(answer)
    past_result_choices(s.bridge)
    assert s.bridge.property("screen") == "review"


def test_a_printer_fault_shows_the_code_on_screen_and_offers_to_print_again(qtbot, screens):
    screens.printer.working = False
    to_review(screens)
    screens.driver.tap("submitButton")
    screens.driver.wait_for("trackingCode")
    qtbot.waitUntil(lambda: screens.bridge.confirmation.print_state == "failed", timeout=10_000)
    assert len(screens.queue.queued) == 1  # the submission is kept whatever the printer does
    assert "chụp ảnh biên nhận" in screens.driver.property_of("printStatus", "text")
    image = screens.driver.wait_for("receiptImage")
    # Loaded, and big enough to photograph the QR code.
    qtbot.waitUntil(lambda: image.property("paintedHeight") > 600, timeout=5_000)
    screens.printer.working = True
    qtbot.waitUntil(lambda: screens.bridge.confirmation.property("printerBack"), timeout=15_000)
    assert "hoạt động trở lại" in screens.driver.property_of("printStatus", "text")
    screens.driver.tap("printAgainButton")
    qtbot.waitUntil(lambda: screens.bridge.confirmation.print_state == "printed", timeout=10_000)
    assert screens.printer.printed[0].tracking_code == screens.bridge.confirmation.property(
        "trackingCode"
    )
    assert screens.printer.printed[0].applicant_id_masked == "001******345"


def test_a_queue_that_cannot_store_returns_to_the_review_with_a_message(qtbot, screens):
    screens.queue.broken = True
    to_review(screens)
    screens.driver.tap("submitButton")
    qtbot.waitUntil(lambda: screens.bridge.property("screen") == "review", timeout=10_000)
    text = screens.driver.property_of("errorText", "text")
    assert "chưa lưu được hồ sơ" in text and "Gửi hồ sơ lại" in text
    assert screens.bridge.confirmation.property("trackingCode") == ""
    screens.queue.broken = False
    screens.driver.tap("submitButton")
    screens.driver.wait_for("trackingCode")
    assert len(screens.queue.queued) == 1


def test_a_qr_code_that_is_not_an_id_card_is_explained_and_not_acted_on(qtbot, screens):
    s = screens
    s.bridge.start()
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    s.bridge.begin()
    s.driver.tap("consentAgreeButton")
    s.driver.wait_for("typeInsteadButton")
    s.qr.show("https://example.invalid/khuyen-mai")
    error = s.driver.wait_for("errorText")
    qtbot.waitUntil(lambda: "không phải mã QR trên thẻ căn cước" in error.property("text"))
    assert s.bridge.property("screen") == "identify"
    s.qr.show(CARD)
    # "Is this you?", as after a chip read: the camera is off until the resident answers.
    name = s.driver.wait_for("chipName")  # the pane's name line (shared with the chip's)
    qtbot.waitUntil(lambda: name.property("text") == "Nguyễn Thị Lan", timeout=5_000)
    assert s.qr.on_payload is None and s.session.identity is None
    s.driver.tap("cancelQrButton")  # not me: the camera looks again
    qtbot.waitUntil(lambda: s.qr.on_payload is not None, timeout=5_000)
    s.qr.show(CARD)
    s.driver.tap("confirmQrButton")
    qtbot.waitUntil(lambda: s.bridge.property("screen") == "question", timeout=10_000)
    assert s.qr.on_payload is None  # the camera is off once the card is read


def test_typing_instead_of_the_card_asks_for_the_name_first(screens):
    s = screens
    s.bridge.start()
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    s.bridge.begin()
    s.bridge.consent(True)
    s.driver.tap("typeInsteadButton")
    label = s.driver.wait_for("questionLabel")
    assert label.property("text").replace("\u2060", "") == "Họ và tên của Ông/Bà"
    s.driver.type_on_keyboard("Nguyễn Thị Lan")
    s.driver.tap("nextButton")
    assert s.session.answers["full_name"] == "Nguyễn Thị Lan"


def test_the_language_switch_shows_every_screen_text_in_english_and_back(screens):
    d: ScreenDriver = screens.driver
    assert d.property_of("startButton", "text") == "Bắt đầu"
    d.tap("languageButton")
    d.wait_until(lambda: d.property_of("startButton", "text") == "Start", 5, "no English")
    assert str(d.property_of("homeTitle", "text")).startswith("Submit public-service applications")
    d.tap("startButton")
    item = d.wait_for("procedure_dang-ky-tam-tru")
    assert item is not None
    names = {p["code"]: p["name"] for p in screens.bridge.catalogue.procedures()}
    assert names["dang-ky-tam-tru"] == "Temporary residence registration"
    d.tap("backButton")
    d.tap("languageButton")
    d.wait_until(lambda: d.property_of("startButton", "text") == "Bắt đầu", 5, "no Vietnamese")


def test_inactivity_shows_a_countdown_and_then_wipes_the_session(qtbot, screens):
    to_review(screens)
    screens.clock.advance(95)
    overlay = screens.driver.wait_for("idleOverlay")
    assert overlay.isVisible()
    screens.driver.tap("stillHereButton")
    qtbot.waitUntil(lambda: screens.bridge.property("idleCountdown") == -1, timeout=5_000)
    assert screens.bridge.property("screen") == "review"
    screens.clock.advance(200)
    qtbot.waitUntil(lambda: screens.bridge.property("screen") == "home", timeout=5_000)
    assert screens.session.identity is None and screens.session.answers == {}


def test_the_camera_picture_shows_while_identifying_and_is_gone_after(qtbot, screens):
    s = screens
    s.bridge.start()
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    s.bridge.begin()
    s.driver.tap("consentAgreeButton")
    s.driver.wait_for("typeInsteadButton")
    s.qr.see(480, 270, 200)
    qtbot.waitUntil(lambda: s.bridge.camera.property("live"), timeout=5_000)
    preview = s.driver.wait_for("cameraPreview")
    centre = preview.mapToScene(preview.boundingRect().center())
    point = (int(centre.x()) + 420, int(centre.y()))  # beside the frame guide

    def grey_on_screen() -> int:
        return s.window.window.grabWindow().pixelColor(*point).red()

    qtbot.waitUntil(lambda: grey_on_screen() == 200, timeout=5_000)
    s.qr.see(480, 270, 90)
    qtbot.waitUntil(lambda: grey_on_screen() == 90, timeout=5_000)
    s.driver.tap("typeInsteadButton")
    assert not s.bridge.camera.property("live")
    assert s.bridge.camera.frames.image.isNull()  # nothing of the card stays in memory
    assert s.qr.on_preview is None  # the camera is off


def test_back_from_a_change_the_check_page_shows_the_changed_answer(qtbot, screens):
    long_address = "Căn hộ 1205, Tòa A, Chung cư Sông Hồng, Phường Láng, Hà Nội"
    # ten rows: the last ones are below the fold
    to_review(screens, (long_address, "12", "rent", "Trần Văn Hùng", "0912345678"))
    d = screens.driver
    submit_top = scene_top(d.wait_for("submitButton"))
    d.settle(200)
    phone = d.find("change_phone")
    # at first it is below the fold, at least in part
    assert phone is None or scene_top(phone) + phone.height() > submit_top
    d.tap("change_phone")  # the last row: the driver scrolls to it as a finger would
    d.wait_for("questionLabel")
    d.erase_on_keyboard(10)
    d.type_on_keyboard("0987654321")
    d.tap("nextButton")
    qtbot.waitUntil(lambda: screens.bridge.property("screen") == "review", timeout=5_000)
    d.wait_for("submitButton")
    d.settle(200)
    button = d.find("change_phone")
    assert button is not None
    # on screen without scrolling: below the header, above the Submit button
    assert scene_top(button) > 150
    assert scene_top(button) + button.height() < submit_top


def scene_top(item) -> float:
    return float(item.mapToScene(item.boundingRect().topLeft()).y())


def test_nothing_on_the_home_screen_is_cut_off_in_either_language(screens):
    d: ScreenDriver = screens.driver
    window = screens.window.window

    def bottom_of(name: str) -> float:
        item = d.wait_for(name)
        return item.mapToScene(QPointF(0, item.height())).y()

    def speaks(language: str) -> Callable[[], bool]:
        return lambda: screens.bridge.property("language") == language

    for language in ("vi", "en"):
        if not speaks(language)():
            d.tap("languageButton")
            d.wait_until(speaks(language), 5, language)
            d.settle(200)
        for name in ("startButton", "lookupStartButton", "languageButton"):
            assert bottom_of(name) <= window.height(), f"{name} cut off in {language}"
