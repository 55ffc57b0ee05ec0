"""PACE: Password Authenticated Connection Establishment (ICAO Doc 9303 Part 11 §4.4).

What a CCCD chip is reported to offer, and what is implemented here: Generic Mapping with
ECDH, AES secure messaging (``id-PACE-ECDH-GM-AES-CBC-CMAC-128``, and the 192/256-bit
variants), on brainpoolP256r1 (parameter id 13) or NIST P-256 (12), with the CAN (the last
6 digits of the ID number) or the MRZ information as the password. The steps, all in the
master file before the eMRTD application is selected:

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
(:class:`hardware.icao.AesSecureMessaging`).

:class:`PaceTerminal` is the kiosk's side and :class:`PaceChip` the card's side (used by the
simulator). Both take their ephemeral secrets from an optional iterator so that the tests can
replay the worked example of Part 11 Appendix G exactly.

``cryptography`` does the AES, the CMAC, the generator multiplications, the point
validation and the final ECDH; it has no API for points on a *mapped* generator, so the two
multiplications by a point that is not the curve's generator (H = d·P and d·G') use the
small Montgomery ladder below. That is plain Python, not constant-time; it only ever handles
ephemeral, single-use scalars (about 9 ms of CPU per PACE on brainpoolP256r1 here).

EF.CardAccess (file ``011C``, readable without access control) carries ``SecurityInfos``:
:func:`parse_card_access` reads its ``PACEInfo`` entries with asn1crypto and raises
:class:`CardAccessError`, and only that, for anything it cannot read.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from asn1crypto import core
from cryptography.hazmat.primitives.asymmetric import ec

from hardware.icao import (
    AesSecureMessaging,
    IcaoError,
    SecureMessagingError,
    aes_cmac,
    aes_decrypt,
    aes_encrypt,
    ber_length,
    parse_tlvs,
    tlv,
)

ID_PACE = "0.4.0.127.0.7.2.2.4"
ID_PACE_ECDH_GM_AES_CBC_CMAC_128 = "0.4.0.127.0.7.2.2.4.2.2"
ID_PACE_ECDH_GM_AES_CBC_CMAC_192 = "0.4.0.127.0.7.2.2.4.2.3"
ID_PACE_ECDH_GM_AES_CBC_CMAC_256 = "0.4.0.127.0.7.2.2.4.2.4"
PACE_VERSION = 2
PARAM_NIST_P256 = 12
PARAM_BRAINPOOL_P256R1 = 13
PASSWORD_MRZ = 1
PASSWORD_CAN = 2
KDF_ENC = 1
KDF_MAC = 2
KDF_PI = 3
NONCE_LENGTH = 16  # one AES block
# The protocols implemented here and their key lengths in bytes.
PROTOCOL_KEY_LENGTHS = {
    ID_PACE_ECDH_GM_AES_CBC_CMAC_128: 16,
    ID_PACE_ECDH_GM_AES_CBC_CMAC_192: 24,
    ID_PACE_ECDH_GM_AES_CBC_CMAC_256: 32,
}

SW_OK = b"\x90\x00"
TAG_DYNAMIC_AUTH = 0x7C
TAG_ENCRYPTED_NONCE = 0x80
TAG_MAP_TERMINAL = 0x81
TAG_MAP_CHIP = 0x82
TAG_KEY_TERMINAL = 0x83
TAG_KEY_CHIP = 0x84
TAG_TOKEN_TERMINAL = 0x85
TAG_TOKEN_CHIP = 0x86


class PaceError(IcaoError):
    """A PACE step was refused or answered wrongly: no session was established."""


class CardAccessError(IcaoError):
    """EF.CardAccess is not SecurityInfos, or a PACEInfo in it is malformed."""


class _TokenMismatchError(PaceError):
    """The chip's side: the terminal's token is wrong (it does not know the password)."""


# --- Elliptic curves ---------------------------------------------------------------------


@dataclass(frozen=True)
class Curve:
    """Short Weierstrass domain parameters y² = x³ + ax + b over GF(p), with cofactor 1."""

    name: str
    p: int
    a: int
    b: int
    n: int
    gx: int
    gy: int
    crypto: ec.EllipticCurve

    @property
    def size(self) -> int:
        """Bytes per coordinate."""
        return (self.p.bit_length() + 7) // 8

    @property
    def generator(self) -> Point:
        """G, affine."""
        return (self.gx, self.gy)

    def contains(self, point: Point) -> bool:
        """True if ``point`` satisfies the curve equation (coordinates reduced)."""
        x, y = point
        if not (0 <= x < self.p and 0 <= y < self.p):
            return False
        return (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0


Point = tuple[int, int]
_Jacobian = tuple[int, int, int]

# RFC 5639 §3.4 (brainpoolP256r1) and SEC 2 §2.4.2 / FIPS 186-4 D.1.2.3 (P-256). The tests
# check that cryptography's generator lies on each curve and has order n.
CURVES: dict[int, Curve] = {
    PARAM_BRAINPOOL_P256R1: Curve(
        name="brainpoolP256r1",
        p=0xA9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377,
        a=0x7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9,
        b=0x26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6,
        n=0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7,
        gx=0x8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262,
        gy=0x547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997,
        crypto=ec.BrainpoolP256R1(),
    ),
    PARAM_NIST_P256: Curve(
        name="secp256r1",
        p=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
        a=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC,
        b=0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
        n=0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
        gx=0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
        gy=0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
        crypto=ec.SECP256R1(),
    ),
}


def _double(curve: Curve, point: _Jacobian) -> _Jacobian:
    x1, y1, z1 = point
    p = curve.p
    if z1 == 0 or y1 == 0:
        return (1, 1, 0)
    yy = y1 * y1 % p
    s = 4 * x1 * yy % p
    zz = z1 * z1 % p
    m = (3 * x1 * x1 + curve.a * zz * zz) % p
    x3 = (m * m - 2 * s) % p
    y3 = (m * (s - x3) - 8 * yy * yy) % p
    z3 = 2 * y1 * z1 % p
    return (x3, y3, z3)


def _add(curve: Curve, one: _Jacobian, two: _Jacobian) -> _Jacobian:
    x1, y1, z1 = one
    x2, y2, z2 = two
    if z1 == 0:
        return two
    if z2 == 0:
        return one
    p = curve.p
    z1z1 = z1 * z1 % p
    z2z2 = z2 * z2 % p
    u1 = x1 * z2z2 % p
    u2 = x2 * z1z1 % p
    s1 = y1 * z2 * z2z2 % p
    s2 = y2 * z1 * z1z1 % p
    if u1 == u2:
        return _double(curve, one) if s1 == s2 else (1, 1, 0)
    h = (u2 - u1) % p
    r = (s2 - s1) % p
    hh = h * h % p
    hhh = h * hh % p
    v = u1 * hh % p
    x3 = (r * r - hhh - 2 * v) % p
    y3 = (r * (v - x3) - s1 * hhh) % p
    z3 = z1 * z2 * h % p
    return (x3, y3, z3)


def _affine(curve: Curve, point: _Jacobian) -> Point | None:
    x, y, z = point
    if z == 0:
        return None
    z_inv = pow(z, -1, curve.p)
    z_inv2 = z_inv * z_inv % curve.p
    return (x * z_inv2 % curve.p, y * z_inv2 * z_inv % curve.p)


def scalar_multiply(curve: Curve, k: int, point: Point) -> Point | None:
    """k·point by a Montgomery ladder over all bits of n (None is the point at infinity)."""
    r0: _Jacobian = (1, 1, 0)
    r1: _Jacobian = (point[0], point[1], 1)
    for bit in reversed(range(curve.n.bit_length())):
        if (k >> bit) & 1:
            r0, r1 = _add(curve, r0, r1), _double(curve, r1)
        else:
            r0, r1 = _double(curve, r0), _add(curve, r0, r1)
    return _affine(curve, r0)


def point_add(curve: Curve, one: Point, two: Point) -> Point | None:
    """one + two (None is the point at infinity)."""
    return _affine(curve, _add(curve, (*one, 1), (*two, 1)))


def encode_point(curve: Curve, point: Point) -> bytes:
    """The uncompressed encoding ``04 || x || y``."""
    return b"\x04" + point[0].to_bytes(curve.size, "big") + point[1].to_bytes(curve.size, "big")


def decode_point(curve: Curve, data: bytes) -> Point:
    """A point from its uncompressed encoding; anything not on the curve raises PaceError."""
    if len(data) != 1 + 2 * curve.size or data[0] != 0x04:
        raise PaceError("a public key is not an uncompressed point of the curve")
    point = (
        int.from_bytes(data[1 : 1 + curve.size], "big"),
        int.from_bytes(data[1 + curve.size :], "big"),
    )
    if not curve.contains(point):
        raise PaceError("a public key is not on the curve")
    return point


def _key_pair(curve: Curve, private: int | None) -> tuple[int, Point]:
    """A private scalar in [1, n-1] (fresh unless given) and its public point d·G."""
    if private is None:
        key = ec.generate_private_key(curve.crypto)
    else:
        try:
            key = ec.derive_private_key(private, curve.crypto)
        except ValueError as error:
            raise PaceError("a private scalar is out of range") from error
    numbers = key.public_key().public_numbers()
    return key.private_numbers().private_value, (numbers.x, numbers.y)


def _generator_multiple(curve: Curve, k: int) -> Point:
    """k·G through cryptography (k in [1, n-1])."""
    return _key_pair(curve, k)[1]


def map_generator(curve: Curve, nonce: int, shared: Point) -> Point:
    """Generic Mapping for ECDH: G' = s·G + H."""
    if not 0 < nonce < curve.n:
        raise PaceError("the nonce is out of range")
    mapped = point_add(curve, _generator_multiple(curve, nonce), shared)
    if mapped is None:
        raise PaceError("the mapped generator is the point at infinity")
    return mapped


