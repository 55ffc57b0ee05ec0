"""Finding a dossier by tracking code: the real outbox, and the portal simulator on
127.0.0.1 asked live while the resident waits."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from kiosk.dossier_lookup import DossierFacts, DossierStage, LookupFailure
from kiosk.payment import PaymentState
from sync.dossier_directory import OutboxDirectory
from sync.outbox import Outbox
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator, Timeline
from sync.worker import SyncWorker


def found(directory: OutboxDirectory, tracking_code: str) -> DossierFacts:
    facts = directory.look_up(tracking_code)
    assert isinstance(facts, DossierFacts), facts
    return facts


@pytest.fixture
def sent(outbox, timed_portal, clock, make_submission):
    """A submission the portal has accepted, and a directory over the outbox and portal."""
    client = PortalClient(timed_portal.base_url, timeout_s=2)
    submission = make_submission()
    outbox.enqueue(submission)
    SyncWorker(outbox, client, clock=clock, poll_base_s=None).drain_once()
    yield submission, OutboxDirectory(outbox, client, clock=clock)
    client.close()


def test_a_queued_submission_is_waiting_to_be_sent(outbox, make_submission, clock):
    submission = make_submission()
    outbox.enqueue(submission)
    facts = found(OutboxDirectory(outbox, None, clock=clock), submission.tracking_code)
    assert facts.stage is DossierStage.WAITING
    assert (facts.procedure_code, facts.submitted_at) == ("1.001234", submission.created_at)
    assert facts.dossier_code is None and facts.history == () and facts.as_of is None


def test_an_accepted_dossier_is_asked_of_the_portal_live(sent, clock):
    submission, directory = sent
    facts = found(directory, submission.tracking_code)
    assert facts.stage is DossierStage.RECEIVED and facts.live
    assert (facts.dossier_code or "").startswith("HNI-")
    assert facts.as_of == clock.now

    clock.advance(400)  # past the simulator's decision
    facts = found(directory, submission.tracking_code)
    assert facts.live
    assert [e.stage for e in facts.history][:2] == [DossierStage.RECEIVED, DossierStage.PROCESSING]
    assert facts.stage is facts.history[-1].stage
    assert facts.stage in {
        DossierStage.RESULT_READY,
        DossierStage.MORE_DOCUMENTS,
        DossierStage.REJECTED,
    }


def test_a_dossier_of_this_kiosk_shows_its_payment_as_the_portal_says(
    outbox, timed_portal, clock, make_submission
):
    client = PortalClient(timed_portal.base_url, timeout_s=2)
    try:
        submission = make_submission(fee_vnd=15000)
        outbox.enqueue(submission)
        SyncWorker(outbox, client, clock=clock, poll_base_s=None).drain_once()
        directory = OutboxDirectory(outbox, client, clock=clock)
        assert found(directory, submission.tracking_code).payment is PaymentState.NONE
        payment = client.request_payment(submission.tracking_code, 15000)
        assert found(directory, submission.tracking_code).payment is PaymentState.PENDING
        clock.advance(30)
        timed_portal.mark_paid(payment.payment_id)  # type: ignore[union-attr]
        facts = found(directory, submission.tracking_code)
    finally:
        client.close()
    assert (facts.payment, facts.paid_at) == (PaymentState.PAID, clock.now)
    assert facts.live and not facts.elsewhere and facts.dossier_code


def test_with_the_portal_down_the_stored_status_is_shown_with_its_date(
    sent, outbox, timed_portal, clock
):
    submission, directory = sent
    stored_at = outbox.find_by_tracking_code(submission.tracking_code).accepted_at
    timed_portal.stop()
    clock.advance(3600)
    facts = found(directory, submission.tracking_code)
    assert facts.stage is DossierStage.RECEIVED
    assert not facts.live
    assert facts.as_of == stored_at
    assert [e.stage for e in facts.history] == [DossierStage.RECEIVED]


def test_a_dossier_the_portal_refused_says_so(outbox, simulator, clock, make_submission):
    client = PortalClient(simulator.base_url)
    submission = make_submission(procedure_code="")
    outbox.enqueue(submission)
    SyncWorker(outbox, client, clock=clock).drain_once()
    facts = found(OutboxDirectory(outbox, client, clock=clock), submission.tracking_code)
    client.close()
    assert facts.stage is DossierStage.NOT_ACCEPTED
    assert facts.history == () and not facts.live


def test_after_the_personal_data_is_purged_the_dossier_is_still_found(
    tmp_path, timed_portal, clock, make_submission
):
    box = Outbox(tmp_path / "purged.sqlite3", clock=clock, retention=timedelta(days=1))
    client = PortalClient(timed_portal.base_url, timeout_s=2)
    try:
        submission = make_submission()
        box.enqueue(submission)
        SyncWorker(box, client, clock=clock, poll_base_s=None).drain_once()
        assert box.purge_personal_data(clock.now + timedelta(days=2)) == 1
        clock.advance(120)
        facts = found(OutboxDirectory(box, client, clock=clock), submission.tracking_code)
        assert facts.stage is DossierStage.PROCESSING and facts.live
    finally:
        client.close()
        box.close()


def test_an_unknown_code_is_not_found_and_the_log_holds_no_code(outbox, clock, caplog):
    with caplog.at_level(logging.INFO):
        outcome = OutboxDirectory(outbox, None, clock=clock).look_up("HN-0000-0000")
    assert outcome is LookupFailure.NOT_FOUND
    assert "HN-0000-0000" not in caplog.text


def test_a_damaged_outbox_cannot_look_up(tmp_path, clock, caplog):
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"not a database" * 500)
    with caplog.at_level(logging.CRITICAL, logger="sync.outbox"):
        box = Outbox(path, clock=clock)
    try:
        assert OutboxDirectory(box, None, clock=clock).look_up("HN-0000-0000") is (
            LookupFailure.UNAVAILABLE
        )
    finally:
        box.close()


# --- a receipt from another kiosk or the ward office (issue 16) -----------------------------
@pytest.fixture
def enrolled_portal(tmp_path, clock):
    """The portal as it really runs (every kiosk enrolled), on the test's clock."""
    sim = PortalSimulator(tmp_path / "enrolled-portal", clock=clock, timeline=Timeline(60, 300))
    sim.start()
    yield sim
    sim.stop()


