"""``kiosk outbox seal-key``: the technician seals the outbox's key with systemd-creds::

    sudo kiosk outbox seal-key [--data-dir DIR] [--credstore DIR]
                               [--with-key auto|host|tpm2|host+tpm2] [--json]

It encrypts the kiosk's key into the credential store (``/etc/credstore.encrypted/
outbox-key``, mode 0400) with ``systemd-creds encrypt --name=outbox-key``, decrypts it back
with ``systemd-creds decrypt`` to check it gives the very same 32 bytes, and only then
removes the plain key file. ``kiosk.service`` hands the sealed key to the kiosk
(``LoadCredentialEncrypted=outbox-key``). On a new kiosk, before its first start (no key
file and no outbox yet), it makes the key in memory and seals it, so no plain copy ever
touches the disk.

``--with-key``: ``auto`` (the default) is ``host+tpm2`` where the machine has a TPM2
(``systemd-creds has-tpm2``) and ``host`` elsewhere; see deploy/README.md for what each
protects against. Progress lines for people; ``--json`` prints one JSON object instead.
Exit status: 0 sealed (or already sealed), 1 the sealing failed, 2 it cannot be done here
(no systemd-creds, not root, no TPM2, no key).
"""

from __future__ import annotations

import argparse
import hmac
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.app.parts import DEFAULT_DATA_DIR, outbox_path
from kiosk.settings import Settings, in_data_dir
from sync.outbox.crypto import KEY_BYTES, KeyFileError, read_key
from sync.outbox.key_source import CREDENTIAL_NAME, DEFAULT_CREDSTORE

WITH_KEY_CHOICES = ("auto", "host", "tpm2", "host+tpm2")
SYSTEMD_CREDS = "systemd-creds"
# Encrypting with a TPM2 can take seconds on a slow chip; a hung one must not hang the
# technician for ever.
TIMEOUT_S = 120.0


class SealError(Exception):
    """The key cannot be sealed here; the message says why and what to do."""

    def __init__(self, message: str, exit_status: int = 2) -> None:
        super().__init__(message)
        self.exit_status = exit_status


