"""Reading a chip that offers PACE, in process: PACE with the CAN, and the fall back to BAC."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.card_reader.cccd_access import bac_candidates, card_access_number
from hardware.card_reader.cccd_chip import ApduTransport, read_cccd_chip
from hardware.card_reader.icao.bac import mrz_information
from hardware.card_reader.icao.card_access import (
    ID_PACE_ECDH_GM_AES_CBC_CMAC_128,
    ID_PACE_ECDH_GM_AES_CBC_CMAC_192,
    ID_PACE_ECDH_GM_AES_CBC_CMAC_256,
    PaceInfo,
)
from hardware.card_reader.icao.curves import PARAM_BRAINPOOL_P256R1, PARAM_NIST_P256
from hardware.simulators.card.chip import CccdCardSimulator, PaceMode
from hardware.simulators.card.files import build_card_access
from kiosk.cccd_qr import CitizenIdentity
from kiosk.chip_data import ChipRead, ChipReadFailure

from .conftest import TODAY, FakeCorruptingCard

FUZZ = settings(max_examples=60, deadline=None, database=None)
# EF.CardAccess, MSE:Set AT, 4 × GENERAL AUTHENTICATE, protected SELECT of the application.
PACE_APDUS = 2 + 1 + 4 + 1


def keys_for(identity: CitizenIdentity) -> list[str]:
    return bac_candidates(identity.id_number, identity.date_of_birth, identity.issue_date, TODAY)


def read(card: ApduTransport, identity: CitizenIdentity) -> ChipRead | ChipReadFailure:
    return read_cccd_chip(card, keys_for(identity), can=card_access_number(identity.id_number))


def test_a_card_that_accepts_pace_is_opened_with_pace_and_the_can(lan: CitizenIdentity) -> None:
    card = CccdCardSimulator(lan, pace=PaceMode.ACCEPT)

    result = read(card, lan)

    assert isinstance(result, ChipRead)
    assert result.access == "PACE"
    assert card.access == "PACE"
    assert card.auth_failures == card.pace_failures == 0
    assert result.identity.full_name == "Nguyễn Thị Lan"
    assert result.mrz.document_number == "184012345"
    assert isinstance(result.face, bytes) and result.face.startswith(b"\xff\xd8\xff")
    assert set(result.data_groups) == {0x011E, 0x0101, 0x010D, 0x0102}
    assert result.apdu_count == card.apdu_count


def test_pace_and_bac_read_the_same_data(lan: CitizenIdentity) -> None:
    with_pace = read(CccdCardSimulator(lan, pace=PaceMode.ACCEPT), lan)
    with_bac = read(CccdCardSimulator(lan, pace=PaceMode.OFF), lan)

    assert isinstance(with_pace, ChipRead) and isinstance(with_bac, ChipRead)
    assert (with_pace.access, with_bac.access) == ("PACE", "BAC")
    assert with_pace.identity == with_bac.identity
    assert with_pace.mrz == with_bac.mrz
    assert with_pace.data_groups == with_bac.data_groups
    assert with_pace.face == with_bac.face


def test_a_card_that_offers_pace_but_refuses_it_is_read_with_bac(lan: CitizenIdentity) -> None:
    card = CccdCardSimulator(lan, pace=PaceMode.REFUSE)

    result = read(card, lan)

    assert isinstance(result, ChipRead)
    assert result.access == "BAC"
    assert card.access == "BAC"


def test_a_wrong_can_fails_pace_once_then_bac_opens_the_card(lan: CitizenIdentity) -> None:
    card = CccdCardSimulator(lan, pace=PaceMode.ACCEPT, can="999999")

    result = read(card, lan)

    assert isinstance(result, ChipRead)
    assert result.access == "BAC"
    assert card.pace_failures == 1
    assert card.auth_failures == 0


def test_a_wrong_can_and_wrong_bac_keys_give_access_denied(lan: CitizenIdentity) -> None:
    card = CccdCardSimulator(lan, pace=PaceMode.ACCEPT, can="999999")
    wrong = [mrz_information("184012345", "840315", "440315")]

    assert read_cccd_chip(card, wrong, can=card_access_number(lan.id_number)) is (
        ChipReadFailure.ACCESS_DENIED
    )
    assert (card.pace_failures, card.auth_failures) == (1, 1)


def test_without_a_can_the_reader_uses_bac_even_if_the_card_offers_pace(
    lan: CitizenIdentity,
) -> None:
    card = CccdCardSimulator(lan, pace=PaceMode.ACCEPT)

    result = read_cccd_chip(card, keys_for(lan))

    assert isinstance(result, ChipRead)
    assert result.access == "BAC"
    assert card.pace_failures == 0


@pytest.mark.parametrize(
    ("protocol", "parameter_id"),
    [
        (ID_PACE_ECDH_GM_AES_CBC_CMAC_128, PARAM_NIST_P256),
        (ID_PACE_ECDH_GM_AES_CBC_CMAC_192, PARAM_BRAINPOOL_P256R1),
        (ID_PACE_ECDH_GM_AES_CBC_CMAC_256, PARAM_NIST_P256),
    ],
    ids=["AES-128 P-256", "AES-192 brainpoolP256r1", "AES-256 P-256"],
)
def test_the_other_supported_pace_variants_open_the_card(
    lan: CitizenIdentity, protocol: str, parameter_id: int
) -> None:
    card = CccdCardSimulator(
        lan, pace=PaceMode.ACCEPT, pace_info=PaceInfo(protocol, 2, parameter_id)
    )

    result = read(card, lan)

    assert isinstance(result, ChipRead)
    assert result.access == "PACE"


class FakeRecordingCard:
    """Passes APDUs to a simulated card and keeps each command's INS byte."""

    def __init__(self, card: CccdCardSimulator) -> None:
        self.card = card
        self.instructions: list[int] = []

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        self.instructions.append(apdu[1])
        return self.card.transmit(apdu)


