"""``python -m hardware.simulators.card [--pace accept] [--face jp2]``: put the demo
citizen's card on the virtual reader of a running pcscd until Ctrl+C; ``--bench N`` times N
in-process reads instead. ``python -m hardware.simulators.card.vpcd`` also starts pcscd if
needed."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import date

from hardware.card_reader.cccd_access import bac_candidates, card_access_number
from hardware.card_reader.cccd_chip import read_cccd_chip
from hardware.simulators.card.chip import CccdCardSimulator, PaceMode, demo_identity
from hardware.simulators.card.files import FaceFormat
from hardware.simulators.card.vpcd_link import VPCD_HOST, VPCD_PORT
from kiosk.chip_data import ChipReadFailure


class _TimedCard:
    """Wraps a simulated card to keep the card's CPU time apart from the reader's."""

    def __init__(self, card: CccdCardSimulator) -> None:
        self.card = card
        self.cpu = 0.0

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        started = time.process_time()
        try:
            return self.card.transmit(apdu)
        finally:
            self.cpu += time.process_time() - started


def _bench(rounds: int, pace: PaceMode) -> None:
    identity = demo_identity()
    keys = bac_candidates(
        identity.id_number, identity.date_of_birth, identity.issue_date, date(2026, 1, 1)
    )
    can = card_access_number(identity.id_number)
    apdus = 0
    total_cpu = 0.0
    card_cpu = 0.0
    accesses: set[str] = set()
    for _ in range(rounds):
        card = _TimedCard(CccdCardSimulator(identity, pace=pace))
        # Building the card (Pillow, CMS) is not part of a read: time only the read.
        started = time.process_time()
        result = read_cccd_chip(card, keys, can=can)
        total_cpu += time.process_time() - started
        card_cpu += card.cpu
        if isinstance(result, ChipReadFailure):
            raise SystemExit(f"read failed: {result}")
        accesses.add(result.access)
        apdus += card.card.apdu_count
    reader_cpu = total_cpu - card_cpu
    print(
        f"card: pace={pace.value}, opened with {'/'.join(sorted(accesses))}; "
        f"reads: {rounds}, APDUs per read: {apdus / rounds:.0f}, "
        f"CPU per read: {total_cpu / rounds * 1000:.2f} ms "
        f"(reader {reader_cpu / rounds * 1000:.2f} ms, card {card_cpu / rounds * 1000:.2f} ms), "
        f"reader CPU per APDU: {reader_cpu / apdus * 1e6:.0f} us"
    )


def main(argv: list[str] | None = None) -> int:
    """Put the demo citizen's card on the virtual reader until Ctrl+C (or benchmark)."""
    parser = argparse.ArgumentParser(
        prog="python -m hardware.simulators.card",
        description="A simulated CCCD chip on the virtual reader of a running pcscd.",
    )
    parser.add_argument("--port", type=int, default=VPCD_PORT)
    parser.add_argument("--no-emrtd", action="store_true", help="a card without the eMRTD app")
    parser.add_argument(
        "--pace", choices=[m.value for m in PaceMode], default="off", help="what the card does"
    )
    parser.add_argument(
        "--face",
        choices=[f.value for f in FaceFormat],
        default="jpeg",
        help="how DG2 stores the face (JPEG, JPEG 2000 as JP2 or codestream, or broken)",
    )
    parser.add_argument("--bench", type=int, metavar="N", help="time N in-process reads")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.bench else logging.INFO)
    if args.bench:
        _bench(args.bench, PaceMode(args.pace))
        return 0
    card = CccdCardSimulator(
        emrtd=not args.no_emrtd, pace=args.pace, face=args.face, port=args.port
    )
    if not card.insert():
        print(f"vpcd is not listening on {VPCD_HOST}:{args.port} (is pcscd running?)")
        return 1
    print("card on the virtual reader; Ctrl+C pulls it")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        card.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
