"""Rows as the file holds them, and the snapshots built from them.

The drain's hot path (claiming a batch, writing its acceptances) runs once per few dozen
submissions; building SQLAlchemy statements and processing every column cost several times
the commit there, so it reads and writes with plain SQL. :class:`OutboxSqlRow` is the typed
row it reads; the helpers here read and write exactly what the models do: datetimes as naive
UTC text ``YYYY-MM-DD HH:MM:SS.ffffff`` (:class:`~sync.outbox.schema.UTCDateTime` over
SQLite's DATETIME), which also keeps them sortable in SQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeAlias, cast

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from sync.dossier import DossierEvent
from sync.outbox.records import OutboxRecord, OutboxState
from sync.outbox.schema import OutboxRow, UTCDateTime

OUTBOX = cast(Table, OutboxRow.__table__)
"""The ``outbox`` table, for Core statements."""


class OutboxSqlRow(NamedTuple):
    """One whole ``outbox`` row read with :data:`SELECT_ROWS`, datetimes aware (UTC).

    ``payload`` is the stored ciphertext (``""`` once purged): never log it.
    """

    local_id: str
    tracking_code: str
    procedure_code: str
    procedure_version: int
    payload: str
    state: str
    attempts: int
    last_error: str | None
    dossier_code: str | None
    created_at: datetime
    updated_at: datetime
    next_attempt_at: datetime | None
    accepted_at: datetime | None
    failure_status: int | None
    portal_status: str | None
    status_history: str | None
    status_checked_at: datetime | None
    next_poll_at: datetime | None
    poll_attempts: int
    purged_at: datetime | None

    @classmethod
    def from_sql(cls, values: Sequence[Any]) -> OutboxSqlRow:
        """The row from the values :data:`SELECT_ROWS` returns, in its column order."""
        fields = list(values)
        for index in _TIME_FIELDS:
            fields[index] = from_sql_time(fields[index])
        return cls._make(fields)


# Which fields hold datetimes is the table's business: a field that is not a column of the
# table fails here, at import, rather than in a query.
_TIME_FIELDS = tuple(
    index
    for index, name in enumerate(OutboxSqlRow._fields)
    if isinstance(OUTBOX.columns[name].type, UTCDateTime)
)

SELECT_ROWS = f"SELECT {', '.join(OutboxSqlRow._fields)} FROM outbox"
"""Every column of the outbox, in :class:`OutboxSqlRow`'s order; add a ``WHERE``."""

StoredRow: TypeAlias = OutboxRow | OutboxSqlRow
"""A row read through the models or with plain SQL: the same attributes either way."""


def sql_time(value: datetime | None) -> str | None:
    """An aware datetime as the outbox stores it."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("the outbox only stores timezone-aware datetimes")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def from_sql_time(text: str | None) -> datetime | None:
    """A stored datetime, aware (UTC) again."""
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def marks(count: int) -> str:
    """``?, ?, …``: the placeholders of an ``IN (…)`` list."""
    return ", ".join("?" * count)


def parse_history(text: str | None) -> tuple[DossierEvent, ...]:
    """A stored status history; unreadable text is no history (it came from the portal)."""
    if not text:
        return ()
    try:
        items = json.loads(text)
    except ValueError:
        return ()
    return tuple(
        DossierEvent(str(i.get("status", "")), str(i.get("at", "")), str(i.get("note", "")))
        for i in items
        if isinstance(i, dict)
    )


def attachments_of(connection: Connection, local_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The attachment hashes of a few rows, in order, by local id (one query)."""
    found: dict[str, list[str]] = {}
    for local_id, sha in connection.exec_driver_sql(
        "SELECT local_id, sha256 FROM outbox_attachments"
        f" WHERE local_id IN ({marks(len(local_ids))}) ORDER BY local_id, position",
        tuple(local_ids),
    ):
        found.setdefault(local_id, []).append(sha)
    return {local_id: tuple(hashes) for local_id, hashes in found.items()}


def build_record(
    row: StoredRow,
    payload_json: str,
    attachments: tuple[str, ...] = (),
    *,
    state: OutboxState | None = None,
    updated_at: datetime | None = None,
) -> OutboxRecord:
    """A snapshot of ``row`` carrying the given (already decrypted) payload; ``state`` and
    ``updated_at`` override what was read (a row just updated in bulk)."""
    return OutboxRecord(
        local_id=row.local_id,
        tracking_code=row.tracking_code,
        procedure_code=row.procedure_code,
        procedure_version=row.procedure_version,
        state=state or OutboxState(row.state),
        attempts=row.attempts,
        last_error=row.last_error,
        dossier_code=row.dossier_code,
        created_at=row.created_at,
        updated_at=updated_at or row.updated_at,
        payload_json=payload_json,
        next_attempt_at=row.next_attempt_at,
        accepted_at=row.accepted_at,
        failure_status=row.failure_status,
        portal_status=row.portal_status,
        status_history=parse_history(row.status_history),
        status_checked_at=row.status_checked_at,
        next_poll_at=row.next_poll_at,
        poll_attempts=row.poll_attempts or 0,
        purged_at=row.purged_at,
        attachments=attachments,
    )
