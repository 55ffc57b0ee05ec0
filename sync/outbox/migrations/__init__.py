"""Alembic migrations of the outbox schema, applied by
:func:`sync.outbox.schema_migrations.upgrade`."""
