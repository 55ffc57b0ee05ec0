"""The metrics endpoint: names, labels, state sets, promtool's lint, and the HTTP server."""

from __future__ import annotations

import socket
import subprocess
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.app.metrics import (
    MetricsServer,
    exposition,
    parse_exposition,
    serve_metrics,
    version_number,
)
from kiosk.health import OUTBOX_STATES, KioskHealth, PrinterHealth, ReaderHealth, SyncErrorKind
from kiosk.settings import MetricsSection
from tests.app.samples import FRESH, HEALTHY, PAPER_OUT

PROMTOOL = Path("/usr/bin/promtool")

SAMPLE_NAMES = {
    "kiosk_build_info",
    "kiosk_build_version_number",
    "kiosk_start_time_seconds",
    "kiosk_uptime_seconds",
    "kiosk_printer_state",
    "kiosk_card_reader_state",
    "kiosk_camera_state",
    "kiosk_outbox_available",
    "kiosk_outbox_submissions",
    "kiosk_outbox_oldest_unsent_age_seconds",
    "kiosk_outbox_permanent_failures",
    "kiosk_last_sync_success_timestamp_seconds",
    "kiosk_last_heartbeat_success_timestamp_seconds",
    "kiosk_sync_errors_total",
    "kiosk_data_disk_free_bytes",
    "kiosk_data_disk_size_bytes",
    "kiosk_clock_skew_seconds",
    "kiosk_catalogue_info",
    "kiosk_sessions_started_total",
    "kiosk_sessions_completed_total",
    "kiosk_sessions_abandoned_total",
    "kiosk_submissions_total",
    "kiosk_receipts_printed_total",
    "kiosk_receipts_failed_total",
}
OPTIONAL = {
    "kiosk_last_sync_success_timestamp_seconds",
    "kiosk_last_heartbeat_success_timestamp_seconds",
    "kiosk_clock_skew_seconds",
}


def samples(health: KioskHealth) -> list[tuple[str, dict[str, str], float]]:
    return parse_exposition(exposition(lambda: health))


def values(health: KioskHealth, name: str, label: str) -> dict[str, float]:
    return {labels[label]: v for n, labels, v in samples(health) if n == name}


def test_every_metric_is_there_and_every_series_names_the_kiosk():
    found = samples(HEALTHY)
    assert {name for name, _, _ in found} == SAMPLE_NAMES
    assert all(labels["kiosk"] == "HN-KIOSK-000123" for _, labels, _ in found)


def test_the_figures_are_the_snapshots():
    found = {(n, tuple(sorted(labels.items()))): v for n, labels, v in samples(HEALTHY)}
    k = ("kiosk", "HN-KIOSK-000123")
    assert found[("kiosk_uptime_seconds", (k,))] == 3 * 3600
    assert found[("kiosk_outbox_submissions", (k, ("state", "queued")))] == 2
    assert found[("kiosk_sync_errors_total", (("kind", "network"), k))] == 3
    assert found[("kiosk_build_info", (k, ("version", "1.4.0")))] == 1
    assert found[("kiosk_catalogue_info", (k, ("version", "2026-11-01")))] == 1
    assert found[("kiosk_receipts_failed_total", (k,))] == 1
    assert found[("kiosk_clock_skew_seconds", (k,))] == -0.4
    assert found[("kiosk_build_version_number", (k,))] == 10400


@pytest.mark.parametrize(
    ("version", "number"),
    [("0.1.0", 100), ("1.4.0", 10400), ("2.10.3", 21003), ("3.0.0rc1", 30000)],
)
def test_versions_become_numbers_rules_can_compare(version, number):
    assert version_number(version) == number


@pytest.mark.parametrize("version", ["dev", "1.2", "1.100.0", "1.2.100", ""])
def test_a_version_that_is_not_x_y_z_gives_no_number(version):
    assert version_number(version) is None
    names = {name for name, _, _ in samples(replace(HEALTHY, version=version))}
    assert "kiosk_build_version_number" not in names
    assert "kiosk_build_info" in names


