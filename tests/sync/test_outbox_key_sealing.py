"""Where the outbox key comes from (sync/outbox/key_source.py): the credential systemd
decrypted for the unit, else the plain file with one warning; never a new key where a
sealed one exists. Real SQLite files and key files; the credentials directory is what
systemd makes (a private directory holding the 32 bytes)."""

from __future__ import annotations

import base64
import logging
import os
from pathlib import Path

import pytest

from kiosk.app.parts import open_outbox
from kiosk.ports import QueueUnavailableError
from kiosk.settings import load_settings
from sync.outbox import Outbox
from sync.outbox.key_source import CREDENTIAL_NAME, OutboxKeySource, key_source_from_environment


def credentials_dir(root: Path, key: bytes) -> Path:
    """What LoadCredentialEncrypted= leaves for the unit: a private directory, the key 0400."""
    directory = root / "credentials"
    directory.mkdir(mode=0o700)
    (directory / CREDENTIAL_NAME).write_bytes(key)
    (directory / CREDENTIAL_NAME).chmod(0o400)
    return directory


def open_with(root: Path, **environ: str) -> Outbox:
    db = root / "data" / "outbox.sqlite3"
    key_path = db.with_name(db.name + ".key")
    source = key_source_from_environment(key_path, environ)
    return Outbox(db, key_path=key_path, key_source=source)


def not_sealed_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "event", "") == "outbox.key_not_sealed"]


def test_the_credential_is_the_key_and_no_plain_file_is_made(tmp_path, make_submission):
    key = os.urandom(32)
    creds = credentials_dir(tmp_path, key)
    store = tmp_path / "store"

    outbox = open_with(tmp_path, CREDENTIALS_DIRECTORY=str(creds), KIOSK_CREDSTORE=str(store))
    submission = make_submission()
    local_id = outbox.enqueue(submission).local_id
    outbox.close()

    assert not (tmp_path / "data" / "outbox.sqlite3.key").exists()
    # The same credential opens it again; what was queued reads back whole.
    again = open_with(tmp_path, CREDENTIALS_DIRECTORY=str(creds), KIOSK_CREDSTORE=str(store))
    assert again.health.available
    found = again.get(local_id)
    assert found is not None and found.payload_json == submission.payload_json()
    again.close()
    # And it was that key: the file key a bare Outbox would make does not open it.
    bare = Outbox(tmp_path / "data" / "outbox.sqlite3")
    assert not bare.health.available
    assert "does not open the queued submissions" in (bare.health.alarm or "")
    bare.close()


def test_a_credential_of_the_wrong_length_opens_the_outbox_unavailable_with_an_alarm(
    tmp_path, caplog, make_submission
):
    creds = credentials_dir(tmp_path, os.urandom(31))

    with caplog.at_level(logging.CRITICAL, logger="sync.outbox"):
        outbox = open_with(tmp_path, CREDENTIALS_DIRECTORY=str(creds))

    assert not outbox.health.available
    assert "the sealed outbox key is not an outbox key" in (outbox.health.alarm or "")
    assert "expected 32 bytes, found 31" in (outbox.health.alarm or "")
    with pytest.raises(QueueUnavailableError):
        outbox.enqueue(make_submission())
    outbox.close()
    assert [getattr(r, "event", "") for r in caplog.records] == ["outbox.alarm"]
    assert not (tmp_path / "data" / "outbox.sqlite3.key").exists()


def test_without_a_credential_the_file_is_used_with_one_warning_and_no_secret(
    tmp_path, caplog, monkeypatch
):
    settings = load_settings(environ={})
    data = tmp_path / "data"
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.setenv("KIOSK_CREDSTORE", str(tmp_path / "empty-credstore"))

    with caplog.at_level(logging.INFO, logger="sync.outbox"):
        for _ in range(3):  # the kiosk, then its self-test twice, in one process
            open_outbox(settings, data).close()

    warnings = not_sealed_warnings(caplog)
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    message = warnings[0].getMessage()
    assert "kiosk outbox seal-key" in message and str(data / "outbox.sqlite3.key") in message
    key = (data / "outbox.sqlite3.key").read_bytes()
    for record in caplog.records:
        text = record.getMessage()
        assert key.hex() not in text and base64.b64encode(key).decode() not in text


def test_a_plain_copy_beside_the_credential_is_not_read_but_reported(
    tmp_path, caplog, make_submission
):
    key = os.urandom(32)
    creds = credentials_dir(tmp_path, key)
    plain = tmp_path / "data" / "outbox.sqlite3.key"
    plain.parent.mkdir()
    plain.write_bytes(os.urandom(32))  # another key: were it read, the queue would not open

    with caplog.at_level(logging.WARNING, logger="sync.outbox"):
        first = open_with(tmp_path, CREDENTIALS_DIRECTORY=str(creds))
    submission = make_submission()
    local_id = first.enqueue(submission).local_id
    first.close()
    plain.unlink()
    second = open_with(tmp_path, CREDENTIALS_DIRECTORY=str(creds))

    # Queued with the credential (the plain key would not open it), read back whole.
    assert second.health.available
    found = second.get(local_id)
    assert found is not None and found.payload_json == submission.payload_json()
    second.close()
    events = [getattr(r, "event", "") for r in caplog.records]
    assert events == ["outbox.key_plain_copy_left"]
    assert str(plain) in caplog.records[0].getMessage()


def test_a_sealed_key_not_given_and_no_file_is_an_alarm_not_a_new_key(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / CREDENTIAL_NAME).write_text("sealed by systemd-creds\n")

    outbox = open_with(tmp_path, KIOSK_CREDSTORE=str(store))

    assert not outbox.health.available
    assert f"sealed in {store / CREDENTIAL_NAME}" in (outbox.health.alarm or "")
    assert not (tmp_path / "data" / "outbox.sqlite3.key").exists()
    outbox.close()


def test_a_new_kiosk_without_anything_sealed_makes_its_key_file_as_before(tmp_path):
    source = OutboxKeySource(tmp_path / "k", None, (tmp_path / "empty",))

    first = source.load()

    assert len(first.secret) == 32 and (tmp_path / "k").stat().st_mode & 0o777 == 0o600
    assert source.load().secret == first.secret
    assert first.secret.hex() not in repr(first)
