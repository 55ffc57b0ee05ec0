"""Encryption at rest of the outbox's personal data (AES-256-GCM, ``cryptography``).

The key is 32 random bytes in a file only the kiosk user can read (mode 0600), created on
first use; once sealed with systemd-creds, systemd hands it to the kiosk instead and there
is no file (:mod:`sync.outbox.key_source` decides which). Each value is sealed with a
fresh 96-bit nonce and bound to its row by associated data (the local id, or the
attachment's hash), so a ciphertext copied into another row does not open. Stored form:
``gcm1:`` + base64(nonce ‖ ciphertext ‖ tag).
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

logger = logging.getLogger(__name__)

PREFIX = "gcm1:"
KEY_BYTES = 32
NONCE_BYTES = 12


class KeyFileError(Exception):
    """The key file exists but cannot be used (wrong size, unreadable)."""


class CannotDecryptError(Exception):
    """A stored value does not open with this key (wrong key, or tampered with)."""


def load_or_create_key(path: Path) -> bytes:
    """The key in ``path``; a new one is written (0600, atomically) when there is none."""
    try:
        key = read_key(path)
    except FileNotFoundError:
        return _create_key(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        # Someone widened it (a backup restore, a careless copy): close it again.
        path.chmod(0o600)
        logger.warning(
            "outbox key file was readable by others; mode set back to 0600",
            extra={"event": "outbox.key_mode_fixed"},
        )
    return key


def read_key(path: Path) -> bytes:
    """The key in ``path`` (a file, or the credential systemd decrypted); never creates one.

    :class:`FileNotFoundError` when there is none, :class:`KeyFileError` when it is not
    :data:`KEY_BYTES` long."""
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise KeyFileError(f"{path}: expected {KEY_BYTES} bytes, found {len(key)}")
    return key


def _create_key(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        # link() fails if another process won the race: then its key is the key.
        os.link(temporary, path)
    except FileExistsError:
        return load_or_create_key(path)
    finally:
        temporary.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    logger.info("created the outbox key file", extra={"event": "outbox.key_created"})
    return key


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class PayloadCipher:
    """Seals and opens text and bytes with one AES-256-GCM key."""

    def __init__(self, key: bytes) -> None:
        """``key``: 32 bytes."""
        self._aead = AESGCM(key)

    def seal_bytes(self, plain: bytes, bound_to: str) -> bytes:
        """nonce ‖ ciphertext ‖ tag."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plain, bound_to.encode("utf-8"))

    def open_bytes(self, sealed: bytes, bound_to: str) -> bytes:
        """The plain bytes, or :class:`CannotDecryptError`."""
        try:
            return self._aead.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], bound_to.encode("utf-8")
            )
        except (InvalidTag, ValueError) as exc:
            raise CannotDecryptError(f"cannot open the value bound to {bound_to}") from exc

    def seal_text(self, plain: str, bound_to: str) -> str:
        """``gcm1:`` + base64 of the sealed UTF-8 text."""
        sealed = self.seal_bytes(plain.encode("utf-8"), bound_to)
        return PREFIX + base64.b64encode(sealed).decode("ascii")

    def open_text(self, stored: str, bound_to: str) -> str:
        """The plain text of a sealed value; a value without the prefix is legacy plain text."""
        if not stored.startswith(PREFIX):
            return stored
        return self.open_bytes(base64.b64decode(stored[len(PREFIX) :]), bound_to).decode("utf-8")


def is_sealed(stored: str) -> bool:
    """Whether a stored text value is ciphertext."""
    return stored.startswith(PREFIX)
