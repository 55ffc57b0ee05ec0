"""What the demo puts in place of the devices and the portal it cannot reach."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hardware.camera.interface import Camera
from hardware.printer.interface import ReceiptPrinter
from hardware.simulators.camera import SimulatedCamera, page_held_up
from hardware.simulators.printer import SimulatedPrinter
from kiosk.paths import DEMO_CAMERA_DIR
from kiosk.ports import ScanTarget

DEMO_FRAME_INTERVAL_S = 0.4
DEMO_EMPTY_FRAMES = 4
"""The demo camera shows an empty scene for a moment before the card, as a resident would."""


def demo_camera(printer: ReceiptPrinter, frame_dir: Path) -> Callable[[ScanTarget], Camera]:
    """The demo's camera: a moment of empty scene, then what the resident holds up. The
    ID card's QR side (and, for now, for a paper too); on the look-up screen, the newest
    receipt the simulated printer made, so its QR code can be looked up."""
    frames = sorted(DEMO_CAMERA_DIR.glob("*.png"))
    empty, card = frames[0], frames[1:]

    def open_camera(target: ScanTarget) -> Camera:
        shown = card
        if target is ScanTarget.RECEIPT:
            printed = printer.printed if isinstance(printer, SimulatedPrinter) else []
            shown = [receipt_frame(printed[-1])] if printed else [empty]
        return SimulatedCamera([empty] * DEMO_EMPTY_FRAMES + shown, DEMO_FRAME_INTERVAL_S)

    def receipt_frame(receipt: Path) -> Path:
        # made once per receipt: the camera is opened on the GUI thread
        frame = frame_dir / receipt.name
        return frame if frame.exists() else page_held_up(receipt, frame)

    return open_camera
