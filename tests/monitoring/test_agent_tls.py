"""The central Prometheus takes pushed metrics only from kiosks holding a certificate of the
city's kiosk CA: the shipped ``web-config.yml`` on the server, ``kiosk metrics agent-config
--client-cert/--client-key/--ca-file`` on the kiosk."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from tests.monitoring.certificates import Authority
from tests.monitoring.stack import (
    MONITORING,
    FleetSim,
    Prometheus,
    kiosk_agent_config,
    server_config,
    wait_until,
)


def web_config(workdir: Path, city: Authority) -> Path:
    """The shipped web-config.yml, its certificate paths pointed at this test's files."""
    config = yaml.safe_load((MONITORING / "web-config.yml").read_text())
    server = city.issue("central", server=True)
    tls = config["tls_server_config"]
    assert tls["client_auth_type"] == "RequireAndVerifyClientCert"
    tls.update(cert_file=str(server.cert), key_file=str(server.key), client_ca_file=str(city.cert))
    out = workdir / "web-config.yml"
    out.write_text(yaml.safe_dump(config))
    return out


@pytest.fixture
def pushed(tmp_path: Path) -> Iterator[tuple[Prometheus, Prometheus, Prometheus]]:
    city = Authority(tmp_path, "city-kiosk-ca")
    stranger = Authority(tmp_path, "someone-else")
    operator = city.issue("operator", server=False)
    client = ssl.create_default_context(cafile=str(city.cert))
    client.load_cert_chain(operator.cert, operator.key)
    fleet = FleetSim(tmp_path, 2)
    started: list[Prometheus] = []
    try:
        central = Prometheus(
            tmp_path,
            server_config(),
            receiver=True,
            name="central",
            web_config=web_config(tmp_path, city),
            client_tls=client,
        )
        started.append(central)
        receiver = f"{central.url}/api/v1/write"
        agents = []
        for kiosk_id, authority in (("SIM-0001", city), ("SIM-0002", stranger)):
            issued = authority.issue(kiosk_id, server=False)
            written = kiosk_agent_config(
                tmp_path,
                fleet,
                kiosk_id,
                receiver,
                f"--client-cert={issued.cert}",
                f"--client-key={issued.key}",
                f"--ca-file={city.cert}",
            )
            agent = Prometheus(
                tmp_path, yaml.safe_load(written.read_text()), agent=True, name=f"agent-{kiosk_id}"
            )
            started.append(agent)
            agents.append(agent)
        yield central, agents[0], agents[1]
    finally:
        for process in reversed(started):
            process.stop(grace_s=5)
        fleet.stop()


def kiosks_at_the_centre(central: Prometheus) -> set[str]:
    return {s["metric"]["kiosk"] for s in central.query("kiosk_uptime_seconds")}


def test_only_a_kiosk_with_the_citys_certificate_gets_its_metrics_in(pushed) -> None:
    central, _, stranger = pushed
    wait_until("the city's kiosk at the centre", lambda: kiosks_at_the_centre(central), 60)
    wait_until(
        "the stranger's agent to be turned away",
        lambda: "certificate" in stranger.log.read_text(),
        60,
    )
    assert kiosks_at_the_centre(central) == {"SIM-0001"}


def test_the_centre_answers_nobody_without_a_certificate(pushed) -> None:
    central, _, _ = pushed
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{central.url}/-/ready", verify=False, timeout=5)
