"""The portal client's new outcomes (issue 16) against the real simulator on 127.0.0.1: a
fee's payment asked for and seen paid, a rating taken once, the public look-up of a dossier
made by another kiosk; and a portal answer the kiosk cannot use is a value, never a crash."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from kiosk.payment import (
    FAILURE_TEXT,
    PAYMENT_TEXT,
    PaymentFailure,
    PaymentRequest,
    PaymentState,
    PaymentStatus,
    carries_tracking_code,
)
from kiosk.rating import Rating, RatingError, RatingReason, new_rating_key, rating_day
from kiosk.result_delivery import DeliveryMethod
from kiosk.vietqr import parse
from sync.payment_desk import PortalPaymentDesk
from sync.portal_client import (
    Accepted,
    PortalClient,
    PublicDossier,
    RatingTaken,
    Rejected,
    RetryLater,
    UnknownTrackingCode,
)
from sync.portal_simulator import Payee, PortalSimulator, Timeline
from tests.fake_clock import FakeClock


@pytest.fixture
def portal(tmp_path: Path, clock: FakeClock) -> Iterator[PortalSimulator]:
    """The portal as it really runs: every kiosk must be enrolled."""
    sim = PortalSimulator(
        tmp_path / "portal",
        clock=clock,
        timeline=Timeline(60, 300),
        payee=Payee("970436", "0011004188888"),
    )
    sim.start()
    yield sim
    sim.stop()


def kiosk_client(portal: PortalSimulator) -> PortalClient:
    """A client with a newly enrolled kiosk's id and credential."""
    bare = PortalClient(portal.base_url)
    enrolment = bare.enrol(portal.issue_enrolment_code())
    bare.close()
    assert isinstance(enrolment, tuple)
    return PortalClient(
        portal.base_url, kiosk_id=enrolment[0], credential=enrolment[1], timeout_s=2
    )


@pytest.fixture
def kiosk_a(portal: PortalSimulator) -> Iterator[PortalClient]:
    client = kiosk_client(portal)
    yield client
    client.close()


@pytest.fixture
def kiosk_b(portal: PortalSimulator) -> Iterator[PortalClient]:
    client = kiosk_client(portal)
    yield client
    client.close()


def submitted(client: PortalClient, make_submission, **payload: object) -> str:
    """Send a submission with a fee of 15 000 đồng (and ``payload`` fields); its code."""
    submission = make_submission(fee_vnd=15000)
    body = {**submission.to_payload(), **payload}
    assert isinstance(client.submit(submission.local_id, json.dumps(body)), Accepted)
    return submission.tracking_code


def test_a_payment_asked_for_is_a_vietqr_transfer_naming_the_dossier(kiosk_a, make_submission):
    code = submitted(kiosk_a, make_submission)

    payment = kiosk_a.request_payment(code, 15000)

    assert isinstance(payment, PaymentRequest)
    assert (payment.bank_bin, payment.account, payment.amount_vnd) == (
        "970436",
        "0011004188888",
        15000,
    )
    assert payment.state is PaymentState.PENDING and payment.paid_at is None
    assert carries_tracking_code(payment.purpose, code)
    assert parse(payment.qr_payload()) == payment.transfer  # what a bank app would read
    assert kiosk_a.request_payment(code, 15000) == payment  # asked again: the same one


def test_a_payment_marked_paid_at_the_portal_is_seen_paid(
    portal, kiosk_a, kiosk_b, clock, make_submission
):
    code = submitted(kiosk_a, make_submission)
    payment = kiosk_a.request_payment(code, 15000)
    assert isinstance(payment, PaymentRequest)
    assert kiosk_a.payment_status(payment.payment_id) == PaymentStatus(
        payment.payment_id, PaymentState.PENDING
    )
    clock.advance(90)

    portal.mark_paid(payment.payment_id)

    paid = kiosk_a.payment_status(payment.payment_id)
    assert paid == PaymentStatus(payment.payment_id, PaymentState.PAID, clock.now)
    public = kiosk_b.look_up(code)  # another kiosk sees it paid too
    assert isinstance(public, PublicDossier)
    assert (public.payment, public.paid_at) == (PaymentState.PAID, clock.now)


def test_a_payment_the_portal_cannot_make_is_refused_with_its_reason(kiosk_a, make_submission):
    not_sent = make_submission(fee_vnd=15000).tracking_code
    code = submitted(kiosk_a, make_submission)

    unknown = kiosk_a.request_payment(not_sent, 15000)
    wrong_fee = kiosk_a.request_payment(code, 20000)

    assert isinstance(unknown, Rejected) and unknown.http_status == 404
    assert isinstance(wrong_fee, Rejected) and wrong_fee.http_status == 422
    assert "fee" in wrong_fee.reason
    assert isinstance(kiosk_a.payment_status("PAY-NOPE"), Rejected)


