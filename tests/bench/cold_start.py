"""``cold_start``: spawn to the home screen's first frame, beside a minimal QML window."""

from __future__ import annotations

from tests.bench.results import Figure, median, with_samples
from tests.bench.subprocess_run import run_probe


def first_frame_s(which: str) -> tuple[float, int]:
    """Seconds from spawning the probe to its first frame, and its RSS then (kB)."""
    spawned, result = run_probe("tests.bench.first_frame", which, marker="FIRST_FRAME")
    at, rss = result.split()
    return float(at) - spawned, int(rss)


def measure(quick: bool) -> tuple[Figure, dict[str, float]]:
    """Alternate kiosk and baseline processes; also the RSS at first frame of each (MB)."""
    runs = 3 if quick else 6
    first_frame_s("baseline")  # let the OS cache the Qt libraries: "cold" is the process
    first_frame_s("kiosk")
    ours: list[float] = []
    theirs: list[float] = []
    ours_rss: list[int] = []
    theirs_rss: list[int] = []
    for _ in range(runs):
        seconds, rss = first_frame_s("kiosk")
        ours.append(seconds * 1000)
        ours_rss.append(rss)
        seconds, rss = first_frame_s("baseline")
        theirs.append(seconds * 1000)
        theirs_rss.append(rss)
    figure = Figure(
        key="cold_start",
        unit="ms",
        target="≤ 1.5× the baseline",
        baseline=median(theirs),
    )
    with_samples(figure, ours)
    assert figure.ratio is not None
    figure.met = figure.ratio <= 1.5
    figure.extra = {"baseline_min": min(theirs), "baseline_max": max(theirs)}
    figure.note = (
        f"spawn → first frameSwapped of the home screen, offscreen; baseline = a QML Window "
        f"with one Button; {runs} of each, alternating, after one unmeasured warm run each"
    )
    rss_mb = {"kiosk": median(ours_rss) / 1024, "baseline": median(theirs_rss) / 1024}
    return figure, rss_mb
