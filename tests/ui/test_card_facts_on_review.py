"""Through the real check page: the card's facts are listed, not asked; the permanent
address alone has Change, which opens it filled with the card's address to correct."""

from __future__ import annotations

from ui.tour import past_result_choices

from .conftest import Screens
from .test_filling_procedures import CARD

CARD_ADDRESS = "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội"
MOVED_TO = "Số 7 ngõ 15 Chùa Bộc"


def test_the_resident_corrects_the_cards_address_on_the_check_page(screens: Screens) -> None:
    d, b = screens.driver, screens.bridge
    d.tap("startButton")
    d.tap("procedure_dang-ky-tam-tru")
    d.tap("introStartButton")
    d.tap("consentAgreeButton")
    d.wait_for("typeInsteadButton")
    screens.qr.show(CARD)
    d.tap("confirmQrButton")
    d.wait_for("questionLabel")
    assert d.find("correctingCardHint") is None  # a numbered question, not a card fact
    for answer in ("Căn hộ 1205, Tòa A", "12", "relative", ""):
        b.form.answer(answer)
    past_result_choices(b)
    d.wait_for("submitButton")
    assert d.find("change_full_name") is None  # the card's name: listed, not changeable

    d.tap("change_permanent_address")
    area = d.wait_for("answerArea")
    assert area.property("text") == CARD_ADDRESS  # to correct, not to type again
    assert d.find("correctingCardHint") is not None  # says why: the card keeps an old one
    d.erase_on_keyboard(len(CARD_ADDRESS))
    d.type_on_keyboard(MOVED_TO)
    d.tap("nextButton")
    d.wait_for("submitButton")

    rows = {str(r["id"]): str(r["value"]) for r in b.form.review_rows()}
    assert rows["permanent_address"] == MOVED_TO
    d.tap("submitButton")
    d.wait_for("trackingCode")
    (submitted,) = screens.queue.queued
    assert submitted.applicant["address"] == CARD_ADDRESS
    assert submitted.answers["permanent_address"] == MOVED_TO