def test_another_kiosks_dossier_is_looked_up_without_personal_data(
    kiosk_a, kiosk_b, clock, make_submission
):
    code = submitted(
        kiosk_a,
        make_submission,
        result_delivery={"method": "post", "postal_address": "Số 3 Ngõ 5 Láng Hạ"},
        notification={"channel": "sms", "phone": "0912345678", "consent_at": clock.now.isoformat()},
    )
    clock.advance(400)

    public = kiosk_b.look_up(code)

    assert isinstance(public, PublicDossier)
    assert public.tracking_code == code and public.procedure_code == "1.001234"
    assert [e.status for e in public.history][:2] == ["received", "processing"]
    assert public.status == public.history[-1].status
    assert public.received_at == clock.now - timedelta(seconds=400)
    assert (public.payment, public.result_delivery) == (PaymentState.NONE, DeliveryMethod.POST)
    shown = repr(public)
    for personal in ("Nguyễn Văn An", "001099012345", "0912345678", "Láng Hạ"):
        assert personal not in shown
    assert kiosk_b.look_up("HN-0000-0000") == UnknownTrackingCode("HN-0000-0000")


def test_a_rating_is_taken_once_whatever_the_resends(portal, kiosk_a, clock):
    rating = Rating(
        score=5,
        procedure_code="1.001234",
        kiosk_id=kiosk_a.kiosk_id,
        day=rating_day(clock.now),
        reasons=(RatingReason.QUICK, RatingReason.EASY_TO_USE, RatingReason.QUICK),
    )
    key = new_rating_key()

    first = kiosk_a.send_rating(key, rating.payload_json())
    again = kiosk_a.send_rating(key, rating.payload_json())

    assert isinstance(first, RatingTaken) and again == first
    assert portal.ratings() == [rating.to_payload()]
    assert rating.to_payload()["reasons"] == ["easy_to_use", "quick"]  # each once, in order


def test_a_portal_that_is_down_is_retry_later_for_every_new_call(tmp_path):
    dead = PortalClient("http://127.0.0.1:9", timeout_s=0.5)
    try:
        for outcome in (
            dead.look_up("HN-7K3M-Q9PD"),
            dead.request_payment("HN-7K3M-Q9PD", 15000),
            dead.payment_status("PAY-1"),
            dead.send_rating(new_rating_key(), "{}"),
        ):
            assert isinstance(outcome, RetryLater)
    finally:
        dead.close()


PAYMENT = {
    "payment_id": "PAY-1",
    "tracking_code": "HN-7K3M-Q9PD",
    "bank_bin": "970415",
    "account": "113000006100",
    "amount_vnd": 15000,
    "purpose": "LE PHI HN-7K3M-Q9PD",
    "status": "pending",
}


@pytest.mark.parametrize(
    "change",
    [
        {"purpose": "LE PHI"},
        {"purpose": "LỆ PHÍ HN-7K3M-Q9PD"},
        {"amount_vnd": 20000},
        {"amount_vnd": "15000"},
        {"bank_bin": "VCB"},
        {"status": "refunded"},
        {"tracking_code": "HN-0000-0000"},
    ],
    ids=[
        "a purpose without the code",
        "a purpose with marks",
        "another amount",
        "an amount as text",
        "no BIN",
        "an unknown state",
        "another dossier",
    ],
)
def test_a_payment_the_kiosk_could_not_show_as_a_vietqr_code_is_the_portals_mistake(change):
    # The portal's side is the one thing a real portal could send that the simulator never
    # does, so this one answer is made by hand.
    body = json.dumps({**PAYMENT, **change}).encode()
    transport = httpx.MockTransport(lambda _request: httpx.Response(201, content=body))
    client = PortalClient("http://127.0.0.1:1", transport=transport)
    try:
        outcome = client.request_payment("HN-7K3M-Q9PD", 15000)
    finally:
        client.close()
    assert isinstance(outcome, RetryLater), outcome
    assert outcome.kind.value == "server"


def test_a_rating_off_the_scale_or_finer_than_a_day_cannot_be_made(clock):
    with pytest.raises(RatingError):
        Rating(score=6, procedure_code="1.001234", kiosk_id="K", day=rating_day(clock.now))
    with pytest.raises(RatingError):
        Rating(score=3, procedure_code="1.001234", kiosk_id="K", day=clock.now)
    late = clock.now.replace(hour=18)  # 01:00 the next day in Hanoi
    assert rating_day(late) == (late + timedelta(hours=7)).date()


def test_the_payment_desk_gives_the_screens_values_they_can_act_on(
    portal, kiosk_a, clock, make_submission, caplog
):
    desk = PortalPaymentDesk(kiosk_a)
    early = make_submission(fee_vnd=15000).tracking_code
    code = submitted(kiosk_a, make_submission)

    with caplog.at_level(logging.DEBUG, logger="sync"):
        too_early = desk.request(early, 15000)
        payment = desk.request(code, 15000)
        assert isinstance(payment, PaymentRequest)
        portal.mark_paid(payment.payment_id)
        paid = desk.status(payment.payment_id)

    assert too_early is PaymentFailure.NOT_AT_PORTAL_YET
    assert "tiền mặt" in FAILURE_TEXT[too_early].vi and "cash" in FAILURE_TEXT[too_early].en
    assert isinstance(paid, PaymentStatus) and paid.state is PaymentState.PAID
    assert PAYMENT_TEXT[paid.state].vi == "Đã thanh toán"
    assert early not in caplog.text and code not in caplog.text
    down = PortalClient("http://127.0.0.1:9", timeout_s=0.5)
    try:
        dead = PortalPaymentDesk(down)
        assert dead.request(code, 15000) is PaymentFailure.UNAVAILABLE
        assert dead.status(payment.payment_id) is PaymentFailure.UNAVAILABLE
    finally:
        down.close()
