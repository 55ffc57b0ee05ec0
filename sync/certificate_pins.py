"""Certificate pinning for the portal: the TLS connection is refused unless the portal's
certificate carries one of the public keys the city announced, checked after the handshake
and before a single byte of a request is sent.

A pin is ``sha256/`` and the base64 SHA-256 of the certificate's SubjectPublicKeyInfo (the
form of RFC 7469 and of ``openssl x509 -pubkey | openssl pkey -pubin -outform der |
openssl dgst -sha256 -binary | base64``). Pinning the key rather than the certificate lets
the city renew the certificate with the same key; a second pin for a backup key lets it
change keys without stranding the fleet. Python 3.11 gives the leaf certificate only, so the
pin is on the portal's own key, never on a CA's.

Verification by the CA store (or ``[portal] ca_file``) still happens first: a pin narrows
trust, it never replaces it. httpx offers no hook between the handshake and the request, so
the check lives in a network backend of our own under httpx's transport.
"""

from __future__ import annotations

import base64
import hashlib
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PIN_PREFIX = "sha256/"


class CertificatePinMismatch(httpcore.ConnectError):
    """The portal's certificate is valid but carries none of the pinned keys."""


def spki_pin(certificate_der: bytes) -> str:
    """The pin (``sha256/…``) of a DER certificate's public key."""
    certificate = x509.load_der_x509_certificate(certificate_der)
    spki = certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return PIN_PREFIX + base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def pins_of_pem(pem: bytes) -> list[str]:
    """The pin of every certificate in a PEM file (a chain gives one per certificate).

    Raises ``ValueError`` when the file holds no certificate."""
    certificates = x509.load_pem_x509_certificates(pem)
    return [spki_pin(c.public_bytes(Encoding.DER)) for c in certificates]


class _PinnedStream(httpcore.NetworkStream):
    """A TCP stream whose TLS upgrade is kept only if the peer's key is pinned."""

    def __init__(self, inner: httpcore.NetworkStream, pins: frozenset[str]) -> None:
        self._inner = inner
        self._pins = pins

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        secured = self._inner.start_tls(ssl_context, server_hostname, timeout)
        ssl_object = secured.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(True) if ssl_object is not None else None
        if not der or spki_pin(der) not in self._pins:
            secured.close()
            raise CertificatePinMismatch(
                "the portal's certificate carries none of the keys in [portal] pins"
            )
        return secured


class _PinnedBackend(httpcore.NetworkBackend):
    def __init__(self, pins: frozenset[str]) -> None:
        self._inner = httpcore.SyncBackend()
        self._pins = pins

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _PinnedStream(stream, self._pins)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(path, timeout, socket_options)
        return _PinnedStream(stream, self._pins)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def pinned_transport(ssl_context: ssl.SSLContext, pins: Iterable[str]) -> httpx.HTTPTransport:
    """httpx's own transport, its connections opened through the pin check.

    No proxy: a proxy in the environment would be a second party in the path, and the kiosk
    talks to the portal directly. (Replaces the transport's connection pool, an attribute
    httpx 0.28 keeps private; ``tests/sync/test_certificate_pins.py`` fails if that changes.)
    """
    transport = httpx.HTTPTransport(verify=ssl_context, trust_env=False)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context, network_backend=_PinnedBackend(frozenset(pins))
    )
    return transport
