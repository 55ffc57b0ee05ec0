"""PACE end to end: pyscard → pcscd → vpcd → the simulated CCCD chip, over 127.0.0.1.

One read per PACE behaviour of the card (accepts, offers but refuses; the BAC-only card is in
test_chip_read_through_pcscd) and a card with another CAN; then the virtual-card service as
the kiosk demo uses it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hardware.card_reader.pcsc_transport import PcscChipReader
from hardware.simulators.card.chip import CccdCardSimulator, PaceMode
from hardware.simulators.card.vpcd import (
    PcscdService,
    VirtualCardError,
    VirtualCardService,
    list_readers,
    wait_for_reader_state,
)
from kiosk.cccd_qr import CitizenIdentity
from kiosk.chip_data import ChipRead
from kiosk.ports import ReaderState

from .conftest import TODAY, VIRTUAL_READER

InsertCard = Callable[[CccdCardSimulator], CccdCardSimulator]


# The BAC-only card (PaceMode.OFF) is test_chip_read_through_pcscd's demo card.
@pytest.mark.parametrize(
    ("mode", "access"),
    [(PaceMode.ACCEPT, "PACE"), (PaceMode.REFUSE, "BAC")],
    ids=["accepts PACE", "refuses PACE"],
)
def test_each_kind_of_card_reads_through_pcscd_with_the_right_access(
    card_on_virtual_reader: InsertCard, lan: CitizenIdentity, mode: PaceMode, access: str
) -> None:
    card = card_on_virtual_reader(CccdCardSimulator(lan, pace=mode))

    result = PcscChipReader(VIRTUAL_READER).read(lan, today=TODAY)

    assert isinstance(result, ChipRead)
    assert result.access == access
    assert card.access == access
    assert result.identity.full_name == "Nguyễn Thị Lan"
    assert result.apdu_count == card.apdu_count


def test_a_card_with_another_can_falls_back_to_bac_through_pcscd(
    card_on_virtual_reader: InsertCard, lan: CitizenIdentity
) -> None:
    card = card_on_virtual_reader(CccdCardSimulator(lan, pace=PaceMode.ACCEPT, can="999999"))

    result = PcscChipReader(VIRTUAL_READER).read(lan, today=TODAY)

    assert isinstance(result, ChipRead)
    assert result.access == "BAC"
    assert card.pace_failures == 1


def test_the_demo_card_service_inserts_and_removes_its_card(
    pcscd_with_vpcd: PcscdService, huong: CitizenIdentity
) -> None:
    # pcscd already runs (this session's), so the service must not start or stop one.
    with VirtualCardService(huong, pace=PaceMode.ACCEPT) as service:
        assert not service.started_pcscd
        card = service.insert()
        assert service.card is card
        assert wait_for_reader_state(service.reader_name, ReaderState.CARD_PRESENT, 0)

        result = PcscChipReader(service.reader_name).read(huong, today=TODAY)

        assert isinstance(result, ChipRead)
        assert (result.access, result.identity.full_name) == ("PACE", huong.full_name)
        service.remove()
        assert service.card is None
        assert wait_for_reader_state(service.reader_name, ReaderState.EMPTY, 0)
    readers = list_readers()
    assert readers is not None and VIRTUAL_READER in readers  # the shared pcscd still runs


def test_the_service_says_so_when_vpcd_is_not_listening(pcscd_with_vpcd: PcscdService) -> None:
    # Nothing listens on port 9 of the loopback: the card cannot reach a reader.
    service = VirtualCardService(port=9, pcscd=pcscd_with_vpcd, state_timeout_s=0.3)

    with pytest.raises(VirtualCardError, match="vpcd is not listening"):
        service.insert()
    service.close()
    assert wait_for_reader_state(VIRTUAL_READER, ReaderState.EMPTY, 0)


def test_without_a_pc_sc_service_or_pcscd_the_service_says_why(tmp_path: Path) -> None:
    # libpcsclite finds pcscd through this socket; pointing it at nothing hides the service.
    env = {**os.environ, "PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")}
    code = (
        "from pathlib import Path\n"
        "from hardware.simulators.card.vpcd import PcscdService, VirtualCardError\n"
        "for kwargs in ({'pcscd_path': '/nonexistent/pcscd'},"
        " {'vpcd_config': Path('/nonexistent/vpcd')}):\n"
        "    try:\n"
        "        PcscdService(**kwargs).start()\n"
        "    except VirtualCardError as error:\n"
        "        print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr[-1000:]
    lines = done.stdout.splitlines()
    assert lines == [
        "no PC/SC service answers and there is no pcscd at /nonexistent/pcscd",
        "/nonexistent/vpcd is missing: install the Debian package vsmartcard-vpcd",
    ]
