"""A kiosk offline for a long time: 5,000 submissions pile up, the portal comes back, and the
kiosk delivers them all, in order, without ever exceeding its request rate or loading the
whole queue into memory."""

from __future__ import annotations

import re
from collections import deque
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import event

from sync.outbox import Outbox
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from sync.rate_limit import TokenBucket
from sync.worker import DEFAULT_BATCH_SIZE, SyncWorker

BACKLOG = 5000
RATE_PER_S = 20.0
BURST = 5


def outbox_selects(outbox: Outbox) -> list[str]:
    """Every SELECT the outbox runs from now on (the statement text, no parameters)."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(" ".join(statement.split()))

    event.listen(outbox._engine, "before_cursor_execute", record)
    return seen


def reads_a_bounded_number_of_rows(statement: str) -> bool:
    """One row, a LIMITed page, a count, or the rows of one claimed batch (``IN (?, …)``)."""
    upper = statement.upper()
    in_list = re.search(r"LOCAL_ID IN \(([?, ]*)\)", upper)
    return (
        "LIMIT" in upper
        or "WHERE OUTBOX.LOCAL_ID = ?" in upper
        or "WHERE ATTACHMENTS.SHA256 = ?" in upper
        or "OUTBOX_ATTACHMENTS.LOCAL_ID = ?" in upper  # the attachments of one row
        or "COUNT(" in upper
        or (in_list is not None and in_list.group(1).count("?") <= DEFAULT_BATCH_SIZE)
    )


@pytest.mark.slow
def test_five_thousand_queued_offline_are_all_delivered_in_order_within_the_rate(
    tmp_path, clock, make_submission
):
    # The portal's address is known, but nothing answers there yet.
    portal = PortalSimulator(tmp_path / "portal", clock=clock, allow_unenrolled=True)
    url = portal.start()
    port = int(url.rsplit(":", 1)[1])
    portal.stop()

    outbox = Outbox(tmp_path / "kiosk" / "outbox.sqlite3", clock=clock)
    client = PortalClient(url, timeout_s=5.0)
    # Virtual time: waiting for a token moves the shared clock, so nothing sleeps for real
    # and the portal stamps each request with the same clock.
    bucket = TokenBucket(RATE_PER_S, BURST, clock=clock.seconds, sleep=clock.sleep)
    worker = SyncWorker(outbox, client, clock=clock, rate_limit=bucket, poll_base_s=None)
    try:
        submissions = [make_submission() for _ in range(BACKLOG)]
        for submission in submissions:
            outbox.enqueue(submission)
        assert outbox.counts()["queued"] == BACKLOG

        # Offline: one knock on the door per round, not one per queued submission.
        assert worker.drain_once() == 1
        first = outbox.get(submissions[0].local_id)
        assert first is not None
        assert (first.last_error or "").startswith("network error")
        assert outbox.counts()["queued"] == BACKLOG

        portal = PortalSimulator(tmp_path / "portal", port=port, clock=clock, allow_unenrolled=True)
        portal.start()
        clock.advance(3600)  # long enough for any back-off
        selects = outbox_selects(outbox)
        rounds = 0
        while outbox.counts()["queued"] and rounds < 100:
            worker.drain_once()
            rounds += 1
        counts = outbox.counts()
        dossiers = httpx.get(f"{url}/sim/dossiers", timeout=60).json()["dossiers"]
        requests = [r.at for r in portal.requests() if r.method == "POST"]
    finally:
        client.close()
        outbox.close()
        portal.stop()

    assert counts == {"queued": 0, "sending": 0, "accepted": BACKLOG, "failed": 0}
    # In the order residents made them.
    assert [d["idempotency_key"] for d in dossiers] == [s.local_id for s in submissions]
    # Never more than the bucket allows in any one-second window.
    window: deque = deque()
    busiest = 0
    for at in requests:
        window.append(at)
        while window[0] <= at - timedelta(seconds=1):
            window.popleft()
        busiest = max(busiest, len(window))
    assert len(requests) == BACKLOG
    assert busiest <= RATE_PER_S + BURST
    # Streaming: every read of the queue takes one row or one small batch, never the backlog.
    assert selects, "the drain read nothing?"
    wide = [s for s in selects if not reads_a_bounded_number_of_rows(s)]
    assert wide == []
