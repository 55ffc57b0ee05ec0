"""BAC keys from what the QR code says: document number, birth date, and a few expiries."""

from __future__ import annotations

from datetime import date

from hardware.card_reader.cccd_access import (
    bac_candidates,
    card_access_number,
    document_number,
    expiry_candidates,
)
from kiosk.cccd_qr import CitizenIdentity

from .conftest import TODAY


def test_document_number_is_the_last_nine_digits_and_can_the_last_six() -> None:
    assert document_number("001184012345") == "184012345"
    assert card_access_number("001184012345") == "012345"


def test_a_card_issued_at_37_expires_on_the_40th_birthday(lan: CitizenIdentity) -> None:
    assert expiry_candidates(lan.date_of_birth, lan.issue_date, TODAY) == ["240315"]
    assert bac_candidates(lan.id_number, lan.date_of_birth, lan.issue_date, TODAY) == [
        "184012345" + "8" + "840315" + "7" + "240315" + "5"
    ]


def test_a_card_issued_within_two_years_of_40_runs_to_60_but_tries_40_too() -> None:
    born = date(1984, 3, 15)

    assert expiry_candidates(born, date(2022, 6, 1), TODAY) == ["440315"]
    # Just after the two-year line: the office may have counted differently.
    assert expiry_candidates(born, date(2022, 3, 20), TODAY) == ["440315", "240315"]
    assert expiry_candidates(born, date(2022, 3, 10), TODAY) == ["240315", "440315"]


def test_a_card_issued_from_58_has_no_expiry_and_tries_the_far_dates(
    khanh: CitizenIdentity,
) -> None:
    assert expiry_candidates(khanh.date_of_birth, khanh.issue_date, TODAY) == [
        "991231",
        "<<<<<<",
    ]


def test_a_29_february_birthday_tries_28_february_and_1_march() -> None:
    assert expiry_candidates(date(2000, 2, 29), date(2021, 8, 10), TODAY) == ["250228", "250301"]


def test_without_an_issue_date_the_next_milestones_come_first_then_the_last_one() -> None:
    assert expiry_candidates(date(1984, 3, 15), None, TODAY) == ["440315", "240315"]
    assert expiry_candidates(date(2005, 3, 15), None, TODAY) == ["300315", "450315"]
    assert expiry_candidates(date(1960, 9, 2), None, TODAY) == ["991231", "<<<<<<", "200902"]


def test_there_are_never_more_than_four_candidates() -> None:
    for year in range(1930, 2012):
        for issue in (None, date(2021, 1, 1), date(2024, 7, 1)):
            born = date(year, 2, 28)
            assert 1 <= len(expiry_candidates(born, issue, TODAY)) <= 4
