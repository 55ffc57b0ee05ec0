"""The portal's answer to each submission, in the audit trail as it arrives: accepted or
refused for good; a passing failure is not an entry (the outbox logs each retry)."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from sync.outbox import Outbox
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from sync.worker import SyncWorker
from tests.audit_trail import AuditLog
from tests.fake_clock import FakeClock


@pytest.fixture
def client(simulator: PortalSimulator) -> Iterator[PortalClient]:
    portal = PortalClient(simulator.base_url, timeout_s=5.0, kiosk_id="kiosk-hbt-01")
    yield portal
    portal.close()


@pytest.fixture
def log(clock: FakeClock) -> AuditLog:
    return AuditLog(clock)


@pytest.fixture
def worker(outbox: Outbox, client: PortalClient, clock: FakeClock, log: AuditLog) -> SyncWorker:
    return SyncWorker(outbox, client, clock=clock, rng=random.Random(7), audit=log)


def test_an_accepted_submission_is_recorded_after_the_tries_it_took(
    outbox, worker, simulator, clock, make_submission, log
):
    submission = make_submission()
    outbox.enqueue(submission)
    simulator.inject_faults(1, status=503)
    worker.drain_once()
    assert log.entries == []  # a passing failure: retried later, not audited
    clock.advance(600)
    worker.drain_once()

    assert log.fields() == [
        {
            "event": "submission.accepted",
            "submission": submission.local_id,
            "procedure": "1.001234",
            "attempts": 2,
        }
    ]


def test_a_refused_submission_is_recorded_with_the_status_and_kind_never_the_reason(
    outbox, worker, simulator, make_submission, log
):
    conflict = make_submission()
    outbox.enqueue(conflict)
    simulator.inject_faults(1, status=409)
    worker.drain_once()
    unprocessable = make_submission(procedure_code="")
    outbox.enqueue(unprocessable)
    worker.drain_once()

    assert log.fields() == [
        {
            "event": "submission.refused",
            "submission": conflict.local_id,
            "procedure": "1.001234",
            "attempts": 1,
            "kind": "refused",
            "http_status": 409,
        },
        {
            "event": "submission.refused",
            "submission": unprocessable.local_id,
            "attempts": 1,
            "kind": "refused",
            "http_status": 422,
        },
    ]
    assert all("reason" not in entry for entry in log.entries)


def test_a_batch_is_recorded_one_entry_per_submission_in_order(
    outbox, worker, clock, make_submission, log
):
    submissions = [make_submission() for _ in range(3)]
    for submission in submissions:
        outbox.enqueue(submission)
        clock.advance(1)
    assert worker.drain_once() == 3
    assert [e["submission"] for e in log.entries] == [s.local_id for s in submissions]
    assert set(log.events()) == {"submission.accepted"}
