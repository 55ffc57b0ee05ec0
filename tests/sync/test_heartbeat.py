"""The kiosk tells the portal it is alive, and how its queue looks, every heartbeat interval;
the simulator keeps the last heartbeat of each kiosk for the tests' eyes (GET /sim/kiosks)."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from sync.rate_limit import TokenBucket
from sync.worker import SyncWorker

KIOSK = "kiosk-hbt-01"


def kiosks(simulator: PortalSimulator) -> dict[str, dict[str, Any]]:
    listing = httpx.get(f"{simulator.base_url}/sim/kiosks").json()["kiosks"]
    return {k["kiosk_id"]: k for k in listing}


@pytest.fixture
def client(simulator):
    portal = PortalClient(simulator.base_url, timeout_s=5.0, kiosk_id=KIOSK)
    yield portal
    portal.close()


def test_the_heartbeat_reports_the_queue_and_comes_again_after_the_interval(
    outbox, client, simulator, clock, make_submission
):
    refused = make_submission(procedure_code="")  # the portal will refuse it (422)
    waiting = make_submission()
    outbox.enqueue(refused)
    outbox.enqueue(waiting)
    clock.advance(30)
    worker = SyncWorker(outbox, client, clock=clock, heartbeat_interval_s=60, poll_base_s=None)

    assert worker.heartbeat_if_due()  # the first one goes at once
    first = kiosks(simulator)[KIOSK]["last_heartbeat"]
    assert first["queue_depth"] == 2
    assert first["failed_count"] == 0
    assert first["oldest_unsent_age_s"] == pytest.approx(30.0)  # queued 30 s ago

    worker.drain_once()
    clock.advance(59)
    assert not worker.heartbeat_if_due()  # not yet
    assert len(simulator.heartbeats()) == 1

    clock.advance(1)
    assert worker.heartbeat_if_due()
    last = kiosks(simulator)[KIOSK]["last_heartbeat"]
    assert last["queue_depth"] == 0
    assert last["failed_count"] == 1
    assert last["oldest_unsent_age_s"] is None
    assert [body["failed_count"] for _, body in simulator.heartbeats()] == [0, 1]
    assert worker.heartbeats_sent == 2


def test_the_heartbeat_goes_on_between_items_of_a_long_drain(
    outbox, client, simulator, clock, make_submission
):
    # One request per virtual second: 12 items take 12 s, the heartbeat is due every 5 s.
    bucket = TokenBucket(1.0, 1, clock=clock.seconds, sleep=clock.sleep)
    worker = SyncWorker(
        outbox, client, clock=clock, rate_limit=bucket, heartbeat_interval_s=5, poll_base_s=None
    )
    for _ in range(12):
        outbox.enqueue(make_submission())
    worker.run_round()
    depths = [body["queue_depth"] for _, body in simulator.heartbeats()]
    assert outbox.counts()["accepted"] == 12
    assert len(depths) >= 3
    assert depths[0] == 12
    assert depths == sorted(set(depths), reverse=True)  # the queue shrinks between them


def test_the_worker_thread_beats_on_its_own_at_a_short_interval(outbox, client, simulator):
    worker = SyncWorker(outbox, client, heartbeat_interval_s=0.05, idle_wait_s=3600)
    three = threading.Event()
    original = client.heartbeat

    def counting(*args: Any, **kwargs: Any) -> bool:
        heard = original(*args, **kwargs)
        if worker.heartbeats_sent >= 2:  # this one is the third
            three.set()
        return heard

    client.heartbeat = counting
    worker.start()
    try:
        assert three.wait(timeout=30)
    finally:
        worker.stop()
    assert len(simulator.heartbeats()) >= 3
    assert kiosks(simulator)[KIOSK]["last_heartbeat"]["queue_depth"] == 0


def test_a_portal_that_is_down_is_not_asked_more_often_than_the_interval(outbox, clock, tmp_path):
    gone = PortalSimulator(tmp_path / "gone", allow_unenrolled=True)
    url = gone.start()
    gone.stop()
    client = PortalClient(url, timeout_s=2.0, kiosk_id=KIOSK)
    try:
        worker = SyncWorker(outbox, client, clock=clock, heartbeat_interval_s=60)
        assert worker.heartbeat_if_due() is False  # not heard, no crash
        clock.advance(30)
        assert worker.heartbeat_if_due() is False
        assert worker.heartbeats_sent == 0
    finally:
        client.close()


def test_without_a_kiosk_id_there_is_no_heartbeat(outbox, simulator, clock):
    client = PortalClient(simulator.base_url)
    try:
        worker = SyncWorker(outbox, client, clock=clock, heartbeat_interval_s=60)
        worker.run_round()
        clock.advance(120)
        worker.run_round()
    finally:
        client.close()
    assert simulator.heartbeats() == []


def test_an_enrolled_kiosk_beats_under_its_own_id_only(outbox, clock, tmp_path):
    portal = PortalSimulator(tmp_path / "portal")  # refuses unenrolled kiosks
    url = portal.start()
    try:
        enroller = PortalClient(url)
        enrolment = enroller.enrol(portal.issue_enrolment_code())
        enroller.close()
        assert isinstance(enrolment, tuple)
        kiosk_id, credential = enrolment
        client = PortalClient(url, kiosk_id=kiosk_id, credential=credential)
        worker = SyncWorker(outbox, client, clock=clock, heartbeat_interval_s=60)
        assert worker.heartbeat_if_due()
        assert client.heartbeat("HN-KIOSK-999999", 0, None) is False  # another kiosk's id
        client.close()
        listed = kiosks(portal)
    finally:
        portal.stop()
    assert set(listed) == {kiosk_id}
    assert listed[kiosk_id]["enrolled_at"]
    assert listed[kiosk_id]["last_heartbeat"]["queue_depth"] == 0


def test_the_last_acknowledged_heartbeat_is_kept_in_the_stats(outbox, client, simulator, clock):
    worker = SyncWorker(outbox, client, clock=clock, heartbeat_interval_s=60, poll_base_s=None)
    assert worker.stats.last_heartbeat_at is None
    assert worker.heartbeat_if_due()
    first = clock()
    assert worker.stats.last_heartbeat_at == first
    clock.advance(60)
    simulator.stop()  # the portal goes away: the next heartbeat is not heard
    assert not worker.heartbeat_if_due()
    assert worker.stats.last_heartbeat_at == first
