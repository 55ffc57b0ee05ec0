"""The block ciphers and MACs of ICAO Doc 9303 Part 11: 3DES and the retail MAC (BAC and its
secure messaging), AES and AES-CMAC (PACE and its secure messaging), and the padding both use.

Everything comes from ``cryptography``; 3DES lives in its ``decrepit`` module because it is
old, which is exactly what eMRTD chips speak.
"""

from __future__ import annotations

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

from hardware.card_reader.icao.errors import IcaoError, SecureMessagingError

BLOCK = 8
AES_BLOCK = 16
MAC_LENGTH = 8
ZERO_IV = bytes(BLOCK)


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


def aes_ecb_block(key: bytes, block: bytes) -> bytes:
    """One AES block encrypted on its own (the IV of AES secure messaging is E(KS_enc, SSC))."""
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """AES-CMAC (NIST SP 800-38B) cut to the 8 bytes eMRTD protocols use."""
    mac = CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()[:MAC_LENGTH]
