"""Sealing the outbox key (issue 17, "a thief of the machine"), with the installed ``kiosk``
command and the real ``systemd-creds`` (host key; this machine has no TPM2).

There is no systemd as PID 1 here, so ``LoadCredentialEncrypted=`` itself cannot run; the
tests do what it does: ``systemd-creds decrypt`` of the sealed key into a private (0700)
credentials directory, named in ``$CREDENTIALS_DIRECTORY`` for the kiosk's process.
``$KIOSK_CREDSTORE`` points the kiosk at the test's credential store instead of
/etc/credstore.encrypted."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sync.outbox.key_source import CREDENTIAL_NAME
from tests.deploy.unit_file import KIOSK_UNIT, UnitFile
from tests.sync.conftest import TAM_TRU

PROJECT = Path(__file__).resolve().parents[2]
KIOSK = PROJECT / ".venv" / "bin" / "kiosk"
NOT_SEALED = "the outbox key is read from the plain file"


@pytest.fixture(scope="module")
def systemd_creds() -> str:
    path = shutil.which("systemd-creds")
    if path is None:
        pytest.fail(
            "systemd-creds is not installed: it comes with the Debian package systemd "
            "(version 250 or later; Debian 12 has 252): apt-get install systemd"
        )
    if os.geteuid() != 0:
        pytest.fail("these tests seal with the host key, which needs root: run them as root")
    return path


class Kiosk:
    """One kiosk's data directory, credential store and credentials directory."""

    def __init__(self, root: Path) -> None:
        self.data = root / "data"
        self.store = root / "credstore.encrypted"
        self.credentials = root / "credentials"
        self.key_file = self.data / "outbox.sqlite3.key"
        self.sealed = self.store / CREDENTIAL_NAME
        self.form = root / "form.json"
        self.form.write_text(json.dumps(TAM_TRU, ensure_ascii=False), encoding="utf-8")

    def run(
        self, *argv: str, given_credential: bool = False, path: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """The installed ``kiosk`` command, as systemd would start it when
        ``given_credential``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.pop("CREDENTIALS_DIRECTORY", None)
        env["KIOSK_CREDSTORE"] = str(self.store)
        if given_credential:
            env["CREDENTIALS_DIRECTORY"] = str(self.credentials)
        if path is not None:
            env["PATH"] = path
        return subprocess.run(
            [str(KIOSK), *argv], capture_output=True, text=True, env=env, timeout=120
        )

    def status(self, *, given_credential: bool) -> dict[str, Any]:
        done = self.run(
            "outbox", "status", "--data-dir", str(self.data), given_credential=given_credential
        )
        assert done.returncode == 0, done.stderr
        return dict(json.loads(done.stdout))

    def seal(self, *extra: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
        return self.run(
            "outbox",
            "seal-key",
            "--data-dir",
            str(self.data),
            "--credstore",
            str(self.store),
            *extra,
            path=path,
        )

    def start_as_systemd_would(self, systemd_creds: str) -> None:
        """What LoadCredentialEncrypted=outbox-key does as the unit starts."""
        self.credentials.mkdir(mode=0o700)
        target = self.credentials / CREDENTIAL_NAME
        subprocess.run(
            [systemd_creds, "decrypt", f"--name={CREDENTIAL_NAME}", str(self.sealed), str(target)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        target.chmod(0o400)


@pytest.fixture
def kiosk(tmp_path: Path, systemd_creds: str) -> Kiosk:
    return Kiosk(tmp_path)


def test_a_sealed_key_opens_the_queue_and_no_plain_copy_is_left(kiosk, systemd_creds):
    queued = kiosk.run("outbox", "submit", str(kiosk.form), "--data-dir", str(kiosk.data))
    assert queued.returncode == 0, queued.stderr
    local_id = queued.stdout.strip()
    # Not sealed yet: the file, and one warning saying so and what to run.
    assert queued.stderr.count(NOT_SEALED) == 1
    assert "kiosk outbox seal-key" in queued.stderr
    key = kiosk.key_file.read_bytes()
    assert key.hex() not in queued.stderr and base64.b64encode(key).decode() not in queued.stderr

    sealed = kiosk.seal("--with-key", "host", "--json")

    assert sealed.returncode == 0, sealed.stderr
    assert json.loads(sealed.stdout) == {
        "key_file": str(kiosk.key_file),
        "credential": str(kiosk.sealed),
        "with_key": "host",
        "outcome": "sealed",
        "steps": ["encrypted", "verified", "plain-key-removed"],
    }
    assert not kiosk.key_file.exists()
    assert kiosk.sealed.stat().st_mode & 0o777 == 0o400
    assert kiosk.store.stat().st_mode & 0o777 == 0o700
    credential = kiosk.sealed.read_bytes()
    for form in (key, key.hex().encode(), base64.b64encode(key), base64.b64encode(key)[:-4]):
        assert form not in credential
    assert not any(p.name.endswith(".tmp") for p in kiosk.store.iterdir())

    kiosk.start_as_systemd_would(systemd_creds)
    status = kiosk.status(given_credential=True)

    # Opening checks a queued payload decrypts (else the alarm "does not open the queued
    # submissions"): the sealed key is the key the submission was queued with.
    assert (status["available"], status["alarm"]) == (True, None)
    assert status["counts"]["queued"] == 1
    assert status["oldest_unsent"]["local_id"] == local_id
    assert not kiosk.key_file.exists()  # the credential, and no new plain key


def test_a_credential_that_is_not_the_queues_key_raises_the_alarm(kiosk, systemd_creds):
    # The contrast of the test above: the check that proves the sealed key opens the queue.
    assert (
        kiosk.run("outbox", "submit", str(kiosk.form), "--data-dir", str(kiosk.data)).returncode
        == 0
    )
    kiosk.key_file.unlink()
    kiosk.credentials.mkdir(mode=0o700)
    (kiosk.credentials / CREDENTIAL_NAME).write_bytes(os.urandom(32))

    status = kiosk.status(given_credential=True)

    assert status["available"] is False
    assert "sealed credential outbox-key does not open the queued submissions" in status["alarm"]


def test_sealed_but_not_given_refuses_rather_than_make_a_new_key(kiosk, systemd_creds):
    assert (
        kiosk.run("outbox", "submit", str(kiosk.form), "--data-dir", str(kiosk.data)).returncode
        == 0
    )
    assert kiosk.seal("--with-key", "host").returncode == 0

    # A technician's command from a shell: no $CREDENTIALS_DIRECTORY, no plain file.
    status = kiosk.status(given_credential=False)
    again = kiosk.run("outbox", "submit", str(kiosk.form), "--data-dir", str(kiosk.data))

    assert status["available"] is False
    assert f"sealed in {kiosk.sealed}" in status["alarm"]
    assert "no new key was made" in status["alarm"]
    assert "systemd-run" in status["alarm"]
    assert again.returncode == 3
    assert not kiosk.key_file.exists()
    # The queue is intact for the kiosk that is given its key.
    kiosk.start_as_systemd_would(systemd_creds)
    assert kiosk.status(given_credential=True)["counts"]["queued"] == 1


def test_a_new_kiosk_is_sealed_before_its_first_start_without_a_plain_key(kiosk, systemd_creds):
    done = kiosk.seal()  # --with-key auto: the host key here (no TPM2)

    assert done.returncode == 0, done.stderr
    assert "--with-key=host" in done.stdout
    assert "no plain copy was ever written" in done.stdout
    assert not kiosk.key_file.exists()
    kiosk.start_as_systemd_would(systemd_creds)
    queued = kiosk.run(
        "outbox", "submit", str(kiosk.form), "--data-dir", str(kiosk.data), given_credential=True
    )
    assert queued.returncode == 0, queued.stderr
    assert NOT_SEALED not in queued.stderr
    assert not kiosk.key_file.exists()
    assert kiosk.status(given_credential=True)["counts"]["queued"] == 1


def test_sealing_twice_says_already_sealed(kiosk, systemd_creds):
    assert kiosk.run("outbox", "status", "--data-dir", str(kiosk.data)).returncode == 0
    assert kiosk.seal("--with-key", "host").returncode == 0
    credential = kiosk.sealed.read_bytes()

    again = kiosk.seal("--with-key", "host")

    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("already sealed:")
    assert kiosk.sealed.read_bytes() == credential


def test_a_plain_key_left_beside_its_sealed_copy_is_removed_only_if_it_is_the_same(
    kiosk, systemd_creds
):
    assert kiosk.run("outbox", "status", "--data-dir", str(kiosk.data)).returncode == 0
    key = kiosk.key_file.read_bytes()
    assert kiosk.seal("--with-key", "host").returncode == 0

    kiosk.key_file.write_bytes(os.urandom(32))  # another key put back
    other = kiosk.seal("--with-key", "host")
    assert other.returncode == 1
    assert other.stderr.strip().endswith("call the operator (which one opens the queue decides)")
    assert kiosk.key_file.exists()

    kiosk.key_file.write_bytes(key)  # the same key (a run stopped before removing it)
    same = kiosk.seal("--with-key", "host", "--json")
    assert same.returncode == 0, same.stderr
    assert json.loads(same.stdout)["steps"] == ["verified", "plain-key-removed"]
    assert not kiosk.key_file.exists()


def test_a_queue_without_its_key_is_not_given_a_new_one(kiosk, systemd_creds):
    assert (
        kiosk.run("outbox", "submit", str(kiosk.form), "--data-dir", str(kiosk.data)).returncode
        == 0
    )
    kiosk.key_file.unlink()

    done = kiosk.seal()

    assert done.returncode == 2
    assert "refusing to make a new key" in done.stderr
    assert not kiosk.sealed.exists()


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kiosk outbox seal-key: ")
    assert "Traceback" not in done.stderr
    return lines[0]


def test_without_systemd_creds_one_line_names_the_package(kiosk, systemd_creds):
    assert kiosk.run("outbox", "status", "--data-dir", str(kiosk.data)).returncode == 0

    done = kiosk.seal(path=str(KIOSK.parent))  # a PATH without systemd-creds

    assert done.returncode == 2
    assert "Debian package `systemd`" in one_line(done)
    assert kiosk.key_file.exists()


def test_tpm2_asked_on_a_machine_without_one_is_one_line(kiosk, systemd_creds):
    if subprocess.run([systemd_creds, "has-tpm2"], capture_output=True).returncode == 0:
        pytest.fail("this test needs a machine without a TPM2; this one has one")
    assert kiosk.run("outbox", "status", "--data-dir", str(kiosk.data)).returncode == 0

    done = kiosk.seal("--with-key", "tpm2")

    assert done.returncode == 2
    line = one_line(done)
    assert "asks for a TPM2" in line and "--with-key=host" in line
    assert kiosk.key_file.exists() and not kiosk.sealed.exists()


def test_not_root_is_one_line(kiosk, tmp_path, systemd_creds):
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (Debian package util-linux) is needed to run as another user"
    tmp_path.chmod(0o755)
    done = subprocess.run(
        [
            setpriv,
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            str(KIOSK),
            "outbox",
            "seal-key",
            "--data-dir",
            str(kiosk.data),
            "--credstore",
            str(kiosk.store),
        ],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 2
    assert "run it as root" in one_line(done)


def test_the_unit_asks_for_the_sealed_key_by_name_so_an_unsealed_kiosk_still_starts():
    # systemd 252: an absolute path that is missing fails the unit at step CREDENTIALS; a
    # bare name is searched in the credential stores and skipped when missing.
    unit = UnitFile.read(KIOSK_UNIT)
    assert unit.values("Service", "LoadCredentialEncrypted") == [CREDENTIAL_NAME]


def test_a_sealed_key_that_does_not_decrypt_back_is_discarded_and_the_plain_key_kept(
    kiosk, tmp_path, systemd_creds
):
    # Fault injected at the one seam: the real systemd-creds encrypts, its decrypt lies.
    lying = tmp_path / "bin" / "systemd-creds"
    lying.parent.mkdir()
    lying.write_text(
        f'#!/bin/sh\n[ "$1" = decrypt ] && {{ head -c 32 /dev/urandom; exit 0; }}\n'
        f'exec {systemd_creds} "$@"\n'
    )
    lying.chmod(0o755)
    assert kiosk.run("outbox", "status", "--data-dir", str(kiosk.data)).returncode == 0
    key = kiosk.key_file.read_bytes()

    done = kiosk.seal("--with-key", "host", path=f"{lying.parent}:{os.environ['PATH']}")

    assert done.returncode == 1
    assert "does not give the key back" in one_line(done)
    assert kiosk.key_file.read_bytes() == key
    assert list(kiosk.store.iterdir()) == []
