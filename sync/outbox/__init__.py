"""The outbox: every submission is kept in a local SQLite file until the portal has it.

A submission is committed (``synchronous=FULL``) before the resident is told it was
received, so a power cut or a crash never loses one. The row carries the frozen JSON payload
exactly as it will be sent, encrypted at rest (AES-GCM, :mod:`sync.outbox.crypto`); retries
resend the same bytes with the same ``Idempotency-Key``, so the portal can recognise them.

Life cycle::

    QUEUED --claim_batch--> SENDING --mark_accepted(_many)--> ACCEPTED  (final; status polled)
       ^                       |------mark_failed-----------> FAILED    (final, with the reason)
       +------mark_retry-------+
       +------release----------+   (claimed but not sent: the round ended first)
       +--requeue_interrupted--+   (after a crash left it SENDING)

The worker claims a small batch per transaction and writes acceptances in batches: a crash
between the portal's answer and the write only means a resend under the same
``Idempotency-Key``, which the portal answers with the same dossier.

Once accepted and older than the retention, the personal data (payload, attachments) is
deleted (:meth:`Outbox.purge_personal_data`); the tracking code, dossier code and status stay.

The file is checked (``PRAGMA integrity_check``) and migrated (Alembic) when the outbox
opens. A damaged file or a full disk does not crash the kiosk: ``enqueue`` raises
:class:`kiosk.ports.QueueUnavailableError`, :attr:`Outbox.health` carries the alarm for the
operator, and an ``outbox.alarm`` event is logged; what is already queued is left untouched.

What the package holds:

- ``records``: the values it hands out and takes in (:class:`OutboxRecord`,
  :class:`Acceptance`, …), no database;
- ``schema`` (the models), ``schema_migrations`` and ``migrations/`` (Alembic), ``crypto``
  (AES-GCM and the key file), ``key_source`` (where the key comes from: the credential
  systemd decrypts for ``kiosk.service`` when the key is sealed, else the key file),
  ``engine`` (connections and their pragmas), ``rows`` (the typed
  row the plain-SQL hot path reads, and the stored forms of its values);
- ``storage``: :class:`~sync.outbox.storage.OutboxStore`, the open file and its health,
  which every job below extends;
- ``raw_transaction``: the DB-API write transaction (``BEGIN IMMEDIATE``) of the queueing
  hot path;
- one module per job: ``queueing`` (enqueue, attachments), ``acceptance`` and ``drain``
  (claim, accept, retry, fail, release, requeue), ``status`` (polling accepted dossiers),
  ``retention`` (purging personal data), ``reports`` (look-ups and the operator's figures),
  ``ratings`` (residents' ratings: queued apart from any submission, deleted once sent).

:class:`Outbox` is all the jobs in one object, the interface the rest of the kiosk uses.

What it may import: the kiosk core's data types (``kiosk.submission``, ``kiosk.rating``,
``kiosk.ports.QueueUnavailableError``), ``sync.errors`` and ``sync.dossier``, SQLAlchemy,
Alembic and ``cryptography``. Never Qt, ``ui``, ``hardware``, nor the rest of ``sync`` (the
worker and the portal client use the outbox, not the other way round).
"""

from __future__ import annotations

from kiosk.clock import utc_now
from kiosk.ports import QueueUnavailableError
from sync.dossier import DossierEvent
from sync.errors import InvalidTransitionError, OutboxConflict, SyncError, UnknownRecordError
from sync.outbox.drain import OutboxDrain
from sync.outbox.queueing import OutboxQueueing
from sync.outbox.ratings import OutboxRatings, QueuedRating
from sync.outbox.records import (
    FINAL_PORTAL_STATUSES,
    Acceptance,
    FailedSubmission,
    OutboxHealth,
    OutboxRecord,
    OutboxState,
    unsent_age_s,
)
from sync.outbox.reports import OutboxReports
from sync.outbox.retention import OutboxRetention
from sync.outbox.status import OutboxStatusPolling
from sync.outbox.storage import DEFAULT_RETENTION

__all__ = [
    "DEFAULT_RETENTION",
    "FINAL_PORTAL_STATUSES",
    "Acceptance",
    "DossierEvent",
    "FailedSubmission",
    "InvalidTransitionError",
    "Outbox",
    "OutboxConflict",
    "OutboxHealth",
    "OutboxRecord",
    "OutboxState",
    "QueueUnavailableError",
    "QueuedRating",
    "SyncError",
    "UnknownRecordError",
    "unsent_age_s",
    "utc_now",
]


class Outbox(
    OutboxQueueing,
    OutboxDrain,
    OutboxStatusPolling,
    OutboxRetention,
    OutboxReports,
    OutboxRatings,
):
    """Durable queue of submissions waiting for (or done with) the portal.

    Thread-safe: every method is its own short transaction on a pooled connection, so the
    UI thread can enqueue while the sync worker claims and marks. Opening it
    (``Outbox(db_path, clock, key_path=…, retention=…)``) is
    :class:`~sync.outbox.storage.OutboxStore`'s.
    """
