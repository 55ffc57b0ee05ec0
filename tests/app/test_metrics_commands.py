"""`kiosk metrics agent-config`: the kiosk's Prometheus agent configuration, and its refusals."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from kiosk.app.cli import main
from kiosk.app.metrics_commands import AgentConfig, render

CONFIG = AgentConfig(
    kiosk_id="HN-KIOSK-000123",
    ward="00199",
    building='Tòa "S2", Phường Láng',
    metrics_url="http://127.0.0.1:9464/metrics",
    remote_write_url="https://metrics.hanoi.example/api/v1/write",
    bearer_token_file=Path("/etc/kiosk/remote-write.token"),
)


def test_the_agent_scrapes_the_kiosk_and_labels_every_series_with_kiosk_ward_and_building():
    config = yaml.safe_load(render(CONFIG))
    assert config["global"]["external_labels"] == {
        "kiosk": "HN-KIOSK-000123",
        "ward": "00199",
        "building": 'Tòa "S2", Phường Láng',
    }
    (job,) = config["scrape_configs"]
    assert job["static_configs"] == [{"targets": ["127.0.0.1:9464"]}]
    assert job["metrics_path"] == "/metrics"
    (remote,) = config["remote_write"]
    assert remote["url"] == "https://metrics.hanoi.example/api/v1/write"
    assert remote["authorization"] == {"credentials_file": "/etc/kiosk/remote-write.token"}
    assert "tls_config" not in remote


def test_a_client_certificate_goes_in_the_tls_section():
    config = AgentConfig(
        **{
            **CONFIG.__dict__,
            "bearer_token_file": None,
            "client_cert": Path("/etc/kiosk/agent.crt"),
            "client_key": Path("/etc/kiosk/agent.key"),
            "ca_file": Path("/etc/kiosk/city-ca.pem"),
        }
    )
    (remote,) = yaml.safe_load(render(config))["remote_write"]
    assert remote["tls_config"] == {
        "cert_file": "/etc/kiosk/agent.crt",
        "key_file": "/etc/kiosk/agent.key",
        "ca_file": "/etc/kiosk/city-ca.pem",
    }
    assert "authorization" not in remote


def test_promtool_accepts_the_configuration(tmp_path: Path):
    token = tmp_path / "token"
    token.write_text("secret\n")
    config = tmp_path / "agent.yml"
    config.write_text(render(AgentConfig(**{**CONFIG.__dict__, "bearer_token_file": token})))
    checked = subprocess.run(
        ["/usr/bin/promtool", "check", "config", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_command_writes_it_for_the_kiosk_configured_here(tmp_path, monkeypatch, capsys):
    token = tmp_path / "token"
    token.write_text("secret\n")
    monkeypatch.setenv("KIOSK_METRICS__PORT", "9999")
    out = tmp_path / "agent.yml"
    url = "https://metrics.example/api/v1/write"
    command = ["metrics", "agent-config", "--remote-write", url]
    command += ["--bearer-token-file", str(token), "--out", str(out), "--data-dir", str(tmp_path)]
    status = main(command)
    assert status == 0
    assert "restart the agent" in capsys.readouterr().out
    config = yaml.safe_load(out.read_text())
    assert config["global"]["external_labels"]["kiosk"] == "HN-KIOSK-DEMO"
    assert config["global"]["external_labels"]["ward"] == "00199"
    assert config["scrape_configs"][0]["static_configs"][0]["targets"] == ["127.0.0.1:9999"]


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--remote-write", "http://metrics.example/api/v1/write"], "must be https"),
        (["--remote-write", "ftp://x/y"], "is not an http(s) URL"),
        ([], "give --bearer-token-file, or --client-cert and --client-key"),
        (["--client-cert", "{token}"], "give both --client-cert and --client-key"),
        (["--bearer-token-file", "/nonexistent/token"], "/nonexistent/token: no such file"),
        (["--bearer-token-file", "{token}", "--scrape-interval", "often"], "write e.g. 15s"),
    ],
)
def test_the_command_refuses_what_would_not_work(arguments, says, tmp_path, capsys):
    token = tmp_path / "token"
    token.write_text("secret\n")
    arguments = [a.replace("{token}", str(token)) for a in arguments]
    if "--remote-write" not in arguments:
        arguments = ["--remote-write", "https://metrics.example/api/v1/write", *arguments]
    out = tmp_path / "agent.yml"
    assert main(["metrics", "agent-config", *arguments, "--out", str(out)]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_a_kiosk_without_its_ward_is_told_to_set_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KIOSK_KIOSK__WARD", "")
    assert main(["metrics", "agent-config", "--remote-write", "http://127.0.0.1:9/w"]) == 2
    assert "[kiosk] ward is not set" in capsys.readouterr().err
