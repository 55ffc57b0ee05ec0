"""The keys that open a CCCD chip, from what the kiosk already knows (the card's QR code).

BAC needs the document number, the date of birth and the date of expiry. On a CCCD:

- the document number is the last 9 digits of the 12-digit personal ID number;
- the date of birth is on the QR code;
- the expiry is not on the QR code, but follows from the law (Luật Căn cước công dân 2014
  art. 21, Luật Căn cước 2023 art. 21): a card is renewed when its holder turns 25, 40 and
  60 (and 14 for the new cards issued to children); a card issued or renewed within the
  two years before one of those ages stays valid until the next one; a card issued from
  age 58 on has no expiry. The card expires on the birthday of that age.

So with the issue date (QR field 6) the expiry is known; near a boundary (issue date close
to "two years before the milestone", or a 29 February birthday) the neighbouring value is
tried too. Never more than a handful of candidates: never brute force.

For a card with no expiry the chip still needs *some* date in BAC. What Vietnamese chips use
is not published; the candidates are ``991231`` (the usual "no expiry" date of TD1 cards
elsewhere, e.g. Croatian ID cards) then ``<<<<<<`` (the ICAO filler, used by e.g. Moldovan
ID cards for seniors). That order is a guess; see ``NO_EXPIRY_CANDIDATES``.
"""

from __future__ import annotations

from datetime import date, timedelta

from hardware.card_reader.icao.bac import mrz_information

MILESTONE_AGES = (14, 25, 40, 60)
GRACE_YEARS = 2
NO_EXPIRY_FROM_AGE = 58
NO_EXPIRY_CANDIDATES = ("991231", "<<<<<<")
BOUNDARY_DAYS = 31
MAX_CANDIDATES = 4
CAN_LENGTH = 6


def document_number(id_number: str) -> str:
    """The MRZ document number of a CCCD: the last 9 digits of the personal ID number."""
    return id_number[-9:]


def card_access_number(id_number: str) -> str:
    """The CAN for PACE as reported for CCCD chips: the last 6 digits of the ID number."""
    return id_number[-CAN_LENGTH:]


def birthday_at(date_of_birth: date, age: int) -> list[date]:
    """The date(s) someone turns ``age``; 29 February gives 28 February and 1 March."""
    year = date_of_birth.year + age
    try:
        return [date_of_birth.replace(year=year)]
    except ValueError:
        return [date(year, 2, 28), date(year, 3, 1)]


def _yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _expiry_for_age(date_of_birth: date, age: int | None) -> list[str]:
    if age is None:
        return list(NO_EXPIRY_CANDIDATES)
    return [_yymmdd(day) for day in birthday_at(date_of_birth, age)]


def _milestone_after(date_of_birth: date, issue: date) -> int | None:
    """The age the card issued on ``issue`` expires at (None: no expiry)."""
    for age in MILESTONE_AGES:
        turning = birthday_at(date_of_birth, age)[0]
        if issue < turning:
            if issue >= _years_before(turning, GRACE_YEARS):
                return _next_age(age)
            return age
    return None


def _next_age(age: int) -> int | None:
    later = [a for a in MILESTONE_AGES if a > age]
    return later[0] if later else None


def expiry_candidates(date_of_birth: date, issue_date: date | None, today: date) -> list[str]:
    """The few YYMMDD expiries to try, most likely first (``<<<<<<`` = filler)."""
    ages: list[int | None] = []
    if issue_date is not None:
        ages.append(_milestone_after(date_of_birth, issue_date))
        # Near a boundary the day counting of the law (and of the office) may differ.
        for shift in (-BOUNDARY_DAYS, BOUNDARY_DAYS):
            ages.append(_milestone_after(date_of_birth, issue_date + timedelta(days=shift)))
    else:
        upcoming = [a for a in MILESTONE_AGES[1:] if birthday_at(date_of_birth, a)[-1] >= today]
        ages.extend(upcoming[:2])
        age_today = today.year - date_of_birth.year
        if age_today >= NO_EXPIRY_FROM_AGE:
            ages.append(None)
        passed = [a for a in MILESTONE_AGES[1:] if a not in upcoming]
        if passed:
            ages.append(passed[-1])  # an expired card still opens with its own expiry
    out: list[str] = []
    for age in ages:
        for candidate in _expiry_for_age(date_of_birth, age):
            if candidate not in out:
                out.append(candidate)
    return out[:MAX_CANDIDATES]


def bac_candidates(
    id_number: str, date_of_birth: date, issue_date: date | None, today: date
) -> list[str]:
    """The MRZ information strings to try for BAC, most likely first."""
    number = document_number(id_number)
    birth = _yymmdd(date_of_birth)
    return [
        mrz_information(number, birth, expiry)
        for expiry in expiry_candidates(date_of_birth, issue_date, today)
    ]
