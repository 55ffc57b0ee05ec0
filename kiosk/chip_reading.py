"""Reading the ID card's chip at the kiosk, without any device: what the resident types to
open the chip, what each failure tells them, what travels to the portal as evidence, and
:class:`ChipReading`, where a read is (idle, reading, waiting for the resident to confirm).

The read itself blocks for seconds on the reader; the caller runs it off the screen's thread
and hands the result back with the :class:`ChipRequest` it was made for.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kiosk.answers import Invalid, check_answer
from kiosk.cccd_number import id_number_conflict, id_number_digits, read_id_number
from kiosk.cccd_qr import CitizenIdentity
from kiosk.chip_data import ChipRead, ChipReadFailure, ChipReadResult, FaceImageError
from kiosk.procedures import DateWhen, Question, QuestionType
from kiosk.text import Message

DG1 = 0x0101
DG13 = 0x010D

_BIRTH_DATE = Question(
    "date_of_birth", QuestionType.DATE, Message("Ngày sinh", "Date of birth"), when=DateWhen.PAST
)

CHIP_FAILURE_MESSAGES: dict[ChipReadFailure, Message] = {
    ChipReadFailure.SERVICE_UNAVAILABLE: Message(
        "Đầu đọc thẻ đang không hoạt động. Ông/Bà vui lòng đưa mã QR trên thẻ vào camera, "
        "hoặc tự nhập thông tin.",
        "The card reader is not working. Please show the QR code on your card to the camera, "
        "or type your details.",
    ),
    ChipReadFailure.NO_READER: Message(
        "Không thấy đầu đọc thẻ. Ông/Bà vui lòng đưa mã QR trên thẻ vào camera, "
        "hoặc tự nhập thông tin.",
        "The card reader is not connected. Please show the QR code on your card to the "
        "camera, or type your details.",
    ),
    ChipReadFailure.NO_CARD: Message(
        "Chưa thấy thẻ trên đầu đọc. Ông/Bà đặt thẻ căn cước lên đầu đọc rồi bấm «Đọc chip».",
        "There is no card on the reader. Place your ID card on the reader, then press “Read chip”.",
    ),
    ChipReadFailure.CARD_REMOVED: Message(
        "Thẻ đã bị nhấc ra khi đang đọc. Ông/Bà đặt lại thẻ, giữ yên cho đến khi đọc xong, "
        "rồi bấm «Đọc chip».",
        "The card was lifted while it was being read. Put it back, keep it still until the "
        "reading is done, then press “Read chip”.",
    ),
    ChipReadFailure.NOT_A_CCCD: Message(
        "Thẻ này không phải thẻ căn cước có gắn chip. Ông/Bà vui lòng đặt thẻ căn cước "
        "lên đầu đọc.",
        "This card is not a citizen ID card with a chip. Please place your ID card on the reader.",
    ),
    ChipReadFailure.ACCESS_DENIED: Message(
        "Kiosk chưa mở được chip bằng số định danh và ngày sinh đã nhập. Ông/Bà vui lòng "
        "kiểm tra lại hai thông tin này.",
        "The kiosk could not open the chip with the ID number and date of birth given. "
        "Please check both.",
    ),
    ChipReadFailure.UNREADABLE: Message(
        "Kiosk chưa đọc được chip của thẻ. Ông/Bà thử lại, hoặc đưa mã QR trên thẻ vào camera.",
        "The kiosk could not read the card's chip. Try again, or show the QR code on your "
        "card to the camera.",
    ),
}

CHIP_DATA_INCOMPLETE = Message(
    "Chip của thẻ thiếu thông tin cần thiết. Ông/Bà vui lòng đưa mã QR trên thẻ vào camera.",
    "The card's chip lacks some details. Please show the QR code on your card to the camera.",
)


@dataclass(frozen=True)
class ChipKeys:
    """What opens the chip: the ID number (its last 6 digits are the CAN) and birth date."""

    id_number: str
    date_of_birth: date


def check_chip_keys(id_text: str, birth_text: str, today: date) -> ChipKeys | Message:
    """The typed ID number and date of birth, or what is wrong with them (in the words the
    form's own questions use)."""
    id_number = id_number_digits(id_text)
    facts = read_id_number(id_number, today)
    if isinstance(facts, Message):
        return facts
    born = check_answer(_BIRTH_DATE, birth_text, today)
    if isinstance(born, Invalid):
        return born.message
    date_of_birth = date.fromisoformat(born)
    conflict = id_number_conflict(facts, date_of_birth, None)
    if conflict is not None:
        return conflict
    return ChipKeys(id_number, date_of_birth)


def chip_evidence(read: ChipRead) -> dict[str, str]:
    """What the portal needs to check the card's signature itself: EF.SOD and the data
    groups the kiosk used (DG1, DG13), base64. The face (DG2) stays out: it is shown on the
    screen and forgotten with the session."""
    evidence = {"access": read.access, "ef_sod": base64.b64encode(read.sod).decode()}
    for name, fid in (("dg1", DG1), ("dg13", DG13)):
        content = read.data_groups.get(fid)
        if content is not None:
            evidence[name] = base64.b64encode(content).decode()
    return evidence


class ChipReadState(StrEnum):
    """Where reading the chip is, as the identify screen shows it."""

    IDLE = "idle"
    """No read under way: the resident may type the keys (if the card is on the reader)."""
    READING = "reading"
    CONFIRM = "confirm"
    """Read: the resident sees the face and name and says whether it is them."""


@dataclass(frozen=True)
class ChipRequest:
    """One read asked for: the keys, and which read it is (a result is taken only for the
    read under way, never for an earlier one that ends late)."""

    keys: ChipKeys
    number: int


@dataclass(frozen=True)
class ChipPerson:
    """What the chip said of its holder, for them to recognise before it fills the form.

    ``face`` is the picture to show (JPEG or PNG) or why there is none: the resident is told
    and still recognises themselves by name, birth date and ID number."""

    identity: CitizenIdentity
    evidence: dict[str, str] = field(repr=False)
    face: bytes | FaceImageError = field(repr=False)


class ChipReading:
    """IDLE → READING → CONFIRM (or back to IDLE with a message); :meth:`forget` from any.

    Holds the person read until they confirm or it is forgotten; the session forgets it when
    the resident leaves the identify screen.
    """

    def __init__(self) -> None:
        self.state = ChipReadState.IDLE
        self.person: ChipPerson | None = None
        self._reads = 0
        self._awaited: int | None = None

    def begin(self, id_text: str, birth_text: str, today: date) -> ChipRequest | Message | None:
        """Start a read with the typed ID number and birth date: the request to run, what is
        wrong with the keys (nothing starts), or None while a read is under way or waiting
        for the resident (the tap is ignored)."""
        if self.state is not ChipReadState.IDLE:
            return None
        keys = check_chip_keys(id_text, birth_text, today)
        if isinstance(keys, Message):
            return keys
        self._reads += 1
        self._awaited = self._reads
        self.state = ChipReadState.READING
        return ChipRequest(keys, self._reads)

    def finish(self, request: ChipRequest, result: ChipReadResult) -> ChipPerson | Message | None:
        """A read ended: the person to confirm, what went wrong (back to IDLE), or None when
        the read is no longer awaited (forgotten meanwhile): a late read is never acted on."""
        if self.state is not ChipReadState.READING or request.number != self._awaited:
            return None
        self._awaited = None
        self.state = ChipReadState.IDLE
        if isinstance(result, ChipReadFailure):
            return CHIP_FAILURE_MESSAGES[result]
        identity = result.to_citizen_identity()
        if identity is None:
            return CHIP_DATA_INCOMPLETE
        self.person = ChipPerson(identity, chip_evidence(result), result.face)
        self.state = ChipReadState.CONFIRM
        return self.person

    def confirm(self) -> ChipPerson | None:
        """The resident recognised themselves: the person read (forgotten here), or None when
        nothing waits for confirmation."""
        if self.state is not ChipReadState.CONFIRM:
            return None
        person = self.person
        self.forget()
        return person

    def forget(self) -> None:
        """Back to IDLE with nothing of the card kept; a read under way is no longer awaited."""
        self.state = ChipReadState.IDLE
        self.person = None
        self._awaited = None
