"""``sync_drain``: queued submissions drained to the portal simulator by the sync worker,
beside a bare httpx loop posting the same bodies to the same simulator.

The queue is filled in one transaction before the clock starts (filling is not what is
measured). The baseline runs half before and half after the drain, so drift on a shared
machine falls on both sides.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from sync.outbox import Outbox, OutboxRecord, OutboxState
from sync.portal_client import SUBMISSIONS_PATH, PortalClient
from sync.portal_simulator import PortalSimulator
from sync.worker import SyncWorker
from tests.bench.outbox_commit import sample_submission
from tests.bench.results import Figure

SEGMENTS = 10


def fill_queue(outbox: Outbox, count: int) -> list[str]:
    """Queue ``count`` fresh submissions in one transaction; their payloads, oldest first."""
    rows = []
    stamp = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    for _ in range(count):
        s = sample_submission()
        rows.append(
            (s.local_id, s.tracking_code, s.procedure_code, s.procedure_version,
             s.payload_json(), OutboxState.QUEUED.value, 0, stamp, stamp)
        )  # fmt: skip
    with sqlite3.connect(outbox.db_path) as db:
        db.executemany(
            "INSERT INTO outbox (local_id, tracking_code, procedure_code, procedure_version,"
            " payload, state, attempts, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )
    return [row[4] for row in rows]


def bare_posts(base_url: str, bodies: list[str], prefix: str) -> list[float]:
    """POST each body with a fresh Idempotency-Key; the monotonic time after each answer."""
    stamps: list[float] = []
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        for number, body in enumerate(bodies):
            response = client.post(
                SUBMISSIONS_PATH,
                content=body.encode("utf-8"),
                headers={
                    "Idempotency-Key": f"{prefix}{number:020d}",
                    "Content-Type": "application/json",
                },
            )
            if response.status_code != 201:
                raise RuntimeError(f"the simulator answered {response.status_code}")
            stamps.append(time.perf_counter())
    return stamps


def _segment_rates(start: float, stamps: list[float]) -> list[float]:
    """Items per second in SEGMENTS equal slices of the run."""
    size = max(1, len(stamps) // SEGMENTS)
    rates = []
    previous = start
    for end_index in range(size - 1, len(stamps), size):
        rates.append(size / (stamps[end_index] - previous))
        previous = stamps[end_index]
    return rates


def measure(quick: bool) -> Figure:
    """Drain ``count`` queued items with ``SyncWorker.drain_once``; the bare loop around it."""
    count = 500 if quick else 5000
    with tempfile.TemporaryDirectory(prefix="bench-drain-") as tmp:
        simulator = PortalSimulator(Path(tmp) / "portal")
        base_url = simulator.start()
        outbox = Outbox(Path(tmp) / "outbox.sqlite3")
        client = PortalClient(base_url, timeout_s=30.0, kiosk_id="HN-KIOSK-BENCH")
        accepted: list[float] = []

        def on_change(record: OutboxRecord) -> None:
            if record.state is OutboxState.ACCEPTED:
                accepted.append(time.perf_counter())

        worker = SyncWorker(outbox, client, on_change=on_change)
        try:
            bodies = fill_queue(outbox, count)
            half = count // 2
            start = time.perf_counter()
            bare_stamps = bare_posts(base_url, bodies[:half], "BENCHA")
            bare_first = time.perf_counter() - start
            bare_rates = _segment_rates(start, bare_stamps)

            start = time.perf_counter()
            while worker.drain_once():
                pass
            drain_s = time.perf_counter() - start
            drain_rates = _segment_rates(start, accepted)
            counts = outbox.counts()

            start = time.perf_counter()
            bare_stamps = bare_posts(base_url, bodies[half:], "BENCHB")
            bare_second = time.perf_counter() - start
            bare_rates += _segment_rates(start, bare_stamps)
        finally:
            client.close()
            outbox.close()
            simulator.stop()
    rate = counts["accepted"] / drain_s
    bare_rate = count / (bare_first + bare_second)
    figure = Figure(
        key="sync_drain",
        unit="items/s",
        target="≥ 0.8× the baseline's rate",
        value=rate,
        baseline=bare_rate,
        ratio=rate / bare_rate,
        min=min(drain_rates),
        max=max(drain_rates),
        n=count,
    )
    figure.met = counts["accepted"] == count and figure.ratio is not None and figure.ratio >= 0.8
    figure.extra = {
        "seconds": drain_s,
        "baseline_seconds": bare_first + bare_second,
        "first_tenth_rate": drain_rates[0],
        "last_tenth_rate": drain_rates[-1],
        "baseline_min": min(bare_rates),
        "baseline_max": max(bare_rates),
    }
    figure.note = (
        f"{count} queued, {counts['accepted']} accepted in {drain_s:.1f} s (baseline "
        f"{bare_first + bare_second:.1f} s); min..max = rate in each tenth of the drain "
        f"(first {drain_rates[0]:.0f}/s, last {drain_rates[-1]:.0f}/s)"
    )
    return figure
