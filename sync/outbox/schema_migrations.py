"""Bringing an outbox file to the current schema with Alembic, at start, in place.

A kiosk upgraded in the field keeps its queue: every change is a revision under
``migrations/versions`` beside this module, and a revision id never changes once shipped
(the files in the field name it). A file made before Alembic (the walking skeleton's
``create_all``) has the ``outbox`` table but no ``alembic_version``: it is stamped as
revision 0001 and upgraded from there.

A file is migrated by a child process (``python -m sync.outbox.schema_migrations FILE``):
Alembic and Mako would otherwise stay in the kiosk's memory for as long as it runs (13 MB,
measured) after the one start that needed them (the first boot, the first after an update).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
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
IN_CHILD = True
"""Whether a file is migrated by a child process. The kiosk's, always; the test suite turns it
off for the tests that open outboxes in their own process (tests/conftest.py: a child costs
each new file about 0.4 s), and its tests of the kiosk's processes keep it."""
MIGRATION_TIMEOUT_S = 300.0
"""How long the child migrating a file may take (a large queue's copy on a slow card)."""


class MigrationError(RuntimeError):
    """The child process could not bring the file to the newest schema."""


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
    """Migrate the file to ``target`` in one transaction (all or nothing): to the newest
    revision in a child process when ``engine`` is a file's, else here."""
    if target == "head" and at_head(engine):
        return
    database = engine.url.database
    if IN_CHILD and target == "head" and database not in (None, "", ":memory:"):
        _log_migrated(*_upgrade_in_child(Path(str(database))))
        return
    _log_migrated(*_upgrade_here(engine, target))


def _upgrade_here(engine: Engine, target: str) -> tuple[str | None, str | None]:
    """Migrate in this process; the revisions before and after."""
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
    return before, after


def _upgrade_in_child(path: Path) -> tuple[str | None, str | None]:
    """Migrate ``path`` to the newest revision in a child process; the revisions it says."""
    done = subprocess.run(
        [sys.executable, "-m", __name__, str(path)],
        capture_output=True,
        text=True,
        timeout=MIGRATION_TIMEOUT_S,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = " ".join(done.stderr.strip().splitlines()[-3:])[-500:]
        raise MigrationError(f"the schema migration stopped (exit {done.returncode}): {tail}")
    said = json.loads(lines[-1])
    return said["before"], said["after"]


def _log_migrated(before: str | None, after: str | None) -> None:
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


def main(argv: list[str]) -> int:
    """``python -m sync.outbox.schema_migrations FILE``: bring FILE to the newest revision;
    print ``{"before": ..., "after": ...}`` (the parent logs it)."""
    from sync.outbox.engine import make_engine  # the outbox's settings: parameters hidden

    engine = make_engine(Path(argv[0]))
    try:
        before, after = _upgrade_here(engine, "head")
    finally:
        engine.dispose()
    print(json.dumps({"before": before, "after": after}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
