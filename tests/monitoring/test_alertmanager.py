"""Alertmanager's configuration (deploy/monitoring/alertmanager.yml): amtool finds it valid;
every case of alertmanager-routes.tests.yml reaches its receivers, and every alert rule has a
case; the inhibition rules hold back exactly the device alerts of a silent kiosk; and a real
Alertmanager on loopback groups, routes and inhibits as configured, down to the webhooks."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "deploy" / "monitoring"
CONFIG = MONITORING / "alertmanager.yml"
ROUTE_CASES = MONITORING / "alertmanager-routes.tests.yml"
RULES = MONITORING / "rules" / "kiosk-alerts.yml"
AMTOOL = Path("/usr/bin/amtool")
ALERTMANAGER = Path("/usr/bin/prometheus-alertmanager")

RECEIVER_OF = {
    "on_call": "on-call",
    "building_manager": "building-manager",
    "operators": "operators",
}
"""The receiver each audience reaches."""
PLACEHOLDER_URL = "http://127.0.0.1:9095/"
"""Where the configuration's webhooks point until the operators put in their own."""

A1 = {"ward": "00004", "building": "Tòa A1 Vinhomes"}
B2 = {"ward": "00007", "building": "Tòa B2 Times City"}

T = TypeVar("T")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def alert_rules() -> dict[str, dict[str, Any]]:
    return {r["alert"]: r for g in load(RULES)["groups"] for r in g["rules"] if "alert" in r}


