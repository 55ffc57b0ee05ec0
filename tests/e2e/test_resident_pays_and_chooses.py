"""Issue 16, the resident's side, through the real QML screens, the real SQLite outbox, the
worker and the portal simulator on 127.0.0.1: the fee paid by VietQR while the confirmation
is open and after it closed (seen in the look-up), the notification consent given and
declined, the rating queued and synced linked to nothing, and a look-up of another kiosk's
dossier showing its payment and delivery."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import httpx
import zxingcpp
from PIL import Image

from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.demo import OTHER_RESIDENT, other_kiosks_dossier
from kiosk.app.on_screen import OnScreen
from kiosk.fee_payment import PaymentPhase
from kiosk.vietqr import parse
from ui.driver import ScreenDriver
from ui.tour import Tour

PHONE = "0987654321"


def portal_url(on_screen: OnScreen) -> str:
    portal = on_screen.app.portal_simulator
    assert portal is not None
    return portal.base_url


def code_shown(qtbot, on_screen: OnScreen) -> str:
    """Wait for the VietQR code on the confirmation (the outbox sends the dossier first);
    its payment id."""
    session = on_screen.bridge.session
    qtbot.waitUntil(lambda: session.payment.phase is PaymentPhase.PENDING, timeout=30_000)
    request = session.payment.request
    assert request is not None
    return request.payment_id


def mark_paid(on_screen: OnScreen, payment_id: str) -> None:
    answer = httpx.post(f"{portal_url(on_screen)}/sim/payments/{payment_id}/paid")
    assert answer.status_code == 200


def look_up(driver: ScreenDriver, code: str) -> None:
    driver.tap("lookupStartButton")
    driver.tap("lookupField")
    driver.type_on_keyboard(code)
    driver.tap("lookupButton")
    driver.wait_for("lookupStage", timeout_s=20)


def state_of(on_screen: OnScreen, tracking_code: str) -> str:
    with sqlite3.connect(on_screen.app.outbox.db_path) as db:
        row = db.execute(
            "SELECT state FROM outbox WHERE tracking_code = ?", (tracking_code,)
        ).fetchone()
    return row[0] if row else ""


def test_paid_while_the_confirmation_is_open_the_screen_and_the_lookup_say_so(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    Tour(driver, bridge, None).submit_typed_application()  # temporary residence: 7.000 đồng
    code = str(bridge.confirmation.property("trackingCode"))
    payment_id = code_shown(qtbot, on_screen)
    driver.wait_for("vietqrImage")
    assert driver.property_of("paymentState", "text") == "Chưa thanh toán"
    qtbot.waitUntil(lambda: bridge.confirmation.print_state == "printed", timeout=20_000)

    # The receipt carries the same code: a bank app reads the fee and the tracking code.
    printer = on_screen.app.printer
    assert isinstance(printer, SimulatedPrinter)
    texts = [r.text for r in zxingcpp.read_barcodes(Image.open(printer.printed[-1]).convert("L"))]
    (vietqr_text,) = [t for t in texts if t.startswith("000201")]
    transfer = parse(vietqr_text)
    assert transfer.amount_vnd == 7000 and code in transfer.purpose

    mark_paid(on_screen, payment_id)  # the office's bank reports the transfer
    qtbot.waitUntil(
        lambda: driver.property_of("paymentState", "text") == "✓ Đã thanh toán", timeout=15_000
    )
    driver.tap("finishButton")
    driver.wait_for("startButton")

    look_up(driver, code)
    assert str(driver.property_of("lookupPayment", "text")).startswith("✓ Đã thanh toán (")


def test_paid_after_the_screen_closed_the_lookup_says_so(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    Tour(driver, bridge, None).submit_typed_application()
    code = str(bridge.confirmation.property("trackingCode"))
    payment_id = code_shown(qtbot, on_screen)
    driver.tap("finishButton")
    driver.wait_for("startButton")
    assert bridge.session.payment.request is None  # forgotten with the session

    look_up(driver, code)
    assert driver.property_of("lookupPayment", "text") == "Chưa thanh toán"
    driver.tap("lookupDoneButton")
    driver.wait_for("startButton")

    mark_paid(on_screen, payment_id)  # paid at home, from the receipt's code
    look_up(driver, code)
    assert str(driver.property_of("lookupPayment", "text")).startswith("✓ Đã thanh toán (")
    assert driver.property_of("lookupDelivery", "text") == "Nhận bản điện tử"


def test_the_notification_consent_reaches_the_portal_which_messages_that_number(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    tour = Tour(driver, bridge, None)
    tour.dress()
    bridge.start()
    bridge.chooseProcedure("dang-ky-tam-tru")
    bridge.begin()
    bridge.consent(True)
    bridge.typeInstead()
    from ui.tour import TYPED_APPLICATION

    for answer in TYPED_APPLICATION:
        bridge.form.answer(answer)
    driver.wait_for("notifyPhoneField")
    assert driver.property_of("notifyPhoneField", "text") == TYPED_APPLICATION[-1]  # pre-filled
    driver.tap("channel_zalo")
    driver.tap("notifyPhoneField")
    driver.erase_on_keyboard(len(TYPED_APPLICATION[-1]))
    driver.type_on_keyboard(PHONE)
    driver.tap("notifyAgreeButton")
    driver.wait_for("change_notification")
    driver.tap("submitButton")
    driver.wait_for("trackingCode", timeout_s=20)
    code = str(bridge.confirmation.property("trackingCode"))
    qtbot.waitUntil(lambda: state_of(on_screen, code) == "accepted", timeout=20_000)

    sent = httpx.get(f"{portal_url(on_screen)}/sim/notifications").json()["notifications"]
    mine = [n for n in sent if n["tracking_code"] == code]
    assert mine and all(n["phone"] == PHONE and n["channel"] == "zalo" for n in mine)
    (dossier,) = [
        d
        for d in httpx.get(f"{portal_url(on_screen)}/sim/dossiers").json()["dossiers"]
        if d["tracking_code"] == code
    ]
    consent = dossier["body"]["notification"]
    assert consent["phone"] == PHONE and consent["consent_at"].startswith("20")


def test_declining_notifications_sends_and_stores_no_number(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    Tour(driver, bridge, None).submit_typed_application()  # "Không, cảm ơn" on the offer
    code = str(bridge.confirmation.property("trackingCode"))
    qtbot.waitUntil(lambda: state_of(on_screen, code) == "accepted", timeout=20_000)
    sent = httpx.get(f"{portal_url(on_screen)}/sim/notifications").json()["notifications"]
    assert [n for n in sent if n["tracking_code"] == code] == []
    (dossier,) = [
        d
        for d in httpx.get(f"{portal_url(on_screen)}/sim/dossiers").json()["dossiers"]
        if d["tracking_code"] == code
    ]
    assert "notification" not in dossier["body"]


def test_a_rating_is_queued_and_synced_with_nothing_linking_it(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    bridge = on_screen.bridge
    Tour(driver, bridge, None).submit_typed_application()
    code = str(bridge.confirmation.property("trackingCode"))
    code_shown(qtbot, on_screen)  # the screen settled: the fee's code above the faces
    driver.tap("face_2")
    driver.tap("reason_slow")
    driver.tap("ratingSendButton")
    driver.wait_for("ratingThanks")
    driver.tap("finishButton")
    driver.wait_for("startButton")

    # More residents rate: the worker holds ratings until five can go together, in random
    # order, so none can be matched to the submission just before it.
    qtbot.waitUntil(lambda: len(on_screen.app.outbox.due_ratings(10)) == 1)  # held, durably
    for face in ("face_5", "face_4", "face_4", "face_1"):
        Tour(driver, bridge, None).submit_typed_application()
        code_shown(qtbot, on_screen)
        driver.tap(face)
        driver.tap("ratingReasonsSkipButton")
        driver.wait_for("ratingThanks")
        driver.tap("finishButton")
        driver.wait_for("startButton")

    def ratings() -> list[dict[str, Any]]:
        return httpx.get(f"{portal_url(on_screen)}/sim/ratings").json()["ratings"]

    qtbot.waitUntil(lambda: len(ratings()) == 5, timeout=60_000)
    taken = ratings()
    assert sorted(r["score"] for r in taken) == [1, 2, 4, 4, 5]
    assert {"score": 2, "reasons": ["slow"]}.items() <= next(
        r for r in taken if r["score"] == 2
    ).items()
    for rating in taken:
        assert set(rating) == {"score", "reasons", "procedure_code", "kiosk_id", "day"}
        assert code not in json.dumps(rating)


def test_another_kiosks_dossier_shows_its_payment_and_delivery_in_the_lookup(
    qtbot, on_screen: OnScreen, driver: ScreenDriver
):
    portal = on_screen.app.portal_simulator
    assert portal is not None
    code = other_kiosks_dossier(  # paid at the other kiosk
        portal,
        on_screen.app.clock(),
        delivery={"method": "post", "postal_address": OTHER_RESIDENT[2]},
    )

    look_up(driver, code)
    assert str(driver.property_of("lookupElsewhere", "text")).startswith("Hồ sơ nộp ở kiosk")
    assert driver.property_of("lookupDelivery", "text") == "Nhận qua dịch vụ bưu chính công ích"
    assert str(driver.property_of("lookupPayment", "text")).startswith("✓ Đã thanh toán")
    assert OTHER_RESIDENT[2] not in str(driver.property_of("lookupDelivery", "text"))
