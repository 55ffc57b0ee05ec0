"""The worker's timers follow the monotonic clock, and its persisted back-off survives a wall
clock that jumps (issue 17, "Clocks").

The heartbeat's schedule lives in memory: a wall clock set back an hour must not silence the
kiosk for an hour, one set forward a day must not make it beat at once. A retry time is kept
in the outbox across restarts, so it is wall-clock time: a clock set back a year (a dead RTC
booting in the past before time synchronisation) must not leave a submission waiting a year.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

import pytest

from kiosk.submission import Submission
from sync.outbox import Outbox, OutboxState
from sync.outbox.drain import LONGEST_RETRY_WAIT_S
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from sync.worker import SyncWorker
from tests.fake_clock import FakeClock

KIOSK = "kiosk-hbt-01"
HOUR_S = 3600.0
DAY_S = 86400.0
YEAR_S = 365 * DAY_S


@pytest.fixture
def client(simulator: PortalSimulator):
    portal = PortalClient(simulator.base_url, timeout_s=5.0, kiosk_id=KIOSK)
    yield portal
    portal.close()


def state(outbox: Outbox, local_id: str) -> OutboxState:
    record = outbox.get(local_id)
    assert record is not None
    return record.state


def heartbeating(outbox: Outbox, client: PortalClient, clock: FakeClock) -> SyncWorker:
    worker = SyncWorker(outbox, client, clock=clock, heartbeat_interval_s=60, poll_base_s=None)
    assert worker.heartbeat_if_due()  # the first one goes at once
    return worker


def test_a_wall_clock_set_back_an_hour_does_not_silence_the_heartbeat(
    outbox: Outbox, client: PortalClient, simulator: PortalSimulator, clock: FakeClock
):
    worker = heartbeating(outbox, client, clock)
    clock.jump_wall(-HOUR_S)
    clock.advance(59)
    assert not worker.heartbeat_if_due()
    clock.advance(1)
    assert worker.heartbeat_if_due()
    assert len(simulator.heartbeats()) == 2


def test_a_wall_clock_set_forward_a_day_does_not_hurry_the_heartbeat(
    outbox: Outbox, client: PortalClient, simulator: PortalSimulator, clock: FakeClock
):
    worker = heartbeating(outbox, client, clock)
    clock.jump_wall(DAY_S)
    assert not worker.heartbeat_if_due()
    clock.advance(60)
    assert worker.heartbeat_if_due()
    assert len(simulator.heartbeats()) == 2


def test_the_thread_waits_for_the_next_heartbeat_on_the_monotonic_clock(
    outbox: Outbox, client: PortalClient, clock: FakeClock
):
    worker = heartbeating(outbox, client, clock)
    clock.advance(20)
    clock.jump_wall(-HOUR_S)
    assert worker._seconds_to_next_heartbeat() == pytest.approx(40)  # what _run waits


def test_a_wall_clock_set_back_a_year_does_not_park_a_retry_for_a_year(
    outbox: Outbox,
    simulator: PortalSimulator,
    client: PortalClient,
    clock: FakeClock,
    make_submission,
):
    worker = SyncWorker(outbox, client, clock=clock, base_backoff_s=10.0, rng=random.Random(7))
    submission = make_submission()
    outbox.enqueue(submission)
    simulator.inject_faults(1, status=503)
    assert worker.drain_once() == 1
    assert state(outbox, submission.local_id) is OutboxState.QUEUED
    clock.jump_wall(-YEAR_S)  # the kiosk rebooted with a dead RTC
    clock.advance(1)
    assert worker.drain_once() == 1
    assert state(outbox, submission.local_id) is OutboxState.ACCEPTED


def test_a_retry_within_the_longest_wait_still_waits(
    outbox: Outbox, clock: FakeClock, make_submission: Callable[[], Submission]
):
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()
    outbox.mark_retry(submission.local_id, "HTTP 503", clock.now + timedelta(seconds=600))
    assert outbox.claim_next() is None
    clock.advance(600)
    assert outbox.claim_next() is not None


def test_a_retry_time_beyond_the_longest_wait_is_kept_to_it(
    outbox: Outbox, clock: FakeClock, make_submission: Callable[[], Submission]
):
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()
    outbox.mark_retry(submission.local_id, "HTTP 503", clock.now + timedelta(days=30))
    record = outbox.get(submission.local_id)
    assert record is not None
    due = record.next_attempt_at
    assert due == clock.now + timedelta(seconds=LONGEST_RETRY_WAIT_S)
    assert outbox.claim_next() is None  # kept to the longest wait, not due at once


def test_a_back_off_cap_beyond_the_longest_wait_is_refused(outbox: Outbox, client: PortalClient):
    with pytest.raises(ValueError, match="max_backoff_s"):
        SyncWorker(outbox, client, max_backoff_s=LONGEST_RETRY_WAIT_S + 1)


def test_a_status_poll_set_before_the_clock_went_back_is_due_at_once(
    outbox: Outbox, clock: FakeClock, make_submission: Callable[[], Submission]
):
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()
    outbox.mark_accepted(
        submission.local_id, "HN-2026-000001", next_poll_at=clock.now + timedelta(minutes=30)
    )
    assert outbox.next_to_poll() is None
    clock.jump_wall(-YEAR_S)  # a dead RTC: the poll time is now a year ahead
    polled = outbox.next_to_poll()
    assert polled is not None and polled.local_id == submission.local_id


def test_a_status_poll_is_never_set_beyond_the_longest_wait(
    outbox: Outbox, clock: FakeClock, make_submission: Callable[[], Submission]
):
    submission = make_submission()
    outbox.enqueue(submission)
    outbox.claim_next()
    outbox.mark_accepted(submission.local_id, "HN-2026-000001", next_poll_at=clock.now)
    outbox.postpone_poll(submission.local_id, clock.now + timedelta(days=30))
    assert outbox.next_to_poll() is None
    clock.advance(LONGEST_RETRY_WAIT_S)
    assert outbox.next_to_poll() is not None
    outbox.record_status(submission.local_id, "Đang xử lý", [], clock.now + timedelta(days=30))
    record = outbox.get(submission.local_id)
    assert record is not None
    assert record.next_poll_at == clock.now + timedelta(seconds=LONGEST_RETRY_WAIT_S)
