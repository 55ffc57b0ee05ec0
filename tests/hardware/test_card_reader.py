"""Card readers: the simulator's notifications, and PC/SC without a running service."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from hardware.card_reader.interface import ReaderState
from hardware.card_reader.pcsc_reader import PcscCardReader
from hardware.card_reader.simulator import SimulatedCardReader


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


def _pcscd_running() -> bool:
    if shutil.which("pgrep") is None:
        return True  # cannot tell: do not run a test that assumes it is down
    return subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True).returncode == 0


@pytest.mark.skipif(_pcscd_running(), reason="pcscd is running on this machine")
def test_pcsc_reader_without_service_says_unavailable_instead_of_raising() -> None:
    assert PcscCardReader().state() is ReaderState.UNAVAILABLE
