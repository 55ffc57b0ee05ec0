"""The chip route leaves nothing behind: a resident identified by the card's chip (through
the real pcscd, vsmartcard-vpcd and pyscard, PACE with the simulated card), who sees their
face, answers, submits, gets the receipt and finishes. Then the logs, the process's output,
the kiosk's files (outbox and WAL), new temporary files, the screens' QML tree, the session
and the in-memory pictures hold none of the card's facts, the typed answers, the face as the
card stores it (JPEG, or JPEG 2000 that the kiosk converts to PNG), the face as the kiosk
showed it, or the chip's data groups sent to the portal as evidence (DG1, DG13, EF.SOD).

The card-reader tests share one pcscd: run this file alone."""

from __future__ import annotations

import base64
import threading
from pathlib import Path

import pytest

from hardware.simulators.camera import SimulatedCamera
from hardware.simulators.card.chip import CccdCardSimulator, PaceMode
from hardware.simulators.card.files import FaceFormat, face_picture
from hardware.simulators.card.vpcd import VirtualCardService
from kiosk.app.on_screen import OnScreen
from kiosk.settings import DEMO_CAMERA_DIR
from tests.e2e.personal_data_scan import (
    LogTrap,
    ProcessOutput,
    Scan,
    TempWatch,
    card_facts,
    pictures_held,
    scan_the_kiosk,
)
from tests.e2e.test_no_personal_data_left_behind import (
    TYPED,
    answer_temporary_residence,
    submit_print_and_finish,
)
from tests.e2e.test_resident_submits_temporary_residence import TAM_TRU, question_id
from ui.driver import ScreenDriver


@pytest.mark.parametrize("face", [FaceFormat.JPEG, FaceFormat.JP2])
def test_nothing_of_a_resident_identified_by_the_chip_is_left_behind(
    qtbot,
    face: FaceFormat,
    watched_on_screen: OnScreen,
    driver: ScreenDriver,
    log_trap: LogTrap,
    temp_watch: TempWatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    on_screen = watched_on_screen
    bridge = on_screen.bridge
    output = ProcessOutput(capfd)
    # The demo camera would read the card's QR code first: let it see an empty lobby.
    empty = DEMO_CAMERA_DIR / "frame-1.png"
    on_screen.app.camera._open_camera = lambda _target: SimulatedCamera([empty], interval_s=0.4)
    with VirtualCardService(pace=PaceMode.ACCEPT) as service:
        card = CccdCardSimulator(service.identity, pace=PaceMode.ACCEPT, face=face)
        stored_face = face_picture(service.identity.id_number, face)
        driver.tap("startButton")
        driver.tap(f"procedure_{TAM_TRU}")
        driver.tap("introStartButton")
        driver.tap("consentAgreeButton")
        qtbot.waitUntil(lambda: bridge.identify.reader_state == "empty", timeout=20_000)
        driver.wait_for("readerHint")
        threading.Thread(target=service.insert, args=(card,), daemon=True).start()
        driver.wait_for("chipHeading", timeout_s=20)
        driver.tap("chipIdField")
        driver.type_on_keyboard(service.identity.id_number)
        driver.tap("chipBirthField")
        driver.type_on_keyboard(service.identity.date_of_birth.strftime("%d/%m/%Y"))
        driver.tap("readChipButton")
        driver.wait_until(
            lambda: bridge.identify.chip_state != "reading", 30, "the chip read never ended"
        )
        assert bridge.property("error") == ""
        shown = driver.wait_for("chipFace")
        qtbot.waitUntil(lambda: shown.property("paintedHeight") > 0, timeout=5_000)
        person = bridge.session.chip.person
        assert person is not None and isinstance(person.face, bytes)
        shown_face = person.face  # the JPEG as given, or the PNG made of a JPEG 2000
        assert (shown_face == stored_face) is (face is FaceFormat.JPEG)
        driver.tap("confirmChipButton")
        qtbot.waitUntil(lambda: question_id(on_screen) == "stay_address", timeout=10_000)
        assert bridge.session.identity_source == "cccd_chip"
        identity = bridge.session.identity
        assert identity is not None
        evidence = dict(bridge.session.evidence)
        assert {"dg1", "dg13", "ef_sod"} <= set(evidence)
        answer_temporary_residence(qtbot, on_screen, driver)
        submit_print_and_finish(qtbot, on_screen, driver)
        service.remove()

    blobs = {
        f"face as the card stores it ({face.value})": stored_face,
        "face as the kiosk showed it": shown_face,
        **{f"chip evidence {k}": base64.b64decode(evidence[k]) for k in ("dg1", "dg13", "ef_sod")},
    }
    facts = {**card_facts(identity), **TYPED}

    def scan() -> Scan:
        return scan_the_kiosk(Scan(facts, blobs), on_screen, log_trap, temp_watch, output.read())

    done = scan()
    assert done.leaks() == [], "\n".join(done.leaks())
    assert pictures_held(bridge) == []
    with capfd.disabled():
        print("\n" + done.summary(f"chip visit, face {face.value}"))

    # The scan can fail: the face written to a temporary file, the ID number in a file of
    # the data directory, are found.
    (temp_watch.private / "face.bin").write_bytes(shown_face)
    Path(on_screen.app.data_dir / "left.txt").write_text(f"id={identity.id_number}")
    planted = scan().leaks()
    assert any(
        p.startswith("face as the kiosk showed it in temporary file ($TMPDIR)") for p in planted
    )
    assert any(p.startswith("id number in kiosk file") for p in planted)
