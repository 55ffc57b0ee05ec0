"""The systemd units in deploy/systemd/: what kiosk.service (and its eglfs alternative)
promise, read from the files, and ``systemd-analyze verify`` on every unit where it runs.

systemd-analyze checks that each ExecStart= binary exists, and /opt/kiosk is not installed on
a development machine; so it runs with ``--root`` on a temporary tree: the machine's own
system units (the targets and services ours refer to), ours in its /etc/systemd/system, and
an empty executable at each absolute path our units run that the tree lacks."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.deploy.unit_file import (
    EGLFS_DROP_IN,
    KIOSK_UNIT,
    SYSTEMD_DIR,
    UnitFile,
    UnitSyntaxError,
    timespan,
)

SYSTEM_UNITS = Path("/usr/lib/systemd/system")
TIMER_DROP_IN = SYSTEMD_DIR / "apt-daily-upgrade.timer.d" / "kiosk.conf"
HOME_SCREEN_TARGET_S = 5.0
COLD_START_ALLOWANCE_S = 3.5
"""What the kiosk's own start may take on a kiosk (≈2.5 s here, tests/bench cold_start)."""


@pytest.fixture
def kiosk() -> UnitFile:
    return UnitFile.read(KIOSK_UNIT)


@pytest.fixture
def eglfs() -> UnitFile:
    return UnitFile.read(KIOSK_UNIT, EGLFS_DROP_IN)


def cage_command(unit: UnitFile) -> tuple[list[str], list[str]]:
    """cage's options and the application it runs, from ExecStart=."""
    words = unit.exec_start()
    assert words[0] == "/usr/bin/cage"
    split = words.index("--")
    return words[1:split], words[split + 1 :]


def test_the_kiosk_is_a_notify_service_with_a_watchdog_restarted_whatever_ends_it(kiosk):
    assert kiosk.value("Service", "Type") == "notify"
    assert kiosk.value("Service", "Restart") == "always"
    watchdog = kiosk.seconds("Service", "WatchdogSec")
    assert watchdog is not None and 2 <= watchdog <= 30
    # Never given up: by default systemd stops restarting after 5 starts in 10 s.
    assert kiosk.value("Unit", "StartLimitIntervalSec") == "0"


def test_the_home_screen_is_back_within_5_s_of_a_crash(kiosk):
    restart = kiosk.seconds("Service", "RestartSec")
    assert restart is not None
    assert restart + COLD_START_ALLOWANCE_S <= HOME_SCREEN_TARGET_S
    stop = kiosk.seconds("Service", "TimeoutStopSec")
    assert stop is not None and stop <= 10  # a hung kiosk is killed soon after SIGABRT


def test_the_kiosk_runs_under_cage_on_tty1_with_vt_switching_off(kiosk):
    options, application = cage_command(kiosk)
    assert "-s" not in options  # cage -s allows VT switching
    assert "-d" in options
    assert application == ["/opt/kiosk/.venv/bin/kiosk", "run", "--data-dir", "/var/lib/kiosk"]
    assert kiosk.value("Service", "User") == "kiosk"
    assert kiosk.value("Service", "TTYPath") == "/dev/tty1"
    assert kiosk.value("Service", "StandardInput") in ("tty", "tty-fail", "tty-force")
    assert "getty@tty1.service" in " ".join(kiosk.values("Unit", "Conflicts"))
    assert kiosk.environment()["QT_QPA_PLATFORM"] == "wayland"


def test_the_cage_options_mean_what_the_unit_says():
    if shutil.which("cage") is None:
        pytest.skip("cage is not installed (Debian package cage)")
    done = subprocess.run(["cage", "-h"], capture_output=True, text=True, timeout=10, check=False)
    help_text = done.stdout + done.stderr
    lines = {line.split()[0]: line for line in help_text.splitlines() if line.strip()}
    assert "VT switching" in lines["-s"]
    assert "decorations" in lines["-d"]


def test_the_kiosks_notifications_reach_systemd_from_under_cage(kiosk):
    # The kiosk is cage's child: only NotifyAccess=all lets its READY and pings count,
    # and only while it stays in the unit's cgroup, which a PAM session would move it out of.
    assert kiosk.value("Service", "NotifyAccess") == "all"
    assert kiosk.value("Service", "PAMName") is None
    # Without PAM, seatd gives cage the seat; XDG_RUNTIME_DIR is the unit's own.
    assert "seatd.service" in " ".join(kiosk.values("Unit", "Wants"))
    assert kiosk.environment()["LIBSEAT_BACKEND"] == "seatd"
    assert "video" in " ".join(kiosk.values("Service", "SupplementaryGroups")).split()
    assert kiosk.environment()["XDG_RUNTIME_DIR"] == "%t/kiosk"
    assert kiosk.value("Service", "RuntimeDirectory") == "kiosk"
    # systemd's WATCHDOG_PID would be cage's pid; the kiosk pings only for its own.
    assert "WATCHDOG_PID" in kiosk.unset_environment()


def test_the_kiosks_output_goes_to_the_journal_not_the_terminal(kiosk):
    # With StandardInput=tty, output would otherwise follow it to tty1, under cage.
    assert kiosk.value("Service", "StandardOutput") == "journal"
    assert kiosk.value("Service", "StandardError") == "journal"


