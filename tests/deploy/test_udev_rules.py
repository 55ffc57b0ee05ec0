"""The udev rules in deploy/udev/: well-formed (a structural check everywhere; udev's own
parser where ``udevadm`` runs), and the card reader's rule doing its job on a simulated USB
reader run through the real ``udevadm test`` (in a private mount namespace: a fake device in
place of ``/sys/devices/virtual``, empty ``/dev`` and ``/run/udev``, the rules under test in
place of ``/etc/udev/rules.d``; nothing of the machine's is touched)."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.deploy.unit_file import ROOT

UDEV_DIR = ROOT / "deploy" / "udev"
RULES = sorted(UDEV_DIR.glob("*.rules"))
CARD_READER_RULES = UDEV_DIR / "93-kiosk-card-reader.rules"
LIBCCID_RULES = Path("/usr/lib/udev/rules.d/92-libccid.rules")

MATCH_KEYS = {
    "ACTION", "DEVPATH", "KERNEL", "KERNELS", "NAME", "SYMLINK", "SUBSYSTEM", "SUBSYSTEMS",
    "DRIVER", "DRIVERS", "ATTR", "ATTRS", "SYSCTL", "ENV", "CONST", "TAG", "TAGS", "TEST",
    "PROGRAM", "RESULT",
}  # fmt: skip
ASSIGN_KEYS = {
    "NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "SECLABEL", "ATTR", "SYSCTL", "ENV", "TAG",
    "RUN", "LABEL", "GOTO", "IMPORT", "OPTIONS",
}  # fmt: skip
TOKEN = re.compile(
    r'\s*(?P<key>[A-Z]+)(?:\{(?P<attr>[^}]*)\})?\s*(?P<op>==|!=|\+=|-=|:=|=)\s*"(?P<value>[^"]*)"\s*'
)


def tokens(line: str) -> list[re.Match[str]]:
    """The ``KEY{attr} op "value"`` pairs of one rule, or an AssertionError."""
    found: list[re.Match[str]] = []
    pos = 0
    while pos < len(line):
        match = TOKEN.match(line, pos)
        assert match is not None, f"not a udev key-value pair at {line[pos:]!r}"
        found.append(match)
        pos = match.end()
        if pos < len(line):
            assert line[pos] == ",", f"pairs are separated by commas: {line!r}"
            pos += 1
    return found


def rule_lines(path: Path) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() and not line.strip().startswith("#")
    ]


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.name)
def test_every_rule_is_well_formed(path: Path):
    labels: set[str] = set()
    gotos: set[str] = set()
    for number, line in rule_lines(path):
        pairs = tokens(line)
        for pair in pairs:
            key, op, value = pair["key"], pair["op"], pair["value"]
            where = f"{path.name}:{number} {key}"
            if op in ("==", "!="):
                assert key in MATCH_KEYS, f"{where} cannot be matched"
            else:
                assert key in ASSIGN_KEYS, f"{where} cannot be assigned"
            if key in ("ATTR", "ATTRS", "ENV"):
                assert pair["attr"], f"{where} needs {{name}}"
            if key == "LABEL":
                labels.add(value)
            if key == "GOTO":
                gotos.add(value)
            if key == "MODE":
                assert re.fullmatch(r"0[0-7]{3}", value), f"{where}: MODE={value!r}"
        # A rule that matches nothing applies to every device: only behind a GOTO's guard.
        if not any(p["op"] in ("==", "!=") or p["key"] == "LABEL" for p in pairs):
            assert gotos - labels, f"{path.name}:{number} applies to every device"
    assert gotos <= labels, f"{path.name}: GOTO without its LABEL: {gotos - labels}"


def test_the_card_reader_rule_comes_after_libccids():
    # libccid's rule turns autosuspend on; the kiosk's must run later to turn it off.
    assert CARD_READER_RULES.name > "92-libccid.rules"


# --- udev's own parser and rules engine


def udevadm_available() -> str | None:
    """Why udevadm cannot run here, or None."""
    if shutil.which("udevadm") is None:
        return "udevadm is not installed (Debian package udev)"
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return "udevadm test needs root and unshare for a private mount namespace"
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        return f"no private mount namespace here: {probe.stderr.decode().strip()}"
    return None


needs_udevadm = pytest.mark.skipif(udevadm_available() is not None, reason=str(udevadm_available()))


def fake_usb_device(root: Path, name: str, vendor: int, product: int, interface_class: int) -> str:
    """A USB device as sysfs shows it, under ``root`` (to be mounted on
    /sys/devices/virtual): attributes, uevent, and the binary descriptors from which udev's
    usb_id builtin reads the interface classes. Its sysfs path."""
    device = root / "usb1" / name
    (device / "power").mkdir(parents=True)
    (root / "bus" / "usb").mkdir(parents=True, exist_ok=True)
    number = len(list((root / "usb1").iterdir())) + 1
    files = {
        "uevent": f"MAJOR=189\nMINOR={number}\nDEVNAME=bus/usb/001/{number:03d}\n"
        f"DEVTYPE=usb_device\nDRIVER=usb\nPRODUCT={vendor:x}/{product:x}/100\nTYPE=0/0/0\n"
        f"BUSNUM=001\nDEVNUM={number:03d}\n",
        "idVendor": f"{vendor:04x}\n",
        "idProduct": f"{product:04x}\n",
        "manufacturer": "Test\n",
        "product": f"{name}\n",
        "serial": "0001\n",
        "bcdDevice": "0100\n",
        "bDeviceClass": "00\n",
        "dev": f"189:{number}\n",
        "power/control": "auto\n",
    }
    for filename, text in files.items():
        (device / filename).write_text(text)
    (device / "subsystem").symlink_to("../../bus/usb")
    endpoints = ((0x81, 2), (0x02, 2), (0x83, 3))
    descriptors = (
        struct.pack(
            "<BBHBBBBHHHBBBB", 18, 1, 0x0200, 0, 0, 0, 64, vendor, product, 0x100, 1, 2, 3, 1
        )
        + struct.pack("<BBHBBBBB", 9, 2, 9 + 9 + 7 * len(endpoints), 1, 1, 0, 0x80, 50)
        + struct.pack("<BBBBBBBBB", 9, 4, 0, 0, len(endpoints), interface_class, 0, 0, 0)
        + b"".join(struct.pack("<BBBBHB", 7, 5, a, kind, 64, 0) for a, kind in endpoints)
    )
    (device / "descriptors").write_bytes(descriptors)
    return f"/sys/devices/virtual/usb1/{name}"


def udevadm_test(tmp_path: Path, rules: list[Path], sys_root: Path, syspath: str) -> str:
    """``udevadm --debug test --action=add syspath`` with ``rules`` as /etc/udev/rules.d and
    ``sys_root`` as /sys/devices/virtual, in a mount namespace of its own; its output."""
    rules_dir = tmp_path / "rules.d"
    rules_dir.mkdir(exist_ok=True)
    for rule in rules:
        shutil.copy(rule, rules_dir / rule.name)
    scratch = tmp_path / "scratch"
    (scratch / "dev").mkdir(parents=True, exist_ok=True)
    (scratch / "run-udev").mkdir(exist_ok=True)
    (scratch / "old-dev").mkdir(exist_ok=True)
    script = f"""
