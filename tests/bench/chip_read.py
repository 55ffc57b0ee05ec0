"""``chip_read``: APDUs and CPU time to read the ID card's chip (BAC, then EF.COM, DG1, DG13,
DG2 and EF.SOD under secure messaging) against the card simulator, in process.

The CPU time of a read counts the kiosk's side (``read_cccd_chip``) and, separately, the
simulated card's side (its crypto would run on the chip): the figure is the kiosk's share.
"""

from __future__ import annotations

import importlib.util
import time
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


def measure(quick: bool) -> Figure:
    """Median kiosk-side CPU ms per APDU over repeated full reads."""
    if importlib.util.find_spec("hardware.icao") is None:
        return not_measured("chip_read", UNIT, TARGET, "hardware.icao is not there yet")
    try:
        from hardware.card_reader.cccd_access import bac_candidates
        from hardware.card_reader.cccd_chip import read_cccd_chip
        from hardware.card_reader.cccd_simulator import CccdCardSimulator, demo_identity
        from kiosk.chip_data import ChipRead
    except ImportError as exc:
        return not_measured("chip_read", UNIT, TARGET, f"chip reading not importable: {exc}")
    rounds = 10 if quick else 40
    identity = demo_identity()
    keys = bac_candidates(identity.id_number, identity.date_of_birth, identity.issue_date, TODAY)
    per_apdu: list[float] = []
    reader_ms: list[float] = []
    card_ms: list[float] = []
    apdus: list[int] = []
    for _ in range(rounds):
        card = TimedCard(CccdCardSimulator(identity))  # building the card is not the read
        start = time.process_time()
        result = read_cccd_chip(card, keys)
        total_s = time.process_time() - start
        if not isinstance(result, ChipRead):
            return not_measured("chip_read", UNIT, TARGET, f"the simulated read failed: {result}")
        reader_s = total_s - card.card_cpu_s
        count = card.card.apdu_count
        per_apdu.append(reader_s * 1000 / count)
        reader_ms.append(reader_s * 1000)
        card_ms.append(card.card_cpu_s * 1000)
        apdus.append(count)
    figure = with_samples(Figure(key="chip_read", unit=UNIT, target=TARGET), per_apdu)
    assert figure.value is not None
    figure.met = figure.value <= 1.0
    figure.extra = {
        "apdus_per_read": int(median(apdus)),
        "reader_cpu_ms_per_read": median(reader_ms),
        "card_cpu_ms_per_read": median(card_ms),
        "keys_tried_at_most": len(keys),
    }
    figure.note = (
        f"{int(median(apdus))} APDUs per read (BAC + COM, DG1, DG13, DG2, SOD); kiosk-side "
        f"CPU {median(reader_ms):.1f} ms per read, simulated card {median(card_ms):.1f} ms; "
        f"{rounds} reads"
    )
    return figure
