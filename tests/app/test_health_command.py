"""``kiosk health`` against a real metrics server: the table, the JSON and the exit codes."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import health_commands
from kiosk.app.cli import main
from kiosk.app.metrics import MetricsServer, exposition
from kiosk.health import KioskHealth
from kiosk.settings import load_settings
from tests.app.samples import FRESH, HEALTHY, PAPER_OUT


@pytest.fixture
def serve() -> Iterator[object]:
    servers: list[MetricsServer] = []

    def start(health: KioskHealth) -> str:
        server = MetricsServer("127.0.0.1", 0, lambda: health)
        server.start()
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_healthy_kiosk_exits_0_with_a_table(serve, capsys, tmp_path: Path):
    url = serve(HEALTHY)
    assert main(["health", "--url", url, "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "HN-KIOSK-000123 (version 1.4.0)" in out
    assert "printer         ok" in out
    assert "queued 2, sending 0, accepted 40, failed 0" in out
    assert "sync errors     network 3, timeout 1" in out
    assert "All is well." in out


def test_a_healthy_kiosk_as_json(serve, capsys, tmp_path: Path):
    url = serve(HEALTHY)
    assert main(["health", "--json", "--url", url, "--data-dir", str(tmp_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["problems"] == []
    assert report["kiosk"] == "HN-KIOSK-000123"
    assert report["printer"] == "ok"
    assert report["outbox"]["counts"] == {"queued": 2, "sending": 0, "accepted": 40, "failed": 0}
    assert report["sessions"] == {"started": 50, "completed": 42, "abandoned": 7}
    assert report["receipts"] == {"printed": 41, "failed": 1}
    assert report["last_heartbeat_at"] == "2026-05-28T23:26:20+00:00"
    assert report["clock_skew_s"] == -0.4
    assert report["catalogue_version"] == "2026-11-01"


def test_paper_out_exits_1_and_says_what_to_do(serve, capsys, tmp_path: Path):
    url = serve(PAPER_OUT)
    assert main(["health", "--url", url, "--data-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "1 to see to:" in out
    assert "printer: paper_out — load a new roll (80 mm) and close the cover" in out


def test_paper_out_as_json(serve, capsys, tmp_path: Path):
    url = serve(PAPER_OUT)
    assert main(["health", "--json", "--url", url, "--data-dir", str(tmp_path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["problems"] == [
        {
            "what": "printer",
            "state": "paper_out",
            "action": "load a new roll (80 mm) and close the cover",
        }
    ]


def test_no_server_exits_3_and_says_what_to_run(capsys, tmp_path: Path):
    url = f"http://127.0.0.1:{free_port()}/metrics"
    assert main(["health", "--url", url, "--data-dir", str(tmp_path)]) == 3
    out = capsys.readouterr().out
    assert "does not answer" in out
    assert "systemctl status kiosk" in out
    assert f"data directory {tmp_path}:" in out


def test_no_server_as_json(capsys, tmp_path: Path):
    url = f"http://127.0.0.1:{free_port()}/metrics"
    assert main(["health", "--json", "--url", url, "--data-dir", str(tmp_path / "none")]) == 3
    report = json.loads(capsys.readouterr().out)
    assert report["answering"] is False
    assert "systemctl status kiosk" in report["action"]
    assert report["disk"] is None


def test_only_this_machines_endpoint_is_read(capsys):
    assert main(["health", "--url", "http://192.0.2.7:9464/metrics"]) == 2
    assert "only this machine" in capsys.readouterr().err


def test_the_default_url_comes_from_the_metrics_section():
    settings = load_settings(environ={"KIOSK_METRICS__PORT": "9555"})
    assert health_commands.default_url(settings) == "http://127.0.0.1:9555/metrics"
    wildcard = load_settings(environ={"KIOSK_METRICS__HOST": "0.0.0.0"})
    assert health_commands.default_url(wildcard) == "http://127.0.0.1:9464/metrics"


def test_a_long_silence_a_wrong_clock_and_a_full_disk_are_problems():
    from dataclasses import replace

    bad = replace(
        HEALTHY,
        last_heartbeat_at=HEALTHY.now - 3600,
        clock_skew_s=300.0,
        disk_free_bytes=100 * 2**20,
        oldest_unsent_age_s=7200.0,
        outbox_counts={**HEALTHY.outbox_counts, "failed": 2},
    )
    report = health_commands.summary(exposition(lambda: bad))
    assert [p["what"] for p in report["problems"]] == ["outbox", "sync", "portal", "clock", "disk"]
    assert "kiosk outbox failures" in report["problems"][0]["action"]


def test_a_kiosk_just_started_is_not_blamed_for_what_it_does_not_know_yet():
    report = health_commands.summary(exposition(lambda: FRESH))
    assert report["last_sync_success_at"] is None
    assert report["clock_skew_s"] is None
    assert [p["what"] for p in report["problems"]] == ["printer", "card reader", "disk"]
