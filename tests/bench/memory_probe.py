"""Resident memory of this process, as the kernel counts it."""

from __future__ import annotations

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
