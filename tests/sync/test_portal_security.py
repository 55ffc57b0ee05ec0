"""Residents' data reaches the portal only over verified TLS (plain HTTP to this machine
alone, for the demo), with the city's own CA when one is configured."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app.parts import portal_client
from kiosk.settings import SettingsError, load_settings
from sync.portal_client import InsecurePortalError, PortalClient, RetryLater
from sync.portal_simulator import PortalSimulator
from tests.app.test_selftest import TlsFront
from tests.monitoring.certificates import Authority


@pytest.mark.parametrize(
    "url", ["http://192.0.2.10:8700", "http://portal.hanoi.example", "http://[2001:db8::1]/"]
)
def test_plain_http_to_another_machine_is_refused_by_the_configuration(url: str) -> None:
    with pytest.raises(SettingsError, match=r"portal\.base_url.*must be https://"):
        load_settings(environ={"KIOSK_PORTAL__BASE_URL": url})


@pytest.mark.parametrize(
    "url", ["https://portal.hanoi.example", "http://127.0.0.1:8700", "http://localhost:1/"]
)
def test_https_and_this_machine_are_accepted(url: str) -> None:
    assert load_settings(environ={"KIOSK_PORTAL__BASE_URL": url}).portal.base_url == url


def test_the_client_itself_refuses_plain_http_to_another_machine() -> None:
    # Defence in depth: `kiosk enrol --portal URL` and provisioning build clients from a URL
    # given on the command line, not from the configuration.
    with pytest.raises(InsecurePortalError, match="not HTTPS"):
        PortalClient("http://192.0.2.10:8700")


@pytest.fixture
def city_tls_portal(tmp_path: Path) -> Iterator[tuple[str, Authority]]:
    """The portal simulator behind TLS with a certificate of the city's own CA."""
    authority = Authority(tmp_path, "city-portal-ca")
    issued = authority.issue("portal", server=True)
    with PortalSimulator(tmp_path / "portal", allow_unenrolled=True) as simulator:
        port = int(simulator.base_url.rsplit(":", 1)[1])
        front = TlsFront(port, issued.cert, issued.key)
        yield front.url, authority
        front.close()


def test_the_citys_own_ca_is_trusted_when_configured(
    city_tls_portal: tuple[str, Authority], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, authority = city_tls_portal
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    untrusted = PortalClient(url, timeout_s=5)
    assert isinstance(untrusted.catalogue(), RetryLater)

    settings = load_settings(
        environ={"KIOSK_PORTAL__BASE_URL": url, "KIOSK_PORTAL__CA_FILE": str(authority.cert)}
    )
    trusted = portal_client(settings, tmp_path, url)
    assert not isinstance(trusted.catalogue(), RetryLater)
