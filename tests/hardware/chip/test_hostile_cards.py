"""A card can answer anything: the reader must turn every answer into a typed result."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.card_reader.cccd_chip import read_cccd_chip
from hardware.card_reader.icao.errors import SecureMessagingError
from hardware.card_reader.icao.secure_messaging import SecureMessaging
from hardware.simulators.card.chip import CccdCardSimulator
from kiosk.chip_data import ChipRead, ChipReadFailure

from .conftest import TODAY, FakeCorruptingCard

FUZZ = settings(max_examples=200, deadline=None, database=None)
KEYS = ["184012345884031572403155"]


class FakeScriptedCard:
    """Answers each APDU with the next scripted response (then with 6D00)."""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = list(answers)

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        return self.answers.pop(0) if self.answers else b"\x6d\x00"


@FUZZ
@given(st.binary(max_size=300))
def test_unprotect_of_any_bytes_returns_or_raises_only_a_secure_messaging_error(
    data: bytes,
) -> None:
    sm = SecureMessaging(bytes(range(16)), bytes(range(16, 32)), bytes(8))
    try:
        result = sm.unprotect(data)
    except SecureMessagingError:
        return
    assert isinstance(result, bytes)


@FUZZ
@given(st.lists(st.binary(max_size=60), max_size=12))
def test_a_card_answering_garbage_never_crashes_the_reader(answers: list[bytes]) -> None:
    result = read_cccd_chip(FakeScriptedCard(answers), KEYS)

    assert isinstance(result, ChipReadFailure)


@FUZZ
@given(st.integers(1, 24), st.binary(max_size=40))
def test_one_corrupted_answer_in_a_real_read_gives_a_typed_result(
    index: int, garbage: bytes
) -> None:
    result = read_cccd_chip(FakeCorruptingCard(CccdCardSimulator(), index, garbage), KEYS)

    assert isinstance(result, ChipRead | ChipReadFailure)


@pytest.mark.parametrize("status", [b"\x6a\x82", b"\x69\x82", b"\x69\x88"])
def test_a_plain_status_word_under_secure_messaging_is_passed_on(status: bytes) -> None:
    sm = SecureMessaging(bytes(16), bytes(16), bytes(8))

    assert sm.unprotect(status) == status


def test_the_demo_keys_here_are_the_demo_cards_keys() -> None:
    from hardware.card_reader.cccd_access import bac_candidates
    from hardware.simulators.card.chip import demo_identity

    lan = demo_identity()

    assert bac_candidates(lan.id_number, lan.date_of_birth, lan.issue_date, TODAY) == KEYS
