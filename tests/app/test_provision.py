"""``kiosk provision`` against the real portal simulator on 127.0.0.1: the site configuration,
the enrolment, the technician PIN, the self-test and the receipt; and what it leaves when
something is wrong (nothing half-written)."""

from __future__ import annotations

import difflib
import io
import json
import os
import socket
import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import segno

from kiosk.app.cli import main
from kiosk.app.parts import PORTAL_URL_ENV
from kiosk.app.provision_commands import (
    BAD_INPUT,
    CODE_REFUSED,
    OK,
    SELFTEST_FAILED,
    UNREACHABLE,
    Request,
    provision,
)
from kiosk.app.wiring import kiosk_address
from kiosk.settings import load_settings
from kiosk.technician_pin import PIN_FILE_NAME, PinCheck, PinStore
from sync.enrolment import load_enrolment
from sync.portal_simulator import PortalSimulator

BUILDING = "Tòa A, Chung cư Sông Hồng, 12 Láng Hạ"
LANG = "00199"
PIN = "246810"
KIOSK_USER = 4242
"""The uid and gid of the kiosk's own user, in these tests."""


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.delenv(PORTAL_URL_ENV, raising=False)


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[PortalSimulator]:
    """A portal that, like the real one, refuses kiosks that are not enrolled."""
    sim = PortalSimulator(tmp_path / "portal")
    sim.start()
    yield sim
    sim.stop()


@dataclass
class Site:
    """One kiosk being provisioned: its site file, data directory and PIN file."""

    root: Path
    portal: PortalSimulator
    extra: list[str] = field(default_factory=list)

    @property
    def config(self) -> Path:
        return self.root / "etc" / "site.toml"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def pin_file(self) -> Path:
        path = self.root / "pin.txt"
        if not path.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{PIN}\n", encoding="utf-8")
        return path

    def argv(self, code: str | None = None, **given: str) -> list[str]:
        values = {
            "portal": self.portal.base_url,
            "code": code or self.portal.issue_enrolment_code(),
            "building": BUILDING,
            "ward": LANG,
            "pin-file": str(self.pin_file),
            "site-config": str(self.config),
            "data-dir": str(self.data),
            **given,
        }
        return ["provision", *(a for k, v in values.items() for a in (f"--{k}", v)), *self.extra]

    def values(self) -> dict[str, object]:
        return tomllib.loads(self.config.read_text(encoding="utf-8"))


@pytest.fixture
def site(tmp_path: Path, portal: PortalSimulator) -> Site:
    return Site(tmp_path / "kiosk", portal, ["--demo"])


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def terminal_qr(text: str) -> str:
    out = io.StringIO()
    segno.make(text, error="m", micro=False).terminal(out=out, compact=True)
    return out.getvalue()


def leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]


def test_a_new_kiosk_is_configured_enrolled_and_given_its_pin(
    site: Site, portal: PortalSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(site.argv()) == OK

    out = capsys.readouterr().out
    values = site.values()
    assert values["kiosk"] == {"building_vi": BUILDING, "ward": LANG, "id": "HN-KIOSK-000001"}
    assert values["portal"] == {"base_url": portal.base_url}
    assert values["schema_version"] == 1
    settings = load_settings(site.config)
    assert settings.kiosk.building_vi == BUILDING
    enrolment = load_enrolment(site.data / "portal-credential.json")
    assert enrolment is not None and enrolment.kiosk_id == "HN-KIOSK-000001"
    assert [k["kiosk_id"] for k in portal.kiosks()] == ["HN-KIOSK-000001"]
    assert PinStore(site.data).verify(PIN).check is PinCheck.OK
    assert PIN not in (site.data / PIN_FILE_NAME).read_text(encoding="ascii")
    # The receipt: the kiosk id (also as a QR code), where it stands, its version, the test.
    assert "Kiosk provisioned." in out
    assert "HN-KIOSK-000001 (enrolled now)" in out
    assert f"building        {BUILDING}" in out
    assert "ward            00199 Phường Láng" in out
    assert "software        " in out
    assert "self-test       " in out and "FAILED" not in out
    assert terminal_qr("HN-KIOSK-000001") in out
    assert leftovers(site.config.parent) == []
    # The building and ward start the resident's address-in-this-building question.
    address = kiosk_address(settings.kiosk.building_vi, settings.kiosk.ward)
    assert address.line() == f"{BUILDING}, Phường Láng, Hà Nội"


def test_the_receipt_as_json(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*site.argv(), "--json"]) == OK

    receipt = json.loads(capsys.readouterr().out)
    assert receipt["ok"] is True
    assert receipt["kiosk_id"] == "HN-KIOSK-000001"
    assert receipt["enrolled"] == "now"
    assert receipt["ward"] == {"code": LANG, "name": "Phường Láng"}
    assert receipt["building"] == BUILDING
    assert receipt["technician_pin"] == "set"
    assert set(receipt["site_config"]["changed"]) == {
        "kiosk.building_vi",
        "kiosk.ward",
        "kiosk.id",
        "portal.base_url",
    }
    assert receipt["selftest"]["passed"] is True
    assert [c["name"] for c in receipt["selftest"]["checks"]][:3] == [
        "card_reader",
        "printer",
        "camera",
    ]


