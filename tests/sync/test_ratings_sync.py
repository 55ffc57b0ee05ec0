"""Residents' ratings through the real outbox file and the worker to the portal simulator on
127.0.0.1: queued apart from any submission, kept across a restart, held until several can go
together, sent once, and linked to nothing."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import create_engine

from kiosk.ports import QueueUnavailableError
from kiosk.rating import Rating, RatingReason, new_rating_key, rating_day
from sync.outbox import Outbox
from sync.outbox.schema_migrations import alembic_config
from sync.portal_client import PortalClient
from sync.submission_queue import OutboxQueue
from sync.worker import SyncWorker


def a_rating(clock, score: int = 4) -> Rating:
    return Rating(
        score=score,
        procedure_code="1.001234",
        kiosk_id="kiosk-hbt-01",
        day=rating_day(clock.now),
        reasons=(RatingReason.QUICK,),
    )


@pytest.fixture
def client(simulator):
    portal = PortalClient(simulator.base_url, timeout_s=2)
    yield portal
    portal.close()


def test_ratings_wait_until_several_are_queued_then_all_go(outbox, simulator, client, clock):
    worker = SyncWorker(outbox, client, clock=clock, ratings_together=3)
    ratings = [a_rating(clock, score) for score in (5, 2)]
    for rating in ratings:
        outbox.enqueue_rating(new_rating_key(), rating)

    assert worker.send_ratings_once() == 0
    assert simulator.ratings() == []

    ratings.append(a_rating(clock, 3))
    outbox.enqueue_rating(new_rating_key(), ratings[-1])
    assert worker.send_ratings_once() == 3

    sent = simulator.ratings()
    assert sorted(r["score"] for r in sent) == [2, 3, 5]
    assert all(r in sent for r in (rating.to_payload() for rating in ratings))
    assert outbox.rating_counts() == {"queued": 0, "failed": 0}
    assert worker.send_ratings_once() == 0  # sent ones are gone: nothing goes twice
    assert len(simulator.ratings()) == 3


def test_a_lone_rating_goes_once_its_day_is_over(outbox, simulator, client, clock):
    worker = SyncWorker(outbox, client, clock=clock, ratings_together=5)
    outbox.enqueue_rating(new_rating_key(), a_rating(clock))
    assert worker.send_ratings_once() == 0
    clock.advance(24 * 3600)
    assert worker.send_ratings_once() == 1
    assert len(simulator.ratings()) == 1


def test_queued_ratings_survive_a_restart_and_the_worker_round_sends_them(
    tmp_path, simulator, client, clock
):
    path = tmp_path / "kiosk" / "outbox.sqlite3"
    first = Outbox(path, clock=clock)
    first.enqueue_rating(new_rating_key(), a_rating(clock))
    first.close()

    again = Outbox(path, clock=clock)
    try:
        assert again.rating_counts()["queued"] == 1
        SyncWorker(again, client, clock=clock, ratings_together=1).run_round()
        assert again.rating_counts()["queued"] == 0
    finally:
        again.close()
    assert simulator.ratings() == [a_rating(clock).to_payload()]


def test_a_rating_row_holds_nothing_that_links_it_to_a_submission(outbox, clock, make_submission):
    submission = make_submission()
    outbox.enqueue(submission)
    key = new_rating_key()
    outbox.enqueue_rating(key, a_rating(clock))

    with sqlite3.connect(outbox.db_path) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(ratings)")}
        row = raw.execute("SELECT * FROM ratings").fetchone()
    assert columns == {
        "seq",
        "rating_key",
        "payload",
        "day",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
    }
    text = " ".join(str(value) for value in row)
    for link in (submission.local_id, submission.tracking_code, clock.now.strftime("%H:%M")):
        assert link not in text
    assert len(key) == 32 and not key.startswith(submission.local_id[:10].lower())


def test_with_the_portal_down_ratings_stay_queued_and_go_later(outbox, simulator, client, clock):
    for _ in range(2):
        outbox.enqueue_rating(new_rating_key(), a_rating(clock))
    dead = PortalClient("http://127.0.0.1:9", timeout_s=0.5)
    try:
        assert SyncWorker(outbox, dead, clock=clock, ratings_together=1).send_ratings_once() == 0
    finally:
        dead.close()
    assert outbox.rating_counts()["queued"] == 2
    worker = SyncWorker(outbox, client, clock=clock, ratings_together=1)
    # The first failure ended that round: the one tried waits for its retry time, the other
    # was never tried and goes now.
    assert worker.send_ratings_once() == 1
    assert outbox.rating_counts()["queued"] == 1
    clock.advance(400)
    assert worker.send_ratings_once() == 1
    assert len(simulator.ratings()) == 2


def test_a_rating_the_portal_refuses_for_good_is_kept_with_the_reason_and_not_resent(
    outbox, simulator, client, clock
):
    outbox.enqueue_rating(new_rating_key(), a_rating(clock))
    with sqlite3.connect(outbox.db_path) as raw:  # as if a bug had put a link in it
        raw.execute("UPDATE ratings SET payload = json_set(payload, '$.tracking_code', 'HN-1')")
    worker = SyncWorker(outbox, client, clock=clock, ratings_together=1)

    assert worker.send_ratings_once() == 0
    assert outbox.rating_counts() == {"queued": 0, "failed": 1}
    with sqlite3.connect(outbox.db_path) as raw:
        (reason,) = raw.execute("SELECT last_error FROM ratings").fetchone()
    assert "422" in reason and "tracking_code" in reason
    asked = len(simulator.requests())
    clock.advance(3600)
    assert worker.send_ratings_once() == 0
    assert len(simulator.requests()) == asked
    assert simulator.ratings() == []


def test_a_kiosk_upgraded_from_revision_0002_keeps_its_queue_and_takes_ratings(
    tmp_path, clock, make_submission
):
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, clock=clock)
    waiting = make_submission()
    box.enqueue(waiting)
    box.close()
    engine = create_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        tables = {name for (name,) in raw.execute("SELECT name FROM sqlite_master")}
    assert "ratings" not in tables

    box = Outbox(path, clock=clock)
    try:
        assert box.health.available
        kept = box.get(waiting.local_id)
        assert kept is not None and kept.payload_json == waiting.payload_json()
        box.enqueue_rating(new_rating_key(), a_rating(clock))
        assert box.rating_counts()["queued"] == 1
    finally:
        box.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0003"


def test_the_same_rating_key_queued_twice_is_one_rating(outbox, clock):
    key = new_rating_key()
    outbox.enqueue_rating(key, a_rating(clock))
    outbox.enqueue_rating(key, a_rating(clock))
    assert outbox.rating_counts()["queued"] == 1


def test_the_sessions_queue_stores_a_rating_and_a_damaged_file_says_so(
    tmp_path, outbox, client, clock
):
    queue = OutboxQueue(outbox, SyncWorker(outbox, client, clock=clock))
    queue.queue_rating(a_rating(clock))
    queue.queue_rating(a_rating(clock))  # two taps are two ratings: each its own key
    assert outbox.rating_counts()["queued"] == 2

    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"not a database" * 500)
    damaged = Outbox(path, clock=clock)
    try:
        with pytest.raises(QueueUnavailableError):
            OutboxQueue(damaged, SyncWorker(damaged, client, clock=clock)).queue_rating(
                a_rating(clock)
            )
    finally:
        damaged.close()