def test_the_eglfs_alternative_runs_the_kiosk_itself_with_the_same_policy(eglfs):
    assert eglfs.exec_start() == [
        "/opt/kiosk/.venv/bin/kiosk",
        "run",
        "--data-dir",
        "/var/lib/kiosk",
    ]
    env = eglfs.environment()
    assert env["QT_QPA_PLATFORM"] == "eglfs"
    assert "disable-zap" in env["QT_QPA_EVDEV_KEYBOARD_PARAMETERS"].split(":")
    # The kiosk is the main process: its own notifications, its own WATCHDOG_PID.
    assert eglfs.value("Service", "NotifyAccess") == "main"
    assert eglfs.unset_environment() == set()
    groups = " ".join(eglfs.values("Service", "SupplementaryGroups")).split()
    assert {"video", "render", "input"} <= set(groups)
    assert eglfs.value("Service", "Type") == "notify"
    assert eglfs.value("Service", "Restart") == "always"
    assert eglfs.value("Service", "WatchdogSec") == UnitFile.read(KIOSK_UNIT).value(
        "Service", "WatchdogSec"
    )


def test_the_unit_reader_reads_what_systemd_reads(tmp_path):
    unit = tmp_path / "x.service"
    unit.write_text(
        "[Service]\nExecStart=/bin/a \\\n  --flag\nEnvironment=A=1 B=2\nEnvironment=A=3\n"
        "UnsetEnvironment=X\nUnsetEnvironment=\n; comment\n"
    )
    read = UnitFile.read(unit)
    assert read.exec_start() == ["/bin/a", "--flag"]
    assert read.environment() == {"A": "3", "B": "2"}
    assert read.unset_environment() == set()
    assert timespan("500ms") == 0.5
    assert timespan("1min 30s") == 90.0
    unit.write_text("[Service]\nnot a setting\n")
    with pytest.raises(UnitSyntaxError):
        UnitFile.read(unit)


# --- systemd-analyze verify


def verify_available() -> str | None:
    """Why systemd-analyze verify cannot run here, or None."""
    if shutil.which("systemd-analyze") is None:
        return "systemd-analyze is not installed (Debian package systemd)"
    if not SYSTEM_UNITS.is_dir():
        return f"no system units in {SYSTEM_UNITS} to verify against"
    return None


needs_systemd_analyze = pytest.mark.skipif(
    verify_available() is not None, reason=str(verify_available())
)


def executables(unit: UnitFile) -> set[str]:
    """The absolute paths the unit's Exec*= lines run."""
    paths: set[str] = set()
    for pairs in unit.sections.values():
        for key, value in pairs:
            if key.startswith("Exec") and value:
                first = value.split()[0].lstrip("-@:+!")
                if first.startswith("/"):
                    paths.add(first)
    return paths


def verify_root(tmp_path: Path, files: dict[str, Path]) -> Path:
    """A tree for ``--root``: the machine's system units, ``files`` at their paths under
    /etc/systemd/system, and an empty executable for each binary their units run."""
    root = tmp_path / "root"
    shutil.copytree(SYSTEM_UNITS, root / "usr/lib/systemd/system", symlinks=True)
    target = root / "etc/systemd/system"
    for relative, source in files.items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target / relative)
    ours = [p for p in target.rglob("*") if p.is_file()]
    # a timer's drop-in (apt-daily-upgrade.timer.d/) starts the system's service of that name
    started = [
        root / "usr/lib/systemd/system" / (p.parent.name.removesuffix(".timer.d") + ".service")
        for p in ours
        if p.parent.name.endswith(".timer.d")
    ]
    for path in [*ours, *started]:
        if path.exists():
            for binary in executables(UnitFile.read(path)):
                stub = root / binary.lstrip("/")
                if not stub.exists():
                    stub.parent.mkdir(parents=True, exist_ok=True)
                    stub.write_text("#!/bin/sh\n")
                    stub.chmod(stub.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP)
    return root


def systemd_analyze_verify(root: Path, *units: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["systemd-analyze", "verify", "--man=no", f"--root={root}", *units],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def our_units() -> dict[str, Path]:
    return {p.name: p for p in sorted(SYSTEMD_DIR.glob("*.service"))}


@needs_systemd_analyze
def test_systemd_analyze_verify_passes_on_every_unit(tmp_path):
    units = our_units()
    root = verify_root(tmp_path, units)

    done = systemd_analyze_verify(root, *units)

    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@needs_systemd_analyze
def test_systemd_analyze_verify_passes_on_the_eglfs_alternative(tmp_path):
    root = verify_root(
        tmp_path,
        {"kiosk.service": KIOSK_UNIT, "kiosk.service.d/eglfs.conf": EGLFS_DROP_IN},
    )

    done = systemd_analyze_verify(root, "kiosk.service")

    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@needs_systemd_analyze
def test_systemd_analyze_verify_passes_on_the_night_upgrade_timer(tmp_path):
    if not (SYSTEM_UNITS / "apt-daily-upgrade.timer").exists():
        pytest.skip("apt's timers are not installed here")
    root = verify_root(tmp_path, {"apt-daily-upgrade.timer.d/kiosk.conf": TIMER_DROP_IN})

    done = systemd_analyze_verify(root, "apt-daily-upgrade.timer")

    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    timer = UnitFile.read(SYSTEM_UNITS / "apt-daily-upgrade.timer", TIMER_DROP_IN)
    assert timer.values("Timer", "OnCalendar") == ["*-*-* 02:00"]


@needs_systemd_analyze
@pytest.mark.parametrize(
    ("mistake", "said"),
    [
        ("WatchdogSecs=10\n", "Unknown key"),
        ("Restart=allways\n", "Failed to parse"),
    ],
)
def test_systemd_analyze_verify_would_catch_a_mistake(tmp_path, mistake, said):
    broken = tmp_path / "kiosk.service"
    broken.write_text(KIOSK_UNIT.read_text().replace("[Service]\n", "[Service]\n" + mistake))
    root = verify_root(tmp_path, {"kiosk.service": broken})

    done = systemd_analyze_verify(root, "kiosk.service")

    assert said in done.stdout + done.stderr
