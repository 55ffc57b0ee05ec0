"""``cold_start``: spawn to the home screen's first frame, beside a minimal QML window, on a
new data directory (first boot) and on one a kiosk already ran on (a restart)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.bench.results import Figure, median, with_samples
from tests.bench.subprocess_run import run_probe

TARGET_RATIO = 1.5


def first_frame_s(*which: str) -> tuple[float, int, float | None]:
    """Seconds from spawning the probe to its first frame, its RSS then (kB), and seconds
    from spawning to its back-end being up (``READY=1``; None for the baseline)."""
    spawned, result = run_probe("tests.bench.first_frame", *which, marker="FIRST_FRAME")
    at, rss, up = result.split()
    return float(at) - spawned, int(rss), (float(up) - spawned if float(up) else None)


def measure(quick: bool) -> tuple[Figure, dict[str, float]]:
    """Alternate first-boot, restart and baseline processes; also the RSS at first frame
    of the kiosk (first boot) and of the baseline (MB)."""
    runs = 3 if quick else 6
    scratch = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    existing = scratch / "restart"
    boots = (scratch / f"first-boot-{n}" for n in range(runs + 1))  # each new, not made yet
    try:
        first_frame_s("prepare", str(existing))  # a kiosk that ran: keys, outbox, catalogue
        first_frame_s("baseline")  # let the OS cache the Qt libraries: "cold" is the process
        first_frame_s("kiosk", str(next(boots)))
        new: list[float] = []
        restart: list[float] = []
        theirs: list[float] = []
        new_up: list[float] = []
        restart_up: list[float] = []
        new_rss: list[int] = []
        theirs_rss: list[int] = []
        kinds = ("first boot", "restart", "baseline")
        for round_ in range(runs):
            # Each kind in each place of the round as often (a run just after a first boot,
            # which wrote its files, is slower: a fixed order would always charge one kind).
            turn = round_ % len(kinds)
            for kind in kinds[turn:] + kinds[:turn]:
                if kind == "first boot":
                    seconds, rss, up = first_frame_s("kiosk", str(next(boots)))
                    new.append(seconds * 1000)
                    new_rss.append(rss)
                    new_up.append((up or seconds) * 1000)
                elif kind == "restart":
                    seconds, rss, up = first_frame_s("kiosk", str(existing))
                    restart.append(seconds * 1000)
                    restart_up.append((up or seconds) * 1000)
                else:
                    seconds, rss, _ = first_frame_s("baseline")
                    theirs.append(seconds * 1000)
                    theirs_rss.append(rss)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    baseline = median(theirs)
    figure = Figure(
        key="cold_start",
        unit="ms",
        target=f"≤ {TARGET_RATIO}× the baseline",
        baseline=baseline,
    )
    with_samples(figure, new)
    assert figure.ratio is not None
    restart_ratio = median(restart) / baseline
    figure.met = figure.ratio <= TARGET_RATIO and restart_ratio <= TARGET_RATIO
    figure.extra = {
        "baseline_min": min(theirs),
        "baseline_max": max(theirs),
        "restart_ms": median(restart),
        "restart_ratio": restart_ratio,
        "restart_min": min(restart),
        "restart_max": max(restart),
        "ready_first_boot_ms": median(new_up),
        "ready_restart_ms": median(restart_up),
    }
    figure.note = (
        f"spawn → first frameSwapped of the home screen, offscreen, the staged start-up of "
        f"`kiosk demo`; value: a new data directory (first boot); restart_*: a data "
        f"directory a kiosk ran on ({figure.extra['restart_ms']:.0f} ms, "
        f"{restart_ratio:.2f}×); ready_*: spawn → the back-end up (READY=1), after the "
        f"first frame; baseline = a QML Window with one Button; {runs} of each, "
        f"alternating, each kind in each place of a round as often, after one unmeasured "
        f"warm run each"
    )
    rss_mb = {"kiosk": median(new_rss) / 1024, "baseline": median(theirs_rss) / 1024}
    return figure, rss_mb
