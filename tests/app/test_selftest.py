"""``kiosk selftest``: on the demo's simulators (it passes on a fresh data directory), and on
a kiosk's own parts here (pcscd with vpcd's virtual reader, a network printer on 127.0.0.1, a
camera that is a video file of the test page held up, the portal simulator with this kiosk
enrolled, over verified TLS too), with each part missing in turn: the right check fails with
what to do, and the command exits 1. Nothing personal is ever printed."""

from __future__ import annotations

import io
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import cv2
import pytest

from hardware.simulators.camera import page_held_up
from hardware.simulators.card.chip import CccdCardSimulator, demo_identity
from hardware.simulators.card.vpcd import VIRTUAL_READER
from hardware.simulators.printer import SimulatedPrinter
from kiosk.app import selftest_checks, selftest_commands
from kiosk.app.cli import main
from kiosk.app.parts import open_outbox
from kiosk.app.selftest_checks import isolated
from kiosk.app.selftest_machine import (
    DiskUsage,
    clock_check,
    clock_synchronised,
    fonts_check,
    translations_check,
)
from kiosk.ports import PrinterState, PrinterStatus
from kiosk.receipt_layout import layout_test_page, render_blocks
from kiosk.selftest import CHECK_NAMES, Check, CheckStatus
from kiosk.settings import FONT_DIR, PROJECT_ROOT, load_settings
from sync.certificate_pins import pins_of_pem
from sync.enrolment import Enrolment, save_enrolment
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from tests.e2e.conftest import free_port
from tests.hardware.chip import conftest as chip_fixtures
from tests.hardware.test_printers import ONLINE, FakeNetworkPrinter
from tests.monitoring.certificates import Authority

# The chip tests' pcscd with vpcd's virtual reader, and their card on it, shared here.
pcscd_with_vpcd = chip_fixtures.pcscd_with_vpcd
card_on_virtual_reader = chip_fixtures.card_on_virtual_reader

KEYS = {"name", "status", "detail", "action"}
GiB = 2**30
DEMO_CITIZEN = demo_identity()
PERSONAL = (
    DEMO_CITIZEN.full_name,
    DEMO_CITIZEN.id_number,
    DEMO_CITIZEN.date_of_birth.strftime("%d%m%Y"),
    DEMO_CITIZEN.date_of_birth.strftime("%d/%m/%Y"),
)


def selftest(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Check]]:
    """Run ``kiosk selftest --json ARGS``: the exit status and the checks by name, after
    making sure the output is the agreed JSON with nothing personal in it."""
    code = main(["selftest", "--json", *args])
    captured = capsys.readouterr()
    found = json.loads(captured.out)
    assert isinstance(found, list)
    assert [c["name"] for c in found] == list(CHECK_NAMES)
    for check in found:
        assert set(check) == KEYS
        assert check["status"] in ("ok", "warning", "failed")
        assert check["detail"]
        assert check["status"] == "ok" or check["action"], check
    for text in PERSONAL:
        assert text not in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err
    return code, {
        c["name"]: Check(c["name"], CheckStatus(c["status"]), c["detail"], c["action"])
        for c in found
    }


def failed(checks: dict[str, Check]) -> list[str]:
    return [name for name, check in checks.items() if check.status is CheckStatus.FAILED]


# --- the demo ---------------------------------------------------------------------------------
def test_the_demo_passes_on_a_fresh_data_directory(capsys, tmp_path: Path) -> None:
    code, checks = selftest(capsys, "--demo", "--data-dir", str(tmp_path / "fresh"))
    assert code == 0
    assert failed(checks) == []
    assert checks["printer"].status is CheckStatus.OK
    assert checks["outbox"].detail.endswith("intact; 0 waiting, 0 accepted, 0 refused")
    assert "embedded portal simulator" in checks["portal"].detail
    # The demo camera shows the demo citizen's card: read, and described, never shown.
    assert "a citizen ID card's QR code was read (not shown)" in checks["camera"].detail
    assert checks["fonts"].status is CheckStatus.OK
    assert checks["translations"].status is CheckStatus.OK


class Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_the_demo_prints_the_test_page_and_the_camera_reads_it(tmp_path: Path) -> None:
    out, err = io.StringIO(), Terminal()
    settings = load_settings(environ={})
    code = selftest_commands.selftest(
        settings, tmp_path, demo=True, print_test=True, as_json=False, out=out, err=err
    )
    assert code == 0
    table = out.getvalue()
    lines = table.splitlines()
    for name, line in zip(CHECK_NAMES, lines, strict=False):
        assert line.startswith(name)
    assert f"test page drawn to {tmp_path / 'receipts' / 'page.png'}" in table
    assert (tmp_path / "receipts" / "page.png").is_file()
    assert "the test page's QR code was read" in table
    assert "All checks passed" in lines[-1]
    # While it ran, the terminal said which check was under way.
    assert "checking printer…" in err.getvalue()
    assert "checking card reader…" in err.getvalue()


def test_the_simulated_printer_offline_fails_the_printer(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline_printer(*args: Any) -> SimulatedPrinter:
        printer = SimulatedPrinter(tmp_path / "receipts", 576, FONT_DIR)
        printer.set_status(PrinterStatus(PrinterState.DISCONNECTED, "cable pulled"))
        return printer

    monkeypatch.setattr(selftest_checks, "build_printer", offline_printer)
    code, checks = selftest(capsys, "--demo", "--data-dir", str(tmp_path))
    assert code == 1
    assert failed(checks) == ["printer"]
    assert checks["printer"].detail == "the simulated printer does not answer (cable pulled)"
    assert "power and cable" in checks["printer"].action


class NoPicture:
    """A camera whose cable is out: every read comes back empty."""

    def __init__(self) -> None:
        self._closed = threading.Event()

    def read(self) -> None:
        self._closed.wait(0.05)
        return None

    def close(self) -> None:
        self._closed.set()


def test_a_camera_without_frames_fails_the_camera(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selftest_checks, "demo_camera", lambda *_: lambda _target: NoPicture())
    code, checks = selftest(capsys, "--demo", "--data-dir", str(tmp_path))
    assert code == 1
    assert failed(checks) == ["camera"]
    assert checks["camera"].detail.startswith("the simulated camera gives no picture")
    assert "USB cable" in checks["camera"].action


def test_a_nearly_full_disk_fails_the_disk(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        selftest_checks, "disk_usage", lambda _: DiskUsage(32 * GiB, 32 * GiB - 2**27, 2**27)
    )
    code, checks = selftest(capsys, "--demo", "--data-dir", str(tmp_path))
    assert code == 1
    assert failed(checks) == ["disk"]
    assert checks["disk"].detail.startswith("nearly full: 128.0 MiB free of 32.0 GiB (0%)")
    assert "call the operator" in checks["disk"].action


def test_a_disk_filling_up_is_a_warning(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        selftest_checks, "disk_usage", lambda _: DiskUsage(32 * GiB, 27 * GiB, 5 * GiB)
    )
    code, checks = selftest(capsys, "--demo", "--data-dir", str(tmp_path))
    assert code == 0
    assert checks["disk"].status is CheckStatus.WARNING
    assert checks["disk"].detail.startswith("filling up: 5.0 GiB free")


def test_a_corrupt_outbox_fails_the_outbox(capsys, tmp_path: Path) -> None:
    (tmp_path / "outbox.sqlite3").write_bytes(b"this is not an SQLite database " * 200)
    code, checks = selftest(capsys, "--demo", "--data-dir", str(tmp_path))
    assert code == 1
    assert failed(checks) == ["outbox"]
    assert "outbox.sqlite3: the outbox file" in checks["outbox"].detail
    assert "call the operator before deleting anything" in checks["outbox"].action


def test_a_check_that_raises_fails_by_name_without_a_traceback(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_font_dir: Path) -> Check:
        raise RuntimeError("the font folder is a teapot")

    monkeypatch.setattr(selftest_checks, "fonts_check", broken)
    code, checks = selftest(capsys, "--demo", "--data-dir", str(tmp_path))
    assert code == 1
    assert failed(checks) == ["fonts"]
    assert checks["fonts"].detail == (
        "the check could not run (RuntimeError: the font folder is a teapot)"
    )


def test_a_check_that_hangs_fails_at_its_time_limit() -> None:
    release = threading.Event()

    def hangs() -> Check:
        release.wait()
        return Check("printer", CheckStatus.OK, "too late")

    try:
        check = isolated("printer", hangs, 0.05)
    finally:
        release.set()
    assert check.status is CheckStatus.FAILED
    assert check.detail == "no answer within 0.05 s"
    assert "switch the printer off and on" in check.action


def test_a_data_dir_that_is_a_file_is_a_bad_argument(capsys, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    assert main(["selftest", "--data-dir", str(tmp_path / "file")]) == 2
    assert "is not a directory" in capsys.readouterr().err


def test_an_unknown_option_is_a_bad_argument() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["selftest", "--frobnicate"])
    assert exit_.value.code == 2


# --- a kiosk's own parts ----------------------------------------------------------------------
@pytest.fixture(scope="session")
def camera_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A video file of the printed test page held up to the camera (OpenCV opens it as it
    would open /dev/video0)."""
    folder = tmp_path_factory.mktemp("camera")
    blocks = layout_test_page(576, FONT_DIR, datetime(2026, 11, 23, 9, 0), "HN-KIOSK-TEST")
    render_blocks(blocks, 576).save(folder / "page.png")
    frame = cv2.imread(str(page_held_up(folder / "page.png", folder / "frame.png")))
    assert frame is not None
    video = folder / "test-page.avi"
    writer = cv2.VideoWriter(
        str(video), cv2.VideoWriter.fourcc(*"MJPG"), 5, (frame.shape[1], frame.shape[0])
    )
    for _ in range(5):
        writer.write(frame)
    writer.release()
    return video


@dataclass
class Site:
    """A kiosk's parts on this machine, configured through ``KIOSK_…`` as on a kiosk."""

    data_dir: Path
    portal: PortalSimulator
    printer: FakeNetworkPrinter
    monkeypatch: pytest.MonkeyPatch

    @property
    def credential_file(self) -> Path:
        return self.data_dir / "portal-credential.json"

    def set(self, name: str, value: str) -> None:
        self.monkeypatch.setenv(name, value)


@pytest.fixture
def site(
    pcscd_with_vpcd: object,
    camera_video: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Site]:
    portal = PortalSimulator(tmp_path / "portal")  # enrolled kiosks only, as the real one
    url = portal.start()
    printer = FakeNetworkPrinter(ONLINE)
    data_dir = tmp_path / "kiosk"
    client = PortalClient(url)
    enrolled = client.enrol(portal.issue_enrolment_code())
    client.close()
    assert isinstance(enrolled, tuple)
    kiosk_id, credential = enrolled
    save_enrolment(data_dir / "portal-credential.json", Enrolment(kiosk_id, credential, url))
    for name, value in {
        "KIOSK_PORTAL__BASE_URL": url,
        "KIOSK_PRINTER__CONNECTION": "network",
        "KIOSK_PRINTER__TARGET": f"127.0.0.1:{printer.port}",
        "KIOSK_CAMERA__DEVICE": str(camera_video),
        "KIOSK_CARD_READER__NAME_CONTAINS": VIRTUAL_READER,
    }.items():
        monkeypatch.setenv(name, value)
    yield Site(data_dir, portal, printer, monkeypatch)
    printer.close()
    portal.stop()


def test_a_kiosk_with_every_part_present_passes(capsys, site: Site) -> None:
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 0
    assert failed(checks) == []
    assert checks["card_reader"].detail.startswith(f"reader '{VIRTUAL_READER}' ready")
    assert checks["printer"].detail == f"network printer 127.0.0.1:{site.printer.port}: ready"
    assert checks["camera"].detail.endswith("pictures arrive; the test page's QR code was read")
    assert checks["portal"].status is CheckStatus.OK
    assert "this kiosk's credential (" in checks["portal"].detail
    assert site.credential_file.read_text() not in json.dumps([vars(c) for c in checks.values()])
    # Nothing made in the kiosk's data directory: the kiosk makes its outbox as its own user.
    assert checks["outbox"].detail.endswith("the kiosk creates it when it starts")
    assert not (site.data_dir / "outbox.sqlite3").exists()


def test_the_test_page_goes_to_the_network_printer(capsys, site: Site) -> None:
    code, checks = selftest(capsys, "--print", "--data-dir", str(site.data_dir))
    assert code == 0
    assert checks["printer"].detail.startswith(
        f"network printer 127.0.0.1:{site.printer.port}: test page printed"
    )
    assert site.printer.done.wait(5)
    assert b"\x1dV" in bytes(site.printer.received)  # the page ends with a cut


def test_an_id_card_on_the_reader_answers_without_being_read(
    capsys, site: Site, card_on_virtual_reader: Callable[..., object]
) -> None:
    card_on_virtual_reader()  # the demo citizen's card
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 0
    assert checks["card_reader"].status is CheckStatus.OK
    assert "answers as a citizen ID card's chip (nothing was read from it)" in (
        checks["card_reader"].detail
    )


def test_a_card_that_is_not_an_id_card_is_a_warning(
    capsys, site: Site, card_on_virtual_reader: Callable[..., object]
) -> None:
    card_on_virtual_reader(CccdCardSimulator(demo_identity(), emrtd=False))
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 0
    assert checks["card_reader"].status is CheckStatus.WARNING
    assert "is not a citizen ID card" in checks["card_reader"].detail


def test_an_outbox_whose_key_is_gone_fails_and_no_key_is_made(capsys, site: Site) -> None:
    open_outbox(load_settings(), site.data_dir).close()  # the kiosk made its outbox
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 0
    assert "outbox.sqlite3: intact; 0 waiting, 0 accepted, 0 refused" in checks["outbox"].detail
    key = site.data_dir / "outbox.sqlite3.key"
    key.unlink()
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 1
    assert failed(checks) == ["outbox"]
    assert f"its key {key} is missing" in checks["outbox"].detail
    assert "call the operator" in checks["outbox"].action
    assert not key.exists()


def test_a_key_beside_the_outbox_is_a_warning_until_it_is_sealed(capsys, site: Site) -> None:
    open_outbox(load_settings(), site.data_dir).close()
    site.set("KIOSK_CREDSTORE", str(site.data_dir.parent / "credstore"))  # nothing sealed
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 0
    assert checks["outbox"].status is CheckStatus.WARNING
    assert "a thief of the disk could read the queue" in checks["outbox"].detail
    assert f"kiosk outbox seal-key --data-dir {site.data_dir}" in checks["outbox"].action

    # What kiosk.service does once it is sealed: systemd hands the key over, no file.
    credentials = site.data_dir.parent / "credentials"
    credentials.mkdir(mode=0o700)
    key = site.data_dir / "outbox.sqlite3.key"
    (credentials / "outbox-key").write_bytes(key.read_bytes())
    key.unlink()
    site.set("CREDENTIALS_DIRECTORY", str(credentials))
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert checks["outbox"].status is CheckStatus.OK
    assert checks["outbox"].detail.endswith(
        "outbox.sqlite3: intact; 0 waiting, 0 accepted, 0 refused"
    )


def test_a_sealed_key_not_given_to_the_command_is_fine_and_the_file_is_still_checked(
    capsys, site: Site
) -> None:
    open_outbox(load_settings(), site.data_dir).close()
    store = site.data_dir.parent / "credstore"
    store.mkdir()
    (store / "outbox-key").write_bytes(b"sealed by systemd-creds (opaque)")
    site.set("KIOSK_CREDSTORE", str(store))
    key = site.data_dir / "outbox.sqlite3.key"
    key.unlink()  # as `kiosk outbox seal-key` leaves it
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 0
    assert checks["outbox"].status is CheckStatus.OK
    assert f"intact; its key is sealed in {store / 'outbox-key'}" in checks["outbox"].detail
    assert not key.exists()  # no new key made

    (site.data_dir / "outbox.sqlite3").write_bytes(b"this is not an SQLite database " * 200)
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert failed(checks) == ["outbox"]
    assert "the outbox file is damaged" in checks["outbox"].detail


MISSING: dict[str, tuple[Callable[[], tuple[str, str]], str, str]] = {
    # part: (the setting that takes it away, what the detail says, what the action says)
    "printer": (
        lambda: ("KIOSK_PRINTER__TARGET", f"127.0.0.1:{free_port()}"),
        "does not answer (ConnectionRefusedError",
        "check the printer's power and cable",
    ),
    "camera": (
        lambda: ("KIOSK_CAMERA__DEVICE", "/nonexistent/video9"),
        "camera /nonexistent/video9 gives no picture",
        "check the camera's USB cable",
    ),
    "card_reader": (
        lambda: ("KIOSK_CARD_READER__NAME_CONTAINS", "No Such Reader"),
        "pcscd answers but sees no card reader whose name contains 'No Such Reader'",
        "plug the ID-card reader's USB cable back in",
    ),
    "portal": (
        lambda: ("KIOSK_PORTAL__BASE_URL", f"http://127.0.0.1:{free_port()}"),
        "(connection refused)",
        "[portal] base_url must be the portal's address and port",
    ),
}


@pytest.mark.parametrize("part", list(MISSING))
def test_each_part_missing_in_turn_fails_that_check(capsys, site: Site, part: str) -> None:
    setting, detail, action = MISSING[part]
    site.set(*setting())
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 1
    assert failed(checks) == [part]
    assert detail in checks[part].detail
    assert action in checks[part].action


def test_without_pcscd_the_reader_fails_and_says_to_start_it(site: Site, tmp_path: Path) -> None:
    # libpcsclite finds pcscd through this socket; pointing it at nothing hides the service
    # (it reads it once per process, so the command runs in a process of its own).
    env = {**os.environ, "PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk.app.cli",
            "selftest",
            "--json",
            "--data-dir",
            f"{site.data_dir}",
        ],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    checks = {c["name"]: c for c in json.loads(done.stdout)}
    assert [n for n, c in checks.items() if c["status"] == "failed"] == ["card_reader"]
    assert checks["card_reader"]["detail"] == "the smart-card service (pcscd) does not answer"
    assert "sudo systemctl restart pcscd" in checks["card_reader"]["action"]


def test_a_credential_the_portal_refuses_fails_the_portal_and_is_never_shown(
    capsys, site: Site
) -> None:
    secret = "not-the-credential-the-portal-gave"
    save_enrolment(site.credential_file, Enrolment("HN-KIOSK-000123", secret), force=True)
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 1
    assert failed(checks) == ["portal"]
    assert "refused this kiosk's credential (HN-KIOSK-000123: HTTP 401" in checks["portal"].detail
    assert "`kiosk enrol CODE --force`" in checks["portal"].action
    assert secret not in json.dumps([vars(c) for c in checks.values()])


def test_a_kiosk_not_enrolled_is_a_warning_saying_how_to_enrol(capsys, site: Site) -> None:
    site.credential_file.unlink()
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 0
    assert checks["portal"].status is CheckStatus.WARNING
    assert "this kiosk is not enrolled" in checks["portal"].detail
    assert "`kiosk enrol CODE`" in checks["portal"].action
    assert "kiosk provision" in checks["portal"].action


def test_a_damaged_enrolment_file_fails_the_portal(capsys, site: Site) -> None:
    site.credential_file.write_text("{ not json")
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 1
    assert failed(checks) == ["portal"]
    assert "not JSON" in checks["portal"].detail
    assert "--force" in checks["portal"].action


def test_an_enrolled_demo_checks_the_portal_it_enrolled_with(capsys, site: Site) -> None:
    # The demo's embedded simulator would not know this kiosk's credential: the configured
    # portal (the one it enrolled with, as `kiosk provision --demo` leaves it) is checked.
    code, checks = selftest(capsys, "--demo", "--data-dir", str(site.data_dir))
    assert code == 0
    assert checks["portal"].status is CheckStatus.OK
    assert checks["portal"].detail.startswith(f"{site.portal.base_url} answers over plain HTTP")
    assert "this kiosk's credential (HN-KIOSK-" in checks["portal"].detail
    assert checks["printer"].detail == "the simulated printer: ready"


def test_plain_http_to_another_machine_is_refused_before_anything_is_sent(
    capsys, site: Site
) -> None:
    # The configuration itself refuses it (kiosk/settings.py): no command gets that far.
    site.set("KIOSK_PORTAL__BASE_URL", "http://192.0.2.10:8700")
    assert main(["selftest", "--json", "--data-dir", str(site.data_dir)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "portal.base_url" in captured.err and "must be https://" in captured.err


class TlsFront:
    """TLS on 127.0.0.1 in front of the portal simulator (which speaks plain HTTP)."""

    def __init__(self, backend_port: int, cert: Path, key: Path) -> None:
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(cert, key)
        self._backend_port = backend_port
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self._server.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(conn,), daemon=True).start()

    def _relay(self, conn: socket.socket) -> None:
        try:
            client = self._context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            conn.close()  # the kiosk refused our certificate
            return
        backend = socket.create_connection(("127.0.0.1", self._backend_port))

        def pump(source: socket.socket, sink: socket.socket) -> None:
            try:
                while data := source.recv(65536):
                    sink.sendall(data)
            except OSError:
                pass
            finally:
                for sock in (source, sink):
                    sock.close()

        threading.Thread(target=pump, args=(client, backend), daemon=True).start()
        pump(backend, client)

    def close(self) -> None:
        self._server.close()


@pytest.fixture
def tls_portal(site: Site, tmp_path: Path) -> Iterator[tuple[TlsFront, Authority]]:
    authority = Authority(tmp_path, "city-portal-ca")
    issued = authority.issue("portal", server=True)
    port = int(site.portal.base_url.rsplit(":", 1)[1])
    front = TlsFront(port, issued.cert, issued.key)
    site.set("KIOSK_PORTAL__BASE_URL", front.url)
    yield front, authority
    front.close()


def test_the_portal_over_verified_tls_with_this_kiosks_credential_passes(
    capsys, site: Site, tls_portal: tuple[TlsFront, Authority]
) -> None:
    front, authority = tls_portal
    site.set("SSL_CERT_FILE", str(authority.cert))  # the city's CA, trusted here
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 0
    assert checks["portal"].status is CheckStatus.OK
    assert checks["portal"].detail.startswith(f"{front.url} answers over verified TLS")


def test_a_portal_certificate_nobody_vouches_for_fails_the_portal(
    capsys, site: Site, tls_portal: tuple[TlsFront, Authority]
) -> None:
    front, _ = tls_portal
    site.monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    site.monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 1
    assert failed(checks) == ["portal"]
    port = front.url.rsplit(":", 1)[1]
    assert f"the portal's certificate at 127.0.0.1:{port} is not trusted" in (
        checks["portal"].detail
    )
    assert "never turn verification off" in checks["portal"].action


# --- the checks' rules ------------------------------------------------------------------------
def answers(stdout: str, returncode: int = 0) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(args: Any, **_: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args, returncode, stdout, "")

    return run


def no_timedatectl(args: Any, **_: Any) -> subprocess.CompletedProcess[str]:
    raise FileNotFoundError("timedatectl")


def test_whether_the_clock_is_synchronised(tmp_path: Path) -> None:
    nowhere = tmp_path / "no-timesync"
    assert clock_synchronised(answers("yes\n"), nowhere) is True
    assert clock_synchronised(answers("no\n"), nowhere) is False
    # Without systemd, timedatectl fails; systemd-timesyncd's flag file tells instead.
    no_systemd = answers("", returncode=1)
    assert clock_synchronised(no_systemd, nowhere) is None
    assert clock_synchronised(no_timedatectl, nowhere) is None
    timesync = tmp_path / "timesync"
    timesync.mkdir()
    assert clock_synchronised(no_timedatectl, timesync) is False
    (timesync / "synchronized").touch()
    assert clock_synchronised(no_systemd, timesync) is True


@pytest.mark.parametrize(
    ("synchronised", "skew_s", "status", "words"),
    [
        (True, 0.4, CheckStatus.OK, "synchronised (NTP); in step with the portal's clock"),
        (True, None, CheckStatus.OK, "offset from the portal is not known"),
        (True, -30.0, CheckStatus.WARNING, "-30 s against the portal's clock"),
        (True, 125.0, CheckStatus.FAILED, "+125 s against the portal's clock"),
        (False, 0.0, CheckStatus.WARNING, "NOT synchronised (NTP)"),
        (None, 0.0, CheckStatus.WARNING, "cannot tell whether it is synchronised"),
        (None, -3600.0, CheckStatus.FAILED, "-3600 s against"),
    ],
)
def test_the_clock_check(
    synchronised: bool | None, skew_s: float | None, status: CheckStatus, words: str
) -> None:
    check = clock_check(synchronised, skew_s)
    assert check.status is status
    assert words in check.detail
    assert (check.action == "") is (status is CheckStatus.OK)


def test_a_translation_missing_or_older_than_its_source(tmp_path: Path) -> None:
    i18n = PROJECT_ROOT / "ui" / "i18n"
    qm, ts = tmp_path / "kiosk_en.qm", tmp_path / "kiosk_en.ts"
    check = translations_check(qm, ts)
    assert check.status is CheckStatus.FAILED
    assert "the English of the screens is missing" in check.detail
    assert "`make`" in check.action
    qm.write_bytes((i18n / "kiosk_en.qm").read_bytes())
    source = (i18n / "kiosk_en.ts").read_text(encoding="utf-8")
    ts.write_text(source, encoding="utf-8")
    assert translations_check(qm, ts).status is CheckStatus.OK
    ts.write_text(source.replace("<translation>Please", "<translation>Kindly", 1), "utf-8")
    check = translations_check(qm, ts)
    assert check.status is CheckStatus.WARNING
    assert "kiosk_en.qm is older than kiosk_en.ts: 1 of" in check.detail
    qm.write_bytes(b"not a translation")
    assert translations_check(qm, ts).status is CheckStatus.FAILED


def test_fonts_missing_or_damaged_fail(tmp_path: Path) -> None:
    assert fonts_check(FONT_DIR).status is CheckStatus.OK
    check = fonts_check(tmp_path)
    assert check.status is CheckStatus.FAILED
    assert "NotoSans-Regular.ttf is missing" in check.detail
    (tmp_path / "NotoSans-Regular.ttf").write_bytes(b"not a font")
    (tmp_path / "NotoSans-Bold.ttf").write_bytes((FONT_DIR / "NotoSans-Bold.ttf").read_bytes())
    check = fonts_check(tmp_path)
    assert check.status is CheckStatus.FAILED
    assert "NotoSans-Regular.ttf does not load" in check.detail
    assert "NotoSans-Bold" not in check.detail


def test_a_trusted_portal_whose_key_is_not_pinned_fails_the_portal_and_says_what_to_do(
    capsys, site: Site, tls_portal: tuple[TlsFront, Authority], tmp_path: Path
) -> None:
    _, authority = tls_portal
    site.set("SSL_CERT_FILE", str(authority.cert))  # trusted by the CA store...
    other_key = authority.issue("backup-portal", server=True)
    site.set("KIOSK_PORTAL__PINS", pins_of_pem(other_key.cert.read_bytes())[0])  # ...not pinned
    code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    assert code == 1
    assert failed(checks) == ["portal"]
    assert "whose key is not one of [portal] pins: nothing is sent to it" in checks["portal"].detail
    assert "kiosk portal-pin" in checks["portal"].action


def test_a_portal_certificate_refused_for_its_dates_fails_the_clock_check_too(
    capsys, site: Site, tmp_path: Path
) -> None:
    # A kiosk whose clock runs days ahead sees a certificate issued today as expired...
    authority = Authority(tmp_path, "city-portal-ca")
    expired = authority.issue("portal", server=True, starts_in=timedelta(days=-3))
    front = TlsFront(int(site.portal.base_url.rsplit(":", 1)[1]), expired.cert, expired.key)
    site.set("KIOSK_PORTAL__BASE_URL", front.url)
    site.set("KIOSK_PORTAL__CA_FILE", str(authority.cert))
    try:
        code, checks = selftest(capsys, "--data-dir", str(site.data_dir))
    finally:
        front.close()
    assert code == 1
    # ...and the self-test says so where the technician will look: at the clock.
    assert checks["clock"].status is CheckStatus.FAILED
    assert "refused as expired: most likely this clock is wrong" in checks["clock"].detail
    assert "certificate has expired" in checks["portal"].detail
