"""Walk the resident's path through the real screens and save a picture of each.

The same walk serves ``kiosk tour`` (for reviewing the UI without a touchscreen) and the
end-to-end test. It taps items by objectName and types on the on-screen keyboard.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtQuick import QQuickItem

from kiosk.display import Contrast, TextSize
from kiosk.fee_payment import PaymentPhase
from kiosk.receipt_printing import PrintState
from kiosk.session import Screen
from ui.driver import ScreenDriver
from ui.session_bridge import SessionBridge

PROCEDURE_CODE = "dang-ky-tam-tru"


@dataclass(frozen=True)
class TourAnswers:
    """What the scripted resident types (fictitious)."""

    stay_address: str = "Căn hộ 1205, Tòa A, Chung cư Sông Hồng, Phường Láng, Hà Nội"
    flat: str = "1205"
    """Typed on the apartment page of a kiosk that knows its building (the stay address is
    then ``Căn hộ 1205, <building>, <ward>, Hà Nội``)."""
    stay_months: str = "12"
    housing_basis: str = "rent"
    landlord_name: str = "Trần Văn Hùng"
    wrong_phone: str = "12345"
    phone: str = "0912345678"
    changed_phone: str = "0987654321"


TYPED_APPLICATION = (
    "Nguyễn Thị Lan",
    "001184012345",
    "15/03/1984",
    "female",
    "Số 12 ngõ 34 phố Láng Hạ, Hà Nội",
    "Căn 1205, Tòa A",
    "6",
    "relative",
    "0912345678",
)
"""Answers, in order, for a resident who types their details instead of using the card."""


PHOTO_PROCEDURE_CODE = "dang-ky-khai-sinh"
AUTO_CAPTURE_WAIT_S = 30.0
"""How long the tour waits for the demo camera's page to be captured on its own."""
PHOTO_PAGE_ANSWERS = (
    "Nguyễn Thị Lan",
    "001184012345",
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội",
    "mother",
    "Nguyễn Minh An",
    "01/10/2026",
    "male",
    "Kinh",
    "Bệnh viện Phụ sản Hà Nội",
)
"""Typed answers up to the birth notice, the page that asks for a photo."""


FEE_PROCEDURE_CODE = "cap-phieu-ly-lich-tu-phap"
"""A procedure with a fee paid by VietQR, three ways to receive the result and news."""
FEE_ANSWERS = {
    "certificate_type": "form_1",
    "purpose": "Xin việc",
    "birth_place": "Hà Nội",
    "father.full_name": "Nguyễn Văn Bình",
    "mother.full_name": "Trần Thị Hoa",
    "has_spouse": "no",
    "residence_history": "Hà Nội từ năm 1984",
    "fee_group": "none",
    "copies": "1",
    "phone": "0912345678",
}
"""Its answers by question (the card gives the identity)."""


@dataclass(frozen=True)
class TourLook:
    """How the tour shows the screens (``kiosk tour --lang --text-size --theme``): chosen
    on the home screen as a resident would, again after each wipe."""

    language: str = "vi"
    text_size: TextSize = TextSize.NORMAL
    contrast: Contrast = Contrast.STANDARD


