"""Reading the chip as the identify screen goes through it, without a reader or a screen:
the typed keys, the read, the resident's confirmation, and a late read never acted on."""

from dataclasses import replace
from datetime import date

import pytest

from kiosk.cccd_qr import Sex
from kiosk.chip_data import (
    ChipIdentity,
    ChipRead,
    ChipReadFailure,
    FaceImageError,
    FaceImageProblem,
    MrzData,
)
from kiosk.chip_reading import (
    CHIP_DATA_INCOMPLETE,
    CHIP_FAILURE_MESSAGES,
    ChipKeys,
    ChipPerson,
    ChipReading,
    ChipReadState,
    ChipRequest,
)
from kiosk.text import Message

TODAY = date(2026, 11, 23)
ID_NUMBER = "001184012345"
BORN = "15/03/1984"


def chip_read(full_name: str | None = "Nguyễn Thị Lan") -> ChipRead:
    """What a card's chip gives (fictitious); without a name it lacks a required field."""
    return ChipRead(
        identity=ChipIdentity(
            id_number=ID_NUMBER,
            full_name=full_name,
            date_of_birth=date(1984, 3, 15),
            sex=Sex.FEMALE,
            place_of_residence="Số 12 ngõ 34 phố Láng Hạ, Hà Nội",
        ),
        mrz=MrzData(
            "I",
            "VNM",
            "084184012",
            ID_NUMBER,
            date(1984, 3, 15),
            "F",
            date(2034, 3, 15),
            "VNM",
            "",
            "NGUYEN",
            "THI LAN",
            ("", "", ""),
        ),
        face=b"\xff\xd8face",
        sod=b"\x77\x82sod",
        data_groups={0x0101: b"DG1", 0x010D: b"DG13", 0x0102: b"DG2"},
        access="PACE",
    )


def state(reading: ChipReading) -> ChipReadState:
    """The state read afresh (mypy would keep what an earlier assert said of the attribute)."""
    return reading.state


def reading_under_way() -> tuple[ChipReading, ChipRequest]:
    reading = ChipReading()
    request = reading.begin(ID_NUMBER, BORN, TODAY)
    assert isinstance(request, ChipRequest)
    return reading, request


def test_keys_that_cannot_be_right_start_no_read_and_say_why():
    reading = ChipReading()
    refused = reading.begin("001190012345", BORN, TODAY)  # the number says born in 1990
    assert isinstance(refused, Message) and "1990" in refused.vi
    assert state(reading) == ChipReadState.IDLE
    assert isinstance(reading.begin("12345", BORN, TODAY), Message)
    assert isinstance(reading.begin(ID_NUMBER, "31/02/1984", TODAY), Message)


def test_the_person_read_waits_for_the_resident_then_is_handed_over_once():
    reading, request = reading_under_way()
    assert request.keys == ChipKeys(ID_NUMBER, date(1984, 3, 15))
    assert state(reading) == ChipReadState.READING
    assert reading.begin(ID_NUMBER, BORN, TODAY) is None  # a second tap while reading
    person = reading.finish(request, chip_read())
    assert isinstance(person, ChipPerson)
    assert person.identity.full_name == "Nguyễn Thị Lan" and person.face == b"\xff\xd8face"
    assert set(person.evidence) == {"access", "ef_sod", "dg1", "dg13"}  # the face stays out
    assert state(reading) == ChipReadState.CONFIRM and reading.person is person
    assert reading.begin(ID_NUMBER, BORN, TODAY) is None  # nothing new while it waits
    assert reading.confirm() is person
    assert state(reading) == ChipReadState.IDLE and reading.person is None
    assert reading.confirm() is None


def test_a_face_that_cannot_be_shown_still_lets_the_resident_confirm():
    reading, request = reading_under_way()
    unreadable = FaceImageError(FaceImageProblem.CORRUPT, "jp2")
    person = reading.finish(request, replace(chip_read(), face=unreadable))
    assert isinstance(person, ChipPerson) and person.face == unreadable
    assert state(reading) == ChipReadState.CONFIRM
    assert reading.confirm() is person


@pytest.mark.parametrize("failure", list(ChipReadFailure))
def test_each_failure_is_explained_and_the_resident_may_try_again(failure):
    reading, request = reading_under_way()
    assert reading.finish(request, failure) == CHIP_FAILURE_MESSAGES[failure]
    assert state(reading) == ChipReadState.IDLE and reading.person is None
    assert isinstance(reading.begin(ID_NUMBER, BORN, TODAY), ChipRequest)


def test_a_chip_lacking_the_identity_sends_the_resident_to_the_qr_code():
    reading, request = reading_under_way()
    assert reading.finish(request, chip_read(full_name=None)) == CHIP_DATA_INCOMPLETE
    assert state(reading) == ChipReadState.IDLE and reading.person is None


def test_a_read_forgotten_meanwhile_is_never_acted_on():
    reading, request = reading_under_way()
    reading.forget()
    assert reading.finish(request, chip_read()) is None
    assert state(reading) == ChipReadState.IDLE and reading.person is None


def test_an_earlier_read_ending_late_is_not_taken_for_the_one_under_way():
    reading, first = reading_under_way()
    reading.forget()
    second = reading.begin(ID_NUMBER, BORN, TODAY)
    assert isinstance(second, ChipRequest) and second != first
    assert reading.finish(first, chip_read()) is None
    assert state(reading) == ChipReadState.READING
    assert isinstance(reading.finish(second, chip_read()), ChipPerson)


def test_confirming_while_reading_changes_nothing():
    reading, request = reading_under_way()
    assert reading.confirm() is None
    assert state(reading) == ChipReadState.READING
    assert isinstance(reading.finish(request, chip_read()), ChipPerson)
