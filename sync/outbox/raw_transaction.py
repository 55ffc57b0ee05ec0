"""One write transaction straight on the DB-API (``sqlite3``) connection, for the outbox's
hot path: queueing a submission while the resident waits.

SQLAlchemy's per-transaction and per-statement machinery (a ``Connection``, its ``begin``
hook, execution contexts, result objects) costs several times an insert there; the sqlite3
connection underneath does not. The connection still comes from the engine's pool, so the
engine's connect hook has set its pragmas (WAL, ``synchronous=FULL``, foreign keys,
``secure_delete``: :mod:`sync.outbox.engine`), and the transaction starts with
``BEGIN IMMEDIATE`` as every outbox transaction does. A failing statement comes out as
SQLAlchemy wraps it everywhere else (:class:`sqlalchemy.exc.DBAPIError`, parameters
hidden), so callers and the health alarm see the same errors on either path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import PoolProxiedConnection


@contextmanager
def immediate_transaction(engine: Engine) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` on a pooled connection of ``engine``; ``COMMIT`` when the block
    ends (the commit is on disk, ``synchronous=FULL``, before this returns), ``ROLLBACK`` if
    it raises.

    ``sqlite3.Error`` from the block or the commit is raised as SQLAlchemy's wrapper of it
    (``.orig`` is the sqlite3 error); anything else passes through as it is.
    """
    pooled = engine.raw_connection()
    try:
        db = cast(sqlite3.Connection, pooled.driver_connection)
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except BaseException as exc:
            _roll_back(pooled, db)
            if isinstance(exc, sqlite3.Error):
                raise _wrapped(engine, pooled, exc) from exc
            raise
    finally:
        pooled.close()  # back to the pool (which rolls back anything still open)


def _roll_back(pooled: PoolProxiedConnection, db: sqlite3.Connection) -> None:
    if not db.in_transaction:
        return  # BEGIN failed, or SQLite already rolled back (e.g. a full disk mid-commit)
    try:
        db.execute("ROLLBACK")
    except sqlite3.Error:
        # A connection that cannot even roll back is not handed out again.
        pooled.invalidate()


def _wrapped(engine: Engine, pooled: PoolProxiedConnection, exc: sqlite3.Error) -> BaseException:
    # As sqlalchemy.engine.Connection._handle_dbapi_exception wraps a failed statement (the
    # statement itself is not known here; the parameters would be hidden anyway).
    # (Typed for SQLAlchemy's abstract DB-API module; sqlite3 is that module here.)
    gone = engine.dialect.is_disconnect(cast(Any, exc), pooled, None)
    if gone:
        pooled.invalidate(exc)
    wrapped = DBAPIError.instance(
        None,
        None,
        exc,
        sqlite3.Error,
        hide_parameters=engine.hide_parameters,
        connection_invalidated=gone,
        dialect=engine.dialect,
    )
    return wrapped if isinstance(wrapped, BaseException) else exc
