"""``python -m tests.bench [--quick] [--only KEY ...] [--out FILE]``: measure, write
``bench-results.json`` at the repository root and print the table."""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from kiosk.settings import PROJECT_ROOT
from tests.bench import (
    chip_read,
    cold_start,
    fleet_scrape,
    memory,
    outbox_commit,
    outbox_load,
    page_find,
    qr_scan,
    receipt,
    restart,
    sync_drain,
    transition,
)
from tests.bench.results import Figure, not_measured, table, write_report

ORDER = (
    "cold_start",
    "transition",
    "qr_scan",
    "page_find",
    "chip_read",
    "outbox_commit",
    "sync_drain",
    "outbox_load",
    "receipt",
    "memory",
    "fleet_scrape",
    "restart",
)
UNITS = {
    "cold_start": ("ms", "≤ 1.5× the baseline"),
    "transition": ("ms", "median ≤ 50 ms, p95 ≤ 100 ms"),
    "qr_scan": (
        "frames/s",
        "≥ 3× the baseline's frame rate, no fewer codes decoded under any lighting",
    ),
    "page_find": (page_find.UNIT, page_find.TARGET),
    "chip_read": (chip_read.UNIT, chip_read.TARGET),
    "outbox_commit": ("ms", "p99 ≤ 15 ms, median ≤ 2× the baseline"),
    "sync_drain": ("items/s", "≥ 0.8× the baseline's rate"),
    "outbox_load": (outbox_load.UNIT, outbox_load.TARGET),
    "receipt": ("ms", "≤ 100 ms and ≤ 40 KB"),
    "memory": ("MB", "≤ 250 MB after start; growth over 1000 sessions ≤ 10 MB"),
    "fleet_scrape": ("series/kiosk", f"< {fleet_scrape.TARGET_SERIES} series per kiosk"),
    "restart": (restart.UNIT, restart.TARGET),
}


def main(argv: list[str] | None = None) -> int:
    """Run the figures in order; a figure that breaks becomes a "not measured" row."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (development)")
    parser.add_argument("--only", nargs="+", choices=ORDER, help="measure only these figures")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench-results.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    wanted = args.only or list(ORDER)
    baseline_rss: dict[str, float] = {}

    def run_cold_start(quick: bool) -> Figure:
        figure, rss = cold_start.measure(quick)
        baseline_rss.update(rss)
        return figure

    runners: dict[str, Callable[[bool], Figure]] = {
        "cold_start": run_cold_start,
        "transition": transition.measure,
        "qr_scan": qr_scan.measure,
        "page_find": page_find.measure,
        "chip_read": chip_read.measure,
        "outbox_commit": outbox_commit.measure,
        "sync_drain": sync_drain.measure,
        "outbox_load": outbox_load.measure,
        "receipt": receipt.measure,
        "memory": lambda quick: memory.measure(quick, baseline_rss.get("baseline")),
        "fleet_scrape": fleet_scrape.measure,
        "restart": restart.measure,
    }
    figures: list[Figure] = []
    started = time.monotonic()
    for key in ORDER:
        if key not in wanted:
            continue
        print(f"measuring {key}…", file=sys.stderr, flush=True)
        t0 = time.monotonic()
        try:
            figure = runners[key](args.quick)
        except Exception as exc:  # noqa: BLE001 - one failed benchmark must not lose the others
            traceback.print_exc()
            unit, target = UNITS[key]
            figure = not_measured(key, unit, target, f"the benchmark failed: {exc}")
        figures.append(figure)
        print(f"  {key}: {time.monotonic() - t0:.1f} s", file=sys.stderr, flush=True)
    write_report(args.out, figures, args.quick)
    print(table(figures))
    print(f"\n{args.out} written in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
