"""``chip_read``: APDUs and CPU time to read the ID card's chip (BAC, then EF.COM, DG1, DG13,
DG2 and EF.SOD under secure messaging) against the card simulator, in process.

The CPU time of a read counts the kiosk's side (``read_cccd_chip``) and, separately, the
simulated card's side (its crypto would run on the chip): the figure is the kiosk's share.
Reads of a card that accepts PACE (with the CAN, brainpoolP256r1) are timed beside them, in
turns, and reported as ``pace_*`` extras: PACE's elliptic-curve work is most of their cost.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from tests.bench.results import Figure, median, not_measured, with_samples

UNIT = "ms CPU/APDU"
TARGET = "report; CPU time per APDU ≤ 1 ms"
TODAY = date(2026, 11, 23)


class TimedCard:
    """Passes APDUs to the simulated card and adds up the CPU time the card spends."""

    def __init__(self, card: Any) -> None:
        self.card = card
        self.card_cpu_s = 0.0

    def transmit(self, apdu: bytes) -> Any:
        """The card's answer, timed."""
        start = time.process_time()
        try:
            return self.card.transmit(apdu)
        finally:
            self.card_cpu_s += time.process_time() - start


@dataclass
class Read:
    """One timed read: the kiosk's and the card's CPU time, the APDUs, how it was opened."""

    reader_ms: float
    card_ms: float
    apdus: int
    access: str


def measure(quick: bool) -> Figure:
    """Median kiosk-side CPU ms per APDU over repeated full reads."""
    if importlib.util.find_spec("hardware.card_reader.icao") is None:
        return not_measured("chip_read", UNIT, TARGET, "hardware.card_reader.icao is not there")
    try:
        from hardware.card_reader.cccd_access import bac_candidates, card_access_number
        from hardware.card_reader.cccd_chip import read_cccd_chip
        from hardware.simulators.card.chip import CccdCardSimulator, PaceMode, demo_identity
        from kiosk.chip_data import ChipRead
    except ImportError as exc:
        return not_measured("chip_read", UNIT, TARGET, f"chip reading not importable: {exc}")
    rounds = 10 if quick else 40
    identity = demo_identity()
    keys = bac_candidates(identity.id_number, identity.date_of_birth, identity.issue_date, TODAY)
    can = card_access_number(identity.id_number)

    def read(pace: PaceMode) -> Read | str:
        card = TimedCard(CccdCardSimulator(identity, pace=pace))  # building it is not the read
        start = time.process_time()
        result = read_cccd_chip(card, keys, can=can if pace is PaceMode.ACCEPT else None)
        total_s = time.process_time() - start
        if not isinstance(result, ChipRead):
            return f"the simulated read failed: {result}"
        reader_s = total_s - card.card_cpu_s
        return Read(reader_s * 1000, card.card_cpu_s * 1000, card.card.apdu_count, result.access)

    # The first PACE builds python-ecdsa's table for the generator, once per process.
    warm_up = read(PaceMode.ACCEPT)
    if isinstance(warm_up, str):
        return not_measured("chip_read", UNIT, TARGET, warm_up)
    bac: list[Read] = []
    pace: list[Read] = []
    for _ in range(rounds):
        for mode, reads in ((PaceMode.OFF, bac), (PaceMode.ACCEPT, pace)):
            done = read(mode)
            if isinstance(done, str):
                return not_measured("chip_read", UNIT, TARGET, done)
            reads.append(done)
    if {r.access for r in pace} != {"PACE"}:
        return not_measured("chip_read", UNIT, TARGET, "the PACE card was not opened with PACE")
    figure = with_samples(
        Figure(key="chip_read", unit=UNIT, target=TARGET), [r.reader_ms / r.apdus for r in bac]
    )
    assert figure.value is not None
    figure.met = figure.value <= 1.0
    reader_ms = median([r.reader_ms for r in bac])
    card_ms = median([r.card_ms for r in bac])
    pace_reader_ms = median([r.reader_ms for r in pace])
    figure.extra = {
        "apdus_per_read": int(median([r.apdus for r in bac])),
        "reader_cpu_ms_per_read": reader_ms,
        "card_cpu_ms_per_read": card_ms,
        "keys_tried_at_most": len(keys),
        "pace_apdus_per_read": int(median([r.apdus for r in pace])),
        "pace_reader_cpu_ms_per_read": pace_reader_ms,
        "pace_card_cpu_ms_per_read": median([r.card_ms for r in pace]),
    }
    figure.note = (
        f"{int(median([r.apdus for r in bac]))} APDUs per read (BAC + COM, DG1, DG13, DG2, "
        f"SOD); kiosk-side CPU {reader_ms:.1f} ms per read, simulated card {card_ms:.1f} ms; "
        f"with PACE (brainpoolP256r1) instead of BAC: kiosk-side {pace_reader_ms:.1f} ms per "
        f"read; {rounds} reads of each"
    )
    return figure
