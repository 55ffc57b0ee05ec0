"""Where the outbox's AES key comes from: sealed by systemd, or (until sealed) a plain file.

A sealed key lives in the credential store (``/etc/credstore.encrypted/outbox-key``,
written by ``kiosk outbox seal-key`` with ``systemd-creds encrypt``), bound to the host's
secret and, where the machine has one, to its TPM2. ``kiosk.service`` names it with
``LoadCredentialEncrypted=outbox-key``: systemd decrypts it as the unit starts and gives
the kiosk the 32 bytes in ``$CREDENTIALS_DIRECTORY/outbox-key`` (memory only, readable by
the kiosk user alone). The kiosk then never reads or writes the plain key file.

Without that credential the kiosk falls back to the plain file beside the database, as
before sealing existed, and logs one warning saying so and what to run. One case is refused
instead: a key sealed in the credential store, no credential given and no plain file (a
command run from a shell after sealing). Making a new key there would orphan every queued
submission, so the outbox opens unavailable with an alarm saying how to run it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sync.outbox.crypto import KeyFileError, load_or_create_key, read_key

logger = logging.getLogger("sync.outbox")

CREDENTIAL_NAME = "outbox-key"
"""The credential's name: in the unit's ``LoadCredentialEncrypted=``, in
``systemd-creds encrypt --name=``, and the file's name in the credential store."""
CREDENTIALS_DIRECTORY_ENV = "CREDENTIALS_DIRECTORY"
"""Set by systemd for a unit with credentials: where it put them, decrypted."""
CREDSTORE_ENV = "KIOSK_CREDSTORE"
"""Another credential store to look in instead of systemd's (a test's, or a site's own)."""
DEFAULT_CREDSTORE = Path("/etc/credstore.encrypted")
"""Where ``kiosk outbox seal-key`` writes the sealed key."""
SYSTEMD_CREDSTORES = (
    Path("/run/credstore.encrypted"),
    DEFAULT_CREDSTORE,
    Path("/usr/lib/credstore.encrypted"),
)
"""Where systemd 252 looks for an encrypted credential named without a path."""

SEAL_COMMAND = "sudo kiosk outbox seal-key --data-dir /var/lib/kiosk"

# One warning per key file and process, however often the outbox is opened (the
# technician's self-test opens it again inside the running kiosk).
_warned: set[Path] = set()
_warned_lock = threading.Lock()


class SealedKeyError(KeyFileError):
    """The sealed key cannot be used, or is sealed but was not given to this process."""


@dataclass(frozen=True)
class LoadedKey:
    """The outbox key and where it came from (for messages; the bytes are never shown)."""

    secret: bytes = field(repr=False)
    origin: str


@dataclass(frozen=True)
class OutboxKeySource:
    """The rules above, for one kiosk: its plain key file, the credentials systemd gave
    this process (if any), and the credential stores where a sealed key may lie."""

    key_path: Path
    credentials_dir: Path | None = None
    credstores: tuple[Path, ...] = SYSTEMD_CREDSTORES

    def load(self) -> LoadedKey:
        """The key: the credential, else the plain file (created on a new kiosk).

        Raises :class:`SealedKeyError` (the credential is not 32 bytes; sealed but not
        given and no plain file), :class:`KeyFileError` (a bad plain file) or
        :class:`OSError`."""
        credential = self.credential_path()
        if credential is not None and credential.exists():
            try:
                secret = read_key(credential)
            except KeyFileError as exc:
                raise SealedKeyError(
                    f"the sealed outbox key is not an outbox key ({exc}): seal the kiosk's "
                    f"own key again (deploy/README.md, 'Sealing the outbox key')"
                ) from None
            if self.key_path.exists():
                logger.warning(
                    "the outbox key is sealed, but a plain copy is still at %s: remove it "
                    "(`%s` does, after checking the sealed one opens)",
                    self.key_path,
                    SEAL_COMMAND,
                    extra={"event": "outbox.key_plain_copy_left"},
                )
            return LoadedKey(secret, f"the sealed credential {CREDENTIAL_NAME}")
        sealed = self.sealed_path()
        if sealed is not None and not self.key_path.exists():
            raise SealedKeyError(
                f"the outbox key is sealed in {sealed} but this process was not given it "
                f"(no ${CREDENTIALS_DIRECTORY_ENV}/{CREDENTIAL_NAME}); no new key was made, "
                f"so the queue is kept. The kiosk gets it from kiosk.service; run a command "
                f"with it through systemd: `sudo systemd-run --pipe --wait --quiet "
                f"--uid=kiosk -p LoadCredentialEncrypted={CREDENTIAL_NAME} "
                f"-E KIOSK_CONFIG=/etc/kiosk/site.toml /opt/kiosk/.venv/bin/kiosk …`"
            )
        secret = load_or_create_key(self.key_path)
        self._warn_not_sealed(sealed)
        return LoadedKey(secret, f"the key file {self.key_path}")

    def credential_path(self) -> Path | None:
        """Where systemd put the decrypted key for this process, if it runs in a unit with
        credentials."""
        return self.credentials_dir / CREDENTIAL_NAME if self.credentials_dir else None

    def sealed_path(self) -> Path | None:
        """The sealed key in the first credential store that has one, else None."""
        for store in self.credstores:
            candidate = store / CREDENTIAL_NAME
            if candidate.exists():
                return candidate
        return None

    def _warn_not_sealed(self, sealed: Path | None) -> None:
        with _warned_lock:
            if self.key_path in _warned:
                return
            _warned.add(self.key_path)
        given = (
            f"a sealed key is in {sealed} but this process was not given it"
            if sealed
            else "it is not sealed"
        )
        logger.warning(
            "the outbox key is read from the plain file %s beside the database (%s): a "
            "thief of the disk can read the queue; seal it with `%s` "
            "(deploy/README.md, 'Sealing the outbox key')",
            self.key_path,
            given,
            SEAL_COMMAND,
            extra={"event": "outbox.key_not_sealed"},
        )


def key_source_from_environment(
    key_path: Path, environ: Mapping[str, str] | None = None
) -> OutboxKeySource:
    """The key source of this process: ``$CREDENTIALS_DIRECTORY`` if systemd set it, and
    ``$KIOSK_CREDSTORE`` instead of systemd's credential stores if set."""
    env = os.environ if environ is None else environ
    credentials = env.get(CREDENTIALS_DIRECTORY_ENV)
    credstore = env.get(CREDSTORE_ENV)
    return OutboxKeySource(
        key_path,
        Path(credentials) if credentials else None,
        (Path(credstore),) if credstore else SYSTEMD_CREDSTORES,
    )
