"""Exceptions of the sync layer.

Only real bugs are raised: a network that is down, a portal answering 503 or a duplicate
refused with 409 are part of normal life and come back as returned values instead.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base class of every exception the sync layer raises on purpose."""


class OutboxConflict(SyncError):  # noqa: N818 - the name the kiosk core codes against
    """The same local id (or tracking code) was queued again with a different payload.

    A submission is frozen once queued; reusing its id for other content would make the
    portal's idempotency check refuse it, so we refuse it first.
    """


class UnknownRecordError(SyncError):
    """A state change was asked for a local id the outbox does not hold."""


class InvalidTransitionError(SyncError):
    """A state change that the outbox's life cycle does not allow (e.g. an accepted
    submission marked failed)."""
