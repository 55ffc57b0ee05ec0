"""End to end: pyscard → pcscd → vpcd → the simulated CCCD chip, over 127.0.0.1.

Each round trip through vpcd costs about 45 ms here, so these tests read as few cards as
they can; speed is measured by the benchmark, in process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from hardware.card_reader.pcsc_transport import PcscChipReader
from hardware.simulators.card.chip import CccdCardSimulator
from kiosk.cccd_qr import CitizenIdentity
from kiosk.chip_data import ChipRead, ChipReadFailure
from kiosk.ports import ReaderState

from .conftest import TODAY, VIRTUAL_READER, wait_for_state

InsertCard = Callable[[CccdCardSimulator], CccdCardSimulator]


def test_the_demo_card_reads_through_pcscd_and_vpcd(
    card_on_virtual_reader: InsertCard, lan: CitizenIdentity
) -> None:
    card = card_on_virtual_reader(CccdCardSimulator(lan))  # BAC only: no EF.CardAccess

    result = PcscChipReader(VIRTUAL_READER).read(lan, today=TODAY)

    assert isinstance(result, ChipRead)
    assert result.access == "BAC"
    assert result.identity.full_name == "Nguyễn Thị Lan"
    assert result.mrz.document_number == "184012345"
    assert isinstance(result.face, bytes) and result.face.startswith(b"\xff\xd8\xff")
    assert result.apdu_count == card.apdu_count


def test_card_pulled_mid_read_through_pcscd_says_keep_the_card_on(
    card_on_virtual_reader: InsertCard, lan: CitizenIdentity
) -> None:
    card = card_on_virtual_reader(CccdCardSimulator(lan))
    card.pull_after(8)  # in the middle of reading the data groups

    result = PcscChipReader(VIRTUAL_READER).read(lan, today=TODAY)

    assert result is ChipReadFailure.CARD_REMOVED
    wait_for_state(ReaderState.EMPTY)


def test_a_card_without_the_emrtd_application_is_the_wrong_card_through_pcscd(
    card_on_virtual_reader: InsertCard, lan: CitizenIdentity
) -> None:
    card_on_virtual_reader(CccdCardSimulator(lan, emrtd=False))

    assert PcscChipReader(VIRTUAL_READER).read(lan, today=TODAY) is ChipReadFailure.NOT_A_CCCD


def test_an_empty_reader_says_no_card(pcscd_with_vpcd: None, lan: CitizenIdentity) -> None:
    wait_for_state(ReaderState.EMPTY)

    assert PcscChipReader(VIRTUAL_READER).read(lan, today=TODAY) is ChipReadFailure.NO_CARD


def test_a_reader_that_is_not_plugged_in_says_no_reader(
    pcscd_with_vpcd: None, lan: CitizenIdentity
) -> None:
    assert PcscChipReader("ACS ACR1252").read(lan, today=TODAY) is ChipReadFailure.NO_READER


def test_without_the_pcsc_service_the_read_says_service_unavailable(tmp_path: Path) -> None:
    # libpcsclite finds pcscd through this socket; pointing it at nothing hides the service.
    env = {**os.environ, "PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")}
    code = (
        "from hardware.card_reader.pcsc_transport import PcscChipReader; "
        "print(PcscChipReader().read_with_keys(['x']).value)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr[-1000:]
    assert done.stdout.strip() == ChipReadFailure.SERVICE_UNAVAILABLE.value
