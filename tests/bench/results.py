"""One measured figure, the statistics over its samples, and the report (JSON and table)."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    """A figure as it goes into ``bench-results.json``.

    ``value`` is the median of ``samples`` unless set otherwise; ``ratio`` is value/baseline.
    ``extra`` holds figure-specific keys (``p95``, ``bytes``...) written beside the others.
    """

    key: str
    unit: str
    target: str
    value: float | None = None
    baseline: float | None = None
    ratio: float | None = None
    min: float | None = None
    max: float | None = None
    n: int = 0
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The figure's JSON object, in the agreed shape."""
        data: dict[str, Any] = {
            "value": _round(self.value),
            "unit": self.unit,
            "baseline": _round(self.baseline),
            "ratio": _round(self.ratio),
            "min": _round(self.min),
            "max": _round(self.max),
            "n": self.n,
            "target": self.target,
            "met": self.met,
            "note": self.note,
        }
        data.update({k: _round(v) if isinstance(v, float) else v for k, v in self.extra.items()})
        return data


def not_measured(key: str, unit: str, target: str, reason: str) -> Figure:
    """A row for a feature that cannot be measured (yet): value null, with the reason."""
    return Figure(key=key, unit=unit, target=target, note=f"not measured: {reason}")


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    return round(value, 4 if abs(value) < 10 else 2)


def median(samples: Sequence[float]) -> float:
    """The median (samples must not be empty)."""
    return float(statistics.median(samples))


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100), linear between the closest ranks."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return float(ordered[0])
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def with_samples(figure: Figure, samples: Sequence[float]) -> Figure:
    """Fill value (median), min, max and n from ``samples``."""
    figure.value = median(samples)
    figure.min = float(min(samples))
    figure.max = float(max(samples))
    figure.n = len(samples)
    if figure.baseline:
        figure.ratio = figure.value / figure.baseline
    return figure


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_mb: float | None = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_mb = round(int(line.split()[1]) / 1024)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": memory_mb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "qt": qVersion(),
        "pyside6": pyside_version,
        "sqlite": sqlite3.sqlite_version,
        "qt_qpa_platform": os.environ.get("QT_QPA_PLATFORM", ""),
    }


def write_report(path: Path, figures: Sequence[Figure], quick: bool) -> dict[str, Any]:
    """Write the JSON report and return it."""
    report = {
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "figures": {f.key: f.to_json() for f in figures},
    }
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def table(figures: Sequence[Figure]) -> str:
    """The figures as a plain-text table, with the notes underneath."""
    header = ["figure", "value", "baseline", "ratio", "min..max", "n", "target", "met"]
    rows = [header]
    for f in figures:
        span = "—" if f.min is None else f"{_cell(f.min)}..{_cell(f.max)}"
        value = "—" if f.value is None else f"{_cell(f.value)} {f.unit}"
        baseline = "—" if f.baseline is None else f"{_cell(f.baseline)} {f.unit}"
        ratio = "—" if f.ratio is None else f"{f.ratio:.2f}×"
        met = "—" if f.met is None else ("yes" if f.met else "NO")
        rows.append([f.key, value, baseline, ratio, span, str(f.n), f.target, met])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {f.key}: {f.note}" for f in figures if f.note]
    return "\n".join([*lines, "", "notes:", *notes])
