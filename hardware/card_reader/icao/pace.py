"""PACE: Password Authenticated Connection Establishment (ICAO Doc 9303 Part 11 §4.4), the
terminal's side.

What a CCCD chip is reported to offer, and what is implemented here: Generic Mapping with
ECDH and AES secure messaging (the PACEInfos of :mod:`.card_access`, on the curves of
:mod:`.curves`), with the CAN (the last 6 digits of the ID number) or the MRZ information as
the password. The steps, all in the master file before the eMRTD application is selected:

1. MSE:Set AT names the protocol, the password (``83``: 1 MRZ, 2 CAN) and the domain
   parameters; then four GENERAL AUTHENTICATE commands, each a dynamic authentication data
   object ``7C``:
2. the chip sends the nonce ``s`` encrypted with K_π = KDF(π, 3) (``80``);
3. both sides send an ephemeral mapping key (``81``/``82``); with H the shared point, the
   mapped generator is G' = s·G + H;
4. both sides send an ephemeral key on G' (``83``/``84``); the shared secret K is the
   x-coordinate of the product; KS_enc = KDF(K, 1), KS_mac = KDF(K, 2);
5. both sides send a token (``85``/``86``): the CMAC under KS_mac of the *other* side's key
   as a public key data object ``7F49 { 06 OID, 86 point }``.

Secure messaging then starts with AES and a zero send sequence counter
(:class:`~hardware.card_reader.icao.secure_messaging.AesSecureMessaging`).

:class:`PaceTerminal` is the kiosk's side; the card's side is the simulator's
(``hardware.simulators.card``), built on the same functions here. Both take their ephemeral
secrets from an optional iterator so that the tests can replay the worked example of Part 11
Appendix G exactly.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hardware.card_reader.icao.card_access import PaceInfo
from hardware.card_reader.icao.ciphers import aes_cmac, aes_decrypt
from hardware.card_reader.icao.curves import (
    Curve,
    Point,
    decode_point,
    encode_point,
    generator_multiple,
    map_generator,
    random_scalar,
    scalar_multiply,
    shared_secret,
)
from hardware.card_reader.icao.errors import IcaoError, PaceError, SecureMessagingError
from hardware.card_reader.icao.secure_messaging import AesSecureMessaging
from hardware.card_reader.icao.tlv import ber_length, oid_bytes, parse_tlvs, tlv

PASSWORD_MRZ = 1
PASSWORD_CAN = 2
KDF_ENC = 1
KDF_MAC = 2
KDF_PI = 3
NONCE_LENGTH = 16  # one AES block

SW_OK = b"\x90\x00"
TAG_DYNAMIC_AUTH = 0x7C
TAG_ENCRYPTED_NONCE = 0x80
TAG_MAP_TERMINAL = 0x81
TAG_MAP_CHIP = 0x82
TAG_KEY_TERMINAL = 0x83
TAG_KEY_CHIP = 0x84
TAG_TOKEN_TERMINAL = 0x85
TAG_TOKEN_CHIP = 0x86


# --- Keys, passwords and tokens ----------------------------------------------------------


def kdf(secret: bytes, counter: int, key_length: int) -> bytes:
    """Part 11 §9.7.1: SHA-1 (AES-128) or SHA-256 (AES-192/256) over secret || counter."""
    data = secret + counter.to_bytes(4, "big")
    if key_length == 16:
        return hashlib.sha1(data).digest()[:16]
    if key_length in (24, 32):
        return hashlib.sha256(data).digest()[:key_length]
    raise PaceError("PACE keys have 16, 24 or 32 bytes")


def can_password(can: str) -> bytes:
    """π for a CAN: the digits themselves, as ASCII."""
    if not can.isascii() or not can.isdigit():
        raise PaceError("a CAN is digits")
    return can.encode("ascii")


def mrz_password(mrz_information: str) -> bytes:
    """π for the MRZ: SHA-1 of the MRZ information (number, birth, expiry with checks)."""
    return hashlib.sha1(mrz_information.encode("ascii")).digest()


def public_key_object(oid: str, point: bytes) -> bytes:
    """The public key data object the tokens cover: ``7F49 { 06 OID, 86 point }``."""
    inner = tlv(0x06, oid_bytes(oid)) + tlv(0x86, point)
    return b"\x7f\x49" + ber_length(len(inner)) + inner


def authentication_token(ks_mac: bytes, oid: str, point: bytes) -> bytes:
    """T = CMAC(KS_mac, public key data object of the other side's key), 8 bytes."""
    return aes_cmac(ks_mac, public_key_object(oid, point))


def ephemeral_private(curve: Curve, source: Iterator[int] | None) -> int:
    """The next private scalar of ``source`` (tests), or a fresh one; in [1, n-1]."""
    if source is None:
        return random_scalar(curve)
    private = next(source)
    if not 0 < private < curve.n:
        raise PaceError("a private scalar is out of range")
    return private


def ephemeral_key(curve: Curve, private: int, generator: Point | None = None) -> bytes:
    """The encoded public key private·G, or private·G' on a mapped generator G'."""
    if generator is None:
        public = generator_multiple(curve, private)
    else:
        public = scalar_multiply(curve, private, generator)
    if public is None:
        raise PaceError("the ephemeral key is the point at infinity")
    return encode_point(curve, public)


def mapped_generator(curve: Curve, nonce: int, map_private: int, other_map_key: bytes) -> Point:
    """G' = s·G + H, with H = map_private · (the other side's mapping key)."""
    shared = scalar_multiply(curve, map_private, decode_point(curve, other_map_key))
    if shared is None:
        raise PaceError("the mapping gave the point at infinity")
    return map_generator(curve, nonce, shared)


# --- APDUs -------------------------------------------------------------------------------


def mse_set_at_apdu(info: PaceInfo, password_ref: int) -> bytes:
    """MSE:Set AT for PACE: protocol (80), password (83), domain parameters (84)."""
    data = tlv(0x80, oid_bytes(info.protocol)) + tlv(0x83, bytes([password_ref]))
    if info.parameter_id is not None:
        data += tlv(0x84, bytes([info.parameter_id]))
    return b"\x00\x22\xc1\xa4" + bytes([len(data)]) + data


def general_authenticate_apdu(tag: int | None, value: bytes, *, last: bool) -> bytes:
    """GENERAL AUTHENTICATE with ``7C { tag value }`` (``7C 00`` if tag is None).

    Every step but the last is chained (CLA ``10``), as Part 11 §4.4.4 says.
    """
    inner = tlv(tag, value) if tag is not None else b""
    data = tlv(TAG_DYNAMIC_AUTH, inner)
    return bytes([0x00 if last else 0x10, 0x86, 0x00, 0x00, len(data)]) + data + b"\x00"


def dynamic_auth_object(data: bytes, tag: int) -> bytes:
    """The value of ``tag`` inside ``7C { … }``; anything else raises PaceError."""
    try:
        outer = parse_tlvs(data)
        if len(outer) != 1 or outer[0][0] != TAG_DYNAMIC_AUTH:
            raise PaceError("not a dynamic authentication data object")
        inner = dict(parse_tlvs(outer[0][1]))
    except SecureMessagingError as error:
        raise PaceError(f"malformed dynamic authentication data: {error}") from error
    value = inner.get(tag)
    if value is None:
        raise PaceError(f"dynamic authentication data lacks tag {tag:02X}")
    return value


# --- The terminal's side -----------------------------------------------------------------


@dataclass(frozen=True)
class PaceSession:
    """What a completed PACE leaves: the session keys, for AES secure messaging."""

    protocol: str
    ks_enc: bytes
    ks_mac: bytes

    def secure_messaging(self) -> AesSecureMessaging:
        """Secure messaging with these keys and SSC = 0."""
        return AesSecureMessaging(self.ks_enc, self.ks_mac)


class PaceTerminal:
    """The kiosk's half of PACE for one supported PACEInfo and one password.

    ``password`` is π (see :func:`can_password`, :func:`mrz_password`); ``password_ref`` is
    :data:`PASSWORD_CAN` or :data:`PASSWORD_MRZ`. ``private_keys`` (tests only) supplies the
    mapping and the key-agreement private scalars in that order instead of fresh ones.
    """

    def __init__(
        self,
        info: PaceInfo,
        password: bytes,
        password_ref: int,
        *,
        private_keys: Iterator[int] | None = None,
    ) -> None:
        if not info.supported:
            raise PaceError("the PACE protocol or its domain parameters are not supported")
        self.info = info
        self.curve = info.curve
        self.password = password
        self.password_ref = password_ref
        self.private_keys = private_keys
        self.step = "MSE:Set AT"

    def run(self, send: Callable[[bytes], bytes]) -> PaceSession:
        """Run the five commands through ``send`` (command APDU → data + SW).

        A refusal or a wrong answer raises :class:`PaceError` naming the step in
        ``self.step``; ``send`` may raise anything of its own (card pulled), which passes.
        """
        try:
            return self._run(send)
        except PaceError:
            raise
        except (IcaoError, ValueError) as error:
            raise PaceError(f"{self.step}: {error}") from error

    def _run(self, send: Callable[[bytes], bytes]) -> PaceSession:
        curve = self.curve
        oid = self.info.protocol
        key_length = self.info.key_length
        self._expect_ok(send(mse_set_at_apdu(self.info, self.password_ref)))

        self.step = "encrypted nonce"
        answer = self._expect_ok(send(general_authenticate_apdu(None, b"", last=False)))
        encrypted = dynamic_auth_object(answer, TAG_ENCRYPTED_NONCE)
        if len(encrypted) != NONCE_LENGTH:
            raise PaceError("the encrypted nonce is not one AES block")
        k_pi = kdf(self.password, KDF_PI, key_length)
        nonce = int.from_bytes(aes_decrypt(k_pi, encrypted), "big")

        self.step = "map nonce"
        map_private = ephemeral_private(curve, self.private_keys)
        map_public = ephemeral_key(curve, map_private)
        answer = self._expect_ok(
            send(general_authenticate_apdu(TAG_MAP_TERMINAL, map_public, last=False))
        )
        chip_map_public = dynamic_auth_object(answer, TAG_MAP_CHIP)
        generator = mapped_generator(curve, nonce, map_private, chip_map_public)

        self.step = "key agreement"
        private = ephemeral_private(curve, self.private_keys)
        public = ephemeral_key(curve, private, generator)
        answer = self._expect_ok(
            send(general_authenticate_apdu(TAG_KEY_TERMINAL, public, last=False))
        )
        chip_public = dynamic_auth_object(answer, TAG_KEY_CHIP)
        chip_point = decode_point(curve, chip_public)
        if hmac.compare_digest(chip_public, public):
            raise PaceError("the chip sent back the terminal's own key")
        secret = shared_secret(curve, private, chip_point)
        ks_enc = kdf(secret, KDF_ENC, key_length)
        ks_mac = kdf(secret, KDF_MAC, key_length)

        self.step = "mutual authentication"
        token = authentication_token(ks_mac, oid, chip_public)
        answer = self._expect_ok(
            send(general_authenticate_apdu(TAG_TOKEN_TERMINAL, token, last=True))
        )
        chip_token = dynamic_auth_object(answer, TAG_TOKEN_CHIP)
        if not hmac.compare_digest(chip_token, authentication_token(ks_mac, oid, public)):
            raise PaceError("the chip's authentication token does not verify")
        self.step = "done"
        return PaceSession(oid, ks_enc, ks_mac)

    def _expect_ok(self, response: bytes) -> bytes:
        if len(response) < 2:
            raise PaceError(f"{self.step}: a response without status word")
        if response[-2:] != SW_OK:
            raise PaceError(f"{self.step}: refused with {response[-2:].hex().upper()}")
        return response[:-2]
