"""Resident memory of this process, as the kernel counts it, and its trend over a run."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import statistics
from collections.abc import Sequence
from pathlib import Path


def rss_kb() -> int:
    """VmRSS from /proc/self/status, in kB (0 where there is no /proc)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return 0
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def settled_rss_kb() -> int:
    """VmRSS in kB once garbage is collected and the heap's free memory is given back
    (``malloc_trim``), so that what is left is what the process still holds."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: no trim, measure anyway
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_kb()


def slope_mb_per_1000(samples: Sequence[tuple[int, int]]) -> float:
    """Least-squares slope of RSS (``(count, kB)`` samples) in MB per 1,000 counted."""
    if len({count for count, _ in samples}) < 2:
        return 0.0
    counts = [float(count) for count, _ in samples]
    kbs = [float(kb) for _, kb in samples]
    return statistics.linear_regression(counts, kbs).slope * 1000 / 1024
