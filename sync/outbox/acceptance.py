"""Acceptance: the one way a row becomes ACCEPTED, a batch per transaction in plain SQL.

The drain writes its acceptances in batches (:meth:`OutboxAcceptance.mark_accepted_many`, or
with the next claim in :meth:`~sync.outbox.drain.OutboxDrain.accept_and_claim`);
:meth:`OutboxAcceptance.mark_accepted` is a batch of one through the same statements.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy.engine import Connection

from sync.errors import InvalidTransitionError, UnknownRecordError
from sync.outbox.records import Acceptance, OutboxRecord, OutboxState
from sync.outbox.rows import (
    SELECT_ROWS,
    OutboxSqlRow,
    attachments_of,
    marks,
    parse_history,
    sql_time,
)
from sync.outbox.storage import OutboxStore, logger


class _Current(NamedTuple):
    """What acceptance needs to know of a row before it writes."""

    state: str
    dossier_code: str | None
    portal_status: str | None
    status_history: str | None


class AcceptedRows(NamedTuple):
    """What one acceptance batch did."""

    records: list[OutboxRecord]
    """The fresh records of the rows written or already accepted under the same code, in
    order (empty when they were not asked for)."""
    written: list[Acceptance]
    """The acceptances that changed a row."""
    conflicts: list[tuple[Acceptance, str | None]]
    """Acceptances of rows already accepted under another dossier code (that code beside)."""


class OutboxAcceptance(OutboxStore):
    """Writing down that the portal took submissions."""

    def mark_accepted(
        self,
        local_id: str,
        dossier_code: str,
        *,
        portal_status: str | None = None,
        next_poll_at: datetime | None = None,
    ) -> None:
        """The portal has it: remember the dossier code (and when to ask for its status).

        Hearing the same dossier code again changes nothing; another one for a row already
        accepted raises :class:`InvalidTransitionError`.
        """
        now = self._clock()
        acceptance = Acceptance(local_id, dossier_code, portal_status, next_poll_at)
        with self._engine.begin() as connection:
            done = self._accept_rows(connection, [acceptance], now, fresh_records=False)
        if done.conflicts:
            on_file = done.conflicts[0][1]
            raise InvalidTransitionError(
                f"{local_id} is already accepted as {on_file}, not {dossier_code}"
            )
        if done.written:
            logger.info(
                "accepted %s as dossier %s",
                local_id,
                dossier_code,
                extra={"event": "outbox.accepted"},
            )

    def mark_accepted_many(self, acceptances: Sequence[Acceptance]) -> list[OutboxRecord]:
        """Write down several acceptances in one transaction; the fresh records, in order.

        A row already accepted under the same dossier code is returned unchanged; one
        accepted under another code is left as it is, logged, and not returned (the portal
        is the source of truth, and a second answer for one key is the portal's bug).
        An unknown local id is a bug: :class:`UnknownRecordError`, nothing written.
        """
        if not acceptances:
            return []
        now = self._clock()
        with self._engine.begin() as connection:
            done = self._accept_rows(connection, acceptances, now)
        self._log_conflicts(done.conflicts)
        self._log_accepted(acceptances, len(done.records))
        return done.records

    def _accept_rows(
        self,
        connection: Connection,
        acceptances: Sequence[Acceptance],
        now: datetime,
        *,
        fresh_records: bool = True,
    ) -> AcceptedRows:
        """Accept the rows of ``acceptances`` inside the caller's transaction.

        A FAILED row can still be accepted: the portal is the source of truth if a manual
        resend got through. ``fresh_records`` False skips building the records (no payload
        is decrypted).
        """
        if not acceptances:
            return AcceptedRows([], [], [])
        ids = [a.local_id for a in acceptances]
        current = {
            values[0]: _Current(*values[1:])
            for values in connection.exec_driver_sql(
                "SELECT local_id, state, dossier_code, portal_status, status_history"
                f" FROM outbox WHERE local_id IN ({marks(len(ids))})",
                tuple(ids),
            )
        }
        missing = [i for i in ids if i not in current]
        if missing:
            raise UnknownRecordError(f"no outbox row {missing[0]}")
        read = self._read_unheld(connection, acceptances, current) if fresh_records else {}
        stamp = sql_time(now)
        now_text = now.isoformat()
        first_events: dict[str, str] = {}  # the history of a dossier just accepted, by status
        done = AcceptedRows([], [], [])
        changes: list[tuple[Any, ...]] = []
        for acceptance in acceptances:
            row = current[acceptance.local_id]
            if row.state == OutboxState.ACCEPTED.value:
                if row.dossier_code != acceptance.dossier_code:
                    done.conflicts.append((acceptance, row.dossier_code))
                elif fresh_records:
                    done.records.append(read[acceptance.local_id])  # nothing to write
                continue
            status, history = row.portal_status, row.status_history
            if acceptance.portal_status:
                status = acceptance.portal_status
                if status not in first_events:
                    first_events[status] = json.dumps([{"status": status, "at": now_text}])
                history = first_events[status]
            changes.append(
                (
                    OutboxState.ACCEPTED.value,
                    acceptance.dossier_code,
                    stamp,
                    stamp,
                    status,
                    history,
                    sql_time(acceptance.next_poll_at),
                    acceptance.local_id,
                )
            )
            done.written.append(acceptance)
            if fresh_records:
                before = acceptance.claimed or read[acceptance.local_id]
                done.records.append(
                    replace(
                        before,
                        state=OutboxState.ACCEPTED,
                        dossier_code=acceptance.dossier_code,
                        last_error=None,
                        failure_status=None,
                        next_attempt_at=None,
                        accepted_at=now,
                        updated_at=now,
                        portal_status=status,
                        status_history=parse_history(history),
                        next_poll_at=acceptance.next_poll_at,
                    )
                )
        if changes:
            connection.exec_driver_sql(
                "UPDATE outbox SET state = ?, dossier_code = ?, last_error = NULL,"
                " failure_status = NULL, next_attempt_at = NULL, accepted_at = ?,"
                " updated_at = ?, portal_status = ?, status_history = ?, next_poll_at = ?"
                " WHERE local_id = ?",
                changes,
            )
        return done

    def _read_unheld(
        self,
        connection: Connection,
        acceptances: Sequence[Acceptance],
        current: dict[str, _Current],
    ) -> dict[str, OutboxRecord]:
        # Whole rows are read back only where the caller does not hold the claimed record,
        # or where the file already says accepted (then the file is the truth).
        unheld = [
            a.local_id
            for a in acceptances
            if a.claimed is None or current[a.local_id].state == OutboxState.ACCEPTED.value
        ]
        if not unheld:
            return {}
        hashes = attachments_of(connection, unheld)
        read: dict[str, OutboxRecord] = {}
        for values in connection.exec_driver_sql(
            f"{SELECT_ROWS} WHERE local_id IN ({marks(len(unheld))})", tuple(unheld)
        ):
            row = OutboxSqlRow.from_sql(values)
            read[row.local_id] = self._record(row, attachments=hashes.get(row.local_id, ()))
        return read

    @staticmethod
    def _log_conflicts(conflicts: Sequence[tuple[Acceptance, str | None]]) -> None:
        for acceptance, on_file in conflicts:
            logger.error(
                "%s is already accepted as %s, not %s",
                acceptance.local_id,
                on_file,
                acceptance.dossier_code,
                extra={"event": "outbox.accept_conflict"},
            )

    @staticmethod
    def _log_accepted(acceptances: Sequence[Acceptance], count: int) -> None:
        if not acceptances:
            return
        logger.info(
            "accepted %d (last %s as dossier %s)",
            count,
            acceptances[-1].local_id,
            acceptances[-1].dossier_code,
            extra={"event": "outbox.accepted"},
        )
