"""The worker takes queued submissions to the (simulated) portal and records what happened."""

from __future__ import annotations

import random
import threading
from datetime import timedelta
from typing import Any

import httpx
import pytest

from kiosk.health import SyncErrorKind
from sync.outbox import Outbox, OutboxRecord, OutboxState
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from sync.worker import SyncWorker, backoff_delay_s


@pytest.fixture
def client(simulator):
    portal = PortalClient(simulator.base_url, timeout_s=5.0, kiosk_id="kiosk-hbt-01")
    yield portal
    portal.close()


@pytest.fixture
def worker(outbox, client, clock):
    return SyncWorker(outbox, client, clock=clock, base_backoff_s=10.0, rng=random.Random(7))


def portal_dossiers(simulator: PortalSimulator) -> list[dict[str, Any]]:
    dossiers: list[dict[str, Any]] = httpx.get(f"{simulator.base_url}/sim/dossiers").json()[
        "dossiers"
    ]
    return dossiers


def test_a_queued_submission_reaches_the_portal_and_gets_its_dossier_code(
    outbox, worker, simulator, make_submission
):
    submission = make_submission()
    outbox.enqueue(submission)

    assert worker.drain_once() == 1

    record = outbox.get(submission.local_id)
    (dossier,) = portal_dossiers(simulator)
    assert record.state is OutboxState.ACCEPTED
    assert record.dossier_code == dossier["dossier_code"]
    assert dossier["idempotency_key"] == submission.local_id
    assert dossier["tracking_code"] == submission.tracking_code
    assert dossier["body"] == submission.to_payload()
    assert worker.drain_once() == 0


def test_items_are_sent_oldest_first(outbox, worker, simulator, clock, make_submission):
    submissions = [make_submission() for _ in range(3)]
    for submission in submissions:
        outbox.enqueue(submission)
        clock.advance(1)
    assert worker.drain_once() == 3
    keys = [d["idempotency_key"] for d in portal_dossiers(simulator)]
    assert keys == [s.local_id for s in submissions]


def test_a_resend_after_a_crash_does_not_open_a_second_dossier(
    tmp_path, outbox, client, simulator, clock, make_submission
):
    submission = make_submission()
    outbox.enqueue(submission)
    # The kiosk sent it and the portal filed it, but the power went before the answer
    # was written down: the row is still SENDING.
    claimed = outbox.claim_next()
    first = client.submit(claimed.local_id, claimed.payload_json)
    outbox.close()

    restarted = Outbox(outbox.db_path, clock=clock)
    try:
        worker = SyncWorker(restarted, client, clock=clock)
        assert restarted.requeue_interrupted() == 1
        assert worker.drain_once() == 1
        record = restarted.get(submission.local_id)
    finally:
        restarted.close()
    assert record is not None
    assert record.state is OutboxState.ACCEPTED
    assert record.dossier_code == first.dossier_code
    assert len(portal_dossiers(simulator)) == 1


def test_a_503_puts_it_back_in_the_queue_until_the_back_off_has_passed(
    outbox, worker, simulator, clock, make_submission
):
    submission = make_submission()
    outbox.enqueue(submission)
    simulator.inject_faults(1, status=503)

    assert worker.drain_once() == 1
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.attempts == 1
    assert "503" in record.last_error
    assert clock.now < record.next_attempt_at <= clock.now + timedelta(seconds=10)

    assert worker.drain_once() == 0  # not due yet: nothing is sent
    assert portal_dossiers(simulator) == []

    clock.now = record.next_attempt_at
    assert worker.drain_once() == 1
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.ACCEPTED
    assert record.attempts == 1
    assert record.dossier_code == portal_dossiers(simulator)[0]["dossier_code"]


def test_the_portals_retry_after_decides_when_to_try_again(
    outbox, worker, simulator, clock, make_submission
):
    submission = make_submission()
    outbox.enqueue(submission)
    simulator.inject_faults(1, status=429, retry_after_s=120)
    worker.drain_once()
    record = outbox.get(submission.local_id)
    assert record.next_attempt_at == clock.now + timedelta(seconds=120)


def test_a_portal_that_is_down_is_just_another_retry(outbox, clock, make_submission, tmp_path):
    # Nothing listens on this port once the simulator is gone.
    sim = PortalSimulator(tmp_path / "gone", allow_unenrolled=True)
    url = sim.start()
    sim.stop()
    client = PortalClient(url, timeout_s=2.0)
    try:
        submission = make_submission()
        outbox.enqueue(submission)
        SyncWorker(outbox, client, clock=clock).drain_once()
    finally:
        client.close()
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("network error")


def test_a_conflict_fails_the_submission_for_good_and_keeps_the_reason(
    outbox, worker, simulator, make_submission
):
    submission = make_submission()
    outbox.enqueue(submission)
    simulator.inject_faults(1, status=409)
    worker.drain_once()
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.FAILED
    assert record.last_error.startswith("HTTP 409")
    assert worker.drain_once() == 0
    assert outbox.counts()["failed"] == 1


