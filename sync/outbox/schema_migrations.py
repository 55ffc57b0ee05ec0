"""Bringing an outbox file to the current schema with Alembic, at start, in place.

A kiosk upgraded in the field keeps its queue: every change is a revision under
``migrations/versions`` beside this module, and a revision id never changes once shipped
(the files in the field name it). A file made before Alembic (the walking skeleton's
``create_all``) has the ``outbox`` table but no ``alembic_version``: it is stamped as
revision 0001 and upgraded from there.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a file needs migrating: a kiosk starting on a file already
# at the newest revision (nearly every start) does not pay the 0.15 s its import costs.

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
INITIAL_REVISION = "0001"
HEAD_REVISION = "0003"
"""The newest revision under ``migrations/versions`` (a test keeps the two in step)."""


def alembic_config() -> Config:
    """An Alembic configuration pointing at our migrations, with no ini file."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision this code knows, as Alembic reads it from the scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the file is at (None: never migrated)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate the file to ``target`` in one transaction (all or nothing)."""
    if target == "head" and at_head(engine):
        return
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        before = current_revision(connection)
        if before is None and inspect(connection).has_table("outbox"):
            config.attributes["connection"] = connection
            command.stamp(config, INITIAL_REVISION)
            before = INITIAL_REVISION
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        after = current_revision(connection)
    if after != before:
        logger.info(
            "outbox schema migrated from %s to %s",
            before,
            after,
            extra={"event": "outbox.migrated"},
        )


def at_head(engine: Engine) -> bool:
    """Whether the file is already at :data:`HEAD_REVISION` (read without Alembic)."""
    with engine.connect() as connection:
        try:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        except OperationalError:  # no such table: never migrated
            return False
    return [tuple(row) for row in rows] == [(HEAD_REVISION,)]
