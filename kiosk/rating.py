"""A resident's one-tap rating of the kiosk: five faces and, if they like, a few reasons.

A rating is never linked to the person nor to their dossier: it carries the score, the
reasons (a fixed list), the procedure, the kiosk and the calendar day, nothing finer. Its key
is random, not a ULID (a ULID carries the time to the millisecond, which would let a rating
be matched to the submission made just before it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from kiosk.text import Message

HANOI_DAY = timezone(timedelta(hours=7))
"""A rating's day is Hanoi's calendar day (UTC+7 all year)."""

MIN_SCORE, MAX_SCORE = 1, 5


class RatingReason(StrEnum):
    """Why the resident chose their face: the fixed list the portal knows."""

    EASY_TO_USE = "easy_to_use"
    QUICK = "quick"
    HARD_TO_USE = "hard_to_use"
    UNCLEAR_INSTRUCTIONS = "unclear_instructions"
    SLOW = "slow"
    DEVICE_FAULT = "device_fault"
    NEEDED_HELP = "needed_help"


FACES: dict[int, Message] = {
    1: Message("Rất không hài lòng", "Very dissatisfied"),
    2: Message("Không hài lòng", "Dissatisfied"),
    3: Message("Bình thường", "Neutral"),
    4: Message("Hài lòng", "Satisfied"),
    5: Message("Rất hài lòng", "Very satisfied"),
}
"""The five faces, worst to best, in the resident's words."""

REASON_TEXT: dict[RatingReason, Message] = {
    RatingReason.EASY_TO_USE: Message("Dễ sử dụng", "Easy to use"),
    RatingReason.QUICK: Message("Nhanh chóng", "Quick"),
    RatingReason.HARD_TO_USE: Message("Khó sử dụng", "Hard to use"),
    RatingReason.UNCLEAR_INSTRUCTIONS: Message("Hướng dẫn chưa rõ", "Instructions unclear"),
    RatingReason.SLOW: Message("Phải chờ lâu", "Too slow"),
    RatingReason.DEVICE_FAULT: Message(
        "Máy gặp lỗi (camera, đầu đọc thẻ, máy in)",
        "A device failed (camera, card reader, printer)",
    ),
    RatingReason.NEEDED_HELP: Message("Phải nhờ người giúp", "I needed someone's help"),
}


class RatingError(ValueError):
    """A rating the kiosk must not send (a score off the scale, an empty procedure code)."""


def rating_day(now: datetime) -> date:
    """The Hanoi calendar day of ``now`` (aware), the finest time a rating carries."""
    return now.astimezone(HANOI_DAY).date()


def new_rating_key() -> str:
    """A random key for the portal's idempotency (32 hex digits; says nothing of the time)."""
    import secrets  # here: not loaded before the home screen's first frame

    return secrets.token_hex(16)


@dataclass(frozen=True)
class Rating:
    """One rating, as queued and sent."""

    score: int
    procedure_code: str
    kiosk_id: str
    day: date
    reasons: tuple[RatingReason, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.score, bool) or not MIN_SCORE <= self.score <= MAX_SCORE:
            raise RatingError(f"a rating's score is {MIN_SCORE} to {MAX_SCORE}, not {self.score}")
        if not self.procedure_code or len(self.procedure_code) > 64:
            raise RatingError("a rating names its procedure (1 to 64 characters)")
        if not self.kiosk_id or len(self.kiosk_id) > 64:
            raise RatingError("a rating names its kiosk (1 to 64 characters)")
        if isinstance(self.day, datetime):
            raise RatingError("a rating carries the day only, not the time")
        # Each reason once, in the list's own order: the same choice is the same bytes.
        chosen = {RatingReason(r) for r in self.reasons}
        object.__setattr__(self, "reasons", tuple(r for r in RatingReason if r in chosen))

    def to_payload(self) -> dict[str, Any]:
        """The body the portal takes (``POST /api/v1/ratings``)."""
        return {
            "score": self.score,
            "reasons": [r.value for r in self.reasons],
            "procedure_code": self.procedure_code,
            "kiosk_id": self.kiosk_id,
            "day": self.day.isoformat(),
        }

    def payload_json(self) -> str:
        """Canonical JSON (sorted keys): the same rating is always the same bytes."""
        return json.dumps(self.to_payload(), ensure_ascii=False, sort_keys=True)
