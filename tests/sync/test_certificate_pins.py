"""Certificate pinning: with ``[portal] pins`` set, the kiosk sends nothing, not one byte of a
request, to a portal whose certificate carries another key, even one its CA store trusts; a
refused certificate says why in the operator's words (a wrong clock shows as "not yet valid")."""

from __future__ import annotations

import base64
import json
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.app.parts import portal_client
from kiosk.health import SyncErrorKind
from kiosk.settings import SettingsError, load_settings
from sync.certificate_pins import pins_of_pem
from sync.portal_client import InsecurePortalError, PortalClient, RetryLater
from tests.monitoring.certificates import Authority, Issued

PROJECT = Path(__file__).resolve().parents[2]
KIOSK = Path(sys.executable).with_name("kiosk")
SUBMISSION = '{"procedure": "tam_tru", "answers": {"ho_ten": "Nguyễn Văn An"}}'


@dataclass
class RecordingTlsServer:
    """A TLS server on 127.0.0.1 that keeps every byte a client sends after the handshake
    and answers each request with an empty 503 (so the client treats it as passing)."""

    issued: Issued
    received: bytearray = field(default_factory=bytearray)
    handshakes: int = 0

    def __post_init__(self) -> None:
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(self.issued.cert, self.issued.key)
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self._server.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            try:
                tls = self._context.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                conn.close()
                continue
            self.handshakes += 1
            tls.settimeout(5)
            try:
                while data := tls.recv(65536):
                    self.received.extend(data)
                    if self._request_complete():
                        tls.sendall(b"HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n")
                        break
            except OSError:
                pass
            tls.close()

    def _request_complete(self) -> bool:
        head, separator, body = bytes(self.received).partition(b"\r\n\r\n")
        if not separator:
            return False
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                return len(body) >= int(value)
        return True

    def close(self) -> None:
        self._server.close()


@pytest.fixture
def city(tmp_path: Path) -> Authority:
    return Authority(tmp_path, "city-portal-ca")


@pytest.fixture
def portal(city: Authority) -> Iterator[RecordingTlsServer]:
    server = RecordingTlsServer(city.issue("portal", server=True))
    yield server
    server.close()


def client_for(url: str, city: Authority, pins: list[str]) -> PortalClient:
    return PortalClient(url, timeout_s=5, ca_file=city.cert, pins=pins)


def test_the_pin_is_the_sha256_of_the_public_key_as_openssl_computes_it(city: Authority) -> None:
    issued = city.issue("portal", server=True)
    pubkey = subprocess.run(
        ["openssl", "x509", "-in", str(issued.cert), "-pubkey", "-noout"],
        capture_output=True,
        check=True,
    ).stdout
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-outform", "der"], input=pubkey, capture_output=True
    ).stdout
    digest = subprocess.run(
        ["openssl", "dgst", "-sha256", "-binary"], input=der, capture_output=True
    ).stdout
    assert pins_of_pem(issued.cert.read_bytes()) == ["sha256/" + base64.b64encode(digest).decode()]


def test_a_pinned_key_lets_the_submission_through(
    portal: RecordingTlsServer, city: Authority
) -> None:
    pin = pins_of_pem(portal.issued.cert.read_bytes())[0]
    client = client_for(portal.url, city, [pin])
    outcome = client.submit("01JTESTPINNED0000000000000", SUBMISSION)
    client.close()
    assert isinstance(outcome, RetryLater) and outcome.kind is SyncErrorKind.SERVER
    assert portal.received.startswith(b"POST /api/v1/submissions")
    assert portal.received.endswith(SUBMISSION.encode())


def test_a_trusted_certificate_with_another_key_gets_not_one_byte(
    portal: RecordingTlsServer, city: Authority, tmp_path: Path
) -> None:
    # The same city CA signs both keys: the CA store alone would trust the portal.
    other = pins_of_pem(city.issue("backup", server=True).cert.read_bytes())[0]
    unpinned = client_for(portal.url, city, [])
    assert isinstance(unpinned.catalogue(), RetryLater)  # the 503: it did get through
    unpinned.close()
    assert portal.received
    portal.received.clear()
    handshakes = portal.handshakes

    client = client_for(portal.url, city, [other])
    outcome = client.submit("01JTESTPINNED0000000000000", SUBMISSION)
    client.close()

    assert isinstance(outcome, RetryLater)
    assert outcome.reason == "TLS: the portal's key is not one of [portal] pins"
    # It did connect (the server's side of the handshake may finish after the client's)...
    deadline = time.monotonic() + 5
    while portal.handshakes == handshakes and time.monotonic() < deadline:
        time.sleep(0.01)
    assert portal.handshakes > handshakes
    time.sleep(0.2)  # ...and then sent nothing, not even late (no timing is asserted)
    assert bytes(portal.received) == b""


