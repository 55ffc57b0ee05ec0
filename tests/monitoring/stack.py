"""The operators' monitoring stack, started for real on loopback: the fleet simulator (the
``kiosk fleet-sim`` command) and Prometheus (the Debian package's binary), as a server with
the project's rules, as a remote-write receiver, or as a kiosk's agent. Used by the tests in
this folder and by the benchmark."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = Path("/usr/bin/prometheus")
MONITORING = ROOT / "deploy" / "monitoring"
RULES = MONITORING / "rules" / "kiosk-alerts.yml"
KIOSK = Path(sys.executable).with_name("kiosk")


def free_port_block(count: int, start: int = 20000, stop: int = 60000) -> int:
    """The first port of ``count`` consecutive free loopback ports (probed, not reserved)."""
    base = start + (os.getpid() * 37) % 1000 * 10
    while base + count < stop:
        for port in range(base, base + count):
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    base = port + 1
                    break
        else:
            return base
    raise RuntimeError(f"no {count} free consecutive ports on 127.0.0.1")


def free_port() -> int:
    """One free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(what: str, check: Any, timeout_s: float, every_s: float = 0.25) -> Any:
    """Poll ``check()`` until it returns something true; fail naming ``what``."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(every_s)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}; last: {last!r}")


def _more_open_files() -> None:
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class FleetSim:
    """``kiosk fleet-sim`` as a child process."""

    def __init__(self, workdir: Path, kiosks: int, faults: str = "") -> None:
        self.kiosks = kiosks
        self.sd_file = workdir / "fleet-sd.json"
        self.port_base = free_port_block(kiosks)
        self.log = workdir / "fleet-sim.log"
        command = [
            str(KIOSK),
            "fleet-sim",
            f"--kiosks={kiosks}",
            f"--port-base={self.port_base}",
            f"--sd-file={self.sd_file}",
        ]
        if faults:
            command.append(f"--faults={faults}")
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=_plain_env()
            )
        wait_until(
            "the fleet simulator's target list",
            lambda: self.sd_file.exists() or self.process.poll() is not None,
            60,
        )
        if self.process.poll() is not None:
            raise AssertionError(f"kiosk fleet-sim exited: {self.log.read_text()}")

    def targets(self) -> list[dict[str, Any]]:
        """The file_sd list it wrote."""
        return list(json.loads(self.sd_file.read_text(encoding="utf-8")))

    def port_of(self, kiosk_id: str) -> int:
        """The port a kiosk serves its metrics on."""
        for group in self.targets():
            if group["labels"]["kiosk"] == kiosk_id:
                return int(group["targets"][0].rpartition(":")[2])
        raise KeyError(kiosk_id)

    def stop(self) -> str:
        """SIGTERM, wait, and return what it printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.log.read_text()


def _plain_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("KIOSK_CONFIG", None)
    return env


def kiosk_agent_config(
    workdir: Path, fleet: FleetSim, kiosk_id: str, receiver: str, *options: str
) -> Path:
    """What `kiosk metrics agent-config` writes for a kiosk configured as this simulated one
    (``options``: more of the command's options, e.g. the client certificate)."""
    group = next(g for g in fleet.targets() if g["labels"]["kiosk"] == kiosk_id)
    out = workdir / f"agent-{kiosk_id}.yml"
    env = dict(os.environ)
    env.pop("KIOSK_CONFIG", None)
    env.update(
        KIOSK_KIOSK__ID=kiosk_id,
        KIOSK_KIOSK__WARD=group["labels"]["ward"],
        KIOSK_KIOSK__BUILDING_VI=group["labels"]["building"],
        KIOSK_METRICS__PORT=str(fleet.port_of(kiosk_id)),
    )
    data_dir = workdir / f"data-{kiosk_id}"
    data_dir.mkdir()
    command = [str(KIOSK), "metrics", "agent-config", f"--remote-write={receiver}"]
    command += ["--scrape-interval=1s", f"--out={out}", f"--data-dir={data_dir}", *options]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


