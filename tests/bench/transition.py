"""``transition``: a tap to the next screen's first frame, over scripted sessions."""

from __future__ import annotations

import json
from collections import defaultdict

from tests.bench.results import Figure, median, percentile, with_samples
from tests.bench.subprocess_run import run_probe


def measure(quick: bool) -> Figure:
    """Walk the resident's path in a kiosk process of its own; median and p95 of all taps."""
    sessions = 1 if quick else 5
    _, result = run_probe("tests.bench.session_probe", "transition", str(sessions), marker="RESULT")
    samples: list[tuple[str, float]] = [(n, float(ms)) for n, ms in json.loads(result)["samples"]]
    times = [ms for _, ms in samples]
    figure = with_samples(
        Figure(key="transition", unit="ms", target="median ≤ 50 ms, p95 ≤ 100 ms"), times
    )
    p95 = percentile(times, 95)
    assert figure.value is not None
    figure.met = figure.value <= 50 and p95 <= 100
    by_tap: dict[str, list[float]] = defaultdict(list)
    for name, ms in samples:
        by_tap[name].append(ms)
    slowest = sorted(((median(v), k) for k, v in by_tap.items()), reverse=True)[:3]
    figure.extra = {
        "p95": p95,
        "by_tap_median_ms": {k: round(median(v), 1) for k, v in sorted(by_tap.items())},
    }
    figure.note = (
        f"p95 {p95:.1f} ms over {len(times)} taps in {sessions} session(s) (QTest click → "
        f"first frameSwapped after a new screen or question was announced); slowest taps "
        f"(median): " + ", ".join(f"{k} {ms:.0f} ms" for ms, k in slowest)
    )
    return figure
