"""When the camera is on and what it looks for, screen by screen."""

from kiosk.camera_use import camera_target
from kiosk.ports import ReaderState, ScanTarget
from kiosk.session import KioskSession

from .test_chip_reading import BORN, ID_NUMBER
from .test_session import identity, to_identify

BEFORE_THE_BIRTH_NOTICE = {
    "relationship": "mother",
    "child_name": "Nguyễn Minh An",
    "child_date_of_birth": "01/10/2026",
    "child_sex": "male",
    "child_ethnicity": "Kinh",
    "birth_place": "Bệnh viện Phụ sản Hà Nội",
}
"""The birth registration's pages up to the one asking for a photo of the birth notice."""


def aimed(
    session: KioskSession,
    reader: ReaderState = ReaderState.EMPTY,
    lookup_asking: bool = True,
    photo_shown: bool = False,
) -> ScanTarget | None:
    return camera_target(session, reader, lookup_asking=lookup_asking, photo_shown=photo_shown)


def test_off_where_nothing_is_shown_to_it(session):
    assert aimed(session) is None  # home
    session.start()
    assert aimed(session) is None


def test_the_identify_screen_reads_the_id_cards_qr_code_unless_the_chip_is_read(session):
    to_identify(session)
    for reader in (ReaderState.UNAVAILABLE, ReaderState.NO_READER, ReaderState.EMPTY):
        assert aimed(session, reader) is ScanTarget.ID_CARD
    assert aimed(session, ReaderState.CARD_PRESENT) is None
    assert session.read_chip(ID_NUMBER, BORN) is not None
    assert aimed(session, ReaderState.EMPTY) is None  # the card lifted mid-read: still reading
    session.chip.forget()
    assert aimed(session, ReaderState.EMPTY) is ScanTarget.ID_CARD


def test_the_look_up_screen_reads_receipts_while_it_asks_for_a_code(session):
    session.look_up()
    assert aimed(session, lookup_asking=True) is ScanTarget.RECEIPT
    assert aimed(session, lookup_asking=False) is None


def test_a_page_asking_for_a_photo_shows_the_paper_until_the_photo_is_shown(session):
    session.start()
    session.choose_procedure("dang-ky-khai-sinh")
    session.begin()
    session.consent(True)
    session.card_read(identity())
    while session.question_id != "birth_notice":
        assert aimed(session) is None
        assert session.answer(BEFORE_THE_BIRTH_NOTICE[session.question_id]) is None
    assert aimed(session, photo_shown=False) is ScanTarget.PAPER
    assert aimed(session, photo_shown=True) is None
