"""ICAO Doc 9303 Part 11 building blocks: BAC key derivation, retail MAC, secure messaging.

BAC is 3DES as in Part 11 §9.7 and the worked example of Appendix D (the tests check every
published value). Secure messaging (§9.8) comes in two kinds: :class:`SecureMessaging`, the
3DES one BAC starts, and :class:`AesSecureMessaging`, the AES one PACE starts (see
``hardware.pace``): a 16-byte send sequence counter, AES-CBC with IV = E(KS_enc, SSC), and an
AES-CMAC cut to 8 bytes. The reader (``cccd_chip``) and the card simulator
(``cccd_simulator``) share these functions, so each side uses the same proven code: the
simulator adds the card's half of mutual authentication and of secure messaging.

Crypto comes from ``cryptography``; 3DES lives in its ``decrepit`` module because it is old,
which is exactly what eMRTD chips speak.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

BLOCK = 8
AES_BLOCK = 16
MAC_LENGTH = 8
ZERO_IV = bytes(BLOCK)
KDF_ENC = 1
KDF_MAC = 2
_CHECK_WEIGHTS = (7, 3, 1)


class IcaoError(ValueError):
    """A cryptographic check failed or a message does not have the ICAO form."""


class SecureMessagingError(IcaoError):
    """A protected message failed its MAC or is malformed: the session cannot be trusted."""


class AuthenticationError(IcaoError):
    """The other side of BAC mutual authentication answered with the wrong cryptogram."""


def check_digit(text: str) -> str:
    """The MRZ check digit (weights 7, 3, 1; digits, A=10 … Z=35, ``<`` = 0)."""
    total = 0
    for index, char in enumerate(text):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        elif char == "<":
            value = 0
        else:
            raise IcaoError(f"character {char!r} cannot appear in an MRZ")
        total += value * _CHECK_WEIGHTS[index % 3]
    return str(total % 10)


def mrz_information(document_number: str, date_of_birth: str, date_of_expiry: str) -> str:
    """The BAC key input: each field (YYMMDD dates) followed by its check digit.

    A document number shorter than 9 characters is padded with ``<``, as in the MRZ.
    """
    number = document_number.ljust(9, "<")
    return (
        number
        + check_digit(number)
        + date_of_birth
        + check_digit(date_of_birth)
        + date_of_expiry
        + check_digit(date_of_expiry)
    )


def key_seed(mrz_info: str) -> bytes:
    """K_seed: the first 16 bytes of SHA-1 over the MRZ information."""
    return hashlib.sha1(mrz_info.encode("ascii")).digest()[:16]


def adjust_parity(key: bytes) -> bytes:
    """Set each byte's lowest bit so the byte has odd parity (DES key convention)."""
    out = bytearray()
    for byte in key:
        high = byte & 0xFE
        out.append(high | ((bin(high).count("1") + 1) % 2))
    return bytes(out)


def derive_key(seed: bytes, counter: int) -> bytes:
    """The 2-key 3DES key for ``counter`` (1 = encryption, 2 = MAC) from a 16-byte seed."""
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()
    return adjust_parity(digest[:16])


def bac_keys(mrz_information: str) -> tuple[bytes, bytes]:
    """K_enc and K_mac, the document basic access keys, from the MRZ information.

    ``mrz_information`` is document number + check digit + date of birth + check digit +
    date of expiry + check digit, e.g. ``"L898902C<369080619406236"``.
    """
    seed = key_seed(mrz_information)
    return derive_key(seed, KDF_ENC), derive_key(seed, KDF_MAC)