set -e
cd {scratch}
mount --bind /dev old-dev
mount -t tmpfs tmpfs dev
for n in null zero urandom random; do touch dev/$n; mount --bind old-dev/$n dev/$n; done
mount --rbind dev /dev
mkdir -p /run/udev
mount --bind {scratch}/run-udev /run/udev
mount --bind {sys_root} /sys/devices/virtual
mount --bind {rules_dir} /etc/udev/rules.d
SYSTEMD_DEVICE_VERIFY_SYSFS=0 udevadm --debug test --action=add {syspath} 2>&1
"""
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def properties(output: str) -> dict[str, str]:
    """The device's properties as ``udevadm test`` prints them at the end."""
    return dict(
        line.split("=", 1) for line in output.splitlines() if re.fullmatch(r"[A-Z_]+=.*", line)
    )


def attribute_writes(output: str, attribute: str) -> list[tuple[str, str]]:
    """(rules file, value) of every write of ``attribute``, in order."""
    pattern = re.compile(rf"(\S+\.rules):\d+ ATTR '\S+/{re.escape(attribute)}' writing '([^']*)'")
    return [(Path(m[1]).name, m[2]) for m in pattern.finditer(output)]


@needs_udevadm
def test_udev_parses_every_rule_without_complaint(tmp_path):
    sys_root = tmp_path / "sys"
    syspath = fake_usb_device(sys_root, "1-9", 0x046D, 0xC31C, 0x03)
    output = udevadm_test(tmp_path, RULES, sys_root, syspath)

    # What udev says while reading a rules file starts with the file's path and line.
    complaints = [
        line
        for line in output.splitlines()
        if line.startswith("/etc/udev/rules.d/")
        # the kiosk group is made on the kiosk, not on this machine
        and not line.endswith("Unknown group 'kiosk', ignoring")
    ]
    assert complaints == []
    for rule in RULES:
        assert f"Reading rules file: /etc/udev/rules.d/{rule.name}" in output


