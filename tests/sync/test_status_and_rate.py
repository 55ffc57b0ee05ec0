"""After acceptance the kiosk follows the dossier at the portal; it never sends faster than
its token bucket allows."""

from __future__ import annotations

import random

import pytest

from sync.outbox import OutboxState
from sync.portal_client import PortalClient
from sync.rate_limit import TokenBucket
from sync.worker import SyncWorker
from tests.fake_clock import FakeClock


def test_an_accepted_dossier_is_followed_until_its_decision(
    outbox, timed_portal, clock, make_submission
):
    client = PortalClient(timed_portal.base_url)
    worker = SyncWorker(
        outbox, client, clock=clock, poll_base_s=30, poll_max_s=120, rng=random.Random(1)
    )
    submission = make_submission()
    outbox.enqueue(submission)
    worker.drain_once()
    record = outbox.find_by_tracking_code(submission.tracking_code)
    assert (record.state, record.portal_status) == (OutboxState.ACCEPTED, "received")
    assert worker.poll_once() == 0  # not due yet

    for _ in range(20):
        clock.advance(130)
        worker.poll_once()
    client.close()
    record = outbox.find_by_tracking_code(submission.tracking_code)
    assert record.portal_status in {"result_ready", "additional_documents_needed", "rejected"}
    assert [e.status for e in record.status_history][:2] == ["received", "processing"]
    assert record.next_poll_at is None  # a decision: no more asking
    assert worker.poll_once() == 0


def test_an_unknown_tracking_code_finds_nothing(outbox):
    assert outbox.find_by_tracking_code("HN-0000-0000") is None


def test_a_permanent_refusal_keeps_the_portals_reason_and_status(
    outbox, simulator, clock, make_submission
):
    client = PortalClient(simulator.base_url)
    submission = make_submission(procedure_code="")
    outbox.enqueue(submission)
    SyncWorker(outbox, client, clock=clock).drain_once()
    client.close()
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.FAILED
    assert record.failure_status == 422
    assert "procedure.code" in record.last_error


def test_the_bucket_allows_a_burst_then_the_rate():
    time = FakeClock()
    bucket = TokenBucket(2.0, 3, clock=time.seconds, sleep=time.sleep)
    stamps = []
    for _ in range(9):
        assert bucket.acquire()
        stamps.append(time.seconds())
    assert stamps[:3] == [0.0, 0.0, 0.0]
    assert stamps[-1] == pytest.approx(3.0)  # 6 more at 2 per second


def test_waiting_for_a_token_stops_when_cancelled():
    time = FakeClock()
    bucket = TokenBucket(1.0, 1, clock=time.seconds, sleep=time.sleep)
    assert bucket.acquire()
    assert bucket.acquire(cancelled=lambda: True) is False
