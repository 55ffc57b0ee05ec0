"""Basic Access Control (ICAO Doc 9303 Part 11 §4.3 and §9.7): the MRZ information and its
check digits, the document basic access keys, and the terminal's half of BAC mutual
authentication.

BAC is 3DES, as in the worked example of Part 11 Appendix D (the tests check every published
value). The card's half of mutual authentication is the simulator's
(``hardware.simulators.card``); it uses the same key derivation from here.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from hardware.card_reader.icao.ciphers import retail_mac, tdes_decrypt, tdes_encrypt
from hardware.card_reader.icao.errors import AuthenticationError, IcaoError

KDF_ENC = 1
KDF_MAC = 2
_CHECK_WEIGHTS = (7, 3, 1)


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
