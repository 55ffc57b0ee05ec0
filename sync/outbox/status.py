"""Status polling: which accepted dossier to ask the portal about next, and what it said.

Poll times follow the retry times' rule (:mod:`sync.outbox.drain`): never set further ahead
than :data:`~sync.outbox.drain.LONGEST_RETRY_WAIT`, and one further ahead than that means the
wall clock went back, so it is due now."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select

from sync.dossier import DossierEvent
from sync.outbox.drain import LONGEST_RETRY_WAIT
from sync.outbox.records import OutboxRecord, OutboxState
from sync.outbox.schema import OutboxRow
from sync.outbox.storage import OutboxStore, logger


class OutboxStatusPolling(OutboxStore):
    """Following accepted dossiers until the portal's decision."""

    def next_to_poll(self, after: str | None = None) -> OutboxRecord | None:
        """The next accepted dossier (by local id, after ``after``) whose status is due."""
        if not self.health.available:
            return None
        now = self._clock()
        with self._sessions.begin() as session:
            query = (
                select(OutboxRow)
                .where(
                    OutboxRow.state == OutboxState.ACCEPTED.value,
                    OutboxRow.next_poll_at.is_not(None),
                    or_(
                        OutboxRow.next_poll_at <= now,
                        OutboxRow.next_poll_at > now + LONGEST_RETRY_WAIT,
                    ),
                )
                .order_by(OutboxRow.local_id)
                .limit(1)
            )
            if after is not None:
                query = query.where(OutboxRow.local_id > after)
            row = session.scalars(query).first()
            # The payload is not needed to ask for a status: do not decrypt it.
            return None if row is None else self._record(row, payload="")

    def record_status(
        self,
        local_id: str,
        status: str,
        history: Sequence[DossierEvent],
        next_poll_at: datetime | None,
    ) -> None:
        """Store what the portal says about a dossier; ``next_poll_at`` None stops polling."""
        now = self._clock()
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            changed = row.portal_status != status
            row.portal_status = status
            row.status_history = json.dumps(
                [{"status": e.status, "at": e.at, "note": e.note} for e in history],
                ensure_ascii=False,
            )
            row.status_checked_at = now
            row.poll_attempts = 0 if changed else (row.poll_attempts or 0) + 1
            row.next_poll_at = self._capped(next_poll_at, now)
        if changed:
            logger.info(
                "dossier of %s is now %s",
                local_id,
                status,
                extra={"event": "outbox.portal_status"},
            )

    def postpone_poll(self, local_id: str, next_poll_at: datetime) -> None:
        """Asking for the status failed for a passing reason: ask again later."""
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            row.poll_attempts = (row.poll_attempts or 0) + 1
            row.next_poll_at = self._capped(next_poll_at, self._clock())

    @staticmethod
    def _capped(next_poll_at: datetime | None, now: datetime) -> datetime | None:
        return None if next_poll_at is None else min(next_poll_at, now + LONGEST_RETRY_WAIT)