class Tour:
    """Drives the window; ``shoot`` saves a numbered picture when an output folder is set."""

    def __init__(
        self,
        driver: ScreenDriver,
        bridge: SessionBridge,
        out_dir: Path | None,
        look: TourLook | None = None,
    ) -> None:
        self.d = driver
        self.bridge = bridge
        self.out_dir = out_dir
        self.look = TourLook() if look is None else look
        self.pictures: list[Path] = []
        self.tracking_codes: list[str] = []
        """The codes of the applications the tour submitted, oldest first."""

    def shoot(self, name: str) -> None:
        if self.out_dir is None:
            return
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / f"{len(self.pictures) + 1:02d}-{name}.png"
        self.pictures.append(self.d.grab(path))

    def dress(self) -> None:
        """On the home screen: the tour's language, text size and contrast, tapped on the
        display strip as a resident would (the wipe put the size and contrast back)."""
        d, b, look = self.d, self.bridge, self.look
        d.wait_for("startButton")
        if b.property("language") != look.language:
            b.setLanguage(look.language)
        if b.property("textSize") != look.text_size.value:
            d.tap(f"textSize_{look.text_size.value}")
        if bool(b.property("highContrast")) != (look.contrast is Contrast.HIGH):
            d.tap("highContrastButton")

    def answer_text(self, text: str) -> None:
        self.d.type_on_keyboard(text)
        self.d.tap("nextButton")

    def walk(self, answers: TourAnswers = TourAnswers()) -> None:
        """Home → procedure → consent → card → questions → review → change → submit →
        confirmation → home."""
        d = self.d
        self.dress()
        self.shoot("home")
        d.tap("startButton")
        d.wait_for(f"procedure_{PROCEDURE_CODE}")
        self.shoot("catalogue")
        d.tap(f"procedure_{PROCEDURE_CODE}")
        d.wait_for("introStartButton")
        self.shoot("intro")
        d.tap("introStartButton")
        d.wait_for("consentAgreeButton")
        self.shoot("consent")
        d.tap("consentAgreeButton")
        d.wait_for("typeInsteadButton")
        d.wait_until(lambda: bool(self.bridge.camera.live), 10, "no camera picture")
        self.shoot("identify")
        # The simulated camera shows the card's QR code: "is this you?", then the card data
        # fills the form and the first question not known from the card appears.
        d.wait_for("confirmQrButton", timeout_s=20)
        self.shoot("identify-is-this-you")
        d.tap("confirmQrButton")
        d.wait_for("questionLabel", timeout_s=20)
        self.shoot("question-stay-address")
        d.tap("helpButton")
        d.wait_for("helpCloseButton")
        self.shoot("help")
        d.tap("helpCloseButton")
        d.wait_for("apartmentField")  # the kiosk's building and ward are filled in
        d.type_on_keyboard(answers.flat)
        self.shoot("question-stay-address-typed")
        d.tap("nextButton")
        self._wait_question(2)
        self.answer_text(answers.stay_months)
        self._wait_question(3)
        d.tap(f"choice_{answers.housing_basis}")
        self.shoot("question-housing-basis")
        d.tap("nextButton")
        self._wait_question(4)
        self.answer_text(answers.landlord_name)
        self._wait_question(5)
        self.answer_text(answers.wrong_phone)
        d.wait_for("errorText")
        self.shoot("question-phone-error")
        d.erase_on_keyboard(len(answers.wrong_phone))
        self.answer_text(answers.phone)
        d.wait_for("notifyDeclineButton")  # news by SMS or Zalo, offered, declined here
        self.shoot("notify")
        d.tap("notifyDeclineButton")
        d.wait_for("submitButton")
        self.shoot("review")
        d.tap("change_phone")
        self._wait_question(5)
        d.erase_on_keyboard(len(answers.phone))
        self.answer_text(answers.changed_phone)
        d.wait_for("submitButton")
        self.shoot("review-after-change")
        d.tap("submitButton")
        d.wait_for("trackingCode", timeout_s=20)
        self.tracking_codes.append(str(self.bridge.confirmation.property("trackingCode")))
        d.wait_until(
            lambda: self.bridge.confirmation.print_state in (PrintState.PRINTED, PrintState.FAILED),
            20,
            "the receipt never finished printing",
        )
        self.shoot("confirmation")
        d.tap("finishButton")
        d.wait_for("startButton")

    def walk_in_english(self) -> None:
        """The home and catalogue screens in the other language (English, or Vietnamese
        for a tour in English), then back."""
        d = self.d
        self.dress()
        start_words = {"vi": "Bắt đầu", "en": "Start"}
        other = "vi" if self.look.language == "en" else "en"
        name = {"vi": "vietnamese", "en": "english"}[other]
        d.tap("languageButton")
        d.wait_until(
            lambda: d.property_of("startButton", "text") == start_words[other], 10, f"no {name}"
        )
        self.shoot(f"home-{name}")
        d.tap("startButton")
        d.wait_for(f"procedure_{PROCEDURE_CODE}")
        self.shoot(f"catalogue-{name}")
        d.tap("backButton")
        d.tap("languageButton")
        d.wait_until(
            lambda: d.property_of("startButton", "text") == start_words[self.look.language],
            10,
            "the tour's language never came back",
        )

    def submit_typed_application(self) -> None:
        """To the confirmation the quick way (the slots, not taps), typing instead of the card."""
        b = self.bridge
        self.dress()
        b.start()
        b.chooseProcedure(PROCEDURE_CODE)
        b.begin()
        b.consent(True)
        b.typeInstead()
        for answer in TYPED_APPLICATION:
            b.form.answer(answer)
        past_result_choices(b)
        self.d.tap("submitButton")
        self.d.wait_for("trackingCode", timeout_s=20)

    def walk_fee_and_choices(self, mark_paid: Callable[[str], object] | None) -> None:
        """A procedure with a fee and choices: how to receive the result (by post, the
        card's address to correct), news by Zalo, the check page with both, the VietQR code
        on the confirmation and, when ``mark_paid`` (the portal's test hook) is given, paid;
        then the rating and its reasons."""
        d, b = self.d, self.bridge
        self.dress()
        b.start()
        b.chooseProcedure(FEE_PROCEDURE_CODE)
        b.begin()
        b.consent(True)
        d.tap("confirmQrButton", timeout_s=20)  # the demo camera shows the card
        d.wait_for("questionLabel", timeout_s=20)
        while b.session.screen is Screen.QUESTION:
            b.form.answer(FEE_ANSWERS[str(b.form.question()["id"])])
        d.wait_for("deliveryContinueButton")
        self.shoot("delivery")
        d.tap("delivery_post")
        d.wait_for("postalAddressField")
        self.shoot("delivery-post")
        d.tap("deliveryContinueButton")
        d.wait_for("notifyAgreeButton")
        d.tap("channel_zalo")
        self.shoot("notify-zalo")
        d.tap("notifyAgreeButton")
        d.wait_for("submitButton")
        d.scroll_into_view(d.wait_for("change_notification"))
        self.shoot("review-delivery-and-news")
        d.tap("submitButton")
        d.wait_for("trackingCode", timeout_s=20)
        d.wait_until(
            lambda: b.session.payment.request is not None, 30, "the VietQR code never came"
        )
        d.wait_for("vietqrImage")
        d.wait_until(lambda: _painted(d.wait_for("vietqrImage")), 10, "no VietQR picture")
        self.shoot("confirmation-vietqr")
        request = b.session.payment.request
        if mark_paid is not None and request is not None:
            mark_paid(request.payment_id)
            d.wait_until(lambda: b.session.payment.phase is PaymentPhase.PAID, 20, "never paid")
            self.shoot("confirmation-paid")
        d.tap("face_4")
        d.wait_for("ratingSendButton")
        d.tap("reason_quick")
        self.shoot("rating")
        d.tap("ratingSendButton")
        d.wait_for("ratingThanks")
        self.shoot("rating-thanks")
        d.tap("finishButton")
        d.wait_for("startButton")

    def walk_lookup_elsewhere(self, tracking_code: str) -> None:
        """Home → look up a dossier made at another kiosk, known to the portal only."""
        d = self.d
        self.dress()
        d.tap("lookupStartButton")
        d.tap("lookupField")
        d.type_on_keyboard(tracking_code)
        d.tap("lookupButton")
        d.wait_for("lookupElsewhere", timeout_s=20)
        self.shoot("lookup-other-kiosk")
        d.tap("lookupDoneButton")
        d.wait_for("startButton")

    def walk_printer_fault(self) -> None:
        """With the printer out of paper: the receipt shows on the confirmation screen."""
        d = self.d
        self.submit_typed_application()
        d.wait_until(
            lambda: self.bridge.confirmation.print_state is PrintState.FAILED,
            20,
            "the printer fault never showed",
        )
        image = d.wait_for("receiptImage")
        d.wait_until(lambda: image.property("paintedHeight") > 0, 10, "no receipt on screen")
        self.shoot("confirmation-printer-out-of-paper")
        d.tap("finishButton")
        d.wait_for("startButton")

    def walk_photo_page(self) -> None:
        """A page that asks for a paper, page by page: the camera with the page's outline
        and a hint, the page captured on its own once still, checked, kept; a second page;
        the pages kept."""
        b, d = self.bridge, self.d
        self.dress()
        to_the_paper_question(b)
        for number in (1, 2):
            d.wait_for("takePhotoButton")
            d.wait_until(lambda: bool(b.camera.live), 10, "no camera picture")
            d.wait_until(
                lambda: len(json.loads(b.camera.property("pageOutline"))) == 8,
                20,
                "no page outlined",
            )
            if number == 1:
                self.shoot("question-paper-camera")
            # captured on its own: the demo camera holds each page still for a few seconds
            image = d.wait_for("photoTaken", AUTO_CAPTURE_WAIT_S)
            d.wait_until(partial(_painted, image), 10, "no page on screen")
            if number == 1:
                self.shoot("question-paper-page-captured")
            d.tap("usePhotoButton")
            d.wait_for(f"page_{number}")
            if number == 1:
                d.tap("addPageButton")
        self.shoot("question-paper-pages")
        b.finish()
        d.wait_for("startButton")

    def walk_lookup(self, tracking_code: str) -> None:
        """Home → look up an application: the receipt held up to the camera, then another
        code mistyped and corrected on the keyboard, and back home."""
        d = self.d
        self.dress()
        d.tap("lookupStartButton")
        d.wait_for("lookupField")
        d.wait_until(lambda: bool(self.bridge.camera.live), 10, "no camera picture")
        self.shoot("lookup")
        d.wait_for("lookupStage", timeout_s=20)  # the demo camera shows the newest receipt
        self.shoot("lookup-found")
        d.tap("lookupAgainButton")
        d.tap("lookupField")
        mistyped = tracking_code[:-1]
        d.type_on_keyboard(mistyped)
        d.tap("lookupButton")
        d.wait_for("errorText")
        self.shoot("lookup-mistyped")
        d.tap("lookupField")
        d.erase_on_keyboard(len(mistyped))
        d.type_on_keyboard(tracking_code)
        d.tap("lookupButton")
        d.wait_for("lookupStage", timeout_s=20)
        d.tap("lookupDoneButton")
        d.wait_for("startButton")

    def walk_technician(self, pin: str) -> None:
        """Home → five taps in the hidden corner → the PIN pad → the technician screen with
        the test page printed and the self-test run (its top, then its bottom) → Exit."""
        d, view = self.d, self.bridge.technician
        d.wait_for("startButton")
        for _ in range(5):
            d.tap("technicianCorner")
        d.wait_for("pinPad")
        for digit in pin[:4]:
            d.tap(f"pinKey{digit}")
        self.shoot("technician-pin")
        for digit in pin[4:]:
            d.tap(f"pinKey{digit}")
        d.tap("pinSignInButton")
        d.wait_for("devicesSection", timeout_s=20)
        d.tap("testPrintButton")
        d.wait_for("testPrintResult", timeout_s=20)
        d.tap("selfTestButton")
        d.wait_for("selfTestSummary", timeout_s=60)
        d.wait_until(lambda: bool(self.bridge.camera.live), 10, "no camera picture")
        d.wait_until(lambda: bool(view.property("qrJson")), 20, "the camera read no QR code")
        scroll = d.wait_for("technicianScroll")
        scroll.setProperty("contentY", 0.0)
        self.shoot("technician")
        bottom = float(scroll.property("contentHeight")) - scroll.height()
        scroll.setProperty("contentY", max(0.0, bottom))
        self.shoot("technician-bottom")
        d.tap("technicianExitButton")
        d.wait_for("startButton")

    def _wait_question(self, number: int) -> None:
        self.d.wait_until(
            lambda: (
                self.d.find("questionLabel") is not None
                and self.bridge.form.question().get("number") == number
            ),
            10,
            f"question {number} never appeared",
        )


