"""The card's half of PACE (ICAO Doc 9303 Part 11 §4.4), for the simulated chip.

It answers MSE:Set AT and the four GENERAL AUTHENTICATE steps with the same functions the
kiosk's :class:`~hardware.card_reader.icao.pace.PaceTerminal` uses, so the tests can replay
the worked example of Part 11 Appendix G between the two halves, APDU by APDU.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator, Sequence

from hardware.card_reader.icao.card_access import PaceInfo
from hardware.card_reader.icao.ciphers import aes_encrypt
from hardware.card_reader.icao.curves import Curve, Point, decode_point, shared_secret
from hardware.card_reader.icao.errors import IcaoError, PaceError, SecureMessagingError
from hardware.card_reader.icao.pace import (
    KDF_ENC,
    KDF_MAC,
    KDF_PI,
    NONCE_LENGTH,
    SW_OK,
    TAG_DYNAMIC_AUTH,
    TAG_ENCRYPTED_NONCE,
    TAG_KEY_CHIP,
    TAG_KEY_TERMINAL,
    TAG_MAP_CHIP,
    TAG_MAP_TERMINAL,
    TAG_TOKEN_CHIP,
    TAG_TOKEN_TERMINAL,
    PaceSession,
    authentication_token,
    dynamic_auth_object,
    ephemeral_key,
    ephemeral_private,
    kdf,
    mapped_generator,
)
from hardware.card_reader.icao.tlv import oid_bytes, parse_tlvs, tlv

SW_WRONG_DATA = b"\x6a\x80"
SW_REFERENCE_NOT_FOUND = b"\x6a\x88"
SW_CONDITIONS_NOT_SATISFIED = b"\x69\x85"
SW_AUTHENTICATION_FAILED = b"\x63\x00"


class _TokenMismatchError(PaceError):
    """The terminal's token is wrong: it does not know the password."""


class PaceChip:
    """The card's half of PACE.

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
        protocol, password_ref = objects.get(0x80), objects.get(0x83)
        if protocol is None or password_ref is None or len(password_ref) != 1:
            return SW_WRONG_DATA
        parameter = objects.get(0x84)
        for info in self.offered:
            if oid_bytes(info.protocol) != protocol:
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
        step, self._step = self._step, self._step + 1
        if step == 0:
            return self._encrypted_nonce(info, password, data)
        if step == 1:
            return self._map_nonce(info.curve, data)
        if step == 2 and self._generator is not None:
            return self._key_agreement(info, self._generator, data)
        if step == 3 and self._ks_mac:
            return self._mutual_authentication(info, data)
        raise PaceError("GENERAL AUTHENTICATE out of sequence")

    def _encrypted_nonce(self, info: PaceInfo, password: bytes, data: bytes) -> bytes:
        if data != b"\x7c\x00":
            raise PaceError("the first step carries an empty 7C")
        nonce = self.fixed_nonce or self._random_nonce(info.curve)
        self._nonce = int.from_bytes(nonce, "big")
        encrypted = aes_encrypt(kdf(password, KDF_PI, info.key_length), nonce)
        return tlv(TAG_DYNAMIC_AUTH, tlv(TAG_ENCRYPTED_NONCE, encrypted))

    def _map_nonce(self, curve: Curve, data: bytes) -> bytes:
        terminal_map = dynamic_auth_object(data, TAG_MAP_TERMINAL)
        map_private = ephemeral_private(curve, self.private_keys)
        self._generator = mapped_generator(curve, self._nonce, map_private, terminal_map)
        return tlv(TAG_DYNAMIC_AUTH, tlv(TAG_MAP_CHIP, ephemeral_key(curve, map_private)))

    def _key_agreement(self, info: PaceInfo, generator: Point, data: bytes) -> bytes:
        curve = info.curve
        terminal_public = dynamic_auth_object(data, TAG_KEY_TERMINAL)
        terminal_point = decode_point(curve, terminal_public)
        private = ephemeral_private(curve, self.private_keys)
        public = ephemeral_key(curve, private, generator)
        if hmac.compare_digest(public, terminal_public):
            raise PaceError("the terminal sent back the chip's own key")
        secret = shared_secret(curve, private, terminal_point)
        self._ks_enc = kdf(secret, KDF_ENC, info.key_length)
        self._ks_mac = kdf(secret, KDF_MAC, info.key_length)
        self._public = public
        self._terminal_public = terminal_public
        return tlv(TAG_DYNAMIC_AUTH, tlv(TAG_KEY_CHIP, public))

    def _mutual_authentication(self, info: PaceInfo, data: bytes) -> bytes:
        token = dynamic_auth_object(data, TAG_TOKEN_TERMINAL)
        expected = authentication_token(self._ks_mac, info.protocol, self._public)
        if not hmac.compare_digest(token, expected):
            raise _TokenMismatchError
        answer = authentication_token(self._ks_mac, info.protocol, self._terminal_public)
        self.session = PaceSession(info.protocol, self._ks_enc, self._ks_mac)
        self._reset()
        return tlv(TAG_DYNAMIC_AUTH, tlv(TAG_TOKEN_CHIP, answer))

    @staticmethod
    def _random_nonce(curve: Curve) -> bytes:
        while True:
            nonce = secrets.token_bytes(NONCE_LENGTH)
            if 0 < int.from_bytes(nonce, "big") < curve.n:
                return nonce
