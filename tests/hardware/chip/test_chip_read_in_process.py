"""Reading the simulated chip in process: the whole reader, without pcscd in between."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from asn1crypto import cms
from PIL import Image
from smartcard import scard
from smartcard.Exceptions import CardConnectionException

from hardware.card_reader.cccd_access import bac_candidates
from hardware.card_reader.cccd_chip import read_cccd_chip
from hardware.card_reader.icao.bac import mrz_information
from hardware.card_reader.pcsc_transport import PyscardTransport
from hardware.simulators.card.chip import CccdCardSimulator
from kiosk.cccd_qr import CitizenIdentity, Sex
from kiosk.chip_data import ChipRead, ChipReadFailure

from .conftest import TODAY

# EF.CardAccess announcing PACE (id-PACE-ECDH-GM-AES-CBC-CMAC-128, brainpoolP256r1).
CARD_ACCESS_WITH_PACE = bytes.fromhex("31143012060A04007F0007020204020202010202010D")


def keys_for(identity: CitizenIdentity) -> list[str]:
    return bac_candidates(identity.id_number, identity.date_of_birth, identity.issue_date, TODAY)


def test_the_demo_card_reads_completely(lan: CitizenIdentity) -> None:
    card = CccdCardSimulator(lan)

    result = read_cccd_chip(card, keys_for(lan))

    assert isinstance(result, ChipRead)
    assert result.identity.full_name == "Nguyễn Thị Lan"
    assert result.identity.id_number == lan.id_number
    assert result.identity.date_of_birth == date(1984, 3, 15)
    assert result.identity.place_of_residence == lan.address
    assert result.mrz.document_number == "184012345"
    assert result.mrz.date_of_expiry == date(2024, 3, 15)
    assert result.access == "BAC"
    assert result.apdu_count == card.apdu_count
    assert set(result.data_groups) == {0x011E, 0x0101, 0x010D, 0x0102}
    assert result.to_citizen_identity() == CitizenIdentity(
        id_number=lan.id_number,
        full_name=lan.full_name,
        date_of_birth=lan.date_of_birth,
        sex=Sex.FEMALE,
        address=lan.address,
        issue_date=lan.issue_date,
        generation="chip",
    )


def test_the_face_is_a_jpeg_picture(lan: CitizenIdentity) -> None:
    result = read_cccd_chip(CccdCardSimulator(lan), keys_for(lan))

    assert isinstance(result, ChipRead)
    assert isinstance(result.face, bytes)
    picture = Image.open(io.BytesIO(result.face))
    assert picture.format == "JPEG"
    assert picture.size == (96, 128)


def test_the_sod_is_kept_raw_and_hashes_the_data_groups_read(lan: CitizenIdentity) -> None:
    result = read_cccd_chip(CccdCardSimulator(lan), keys_for(lan))

    assert isinstance(result, ChipRead)
    assert result.sod[0] == 0x77
    content = cms.ContentInfo.load(result.sod[4:], strict=True)
    encap = content["content"]["encap_content_info"]
    assert encap["content_type"].dotted == "2.23.136.1.1.1"
    raw_lds = encap["content"].native
    for number, fid in ((1, 0x0101), (2, 0x0102), (13, 0x010D)):
        assert hashlib.sha256(result.data_groups[fid]).digest() in raw_lds, number


@pytest.mark.parametrize(
    "identity_fixture", ["huong", "khanh"], ids=["Nguyễn Thị Ngọc Hường", "Đặng Quốc Khánh"]
)
def test_rare_diacritics_come_through_the_chip_unchanged(
    identity_fixture: str, request: pytest.FixtureRequest
) -> None:
    identity: CitizenIdentity = request.getfixturevalue(identity_fixture)
    expiry = None if identity_fixture == "khanh" else date(2026, 2, 28)

    result = read_cccd_chip(CccdCardSimulator(identity, date_of_expiry=expiry), keys_for(identity))

    assert isinstance(result, ChipRead)
    assert result.identity.full_name == identity.full_name
    assert result.identity.place_of_residence == identity.address


def test_a_card_without_the_emrtd_application_is_the_wrong_card(lan: CitizenIdentity) -> None:
    card = CccdCardSimulator(lan, emrtd=False)

    assert read_cccd_chip(card, keys_for(lan)) is ChipReadFailure.NOT_A_CCCD
    assert card.apdu_count == 2  # EF.CardAccess, then SELECT of the application


def test_keys_that_do_not_open_the_chip_give_access_denied_after_each_was_tried_once(
    lan: CitizenIdentity,
) -> None:
    card = CccdCardSimulator(lan)
    wrong = [mrz_information("184012345", "840315", expiry) for expiry in ("440315", "991231")]

    assert read_cccd_chip(card, wrong) is ChipReadFailure.ACCESS_DENIED
    assert card.auth_failures == 2


def test_the_second_candidate_opens_a_card_when_the_first_is_wrong(lan: CitizenIdentity) -> None:
    card = CccdCardSimulator(lan)
    keys = [mrz_information("184012345", "840315", "440315"), *keys_for(lan)]

    result = read_cccd_chip(card, keys)

    assert isinstance(result, ChipRead)
    assert card.auth_failures == 1


def test_a_card_offering_pace_is_still_read_with_bac(lan: CitizenIdentity) -> None:
    card = CccdCardSimulator(lan, card_access=CARD_ACCESS_WITH_PACE)

    result = read_cccd_chip(card, keys_for(lan))

    assert isinstance(result, ChipRead)
    assert result.access == "BAC"


@pytest.mark.parametrize("after", [0, 1, 3, 4, 7, 15, 23])
def test_card_pulled_mid_read_says_the_card_was_removed(lan: CitizenIdentity, after: int) -> None:
    card = CccdCardSimulator(lan)
    card.pull_after(after)

    assert read_cccd_chip(card, keys_for(lan)) is ChipReadFailure.CARD_REMOVED


class FakeTamperingCard:
    """Passes APDUs to a simulated card and flips one bit of every answer after ``after``."""

    def __init__(self, card: CccdCardSimulator, after: int) -> None:
        self.card = card
        self.after = after
        self.count = 0

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        response = self.card.transmit(apdu)
        self.count += 1
        if isinstance(response, bytes) and self.count > self.after and len(response) > 4:
            return response[:-4] + bytes([response[-4] ^ 1]) + response[-3:]
        return response


def test_an_answer_with_a_broken_mac_makes_the_read_unreadable(lan: CitizenIdentity) -> None:
    card = FakeTamperingCard(CccdCardSimulator(lan), after=6)

    assert read_cccd_chip(card, keys_for(lan)) is ChipReadFailure.UNREADABLE


class FakeConnection:
    """A pyscard connection whose transmit fails with a PC/SC code."""

    def __init__(self, hresult: int, status_hresult: int | None = None) -> None:
        self.hresult = hresult
        self.status_hresult = status_hresult

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
        raise CardConnectionException("transmit failed", hresult=self.hresult)

    def getATR(self) -> list[int]:  # noqa: N802 - pyscard's name
        if self.status_hresult is not None:
            raise CardConnectionException("status failed", hresult=self.status_hresult)
        return [0x3B, 0x80, 0x80, 0x01, 0x01]


def test_reader_unplugged_mid_read_says_no_reader() -> None:
    transport = PyscardTransport(FakeConnection(scard.SCARD_E_READER_UNAVAILABLE))

    assert read_cccd_chip(transport, ["x"]) is ChipReadFailure.NO_READER


def test_an_empty_answer_from_a_card_that_is_gone_says_removed() -> None:
    transport = PyscardTransport(FakeConnection(0, status_hresult=scard.SCARD_W_REMOVED_CARD))

    assert read_cccd_chip(transport, ["x"]) is ChipReadFailure.CARD_REMOVED