def test_a_card_listing_only_unsupported_pace_is_read_with_bac(lan: CitizenIdentity) -> None:
    card = FakeRecordingCard(
        CccdCardSimulator(
            lan,
            pace=PaceMode.ACCEPT,
            card_access=build_card_access([PaceInfo("0.4.0.127.0.7.2.2.4.4.2", 2, 13)]),
        )
    )

    result = read_cccd_chip(card, keys_for(lan), can=card_access_number(lan.id_number))

    assert isinstance(result, ChipRead)
    assert result.access == "BAC"
    assert 0x22 not in card.instructions  # no MSE:Set AT: PACE was not tried
    assert 0x86 not in card.instructions


@pytest.mark.parametrize(
    "card_access", [b"\x31\x03\x30\x01\x00", b"\x04\x02\xff\xff"], ids=["garbage", "not a SET"]
)
def test_an_unreadable_card_access_means_bac(lan: CitizenIdentity, card_access: bytes) -> None:
    card = CccdCardSimulator(lan, pace=PaceMode.ACCEPT, card_access=card_access)

    result = read(card, lan)

    assert isinstance(result, ChipRead)
    assert result.access == "BAC"


@pytest.mark.parametrize("after", range(PACE_APDUS + 1))
def test_card_pulled_during_pace_says_the_card_was_removed(
    lan: CitizenIdentity, after: int
) -> None:
    card = CccdCardSimulator(lan, pace=PaceMode.ACCEPT)
    card.pull_after(after)

    assert read(card, lan) is ChipReadFailure.CARD_REMOVED


def test_a_card_without_the_application_after_pace_is_the_wrong_card(
    lan: CitizenIdentity,
) -> None:
    card = CccdCardSimulator(lan, pace=PaceMode.ACCEPT, emrtd=False)

    assert read(card, lan) is ChipReadFailure.NOT_A_CCCD
    assert card.access == "PACE"


@FUZZ
@given(st.integers(1, PACE_APDUS), st.binary(max_size=80))
def test_one_corrupted_answer_during_pace_gives_a_typed_result(index: int, garbage: bytes) -> None:
    from hardware.simulators.card.chip import demo_identity

    lan = demo_identity()
    result = read(
        FakeCorruptingCard(CccdCardSimulator(lan, pace=PaceMode.ACCEPT), index, garbage), lan
    )

    assert isinstance(result, ChipRead | ChipReadFailure)
    if isinstance(result, ChipRead) and index in range(3, PACE_APDUS):
        assert result.access == "BAC"  # a broken PACE step falls back, never half-trusts


@FUZZ
@given(st.lists(st.binary(max_size=80), min_size=1, max_size=5))
def test_the_simulated_card_answers_any_pace_commands_with_a_status_word(
    commands: list[bytes],
) -> None:
    card = CccdCardSimulator(pace=PaceMode.ACCEPT)
    card.transmit(bytes.fromhex("0022C1A412800A04007F00070202040202830102 84010D"))

    for data in commands:
        cla = 0x10 if len(data) % 2 else 0x00
        answer = card.transmit(bytes([cla, 0x86, 0, 0, len(data)]) + data + b"\x00")
        assert isinstance(answer, bytes) and len(answer) >= 2


class FakeScriptedCard:
    """Offers PACE in EF.CardAccess, then answers each APDU with the next scripted answer."""

    def __init__(self, answers: list[bytes]) -> None:
        card_access = build_card_access([PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128)])
        self.answers = [b"\x90\x00", card_access + b"\x90\x00", *answers]

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        return self.answers.pop(0) if self.answers else b"\x6d\x00"


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=80),
            st.binary(max_size=70).map(lambda b: b"\x7c" + bytes([len(b)]) + b + b"\x90\x00"),
        ),
        max_size=8,
    )
)
def test_a_card_answering_pace_with_garbage_never_crashes_the_reader(
    answers: list[bytes],
) -> None:
    result = read_cccd_chip(FakeScriptedCard(answers), ["184012345884031572403155"], can="012345")

    assert isinstance(result, ChipReadFailure)