@needs_udevadm
def test_udev_would_catch_a_broken_rule(tmp_path):
    broken = tmp_path / "99-broken.rules"
    broken.write_text('SUBSYSTEM=="usb", ATTR{idVendor}=="072f", POWER="on"\n')
    sys_root = tmp_path / "sys"
    syspath = fake_usb_device(sys_root, "1-9", 0x046D, 0xC31C, 0x03)

    output = udevadm_test(tmp_path, [broken], sys_root, syspath)

    assert "99-broken.rules:1" in output


@needs_udevadm
@pytest.mark.parametrize(
    ("vendor", "product", "interface_class"),
    [(0x072F, 0x223B, 0x0B), (0x1234, 0x5678, 0x0B), (0x072F, 0x2224, 0xFF)],
    ids=["ACS ACR1252U", "an unknown CCID reader", "ACR1281U, vendor-specific interface"],
)
def test_a_card_reader_is_kept_awake_and_named(tmp_path, vendor, product, interface_class):
    sys_root = tmp_path / "sys"
    syspath = fake_usb_device(sys_root, "1-2", vendor, product, interface_class)

    output = udevadm_test(tmp_path, RULES, sys_root, syspath)

    props = properties(output)
    assert props.get("KIOSK_CARD_READER") == "1"
    assert "/dev/kiosk-card-reader" in props.get("DEVLINKS", "").split()
    writes = attribute_writes(output, "power/control")
    assert writes[-1] == (CARD_READER_RULES.name, "on")
    if (
        LIBCCID_RULES.exists()
        and interface_class == 0x0B
        and props.get("ID_USB_INTERFACES") == ":0b0000:"
    ):
        # libccid's rule runs first and turns autosuspend on; the kiosk's turns it off after.
        assert writes == [("92-libccid.rules", "auto"), (CARD_READER_RULES.name, "on")]


@needs_udevadm
def test_other_usb_devices_are_left_alone(tmp_path):
    sys_root = tmp_path / "sys"
    syspath = fake_usb_device(sys_root, "1-3", 0x046D, 0xC31C, 0x03)  # a USB keyboard

    output = udevadm_test(tmp_path, RULES, sys_root, syspath)

    assert "KIOSK_CARD_READER" not in properties(output)
    ours = {rule.name for rule in RULES}
    assert [w for w in attribute_writes(output, "power/control") if w[0] in ours] == []
