"""Every fault the simulator can inject, and what then follows: what the outbox holds, what
the resident sees when they look their application up at the kiosk, and what the operator
sees in ``kiosk outbox status``."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from kiosk.app.outbox_commands import outbox_status, print_failures
from kiosk.dossier_lookup import STAGE_TEXT, DossierFacts, DossierStage
from sync.dossier_directory import OutboxDirectory
from sync.outbox import Outbox, OutboxState
from sync.portal_client import PortalClient
from sync.portal_simulator import FaultSpec, FaultSpecError
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


def resident_sees(outbox, client, clock, submission) -> str:
    """The stage title the look-up screen shows for this submission (Vietnamese)."""
    facts = OutboxDirectory(outbox, client, clock=clock).look_up(submission.tracking_code)
    assert isinstance(facts, DossierFacts), facts
    return STAGE_TEXT[facts.stage].title.vi


def operator_sees(outbox, clock) -> dict:
    """``kiosk outbox status`` for the same file (the command opens its own outbox)."""
    return outbox_status(Outbox(outbox.db_path, key_path=outbox.key_path, clock=clock), clock.now)


def assert_waiting_for_both(outbox, client, clock, submission, error_start: str) -> None:
    """The resident is told it waits and will go by itself; the operator sees why it waits."""
    assert resident_sees(outbox, client, clock, submission) == (
        STAGE_TEXT[DossierStage.WAITING].title.vi
    )
    report = operator_sees(outbox, clock)
    assert report["counts"]["queued"] == 1 and report["permanent_failures"] == 0
    oldest = report["oldest_unsent"]
    assert oldest["tracking_code"] == submission.tracking_code
    assert oldest["attempts"] == 1
    assert oldest["last_error"].startswith(error_start)
    assert oldest["next_attempt_at"] == outbox.get(submission.local_id).next_attempt_at.isoformat()
    assert "Nguyễn" not in str(report)  # no personal data on the operator's screen


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
    assert_waiting_for_both(outbox, client, clock, submission, "HTTP 500")
    resend_after_back_off(worker, outbox, clock, submission.local_id)
    assert outbox.get(submission.local_id).state is OutboxState.ACCEPTED
    assert resident_sees(outbox, client, clock, submission) == "Cơ quan đã tiếp nhận"
    assert operator_sees(outbox, clock)["oldest_unsent"] is None
    client.close()


def test_a_503_waits_exactly_the_portals_retry_after(send_once, outbox, simulator, clock):
    submission, _, client = send_once("503=1:7")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("HTTP 503")
    assert record.next_attempt_at == clock.now + timedelta(seconds=7)
    assert dossiers(simulator) == []
    assert_waiting_for_both(outbox, client, clock, submission, "HTTP 503")
    client.close()


def test_a_429_waits_exactly_the_portals_retry_after(send_once, outbox, simulator, clock):
    submission, _, client = send_once("429=1:30")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("HTTP 429")
    assert record.next_attempt_at == clock.now + timedelta(seconds=30)
    assert_waiting_for_both(outbox, client, clock, submission, "HTTP 429")
    client.close()


def test_a_dropped_connection_after_filing_is_resent_and_filed_once(
    send_once, outbox, simulator, clock
):
    submission, worker, client = send_once("drop=1")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("network error")
    assert len(dossiers(simulator)) == 1  # the portal has it; the kiosk does not know yet
    assert_waiting_for_both(outbox, client, clock, submission, "network error")
    resend_after_back_off(worker, outbox, clock, submission.local_id)
    (dossier,) = dossiers(simulator)
    assert outbox.get(submission.local_id).dossier_code == dossier["dossier_code"]
    client.close()


def test_a_truncated_answer_is_resent_and_filed_once(send_once, outbox, simulator, clock):
    submission, worker, client = send_once("truncate=1")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error.startswith("network error")
    assert_waiting_for_both(outbox, client, clock, submission, "network error")
    resend_after_back_off(worker, outbox, clock, submission.local_id)
    (dossier,) = dossiers(simulator)
    assert outbox.get(submission.local_id).dossier_code == dossier["dossier_code"]
    client.close()


def test_a_malformed_answer_is_resent_and_filed_once(send_once, outbox, simulator, clock):
    submission, worker, client = send_once("malformed=1")
    record = outbox.get(submission.local_id)
    assert record.state is OutboxState.QUEUED
    assert record.last_error == "malformed JSON in the portal's answer"
    assert_waiting_for_both(outbox, client, clock, submission, "malformed JSON")
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
    assert_waiting_for_both(outbox, client, clock, submission, "timeout")
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


def test_a_submission_the_portal_refuses_for_good_is_kept_and_shown_to_both(
    outbox, simulator, clock, make_submission, capsys
):
    client = PortalClient(simulator.base_url)
    submission = make_submission(procedure_code="")  # the portal answers 422
    outbox.enqueue(submission)
    SyncWorker(outbox, client, clock=clock).drain_once()
    assert resident_sees(outbox, client, clock, submission) == (
        STAGE_TEXT[DossierStage.NOT_ACCEPTED].title.vi
    )
    report = operator_sees(outbox, clock)
    assert report["permanent_failures"] == 1 and report["oldest_unsent"] is None
    assert print_failures(Outbox(outbox.db_path, key_path=outbox.key_path, clock=clock)) == 0
    (failure,) = json.loads(capsys.readouterr().out)
    assert failure["tracking_code"] == submission.tracking_code
    assert failure["http_status"] == 422 and "procedure.code" in failure["reason"]
    client.close()
