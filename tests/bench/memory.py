"""``memory``: resident memory of the kiosk after start and over many sessions."""

from __future__ import annotations

import json

from tests.bench.results import Figure
from tests.bench.subprocess_run import run_probe

SESSIONS = 1000


def measure(quick: bool, baseline_rss_mb: float | None = None) -> Figure:
    """RSS after start; growth over the sessions (extrapolated when the run stopped early)."""
    asked = 100 if quick else SESSIONS
    _, result = run_probe("tests.bench.session_probe", "memory", str(asked), marker="RESULT")
    data = json.loads(result)
    start_mb = data["after_start_kb"] / 1024
    done = int(data["sessions"])
    growth_mb = (data["after_sessions_kb"] - data["after_warm_up_kb"]) / 1024
    per_session_kb = growth_mb * 1024 / max(1, done)
    growth_1000_mb = growth_mb if done >= SESSIONS else per_session_kb * SESSIONS / 1024
    since_start_mb = (data["after_sessions_kb"] - data["after_start_kb"]) / 1024
    trace_mb = [kb / 1024 for kb in data["trace_kb"]]
    figure = Figure(
        key="memory",
        unit="MB",
        target=f"≤ 250 MB after start; growth over {SESSIONS} sessions ≤ 10 MB",
        value=start_mb,
        min=min([start_mb, *trace_mb]),
        max=max([start_mb, *trace_mb, data["after_sessions_kb"] / 1024]),
        n=done,
    )
    figure.met = start_mb <= 250 and growth_1000_mb <= 10
    figure.extra = {
        "after_sessions_mb": data["after_sessions_kb"] / 1024,
        "growth_mb": growth_mb,
        "growth_per_session_kb": per_session_kb,
        "growth_1000_sessions_mb": growth_1000_mb,
        "sessions": done,
        "sessions_per_s": done / data["seconds"] if data["seconds"] else None,
        "true_refs_lost_per_session": data["true_refs_lost"] / max(1, done),
        "minimal_qml_window_mb": baseline_rss_mb,
    }
    early = ""
    if done < SESSIONS:
        early = f", extrapolated from {done}" + (
            f"; stopped early: {data['stopped_early']}" if data["stopped_early"] else ""
        )
    baseline = f"; a minimal QML window takes {baseline_rss_mb:.0f} MB" if baseline_rss_mb else ""
    figure.note = (
        f"value = RSS after start; {done} card sessions through the bridge's slots after "
        f"{data['warm_up_sessions']} warm-up ones: +{growth_mb:.1f} MB "
        f"({per_session_kb:.0f} kB/session → {growth_1000_mb:.0f} MB per {SESSIONS}{early}); "
        f"+{since_start_mb:.1f} MB since start{baseline}; min..max = RSS over the run"
    )
    return figure
