"""What the demo puts in place of the devices and the portal it cannot reach."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from hardware.camera.interface import Camera
from hardware.printer.interface import ReceiptPrinter
from hardware.simulators.camera import SimulatedCamera, page_held_up
from hardware.simulators.paper_photos import PaperSamples, load_paper_samples
from hardware.simulators.printer import SimulatedPrinter
from kiosk.paths import DEMO_CAMERA_DIR
from kiosk.ports import ScanTarget
from sync.portal_simulator import PortalSimulator

DEMO_FRAME_INTERVAL_S = 0.4
DEMO_EMPTY_FRAMES = 4
"""The demo camera shows an empty scene for a moment before the card, as a resident would."""
DEMO_PAPERS_DIR = DEMO_CAMERA_DIR.parent / "papers"
"""The sample papers the demo camera shows on a photo question
(``python -m hardware.simulators.paper_photos`` writes them)."""
DEMO_PAPER_STILL_S = 3.2
"""How long the demo holds each sample page still: long enough for the screen's automatic
capture."""


def demo_camera(
    printer: ReceiptPrinter,
    frame_dir: Path,
    *,
    interval_s: float = DEMO_FRAME_INTERVAL_S,
    papers_dir: Path = DEMO_PAPERS_DIR,
) -> Callable[[ScanTarget], Camera]:
    """The demo's camera: a moment of empty scene, then what the resident holds up. The
    ID card's QR side; on the look-up screen, the newest receipt the simulated printer
    made, so its QR code can be looked up; on a photo question, the sample papers, each
    brought in and then held still, every opening starting at the page after the one the
    last opening started at (a resident capturing a lease page by page sees page 1, 2, 3)."""
    frames = sorted(DEMO_CAMERA_DIR.glob("*.png"))
    empty, card = frames[0], frames[1:]
    papers: list[PaperSamples] = []  # read on the first photo question
    paper_openings = itertools.count()

    def open_camera(target: ScanTarget) -> Camera:
        if target is ScanTarget.PAPER:
            if not papers:
                papers.append(load_paper_samples(papers_dir))
            shown = paper_replay(papers[0], next(paper_openings), interval_s)
            return SimulatedCamera(shown, interval_s)
        shown = card
        if target is ScanTarget.RECEIPT:
            printed = printer.printed if isinstance(printer, SimulatedPrinter) else []
            shown = [receipt_frame(printed[-1])] if printed else [empty]
        return SimulatedCamera([empty] * DEMO_EMPTY_FRAMES + shown, interval_s)

    def receipt_frame(receipt: Path) -> Path:
        # made once per receipt: the camera is opened on the GUI thread
        frame = frame_dir / receipt.name
        return frame if frame.exists() else page_held_up(receipt, frame)

    return open_camera


def paper_replay(samples: PaperSamples, first: int, interval_s: float) -> list[Path]:
    """The frames of every sample page in turn from page ``first`` (modulo their number):
    for each, the empty desk for a moment, the page being brought in, then held still for
    :data:`DEMO_PAPER_STILL_S`."""
    still = max(1, round(DEMO_PAPER_STILL_S / interval_s))
    count = len(samples.pages)
    replay: list[Path] = []
    for offset in range(count):
        page = samples.pages[(first + offset) % count]
        replay += [samples.empty] * DEMO_EMPTY_FRAMES
        replay += [frame.path for frame in page.approach]
        replay += [page.steady.path] * still
    return replay


OTHER_RESIDENT = ("Phạm Minh Tuấn", "001088007777", "Số 9 ngõ 3 Thái Hà, Đống Đa")
"""The made-up resident of :func:`other_kiosks_dossier`: name, ID number, address."""


def other_kiosks_dossier(
    portal: PortalSimulator,
    now: datetime,
    *,
    delivery: dict[str, str] | None = None,
    fee_vnd: int = 7000,
) -> str:
    """A made-up dossier submitted at another building's kiosk (the portal simulator's),
    its fee (if any) paid there, for a look-up of a code this kiosk never saw (the tour's,
    the tests'); its tracking code. ``delivery``: how the result is received (electronic
    when not given)."""
    import json

    from kiosk.payment import PaymentRequest
    from kiosk.submission import new_tracking_code, new_ulid
    from sync.portal_client import Accepted, PortalClient

    code = new_tracking_code()
    local_id = new_ulid(now)
    payload = {
        "local_id": local_id,
        "tracking_code": code,
        "procedure": {"code": "dang-ky-tam-tru", "version": 2},
        "kiosk_id": "HN-KIOSK-DEMO-B",
        "created_at": now.isoformat(),
        "applicant": {"full_name": OTHER_RESIDENT[0], "id_number": OTHER_RESIDENT[1]},
        "answers": {"stay_address": OTHER_RESIDENT[2]},
        "fee_vnd": fee_vnd,
        "result_delivery": delivery or {"method": "electronic"},
    }
    client = PortalClient(portal.base_url, kiosk_id="HN-KIOSK-DEMO-B")
    try:
        if not isinstance(client.submit(local_id, json.dumps(payload)), Accepted):
            raise RuntimeError("the portal simulator refused the other kiosk's dossier")
        payment = client.request_payment(code, fee_vnd) if fee_vnd else None
    finally:
        client.close()
    if fee_vnd:
        if not isinstance(payment, PaymentRequest):
            raise RuntimeError("the portal simulator made no payment for the other kiosk's dossier")
        portal.mark_paid(payment.payment_id)
    return code
