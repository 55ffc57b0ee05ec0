"""The technician PIN: an argon2id hash only, 0600; five wrong PINs lock it for five minutes,
and the lock outlives a restart."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.technician_pin import (
    LOCK_FILE_NAME,
    PIN_FILE_NAME,
    PinCheck,
    PinError,
    PinResult,
    PinStore,
)
from tests.fake_clock import FakeClock

PIN = "246810"
OTHER = "135791"


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> PinStore:
    pins = PinStore(tmp_path, clock)
    pins.set_pin(PIN)
    return pins


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_pin_is_kept_as_an_argon2id_hash_only_readable_by_the_kiosk(
    tmp_path: Path, clock: FakeClock
) -> None:
    pins = PinStore(tmp_path, clock)
    assert not pins.is_set()

    assert pins.set_pin(PIN) is True

    stored = (tmp_path / PIN_FILE_NAME).read_text(encoding="ascii")
    assert stored.startswith("$argon2id$")
    assert PIN not in stored
    assert mode(tmp_path / PIN_FILE_NAME) == 0o600
    assert pins.is_set()
    assert [p.name for p in tmp_path.iterdir()] == [PIN_FILE_NAME]  # no temporary left


def test_the_right_pin_opens_and_a_wrong_one_is_counted(store: PinStore) -> None:
    assert store.verify(PIN) == PinResult(PinCheck.OK, 5, None)
    assert store.verify(OTHER) == PinResult(PinCheck.WRONG, 4, None)
    assert store.verify(OTHER) == PinResult(PinCheck.WRONG, 3, None)
    assert store.verify(PIN) == PinResult(PinCheck.OK, 5, None)  # a success resets the count
    assert store.verify(OTHER) == PinResult(PinCheck.WRONG, 4, None)


def test_five_wrong_pins_lock_it_for_five_minutes_even_against_the_right_pin(
    store: PinStore, clock: FakeClock
) -> None:
    results = [store.verify(OTHER) for _ in range(5)]

    until = clock() + timedelta(minutes=5)
    assert [r.attempts_left for r in results] == [4, 3, 2, 1, 0]
    assert results[-1] == PinResult(PinCheck.WRONG, 0, until)
    assert store.locked_until() == until
    assert store.verify(PIN) == PinResult(PinCheck.LOCKED, 0, until)
    clock.advance(4 * 60 + 59)
    assert store.verify(PIN).check is PinCheck.LOCKED
    lock = json.loads((store.lock_path).read_text(encoding="utf-8"))
    assert lock["failed_attempts"] == 5  # attempts while locked are not checked nor counted


def test_the_lock_lifts_after_five_minutes_with_a_fresh_set_of_attempts(
    store: PinStore, clock: FakeClock
) -> None:
    for _ in range(5):
        store.verify(OTHER)
    clock.advance(5 * 60)

    assert store.locked_until() is None
    assert store.verify(OTHER) == PinResult(PinCheck.WRONG, 4, None)
    assert store.verify(PIN) == PinResult(PinCheck.OK, 5, None)


def test_the_lock_survives_a_restart(tmp_path: Path, store: PinStore, clock: FakeClock) -> None:
    for _ in range(5):
        store.verify(OTHER)

    restarted = PinStore(tmp_path, clock)

    assert restarted.locked_until() == clock() + timedelta(minutes=5)
    assert restarted.verify(PIN).check is PinCheck.LOCKED
    assert mode(tmp_path / LOCK_FILE_NAME) == 0o600


def test_the_count_of_wrong_pins_survives_a_restart(
    tmp_path: Path, store: PinStore, clock: FakeClock
) -> None:
    for _ in range(4):
        store.verify(OTHER)

    result = PinStore(tmp_path, clock).verify(OTHER)

    assert result == PinResult(PinCheck.WRONG, 0, clock() + timedelta(minutes=5))


@pytest.mark.parametrize("bad", ["", "12345", "1234567890123", "12345a", "12 3456", "١٢٣٤٥٦"])
def test_pins_that_are_not_6_to_12_digits_are_refused(tmp_path: Path, bad: str) -> None:
    pins = PinStore(tmp_path)

    with pytest.raises(PinError, match="6 to 12 digits"):
        pins.set_pin(bad)
    assert not pins.is_set()


def test_a_malformed_attempt_is_a_wrong_one(store: PinStore) -> None:
    assert store.verify("abc") == PinResult(PinCheck.WRONG, 4, None)


def test_setting_the_same_pin_again_changes_nothing(tmp_path: Path, store: PinStore) -> None:
    before = (tmp_path / PIN_FILE_NAME).read_bytes()

    assert store.set_pin(PIN) is False

    assert (tmp_path / PIN_FILE_NAME).read_bytes() == before


def test_a_new_pin_replaces_the_old_one_and_lifts_the_lock(
    store: PinStore, clock: FakeClock
) -> None:
    for _ in range(5):
        store.verify(OTHER)

    assert store.set_pin(OTHER) is True

    assert store.locked_until() is None
    assert store.verify(PIN) == PinResult(PinCheck.WRONG, 4, None)
    assert store.verify(OTHER).check is PinCheck.OK


def test_without_a_pin_nothing_opens_and_nothing_is_counted(
    tmp_path: Path, clock: FakeClock
) -> None:
    pins = PinStore(tmp_path, clock)

    assert pins.verify(PIN) == PinResult(PinCheck.NOT_SET, 5, None)
    assert not (tmp_path / LOCK_FILE_NAME).exists()


def test_a_pin_file_without_a_hash_counts_as_no_pin(tmp_path: Path, clock: FakeClock) -> None:
    (tmp_path / PIN_FILE_NAME).write_text(PIN, encoding="ascii")  # a PIN in clear: refused

    pins = PinStore(tmp_path, clock)

    assert not pins.is_set()
    assert pins.verify(PIN).check is PinCheck.NOT_SET


def test_an_unreadable_lock_file_restarts_the_count(store: PinStore) -> None:
    store.lock_path.write_text("{not json", encoding="utf-8")

    assert store.verify(OTHER) == PinResult(PinCheck.WRONG, 4, None)
