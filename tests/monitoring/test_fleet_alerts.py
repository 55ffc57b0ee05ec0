"""The real Prometheus, the project's alert rules (``for:`` shortened) and a simulated fleet of
50 kiosks: one fault of each kind on its own kiosk, and each expected alert fires for exactly
that kiosk, and none for a healthy one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.monitoring.stack import (
    FleetSim,
    Prometheus,
    rules_for_test,
    server_config,
    wait_until,
)

KIOSKS = 50
SILENT_AFTER_S = 8
"""The silent kiosk reports for a while first: a kiosk never seen is not "silent"."""

FAULTS = {
    "SIM-0003": "paper_out",
    "SIM-0007": "printer_offline",
    "SIM-0011": "queue_stuck",
    "SIM-0016": "sync_failing",
    "SIM-0020": "disk_full",
    "SIM-0024": "clock_skew",
    "SIM-0031": "old_version",
    "SIM-0038": "reader_missing",
    "SIM-0045": f"silent@{SILENT_AFTER_S}",
}
EXPECTED = {
    ("KioskPrinterOutOfPaper", "SIM-0003"),
    ("KioskPrinterOffline", "SIM-0007"),
    ("KioskQueueNotDraining", "SIM-0011"),
    ("KioskSyncFailing", "SIM-0016"),
    ("KioskDiskNearlyFull", "SIM-0020"),
    ("KioskClockSkew", "SIM-0024"),
    ("KioskVersionOld", "SIM-0031"),
    ("KioskCardReaderMissing", "SIM-0038"),
    ("KioskSilent", "SIM-0045"),
}
ALSO_ALLOWED = {("KioskDiskFull", "SIM-0020")}
"""The simulated full disk (1 % free) is past the critical threshold as well."""


@pytest.fixture(scope="module")
def fleet_prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prometheus]:
    workdir = tmp_path_factory.mktemp("fleet-alerts")
    spec = ",".join(f"{kiosk}:{fault}" for kiosk, fault in FAULTS.items())
    fleet = FleetSim(workdir, KIOSKS, spec)
    prometheus = None
    try:
        config = server_config([rules_for_test(workdir)], [fleet.sd_file])
        prometheus = Prometheus(workdir, config)
        yield prometheus
    finally:
        if prometheus is not None:
            prometheus.stop()
        fleet.stop()


def firing_alerts(prometheus: Prometheus) -> list[dict[str, Any]]:
    return [a for a in prometheus.api("alerts")["alerts"] if a["state"] == "firing"]


def test_prometheus_scrapes_every_simulated_kiosk(fleet_prometheus: Prometheus) -> None:
    def scraped() -> set[str]:
        return {s["metric"]["kiosk"] for s in fleet_prometheus.query("max_over_time(up[1m]) == 1")}

    every = {f"SIM-{i:04d}" for i in range(1, KIOSKS + 1)}
    wait_until("every kiosk scraped once", lambda: scraped() == every, 60)


def test_each_fault_fires_its_alert_for_exactly_that_kiosk(fleet_prometheus: Prometheus) -> None:
    wait_until(
        "every expected alert to fire",
        lambda: fleet_prometheus.firing() >= EXPECTED and fleet_prometheus.firing(),
        180,
        every_s=1,
    )
    firing = fleet_prometheus.firing()
    assert firing - EXPECTED <= ALSO_ALLOWED, f"unexpected alerts: {firing - EXPECTED}"


def test_no_alert_fires_for_a_healthy_kiosk(fleet_prometheus: Prometheus) -> None:
    wait_until("the faults' alerts", lambda: fleet_prometheus.firing() >= EXPECTED, 180)
    pending_or_firing = {a["labels"]["kiosk"] for a in fleet_prometheus.api("alerts")["alerts"]}
    assert pending_or_firing <= set(FAULTS), pending_or_firing - set(FAULTS)


def test_each_alert_says_which_kiosk_building_and_ward_and_what_to_do(
    fleet_prometheus: Prometheus,
) -> None:
    wait_until("the faults' alerts", lambda: fleet_prometheus.firing() >= EXPECTED, 180)
    for alert in firing_alerts(fleet_prometheus):
        labels, notes = alert["labels"], alert["annotations"]
        assert labels["ward"].isdigit() and len(labels["ward"]) == 5, labels
        assert labels["building"].startswith("Tòa "), labels
        assert labels["severity"] in {"critical", "warning", "info"}
        assert labels["kiosk"] in notes["summary"] and labels["building"] in notes["summary"]
        assert notes["runbook_url"].startswith("deploy/monitoring/README.md#")
