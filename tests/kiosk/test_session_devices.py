"""What the devices bring into the resident's session, without any device or screen: QR codes
routed by the screen they are read on, the chip read (forgotten once the resident leaves
the identify screen) and the receipt (forgotten when the session ends)."""

from kiosk.chip_reading import ChipPerson, ChipReadState
from kiosk.receipt_printing import PrintState
from kiosk.session import NOT_AN_ID_CARD, IdentitySource, QrOutcome, Screen

from .test_cccd_qr import CARD_2021
from .test_chip_reading import BORN, ID_NUMBER, chip_read
from .test_session import answer_all, identity, to_identify

RECEIPT_QR = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=HN-7K3M-Q9PD"


def test_the_id_cards_qr_code_on_the_identify_screen_fills_the_form(session):
    to_identify(session)
    assert session.qr_read(CARD_2021) is QrOutcome.ID_CARD
    # "Is this you?" first, as after a chip read: nothing filled, other codes ignored.
    assert session.identity is None and session.qr_person is not None
    assert session.qr_person.full_name == "Nguyễn Thị Lan"
    assert session.qr_read(CARD_2021) is QrOutcome.IGNORED
    session.confirm_qr()
    assert session.identity_source is IdentitySource.CARD_QR
    assert session.question_id == "stay_address"


def test_a_card_read_that_is_not_the_residents_is_forgotten(session):
    to_identify(session)
    assert session.qr_read(CARD_2021) is QrOutcome.ID_CARD
    session.cancel_qr()
    assert session.qr_person is None and session.identity is None
    assert session.screen is Screen.IDENTIFY
    assert session.qr_read(CARD_2021) is QrOutcome.ID_CARD  # the camera reads again
    session.back()  # leaving the screen forgets the card too
    assert session.qr_person is None


def test_another_qr_code_on_the_identify_screen_is_explained(session):
    to_identify(session)
    assert session.qr_read(RECEIPT_QR) is QrOutcome.NOT_AN_ID_CARD
    assert session.screen is Screen.IDENTIFY and session.error == NOT_AN_ID_CARD


def test_on_the_look_up_screen_a_qr_code_is_for_the_look_up(session, clock):
    session.look_up()
    clock.advance(60)
    assert session.qr_read(RECEIPT_QR) is QrOutcome.FOR_LOOKUP
    assert session.last_activity == clock.now  # holding up a receipt is being there


def test_elsewhere_a_qr_code_means_nothing(session):
    to_identify(session)
    session.type_instead()
    assert session.qr_read(CARD_2021) is QrOutcome.IGNORED
    assert session.identity is None and session.question_id == "full_name"
    session.finish()
    assert session.qr_read(CARD_2021) is QrOutcome.IGNORED
    assert session.screen is Screen.HOME


def test_the_chip_read_and_confirmed_fills_the_form_with_its_evidence(session):
    to_identify(session)
    request = session.read_chip(ID_NUMBER, BORN)
    assert request is not None and session.chip.state == ChipReadState.READING
    person = session.chip_done(request, chip_read())
    assert isinstance(person, ChipPerson) and session.screen is Screen.IDENTIFY
    session.confirm_chip()
    assert session.identity_source is IdentitySource.CARD_CHIP
    assert session.identity is not None and session.identity.full_name == "Nguyễn Thị Lan"
    assert session.evidence["access"] == "PACE"
    assert session.chip.state == ChipReadState.IDLE and session.chip.person is None


def test_wrong_keys_are_explained_and_nothing_is_read(session):
    to_identify(session)
    assert session.read_chip("001190012345", BORN) is None
    assert session.error is not None and "1990" in session.error.vi
    assert session.chip.state == ChipReadState.IDLE
    assert session.read_chip(ID_NUMBER, BORN) is not None
    assert session.error is None


def test_not_me_forgets_the_person_read(session):
    to_identify(session)
    request = session.read_chip(ID_NUMBER, BORN)
    assert request is not None
    session.chip_done(request, chip_read())
    session.cancel_chip()
    assert session.chip.person is None and session.chip.state == ChipReadState.IDLE
    assert session.screen is Screen.IDENTIFY and session.identity is None


def test_leaving_the_identify_screen_forgets_the_chip_and_a_late_read_is_ignored(session):
    to_identify(session)
    request = session.read_chip(ID_NUMBER, BORN)
    assert request is not None
    session.back()
    assert session.chip.state == ChipReadState.IDLE
    session.consent(True)  # back on the identify screen: the old read is not awaited
    assert session.chip_done(request, chip_read()) is None
    assert session.chip.person is None and session.error is None


def test_a_person_read_but_not_confirmed_is_forgotten_with_the_screen(session):
    to_identify(session)
    request = session.read_chip(ID_NUMBER, BORN)
    assert request is not None
    session.chip_done(request, chip_read())
    session.type_instead()
    assert session.chip.person is None and session.identity is None


def test_no_chip_read_starts_away_from_the_identify_screen(session):
    session.start()
    assert session.read_chip(ID_NUMBER, BORN) is None
    assert session.chip.state == ChipReadState.IDLE and session.error is None


def test_the_end_of_the_session_forgets_the_receipt(session):
    to_identify(session)
    session.card_read(identity())
    answer_all(session)
    submission = session.submit()
    session.submitted()
    assert session.receipt.start(submission.local_id)
    session.receipt.finished(submission.local_id, printed=False)
    session.finish()
    assert session.receipt.state == PrintState.IDLE and not session.receipt.can_print_again
