"""What the camera is for, screen by screen: the one rule that turns it on, tells it what to
look for, and turns it off (it shows the resident's card and papers: off unless needed)."""

from __future__ import annotations

from kiosk.chip_reading import ChipReadState
from kiosk.ports import ReaderState, ScanTarget
from kiosk.procedures import QuestionType
from kiosk.session import KioskSession, Screen
from kiosk.text import Message

CAMERA_NOT_READY = Message(
    "Camera chưa sẵn sàng. Ông/Bà vui lòng chờ vài giây rồi bấm «Chụp ảnh» lại.",
    "The camera is not ready yet. Please wait a few seconds and press “Take photo” again.",
)
"""Take photo pressed before the camera had a picture."""


def camera_target(
    session: KioskSession, reader: ReaderState, *, lookup_asking: bool, photo_shown: bool
) -> ScanTarget | None:
    """What the camera should look at now, or None for off.

    - the identify screen: the QR code of the ID card, unless the card lies on the reader or
      its chip is being read (then the chip is read instead and no QR code is acted on), or
      a card read waits for the resident to say it is theirs;
    - the look-up screen: a receipt's QR code, while the screen asks for a code
      (``lookup_asking``);
    - a question that asks for a photo of a paper: the paper, until a photo is shown
      (``photo_shown``; taking it again brings the camera back).
    """
    screen = session.screen
    if screen is Screen.IDENTIFY:
        chip_read = session.chip.state is not ChipReadState.IDLE
        waiting = session.qr_person is not None  # "is this you?": off until answered
        if reader is ReaderState.CARD_PRESENT or chip_read or waiting:
            return None
        return ScanTarget.ID_CARD
    if screen is Screen.LOOKUP:
        return ScanTarget.RECEIPT if lookup_asking else None
    question = session.current_question
    if (
        screen is Screen.QUESTION
        and question is not None
        and question.type is QuestionType.ATTACHMENT
        and not photo_shown
    ):
        return ScanTarget.PAPER
    return None
