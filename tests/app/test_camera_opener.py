"""The kiosk's camera opens at the QR size for the ID card and the receipt, and at the
(larger) paper size for a paper, as ``[camera]`` says."""

from __future__ import annotations

from hardware.camera.opencv_camera import OpenCvCamera
from kiosk.app.wiring import camera_opener
from kiosk.ports import ScanTarget
from kiosk.settings import load_settings


def test_a_paper_is_photographed_at_the_paper_size_and_codes_read_at_the_qr_size() -> None:
    settings = load_settings(
        None, {"KIOSK_CAMERA__DEVICE": "/dev/no-such-camera", "KIOSK_CAMERA__PAPER_WIDTH": "2560"}
    )
    open_camera = camera_opener(settings.camera)
    sizes = {}
    for target in ScanTarget:
        camera = open_camera(target)  # opened lazily: no device is touched here
        assert isinstance(camera, OpenCvCamera)
        sizes[target] = (camera.width, camera.height)
        camera.close()
    assert sizes[ScanTarget.PAPER] == (2560, 1080)
    assert sizes[ScanTarget.ID_CARD] == sizes[ScanTarget.RECEIPT] == (1280, 720)