def test_a_refused_code_writes_nothing(
    site: Site, portal: PortalSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(site.argv(code="ZZZZ-9999")) == CODE_REFUSED

    err = capsys.readouterr().err
    assert "refused the code" in err
    assert "ask the portal for a new enrolment code" in err
    assert not site.config.exists()
    assert leftovers(site.config.parent) == []
    assert load_enrolment(site.data / "portal-credential.json") is None
    assert not PinStore(site.data).is_set()
    assert portal.kiosks() == []


def test_a_refused_code_leaves_the_old_configuration_as_it_was(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.config.parent.mkdir(parents=True)
    site.config.write_text('[kiosk]\nbuilding_vi = "Tòa cũ"\n', encoding="utf-8")
    before = site.config.read_bytes()

    assert main(site.argv(code="ZZZZ-9999")) == CODE_REFUSED

    assert site.config.read_bytes() == before
    assert leftovers(site.config.parent) == []


def test_an_unreachable_portal_writes_nothing(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = PortalSimulator(tmp_path / "gone")
    url = gone.start()
    code = gone.issue_enrolment_code()
    gone.stop()

    assert main(site.argv(code=code, portal=url)) == UNREACHABLE

    err = capsys.readouterr().err
    assert f"the portal at {url} cannot be reached" in err
    assert "check the network" in err
    assert not site.config.exists()
    assert not site.data.exists()


def test_running_it_again_with_the_same_values_changes_nothing(
    site: Site, portal: PortalSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = site.argv()
    assert main(argv) == OK
    config = site.config.read_bytes()
    credential = (site.data / "portal-credential.json").read_bytes()
    pin = (site.data / PIN_FILE_NAME).read_bytes()
    capsys.readouterr()

    assert main(argv) == OK  # the same (spent) code: not used again

    out = capsys.readouterr().out
    assert site.config.read_bytes() == config
    assert (site.data / "portal-credential.json").read_bytes() == credential
    assert (site.data / PIN_FILE_NAME).read_bytes() == pin
    assert len(portal.kiosks()) == 1
    assert "HN-KIOSK-000001 (kept)" in out
    assert "unchanged" in out


def test_a_new_building_changes_only_its_key(
    site: Site, portal: PortalSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(site.argv()) == OK
    before = site.config.read_text(encoding="utf-8").splitlines()

    assert main(site.argv(building="Tòa B, Chung cư Sông Hồng")) == OK

    after = site.config.read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.ndiff(before, after) if line.startswith(("+ ", "- "))]
    assert changed == [
        f'- building_vi = "{BUILDING}"',
        '+ building_vi = "Tòa B, Chung cư Sông Hồng"',
    ]
    assert len(portal.kiosks()) == 1  # not enrolled again
    assert "kiosk.building_vi written" in capsys.readouterr().out


def test_force_enrols_again(
    site: Site, portal: PortalSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(site.argv()) == OK

    assert main([*site.argv(), "--force"]) == OK

    assert [k["kiosk_id"] for k in portal.kiosks()] == ["HN-KIOSK-000001", "HN-KIOSK-000002"]
    enrolment = load_enrolment(site.data / "portal-credential.json")
    assert enrolment is not None and enrolment.kiosk_id == "HN-KIOSK-000002"
    assert site.values()["kiosk"]["id"] == "HN-KIOSK-000002"  # type: ignore[index]


def test_another_portal_needs_force(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(site.argv()) == OK
    config = site.config.read_bytes()
    with PortalSimulator(tmp_path / "other") as other:
        other.start()
        capsys.readouterr()

        assert main(site.argv(portal=other.base_url)) == BAD_INPUT

        assert "enrolled as HN-KIOSK-000001" in capsys.readouterr().err
        assert other.kiosks() == []
    assert site.config.read_bytes() == config


@pytest.mark.parametrize(
    ("ward", "suggested"), [("00198", "00199 (Phường Láng)"), ("phuong lang", "00199")]
)
def test_a_ward_not_in_hanoi_is_named_with_close_ones(
    site: Site, ward: str, suggested: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(site.argv(ward=ward)) == BAD_INPUT

    err = capsys.readouterr().err
    assert f"--ward {ward!r}: not one of Hanoi's wards or communes" in err
    assert suggested in err
    assert not site.config.exists()


def test_every_bad_value_is_named_at_once_and_nothing_is_written(
    site: Site, portal: PortalSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    (site.root).mkdir(parents=True, exist_ok=True)
    bad_pin = site.root / "bad-pin.txt"
    bad_pin.write_text("1234\n", encoding="utf-8")
    argv = site.argv(
        code="not a code",
        portal="http://portal.example",
        building="12",
        printer="parallel:LPT1",
        **{"pin-file": str(bad_pin)},
    )

    assert main(argv) == BAD_INPUT

    err = capsys.readouterr().err
    assert "5 problems (nothing was written)" in err
    for named in ("--portal", "HTTPS", "--code", "--building", "--printer", "--pin-file"):
        assert named in err
    assert not site.config.exists()
    assert portal.kiosks() == []


def test_without_a_pin_and_without_a_terminal_it_refuses(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = site.argv()
    at = argv.index("--pin-file")
    del argv[at : at + 2]

    assert main(argv) == BAD_INPUT

    assert "no technician PIN: give --pin-file FILE" in capsys.readouterr().err
    assert not site.config.exists()


def test_a_missing_printer_fails_the_self_test_but_keeps_a_consistent_configuration(
    tmp_path: Path, portal: PortalSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    site = Site(tmp_path / "kiosk", portal)  # the real devices, as configured
    printer = f"network:127.0.0.1:{closed_port()}"

    assert main(site.argv(printer=printer)) == SELFTEST_FAILED

    captured = capsys.readouterr()
    assert "the self-test FAILED" in captured.out
    assert "- printer: failed:" in captured.out
    assert "what to do:" in captured.out
    assert "the self-test failed" in captured.err
    settings = load_settings(site.config)  # in place, whole and valid
    assert (settings.printer.connection, settings.printer.target) == tuple(printer.split(":", 1))
    assert load_enrolment(site.data / "portal-credential.json") is not None
    assert PinStore(site.data).is_set()
    assert terminal_qr("HN-KIOSK-000001") in captured.out


def test_keys_and_comments_it_does_not_set_are_kept(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.config.parent.mkdir(parents=True)
    site.config.write_text(
        '# Site file of the Sông Hồng lobby.\n[ui]\nlanguage = "en"\n\n'
        '[kiosk]\n# The hotline of the building\'s management.\nhotline = "0243111222"\n',
        encoding="utf-8",
    )

    assert main(site.argv()) == OK

    text = site.config.read_text(encoding="utf-8")
    assert text.startswith('# Site file of the Sông Hồng lobby.\n[ui]\nlanguage = "en"\n')
    assert '# The hotline of the building\'s management.\nhotline = "0243111222"\n' in text
    settings = load_settings(site.config)
    assert (settings.ui.language, settings.kiosk.hotline) == ("en", "0243111222")
    assert settings.kiosk.ward == LANG


def test_what_it_writes_belongs_to_whoever_owns_the_files_already(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.data.mkdir(parents=True)
    site.config.parent.mkdir(parents=True)
    site.config.write_text('[ui]\nlanguage = "vi"\n', encoding="utf-8")
    site.config.chmod(0o640)
    if os.geteuid() == 0:  # as provisioning runs: root, for a kiosk that runs as its own user
        os.chown(site.data, KIOSK_USER, KIOSK_USER)
        os.chown(site.config, 0, KIOSK_USER)

    assert main(site.argv()) == OK

    data_owner = site.data.stat()
    for path in (site.data / "portal-credential.json", site.data / PIN_FILE_NAME):
        assert (path.stat().st_uid, path.stat().st_gid) == (data_owner.st_uid, data_owner.st_gid)
    config = site.config.stat()
    assert stat.S_IMODE(config.st_mode) == 0o640
    assert config.st_gid == (KIOSK_USER if os.geteuid() == 0 else os.getegid())


@dataclass
class FakeTerminal:
    """A technician at a terminal: answers in turn, and what they were told."""

    answers: list[str]
    asked: list[str] = field(default_factory=list)
    told: list[str] = field(default_factory=list)

    def ask(self, question: str, default: str = "") -> str:
        self.asked.append(question)
        return self.answers.pop(0) or default

    def secret(self, question: str) -> str:
        self.asked.append(question)
        return self.answers.pop(0)

    def say(self, text: str) -> None:
        self.told.append(text)


def test_on_a_terminal_it_asks_for_what_is_missing_and_the_pin_twice(
    site: Site, portal: PortalSimulator
) -> None:
    terminal = FakeTerminal(
        [portal.base_url, BUILDING, "00198", LANG, portal.issue_enrolment_code(), "13579", PIN, PIN]
    )
    out, err = io.StringIO(), io.StringIO()

    status = provision(
        Request(demo=True),
        site.config,
        site.data,
        prompter=terminal,
        as_json=False,
        out=out,
        err=err,
    )

    assert status == OK, err.getvalue()
    assert terminal.asked == [
        "Portal address",
        "Building (as printed on receipts)",
        "Ward (5-digit code)",
        "Ward (5-digit code)",
        "Enrolment code",
        "Technician PIN, 6 to 12 digits",
        "Technician PIN, 6 to 12 digits",
        "The same PIN again",
    ]
    assert "--ward '00198'" in terminal.told[0]
    assert "6 to 12 digits" in terminal.told[1]
    assert PinStore(site.data).verify(PIN).check is PinCheck.OK
    assert site.values()["kiosk"]["ward"] == LANG  # type: ignore[index]


def test_the_first_run_on_a_kiosk_whose_site_file_does_not_exist_yet(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a kiosk the unit sets KIOSK_CONFIG=/etc/kiosk/site.toml, which provisioning writes.
    monkeypatch.setenv("KIOSK_CONFIG", str(site.config))
    assert not site.config.exists()
    assert main(site.argv()) == OK
    assert load_settings(site.config).kiosk.ward == LANG
