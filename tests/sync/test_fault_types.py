"""Every fault the simulator can inject, and what the operator then sees in the outbox."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from sync.outbox import OutboxState
from sync.portal_client import PortalClient
from sync.portal_faults import FaultSpec, FaultSpecError
from sync.worker import SyncWorker


@pytest.fixture
def send_once(outbox, simulator, clock, make_submission):
    """Queue one submission, send it once under ``spec``, then heal the portal."""

    def run(spec: str, timeout_s: float = 5.0):
        client = PortalClient(simulator.base_url, timeout_s=timeout_s)
        worker = SyncWorker(outbox, client, clock=clock, base_backoff_s=10.0, poll_base_s=None)
        submission = make_submission()
        outbox.enqueue(submission)
        simulator.set_faults(spec)
        worker.drain_once()
        simulator.set_faults("")
        return submission, worker, client

    return run


def dossiers(simulator) -> list[dict]:
    return httpx.get(f"{simulator.base_url}/sim/dossiers").json()["dossiers"]


def resend_after_back_off(worker, outbox, clock, local_id) -> None:
    clock.now = outbox.get(local_id).next_attempt_at
    worker.drain_once()


def test_a_500_leaves_it_queued_with_the_reason_and_files_nothing(
    send_once, outbox, simulator, clock
):
    submission, worker, client = send_once("500=1")
    record = outbox.get(submission.local_id)
    assert (record.state, record.attempts) == (OutboxState.QUEUED, 1)
    assert record.last_error == "HTTP 500: injected fault"
    assert clock.now < record.next_attempt_at <= clock.now + timedelta(seconds=10)
    assert dossiers(simulator) == []
    resend_after_back_off(worker, outbox, clock, submission.local_id)
    assert outbox.get(submission.local_id).state is OutboxState.ACCEPTED
    client.close()


def test_a_503_waits_exactly_the_portals_retry_after(send_once, outbox, simulator, clock):
    submission, _, client = send_once("503=1:7")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("HTTP 503")
    assert record.next_attempt_at == clock.now + timedelta(seconds=7)
    assert dossiers(simulator) == []
    client.close()


def test_a_429_waits_exactly_the_portals_retry_after(send_once, outbox, simulator, clock):
    submission, _, client = send_once("429=1:30")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("HTTP 429")
    assert record.next_attempt_at == clock.now + timedelta(seconds=30)
    client.close()


def test_a_dropped_connection_after_filing_is_resent_and_filed_once(
    send_once, outbox, simulator, clock
):
    submission, worker, client = send_once("drop=1")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("network error")
    assert len(dossiers(simulator)) == 1  # the portal has it; the kiosk does not know yet
    resend_after_back_off(worker, outbox, clock, submission.local_id)
    (dossier,) = dossiers(simulator)
    assert outbox.get(submission.local_id).dossier_code == dossier["dossier_code"]
    client.close()


def test_a_truncated_answer_is_resent_and_filed_once(send_once, outbox, simulator, clock):
    submission, worker, client = send_once("truncate=1")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("network error")
    resend_after_back_off(worker, outbox, clock, submission.local_id)
    (dossier,) = dossiers(simulator)
    assert outbox.get(submission.local_id).dossier_code == dossier["dossier_code"]
    client.close()


def test_a_malformed_answer_is_resent_and_filed_once(send_once, outbox, simulator, clock):
    submission, worker, client = send_once("malformed=1")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error == "malformed JSON in the portal's answer"
    resend_after_back_off(worker, outbox, clock, submission.local_id)
    (dossier,) = dossiers(simulator)
    assert outbox.get(submission.local_id).dossier_code == dossier["dossier_code"]
    client.close()


def test_latency_beyond_the_timeout_is_a_timeout_and_the_resend_is_a_replay(
    send_once, outbox, simulator, clock
):
    submission, worker, client = send_once("latency=1:400ms", timeout_s=0.1)
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("timeout")
    resend_after_back_off(worker, outbox, clock, submission.local_id)
    assert outbox.get(submission.local_id).state is OutboxState.ACCEPTED
    assert len(dossiers(simulator)) == 1
    client.close()


def test_the_fault_spec_names_what_it_cannot_understand():
    spec = FaultSpec.parse("503=0.1,429=0.05:2,drop=0.05,latency=0.2:300ms,seed=3")
    assert spec.latency_s == 0.3 and spec.seed == 3
    for bad in ("503", "teapot=0.1", "503=2", "drop=0.6,500=0.6", "latency=0.1:soon"):
        with pytest.raises(FaultSpecError):
            FaultSpec.parse(bad)
