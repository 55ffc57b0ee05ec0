"""``fleet_scrape``: one real Prometheus scraping a simulated fleet of 1,000 kiosks every 15 s.

Reported: series per kiosk (the figure; it must stay under 150), the p99 of every kiosk's
scrape duration over the run, Prometheus's resident memory (before the fleet and at the
end), the fleet simulator's CPU (share of one core), and the projection to 5,000 kiosks:
series and samples per second scale with the kiosks; memory as the measured base plus the
measured cost per series times five; the simulator's CPU times five.

Prometheus's head block grows until its first compaction (two hours), so the memory after a
few minutes is a lower bound for a server that has run for days: the note says so.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from tests.bench.results import Figure, percentile
from tests.monitoring.stack import FleetSim, Prometheus, server_config, wait_until

KIOSKS = 1000
INTERVAL_S = 15
TARGET_SERIES = 150
PROJECTED = 5000


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def measure(quick: bool) -> Figure:
    """Run the fleet and Prometheus for a few scrape intervals and read the figures."""
    scrapes = 4 if quick else 12
    figure = Figure(
        key="fleet_scrape", unit="series/kiosk", target=f"< {TARGET_SERIES} series per kiosk"
    )
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-fleet-") as tmp:
        workdir = Path(tmp)
        watched = workdir / "targets.json"
        watched.write_text("[]")
        prometheus = Prometheus(workdir, server_config(sd_files=[watched], interval="15s"))
        fleet = None
        try:
            time.sleep(5)
            base_rss = prometheus.memory_bytes()
            fleet = FleetSim(workdir, KIOSKS)
            watched.write_text(fleet.sd_file.read_text())
            wait_until(
                "every kiosk scraped",
                lambda: _count(prometheus, 'count(up{job="kiosk-fleet"} == 1)') == KIOSKS,
                3 * INTERVAL_S + 30,
                every_s=2,
            )
            cpu_before, t_before = _cpu_seconds(fleet.process.pid), time.monotonic()
            time.sleep(scrapes * INTERVAL_S)
            cpu = (_cpu_seconds(fleet.process.pid) - cpu_before) / (time.monotonic() - t_before)
            series = _count(prometheus, 'count({__name__=~"kiosk_.*", job="kiosk-fleet"})')
            all_series = _count(prometheus, 'count({job="kiosk-fleet"})')
            window = f"{scrapes * INTERVAL_S}s"
            durations = [
                float(value)
                for result in prometheus.api(
                    "query", query=f'scrape_duration_seconds{{job="kiosk-fleet"}}[{window}]'
                )["result"]
                for _, value in result["values"]
            ]
            rss = prometheus.memory_bytes()
        finally:
            if fleet is not None:
                fleet.stop()
            prometheus.stop()
    per_kiosk = all_series / KIOSKS
    per_series = (rss - base_rss) / max(all_series, 1)
    figure.value = per_kiosk
    figure.n = len(durations)
    figure.met = per_kiosk < TARGET_SERIES
    figure.extra = {
        "kiosks": KIOSKS,
        "scrape_interval_s": INTERVAL_S,
        "kiosk_series_per_kiosk": series / KIOSKS,
        "scrape_p50_ms": percentile(durations, 50) * 1000,
        "scrape_max_ms": max(durations) * 1000,
        "scrape_p99_ms": percentile(durations, 99) * 1000,
        "prometheus_rss_mb": rss / 2**20,
        "prometheus_base_rss_mb": base_rss / 2**20,
        "prometheus_bytes_per_series": per_series,
        "fleet_sim_cpu_percent": cpu * 100,
        "samples_per_s": all_series / INTERVAL_S,
        "projection_5000": {
            "series": round(per_kiosk * PROJECTED),
            "samples_per_s": round(per_kiosk * PROJECTED / INTERVAL_S),
            "prometheus_rss_mb": round((base_rss + per_series * per_kiosk * PROJECTED) / 2**20),
            "fleet_sim_cpu_percent": round(cpu * 100 * PROJECTED / KIOSKS, 1),
        },
    }
    projection = json.dumps(figure.extra["projection_5000"])
    figure.note = (
        f"{KIOSKS} kiosks scraped every {INTERVAL_S} s for {scrapes} intervals; scrape "
        f"p99 {figure.extra['scrape_p99_ms']:.1f} ms; Prometheus {rss / 2**20:.0f} MB "
        f"(head block before its first compaction: a lower bound); fleet-sim "
        f"{cpu * 100:.1f} % of a core; 5,000 kiosks: {projection}"
    )
    return figure


def _count(prometheus: Prometheus, promql: str) -> int:
    result = prometheus.query(promql)
    return int(float(result[0]["value"][1])) if result else 0