def enrolled_client(portal: PortalSimulator) -> PortalClient:
    bare = PortalClient(portal.base_url)
    enrolment = bare.enrol(portal.issue_enrolment_code())
    bare.close()
    assert isinstance(enrolment, tuple)
    return PortalClient(
        portal.base_url, kiosk_id=enrolment[0], credential=enrolment[1], timeout_s=2
    )


def test_kiosk_b_finds_a_dossier_made_at_kiosk_a_without_personal_data(
    tmp_path, enrolled_portal, clock, make_submission, caplog
):
    """Kiosk A takes the dossier (its own outbox and worker); kiosk B, enrolled apart, with
    an outbox that never saw it, finds its stage, dates, payment and delivery choice."""
    kiosk_a, kiosk_b = enrolled_client(enrolled_portal), enrolled_client(enrolled_portal)
    box_a = Outbox(tmp_path / "a" / "outbox.sqlite3", clock=clock)
    box_b = Outbox(tmp_path / "b" / "outbox.sqlite3", clock=clock)
    try:
        submission = make_submission(fee_vnd=15000)
        box_a.enqueue(submission)
        SyncWorker(box_a, kiosk_a, clock=clock, poll_base_s=None).drain_once()
        received_at = clock.now
        payment = kiosk_a.request_payment(submission.tracking_code, 15000)
        enrolled_portal.mark_paid(payment.payment_id)  # type: ignore[union-attr]
        clock.advance(120)
        directory_b = OutboxDirectory(box_b, kiosk_b, clock=clock)

        with caplog.at_level(logging.DEBUG):
            facts = found(directory_b, submission.tracking_code)
            unknown = directory_b.look_up("HN-0000-0000")
    finally:
        for part in (kiosk_a, kiosk_b, box_a, box_b):
            part.close()

    assert facts.elsewhere and facts.live and facts.as_of == clock.now
    assert (facts.tracking_code, facts.procedure_code) == (submission.tracking_code, "1.001234")
    assert facts.stage is DossierStage.PROCESSING and facts.dossier_code is None
    assert [e.stage for e in facts.history] == [DossierStage.RECEIVED, DossierStage.PROCESSING]
    assert facts.submitted_at == received_at
    assert facts.payment is PaymentState.PAID and facts.paid_at == received_at
    for personal in ("Nguyễn Văn An", "001099012345", "Đăng ký thường trú"):
        assert personal not in repr(facts)
    assert unknown is LookupFailure.NOT_FOUND
    assert submission.tracking_code not in caplog.text and "HN-0000-0000" not in caplog.text


def test_with_the_portal_down_a_code_this_kiosk_does_not_know_is_not_found(outbox, clock):
    dead = PortalClient("http://127.0.0.1:9", timeout_s=0.5)
    try:
        assert OutboxDirectory(outbox, dead, clock=clock).look_up("HN-7K3M-Q9PD") is (
            LookupFailure.NOT_FOUND
        )
    finally:
        dead.close()
