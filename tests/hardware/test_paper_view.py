"""The camera as a document scanner for the screens (``hardware/camera/paper_view.py``):
each previewed frame carries the page seen in it, as fractions of the frame; a capture is
the page straightened and cleaned, as JPEG; through the real scanning service and a
simulated camera replaying synthetic photos of a paper."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np

from hardware.camera.kiosk_camera import KioskCamera
from hardware.camera.paper_view import captured_page, page_sighting
from hardware.simulators.camera import SimulatedCamera
from kiosk.document_hints import PageHint
from kiosk.ports import CameraPreview, ScanTarget
from tests.hardware.document_photos import (
    Photo,
    cluttered_desk,
    held_corners,
    photograph,
    render_page,
    write_sample,
)

WAIT_S = 20.0


def held_page(seed: int = 3) -> Photo:
    corners = held_corners((640, 360), 600, tilt_x=0.3, tilt_y=0.15, turn_deg=6)
    return photograph(render_page("A4"), corners, seed=seed)


def test_a_page_seen_is_outlined_in_fractions_of_the_frame() -> None:
    photo = held_page()
    sighting = page_sighting(photo.frame)
    assert len(sighting.corners) == 4
    height, width = photo.frame.shape[:2]
    truth = photo.corners / np.array([width, height])
    found = np.array(sighting.corners)
    assert np.abs(found - truth).max() < 0.02
    assert sighting.hint is PageHint.GOOD and sighting.capturable


def test_a_blurred_page_is_outlined_but_not_capturable() -> None:
    photo = held_page()
    blurred = cv2.GaussianBlur(photo.frame, (0, 0), 6)
    sighting = page_sighting(blurred)
    assert sighting.hint is not PageHint.GOOD and not sighting.capturable


def test_no_page_gives_no_outline_and_says_so() -> None:
    sighting = page_sighting(cluttered_desk(4))
    assert sighting.corners == () and sighting.hint is PageHint.NO_PAGE
    assert not sighting.capturable


def test_a_capture_is_the_page_straightened_as_jpeg() -> None:
    photo = held_page()
    jpeg = captured_page(photo.frame)
    assert jpeg[:3] == b"\xff\xd8\xff"
    page = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert page is not None
    height, width = page.shape
    assert abs(height / width - 2**0.5) < 0.03  # A4, upright, not the 16:9 frame


def test_a_capture_with_no_page_is_the_whole_frame_cleaned() -> None:
    desk = cluttered_desk(5)
    page = cv2.imdecode(np.frombuffer(captured_page(desk), np.uint8), cv2.IMREAD_GRAYSCALE)
    assert page is not None and page.shape[0] > 0


def test_the_camera_previews_a_paper_with_its_outline_and_captures_it(tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "paper.png", held_page())
    seen: list[CameraPreview] = []
    got = threading.Event()

    def on_preview(preview: CameraPreview) -> None:
        seen.append(preview)
        if preview.page is not None and preview.page.corners:
            got.set()

    camera = KioskCamera(lambda target: SimulatedCamera([sample], interval_s=0.02))
    try:
        camera.start_preview(on_preview)
        assert got.wait(WAIT_S), "no preview with a page"
        page = seen[-1].page
        assert page is not None and page.hint is PageHint.GOOD
        jpeg = camera.capture_page()
        assert jpeg is not None and jpeg[:3] == b"\xff\xd8\xff"
    finally:
        camera.close()
    # The QR services (identify, look-up) look for no page.
    qr_previews: list[CameraPreview] = []
    previewed = threading.Event()

    def on_qr_preview(preview: CameraPreview) -> None:
        qr_previews.append(preview)
        previewed.set()

    camera = KioskCamera(lambda target: SimulatedCamera([sample], interval_s=0.02))
    try:
        camera.start(lambda _: None, on_qr_preview, ScanTarget.ID_CARD)
        assert previewed.wait(WAIT_S), "no preview"
    finally:
        camera.close()
    assert all(p.page is None for p in qr_previews)
