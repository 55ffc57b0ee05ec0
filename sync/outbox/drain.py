"""The drain: claiming queued rows for sending, and what becomes of each one (accepted, to
be retried, failed for good, released unsent, or requeued after a crash).

Claiming runs in plain SQL like acceptance (see :mod:`sync.outbox.rows`): both run once per
batch of the drain. The rest changes one row at a time through the models.

A retry time (``next_attempt_at``) must survive a restart, so it is wall-clock time, and the
wall clock can jump. Forward (NTP correcting a slow clock, a clock set ahead) only makes
retries come sooner: harmless, the portal deduplicates. Backward (a clock set back, a kiosk
booting with a dead RTC in 2000 before time synchronisation, then corrected) would leave a
retry waiting as long as the jump. So no retry is ever set further ahead than
:data:`LONGEST_RETRY_WAIT_S` (:meth:`OutboxDrain.mark_retry` keeps it to that), and a row whose
retry time is further ahead than that from now can only be there because the clock went back:
it is due at once. A backward jump smaller than that delays a retry by the jump at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Connection

from sync.outbox.acceptance import OutboxAcceptance
from sync.outbox.records import Acceptance, OutboxRecord, OutboxState
from sync.outbox.rows import SELECT_ROWS, OutboxSqlRow, attachments_of, marks, sql_time
from sync.outbox.schema import OutboxRow
from sync.outbox.storage import clip, logger

LONGEST_RETRY_WAIT_S = 3600.0
"""The furthest ahead a retry is ever set (the worker's back-off cap and the longest
Retry-After it obeys stay within it); a retry time further ahead than this means the wall
clock went back, and the row is due now."""

LONGEST_RETRY_WAIT = timedelta(seconds=LONGEST_RETRY_WAIT_S)


class OutboxDrain(OutboxAcceptance):
    """The sync worker's side of the outbox: claim, accept, retry, fail, release, requeue."""

    def claim_next(
        self,
        *,
        after: tuple[datetime, str] | None = None,
    ) -> OutboxRecord | None:
        """Move the oldest due QUEUED row to SENDING and return it (None if nothing is due).

        ``after`` (the ``(created_at, local_id)`` of the last item claimed) lets one drain
        round walk the queue once without remembering what it tried.
        """
        claimed = self.claim_batch(1, after=after)
        return claimed[0] if claimed else None

    def claim_batch(
        self, limit: int, *, after: tuple[datetime, str] | None = None
    ) -> list[OutboxRecord]:
        """Move up to ``limit`` of the oldest due QUEUED rows to SENDING, in one transaction,
        and return them oldest first (empty when nothing is due).

        At most ``limit`` rows are read (``LIMIT`` on an index), however long the queue, so
        memory stays flat. Rows the caller does not get to send go back with
        :meth:`release`; after a crash, :meth:`requeue_interrupted` does it.
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        return self.accept_and_claim((), limit, after=after)[1]

    def accept_and_claim(
        self,
        acceptances: Sequence[Acceptance],
        limit: int,
        *,
        after: tuple[datetime, str] | None = None,
    ) -> tuple[list[OutboxRecord], list[OutboxRecord]]:
        """:meth:`mark_accepted_many` then :meth:`claim_batch` (``limit`` 0: claim nothing),
        in one transaction (one fsync): the drain's step from one batch to the next.
        Returns ``(accepted, claimed)``.
        """
        if limit < 0:
            raise ValueError("limit must not be negative")
        if not self.health.available:
            # Nothing can be written: the acceptances stay unwritten (their rows SENDING).
            return [], []
        now = self._clock()
        with self._engine.begin() as connection:
            accepted = self._accept_rows(connection, acceptances, now)
            claimed = self._claim_rows(connection, limit, after, now)
        self._log_conflicts(accepted.conflicts)
        if accepted.records:
            self._log_accepted(acceptances, len(accepted.records))
        if claimed:
            logger.debug(
                "claimed %d (first %s)",
                len(claimed),
                claimed[0].local_id,
                extra={"event": "outbox.claimed"},
            )
        return accepted.records, claimed

    def _claim_rows(
        self,
        connection: Connection,
        limit: int,
        after: tuple[datetime, str] | None,
        now: datetime,
    ) -> list[OutboxRecord]:
        if limit == 0:
            return []
        stamp = sql_time(now)
        # Due: never tried, its time has come, or its time is further ahead than any retry is
        # ever set (the wall clock went back since; see the module's docstring).
        sql = (
            f"{SELECT_ROWS} WHERE state = ? AND (next_attempt_at IS NULL"
            " OR next_attempt_at <= ? OR next_attempt_at > ?)"
        )
        params: tuple[Any, ...] = (
            OutboxState.QUEUED.value,
            stamp,
            sql_time(now + LONGEST_RETRY_WAIT),
        )
        if after is not None:
            created = sql_time(after[0])
            sql += " AND (created_at > ? OR (created_at = ? AND local_id > ?))"
            params += (created, created, after[1])
        sql += " ORDER BY created_at, local_id LIMIT ?"
        rows = [OutboxSqlRow.from_sql(v) for v in connection.exec_driver_sql(sql, (*params, limit))]
        if not rows:
            return []
        ids = [row.local_id for row in rows]
        # BEGIN IMMEDIATE holds the write lock, so nobody can claim them in between.
        connection.exec_driver_sql(
            f"UPDATE outbox SET state = ?, updated_at = ? WHERE local_id IN ({marks(len(ids))})",
            (OutboxState.SENDING.value, stamp, *ids),
        )
        hashes = attachments_of(connection, ids)
        return [
            self._record(
                row,
                attachments=hashes.get(row.local_id, ()),
                state=OutboxState.SENDING,
                updated_at=now,
            )
            for row in rows
        ]

    def release(self, local_ids: Sequence[str]) -> int:
        """Claimed rows that were not sent go back to QUEUED as they were (no attempt is
        counted, due at once). Rows no longer SENDING are left alone. Returns how many."""
        if not local_ids:
            return 0
        with self._sessions.begin() as session:
            result = session.execute(
                update(OutboxRow)
                .where(
                    OutboxRow.local_id.in_(list(local_ids)),
                    OutboxRow.state == OutboxState.SENDING.value,
                )
                .values(state=OutboxState.QUEUED.value, updated_at=self._clock())
                .execution_options(synchronize_session=False)
            )
            count: int = getattr(result, "rowcount", 0)
        logger.debug("released %d unsent", count, extra={"event": "outbox.released"})
        return count

    def mark_retry(self, local_id: str, error: str, next_attempt_at: datetime) -> None:
        """Sending failed for a passing reason: back to QUEUED, due at ``next_attempt_at``
        (kept to :data:`LONGEST_RETRY_WAIT_S` from now at most)."""
        if next_attempt_at.tzinfo is None:
            raise ValueError("next_attempt_at must be timezone-aware")
        next_attempt_at = min(next_attempt_at, self._clock() + LONGEST_RETRY_WAIT)
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            self._require_open(row, "retried")
            row.state = OutboxState.QUEUED.value
            row.attempts += 1
            row.last_error = clip(error)
            row.next_attempt_at = next_attempt_at
            row.updated_at = self._clock()
            attempts = row.attempts
        logger.info(
            "retry %s later (attempts %d)",
            local_id,
            attempts,
            extra={"event": "outbox.retry_scheduled"},
        )

    def mark_failed(self, local_id: str, reason: str, http_status: int | None = None) -> None:
        """The portal refused it for good; the row is kept forever with the reason."""
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            self._require_open(row, "failed")
            row.state = OutboxState.FAILED.value
            row.attempts += 1
            row.last_error = clip(reason)
            row.failure_status = http_status
            row.next_attempt_at = None
            row.updated_at = self._clock()
        logger.warning("failed %s for good", local_id, extra={"event": "outbox.failed"})

    def requeue_interrupted(self) -> int:
        """Rows left SENDING by a crash go back to QUEUED, due now. Returns how many.

        Call once at start, before any worker runs: resending is safe because the portal
        deduplicates on the Idempotency-Key.
        """
        if not self.health.available:
            return 0
        now = self._clock()
        with self._sessions.begin() as session:
            result = session.execute(
                update(OutboxRow)
                .where(OutboxRow.state == OutboxState.SENDING.value)
                .values(
                    state=OutboxState.QUEUED.value,
                    next_attempt_at=None,
                    last_error="interrupted while sending",
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
            count: int = getattr(result, "rowcount", 0)
        if count:
            logger.warning(
                "requeued %d interrupted submissions",
                count,
                extra={"event": "outbox.requeued_interrupted"},
            )
        return count
