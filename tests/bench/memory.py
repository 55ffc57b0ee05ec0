"""``memory``: resident memory of the kiosk after start, and its growth over many sessions.

Growth is the least-squares slope of RSS against sessions done, each sample taken after
``gc.collect()`` and ``malloc_trim(0)``: two raw readings would count what the allocator
happens to keep, and say little about a trend.
"""

from __future__ import annotations

import json

from tests.bench.results import Figure
from tests.bench.subprocess_run import run_probe
from tests.memory_probe import slope_mb_per_1000

SESSIONS = 1000
START_TARGET_MB = 250
GROWTH_TARGET_MB = 10


def measure(quick: bool, baseline_rss_mb: float | None = None) -> Figure:
    """RSS after start; growth per 1,000 sessions (the slope, whatever the run's length)."""
    asked = 100 if quick else SESSIONS
    _, result = run_probe("tests.bench.session_probe", "memory", str(asked), marker="RESULT")
    data = json.loads(result)
    start_mb = data["after_start_kb"] / 1024
    done = int(data["sessions"])
    samples = [(int(n), int(kb)) for n, kb in data["samples"]]
    growth_1000_mb = slope_mb_per_1000(samples)
    sample_mb = [kb / 1024 for _, kb in samples]
    figure = Figure(
        key="memory",
        unit="MB",
        target=(
            f"≤ {START_TARGET_MB} MB after start; growth ≤ {GROWTH_TARGET_MB} MB per "
            f"{SESSIONS} sessions"
        ),
        value=start_mb,
        min=min(sample_mb),
        max=max(sample_mb),
        n=done,
    )
    figure.met = start_mb <= START_TARGET_MB and growth_1000_mb <= GROWTH_TARGET_MB
    figure.extra = {
        "after_start_settled_mb": data["after_start_settled_kb"] / 1024,
        "growth_1000_sessions_mb": growth_1000_mb,
        "growth_per_session_kb": growth_1000_mb * 1024 / SESSIONS,
        "first_sample_mb": sample_mb[0],
        "last_sample_mb": sample_mb[-1],
        "samples": len(samples),
        "sessions": done,
        "sessions_per_s": done / data["seconds"] if data["seconds"] else None,
        "true_refs_lost_per_session": data["true_refs_lost"] / max(1, done),
        "minimal_qml_window_mb": baseline_rss_mb,
    }
    early = f"; stopped early: {data['stopped_early']}" if data["stopped_early"] else ""
    baseline = f"; a minimal QML window takes {baseline_rss_mb:.0f} MB" if baseline_rss_mb else ""
    figure.note = (
        f"value = RSS after start; growth = least-squares slope of RSS (after gc and "
        f"malloc_trim) over {len(samples)} samples across {done} card sessions through the "
        f"bridge's slots, after {data['warm_up_sessions']} warm-up ones: "
        f"{growth_1000_mb:+.1f} MB per {SESSIONS} ({sample_mb[0]:.0f} → {sample_mb[-1]:.0f} MB"
        f"{early}){baseline}; min..max = the samples"
    )
    return figure