def pad(data: bytes, block: int = BLOCK) -> bytes:
    """ISO/IEC 9797-1 padding method 2: ``80`` then zeros up to a multiple of ``block``."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % block)


def unpad(data: bytes) -> bytes:
    """Undo :func:`pad`; malformed padding raises :class:`SecureMessagingError`."""
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        raise SecureMessagingError("bad padding")
    return stripped[:-1]


def _tdes_key(key: bytes) -> bytes:
    if len(key) == 16:
        return key + key[:8]
    if len(key) == 8:
        return key * 3
    if len(key) == 24:
        return key
    raise IcaoError("a DES key has 8, 16 or 24 bytes")


def tdes_encrypt(key: bytes, data: bytes) -> bytes:
    """3DES-CBC with a zero IV, no padding (``data`` must be whole blocks)."""
    encryptor = Cipher(TripleDES(_tdes_key(key)), modes.CBC(ZERO_IV)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def tdes_decrypt(key: bytes, data: bytes) -> bytes:
    """Inverse of :func:`tdes_encrypt`."""
    if len(data) % BLOCK:
        raise IcaoError("ciphertext is not whole blocks")
    decryptor = Cipher(TripleDES(_tdes_key(key)), modes.CBC(ZERO_IV)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def retail_mac(key: bytes, data: bytes, *, padded: bool = False) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 with DES (the "retail MAC"), 8 bytes.

    ``data`` is padded with method 2 unless ``padded`` says it already is.
    """
    message = data if padded else pad(data)
    if len(message) % BLOCK or not message:
        raise IcaoError("MAC input is not whole blocks")
    ka, kb = key[:8], key[8:16]
    # Single-DES CBC over every block with Ka, then decrypt with Kb and encrypt with Ka.
    chained = tdes_encrypt(ka, message)[-BLOCK:]
    decryptor = Cipher(TripleDES(_tdes_key(kb)), modes.ECB()).decryptor()
    middle = decryptor.update(chained) + decryptor.finalize()
    encryptor = Cipher(TripleDES(_tdes_key(ka)), modes.ECB()).encryptor()
    return encryptor.update(middle) + encryptor.finalize()


def aes_encrypt(key: bytes, data: bytes, iv: bytes = bytes(AES_BLOCK)) -> bytes:
    """AES-CBC (key of 16, 24 or 32 bytes), no padding: ``data`` must be whole blocks."""
    if len(data) % AES_BLOCK:
        raise IcaoError("plaintext is not whole AES blocks")
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def aes_decrypt(key: bytes, data: bytes, iv: bytes = bytes(AES_BLOCK)) -> bytes:
    """Inverse of :func:`aes_encrypt`."""
    if len(data) % AES_BLOCK:
        raise IcaoError("ciphertext is not whole AES blocks")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """AES-CMAC (NIST SP 800-38B) cut to the 8 bytes eMRTD protocols use."""
    mac = CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()[:MAC_LENGTH]


# --- BAC mutual authentication (Part 11 §4.3), terminal side ------------------------------


@dataclass(frozen=True)
class BacChallenge:
    """The terminal's secrets for one BAC attempt: RND.IFD and K.IFD."""

    rnd_ifd: bytes
    k_ifd: bytes

    @classmethod
    def random(cls) -> BacChallenge:
        """Fresh random values, as a real attempt must use."""
        return cls(secrets.token_bytes(8), secrets.token_bytes(16))


def external_authenticate_data(
    challenge: BacChallenge, rnd_ic: bytes, k_enc: bytes, k_mac: bytes
) -> bytes:
    """E_IFD || M_IFD, the 40-byte data of EXTERNAL AUTHENTICATE."""
    s = challenge.rnd_ifd + rnd_ic + challenge.k_ifd
    e_ifd = tdes_encrypt(k_enc, s)
    return e_ifd + retail_mac(k_mac, e_ifd)


def verify_card_answer(
    answer: bytes, challenge: BacChallenge, rnd_ic: bytes, k_enc: bytes, k_mac: bytes
) -> bytes:
    """Check the card's E_IC || M_IC and return K.IC; a wrong answer raises.

    :class:`AuthenticationError` here means the card does not hold the same keys, or the
    answer was tampered with.
    """
    if len(answer) != 40:
        raise AuthenticationError("the card's answer is not 40 bytes")
    e_ic, m_ic = answer[:32], answer[32:]
    if not hmac.compare_digest(retail_mac(k_mac, e_ic), m_ic):
        raise AuthenticationError("the card's answer has a wrong MAC")
    r = tdes_decrypt(k_enc, e_ic)
    if r[:8] != rnd_ic or r[8:16] != challenge.rnd_ifd:
        raise AuthenticationError("the card's answer does not echo the challenges")
    return r[16:32]