def shared_secret(curve: Curve, private: int, public: Point) -> bytes:
    """K: the x-coordinate of private·public, by cryptography's ECDH."""
    key = ec.derive_private_key(private, curve.crypto)
    peer = ec.EllipticCurvePublicNumbers(public[0], public[1], curve.crypto).public_key()
    return key.exchange(ec.ECDH(), peer)


# --- Keys and tokens ---------------------------------------------------------------------


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


def _oid_bytes(oid: str) -> bytes:
    """The content octets of an OBJECT IDENTIFIER (without tag and length)."""
    encoded = bytes(core.ObjectIdentifier(oid).dump())
    return encoded[2:]


def public_key_object(oid: str, point: bytes) -> bytes:
    """The public key data object the tokens cover: ``7F49 { 06 OID, 86 point }``."""
    inner = tlv(0x06, _oid_bytes(oid)) + tlv(0x86, point)
    return b"\x7f\x49" + ber_length(len(inner)) + inner


def authentication_token(ks_mac: bytes, oid: str, point: bytes) -> bytes:
    """T = CMAC(KS_mac, public key data object of the other side's key), 8 bytes."""
    return aes_cmac(ks_mac, public_key_object(oid, point))


# --- EF.CardAccess -----------------------------------------------------------------------


class _SecurityInfo(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [
        ("protocol", core.ObjectIdentifier),
        ("required_data", core.Any),
        ("optional_data", core.Any, {"optional": True}),
    ]


class _SecurityInfos(core.SetOf):  # type: ignore[misc]
    _child_spec = _SecurityInfo


@dataclass(frozen=True)
class PaceInfo:
    """One PACEInfo: the protocol OID, its version and the standard domain parameters."""

    protocol: str
    version: int = PACE_VERSION
    parameter_id: int | None = PARAM_BRAINPOOL_P256R1

    @property
    def supported(self) -> bool:
        """True if this kiosk can run it: ECDH-GM with AES on a curve it knows."""
        return (
            self.protocol in PROTOCOL_KEY_LENGTHS
            and self.version == PACE_VERSION
            and self.parameter_id in CURVES
        )

    @property
    def curve(self) -> Curve:
        """The curve of a supported PACEInfo."""
        if self.parameter_id is None or self.parameter_id not in CURVES:
            raise PaceError("the domain parameters are not supported")
        return CURVES[self.parameter_id]

    @property
    def key_length(self) -> int:
        """Session key length in bytes of a supported PACEInfo."""
        if self.protocol not in PROTOCOL_KEY_LENGTHS:
            raise PaceError("the PACE protocol is not supported")
        return PROTOCOL_KEY_LENGTHS[self.protocol]


def _is_pace_info_oid(oid: str) -> bool:
    # PACEInfo protocols are id-PACE.<mapping>.<cipher>; id-PACE.<mapping> alone names a
    # PACEDomainParameterInfo, which this kiosk does not need.
    return oid.startswith(ID_PACE + ".") and oid.count(".") == ID_PACE.count(".") + 2


def _small_integer(value: core.Any, what: str) -> int:
    number = value.parse(core.Integer).native
    if not isinstance(number, int) or not 0 <= number < 1 << 16:
        raise CardAccessError(f"{what} is not a small non-negative INTEGER")
    return number


def parse_card_access(data: bytes) -> tuple[PaceInfo, ...]:
    """The PACEInfos listed in EF.CardAccess, in the card's order (other infos skipped)."""
    try:
        infos = _SecurityInfos.load(data, strict=True)
        found: list[PaceInfo] = []
        for info in infos:
            oid = info["protocol"].dotted
            if not _is_pace_info_oid(oid):
                continue
            version = _small_integer(info["required_data"], "the PACEInfo version")
            optional = info["optional_data"]
            parameter_id = (
                None
                if isinstance(optional, core.Void)
                else _small_integer(optional, "the PACEInfo parameterId")
            )
            found.append(PaceInfo(oid, version, parameter_id))
        return tuple(found)
    except CardAccessError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise CardAccessError(f"EF.CardAccess is not SecurityInfos: {error}") from error


def build_card_access(infos: Sequence[PaceInfo]) -> bytes:
    """EF.CardAccess listing ``infos`` (DER, the way the simulator's card carries it)."""
    entries = []
    for info in infos:
        entry: dict[str, object] = {
            "protocol": info.protocol,
            "required_data": core.Integer(info.version),
        }
        if info.parameter_id is not None:
            entry["optional_data"] = core.Integer(info.parameter_id)
        entries.append(entry)
    return bytes(_SecurityInfos(entries).dump(force=True))


def choose_pace_info(infos: Sequence[PaceInfo]) -> PaceInfo | None:
    """The first PACEInfo this kiosk supports, or None."""
    return next((info for info in infos if info.supported), None)


# --- APDUs -------------------------------------------------------------------------------


def mse_set_at_apdu(info: PaceInfo, password_ref: int) -> bytes:
    """MSE:Set AT for PACE: protocol (80), password (83), domain parameters (84)."""
    data = tlv(0x80, _oid_bytes(info.protocol)) + tlv(0x83, bytes([password_ref]))
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


def _next_scalar(source: Iterator[int] | None) -> int | None:
    return None if source is None else next(source)


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
        map_private, map_public = _key_pair(curve, _next_scalar(self.private_keys))
        command = general_authenticate_apdu(
            TAG_MAP_TERMINAL, encode_point(curve, map_public), last=False
        )
        answer = self._expect_ok(send(command))
        chip_map_public = decode_point(curve, dynamic_auth_object(answer, TAG_MAP_CHIP))
        shared = scalar_multiply(curve, map_private, chip_map_public)
        if shared is None:
            raise PaceError("the mapping gave the point at infinity")
        generator = map_generator(curve, nonce, shared)

        self.step = "key agreement"
        private = _next_scalar(self.private_keys)
        if private is None:
            private = secrets.randbelow(curve.n - 1) + 1
        public_point = scalar_multiply(curve, private, generator)
        if public_point is None:
            raise PaceError("the ephemeral key is the point at infinity")
        public = encode_point(curve, public_point)
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


# --- The chip's side ---------------------------------------------------------------------

SW_WRONG_DATA = b"\x6a\x80"
SW_REFERENCE_NOT_FOUND = b"\x6a\x88"
SW_CONDITIONS_NOT_SATISFIED = b"\x69\x85"
SW_AUTHENTICATION_FAILED = b"\x63\x00"


class PaceChip:
    """The card's half of PACE, for the simulator.

    ``offered`` are the PACEInfos of its EF.CardAccess; ``passwords`` maps a password
    reference (1 MRZ, 2 CAN) to π. ``nonce`` and ``private_keys`` (tests only) replace the
    random nonce and the mapping and key-agreement private scalars. After the fourth
    GENERAL AUTHENTICATE succeeds, :attr:`session` holds the keys; a failed step ends the
    attempt (a new MSE:Set AT starts again).
    """

    def __init__(
        self,
        offered: Sequence[PaceInfo],
        passwords: dict[int, bytes],
        *,
        nonce: bytes | None = None,
        private_keys: Iterator[int] | None = None,
    ) -> None:
        self.offered = [info for info in offered if info.supported]
        self.passwords = passwords
        self.fixed_nonce = nonce
        self.private_keys = private_keys
        self.session: PaceSession | None = None
        self.failures = 0
        self._reset()

    def _reset(self) -> None:
        self._info: PaceInfo | None = None
        self._password: bytes | None = None
        self._step = 0
        self._nonce = 0
        self._generator: Point | None = None
        self._ks_enc = b""
        self._ks_mac = b""
        self._public = b""
        self._terminal_public = b""

    def set_at(self, data: bytes) -> bytes:
        """MSE:Set AT: choose protocol, password and parameters; answers the status word."""
        self._reset()
        self.session = None
        try:
            objects = dict(parse_tlvs(data))
        except SecureMessagingError:
            return SW_WRONG_DATA
        oid_bytes, password_ref = objects.get(0x80), objects.get(0x83)
        if oid_bytes is None or password_ref is None or len(password_ref) != 1:
            return SW_WRONG_DATA
        parameter = objects.get(0x84)
        for info in self.offered:
            if _oid_bytes(info.protocol) != oid_bytes:
                continue
            if parameter is not None and parameter != bytes([info.parameter_id or 0]):
                continue
            password = self.passwords.get(password_ref[0])
            if password is None:
                return SW_REFERENCE_NOT_FOUND
            self._info = info
            self._password = password
            return SW_OK
        return SW_REFERENCE_NOT_FOUND

    def general_authenticate(self, data: bytes) -> bytes:
        """One GENERAL AUTHENTICATE step: response data + status word."""
        if self._info is None or self._password is None:
            return SW_CONDITIONS_NOT_SATISFIED
        try:
            return self._step_answer(self._info, self._password, data) + SW_OK
        except _TokenMismatchError:
            self.failures += 1
            self._reset()
            return SW_AUTHENTICATION_FAILED
        except (IcaoError, ValueError):
            self._reset()
            return SW_WRONG_DATA

    def _step_answer(self, info: PaceInfo, password: bytes, data: bytes) -> bytes:
        curve = info.curve
        key_length = info.key_length
        step, self._step = self._step, self._step + 1
        if step == 0:
            if data != b"\x7c\x00":
                raise PaceError("the first step carries an empty 7C")
            nonce = self.fixed_nonce or self._random_nonce(curve)
            self._nonce = int.from_bytes(nonce, "big")
            encrypted = aes_encrypt(kdf(password, KDF_PI, key_length), nonce)
            return tlv(TAG_DYNAMIC_AUTH, tlv(TAG_ENCRYPTED_NONCE, encrypted))
        if step == 1:
            terminal_map = decode_point(curve, dynamic_auth_object(data, TAG_MAP_TERMINAL))
            map_private, map_public = _key_pair(curve, _next_scalar(self.private_keys))
            shared = scalar_multiply(curve, map_private, terminal_map)
            if shared is None:
                raise PaceError("the mapping gave the point at infinity")
            self._generator = map_generator(curve, self._nonce, shared)
            return tlv(TAG_DYNAMIC_AUTH, tlv(TAG_MAP_CHIP, encode_point(curve, map_public)))
        if step == 2 and self._generator is not None:
            terminal_public = dynamic_auth_object(data, TAG_KEY_TERMINAL)
            terminal_point = decode_point(curve, terminal_public)
            private = _next_scalar(self.private_keys)
            if private is None:
                private = secrets.randbelow(curve.n - 1) + 1
            public_point = scalar_multiply(curve, private, self._generator)
            if public_point is None:
                raise PaceError("the ephemeral key is the point at infinity")
            public = encode_point(curve, public_point)
            if hmac.compare_digest(public, terminal_public):
                raise PaceError("the terminal sent back the chip's own key")
            secret = shared_secret(curve, private, terminal_point)
            self._ks_enc = kdf(secret, KDF_ENC, key_length)
            self._ks_mac = kdf(secret, KDF_MAC, key_length)
            self._public = public
            self._terminal_public = terminal_public
            return tlv(TAG_DYNAMIC_AUTH, tlv(TAG_KEY_CHIP, public))
        if step == 3 and self._ks_mac:
            token = dynamic_auth_object(data, TAG_TOKEN_TERMINAL)
            expected = authentication_token(self._ks_mac, info.protocol, self._public)
            if not hmac.compare_digest(token, expected):
                raise _TokenMismatchError
            answer = authentication_token(self._ks_mac, info.protocol, self._terminal_public)
            self.session = PaceSession(info.protocol, self._ks_enc, self._ks_mac)
            self._reset()
            return tlv(TAG_DYNAMIC_AUTH, tlv(TAG_TOKEN_CHIP, answer))
        raise PaceError("GENERAL AUTHENTICATE out of sequence")

    @staticmethod
    def _random_nonce(curve: Curve) -> bytes:
        while True:
            nonce = secrets.token_bytes(NONCE_LENGTH)
            if 0 < int.from_bytes(nonce, "big") < curve.n:
                return nonce
