"""Ratings: residents' one-tap ratings, queued like submissions and drained to the portal.

A rating is linked to nothing: its row holds the rating's JSON, its random key and its day,
never a local id, a tracking code or a time finer than the day. It survives a restart (the
file is the same, committed ``synchronous=FULL``) and is deleted once the portal has it; one
the portal refuses for good is kept, with the reason, for the operator.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from kiosk.rating import Rating
from sync.outbox.schema import RatingRow
from sync.outbox.storage import OutboxStore, clip, logger

QUEUED, FAILED = "queued", "failed"


@dataclass(frozen=True)
class QueuedRating:
    """One rating waiting for the portal."""

    key: str
    payload_json: str
    day: date
    attempts: int


class OutboxRatings(OutboxStore):
    """Queueing ratings and draining them (the worker's side)."""

    def enqueue_rating(self, key: str, rating: Rating) -> None:
        """Queue a rating under its random key; committed when this returns. The same key
        again changes nothing. A damaged file or a full disk raises
        :class:`~kiosk.ports.QueueUnavailableError`."""
        self._require_available()
        try:
            with self._sessions.begin() as session:
                if session.scalars(
                    select(RatingRow.seq).where(RatingRow.rating_key == key)
                ).first():
                    return
                session.add(
                    RatingRow(
                        rating_key=key,
                        payload=rating.payload_json(),
                        day=rating.day.isoformat(),
                        state=QUEUED,
                        attempts=0,
                    )
                )
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            self._write_failed(exc)
        self._clear_passing_alarm()
        logger.info("rating queued", extra={"event": "outbox.rating_queued"})

    def due_ratings(self, limit: int) -> list[QueuedRating]:
        """Up to ``limit`` queued ratings whose time has come, in the order queued."""
        now = self._clock()
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(RatingRow)
                .where(
                    RatingRow.state == QUEUED,
                    (RatingRow.next_attempt_at.is_(None)) | (RatingRow.next_attempt_at <= now),
                )
                .order_by(RatingRow.seq)
                .limit(limit)
            ).all()
            return [
                QueuedRating(r.rating_key, r.payload, date.fromisoformat(r.day), r.attempts)
                for r in rows
            ]

    def rating_counts(self) -> dict[str, int]:
        """How many ratings are queued and failed (sent ones are gone)."""
        totals = {QUEUED: 0, FAILED: 0}
        with self._sessions.begin() as session:
            for state, count in session.execute(
                select(RatingRow.state, func.count()).group_by(RatingRow.state)
            ).all():
                totals[str(state)] = int(count)
        return totals

    def oldest_rating_day(self) -> date | None:
        """The day of the oldest queued rating, or None."""
        with self._sessions.begin() as session:
            day = session.scalars(
                select(func.min(RatingRow.day)).where(RatingRow.state == QUEUED)
            ).first()
        return None if day is None else date.fromisoformat(day)

    def mark_rating_sent(self, key: str) -> None:
        """The portal has it: the row is deleted."""
        with self._sessions.begin() as session:
            session.execute(delete(RatingRow).where(RatingRow.rating_key == key))
        logger.info("rating sent", extra={"event": "outbox.rating_sent"})

    def mark_rating_retry(self, key: str, error: str, next_attempt_at: datetime) -> None:
        """A passing failure: try again at ``next_attempt_at``."""
        with self._sessions.begin() as session:
            row = session.scalars(select(RatingRow).where(RatingRow.rating_key == key)).one()
            row.attempts += 1
            row.last_error = clip(error)
            row.next_attempt_at = next_attempt_at

    def mark_rating_failed(self, key: str, reason: str) -> None:
        """The portal refused it for good: kept, with the reason, never sent again."""
        with self._sessions.begin() as session:
            row = session.scalars(select(RatingRow).where(RatingRow.rating_key == key)).one()
            row.attempts += 1
            row.state = FAILED
            row.last_error = clip(reason)
            row.next_attempt_at = None
        logger.warning("rating refused for good", extra={"event": "outbox.rating_failed"})
