"""How the result is received, news of it, the fee by VietQR and the rating, through the real
QML screens over fakes (issue 16): each delivery choice reaches the submission, the receipt
and the look-up; the notification consent given, refused for a wrong number, and declined;
the VietQR code shown and then paid, or why not; the rating queued with nothing of the
person; and all of it wiped with the session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.dossier_lookup import DossierFacts, DossierStage
from kiosk.rating import rating_day
from kiosk.result_delivery import DeliveryMethod
from kiosk.session import Screen

from .conftest import Screens
from .test_filling_procedures import CRIMINAL_RECORD, Filler

CARD_ADDRESS = "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội"


def to_the_delivery_choice(s: Screens) -> Filler:
    """The criminal record certificate (office, post or electronically; news offered),
    its questions answered, on the delivery choice."""
    f = Filler(s)
    f.open("cap-phieu-ly-lich-tu-phap", "ly lich")
    while s.bridge.property("screen") == "question":
        f.give(CRIMINAL_RECORD[str(f.question()["id"])])
        f.next()
    f.d.wait_for("deliveryContinueButton")
    return f


def shoot(s: Screens, name: str) -> None:
    """Save the screen as ``name``.png in $KIOSK_TEST_PICTURES, when set (to look at)."""
    s.driver.settle(200)
    folder = os.environ.get("KIOSK_TEST_PICTURES")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        s.driver.grab(Path(folder) / f"{name}.png")


@pytest.mark.parametrize("method", ["office", "post", "electronic"])
def test_each_delivery_choice_travels_in_the_submission_to_the_receipt_and_the_lookup(
    screens: Screens, method: str
) -> None:
    s, d = screens, screens.driver
    f = to_the_delivery_choice(s)
    assert d.find("delivery_office") is not None and d.find("delivery_electronic") is not None
    d.tap(f"delivery_{method}")
    if method == "post":
        # The address on the card, to correct: the resident adds the flat.
        assert d.property_of("postalAddressField", "text") == CARD_ADDRESS
        d.tap("postalAddressField")
        d.type_on_keyboard(" (căn 1205)")
        shoot(s, "delivery-post")
    d.tap("deliveryContinueButton")
    d.tap("notifyDeclineButton")
    d.wait_for("submitButton")
    rows = f.review()
    assert rows["result_delivery"].startswith(
        {"office": "Nhận tại", "post": "Nhận qua dịch vụ bưu chính", "electronic": "Nhận bản"}[
            method
        ]
    )

    submission = f.submit()
    expected: dict[str, str] = {"method": method}
    if method == "post":
        expected["postal_address"] = CARD_ADDRESS + " (căn 1205)"
    assert submission.to_payload()["result_delivery"] == expected
    d.wait_until(lambda: len(s.printer.printed) == 1, 10, "no receipt")
    (receipt,) = s.printer.printed
    shown = {
        "office": "Nhận tại bộ phận một cửa",
        "post": "Nhận qua dịch vụ bưu chính công ích, đến địa chỉ Ông/Bà đã khai",
        "electronic": "Nhận bản điện tử",
    }[method]
    assert receipt.result_delivery == shown  # the address itself is not printed
    assert "1205" not in repr(receipt)

    d.tap("finishButton")
    s.dossiers.dossiers[submission.tracking_code] = DossierFacts(
        submission.tracking_code,
        submission.procedure_code,
        submitted_at=submission.created_at,
        stage=DossierStage.RECEIVED,
        result_delivery=DeliveryMethod(method),
    )
    d.tap("lookupStartButton")
    d.tap("lookupField")
    d.type_on_keyboard(submission.tracking_code)
    d.tap("lookupButton")
    d.wait_for("lookupStage")
    assert str(d.property_of("lookupDelivery", "text")) == shown.split(",")[0]


def test_a_missing_postal_address_is_explained_and_back_and_change_keep_the_choice(
    screens: Screens,
) -> None:
    s, d = screens, screens.driver
    f = to_the_delivery_choice(s)
    d.tap("delivery_post")
    d.tap("postalAddressField")
    d.erase_on_keyboard(len(CARD_ADDRESS))
    d.tap("deliveryContinueButton")
    assert "nhập địa chỉ nhận kết quả qua bưu điện" in str(s.bridge.property("error"))
    assert s.session.screen is Screen.DELIVERY
    shoot(s, "delivery-address-missing")
    d.tap("delivery_electronic")
    d.tap("deliveryContinueButton")
    d.wait_for("notifyDeclineButton")
    d.tap("backButton")  # back to the delivery choice, the choice kept
    d.wait_for("deliveryContinueButton")
    assert s.bridge.result_choice.property("chosen") == "electronic"
    d.tap("deliveryContinueButton")
    d.tap("notifyDeclineButton")
    d.wait_for("submitButton")

    d.tap("change_result_delivery")  # Change from the check page, and straight back
    d.tap("delivery_office")
    d.tap("deliveryContinueButton")
    d.wait_for("submitButton")
    assert f.review()["result_delivery"] == "Nhận tại bộ phận một cửa"
    assert f.review()["notification"] == "Không nhận thông báo"


def test_notification_consent_records_the_number_and_the_time_and_a_wrong_number_is_refused(
    screens: Screens,
) -> None:
    s, d = screens, screens.driver
    f = to_the_delivery_choice(s)
    d.tap("deliveryContinueButton")
    d.wait_for("notifyPhoneField")
    assert d.property_of("notifyPhoneField", "text") == "0912345678"  # the form's phone
    d.tap("notifyPhoneField")
    d.erase_on_keyboard(10)
    d.type_on_keyboard("0123")
    d.tap("notifyAgreeButton")
    assert "10 chữ số" in str(s.bridge.property("error"))
    assert s.session.notification is None
    shoot(s, "notify-wrong-number")
    d.erase_on_keyboard(4)
    d.type_on_keyboard("0987654321")
    d.tap("channel_zalo")
    d.tap("notifyAgreeButton")
    d.wait_for("submitButton")
    assert f.review()["notification"] == "Zalo — 0987654321"

    submission = f.submit()
    consent = submission.to_payload()["notification"]
    assert consent["channel"] == "zalo" and consent["phone"] == "0987654321"
    assert consent["consent_at"] == s.clock().isoformat()
    d.wait_until(lambda: len(s.printer.printed) == 1, 10, "no receipt")
    assert s.printer.printed[0].notification == "Zalo đến số 0987***321"

    d.tap("finishButton")  # wiped with the session
    assert s.session.notification is None and s.session.delivery is None


def test_declining_notifications_sends_no_number(screens: Screens) -> None:
    s, d = screens, screens.driver
    f = to_the_delivery_choice(s)
    d.tap("deliveryContinueButton")
    shoot(s, "notify")
    d.tap("notifyDeclineButton")
    d.wait_for("submitButton")
    submission = f.submit()
    assert "notification" not in submission.to_payload()
    assert s.printer.printed == [] or s.printer.printed[0].notification == ""


def test_the_vietqr_code_shows_then_paid_while_the_screen_is_open(screens: Screens) -> None:
    from .test_screens import to_review

    s, d = screens, screens.driver
    to_review(s)  # temporary residence: 7.000 đồng, VietQR offered
    d.tap("submitButton")
    d.wait_for("vietqrImage")
    code = s.session.submission.tracking_code if s.session.submission else ""
    assert s.payments.requested == [(code, 7000)]
    assert d.property_of("paymentState", "text") == "Chưa thanh toán"
    d.wait_until(lambda: len(s.printer.printed) == 1, 10, "no receipt")
    assert s.printer.printed[0].vietqr_payload.startswith("000201")  # printed too
    shoot(s, "confirmation-vietqr")

    s.payments.paid.add(f"PAY-{code}")  # the poll finds it paid
    d.wait_until(
        lambda: d.property_of("paymentState", "text") == "✓ Đã thanh toán", 10, "never paid"
    )
    assert s.session.payment.request is not None
    d.tap("finishButton")
    assert s.session.payment.request is None  # forgotten with the session


@pytest.mark.parametrize("size", ["normal", "largest"])
def test_the_code_arriving_moves_nothing_under_a_finger_reaching_for_the_rating(
    screens: Screens, size: str
) -> None:
    """The portal answers a moment after the confirmation shows, and later says it was paid:
    the code takes the place the progress indicator held, the paid code stays there faded,
    so a face the resident is about to tap stays put through both."""
    from .test_screens import to_review

    s, d = screens, screens.driver
    if size != "normal":
        d.tap(f"textSize_{size}")
    s.payments.answering.clear()  # the portal is slow to make the code
    to_review(s)
    d.tap("submitButton")
    d.wait_for("paymentAsking")
    assert d.property_of("paymentState", "text") == "Đang tạo mã…"
    face = d.wait_for("face_3")
    d.scroll_into_view(face)
    d.settle(200)
    before = face.mapToScene(face.boundingRect().center()).y()

    s.payments.answering.set()
    d.wait_for("vietqrImage")
    d.settle(200)
    assert d.find("paymentAsking") is None
    assert face.mapToScene(face.boundingRect().center()).y() == pytest.approx(before, abs=2)
    shoot(s, f"confirmation-code-arrived-{size}")

    s.payments.paid.add(f"PAY-{s.session.submission.tracking_code}")  # type: ignore[union-attr]
    d.wait_until(
        lambda: d.property_of("paymentState", "text") == "✓ Đã thanh toán", 10, "never paid"
    )
    d.settle(200)
    assert face.mapToScene(face.boundingRect().center()).y() == pytest.approx(before, abs=2)
    shoot(s, f"confirmation-paid-{size}")
    d.scroll_into_view(d.wait_for("paymentPane"))
    shoot(s, f"confirmation-paid-code-{size}")


def test_no_payment_system_says_so_in_both_languages_and_offers_the_other_ways(
    screens: Screens,
) -> None:
    from .test_screens import to_review

    s, d = screens, screens.driver
    s.payments.broken = True
    to_review(s)
    d.tap("submitButton")
    d.wait_for("paymentFailure")
    d.wait_until(lambda: bool(d.property_of("paymentFailure", "text")), 10, "nothing said")
    assert "Chưa kết nối được hệ thống thanh toán" in str(d.property_of("paymentFailure", "text"))
    others = str(d.property_of("paymentOthers", "text"))
    assert "Nộp tiền mặt tại bộ phận một cửa" in others and "Thanh toán sau" in others
    d.wait_until(lambda: len(s.printer.printed) == 1, 10, "the receipt waited forever")
    assert s.printer.printed[0].vietqr_payload == ""
    shoot(s, "confirmation-payment-unavailable")
    s.bridge.setLanguage("en")
    d.wait_until(
        lambda: "payment system cannot be reached" in str(d.property_of("paymentFailure", "text")),
        5,
        "not in English",
    )


def test_a_rating_is_queued_with_the_face_and_reasons_only(screens: Screens) -> None:
    from .test_screens import to_review

    s, d = screens, screens.driver
    to_review(s)
    d.tap("submitButton")
    d.wait_for("vietqrImage")
    d.tap("face_5")
    d.tap("reason_easy_to_use")
    d.tap("reason_quick")
    d.tap("reason_quick")  # changed their mind
    shoot(s, "rating-reasons")
    d.tap("ratingSendButton")
    d.wait_for("ratingThanks")
    d.wait_until(lambda: len(s.queue.ratings) == 1, 5, "not queued")
    (rating,) = s.queue.ratings
    assert rating.to_payload() == {
        "score": 5,
        "reasons": ["easy_to_use"],
        "procedure_code": "dang-ky-tam-tru",
        "kiosk_id": "HN-TEST-1",
        "day": rating_day(s.clock()).isoformat(),  # the day only, not the time
    }
    submission = s.queue.queued[0]
    assert submission.tracking_code not in rating.payload_json()


def test_skipping_the_rating_queues_nothing(screens: Screens) -> None:
    from .test_screens import to_review

    s, d = screens, screens.driver
    to_review(s)
    d.tap("submitButton")
    d.wait_for("vietqrImage")
    d.tap("ratingSkipButton")
    d.wait_for("ratingThanks")
    assert s.queue.ratings == []
    assert d.find("face_3") is None  # the faces are gone: nothing more to tap by mistake


def test_the_fee_code_beside_the_lookup_code_on_a_receipt_is_passed_over(screens: Screens) -> None:
    from kiosk.vietqr import Transfer, payload

    s, d = screens, screens.driver
    code = "HN-7K3M-Q9PD"
    s.dossiers.dossiers[code] = DossierFacts(
        code, "dang-ky-tam-tru", submitted_at=s.clock(), stage=DossierStage.RECEIVED
    )
    d.tap("lookupStartButton")
    d.wait_until(lambda: s.qr.on_payload is not None, 5, "the camera is not reading")
    s.qr.show(payload(Transfer("970415", "113366668888", 7000, f"LE PHI {code}")))
    d.settle(200)
    assert d.find("errorText") is None  # not "this is not a receipt's code"
    assert s.dossiers.asked == []
    s.qr.show(f"https://example.invalid/tra-cuu?ma={code}")
    d.wait_for("lookupStage")
    assert s.dossiers.asked == [code]
