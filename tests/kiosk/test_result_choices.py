"""Issue 16 in the core: the procedure's ways of receiving the result, of paying and of being
told (read from its file, refused with the file and key named), the session's delivery
choice and notification offer before the check page, the fee's VietQR payment as a state
machine, and what the receipt says of all three."""

from __future__ import annotations

import pytest

from kiosk.fee_payment import ASKS_BEFORE_GIVING_UP, FeePayment, PaymentPhase
from kiosk.payment import PaymentFailure, PaymentMethod, PaymentRequest, PaymentState, PaymentStatus
from kiosk.procedure_file import procedure_documents, procedures_from_documents
from kiosk.procedures import CatalogueError
from kiosk.receipt import ReceiptContext, build_receipt
from kiosk.result_delivery import DeliveryMethod, NotificationChannel
from kiosk.session import DELIVERY_ROW, NOTIFY_ROW, KioskSession, Screen
from kiosk.settings import CONFIG_DIR
from tests.result_choices import screen_now

from .test_session import identity

LY_LICH = "cap-phieu-ly-lich-tu-phap"
ANSWERS = {
    "certificate_type": "form_1",
    "purpose": "Xin việc",
    "birth_place": "Hà Nội",
    "father.full_name": "Nguyễn Văn Bình",
    "mother.full_name": "Trần Thị Hoa",
    "has_spouse": "no",
    "residence_history": "Hà Nội từ 1984",
    "fee_group": "none",
    "copies": "1",
    "phone": "0912345678",
}
CONTEXT = ReceiptContext("HN-TEST-1 · Tòa A", "1022", "https://example.invalid/tra-cuu")


def at_the_delivery_choice(session: KioskSession) -> None:
    session.start()
    session.choose_procedure(LY_LICH)
    session.begin()
    session.consent(True)
    session.card_read(identity())
    while session.screen is Screen.QUESTION:
        assert session.current_question is not None
        assert session.answer(ANSWERS[session.current_question.id]) is None, session.error
    assert session.screen is Screen.DELIVERY


# --- the procedure's data ---------------------------------------------------------------------
def _documents(**changes: object) -> list[dict[str, object]]:
    docs = procedure_documents(CONFIG_DIR / "procedures")
    doc = next(d for d in docs if d["code"] == LY_LICH)
    doc.update(changes)
    for key, value in changes.items():
        if value is None:
            doc.pop(key)
    return [doc]


def test_the_ways_are_read_in_order_the_first_the_default() -> None:
    (procedure,) = procedures_from_documents(_documents(), CONFIG_DIR, "test")
    assert procedure.delivery_methods == (
        DeliveryMethod.OFFICE,
        DeliveryMethod.POST,
        DeliveryMethod.ELECTRONIC,
    )
    assert procedure.payment_methods[0] is PaymentMethod.VIETQR and procedure.notify
    (bare,) = procedures_from_documents(
        _documents(result_delivery=None, payment=None, notify=None), CONFIG_DIR, "test"
    )
    assert bare.delivery_methods == (DeliveryMethod.OFFICE,)  # absent: at the office
    assert bare.payment_methods == (PaymentMethod.CASH_AT_OFFICE,)  # a fee: cash by default
    assert not bare.notify


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"result_delivery": ["office", "pigeon"]}, "key 'result_delivery': 'pigeon' is not"),
        ({"result_delivery": []}, "key 'result_delivery': must be a non-empty list"),
        ({"result_delivery": ["post", "post"]}, "key 'result_delivery': names a way twice"),
        ({"payment": "vietqr"}, "key 'payment': must be a non-empty list"),
        ({"notify": "yes"}, "key 'notify'"),
        (
            {"payment": ["vietqr"], "fee_vnd": 0, "fee_rules": None},
            "key 'payment': the procedure has no fee",
        ),
    ],
)
def test_a_wrong_way_is_refused_naming_the_procedure_and_key(
    changes: dict[str, object], reason: str
) -> None:
    with pytest.raises(CatalogueError, match=reason.replace("(", r"\(")) as refused:
        procedures_from_documents(_documents(**changes), CONFIG_DIR, "catalogue from the portal")
    assert "procedures[0]" in str(refused.value)


# --- the session ------------------------------------------------------------------------------
def test_the_delivery_choice_and_the_news_offer_come_before_the_check_page(
    session: KioskSession,
) -> None:
    at_the_delivery_choice(session)
    assert session.delivery_address() == identity().address  # the card's, to correct
    assert not session.choose_delivery(DeliveryMethod.POST, "   ")
    assert session.error is not None and session.screen is Screen.DELIVERY
    assert session.choose_delivery(DeliveryMethod.POST, "Căn 1205, Tòa A, Láng Hạ")
    assert screen_now(session) is Screen.NOTIFY
    assert session.notification_phone() == "0912345678"  # the form's phone
    assert not session.agree_to_notify(NotificationChannel.SMS, "12345")
    assert session.notification is None and session.error is not None
    assert session.agree_to_notify(NotificationChannel.SMS, "+84 987 654 321")
    assert screen_now(session) is Screen.REVIEW
    rows = {r.question_id: r.value for r in session.review_rows("en")}
    assert rows[DELIVERY_ROW] == "By public postal service: Căn 1205, Tòa A, Láng Hạ"
    assert rows[NOTIFY_ROW] == "SMS text message — 0987654321"

    submission = session.submit()
    assert submission.to_payload()["result_delivery"] == {
        "method": "post",
        "postal_address": "Căn 1205, Tòa A, Láng Hạ",
    }
    assert submission.to_payload()["notification"] == {
        "channel": "sms",
        "phone": "0987654321",
        "consent_at": session.clock().isoformat(),
    }
    session.submitted()
    session.finish()
    assert session.delivery is None and session.notification is None
    assert not session.notify_answered


