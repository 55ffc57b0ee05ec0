"""The outbox's file: opening it (integrity check, migration, legacy sealing, key check), the
health alarm, the cipher, and the helpers every job of the outbox shares.

:class:`OutboxStore` is the base of each job's class (queueing, drain, status polling,
retention, reports); it holds the engine, the sessions, the cipher, the clock and the health.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import utc_now
from kiosk.ports import QueueUnavailableError
from sync.errors import InvalidTransitionError, UnknownRecordError
from sync.outbox import schema_migrations
from sync.outbox.crypto import (
    CannotDecryptError,
    KeyFileError,
    PayloadCipher,
    is_sealed,
    load_or_create_key,
)
from sync.outbox.engine import is_disk_full, make_engine
from sync.outbox.key_source import LoadedKey, OutboxKeySource, SealedKeyError
from sync.outbox.records import OutboxHealth, OutboxRecord, OutboxState
from sync.outbox.rows import StoredRow, build_record
from sync.outbox.schema import OutboxAttachmentRow, OutboxRow

# One logger for the whole package, named as it was before the outbox became a package: the
# operators' log lines and filters name it.
logger = logging.getLogger("sync.outbox")

# last_error / reasons come from the portal; keep the row bounded whatever it sends.
MAX_ERROR_CHARS = 1000

DEFAULT_RETENTION = timedelta(days=30)
"""How long personal data stays on the kiosk after the portal accepted the dossier. A guess
until the city's data-protection officer gives the figure (Nghị định 13/2023 asks for the
shortest time needed)."""

# Legacy plaintext rows are sealed in batches at start, so one transaction stays short.
SEAL_BATCH = 200


def clip(text: str) -> str:
    """``text`` cut to :data:`MAX_ERROR_CHARS`."""
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


class OutboxStore:
    """The open outbox file and its health; what every job of the outbox works on.

    Thread-safe: every method is its own short transaction on a pooled connection, so the
    UI thread can enqueue while the sync worker claims and marks.
    """

    def __init__(
        self,
        db_path: Path,
        clock: Callable[[], datetime] = utc_now,
        *,
        key_path: Path | None = None,
        key_source: OutboxKeySource | None = None,
        retention: timedelta = DEFAULT_RETENTION,
    ) -> None:
        """Open (create, check and migrate) the outbox at ``db_path``.

        ``key_path`` is the AES key file (created 0600 if missing); by default it is
        ``<db_path>.key`` next to the database. ``key_source`` decides where the key comes
        from (the credential systemd decrypted, else that file; :mod:`~sync.outbox.key_source`);
        without it, the file. Never raises for a damaged file or a full
        disk: the outbox opens unavailable instead (see :attr:`health`).
        """
        self._db_path = db_path
        self._clock = clock
        self._retention = retention
        self._key_path = key_path or db_path.with_name(db_path.name + ".key")
        self._health_lock = threading.Lock()
        self._health = OutboxHealth(available=True)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        self._engine = make_engine(db_path)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._key_origin = f"the key {self._key_path}"
        try:
            key = (
                key_source.load()
                if key_source
                else LoadedKey(load_or_create_key(self._key_path), self._key_origin)
            )
        except SealedKeyError as exc:
            # A throw-away key keeps the object usable; nothing is written with it.
            self._cipher = PayloadCipher(bytes(32))
            self._raise_alarm(str(exc))
            return
        except (KeyFileError, OSError) as exc:
            self._cipher = PayloadCipher(bytes(32))
            self._raise_alarm(f"the outbox key cannot be used: {type(exc).__name__}")
            return
        self._key_origin = key.origin
        self._cipher = PayloadCipher(key.secret)
        self._open()

    def _open(self) -> None:
        try:
            with self._engine.connect() as connection:
                verdict = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")]
                connection.rollback()
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            self._raise_alarm(f"the outbox file cannot be opened: {type(exc).__name__}", exc)
            return
        if verdict != ["ok"]:
            self._raise_alarm(f"the outbox file is damaged: {'; '.join(verdict[:3])[:300]}")
            return
        try:
            schema_migrations.upgrade(self._engine)
            self._seal_legacy_payloads()
            self._check_key()
        except (SQLAlchemyError, sqlite3.Error, OSError, schema_migrations.MigrationError) as exc:
            self._raise_alarm(f"the outbox could not be prepared: {type(exc).__name__}", exc)

    def _seal_legacy_payloads(self) -> None:
        # Rows written before encryption existed hold plain JSON: seal them in place.
        sealed = 0
        while True:
            with self._sessions.begin() as session:
                rows = session.scalars(
                    select(OutboxRow)
                    .where(OutboxRow.payload != "", OutboxRow.payload.not_like("gcm1:%"))
                    .limit(SEAL_BATCH)
                ).all()
                for row in rows:
                    if not is_sealed(row.payload):
                        row.payload = self._cipher.seal_text(row.payload, row.local_id)
                sealed += len(rows)
            if len(rows) < SEAL_BATCH:
                break
        if sealed:
            logger.info(
                "encrypted %d payloads stored in plain text by an older version",
                sealed,
                extra={"event": "outbox.sealed_legacy"},
            )

    def _check_key(self) -> None:
        # A replaced or lost key would make every queued submission unsendable: say so now,
        # not at the first send.
        with self._sessions.begin() as session:
            row = session.scalars(
                select(OutboxRow).where(OutboxRow.payload.like("gcm1:%")).limit(1)
            ).first()
            if row is None:
                return
            try:
                self._open_payload(row)
            except CannotDecryptError:
                self._raise_alarm(f"{self._key_origin} does not open the queued submissions")

    # --- health -----------------------------------------------------------------------
    @property
    def health(self) -> OutboxHealth:
        """Whether submissions can be queued, and the alarm if not."""
        with self._health_lock:
            return self._health

    def _raise_alarm(
        self, reason: str, exc: BaseException | None = None, *, sticky: bool = True
    ) -> None:
        with self._health_lock:
            self._health = OutboxHealth(available=not sticky, alarm=reason)
        logger.critical(
            "OUTBOX ALARM: %s (%s)",
            reason,
            self._db_path,
            extra={"event": "outbox.alarm", "reason": reason},
            exc_info=exc is not None and not isinstance(exc, DBAPIError),
        )

    def _clear_passing_alarm(self) -> None:
        with self._health_lock:
            if self._health.available and self._health.alarm is not None:
                self._health = OutboxHealth(available=True)
                logger.warning("outbox writes again", extra={"event": "outbox.alarm_cleared"})

    def _require_available(self) -> None:
        health = self.health
        if not health.available:
            raise QueueUnavailableError(health.alarm or "outbox unavailable")

    def _write_failed(self, exc: BaseException) -> NoReturn:
        if is_disk_full(exc):
            # Passing: the next successful write clears it. Nothing was written (rolled back).
            self._raise_alarm("the disk is full: submissions cannot be stored", exc, sticky=False)
            raise QueueUnavailableError("disk full") from exc
        self._raise_alarm(f"the outbox file failed: {type(exc).__name__}", exc)
        raise QueueUnavailableError(type(exc).__name__) from exc

    # --- the file -----------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        """Where the SQLite file lives."""
        return self._db_path

    @property
    def key_path(self) -> Path:
        """Where the encryption key lives."""
        return self._key_path

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    # --- rows and records, shared by the jobs --------------------------------------------
    def _open_payload(self, row: StoredRow) -> str:
        return self._cipher.open_text(row.payload, row.local_id) if row.payload else ""

    def _record(
        self,
        row: StoredRow,
        payload: str | None = None,
        attachments: tuple[str, ...] = (),
        *,
        state: OutboxState | None = None,
        updated_at: datetime | None = None,
    ) -> OutboxRecord:
        """A snapshot of ``row``; its payload is decrypted unless given (``""``: not read)."""
        return build_record(
            row,
            self._open_payload(row) if payload is None else payload,
            attachments,
            state=state,
            updated_at=updated_at,
        )

    def _full_record(self, session: Session, row: OutboxRow) -> OutboxRecord:
        hashes = session.scalars(
            select(OutboxAttachmentRow.sha256)
            .where(OutboxAttachmentRow.local_id == row.local_id)
            .order_by(OutboxAttachmentRow.position)
        ).all()
        return self._record(row, attachments=tuple(hashes))

    @staticmethod
    def _row(session: Session, local_id: str) -> OutboxRow:
        row = session.get(OutboxRow, local_id)
        if row is None:
            raise UnknownRecordError(f"no outbox row {local_id}")
        return row

    @staticmethod
    def _require_open(row: OutboxRow, verb: str) -> None:
        if row.state in (OutboxState.ACCEPTED.value, OutboxState.FAILED.value):
            raise InvalidTransitionError(f"{row.local_id} is {row.state} and cannot be {verb}")
