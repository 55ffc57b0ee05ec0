"""A photo of a paper leaves nothing behind in the clear: a resident identified by the card's
QR code photographs the first page of a paper to copy ("Chứng thực bản sao") with the
(simulated) camera, submits, gets the receipt and finishes. The paper carries a marker
pattern of its own (seeded noise), so the photo's JPEG bytes, and the camera frame's raw
pixels, are like no other file's. The outbox holds the photo only encrypted: its bytes (raw,
base64 or hex), its frame's pixels and the resident's facts are nowhere in the logs, the
kiosk's files (outbox and WAL), new temporary files, the screens' QML tree or the session,
and no in-memory picture is left."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware.simulators.camera import SimulatedCamera
from kiosk.app.on_screen import OnScreen
from kiosk.ports import ScanTarget
from tests.e2e.personal_data_scan import (
    LogTrap,
    ProcessOutput,
    Scan,
    TempWatch,
    card_facts,
    pictures_held,
    scan_the_kiosk,
)
from tests.e2e.test_no_personal_data_left_behind import submit_print_and_finish
from tests.e2e.test_resident_submits_temporary_residence import question_id
from ui.driver import ScreenDriver
from ui.tour import tap_past_result_choices

COPY = "chung-thuc-ban-sao"
PHONE = "0987654321"
MARKER_SEED = 17_0017
"""The paper's marker: noise from this seed, nowhere else."""


def paper_with_marker(path: Path, width: int = 1280, height: int = 720) -> np.ndarray:
    """A white page with lines of "text" and a patch of seeded noise, as the camera sees it
    (BGR); written to ``path`` as PNG for the simulated camera."""
    frame = np.full((height, width, 3), 235, dtype=np.uint8)
    for y in range(120, height - 120, 40):
        frame[y : y + 8, 160 : width - 160] = 40
    noise = np.random.default_rng(MARKER_SEED).integers(0, 256, (160, 320, 3), dtype=np.uint8)
    frame[280:440, 480:800] = noise
    assert cv2.imwrite(str(path), frame)
    return frame


def test_a_photo_of_a_paper_is_nowhere_in_the_clear(
    qtbot,
    watched_on_screen: OnScreen,
    driver: ScreenDriver,
    log_trap: LogTrap,
    temp_watch: TempWatch,
    capfd: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    on_screen = watched_on_screen
    bridge = on_screen.bridge
    output = ProcessOutput(capfd)
    paper = tmp_path_factory.mktemp("paper") / "paper.png"  # outside the kiosk's folders
    frame = paper_with_marker(paper)
    demo_camera = on_screen.app.camera._open_camera
    on_screen.app.camera._open_camera = lambda target: (
        SimulatedCamera([paper], interval_s=0.1)
        if target is ScanTarget.PAPER
        else demo_camera(target)
    )

    driver.tap("startButton")
    driver.tap(f"procedure_{COPY}")
    driver.tap("introStartButton")
    driver.tap("consentAgreeButton")
    # The demo camera shows the card's QR code: "is this you?", then the first question the
    # card does not answer.
    driver.tap("confirmQrButton", timeout_s=20)
    qtbot.waitUntil(lambda: question_id(on_screen) == "document_kind", timeout=20_000)
    identity = bridge.session.identity
    assert identity is not None and bridge.session.identity_source == "cccd_qr"
    for answer in ("id_card", "no", "2", "1", "paper"):
        bridge.form.answer(answer)
    qtbot.waitUntil(lambda: question_id(on_screen) == "original_photo", timeout=10_000)
    driver.wait_until(lambda: bool(bridge.camera.live), 10, "no camera picture")
    driver.tap("takePhotoButton")
    taken = driver.wait_for("photoTaken")
    driver.wait_until(lambda: taken.property("paintedHeight") > 0, 10, "no photo on screen")
    driver.tap("nextButton")  # the page shown is kept, and the paper made of it (one PDF)
    qtbot.waitUntil(lambda: question_id(on_screen) == "phone", timeout=10_000)
    photo = bridge.session.photo("original_photo")
    assert photo is not None and photo.content.startswith(b"%PDF-")
    (page,) = bridge.session.pages("original_photo")
    driver.type_on_keyboard(PHONE)
    driver.tap("nextButton")
    tap_past_result_choices(driver, bridge)
    qtbot.waitUntil(lambda: bridge.property("screen") == "review", timeout=10_000)
    submit_print_and_finish(qtbot, on_screen, driver)
    # The portal received the photo: the kiosk did send it (and it is the one scanned for).
    portal = on_screen.app.portal_simulator
    assert portal is not None
    assert portal.has_attachment(photo.sha256)

    middle = frame[360, 480:800]  # a row of the marker's pixels, as the camera gives them
    blobs = {
        "page (JPEG)": page.content,
        "paper (PDF)": photo.content,
        "camera frame pixels (BGR)": middle.tobytes(),
        "camera frame pixels (RGB)": middle[:, ::-1].tobytes(),
    }
    facts = {**card_facts(identity), "phone": PHONE}

    def scan() -> Scan:
        return scan_the_kiosk(Scan(facts, blobs), on_screen, log_trap, temp_watch, output.read())

    done = scan()
    assert done.leaks() == [], "\n".join(done.leaks())
    assert pictures_held(bridge) == []
    with capfd.disabled():
        print("\n" + done.summary("photo of a paper"))

    # The scan can fail: the photo in a log record (base64, as JSON would carry it) and a
    # stray frame dump in the temporary directory are found.
    logging.getLogger("kiosk.planted").debug("page %s", base64.b64encode(page.content))
    (temp_watch.private / "frame.raw").write_bytes(frame.tobytes())
    planted = scan().leaks()
    assert any(p.startswith("page (JPEG) in log record kiosk.planted") for p in planted)
    assert any(
        p.startswith("camera frame pixels (BGR) in temporary file ($TMPDIR)") for p in planted
    )
