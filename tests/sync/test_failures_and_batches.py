"""Permanent failures are shown to the operator without personal data; the outbox claims and
accepts in batches without changing what a submission's life looks like."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from kiosk.app.cli import run_command
from kiosk.settings import load_settings
from sync.outbox import Acceptance, Outbox, OutboxRecord, OutboxState
from sync.portal_client import PortalClient
from sync.worker import SyncWorker

from .conftest import parse

FAILURE_KEYS = {
    "local_id",
    "tracking_code",
    "procedure_code",
    "procedure_version",
    "http_status",
    "reason",
    "failed_at",
    "attempts",
}


@pytest.fixture
def client(simulator):
    portal = PortalClient(simulator.base_url, timeout_s=5.0)
    yield portal
    portal.close()


def test_outbox_failures_lists_each_refusal_with_the_portals_reason_and_no_personal_data(
    tmp_path, clock, simulator, client, make_submission, capsys
):
    data = tmp_path / "kiosk"
    outbox = Outbox(data / "outbox.sqlite3", clock=clock)
    worker = SyncWorker(outbox, client, clock=clock, poll_base_s=None)
    unprocessable = make_submission(procedure_code="")
    outbox.enqueue(unprocessable)
    worker.drain_once()  # refused: 422
    clock.advance(10)
    conflicting, fine = make_submission(), make_submission()
    outbox.enqueue(conflicting)
    outbox.enqueue(fine)
    simulator.inject_faults(1, status=409)
    worker.drain_once()  # refused: 409; then the good one goes through
    outbox.close()

    settings = load_settings(environ={})
    assert run_command(parse(["outbox", "failures", "--data-dir", str(data)]), settings) == 0
    printed = capsys.readouterr().out
    listed = json.loads(printed)
    assert [f["local_id"] for f in listed] == [unprocessable.local_id, conflicting.local_id]
    assert all(set(f) == FAILURE_KEYS for f in listed)
    first, second = listed
    assert (first["http_status"], first["reason"]) == (
        422,
        "HTTP 422: missing or empty field(s): procedure.code",
    )
    assert first["tracking_code"] == unprocessable.tracking_code
    assert (second["http_status"], second["reason"]) == (409, "HTTP 409: injected fault")
    assert second["procedure_code"] == "1.001234"
    assert second["failed_at"] == (clock.now).isoformat()
    # Nothing the resident typed or the card held.
    for personal in ("Nguyễn Văn An", "001099012345", "Đăng ký thường trú"):
        assert personal not in printed

    assert run_command(parse(["outbox", "status", "--data-dir", str(data)]), settings) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["permanent_failures"] == 2
    assert status["counts"]["failed"] == 2


def test_with_no_failures_the_list_is_empty(tmp_path, capsys):
    settings = load_settings(environ={})
    assert run_command(parse(["outbox", "failures", "--data-dir", str(tmp_path)]), settings) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_failures_are_read_a_page_at_a_time(outbox, clock, make_submission):
    ids = []
    for _ in range(7):
        submission = make_submission()
        outbox.enqueue(submission)
        outbox.claim_next()
        outbox.mark_failed(submission.local_id, "HTTP 422: no", 422)
        ids.append(submission.local_id)
    assert [f.local_id for f in outbox.failures(page_size=3)] == ids


def test_a_batch_is_claimed_oldest_first_and_what_was_not_sent_goes_back(outbox, make_submission):
    submissions = [make_submission() for _ in range(5)]
    for submission in submissions:
        outbox.enqueue(submission)
    claimed = outbox.claim_batch(3)
    assert [r.local_id for r in claimed] == [s.local_id for s in submissions[:3]]
    assert all(r.state is OutboxState.SENDING for r in claimed)
    assert claimed[0].payload_json == submissions[0].payload_json()

    assert outbox.release([r.local_id for r in claimed[1:]]) == 2
    record = outbox.get(claimed[1].local_id)
    assert record is not None
    assert (record.state, record.attempts, record.next_attempt_at) == (OutboxState.QUEUED, 0, None)
    assert outbox.counts() == {"queued": 4, "sending": 1, "accepted": 0, "failed": 0}
    # Oldest first again: the released ones come before the two never claimed.
    again = outbox.claim_batch(10)
    assert [r.local_id for r in again] == [s.local_id for s in submissions[1:]]


def test_acceptances_are_written_together_and_a_repeat_changes_nothing(
    outbox, clock, make_submission
):
    submissions = [make_submission() for _ in range(3)]
    for submission in submissions:
        outbox.enqueue(submission)
    outbox.claim_batch(3)
    poll = clock.now + timedelta(seconds=60)
    fresh = outbox.mark_accepted_many(
        [Acceptance(s.local_id, f"HNI-{n}", "received", poll) for n, s in enumerate(submissions)]
    )
    assert [(r.local_id, r.state, r.dossier_code) for r in fresh] == [
        (s.local_id, OutboxState.ACCEPTED, f"HNI-{n}") for n, s in enumerate(submissions)
    ]
    assert fresh[0].portal_status == "received"
    assert fresh[0].next_poll_at == poll
    # The same answer again (a resend after a crash): nothing changes.
    assert outbox.mark_accepted_many([Acceptance(submissions[0].local_id, "HNI-0")])[0] == fresh[0]
    # Another dossier code for an accepted row is the portal's bug: logged and left alone.
    assert outbox.mark_accepted_many([Acceptance(submissions[1].local_id, "HNI-99")]) == []
    assert outbox.get(submissions[1].local_id).dossier_code == "HNI-1"


def test_order_and_state_changes_are_kept_across_batches(
    outbox, client, simulator, clock, make_submission
):
    seen: list[tuple[str, OutboxState]] = []

    def on_change(record: OutboxRecord) -> None:
        seen.append((record.local_id, record.state))

    worker = SyncWorker(
        outbox, client, clock=clock, on_change=on_change, batch_size=4, poll_base_s=None
    )
    submissions = [make_submission() for _ in range(10)]
    for submission in submissions:
        outbox.enqueue(submission)
    ids = [s.local_id for s in submissions]

    assert worker.drain_once() == 10
    dossiers = httpx.get(f"{simulator.base_url}/sim/dossiers").json()["dossiers"]
    assert [d["idempotency_key"] for d in dossiers] == ids
    for local_id in ids:
        assert [s for i, s in seen if i == local_id] == [OutboxState.SENDING, OutboxState.ACCEPTED]
    accepted = [i for i, s in seen if s is OutboxState.ACCEPTED]
    assert accepted == ids
    assert outbox.counts() == {"queued": 0, "sending": 0, "accepted": 10, "failed": 0}


def test_a_passing_failure_in_the_middle_of_a_batch_puts_the_rest_back(
    outbox, client, simulator, clock, make_submission
):
    worker = SyncWorker(outbox, client, clock=clock, batch_size=8, poll_base_s=None)
    submissions = [make_submission() for _ in range(6)]
    for submission in submissions:
        outbox.enqueue(submission)
    original = client.submit
    calls = {"n": 0}

    def fourth_fails(local_id: str, payload: str):
        calls["n"] += 1
        if calls["n"] == 4:
            simulator.inject_faults(1, status=503, retry_after_s=30)
        return original(local_id, payload)

    client.submit = fourth_fails
    assert worker.drain_once() == 4  # the round ends at the 503
    states = [outbox.get(s.local_id).state for s in submissions]
    assert states == [OutboxState.ACCEPTED] * 3 + [OutboxState.QUEUED] * 3
    fourth = outbox.get(submissions[3].local_id)
    assert fourth.attempts == 1
    assert fourth.next_attempt_at == clock.now + timedelta(seconds=30)
    # The two never sent are due at once and carry no attempt.
    for later in submissions[4:]:
        record = outbox.get(later.local_id)
        assert (record.attempts, record.next_attempt_at, record.last_error) == (0, None, None)
    assert outbox.counts()["sending"] == 0


def test_stopping_mid_batch_writes_what_was_accepted_and_requeues_the_rest(
    outbox, client, clock, make_submission
):
    worker = SyncWorker(outbox, client, clock=clock, batch_size=8, poll_base_s=None)
    submissions = [make_submission() for _ in range(5)]
    for submission in submissions:
        outbox.enqueue(submission)
    original = client.submit

    def stop_after_second(local_id: str, payload: str):
        outcome = original(local_id, payload)
        if local_id == submissions[1].local_id:
            worker.stop()  # what the kiosk does when it shuts down
        return outcome

    client.submit = stop_after_second
    assert worker.drain_once() == 2
    assert [outbox.get(s.local_id).state for s in submissions] == [
        OutboxState.ACCEPTED,
        OutboxState.ACCEPTED,
        OutboxState.QUEUED,
        OutboxState.QUEUED,
        OutboxState.QUEUED,
    ]


class PowerCut(BaseException):
    """The process dies here: nothing after it runs (no except Exception catches it)."""


def test_a_crash_before_acceptances_are_written_resends_them_and_the_portal_files_each_once(
    outbox, client, simulator, clock, make_submission
):
    submissions = [make_submission() for _ in range(6)]
    for submission in submissions:
        outbox.enqueue(submission)
    worker = SyncWorker(outbox, client, clock=clock, accept_flush_s=3600, poll_base_s=None)

    real = outbox.accept_and_claim

    def power_cut(acceptances, limit, *, after=None):
        if acceptances:
            raise PowerCut  # the portal answered; the write never happens
        return real(acceptances, limit, after=after)

    outbox.accept_and_claim = power_cut
    with pytest.raises(PowerCut):
        worker.drain_once()
    del outbox.accept_and_claim
    first_codes = {
        d["idempotency_key"]: d["dossier_code"]
        for d in httpx.get(f"{simulator.base_url}/sim/dossiers").json()["dossiers"]
    }
    assert len(first_codes) == 6
    assert outbox.counts()["sending"] == 6

    # The kiosk starts again: what was SENDING is sent again under the same keys.
    assert outbox.requeue_interrupted() == 6
    assert SyncWorker(outbox, client, clock=clock, poll_base_s=None).drain_once() == 6
    dossiers = httpx.get(f"{simulator.base_url}/sim/dossiers").json()["dossiers"]
    assert len(dossiers) == 6
    for submission in submissions:
        record = outbox.get(submission.local_id)
        assert record.state is OutboxState.ACCEPTED
        assert record.dossier_code == first_codes[submission.local_id]


def test_a_round_can_be_limited_and_the_next_one_goes_on_in_order(
    outbox, client, simulator, clock, make_submission
):
    worker = SyncWorker(outbox, client, clock=clock, batch_size=4, poll_base_s=None)
    submissions = [make_submission() for _ in range(7)]
    for submission in submissions:
        outbox.enqueue(submission)
    assert worker.drain_once(limit=3) == 3
    assert outbox.counts() == {"queued": 4, "sending": 0, "accepted": 3, "failed": 0}
    assert worker.drain_once() == 4
    dossiers = httpx.get(f"{simulator.base_url}/sim/dossiers").json()["dossiers"]
    assert [d["idempotency_key"] for d in dossiers] == [s.local_id for s in submissions]


def test_what_the_batch_path_reports_is_exactly_what_the_file_holds(outbox, clock, make_submission):
    sha = outbox.put_attachment(b"a photo of a rental contract")
    submissions = [make_submission() for _ in range(3)]
    outbox.enqueue(submissions[0], attachments=[sha])
    for submission in submissions[1:]:
        outbox.enqueue(submission)
    clock.now = clock.now.replace(microsecond=123456)  # the stored text keeps microseconds
    claimed = outbox.claim_batch(3)
    assert claimed == [outbox.get(s.local_id) for s in submissions]
    assert claimed[0].attachments == (sha,)

    clock.advance(2)
    poll = clock.now + timedelta(seconds=45)
    held = [
        Acceptance(r.local_id, f"HNI-{n}", "received" if n else None, poll if n else None, r)
        for n, r in enumerate(claimed)
    ]
    fresh, more = outbox.accept_and_claim(held, 5)
    assert more == []
    assert fresh == [outbox.get(s.local_id) for s in submissions]
    assert fresh[1].accepted_at == clock.now
    assert fresh[1].next_poll_at == poll
    assert [e.status for e in fresh[1].status_history] == ["received"]
    assert fresh[0].portal_status is None and fresh[0].status_history == ()
