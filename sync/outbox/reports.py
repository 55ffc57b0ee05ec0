"""Read-only look-ups: one submission by local id or tracking code, and the operator's
reports (counts by state, permanent failures, the oldest unsent submission)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from sync.outbox.records import FailedSubmission, OutboxRecord, OutboxState, unsent_age_s
from sync.outbox.schema import OutboxRow
from sync.outbox.storage import OutboxStore


class OutboxReports(OutboxStore):
    """What the staff screen, the worker and the operator's commands read."""

    def get(self, local_id: str) -> OutboxRecord | None:
        """The row for ``local_id``, or None."""
        with self._sessions.begin() as session:
            row = session.get(OutboxRow, local_id)
            return None if row is None else self._full_record(session, row)

    def find_by_tracking_code(self, tracking_code: str) -> OutboxRecord | None:
        """The row the resident's tracking code names (what the staff screen looks up)."""
        with self._sessions.begin() as session:
            row = session.scalars(
                select(OutboxRow).where(OutboxRow.tracking_code == tracking_code).limit(1)
            ).first()
            return None if row is None else self._full_record(session, row)

    def counts(self) -> dict[str, int]:
        """How many rows are in each state; every state is present (0 if none)."""
        totals = {state.value: 0 for state in OutboxState}
        with self._sessions.begin() as session:
            rows = session.execute(
                select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
            ).all()
        for state, count in rows:
            totals[str(state)] = int(count)
        return totals

    def failures(self, page_size: int = 200) -> Iterator[FailedSubmission]:
        """Every submission the portal refused for good, oldest failure first, read a page at
        a time (memory stays flat however many there are). No payload is read."""
        after: tuple[datetime, str] | None = None
        while True:
            with self._sessions.begin() as session:
                query = (
                    select(
                        OutboxRow.local_id,
                        OutboxRow.tracking_code,
                        OutboxRow.procedure_code,
                        OutboxRow.procedure_version,
                        OutboxRow.failure_status,
                        OutboxRow.last_error,
                        OutboxRow.updated_at,
                        OutboxRow.attempts,
                    )
                    .where(OutboxRow.state == OutboxState.FAILED.value)
                    .order_by(OutboxRow.updated_at, OutboxRow.local_id)
                    .limit(page_size)
                )
                if after is not None:
                    query = query.where(
                        or_(
                            OutboxRow.updated_at > after[0],
                            and_(OutboxRow.updated_at == after[0], OutboxRow.local_id > after[1]),
                        )
                    )
                page = session.execute(query).all()
            for row in page:
                # A FAILED row is not written again (only a later acceptance would change
                # it), so its updated_at is when it failed.
                yield FailedSubmission(
                    local_id=row.local_id,
                    tracking_code=row.tracking_code,
                    procedure_code=row.procedure_code,
                    procedure_version=row.procedure_version,
                    http_status=row.failure_status,
                    reason=row.last_error or "",
                    failed_at=row.updated_at,
                    attempts=row.attempts,
                )
            if len(page) < page_size:
                return
            after = (page[-1].updated_at, page[-1].local_id)

    def oldest_unsent_age_s(self, now: datetime) -> float | None:
        """Seconds since the oldest submission not yet at the portal was queued (None: none)."""
        return unsent_age_s(self.oldest_unsent(), now)

    def oldest_unsent(self) -> OutboxRecord | None:
        """The oldest submission not yet at the portal, without its payload: why it waits
        (attempts, last error, next attempt) is what the operator looks at first."""
        with self._sessions.begin() as session:
            row = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.state.in_([OutboxState.QUEUED.value, OutboxState.SENDING.value]))
                .order_by(OutboxRow.created_at)
                .limit(1)
            ).first()
            return None if row is None else self._record(row, payload="")