@dataclass
class SealReport:
    """What was done, for the JSON output."""

    key_file: Path
    credential: Path
    with_key: str = ""
    outcome: str = ""
    steps: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The report as a JSON object (no secret in it)."""
        return {
            "key_file": str(self.key_file),
            "credential": str(self.credential),
            "with_key": self.with_key,
            "outcome": self.outcome,
            "steps": self.steps,
        }


def add_seal_key(outbox_sub: Any) -> None:
    """Register ``seal-key`` under ``kiosk outbox``."""
    seal = outbox_sub.add_parser(
        "seal-key",
        help="seal the outbox key with systemd-creds (TPM2 or host key) and remove the plain file",
    )
    seal.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    seal.add_argument(
        "--credstore",
        type=Path,
        default=DEFAULT_CREDSTORE,
        help=f"where the sealed key goes (default {DEFAULT_CREDSTORE})",
    )
    seal.add_argument(
        "--with-key",
        choices=WITH_KEY_CHOICES,
        default="auto",
        help="what the key is bound to: auto (host+tpm2 with a TPM2, else host)",
    )
    seal.add_argument("--json", action="store_true", help="one JSON object instead of lines")


def run_seal_key(args: argparse.Namespace, settings: Settings) -> int:
    """``kiosk outbox seal-key``: its exit status."""
    report = SealReport(
        in_data_dir(settings.outbox.key_path, args.data_dir),
        args.credstore / CREDENTIAL_NAME,
    )
    say: Callable[[str], None] = (lambda _line: None) if args.json else print
    try:
        seal_key(report, outbox_path(settings, args.data_dir), args.with_key, say)
    except SealError as exc:
        if args.json:
            print(json.dumps({**report.as_json(), "outcome": "error", "error": str(exc)}))
        else:
            print(f"kiosk outbox seal-key: {exc}", file=sys.stderr)
        return exc.exit_status
    if args.json:
        print(json.dumps(report.as_json()))
    return 0


def seal_key(report: SealReport, database: Path, with_key: str, say: Callable[[str], None]) -> None:
    """Seal the key named in ``report`` (see the module's doc); :class:`SealError` if not."""
    creds = shutil.which(SYSTEMD_CREDS)
    if creds is None:
        raise SealError(
            "systemd-creds is not installed (it comes with the Debian package `systemd`, "
            "version 250 or later): install it with `sudo apt install systemd`"
        )
    if os.geteuid() != 0:
        raise SealError(
            "run it as root (`sudo kiosk outbox seal-key …`): systemd-creds needs the "
            "host's secret (/var/lib/systemd/credential.secret) and the TPM2"
        )
    key_file, credential = report.key_file, report.credential
    key = _kiosk_key(key_file)
    if credential.exists():
        _already_sealed(creds, report, key, say)
        return
    if key is None and database.exists():
        raise SealError(
            f"{database} is there but its key {key_file} is not, and no sealed key is in "
            f"{credential.parent}: refusing to make a new key (it would not open what is "
            f"queued); put the key back, or call the operator"
        )
    report.with_key = _choose_key(creds, with_key)
    say(f"sealing the outbox key with systemd-creds --with-key={report.with_key} …")
    secret = key or secrets.token_bytes(KEY_BYTES)
    _encrypt(creds, secret, report.with_key, credential)
    report.steps.append("encrypted")
    say(f"  written: {credential} (mode 0400)")
    try:
        _verify(creds, credential, secret)
    except SealError:
        credential.unlink(missing_ok=True)  # ours, and useless: the plain key stays
        raise
    report.steps.append("verified")
    say("  checked: systemd-creds decrypt gives the same key back")
    if "tpm2" not in report.with_key:
        say(
            "  note: bound to the host secret alone (/var/lib/systemd/credential.secret, on "
            "this disk): it stops a copy of the data directory, not a thief of the whole disk"
        )
    if key is None:
        report.outcome = "sealed-new"
        say("sealed a new key (no plain copy was ever written); start the kiosk")
        return
    _remove_plain(key_file)
    report.steps.append("plain-key-removed")
    report.outcome = "sealed"
    say(f"  removed: {key_file}")
    say("sealed; restart the kiosk to use it: `sudo systemctl restart kiosk`")


def _kiosk_key(key_file: Path) -> bytes | None:
    """The plain key; None when there is no key file."""
    try:
        return read_key(key_file)
    except FileNotFoundError:
        return None
    except KeyFileError as exc:
        raise SealError(f"the key file is not a key ({exc}): call the operator") from None
    except OSError as exc:
        raise SealError(f"cannot read the key file: {exc}") from None


def _already_sealed(
    creds: str, report: SealReport, key: bytes | None, say: Callable[[str], None]
) -> None:
    if key is None:
        report.outcome = "already-sealed"
        say(f"already sealed: {report.credential}; there is no plain key file to remove")
        return
    # A run stopped between sealing and removing the file, or a file put back: remove the
    # plain copy only if the sealed key is this very key.
    say(f"already sealed: {report.credential}; checking it is the key in {report.key_file} …")
    try:
        _verify(creds, report.credential, key)
    except SealError:
        raise SealError(
            f"{report.credential} holds another key than {report.key_file}: refusing to "
            f"touch either; call the operator (which one opens the queue decides)",
            exit_status=1,
        ) from None
    report.steps.append("verified")
    _remove_plain(report.key_file)
    report.steps.append("plain-key-removed")
    report.outcome = "already-sealed"
    say(f"  removed the plain copy: {report.key_file}")


def _choose_key(creds: str, with_key: str) -> str:
    has_tpm2 = _run(creds, ["has-tpm2"], check=False)
    present = has_tpm2.returncode == 0
    if with_key == "auto":
        return "host+tpm2" if present else "host"
    if "tpm2" in with_key and not present:
        first_line = has_tpm2.stdout.decode(errors="replace").strip().splitlines()[:1]
        raise SealError(
            f"--with-key={with_key} asks for a TPM2, and this machine has none usable "
            f"(systemd-creds has-tpm2: {first_line[0] if first_line else 'no'}): use "
            f"--with-key=host, or auto"
        )
    return with_key


def _encrypt(creds: str, key: bytes, with_key: str, credential: Path) -> None:
    store = credential.parent
    store.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = store / f".{credential.name}.{os.getpid()}.tmp"
    old_umask = os.umask(0o077)
    try:
        done = _run(
            creds,
            ["encrypt", f"--name={CREDENTIAL_NAME}", f"--with-key={with_key}", "-", str(temporary)],
            stdin=key,
            check=False,
        )
        if done.returncode != 0:
            raise SealError(f"systemd-creds encrypt failed: {_first_error(done)}", exit_status=1)
        temporary.chmod(0o400)
        _fsync(temporary)
        temporary.replace(credential)
        _fsync(store)
    finally:
        os.umask(old_umask)
        temporary.unlink(missing_ok=True)


def _verify(creds: str, credential: Path, key: bytes) -> None:
    done = _run(creds, ["decrypt", f"--name={CREDENTIAL_NAME}", str(credential), "-"], check=False)
    if done.returncode != 0:
        raise SealError(
            f"systemd-creds decrypt cannot open {credential}: {_first_error(done)}",
            exit_status=1,
        )
    if not hmac.compare_digest(done.stdout, key):
        raise SealError(f"{credential} does not give the key back", exit_status=1)


def _remove_plain(key_file: Path) -> None:
    # Unlinking is all that helps: on ext4's journal, a flash disk's wear levelling or a
    # copy-on-write file system, overwriting the file does not reach the old blocks.
    key_file.unlink()
    _fsync(key_file.parent)


def _run(
    creds: str, arguments: list[str], *, stdin: bytes | None = None, check: bool
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [creds, *arguments],
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=check,
        )
    except subprocess.TimeoutExpired:
        raise SealError(
            f"systemd-creds {arguments[0]} did not answer in {TIMEOUT_S:.0f} s", exit_status=1
        ) from None


def _first_error(done: subprocess.CompletedProcess[bytes]) -> str:
    lines = [
        line
        for line in done.stderr.decode(errors="replace").splitlines()
        if line.strip() and "not located on encrypted media" not in line
    ]
    return lines[-1] if lines else f"exit status {done.returncode}"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
