"""How the result is received and who is told (issue 16): the choice travels in the
submission through the real outbox (the phone and the address encrypted at rest, purged with
the rest of the personal data) to the portal simulator, which messages only those who agreed.

``kiosk.submission.Submission`` does not carry the choice yet (its owner adds it); the
submission here is one with the two fields as it will have them, so what the outbox and the
portal do with them is proved now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from kiosk.result_delivery import (
    DeliveryChoiceError,
    DeliveryMethod,
    NotificationChannel,
    NotificationConsent,
    ResultDelivery,
    mobile_number,
)
from kiosk.submission import Submission
from sync.outbox import Outbox, OutboxState
from sync.portal_client import PortalClient
from sync.worker import SyncWorker

PHONE = "0987654321"
ADDRESS = "Số 7 Ngõ 12 Huỳnh Thúc Kháng, Đống Đa"


@dataclass(frozen=True)
class ChoosingSubmission(Submission):
    """A submission with the resident's choice of delivery and notification."""

    result_delivery: ResultDelivery | None = None
    notification: NotificationConsent | None = None

    def to_payload(self) -> dict[str, Any]:
        payload = super().to_payload()
        if self.result_delivery is not None:
            payload["result_delivery"] = self.result_delivery.to_payload()
        if self.notification is not None:
            payload["notification"] = self.notification.to_payload()
        return payload


@pytest.fixture
def choosing(make_submission, clock):
    def make(**choice: object) -> ChoosingSubmission:
        base = make_submission()
        fields = {n: getattr(base, n) for n in base.__dataclass_fields__ if n not in choice}
        return ChoosingSubmission(**fields, **choice)  # type: ignore[arg-type]

    return make


def test_the_phone_and_address_are_ciphertext_at_rest_and_purged_with_the_payload(
    tmp_path, simulator, clock, choosing
):
    box = Outbox(tmp_path / "outbox.sqlite3", clock=clock, retention=timedelta(days=7))
    client = PortalClient(simulator.base_url)
    try:
        submission = choosing(
            result_delivery=ResultDelivery(DeliveryMethod.POST, ADDRESS),
            notification=NotificationConsent(NotificationChannel.SMS, PHONE, clock.now),
        )
        box.enqueue(submission)
        raw = box.db_path.read_bytes() + box.db_path.with_name("outbox.sqlite3-wal").read_bytes()
        assert PHONE.encode() not in raw and ADDRESS.encode() not in raw

        SyncWorker(box, client, clock=clock, poll_base_s=None).drain_once()
        record = box.get(submission.local_id)
        assert record is not None and record.state is OutboxState.ACCEPTED
        (dossier,) = httpx.get(f"{simulator.base_url}/sim/dossiers").json()["dossiers"]
        assert dossier["body"]["notification"]["phone"] == PHONE
        assert dossier["body"]["result_delivery"] == {"method": "post", "postal_address": ADDRESS}
        assert box.purge_personal_data(clock.now + timedelta(days=8)) == 1
        kept = box.find_by_tracking_code(submission.tracking_code)
        assert kept is not None and kept.payload_json == ""
    finally:
        client.close()
        box.close()
    sent = [m for m in simulator.notifications() if m["tracking_code"] == submission.tracking_code]
    assert [(m["channel"], m["phone"]) for m in sent] == [("sms", PHONE)]


def test_declining_messages_costs_nothing_and_nobody_is_messaged(
    outbox, simulator, clock, choosing
):
    client = PortalClient(simulator.base_url)
    try:
        declined = choosing(result_delivery=ResultDelivery(DeliveryMethod.OFFICE))
        outbox.enqueue(declined)
        SyncWorker(outbox, client, clock=clock, poll_base_s=None).drain_once()
        public = client.look_up(declined.tracking_code)
    finally:
        client.close()
    assert outbox.get(declined.local_id).state is OutboxState.ACCEPTED
    assert "notification" not in declined.to_payload()
    assert simulator.notifications() == []
    assert public.result_delivery is DeliveryMethod.OFFICE  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(039) 876-5432", "0398765432"),
    ],
)
def test_a_mobile_number_is_read_as_people_write_it(typed, number):
    assert mobile_number(typed) == number


@pytest.mark.parametrize("typed", ["", "0241234567", "091234567", "09123456789", "abc"])
def test_a_number_that_is_not_a_mobile_says_what_to_do_in_both_languages(typed):
    with pytest.raises(DeliveryChoiceError) as refused:
        mobile_number(typed)
    assert "bỏ qua" in refused.value.message.vi and "skip" in refused.value.message.en


def test_post_needs_an_address_and_only_post_has_one(clock):
    with pytest.raises(DeliveryChoiceError) as refused:
        ResultDelivery(DeliveryMethod.POST, "   ")
    assert "địa chỉ" in refused.value.message.vi
    with pytest.raises(ValueError, match="only a result sent by post"):
        ResultDelivery(DeliveryMethod.OFFICE, ADDRESS)
    assert ResultDelivery(DeliveryMethod.ELECTRONIC).to_payload() == {"method": "electronic"}
    with pytest.raises(ValueError, match="timezone-aware"):
        NotificationConsent(NotificationChannel.ZALO, PHONE, clock.now.replace(tzinfo=None))