def test_back_and_change_walk_the_choices_and_keep_them(session: KioskSession) -> None:
    at_the_delivery_choice(session)
    session.back()
    assert session.screen is Screen.QUESTION and session.question_id == "phone"
    session.answer("0912345678")
    assert session.choose_delivery(DeliveryMethod.ELECTRONIC)
    session.decline_to_notify()
    session.back()
    assert screen_now(session) is Screen.NOTIFY
    session.back()
    assert screen_now(session) is Screen.DELIVERY
    assert session.delivery is not None and session.delivery.method is DeliveryMethod.ELECTRONIC
    session.choose_delivery(DeliveryMethod.ELECTRONIC)
    session.decline_to_notify()
    session.change(DELIVERY_ROW)
    assert screen_now(session) is Screen.DELIVERY
    assert session.choose_delivery(DeliveryMethod.OFFICE)
    assert screen_now(session) is Screen.REVIEW  # straight back, the news answer kept
    session.change(NOTIFY_ROW)
    session.back()
    assert screen_now(session) is Screen.REVIEW
    submission = session.submit()
    assert submission.to_payload()["result_delivery"] == {"method": "office"}
    assert "notification" not in submission.to_payload()


def test_one_way_only_is_not_asked_and_still_travels(session: KioskSession) -> None:
    session.start()
    session.choose_procedure("dang-ky-tam-tru")  # electronically only
    session.begin()
    session.consent(True)
    session.card_read(identity())
    for answer in ("Căn 1205, Tòa A", "12", "relative", "0912345678"):
        assert session.answer(answer) is None
    assert session.screen is Screen.NOTIFY
    session.decline_to_notify()
    assert DELIVERY_ROW not in {r.question_id for r in session.review_rows("vi")}
    assert session.submit().to_payload()["result_delivery"] == {"method": "electronic"}


# --- the fee's payment ------------------------------------------------------------------------
def phase_of(payment: FeePayment) -> PaymentPhase:
    """The phase read afresh (see :func:`tests.result_choices.screen_now`)."""
    return payment.phase


def _request(state: PaymentState = PaymentState.PENDING) -> PaymentRequest:
    return PaymentRequest("PAY-1", "HN-7K3M-Q9PD", "970415", "113366668888", 7000, "HS X", state)


def test_the_payment_asks_for_the_code_then_watches_until_paid() -> None:
    payment = FeePayment()
    assert payment.next_call("L1") is None and payment.settled  # nothing asked: no wait
    assert payment.begin("L1") and not payment.begin("L1")
    assert not payment.settled and payment.next_call("L1") == "request"
    assert payment.next_call("L1") is None  # one question at a time
    assert payment.requested("L1", _request())
    assert payment.phase is PaymentPhase.PENDING and payment.settled
    assert payment.next_call("L1") == "status"
    assert not payment.checked("L1", PaymentStatus("PAY-1", PaymentState.PENDING))
    assert not payment.checked("L2", PaymentStatus("PAY-1", PaymentState.PAID))  # not ours
    payment.next_call("L1")
    assert payment.checked("L1", PaymentStatus("PAY-1", PaymentState.PAID))
    assert payment.phase is PaymentPhase.PAID and not payment.watching
    assert payment.next_call("L1") is None
    payment.forget()
    assert payment.request is None and payment.phase is PaymentPhase.NONE


def test_a_dossier_not_at_the_portal_yet_is_asked_again_then_the_resident_is_told() -> None:
    payment = FeePayment()
    payment.begin("L1")
    for _ in range(ASKS_BEFORE_GIVING_UP - 1):
        assert payment.next_call("L1") == "request"
        assert not payment.requested("L1", PaymentFailure.NOT_AT_PORTAL_YET)
        assert not payment.settled  # the receipt waits for the code
    payment.next_call("L1")
    assert payment.requested("L1", PaymentFailure.NOT_AT_PORTAL_YET)
    assert payment.phase is PaymentPhase.FAILED and payment.settled
    assert payment.next_call("L1") == "request"  # still asked while the screen is open
    assert payment.requested("L1", _request())
    assert phase_of(payment) is PaymentPhase.PENDING and payment.failure is None


# --- the receipt ------------------------------------------------------------------------------
def test_the_receipt_carries_the_vietqr_code_the_delivery_and_a_masked_number(
    session: KioskSession,
) -> None:
    at_the_delivery_choice(session)
    session.choose_delivery(DeliveryMethod.POST, "Căn 1205, Tòa A, Láng Hạ")
    session.agree_to_notify(NotificationChannel.ZALO, "0987654321")
    submission = session.submit()
    procedure = session.procedure
    assert procedure is not None
    receipt = build_receipt(submission, procedure, CONTEXT, payment=_request())
    assert receipt.vietqr_payload == _request().qr_payload()
    assert ("Nội dung chuyển khoản", "HS X") in receipt.vietqr_rows
    assert receipt.fee_payment.startswith("Chuyển khoản bằng mã VietQR in bên dưới; hoặc")
    assert receipt.result_delivery.startswith("Nhận qua dịch vụ bưu chính công ích")
    assert "1205" not in receipt.result_delivery  # the address is not on paper
    assert receipt.notification == "Zalo đến số 0987***321"

    paid = build_receipt(submission, procedure, CONTEXT, payment=_request(PaymentState.PAID))
    assert paid.fee_payment == "Đã thanh toán" and paid.vietqr_payload == ""
    none = build_receipt(submission, procedure, CONTEXT)
    assert none.vietqr_payload == "" and "VietQR" not in none.fee_payment
