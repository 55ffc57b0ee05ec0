"""``outbox_load``: 10,000 submissions queued offline, then drained to the portal simulator
through random faults by kiosk processes SIGKILLed at random moments (issue 17). The
scenario is ``tests/sync/load_scenario.py``, which the test suite runs at 1,000.

The value is the drain's throughput, from the portal's return to the last acceptance, kills
and restarts included; what must hold is nothing lost, nothing duplicated or altered, and
the draining process's RSS flat (least-squares slope against submissions delivered, over
its last, uninterrupted life).
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

from tests.bench.results import Figure
from tests.sync.load_scenario import FAULTS, run_load

MAX_RSS_SLOPE_MB_PER_1000 = 5.0
UNIT = "submissions/s"
TARGET = f"0 lost, 0 duplicated; RSS slope < {MAX_RSS_SLOPE_MB_PER_1000:.0f} MB per 1,000 delivered"


def measure(quick: bool) -> Figure:
    """Run the load scenario once (1,000 and 20 kills with ``--quick``)."""
    submissions, kills = (1000, 20) if quick else (10_000, 200)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        result = run_load(
            Path(tmp),
            submissions,
            kills,
            progress=lambda text: print(f"  outbox_load: {text}", file=sys.stderr, flush=True),
        )
    wrong = (
        len(result.lost)
        + len(result.duplicated)
        + len(result.phantom)
        + len(result.altered)
        + len(result.not_accepted_in_outbox)
    )
    slope = result.rss_slope_mb_per_1000
    figure = Figure(key="outbox_load", unit=UNIT, target=TARGET, value=result.throughput)
    figure.n = submissions
    figure.met = (
        wrong == 0
        and not result.errors
        and result.outbox_counts.get("accepted") == submissions
        and not math.isnan(slope)
        and slope < MAX_RSS_SLOPE_MB_PER_1000
    )
    figure.extra = {
        "submissions": submissions,
        "kills": result.kills,
        "kills_mid_drain": result.kills_mid_drain,
        "faults_seen": result.faults,
        "fault_spec": FAULTS,
        "lost": len(result.lost),
        "duplicated": len(result.duplicated),
        "phantom": len(result.phantom),
        "altered": len(result.altered),
        "not_accepted_in_outbox": len(result.not_accepted_in_outbox),
        "enqueue_seconds": result.enqueue_s,
        "drain_seconds": result.drain_s,
        "rss_slope_mb_per_1000": slope,
        "rss_measured_over": result.final_life_items,
        "peak_rss_mb": result.peak_rss_mb,
        "final_rss_mb": result.final_rss_mb,
        "errors": result.errors,
    }
    figure.note = result.summary() + (f"; errors: {result.errors}" if result.errors else "")
    return figure
