"""The identify screen with a card on the reader: the ID number and birth date typed on the
keyboard open the chip, the resident sees their face and name, and the form is filled; every
failure is explained and the QR code or typing still work."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from PIL import Image

from hardware.card_reader.dg2 import face_image
from hardware.simulators.card.files import FaceFormat, build_dg2, face_picture
from kiosk.cccd_qr import Sex
from kiosk.chip_data import (
    ChipIdentity,
    ChipRead,
    ChipReadFailure,
    FaceImageError,
    FaceImageProblem,
    MrzData,
)
from kiosk.ports import ReaderState
from ui.tour import past_result_choices

from .conftest import Screens
from .test_filling_procedures import CARD


def face_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (240, 320), (190, 150, 120)).save(buffer, format="JPEG")
    return buffer.getvalue()


def chip_read() -> ChipRead:
    lines = (
        "I<VNM0841840123450011840123456",
        "8403156F3403155VNM<<<<<<<<<<<2",
        "NGUYEN<<THI<LAN<<<<<<<<<<<<<<<",
    )
    return ChipRead(
        identity=ChipIdentity(
            id_number="001184012345",
            full_name="Nguyễn Thị Lan",
            date_of_birth=date(1984, 3, 15),
            sex=Sex.FEMALE,
            place_of_residence="Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội",
            issue_date=date(2021, 8, 10),
        ),
        mrz=MrzData(
            "I",
            "VNM",
            "084184012",
            "001184012345",
            date(1984, 3, 15),
            "F",
            date(2034, 3, 15),
            "VNM",
            "",
            "NGUYEN",
            "THI LAN",
            lines,
        ),
        face=face_jpeg(),
        sod=b"\x77\x82\x01\x00signed",
        data_groups={0x0101: b"\x61\x5bDG1", 0x010D: b"\x6d\x10DG13", 0x0102: b"\x75face"},
        access="PACE",
    )


def to_identify(s: Screens) -> None:
    s.bridge.start()
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    s.bridge.begin()
    s.bridge.consent(True)
    s.driver.wait_for("typeInsteadButton")


def type_keys(s: Screens, id_number: str, born: str) -> None:
    d = s.driver
    d.tap("chipIdField")
    d.type_on_keyboard(id_number)
    d.tap("chipBirthField")
    d.type_on_keyboard(born)
    d.tap("readChipButton")


def test_reading_the_chip_shows_the_face_then_fills_the_form(qtbot, screens):
    s, d = screens, screens.driver
    to_identify(s)
    assert d.find("readerHint") is not None  # an empty reader: the screen says it is there
    s.chip.result = chip_read()
    s.chip.release.clear()  # the read takes a while
    s.chip.put(ReaderState.CARD_PRESENT)
    d.wait_for("chipHeading")
    type_keys(s, "001184012345", "15/03/1984")
    d.wait_for("chipBusy")
    assert d.find("typeInsteadButton") is None  # no way out while the chip is read
    assert s.chip.asked == [("001184012345", date(1984, 3, 15))]
    s.chip.release.set()
    face = d.wait_for("chipFace")
    qtbot.waitUntil(lambda: face.property("paintedHeight") > 0, timeout=5_000)
    assert d.property_of("chipName", "text") == "Nguyễn Thị Lan"
    d.tap("confirmChipButton")
    d.wait_for("questionLabel")
    assert s.session.identity_source == "cccd_chip"
    for answer in ("Căn 1205, Tòa A", "12", "relative", "0912345678"):
        s.bridge.form.answer(answer)
    past_result_choices(s.bridge)
    d.tap("submitButton")
    d.wait_for("trackingCode")
    submission = s.queue.queued[0]
    assert submission.applicant["source"] == "cccd_chip"
    assert submission.applicant["full_name"] == "Nguyễn Thị Lan"
    evidence = submission.identity_evidence
    assert evidence["access"] == "PACE" and set(evidence) == {"access", "ef_sod", "dg1", "dg13"}
    d.tap("finishButton")
    d.wait_for("startButton")
    assert (
        s.bridge.identify.face_images.requestImage("1", None, None).width() == 1
    )  # the face is gone


def test_a_jpeg2000_face_from_the_chip_is_shown(qtbot, screens):
    s, d = screens, screens.driver
    to_identify(s)
    face = face_image(build_dg2(face_picture("001184012345", FaceFormat.JP2), image_type=1))
    assert isinstance(face, bytes)
    s.chip.result = replace(chip_read(), face=face)
    s.chip.put(ReaderState.CARD_PRESENT)
    type_keys(s, "001184012345", "15/03/1984")
    shown = d.wait_for("chipFace")
    qtbot.waitUntil(lambda: shown.property("paintedHeight") > 0, timeout=5_000)
    assert s.bridge.identify.face_images.requestImage("1", None, None).width() == 96
    assert d.find("chipFaceUnreadable") is None


def test_a_face_that_cannot_be_shown_is_said_and_the_resident_goes_on(screens):
    s, d = screens, screens.driver
    to_identify(s)
    s.chip.result = replace(chip_read(), face=FaceImageError(FaceImageProblem.CORRUPT, "jp2"))
    s.chip.put(ReaderState.CARD_PRESENT)
    type_keys(s, "001184012345", "15/03/1984")
    said = str(d.wait_for("chipFaceUnreadable").property("text")).replace("\u2060", "")
    assert said == "Không hiển thị được ảnh chân dung trong thẻ. Ông/Bà vẫn có thể tiếp tục."
    assert d.find("chipFace") is None  # no empty picture
    assert d.property_of("chipName", "text") == "Nguyễn Thị Lan"
    s.bridge.setLanguage("en")
    d.wait_until(
        lambda: (
            d.property_of("chipFaceUnreadable", "text")
            == "The photo on your card cannot be shown. You can still continue."
        ),
        5,
        "no English",
    )
    d.tap("confirmChipButton")
    d.wait_for("questionLabel")
    assert s.session.identity_source == "cccd_chip"


def test_a_card_lifted_mid_read_is_explained_and_the_qr_code_still_works(screens):
    s, d = screens, screens.driver
    to_identify(s)
    s.chip.result = ChipReadFailure.CARD_REMOVED
    s.chip.put(ReaderState.CARD_PRESENT)
    type_keys(s, "001184012345", "15/03/1984")
    d.wait_until(lambda: "nhấc ra" in str(s.bridge.property("error")), 5, "no message")
    assert s.bridge.property("screen") == "identify"
    s.chip.put(ReaderState.EMPTY)  # the resident takes the card and shows its QR code instead
    s.qr.show(CARD)
    d.tap("confirmQrButton")
    d.wait_for("questionLabel")
    assert s.session.identity_source == "cccd_qr"


def test_a_bank_card_on_the_reader_is_not_a_citizen_id(screens):
    s, d = screens, screens.driver
    to_identify(s)
    s.chip.result = ChipReadFailure.NOT_A_CCCD
    s.chip.put(ReaderState.CARD_PRESENT)
    type_keys(s, "001184012345", "15/03/1984")
    d.wait_until(
        lambda: "không phải thẻ căn cước" in str(s.bridge.property("error")), 5, "no message"
    )
    d.tap("typeInsteadButton")  # and typing still works
    d.wait_for("questionLabel")


def test_an_id_number_that_cannot_be_right_is_refused_before_touching_the_card(screens):
    s, d = screens, screens.driver
    to_identify(s)
    s.chip.put(ReaderState.CARD_PRESENT)
    type_keys(s, "001190012345", "15/03/1984")  # says born in 1990
    d.wait_until(lambda: "1990" in str(s.bridge.property("error")), 5, "no message")
    assert s.chip.asked == []
