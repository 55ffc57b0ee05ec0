"""The simulated fleet: ids, the fault list, how each fault shows, and the command's refusals."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kiosk.app.cli import main
from kiosk.app.fleet_commands import file_sd
from kiosk.app.fleet_server import FleetServer
from kiosk.app.fleet_sim import (
    OLD_VERSION,
    Fault,
    FaultAt,
    FaultSpecError,
    SimulatedKiosk,
    kiosk_ids,
    parse_faults,
    simulated_fleet,
)
from kiosk.app.metrics import exposition
from kiosk.health import PrinterHealth, ReaderHealth
from kiosk.units import Unit, hanoi_units

T0 = 1_800_000_000.0
WARDS = [Unit("00004", "Phường Ba Đình", "phuong"), Unit("00199", "Phường Láng", "phuong")]
IDS = kiosk_ids(12)


def test_kiosks_are_numbered_from_one_with_four_digits_or_more():
    assert kiosk_ids(3) == ["SIM-0001", "SIM-0002", "SIM-0003"]
    assert kiosk_ids(12000)[-1] == "SIM-12000"


def test_a_fault_list_names_kiosk_fault_and_start():
    assert parse_faults("SIM-0003:paper_out, SIM-0011:silent@90", IDS) == [
        FaultAt("SIM-0003", Fault.PAPER_OUT, 0.0),
        FaultAt("SIM-0011", Fault.SILENT, 90.0),
    ]
    assert parse_faults("", IDS) == []


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("SIM-0003", "write KIOSK_ID:FAULT[@SECONDS]"),
        ("SIM-0099:silent", "there is no kiosk SIM-0099 in this fleet (SIM-0001 to SIM-0012)"),
        ("SIM-0002:on_fire", "unknown fault 'on_fire'; one of silent, paper_out"),
        ("SIM-0002:silent@soon", "'@soon' is not a number of seconds >= 0"),
        ("SIM-0002:silent@-5", "'@-5' is not a number of seconds >= 0"),
        ("SIM-0002:silent@nan", "'@nan' is not a number"),
    ],
)
def test_a_bad_fault_list_is_refused_saying_which_entry_and_why(spec, says):
    with pytest.raises(FaultSpecError, match=None) as refused:
        parse_faults(spec, IDS)
    assert says in str(refused.value)


def fleet(spec: str = "") -> dict[str, SimulatedKiosk]:
    return {k.kiosk_id: k for k in simulated_fleet(12, "0.1.0", T0, WARDS, spec)}


def test_a_healthy_kiosk_is_busy_and_well():
    kiosk = fleet()["SIM-0001"]
    before, after = kiosk.health(T0 + 60), kiosk.health(T0 + 3600)
    assert after.printer is PrinterHealth.OK and after.reader is ReaderHealth.READY
    assert after.sessions_started > before.sessions_started
    assert after.sessions_abandoned * 2 < after.sessions_started
    assert (after.oldest_unsent_age_s or 0) < 60
    assert after.last_sync_success_at is not None and T0 + 3600 - after.last_sync_success_at < 60
    assert after.disk_free_bytes > after.disk_total_bytes // 2
    assert abs(after.clock_skew_s or 0) < 1


def test_each_fault_starts_when_asked_in_the_state_an_operator_must_hear_of():
    kiosks = fleet(
        "SIM-0001:paper_out@60,SIM-0002:queue_stuck,SIM-0003:sync_failing,SIM-0004:disk_full,"
        "SIM-0005:clock_skew,SIM-0006:old_version,SIM-0007:reader_missing,"
        "SIM-0008:printer_offline"
    )
    assert kiosks["SIM-0001"].health(T0 + 59).printer is PrinterHealth.OK
    assert kiosks["SIM-0001"].health(T0 + 60).printer is PrinterHealth.PAPER_OUT
    stuck = kiosks["SIM-0002"].health(T0 + 10)
    assert stuck.oldest_unsent_age_s == 2 * 3600 + 10 and stuck.outbox_counts["queued"] > 1
    failing_then, failing_now = (kiosks["SIM-0003"].health(T0 + t) for t in (0, 60))
    assert failing_now.sync_errors["network"] > failing_then.sync_errors["network"]
    assert failing_now.last_sync_success_at == T0 - 2 * 3600
    full = kiosks["SIM-0004"].health(T0)
    assert full.disk_free_bytes / full.disk_total_bytes == pytest.approx(0.01, abs=0.001)
    assert kiosks["SIM-0005"].health(T0).clock_skew_s == 300
    assert kiosks["SIM-0006"].health(T0).version == OLD_VERSION
    assert kiosks["SIM-0007"].health(T0).reader is ReaderHealth.NO_READER
    assert kiosks["SIM-0008"].health(T0).printer is PrinterHealth.OFFLINE


def test_a_simulated_kiosks_metrics_are_the_real_kiosks_and_promtool_clean(tmp_path: Path):
    text = exposition(lambda: fleet("SIM-0002:paper_out")["SIM-0002"].health(T0))
    assert 'kiosk_printer_state{kiosk="SIM-0002",kiosk_printer_state="paper_out"} 1.0' in text
    checked = subprocess.run(
        ["/usr/bin/promtool", "check", "metrics"], input=text, text=True, capture_output=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_target_list_labels_each_kiosk_with_its_ward_and_building():
    kiosks = simulated_fleet(7, "0.1.0", T0, WARDS)
    groups: list[dict[str, Any]] = file_sd(kiosks, FleetServer(kiosks, 30000, lambda: T0))
    assert groups[0] == {
        "targets": ["127.0.0.1:30000"],
        "labels": {"kiosk": "SIM-0001", "ward": "00004", "building": "Tòa A, Phường Ba Đình"},
    }
    assert groups[6]["targets"] == ["127.0.0.1:30006"]
    assert groups[6]["labels"]["ward"] == "00199"


def test_the_simulated_fleet_stands_in_hanois_real_wards():
    wards = [u for u in hanoi_units() if u.kind == "phuong"]
    assert len(wards) == 51
    assert all(len(u.code) == 5 and u.name.startswith("Phường ") for u in wards)


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--kiosks", "0"], "--kiosks must be between 1 and"),
        (["--port-base", "80"], "--port-base must be 1024 or more"),
        (["--port-base", "65530"], "ports 65530-65539 do not fit"),
        (["--sd-file", "/nonexistent/dir/sd.json"], "the folder /nonexistent/dir does not exist"),
        (["--faults", "SIM-0001:flood"], "--faults: 'SIM-0001:flood': unknown fault"),
        (["--duration", "0"], "--duration must be a number of seconds > 0"),
    ],
)
def test_the_command_refuses_bad_arguments_saying_what_to_change(arguments, says, tmp_path, capsys):
    base = ["--kiosks", "10", "--port-base", "30000", "--sd-file", str(tmp_path / "sd.json")]
    for i in range(0, len(arguments), 2):
        at = base.index(arguments[i]) if arguments[i] in base else None
        if at is None:
            base += arguments[i : i + 2]
        else:
            base[at + 1] = arguments[i + 1]
    assert main(["fleet-sim", *base]) == 2
    assert says in capsys.readouterr().err
    assert not (tmp_path / "sd.json").exists()


def test_a_taken_port_is_named_and_nothing_is_left_listening(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        sd_file = str(tmp_path / "sd.json")
        status = main(
            ["fleet-sim", "--kiosks", "3", "--port-base", str(port - 1), "--sd-file", sd_file]
        )
    assert status == 3
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port} for SIM-0002" in err
    assert "choose a --port-base with 3 free ports" in err
    with socket.socket() as again:
        again.bind(("127.0.0.1", port - 1))
