"""The SQLite engine every outbox connection comes from, and how its write errors are read.

Every connection runs in WAL mode with ``synchronous=FULL`` (a commit is on disk when it
returns), and every transaction starts with ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine

# How long a connection waits for another one's write lock before giving up. The UI thread
# (enqueue) and the worker thread (claim, mark) share the file; their transactions are short.
BUSY_TIMEOUT_MS = 10_000


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level so that SQLAlchemy's "begin" hook below decides how a
    # transaction starts (the legacy sqlite3 mode would skip BEGIN for SELECTs).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Purged personal data is overwritten with zeros, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # Take the write lock up front: a deferred transaction that reads and then writes can get
    # SQLITE_BUSY without waiting when another connection committed in between.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(db_path: Path) -> Engine:
    """An engine on ``db_path`` whose connections all carry the outbox's settings."""
    engine = create_engine(
        f"sqlite+pysqlite:///{db_path}",
        # Statement parameters hold payloads (citizen data): keep them out of exception
        # messages, which end up in logs.
        hide_parameters=True,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def is_disk_full(exc: BaseException) -> bool:
    """Whether a failed write failed for want of space (passing) rather than a damaged file."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return (
        code == sqlite3.SQLITE_FULL
        or "disk is full" in str(orig)
        or (isinstance(orig, OSError) and orig.errno == 28)
    )
