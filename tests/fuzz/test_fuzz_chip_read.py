"""A whole chip read (:func:`~hardware.card_reader.cccd_chip.read_cccd_chip`) against a
simulated card whose files or answers are mutated.

This is where the APDU responses, EF.CardAccess, DG1, DG13, DG2 and EF.SOD meet the reader
together. Allowed outcome: a :class:`ChipRead` or a :class:`ChipReadFailure`, returned; the
function documents no exception, so any raise fails.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hardware.card_reader.cccd_access import card_access_number
from hardware.card_reader.cccd_chip import read_cccd_chip
from hardware.card_reader.icao.bac import mrz_information
from hardware.simulators.card.chip import CccdCardSimulator, PaceMode, demo_identity
from hardware.simulators.card.files import (
    FID_CARD_ACCESS,
    FID_COM,
    FID_DG1,
    FID_DG2,
    FID_DG13,
    FID_SOD,
)
from kiosk.chip_data import ChipRead, ChipReadFailure

from .mutations import mutated_bytes
from .profiles import fuzz_settings

IDENTITY = demo_identity()
CAN = card_access_number(IDENTITY.id_number)
# A BAC read of the demo card takes about 25 APDUs, a PACE read about 30.
MAX_APDUS = 40


def _keys(card: CccdCardSimulator) -> list[str]:
    return [
        mrz_information(
            card.card.document_number, card.card.date_of_birth, card.card.date_of_expiry
        )
    ]


def _template(pace: PaceMode) -> CccdCardSimulator:
    return CccdCardSimulator(IDENTITY, pace=pace)


PACE_CARD_ACCESS = _template(PaceMode.ACCEPT).card.files[FID_CARD_ACCESS]


class MutatingCard:
    """A simulated card whose answer number ``index`` goes through ``mutate``."""

    def __init__(self, card: CccdCardSimulator, index: int, data: st.DataObject) -> None:
        self.card = card
        self.index = index
        self.data = data
        self.count = 0

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        response = self.card.transmit(apdu)
        self.count += 1
        if self.count != self.index or isinstance(response, ChipReadFailure):
            return response
        return self.data.draw(mutated_bytes(response), label=f"answer {self.index}")


def check(result: object) -> None:
    assert isinstance(result, ChipRead | ChipReadFailure)


@fuzz_settings(0.5)
@given(st.sampled_from([FID_COM, FID_DG1, FID_DG13, FID_DG2, FID_SOD]), st.data())
def test_a_card_with_one_file_mutated_reads_or_fails_as_a_value(
    fid: int, data: st.DataObject
) -> None:
    card = _template(PaceMode.OFF)
    original = card.card.files[fid]
    card.card.files[fid] = data.draw(mutated_bytes(original), label="file")
    check(read_cccd_chip(card, _keys(card)))


@fuzz_settings(0.25)
@given(st.one_of(st.binary(max_size=120), mutated_bytes(PACE_CARD_ACCESS)))
def test_a_card_with_card_access_mutated_reads_or_fails_as_a_value(card_access: bytes) -> None:
    card = CccdCardSimulator(IDENTITY, pace=PaceMode.ACCEPT, card_access=card_access)
    check(read_cccd_chip(card, _keys(card), can=CAN))


@fuzz_settings(0.5)
@given(st.integers(min_value=1, max_value=MAX_APDUS), st.data())
def test_a_bac_card_with_one_answer_mutated_reads_or_fails_as_a_value(
    index: int, data: st.DataObject
) -> None:
    card = _template(PaceMode.OFF)
    check(read_cccd_chip(MutatingCard(card, index, data), _keys(card)))


@fuzz_settings(0.25)
@given(st.integers(min_value=1, max_value=MAX_APDUS), st.data())
def test_a_pace_card_with_one_answer_mutated_reads_or_fails_as_a_value(
    index: int, data: st.DataObject
) -> None:
    card = _template(PaceMode.ACCEPT)
    check(read_cccd_chip(MutatingCard(card, index, data), _keys(card), can=CAN))


def test_the_unmutated_cards_read_so_the_mutations_start_from_a_good_read() -> None:
    bac = _template(PaceMode.OFF)
    pace = _template(PaceMode.ACCEPT)
    bac_read = read_cccd_chip(bac, _keys(bac))
    pace_read = read_cccd_chip(pace, _keys(pace), can=CAN)
    assert isinstance(bac_read, ChipRead) and bac_read.access == "BAC"
    assert isinstance(pace_read, ChipRead) and pace_read.access == "PACE"
