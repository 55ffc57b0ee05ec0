"""The technician's PIN: kept only as an argon2id hash, and locked after too many wrong tries.

Two small files in the kiosk's data directory:

- ``technician-pin``: the argon2id hash of the PIN (``$argon2id$…``), mode 0600, replaced
  all at once. The PIN itself is never written anywhere.
- ``technician-lock.json``: how many wrong PINs in a row, and until when the PIN is locked,
  so that switching the kiosk off and on does not lift a lock.

Five wrong PINs in a row lock it for five minutes; while locked, every attempt, even the right
PIN, is :attr:`PinCheck.LOCKED` and the hash is not checked. A right PIN resets the count.

The store keeps no audit trail: the technician's screen records ``technician.login`` and
``technician.login_failed`` (:mod:`kiosk.audit`). Pure Python but for ``argon2-cffi``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.clock import utc_now

log = logging.getLogger(__name__)

PIN_FILE_NAME = "technician-pin"
LOCK_FILE_NAME = "technician-lock.json"
FILE_MODE = 0o600
MIN_DIGITS = 6
MAX_DIGITS = 12
HASH_PREFIX = "$argon2id$"


class PinError(ValueError):
    """A PIN that is not 6 to 12 digits (the message says so)."""


class PinCheck(StrEnum):
    """What became of one attempt."""

    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    """Too many wrong PINs: nothing is checked until ``locked_until``."""
    NOT_SET = "not_set"
    """No PIN was set on this kiosk (``kiosk provision`` sets one)."""


@dataclass(frozen=True)
class PinResult:
    """One attempt's outcome.

    ``attempts_left``: wrong PINs still allowed before the lock (0 while locked).
    ``locked_until``: when the lock lifts (UTC), when locked. The wrong PIN that brings the
    lock on is ``WRONG`` with ``attempts_left == 0`` and ``locked_until`` set; the attempts
    after it are ``LOCKED``."""

    check: PinCheck
    attempts_left: int
    locked_until: datetime | None


def check_pin_format(pin: str) -> str:
    """``pin`` when it is 6 to 12 digits (0-9); else :class:`PinError` saying what it must be."""
    if not (pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise PinError(
            f"the technician PIN must be {MIN_DIGITS} to {MAX_DIGITS} digits (0-9), nothing else"
        )
    return pin


@dataclass(frozen=True)
class _LockState:
    failed: int = 0
    locked_until: datetime | None = None


class PinStore:
    """The technician PIN of the kiosk whose data directory is ``data_dir``.

    Thread-safe; the state is on disk, so two stores on the same directory (or a store made
    after a restart) agree."""

    def __init__(
        self,
        data_dir: Path,
        clock: Callable[[], datetime] = utc_now,
        max_attempts: int = 5,
        lock_for: timedelta = timedelta(minutes=5),
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.pin_path = data_dir / PIN_FILE_NAME
        self.lock_path = data_dir / LOCK_FILE_NAME
        self._clock = clock
        self._max_attempts = max_attempts
        self._lock_for = lock_for
        # argon2 loads with the first store (the back-end's), not with the home screen.
        from argon2 import PasswordHasher, Type

        self._hasher = PasswordHasher(type=Type.ID)
        self._mutex = threading.Lock()

    def is_set(self) -> bool:
        """Whether a PIN is set (an argon2id hash is stored)."""
        return self._stored_hash() is not None

    def set_pin(self, pin: str) -> bool:
        """Set the PIN; True when it changed, False when it was this PIN already (then
        nothing is written). A new PIN also lifts any lock. Raises :class:`PinError`."""
        check_pin_format(pin)
        with self._mutex:
            stored = self._stored_hash()
            if stored is not None and self._matches(stored, pin):
                return False
            _write_atomically(self.pin_path, self._hasher.hash(pin) + "\n")
            self._save_lock(_LockState())
        log.info("technician PIN set", extra={"event": "technician_pin.set"})
        return True

    def verify(self, pin: str) -> PinResult:
        """Check one attempt, counting it if wrong; see :class:`PinResult`."""
        with self._mutex:
            now = self._clock()
            state = self._lock_as_of(now)
            if state.locked_until is not None and now < state.locked_until:
                return PinResult(PinCheck.LOCKED, 0, state.locked_until)
            if state.locked_until is not None:
                state = _LockState()  # the lock ran out: a fresh set of attempts
            stored = self._stored_hash()
            if stored is None:
                return PinResult(PinCheck.NOT_SET, self._max_attempts, None)
            if _well_formed(pin) and self._matches(stored, pin):
                if state != _LockState():
                    self._save_lock(_LockState())
                self._rehash_if_needed(stored, pin)
                return PinResult(PinCheck.OK, self._max_attempts, None)
            failed = state.failed + 1
            if failed >= self._max_attempts:
                until = now + self._lock_for
                self._save_lock(_LockState(failed, until))
                log.warning(
                    "technician PIN locked after %d wrong attempts",
                    failed,
                    extra={"event": "technician_pin.locked"},
                )
                return PinResult(PinCheck.WRONG, 0, until)
            self._save_lock(_LockState(failed, None))
            return PinResult(PinCheck.WRONG, self._max_attempts - failed, None)

    def locked_until(self) -> datetime | None:
        """When the lock lifts (UTC), or None when the PIN is not locked now."""
        with self._mutex:
            now = self._clock()
            until = self._lock_as_of(now).locked_until
        return until if until is not None and now < until else None

    def _lock_as_of(self, now: datetime) -> _LockState:
        """The stored lock, kept to at most ``lock_for`` from ``now``: the lock is on the wall
        clock (it outlasts a restart), and a lock further ahead than that means the clock went
        back (a dead RTC, a clock set by hand); it would otherwise shut the technician out
        for as long as the jump."""
        state = self._load_lock()
        if state.locked_until is not None and state.locked_until > now + self._lock_for:
            state = _LockState(state.failed, now + self._lock_for)
            self._save_lock(state)
        return state

    # --- the files -------------------------------------------------------------------------
    def _stored_hash(self) -> str | None:
        try:
            text = self.pin_path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            log.warning(
                "technician PIN file %s cannot be read (%s): set the PIN again",
                self.pin_path,
                type(exc).__name__,
                extra={"event": "technician_pin.unreadable"},
            )
            return None
        return text if text.startswith(HASH_PREFIX) else None

    def _matches(self, stored: str, pin: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

        try:
            return self._hasher.verify(stored, pin)
        except VerifyMismatchError:
            return False
        except (VerificationError, InvalidHashError):
            log.warning(
                "technician PIN file %s holds no usable hash: set the PIN again",
                self.pin_path,
                extra={"event": "technician_pin.unreadable"},
            )
            return False

    def _rehash_if_needed(self, stored: str, pin: str) -> None:
        if self._hasher.check_needs_rehash(stored):
            _write_atomically(self.pin_path, self._hasher.hash(pin) + "\n")

    def _load_lock(self) -> _LockState:
        try:
            data: Any = json.loads(self.lock_path.read_text(encoding="utf-8"))
            failed = int(data["failed_attempts"])
            until_text = data["locked_until"]
            until = None if until_text is None else datetime.fromisoformat(str(until_text))
        except FileNotFoundError:
            return _LockState()
        except (OSError, ValueError, TypeError, KeyError):
            # Deleting the file would reset it as well; say so and start the count again.
            log.warning(
                "technician lock file %s cannot be read: the count of wrong PINs restarts",
                self.lock_path,
                extra={"event": "technician_pin.lock_unreadable"},
            )
            return _LockState()
        if until is not None and until.tzinfo is None:
            return _LockState(max(failed, 0), None)
        return _LockState(max(failed, 0), until)

    def _save_lock(self, state: _LockState) -> None:
        if state == _LockState() and not self.lock_path.exists():
            return
        document = {
            "failed_attempts": state.failed,
            "locked_until": None if state.locked_until is None else state.locked_until.isoformat(),
        }
        _write_atomically(self.lock_path, json.dumps(document) + "\n")


def _well_formed(pin: str) -> bool:
    try:
        check_pin_format(pin)
    except PinError:
        return False
    return True


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (mode 0600) all at once, durably."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            os.write(fd, text.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        temporary.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    with contextlib.suppress(OSError):
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