def test_any_of_several_pins_will_do(portal: RecordingTlsServer, city: Authority) -> None:
    backup = pins_of_pem(city.issue("backup", server=True).cert.read_bytes())[0]
    current = pins_of_pem(portal.issued.cert.read_bytes())[0]
    client = client_for(portal.url, city, [backup, current])
    client.catalogue()
    client.close()
    assert portal.received.startswith(b"GET /api/v1/catalogue")


def test_a_certificate_not_yet_valid_says_so_which_points_at_the_kiosks_clock(
    city: Authority,
) -> None:
    # What a kiosk whose clock is a month behind sees of a certificate issued today.
    server = RecordingTlsServer(city.issue("future", server=True, starts_in=timedelta(days=30)))
    client = client_for(server.url, city, [])
    outcome = client.catalogue()
    client.close()
    server.close()
    assert isinstance(outcome, RetryLater)
    assert (
        outcome.reason == "TLS: the portal's certificate was refused (certificate is not yet "
        "valid): check this kiosk's clock (timedatectl status)"
    )
    assert bytes(server.received) == b""


def test_pins_come_from_the_configuration_and_reach_the_client(
    portal: RecordingTlsServer, city: Authority, tmp_path: Path
) -> None:
    other = pins_of_pem(city.issue("backup", server=True).cert.read_bytes())[0]
    settings = load_settings(
        environ={
            "KIOSK_PORTAL__BASE_URL": portal.url,
            "KIOSK_PORTAL__CA_FILE": str(city.cert),
            "KIOSK_PORTAL__PINS": other,
        }
    )
    assert settings.portal.pins == [other]
    client = portal_client(settings, tmp_path, portal.url)
    outcome = client.catalogue()
    client.close()
    assert isinstance(outcome, RetryLater) and "pins" in outcome.reason
    assert bytes(portal.received) == b""


def test_several_pins_from_the_environment_are_split_on_commas() -> None:
    pins = ["sha256/" + "A" * 43 + "=", "sha256/" + "B" * 43 + "="]
    settings = load_settings(
        environ={
            "KIOSK_PORTAL__BASE_URL": "https://portal.example",
            "KIOSK_PORTAL__PINS": ",".join(pins),
        }
    )
    assert settings.portal.pins == pins


@pytest.mark.parametrize(
    "pin", ["sha256/short=", "sha1/" + "A" * 43 + "=", "A" * 44, "sha256/" + "!" * 43 + "="]
)
def test_a_malformed_pin_is_refused_with_what_a_pin_looks_like(pin: str) -> None:
    with pytest.raises(SettingsError, match=r"portal\.pins.*kiosk portal-pin"):
        load_settings(
            environ={"KIOSK_PORTAL__BASE_URL": "https://portal.example", "KIOSK_PORTAL__PINS": pin}
        )


def test_pins_with_plain_http_are_refused() -> None:
    pin = "sha256/" + "A" * 43 + "="
    with pytest.raises(SettingsError, match="pins are set but base_url is not https"):
        load_settings(
            environ={"KIOSK_PORTAL__BASE_URL": "http://127.0.0.1:8700", "KIOSK_PORTAL__PINS": pin}
        )
    with pytest.raises(InsecurePortalError, match="pins"):
        PortalClient("http://127.0.0.1:8700", pins=[pin])


def test_kiosk_portal_pin_prints_the_pin_of_each_certificate(
    city: Authority, tmp_path: Path
) -> None:
    one = city.issue("portal", server=True)
    two = city.issue("backup", server=True)
    chain = tmp_path / "chain.pem"
    chain.write_bytes(one.cert.read_bytes() + two.cert.read_bytes())
    expected = pins_of_pem(one.cert.read_bytes()) + pins_of_pem(two.cert.read_bytes())

    machine = subprocess.run(
        [str(KIOSK), "portal-pin", str(chain), "--json"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert machine.returncode == 0, machine.stderr
    assert json.loads(machine.stdout) == {"certificate": str(chain), "pins": expected}

    people = subprocess.run(
        [str(KIOSK), "portal-pin", str(one.cert)], capture_output=True, text=True, cwd=PROJECT
    )
    assert people.returncode == 0
    assert f"certificate 1: {expected[0]}" in people.stdout
    assert "[portal] pins" in people.stdout


@pytest.mark.parametrize("content", [None, b"not a certificate\n"])
def test_kiosk_portal_pin_on_a_missing_or_wrong_file_says_so_in_one_line(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "portal.pem"
    if content is not None:
        path.write_bytes(content)
    result = subprocess.run(
        [str(KIOSK), "portal-pin", str(path)], capture_output=True, text=True, cwd=PROJECT
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(path) in result.stderr
