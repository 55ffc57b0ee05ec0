"""Alembic migrations of the outbox schema, applied by :func:`sync.outbox_migrations.upgrade`."""
