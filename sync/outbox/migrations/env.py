"""Alembic environment: runs on the connection the outbox hands over (no ini file, no URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

connection = context.config.attributes["connection"]
assert isinstance(connection, Connection)
# render_as_batch: SQLite cannot ALTER most things in place; batch mode copies the table.
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