class Prometheus:
    """The real Prometheus on a loopback port, with a configuration given as a dict."""

    def __init__(
        self,
        workdir: Path,
        config: dict[str, Any],
        *,
        agent: bool = False,
        receiver: bool = False,
        name: str = "prometheus",
        extra_args: Iterable[str] = (),
        web_config: Path | None = None,
        client_tls: ssl.SSLContext | None = None,
    ) -> None:
        """``web_config``: TLS for its listener (``--web.config.file``); ``client_tls``: what
        the test's own requests to it present (a client certificate)."""
        self.dir = workdir / name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"{'https' if web_config else 'http'}://127.0.0.1:{self.port}"
        self._verify: ssl.SSLContext | bool = client_tls if client_tls is not None else True
        self.config_file = self.dir / "prometheus.yml"
        self.config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        self.log = self.dir / "prometheus.log"
        command = [
            str(PROMETHEUS),
            f"--config.file={self.config_file}",
            f"--web.listen-address=127.0.0.1:{self.port}",
            "--log.level=warn",
        ]
        if agent:
            command += ["--enable-feature=agent", f"--storage.agent.path={self.dir / 'wal'}"]
        else:
            command.append(f"--storage.tsdb.path={self.dir / 'data'}")
        if receiver:
            command.append("--web.enable-remote-write-receiver")
        if web_config is not None:
            command.append(f"--web.config.file={web_config}")
        command += list(extra_args)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_more_open_files
            )
        wait_until("Prometheus to be ready", self._ready, 60)

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"Prometheus exited: {self.log.read_text()}")
        try:
            answer = httpx.get(f"{self.url}/-/ready", timeout=2, verify=self._verify)
            return answer.status_code == 200
        except httpx.HTTPError:
            return False

    def api(self, path: str, **params: str) -> Any:
        """``/api/v1/<path>``'s data, failing on an error answer."""
        answer = httpx.get(
            f"{self.url}/api/v1/{path}", params=params, timeout=30, verify=self._verify
        ).json()
        assert answer["status"] == "success", answer
        return answer["data"]

    def query(self, promql: str) -> list[dict[str, Any]]:
        """An instant query's result vector."""
        data = self.api("query", query=promql)
        return list(data["result"])

    def firing(self) -> set[tuple[str, str]]:
        """(alert name, kiosk) of every firing alert."""
        return {
            (a["labels"]["alertname"], a["labels"].get("kiosk", ""))
            for a in self.api("alerts")["alerts"]
            if a["state"] == "firing"
        }

    def memory_bytes(self) -> int:
        """Resident memory of the process, from /proc."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise AssertionError("no VmRSS")

    def stop(self, grace_s: float = 30) -> None:
        """SIGTERM and wait (SIGKILL after ``grace_s``: an agent whose receiver turns it away
        would wait its full flush deadline)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def rules_for_test(workdir: Path, for_s: float = 2) -> Path:
    """The project's rules with every ``for:`` shortened to ``for_s``, for a test that
    cannot wait minutes. (The silent-kiosk rule's "not in the last minutes" is Prometheus's
    look-back window: a test shortens it with ``--query.lookback-delta``.)"""
    text = RULES.read_text(encoding="utf-8")
    shortened, count = re.subn(r"for: \d+[smh]", f"for: {for_s:g}s", text)
    assert count > 0, f"no `for:` found in {RULES}"
    out = workdir / "kiosk-alerts.yml"
    out.write_text(shortened, encoding="utf-8")
    return out


def server_config(
    rule_files: Iterable[Path] = (),
    sd_files: Iterable[Path] = (),
    interval: str = "1s",
) -> dict[str, Any]:
    """A Prometheus server's configuration: the rules, and a fleet to scrape from file_sd."""
    config: dict[str, Any] = {
        "global": {"scrape_interval": interval, "evaluation_interval": interval},
        "rule_files": [str(p) for p in rule_files],
        "scrape_configs": [],
    }
    files = [str(p) for p in sd_files]
    if files:
        config["scrape_configs"].append(
            {
                "job_name": "kiosk-fleet",
                "scrape_timeout": interval,
                "file_sd_configs": [{"files": files, "refresh_interval": "5s"}],
            }
        )
    return config