def _painted(image: QQuickItem) -> bool:
    return float(image.property("paintedHeight")) > 0


def past_result_choices(bridge: SessionBridge) -> None:
    """On the delivery choice or the notification offer (after the last question): the
    procedure's default way of receiving the result, and no notifications, by the slots."""
    session = bridge.session
    if session.screen is Screen.DELIVERY:
        bridge.result_choice.chooseDelivery(
            session.delivery_methods[0].value, session.delivery_address()
        )
    if session.screen is Screen.NOTIFY:
        bridge.result_choice.declineToNotify()


def tap_past_result_choices(d: ScreenDriver, bridge: SessionBridge) -> None:
    """The same by taps, as a resident would: Continue on the delivery choice (its default
    marked), "Không, cảm ơn" on the notification offer; then the check page."""
    d.wait_until(
        lambda: bridge.session.screen not in (Screen.QUESTION, Screen.IDENTIFY),
        10,
        "the questions never ended",
    )
    if bridge.session.screen is Screen.DELIVERY:
        d.tap("deliveryContinueButton")
        d.wait_until(lambda: bridge.session.screen is not Screen.DELIVERY, 10, "delivery stays")
    if bridge.session.screen is Screen.NOTIFY:
        d.tap("notifyDeclineButton")
    d.wait_for("submitButton")


def to_the_paper_question(bridge: SessionBridge) -> None:
    """From the home screen to the birth registration's paper (the birth notice), the
    answers before it typed (the tour's and the tests' way there)."""
    bridge.start()
    bridge.chooseProcedure(PHOTO_PROCEDURE_CODE)
    bridge.begin()
    bridge.consent(True)
    bridge.typeInstead()
    for answer in PHOTO_PAGE_ANSWERS:
        bridge.form.answer(answer)