def test_what_is_not_known_yet_is_left_out_and_nothing_waiting_is_age_zero():
    names = {name for name, _, _ in samples(FRESH)}
    assert names == SAMPLE_NAMES - OPTIONAL
    ages = values(FRESH, "kiosk_outbox_oldest_unsent_age_seconds", "kiosk")
    assert ages == {"HN-KIOSK-000124": 0.0}


@pytest.mark.parametrize(
    ("name", "enum", "current"),
    [
        ("kiosk_printer_state", PrinterHealth, "paper_out"),
        ("kiosk_card_reader_state", ReaderHealth, "ready"),
    ],
)
def test_a_state_set_lists_every_state_and_exactly_one_is_true(name, enum, current):
    states = values(PAPER_OUT, name, name)
    assert set(states) == {s.value for s in enum}
    assert [s for s, v in states.items() if v == 1] == [current]
    assert sum(states.values()) == 1


def test_every_outbox_state_and_every_error_kind_is_listed_even_at_zero():
    fresh = replace(FRESH, outbox_counts={}, sync_errors={})
    assert set(values(fresh, "kiosk_outbox_submissions", "state")) == set(OUTBOX_STATES)
    kinds = values(fresh, "kiosk_sync_errors_total", "kind")
    assert kinds == {k.value: 0 for k in SyncErrorKind}


def test_label_values_are_bounded_whatever_the_snapshot_holds():
    """Only the kiosk id, the versions and values from the enums ever reach a label."""
    bounded = (
        {s.value for s in PrinterHealth}
        | {s.value for s in ReaderHealth}
        | {"ok", "no_frames"}
        | set(OUTBOX_STATES)
        | {k.value for k in SyncErrorKind}
    )
    odd = replace(
        HEALTHY,
        outbox_counts={**HEALTHY.outbox_counts, "079123456789": 5},
        sync_errors={**HEALTHY.sync_errors, "HS-2026-000042": 2},
    )
    for _, labels, _ in samples(odd):
        assert set(labels) <= {"kiosk", "version", "state", "kind"} | {
            "kiosk_printer_state",
            "kiosk_card_reader_state",
            "kiosk_camera_state",
        }
        for key, value in labels.items():
            if key == "kiosk":
                assert value == "HN-KIOSK-000123"
            elif key == "version":
                assert value in {"1.4.0", "2026-11-01"}
            else:
                assert value in bounded


@pytest.mark.skipif(not PROMTOOL.exists(), reason="promtool is not installed (Debian: prometheus)")
@pytest.mark.parametrize("health", [HEALTHY, PAPER_OUT, FRESH], ids=["healthy", "paper", "fresh"])
def test_promtool_finds_nothing_to_say(health):
    done = subprocess.run(
        [str(PROMTOOL), "check", "metrics"],
        input=exposition(lambda: health),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr == ""


def test_the_server_answers_on_loopback_and_stops():
    scrapes: list[int] = []

    def source() -> KioskHealth:
        scrapes.append(1)
        return HEALTHY

    server = MetricsServer("127.0.0.1", 0, source)
    port = server.start()
    try:
        assert port > 0
        assert server.url == f"http://127.0.0.1:{port}/metrics"
        with urllib.request.urlopen(server.url, timeout=5) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain")
            body = response.read().decode()
        assert 'kiosk_printer_state{kiosk="HN-KIOSK-000123",kiosk_printer_state="ok"} 1.0' in body
        assert len(scrapes) == 1
    finally:
        server.stop()
    server.stop()  # twice is harmless
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2)


def test_serve_metrics_follows_the_metrics_section():
    assert serve_metrics(MetricsSection(enabled=False), lambda: HEALTHY) is None
    server = serve_metrics(MetricsSection(port=free_port()), lambda: HEALTHY)
    assert server is not None
    try:
        with urllib.request.urlopen(server.url, timeout=5) as response:
            assert b"kiosk_build_info" in response.read()
        # A port already taken: no endpoint, no crash.
        assert serve_metrics(MetricsSection(port=server.port), lambda: HEALTHY) is None
    finally:
        server.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