def session_keys(k_ifd: bytes, k_ic: bytes) -> tuple[bytes, bytes]:
    """KS_enc and KS_mac from K.IFD xor K.IC."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    return derive_key(seed, KDF_ENC), derive_key(seed, KDF_MAC)


def initial_ssc(rnd_ic: bytes, rnd_ifd: bytes) -> bytes:
    """The send sequence counter after BAC: the last 4 bytes of RND.IC then of RND.IFD."""
    return rnd_ic[-4:] + rnd_ifd[-4:]


# --- Secure messaging (Part 11 §9.8) -------------------------------------------------------


def ber_length(length: int) -> bytes:
    """A BER definite length (short form, or 81/82 long form)."""
    if length < 0x80:
        return bytes([length])
    if length < 0x100:
        return bytes([0x81, length])
    return bytes([0x82]) + length.to_bytes(2, "big")


def tlv(tag: int, value: bytes) -> bytes:
    """One BER-TLV with a single-byte tag."""
    return bytes([tag]) + ber_length(len(value)) + value


def parse_tlvs(data: bytes) -> list[tuple[int, bytes]]:
    """Single-byte-tag BER-TLVs one after another; a malformed list raises."""
    out: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise SecureMessagingError("truncated TLV")
        tag = data[pos]
        first = data[pos + 1]
        pos += 2
        if first < 0x80:
            length = first
        elif first in (0x81, 0x82):
            size = first - 0x80
            if pos + size > len(data):
                raise SecureMessagingError("truncated TLV length")
            length = int.from_bytes(data[pos : pos + size], "big")
            pos += size
        else:
            raise SecureMessagingError("unsupported TLV length")
        if pos + length > len(data):
            raise SecureMessagingError("truncated TLV value")
        out.append((tag, data[pos : pos + length]))
        pos += length
    return out


@dataclass(frozen=True)
class CommandApdu:
    """A short command APDU split into its parts; ``le`` is None when absent (0 = 256)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    @classmethod
    def parse(cls, apdu: bytes) -> CommandApdu:
        """Split a short APDU (cases 1 to 4); anything else raises :class:`IcaoError`."""
        if len(apdu) < 4:
            raise IcaoError("an APDU has at least 4 bytes")
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0])
        lc = body[0]
        if lc == 0:
            raise IcaoError("extended-length APDUs are not supported")
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, data=body[1:])
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, data=body[1 : 1 + lc], le=body[-1])
        raise IcaoError("APDU length does not match Lc")

    def to_bytes(self) -> bytes:
        """The APDU on the wire."""
        out = bytes([self.cla, self.ins, self.p1, self.p2])
        if self.data:
            out += bytes([len(self.data)]) + self.data
        if self.le is not None:
            out += bytes([self.le])
        return out


