"""The kiosk's system settings in deploy/: the journal's limits, time synchronisation, and
unattended security upgrades (read by apt's own parser and judged by unattended-upgrades' own
origin matching where they are installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.unit_file import ROOT, UnitFile

DEPLOY = ROOT / "deploy"
JOURNALD = DEPLOY / "journald" / "kiosk.conf"
TIMESYNCD = DEPLOY / "timesyncd" / "kiosk.conf"
AUTO_UPGRADES = DEPLOY / "apt" / "20auto-upgrades"
UNATTENDED = DEPLOY / "apt" / "52kiosk-unattended-upgrades"
DEBIAN_UNATTENDED = Path("/etc/apt/apt.conf.d/50unattended-upgrades")
UNATTENDED_UPGRADE = Path("/usr/bin/unattended-upgrade")
SYSTEM_PYTHON = Path("/usr/bin/python3")

# The keys journald.conf(5) and timesyncd.conf(5) document (systemd 252).
JOURNALD_KEYS = {
    "Storage", "Compress", "Seal", "SplitMode", "RateLimitIntervalSec", "RateLimitBurst",
    "SystemMaxUse", "SystemKeepFree", "SystemMaxFileSize", "SystemMaxFiles", "RuntimeMaxUse",
    "RuntimeKeepFree", "RuntimeMaxFileSize", "RuntimeMaxFiles", "MaxFileSec",
    "MaxRetentionSec", "SyncIntervalSec", "ForwardToSyslog", "ForwardToKMsg",
    "ForwardToConsole", "ForwardToWall", "MaxLevelStore", "MaxLevelSyslog", "MaxLevelKMsg",
    "MaxLevelConsole", "MaxLevelWall", "LineMax", "ReadKMsg", "Audit", "TTYPath",
}  # fmt: skip
TIMESYNCD_KEYS = {
    "NTP", "FallbackNTP", "RootDistanceMaxSec", "PollIntervalMinSec", "PollIntervalMaxSec",
    "ConnectionRetrySec", "SaveIntervalSec",
}  # fmt: skip
SIZE = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def size_bytes(text: str) -> int:
    return int(text[:-1]) * SIZE[text[-1]] if text[-1] in SIZE else int(text)


def test_the_journal_is_kept_and_bounded():
    journal = UnitFile.read(JOURNALD)
    assert set(journal.sections) == {"Journal"}
    assert set(journal.keys("Journal")) <= JOURNALD_KEYS
    assert journal.value("Journal", "Storage") == "persistent"
    max_use = size_bytes(journal.value("Journal", "SystemMaxUse") or "0")
    assert 0 < max_use <= 500 * 2**20
    assert size_bytes(journal.value("Journal", "SystemMaxFileSize") or "0") <= max_use / 4
    assert size_bytes(journal.value("Journal", "RuntimeMaxUse") or "0") <= 64 * 2**20
    assert journal.seconds("Journal", "MaxRetentionSec") is not None
    # no second, unbounded copy through a syslog daemon
    assert journal.value("Journal", "ForwardToSyslog") == "no"


def test_time_comes_from_vietnams_ntp_pool_first():
    time = UnitFile.read(TIMESYNCD)
    assert set(time.sections) == {"Time"}
    assert set(time.keys("Time")) <= TIMESYNCD_KEYS
    servers = (time.value("Time", "NTP") or "").split()
    assert servers and all(s.endswith(".vn.pool.ntp.org") for s in servers)
    assert (time.value("Time", "FallbackNTP") or "").split()


def apt_config(tmp_path: Path, *files: Path) -> dict[str, list[str]]:
    """What apt reads from ``files`` alone, as a parts directory (apt-config dump)."""
    parts = tmp_path / "apt.conf.d"
    parts.mkdir()
    for file in files:
        shutil.copy(file, parts / file.name)
    main = tmp_path / "apt.conf"
    main.write_text(f'Dir::Etc::Parts "{parts}";\nDir::Etc::Main "/dev/null";\n')
    done = subprocess.run(
        ["apt-config", "dump"],
        env={"APT_CONFIG": str(main), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    values: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        values.setdefault(key.rstrip(":"), []).append(value.rstrip(";").strip('"'))
    return values


needs_apt = pytest.mark.skipif(shutil.which("apt-config") is None, reason="apt is not installed")


@needs_apt
def test_apt_reads_the_upgrade_settings(tmp_path):
    config = apt_config(tmp_path, AUTO_UPGRADES, UNATTENDED)
    assert config["APT::Periodic::Update-Package-Lists"] == ["1"]
    assert config["APT::Periodic::Unattended-Upgrade"] == ["1"]
    assert config["Unattended-Upgrade::Automatic-Reboot"] == ["true"]
    assert config["Unattended-Upgrade::Automatic-Reboot-Time"] == ["03:30"]
    assert "--force-confold" in config["DPkg::Options"]
    origins = [o for o in config["Unattended-Upgrade::Origins-Pattern"] if o]
    assert origins and all("label=Debian-Security" in o for o in origins)


def judged_origins(tmp_path: Path, *files: Path) -> dict[str, object]:
    """unattended-upgrades' own verdict on Debian's archives under ``files``: run its
    origin matching (the system Python, which has apt_pkg) on apt's reading of them."""
    parts = tmp_path / "judged.d"
    parts.mkdir()
    for file in files:
        shutil.copy(file, parts / file.name)
    main = tmp_path / "judged.conf"
    main.write_text(f'Dir::Etc::Parts "{parts}";\nDir::Etc::Main "/dev/null";\n')
    probe = f"""
import importlib.machinery, importlib.util, json
loader = importlib.machinery.SourceFileLoader("uu", "{UNATTENDED_UPGRADE}")
spec = importlib.util.spec_from_loader("uu", loader)
uu = importlib.util.module_from_spec(spec)
loader.exec_module(uu)
import apt_pkg
apt_pkg.init_config()
allowed = uu.get_allowed_origins()
class Origin:
    def __init__(self, archive, label):
        self.origin, self.archive, self.codename, self.label = "Debian", archive, archive, label
        self.site, self.component = "deb.debian.org", "main"
codename = uu.get_distro_codename()
print(json.dumps({{
    "security": uu.is_allowed_origin(Origin(codename + "-security", "Debian-Security"), allowed),
    "point release": uu.is_allowed_origin(Origin(codename, "Debian"), allowed),
    "updates": uu.is_allowed_origin(Origin(codename + "-updates", "Debian"), allowed),
    "backports": uu.is_allowed_origin(Origin(codename + "-backports", "Debian Backports"), allowed),
}}))
"""
    done = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", probe],
        env={"APT_CONFIG": str(main), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


needs_unattended_upgrades = pytest.mark.skipif(
    not (UNATTENDED_UPGRADE.exists() and DEBIAN_UNATTENDED.exists() and SYSTEM_PYTHON.exists()),
    reason="unattended-upgrades is not installed (Debian package unattended-upgrades)",
)


@needs_unattended_upgrades
def test_only_security_updates_are_installed_unattended(tmp_path):
    # Over Debian's own file, as on a kiosk: ours comes after it and replaces its origins.
    verdict = judged_origins(tmp_path, DEBIAN_UNATTENDED, AUTO_UPGRADES, UNATTENDED)
    assert verdict == {
        "security": True,
        "point release": False,
        "updates": False,
        "backports": False,
    }


@needs_unattended_upgrades
def test_debians_own_settings_alone_would_also_take_point_releases(tmp_path):
    # Why the kiosk's file clears the list instead of adding to it.
    verdict = judged_origins(tmp_path, DEBIAN_UNATTENDED)
    assert verdict["security"] is True
    assert verdict["point release"] is True


def test_the_kernels_magic_sysrq_keys_are_off() -> None:
    # sysctl.d(5): "key = value" lines, "#" and ";" comments.
    settings = {}
    for line in (DEPLOY / "sysctl" / "90-kiosk.conf").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            settings[key.strip()] = value.strip()
    assert settings == {"kernel.sysrq": "0"}