def route_cases() -> list[dict[str, Any]]:
    return list(load(ROUTE_CASES)["cases"])


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    assert AMTOOL.exists(), f"{AMTOOL} is not installed (Debian package prometheus-alertmanager)"
    return subprocess.run(
        [str(AMTOOL), *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


def output(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit status {done.returncode}\n{done.stdout}\n{done.stderr}"


def routes_test(labels: dict[str, str], receivers: list[str]) -> subprocess.CompletedProcess[str]:
    matchers = [f'{name}="{value}"' for name, value in labels.items()]
    return run(
        "config",
        "routes",
        "test",
        f"--config.file={CONFIG}",
        f"--verify.receivers={','.join(receivers)}",
        *matchers,
    )


# ------------------------------------------------------------------------------- amtool


def test_amtool_finds_the_configuration_valid() -> None:
    done = run("check-config", CONFIG)
    assert done.returncode == 0, output(done)
    assert "SUCCESS" in done.stdout, output(done)


@pytest.mark.parametrize("case", route_cases(), ids=lambda case: case["name"])
def test_each_alert_reaches_its_receivers(case: dict[str, Any]) -> None:
    done = routes_test(case["labels"], case["receivers"])
    assert done.returncode == 0, output(done)
    assert done.stdout.split() == [",".join(case["receivers"])], output(done)


def test_amtool_fails_a_case_that_goes_elsewhere() -> None:
    """The routing cases are checked for real: a wrong receiver fails."""
    done = routes_test({"alertname": "KioskSilent", "audience": "on_call"}, ["operators"])
    assert done.returncode != 0, output(done)


@pytest.mark.parametrize("name", sorted(alert_rules()))
def test_every_alert_has_a_routing_case_with_its_own_labels(name: str) -> None:
    rule_labels = alert_rules()[name]["labels"]
    cases = [case for case in route_cases() if case["labels"].get("alertname") == name]
    assert cases, f"alertmanager-routes.tests.yml has no case for {name}"
    for case in cases:
        assert rule_labels.items() <= case["labels"].items(), case["name"]
        assert all(case["labels"].get(key) for key in ("kiosk", "ward", "building")), case["name"]
        assert case["receivers"] == [RECEIVER_OF[rule_labels["audience"]]], case["name"]


# ------------------------------------------------------------------------------- the file


def test_notifications_are_grouped_by_ward_and_building() -> None:
    route = load(CONFIG)["route"]
    assert route["group_by"] == ["ward", "building", "alertname"]

    def children(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for child in node.get("routes", []):
            yield child
            yield from children(child)

    for child in children(route):
        assert {"ward", "building"} <= set(child.get("group_by", route["group_by"])), child


def test_the_receivers_are_the_three_placeholders() -> None:
    receivers = {r["name"]: r for r in load(CONFIG)["receivers"]}
    assert set(receivers) == set(RECEIVER_OF.values())
    for name, receiver in receivers.items():
        assert [hook["url"] for hook in receiver["webhook_configs"]] == [PLACEHOLDER_URL + name]


MATCHER = re.compile(r'\s*(\w+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*')


def matches(matchers: list[str], labels: dict[str, str]) -> bool:
    """Whether ``labels`` satisfy every one of Alertmanager's ``matchers`` (quoted values)."""
    for matcher in matchers:
        parsed = MATCHER.fullmatch(matcher)
        assert parsed, f"cannot read the matcher {matcher!r}"
        name, op, value = parsed.groups()
        actual = labels.get(name, "")
        equal = op in ("=", "!=")
        ok = actual == value if equal else re.fullmatch(value, actual) is not None
        if ok == op.startswith("!"):
            return False
    return True


def inhibit_rule(source: str) -> dict[str, Any]:
    rules = [
        rule
        for rule in load(CONFIG)["inhibit_rules"]
        if matches(rule["source_matchers"], {"alertname": source})
    ]
    assert len(rules) == 1, f"{len(rules)} inhibit rules have {source} as their source"
    return rules[0]


def alert_labels(name: str) -> dict[str, str]:
    return {"alertname": name, **alert_rules()[name]["labels"]}


def test_a_silent_kiosk_holds_back_its_device_alerts_and_nothing_else() -> None:
    rule = inhibit_rule("KioskSilent")
    assert rule["equal"] == ["kiosk"]
    held = {name for name in alert_rules() if matches(rule["target_matchers"], alert_labels(name))}
    devices = {
        name
        for name in alert_rules()
        if name.startswith(("KioskPrinter", "KioskCardReader", "KioskCamera"))
    }
    assert len(devices) >= 5
    assert held == devices


def test_a_full_disk_holds_back_nearly_full_only() -> None:
    rule = inhibit_rule("KioskDiskFull")
    assert rule["equal"] == ["kiosk"]
    held = {name for name in alert_rules() if matches(rule["target_matchers"], alert_labels(name))}
    assert held == {"KioskDiskNearlyFull"}


def test_every_inhibition_is_per_kiosk_in_the_current_syntax() -> None:
    for rule in load(CONFIG)["inhibit_rules"]:
        assert set(rule) == {"source_matchers", "target_matchers", "equal"}, rule
        assert rule["equal"] == ["kiosk"], rule


# ------------------------------------------------------------------------------- a real one


def wait_for(
    what: str,
    get: Callable[[], T],
    done: Callable[[T], bool] = bool,
    timeout_s: float = 20.0,
) -> T:
    """Poll ``get()`` until ``done`` with what it returned (by default: until it returns
    something true), and return that; fail naming ``what`` and the last value."""
    deadline = time.monotonic() + timeout_s
    while True:
        last = get()
        if done(last):
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout_s:.0f} s for {what}; last: {last!r}")
        time.sleep(0.1)


class WebhookSink:
    """A loopback HTTP server that keeps Alertmanager's webhook notifications, by receiver."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received: list[tuple[str, dict[str, Any]]] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with sink._lock:
                    sink._received.append((self.path.strip("/"), json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def received(self, receiver: str) -> list[dict[str, Any]]:
        """The notifications posted to ``receiver``'s webhook so far."""
        with self._lock:
            return [payload for path, payload in self._received if path == receiver]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class Alertmanager:
    """The Debian package's Alertmanager on a free loopback port, clustering off, with the
    project's configuration but its webhooks sent to ``sink`` and groups sent after 1 s."""

    def __init__(self, workdir: Path, sink: WebhookSink) -> None:
        config = load(CONFIG)
        for receiver in config["receivers"]:
            for hook in receiver["webhook_configs"]:
                hook["url"] = f"{sink.url}/{receiver['name']}"
        self._quick(config["route"])
        config_file = workdir / "alertmanager.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        self.url = f"http://127.0.0.1:{port}"
        self.log = workdir / "alertmanager.log"
        assert ALERTMANAGER.exists(), f"{ALERTMANAGER} is not installed"
        with self.log.open("w") as log:
            self._process = subprocess.Popen(
                [
                    str(ALERTMANAGER),
                    f"--config.file={config_file}",
                    f"--storage.path={workdir / 'data'}",
                    f"--web.listen-address=127.0.0.1:{port}",
                    "--cluster.listen-address=",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._client = httpx.Client(base_url=self.url, timeout=5.0)
        try:
            wait_for(f"Alertmanager ready on {self.url}", self._ready)
        except BaseException:
            self.stop()
            raise

    def _quick(self, route: dict[str, Any]) -> None:
        route["group_wait"] = "1s"
        for child in route.get("routes", []):
            self._quick(child)

    def _ready(self) -> bool:
        if self._process.poll() is not None:
            raise AssertionError(f"Alertmanager exited:\n{self.log.read_text()}")
        try:
            return self._client.get("/-/ready").status_code == 200
        except httpx.TransportError:
            return False

    def post(self, *alerts: dict[str, Any]) -> None:
        response = self._client.post("/api/v2/alerts", json=list(alerts))
        assert response.status_code == 200, response.text

    def alerts(self) -> dict[tuple[str, str], dict[str, Any]]:
        """The alerts it holds, by (alert name, kiosk)."""
        response = self._client.get("/api/v2/alerts")
        response.raise_for_status()
        return {(a["labels"]["alertname"], a["labels"]["kiosk"]): a for a in response.json()}

    def groups(self) -> dict[tuple[str, frozenset[tuple[str, str]]], set[tuple[str, str]]]:
        """Its alert groups: (receiver, group labels) -> {(alert name, kiosk)}."""
        response = self._client.get("/api/v2/alerts/groups")
        response.raise_for_status()
        return {
            (group["receiver"]["name"], frozenset(group["labels"].items())): {
                (a["labels"]["alertname"], a["labels"]["kiosk"]) for a in group["alerts"]
            }
            for group in response.json()
        }

    def stop(self) -> None:
        self._client.close()
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)


@pytest.fixture
def webhooks() -> Iterator[WebhookSink]:
    sink = WebhookSink()
    yield sink
    sink.close()


@pytest.fixture
def alertmanager(tmp_path: Path, webhooks: WebhookSink) -> Iterator[Alertmanager]:
    manager = Alertmanager(tmp_path, webhooks)
    yield manager
    manager.stop()


def alert(name: str, kiosk: str, where: dict[str, str]) -> dict[str, Any]:
    """An alert as the central Prometheus would send it: the rule's labels and the series'."""
    rule = alert_rules()[name]
    return {
        "labels": {"alertname": name, **rule["labels"], "kiosk": kiosk, **where},
        "annotations": {"runbook_url": rule["annotations"]["runbook_url"]},
        "generatorURL": "http://127.0.0.1:9090/graph",
    }


def group(receiver: str, **labels: str) -> tuple[str, frozenset[tuple[str, str]]]:
    return receiver, frozenset(labels.items())


def kiosks_notified(payloads: list[dict[str, Any]], alertname: str) -> set[str]:
    return {
        a["labels"]["kiosk"]
        for payload in payloads
        for a in payload["alerts"]
        if a["labels"]["alertname"] == alertname
    }


def test_a_real_alertmanager_groups_by_building_and_routes_by_audience(
    alertmanager: Alertmanager, webhooks: WebhookSink
) -> None:
    alertmanager.post(
        alert("KioskPrinterOutOfPaper", "SIM-0001", A1),
        alert("KioskPrinterCoverOpen", "SIM-0002", A1),
        alert("KioskPrinterOutOfPaper", "SIM-0003", B2),
        alert("KioskQueueNotDraining", "SIM-0001", A1),
        alert("KioskQueueNotDraining", "SIM-0002", A1),
        alert("KioskDiskNearlyFull", "SIM-0003", B2),
    )
    expected = {
        # The building manager: one group per building, whatever the alerts.
        group("building-manager", **A1): {
            ("KioskPrinterOutOfPaper", "SIM-0001"),
            ("KioskPrinterCoverOpen", "SIM-0002"),
        },
        group("building-manager", **B2): {("KioskPrinterOutOfPaper", "SIM-0003")},
        group("on-call", **A1, alertname="KioskQueueNotDraining"): {
            ("KioskQueueNotDraining", "SIM-0001"),
            ("KioskQueueNotDraining", "SIM-0002"),
        },
        group("operators", **B2, alertname="KioskDiskNearlyFull"): {
            ("KioskDiskNearlyFull", "SIM-0003")
        },
    }
    wait_for("the groups", alertmanager.groups, lambda groups: groups == expected)

    def a1_notice() -> list[dict[str, Any]]:
        return [p for p in webhooks.received("building-manager") if p["groupLabels"] == A1]

    (notice,) = wait_for("the building manager's notification for Tòa A1", a1_notice)
    assert notice["receiver"] == "building-manager"
    assert notice["status"] == "firing"
    assert {(a["labels"]["alertname"], a["labels"]["kiosk"]) for a in notice["alerts"]} == {
        ("KioskPrinterOutOfPaper", "SIM-0001"),
        ("KioskPrinterCoverOpen", "SIM-0002"),
    }
    on_call = wait_for("the on-call notification", lambda: webhooks.received("on-call"))
    assert kiosks_notified(on_call, "KioskQueueNotDraining") == {"SIM-0001", "SIM-0002"}
    assert on_call[0]["groupLabels"] == {**A1, "alertname": "KioskQueueNotDraining"}


def test_a_real_alertmanager_holds_back_a_silent_kiosks_devices(
    alertmanager: Alertmanager, webhooks: WebhookSink
) -> None:
    alertmanager.post(alert("KioskSilent", "SIM-0001", A1))
    wait_for("KioskSilent", lambda: ("KioskSilent", "SIM-0001") in alertmanager.alerts())
    alertmanager.post(
        alert("KioskPrinterOffline", "SIM-0001", A1),
        alert("KioskPrinterOutOfPaper", "SIM-0001", A1),
        alert("KioskCardReaderMissing", "SIM-0001", A1),
        alert("KioskQueueNotDraining", "SIM-0001", A1),
        alert("KioskPrinterOffline", "SIM-0002", A1),
    )

    def states() -> dict[tuple[str, str], str]:
        return {key: a["status"]["state"] for key, a in alertmanager.alerts().items()}

    expected = {
        ("KioskSilent", "SIM-0001"): "active",
        ("KioskPrinterOffline", "SIM-0001"): "suppressed",
        ("KioskPrinterOutOfPaper", "SIM-0001"): "suppressed",
        ("KioskCardReaderMissing", "SIM-0001"): "suppressed",
        ("KioskQueueNotDraining", "SIM-0001"): "active",
        ("KioskPrinterOffline", "SIM-0002"): "active",
    }
    wait_for("the alerts' states", states, lambda now: now == expected)
    alerts = alertmanager.alerts()
    silent = alerts[("KioskSilent", "SIM-0001")]["fingerprint"]
    assert alerts[("KioskPrinterOffline", "SIM-0001")]["status"]["inhibitedBy"] == [silent]

    # The operators' group for the offline printers of Tòa A1 holds both kiosks; only the one
    # still reporting is notified.
    operators = wait_for("the operators' notification", lambda: webhooks.received("operators"))
    assert kiosks_notified(operators, "KioskPrinterOffline") == {"SIM-0002"}
    on_call = wait_for(
        "the on-call notifications of both groups",
        lambda: webhooks.received("on-call"),
        lambda got: len({p["groupLabels"]["alertname"] for p in got}) == 2,
    )
    assert kiosks_notified(on_call, "KioskSilent") == {"SIM-0001"}
    assert kiosks_notified(on_call, "KioskQueueNotDraining") == {"SIM-0001"}


def test_a_real_alertmanager_holds_back_nearly_full_while_full(
    alertmanager: Alertmanager,
) -> None:
    alertmanager.post(alert("KioskDiskFull", "SIM-0003", B2))
    wait_for("KioskDiskFull", lambda: ("KioskDiskFull", "SIM-0003") in alertmanager.alerts())
    alertmanager.post(
        alert("KioskDiskNearlyFull", "SIM-0003", B2),
        alert("KioskDiskNearlyFull", "SIM-0004", B2),
    )

    def states() -> dict[tuple[str, str], str]:
        return {key: a["status"]["state"] for key, a in alertmanager.alerts().items()}

    expected = {
        ("KioskDiskFull", "SIM-0003"): "active",
        ("KioskDiskNearlyFull", "SIM-0003"): "suppressed",
        ("KioskDiskNearlyFull", "SIM-0004"): "active",
    }
    wait_for("the alerts' states", states, lambda now: now == expected)
