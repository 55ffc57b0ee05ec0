"""The way out of the building: on each kiosk a Prometheus agent, configured by
``kiosk metrics agent-config``, remote-writes to a central Prometheus with the receiver on.
One kiosk's agent stops, and the central Prometheus says that kiosk is silent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.monitoring.stack import (
    FleetSim,
    Prometheus,
    kiosk_agent_config,
    rules_for_test,
    server_config,
    wait_until,
)

KIOSKS = ["SIM-0001", "SIM-0002", "SIM-0003"]
LOOKBACK = "10s"
"""The central server's look-back window: "not in the last minutes", shortened for the test."""


@pytest.fixture
def agents(tmp_path: Path) -> Iterator[tuple[Prometheus, dict[str, Prometheus]]]:
    fleet = FleetSim(tmp_path, len(KIOSKS))
    started: list[Prometheus] = []
    try:
        central = Prometheus(
            tmp_path,
            server_config([rules_for_test(tmp_path)]),
            receiver=True,
            name="central",
            extra_args=[f"--query.lookback-delta={LOOKBACK}"],
        )
        started.append(central)
        receiver = f"{central.url}/api/v1/write"
        by_kiosk = {}
        for kiosk_id in KIOSKS:
            written = kiosk_agent_config(tmp_path, fleet, kiosk_id, receiver)
            config = yaml.safe_load(written.read_text())
            agent = Prometheus(tmp_path, config, agent=True, name=f"agent-{kiosk_id}")
            started.append(agent)
            by_kiosk[kiosk_id] = agent
        yield central, by_kiosk
    finally:
        for process in reversed(started):  # the agents first, while the centre can take
            process.stop()  # their last samples
        fleet.stop()


def reporting(central: Prometheus) -> dict[str, dict[str, str]]:
    return {s["metric"]["kiosk"]: s["metric"] for s in central.query("kiosk_start_time_seconds")}


def test_agents_carry_each_kiosks_metrics_with_its_ward_and_building(agents) -> None:
    central, _ = agents
    wait_until("every kiosk's metrics at the centre", lambda: len(reporting(central)) == 3, 60)
    labels = reporting(central)
    assert set(labels) == set(KIOSKS)
    for metric in labels.values():
        assert metric["ward"].isdigit() and len(metric["ward"]) == 5
        assert metric["building"].startswith("Tòa ")
        assert metric["job"] == "kiosk", metric


def test_a_kiosk_whose_agent_stops_is_reported_silent(agents) -> None:
    central, by_kiosk = agents
    wait_until("every kiosk's metrics at the centre", lambda: len(reporting(central)) == 3, 60)
    assert central.firing() == set()

    by_kiosk["SIM-0002"].stop()

    wait_until(
        "the silent-kiosk alert", lambda: ("KioskSilent", "SIM-0002") in central.firing(), 120
    )
    assert central.firing() == {("KioskSilent", "SIM-0002")}
    alert = next(a for a in central.api("alerts")["alerts"] if a["state"] == "firing")
    assert alert["labels"]["building"].startswith("Tòa ")