class SecureMessaging:
    """A 3DES secure-messaging session: the terminal protects, the card unprotects.

    ``protect``/``unprotect`` are the terminal's half; ``unprotect_command`` and
    ``protect_response`` are the card's half (used by the simulator). Each message moves the
    send sequence counter ``ssc`` on by one, on both sides, so a replayed or dropped message
    breaks the MAC. :class:`AesSecureMessaging` is the same with AES.
    """

    block = BLOCK

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes) -> None:
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac
        self.ssc = ssc

    # The cipher and MAC of this kind of session; ``ssc`` is the message's counter value.

    def _encrypt(self, data: bytes, ssc: bytes) -> bytes:
        return tdes_encrypt(self.ks_enc, data)

    def _decrypt(self, data: bytes, ssc: bytes) -> bytes:
        return tdes_decrypt(self.ks_enc, data)

    def _checksum(self, message: bytes) -> bytes:
        return retail_mac(self.ks_mac, message)

    # The message formats, the same for every kind.

    def _next_ssc(self) -> bytes:
        value = (int.from_bytes(self.ssc, "big") + 1) % (1 << (8 * len(self.ssc)))
        self.ssc = value.to_bytes(len(self.ssc), "big")
        return self.ssc

    def _encrypt_do87(self, data: bytes, ssc: bytes) -> bytes:
        return tlv(0x87, b"\x01" + self._encrypt(pad(data, self.block), ssc))

    def _decrypt_do87(self, value: bytes, ssc: bytes) -> bytes:
        if not value or value[0] != 0x01 or len(value) == 1 or (len(value) - 1) % self.block:
            raise SecureMessagingError("DO'87 is not padded ciphertext")
        try:
            return unpad(self._decrypt(value[1:], ssc))
        except IcaoError as error:
            raise SecureMessagingError(str(error)) from error

    def protect(self, apdu: bytes) -> bytes:
        """The protected form of a plain command APDU (short, even INS)."""
        command = CommandApdu.parse(apdu)
        cla = command.cla | 0x0C
        header = bytes([cla, command.ins, command.p1, command.p2])
        ssc = self._next_ssc()
        do87 = self._encrypt_do87(command.data, ssc) if command.data else b""
        do97 = tlv(0x97, bytes([command.le])) if command.le is not None else b""
        cc = self._checksum(ssc + pad(header, self.block) + do87 + do97)
        body = do87 + do97 + tlv(0x8E, cc)
        return header + bytes([len(body)]) + body + b"\x00"

    def unprotect(self, response: bytes) -> bytes:
        """Verify and decrypt a protected response: plain data followed by SW1 SW2.

        A response that is only a status word (the card dropped secure messaging to report
        an error) is returned as it is. A bad MAC raises :class:`SecureMessagingError`.
        """
        if len(response) < 2:
            raise SecureMessagingError("a response has at least the status word")
        if len(response) == 2:
            return response
        objects = dict(parse_tlvs(response[:-2]))
        do87 = objects.get(0x87)
        do99 = objects.get(0x99)
        cc = objects.get(0x8E)
        if cc is None or do99 is None or len(do99) != 2:
            raise SecureMessagingError("protected response lacks DO'99 or DO'8E")
        covered = (tlv(0x87, do87) if do87 is not None else b"") + tlv(0x99, do99)
        ssc = self._next_ssc()
        if not hmac.compare_digest(self._checksum(ssc + covered), cc):
            raise SecureMessagingError("response MAC does not verify")
        data = self._decrypt_do87(do87, ssc) if do87 is not None else b""
        return data + do99

    def unprotect_command(self, apdu: bytes) -> CommandApdu:
        """The card's side: verify a protected command and return the plain one."""
        try:
            command = CommandApdu.parse(apdu)
        except IcaoError as error:
            raise SecureMessagingError(str(error)) from error
        if command.cla & 0x0C != 0x0C:
            raise SecureMessagingError("command is not protected")
        objects = dict(parse_tlvs(command.data))
        cc = objects.get(0x8E)
        if cc is None:
            raise SecureMessagingError("protected command lacks DO'8E")
        header = bytes([command.cla, command.ins, command.p1, command.p2])
        do87 = objects.get(0x87)
        do97 = objects.get(0x97)
        covered = (
            pad(header, self.block)
            + (tlv(0x87, do87) if do87 is not None else b"")
            + (tlv(0x97, do97) if do97 is not None else b"")
        )
        ssc = self._next_ssc()
        if not hmac.compare_digest(self._checksum(ssc + covered), cc):
            raise SecureMessagingError("command MAC does not verify")
        data = self._decrypt_do87(do87, ssc) if do87 is not None else b""
        le = do97[0] if do97 else None
        return CommandApdu(
            command.cla & ~0x0C & 0xFF, command.ins, command.p1, command.p2, data, le
        )

    def protect_response(self, data: bytes, sw: bytes) -> bytes:
        """The card's side: the protected response for plain ``data`` and status ``sw``."""
        ssc = self._next_ssc()
        do87 = self._encrypt_do87(data, ssc) if data else b""
        do99 = tlv(0x99, sw)
        cc = self._checksum(ssc + do87 + do99)
        return do87 + do99 + tlv(0x8E, cc) + sw


class AesSecureMessaging(SecureMessaging):
    """AES secure messaging, as PACE with an AES protocol starts it (Part 11 §9.8).

    The send sequence counter has 16 bytes and starts at zero after PACE; each message's
    data is AES-CBC encrypted with IV = E(KS_enc, SSC) for that message's counter value; the
    checksum is AES-CMAC over SSC || padded data, cut to 8 bytes. Padding is to 16 bytes.
    """

    block = AES_BLOCK

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes = bytes(AES_BLOCK)) -> None:
        if len(ks_enc) not in (16, 24, 32) or len(ks_mac) != len(ks_enc):
            raise IcaoError("AES session keys have 16, 24 or 32 bytes each")
        if len(ssc) != AES_BLOCK:
            raise IcaoError("the AES send sequence counter has 16 bytes")
        super().__init__(ks_enc, ks_mac, ssc)

    def _iv(self, ssc: bytes) -> bytes:
        encryptor = Cipher(algorithms.AES(self.ks_enc), modes.ECB()).encryptor()
        return encryptor.update(ssc) + encryptor.finalize()

    def _encrypt(self, data: bytes, ssc: bytes) -> bytes:
        return aes_encrypt(self.ks_enc, data, self._iv(ssc))

    def _decrypt(self, data: bytes, ssc: bytes) -> bytes:
        return aes_decrypt(self.ks_enc, data, self._iv(ssc))

    def _checksum(self, message: bytes) -> bytes:
        return aes_cmac(self.ks_mac, pad(message, AES_BLOCK))