def test_an_unprocessable_submission_fails_with_the_portals_detail(
    outbox, worker, simulator, make_submission
):
    submission = make_submission(procedure_code="")
    outbox.enqueue(submission)
    worker.drain_once()
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.FAILED
    assert record.last_error == "HTTP 422: missing or empty field(s): procedure.code"
    assert portal_dossiers(simulator) == []


def test_every_state_change_is_reported(outbox, client, clock, make_submission):
    seen: list[tuple[str, OutboxState]] = []
    worker = SyncWorker(
        outbox, client, clock=clock, on_change=lambda r: seen.append((r.local_id, r.state))
    )
    submission = make_submission()
    outbox.enqueue(submission)
    worker.drain_once()
    assert seen == [
        (submission.local_id, OutboxState.SENDING),
        (submission.local_id, OutboxState.ACCEPTED),
    ]


def test_a_broken_listener_does_not_stop_the_sending(outbox, client, clock, make_submission):
    def explode(_record: OutboxRecord) -> None:
        raise RuntimeError("listener bug")

    submission = make_submission()
    outbox.enqueue(submission)
    SyncWorker(outbox, client, clock=clock, on_change=explode).drain_once()
    assert outbox.get(submission.local_id).state is OutboxState.ACCEPTED


def test_the_worker_thread_sends_what_it_is_told_about(outbox, client, make_submission):
    accepted = threading.Event()
    records: list[OutboxRecord] = []

    def on_change(record: OutboxRecord) -> None:
        records.append(record)
        if record.state is OutboxState.ACCEPTED:
            accepted.set()

    # A long idle wait: only notify() can make this happen quickly.
    worker = SyncWorker(outbox, client, on_change=on_change, idle_wait_s=3600)
    worker.start()
    try:
        submission = make_submission()
        outbox.enqueue(submission)
        worker.notify()
        assert accepted.wait(timeout=30)
    finally:
        worker.stop()
    assert records[-1].local_id == submission.local_id
    assert records[-1].dossier_code is not None


def test_starting_the_worker_requeues_what_a_crash_left_sending(outbox, client, make_submission):
    accepted = threading.Event()
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()  # half-sent when the previous run died

    worker = SyncWorker(
        outbox,
        client,
        on_change=lambda r: accepted.set() if r.state is OutboxState.ACCEPTED else None,
        idle_wait_s=3600,
    )
    worker.start()
    try:
        assert accepted.wait(timeout=30)
    finally:
        worker.stop()
    assert outbox.get(submission.local_id).state is OutboxState.ACCEPTED


def test_back_off_doubles_up_to_the_cap_with_jitter():
    rng = random.Random(1)
    for attempts, nominal in [(0, 5.0), (1, 10.0), (2, 20.0), (10, 300.0), (5000, 300.0)]:
        delay = backoff_delay_s(attempts, 5.0, 300.0, rng)
        assert nominal / 2 <= delay <= nominal


# --- the worker's figures for the operator ----------------------------------------------------


def test_a_fresh_worker_has_no_successes_and_no_errors(worker):
    stats = worker.stats
    assert stats.last_success_at is None and stats.last_heartbeat_at is None
    assert stats.errors == dict.fromkeys([k.value for k in SyncErrorKind], 0)


def test_an_acceptance_is_a_success_at_the_workers_clock(outbox, worker, clock, make_submission):
    outbox.enqueue(make_submission())
    worker.drain_once()
    assert worker.stats.last_success_at == clock()
    assert sum(worker.stats.errors.values()) == 0


def test_failures_are_counted_by_kind(outbox, worker, simulator, clock, make_submission):
    outbox.enqueue(make_submission())
    simulator.inject_faults(1, status=503)
    worker.drain_once()
    clock.advance(3600)
    simulator.inject_faults(1, status=429)
    worker.drain_once()
    outbox.enqueue(make_submission(procedure_code=""))  # the portal refuses it (422)
    clock.advance(3600)
    worker.drain_once()
    errors = worker.stats.errors
    assert errors[SyncErrorKind.SERVER] == 1
    assert errors[SyncErrorKind.RATE_LIMITED] == 1
    assert errors[SyncErrorKind.REFUSED] == 1
    assert worker.stats.last_success_at == clock()  # the first one went through at last


def test_a_client_crash_is_an_internal_error(outbox, worker, client, make_submission, monkeypatch):
    def crash(*_: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(client, "submit", crash)
    outbox.enqueue(make_submission())
    worker.drain_once()
    assert worker.stats.errors[SyncErrorKind.INTERNAL] == 1


def test_the_stats_are_a_copy(outbox, worker, simulator, make_submission):
    before = worker.stats
    before.errors[SyncErrorKind.SERVER] = 99
    assert worker.stats.errors[SyncErrorKind.SERVER] == 0
