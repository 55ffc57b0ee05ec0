"""Card readers: the simulator's notifications, and PC/SC without a running service."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hardware.simulators.card_reader import SimulatedCardReader
from kiosk.ports import ReaderState


def test_simulated_reader_notifies_watchers_on_insert_remove_and_unplug() -> None:
    reader = SimulatedCardReader()
    seen: list[ReaderState] = []
    reader.watch(seen.append)

    reader.insert_card()
    reader.insert_card()  # no change, no notification
    reader.remove_card()
    reader.unplug()

    assert seen == [ReaderState.CARD_PRESENT, ReaderState.EMPTY, ReaderState.NO_READER]
    assert reader.state() is ReaderState.NO_READER


def test_simulated_reader_notifies_nobody_after_stop() -> None:
    reader = SimulatedCardReader()
    seen: list[ReaderState] = []
    reader.watch(seen.append)
    reader.stop()

    reader.insert_card()

    assert seen == []


def test_pcsc_reader_without_service_says_unavailable_instead_of_raising(tmp_path: Path) -> None:
    # libpcsclite finds pcscd through this socket path; pointing it at nothing gives a
    # machine without the PC/SC service, whether or not pcscd runs here.
    env = {**os.environ, "PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")}
    code = (
        "from hardware.card_reader.pcsc_reader import PcscCardReader; "
        "print(PcscCardReader().state().value)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-1000:]
    assert done.stdout.strip() == ReaderState.UNAVAILABLE.value


def test_a_second_pcsc_watcher_is_told_the_known_state_at_once(monkeypatch) -> None:
    import threading

    from hardware.card_reader.pcsc_reader import PcscCardReader

    reader = PcscCardReader()
    stop = threading.Event()

    def query(wait_ms: int) -> ReaderState:
        stop.wait(wait_ms / 1000)  # pcscd waiting for a change that does not come
        return ReaderState.EMPTY

    monkeypatch.setattr(reader, "_query", query)
    first_heard = threading.Event()
    first: list[ReaderState] = []
    second: list[ReaderState] = []

    def heard(state: ReaderState) -> None:
        first.append(state)
        first_heard.set()

    reader.watch(heard)
    try:
        assert first_heard.wait(5)
        reader.watch(second.append)
        assert second == [ReaderState.EMPTY]  # not waiting for the next change
        assert first == [ReaderState.EMPTY]
    finally:
        stop.set()
        reader.stop()
