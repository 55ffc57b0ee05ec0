"""``sync_drain``: queued submissions drained to the portal simulator by the sync worker,
beside a bare httpx loop posting the same bodies to the same simulator.

The queue is filled in one transaction before the clock starts (filling is not what is
measured). The drain and the baseline take turns in SLICES rounds: a tenth of the baseline's
posts, a tenth of the queue drained (``drain_once(limit=…)`` on the whole queue), another
tenth of posts, and so on; the rates are the items over the summed times of each side. The
simulator's fsync per dossier dominates both, and on a shared machine its speed drifts
within seconds: taking turns puts the same drift on both sides (the first version, half the
baseline before the drain and half after, swung between 0.7× and 1.0× from run to run).
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

SLICES = 10


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


def bare_posts(client: httpx.Client, bodies: list[str], prefix: str) -> list[float]:
    """POST each body with a fresh Idempotency-Key; the monotonic time after each answer."""
    stamps: list[float] = []
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


def measure(quick: bool) -> Figure:
    """Drain ``count`` queued items with ``SyncWorker.drain_once``, in turns with the bare loop."""
    count = 500 if quick else 5000
    step = count // SLICES
    with tempfile.TemporaryDirectory(prefix="bench-drain-") as tmp:
        simulator = PortalSimulator(Path(tmp) / "portal", allow_unenrolled=True)
        base_url = simulator.start()
        outbox = Outbox(Path(tmp) / "outbox.sqlite3")
        client = PortalClient(base_url, timeout_s=30.0, kiosk_id="HN-KIOSK-BENCH")
        # One client for the whole baseline, as the worker has one for the whole drain.
        bare = httpx.Client(base_url=base_url, timeout=30.0)
        accepted: list[float] = []

        def on_change(record: OutboxRecord) -> None:
            if record.state is OutboxState.ACCEPTED:
                accepted.append(time.perf_counter())

        worker = SyncWorker(outbox, client, on_change=on_change)
        drain_times: list[float] = []
        bare_times: list[float] = []
        try:
            bodies = fill_queue(outbox, count)
            for turn in range(SLICES):
                mine = bodies[turn * step : (turn + 1) * step]
                half = len(mine) // 2
                start = time.perf_counter()
                bare_posts(bare, mine[:half], f"BENCH{turn:02d}A")
                bare_s = time.perf_counter() - start

                start = time.perf_counter()
                drained = 0
                while drained < step:
                    done = worker.drain_once(limit=step - drained)
                    if done == 0:
                        break
                    drained += done
                drain_times.append(time.perf_counter() - start)

                start = time.perf_counter()
                bare_posts(bare, mine[half:], f"BENCH{turn:02d}B")
                bare_times.append(bare_s + time.perf_counter() - start)
            counts = outbox.counts()
        finally:
            bare.close()
            client.close()
            outbox.close()
            simulator.stop()
    drain_s, bare_s = sum(drain_times), sum(bare_times)
    rate = counts["accepted"] / drain_s
    bare_rate = count / bare_s
    drain_rates = [step / t for t in drain_times]
    bare_rates = [step / t for t in bare_times]
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
    figure.met = (
        counts["accepted"] == count
        and len(accepted) == count
        and figure.ratio is not None
        and figure.ratio >= 0.8
    )
    turn_ratios = sorted(d / b for d, b in zip(drain_rates, bare_rates, strict=True))
    figure.extra = {
        "seconds": drain_s,
        "baseline_seconds": bare_s,
        "first_tenth_rate": drain_rates[0],
        "last_tenth_rate": drain_rates[-1],
        "baseline_min": min(bare_rates),
        "baseline_max": max(bare_rates),
        "turn_ratio_min": turn_ratios[0],
        "turn_ratio_max": turn_ratios[-1],
    }
    figure.note = (
        f"{count} queued, {counts['accepted']} accepted in {drain_s:.1f} s (baseline "
        f"{bare_s:.1f} s), in {SLICES} turns with the baseline; min..max = rate in each turn "
        f"(first {drain_rates[0]:.0f}/s, last {drain_rates[-1]:.0f}/s; ratio per turn "
        f"{turn_ratios[0]:.2f}..{turn_ratios[-1]:.2f})"
    )
    return figure
