"""What the outbox hands out and takes in: states, record snapshots, acceptances, the
operator's views, and the clock they are stamped with. Plain values, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sync.dossier import DossierEvent

FINAL_PORTAL_STATUSES = frozenset({"result_ready", "additional_documents_needed", "rejected"})
"""Portal statuses after which the kiosk stops asking (the resident acts, not the kiosk)."""


class OutboxState(StrEnum):
    """Where a queued submission is in its journey to the portal."""

    QUEUED = "queued"
    SENDING = "sending"
    ACCEPTED = "accepted"
    FAILED = "failed"


@dataclass(frozen=True)
class OutboxRecord:
    """A read-only snapshot of one outbox row.

    ``payload_json`` holds citizen data (decrypted): never log it. It is ``""`` once purged.
    """

    local_id: str
    tracking_code: str
    procedure_code: str
    procedure_version: int
    state: OutboxState
    attempts: int
    last_error: str | None
    dossier_code: str | None
    created_at: datetime
    updated_at: datetime
    payload_json: str
    next_attempt_at: datetime | None = None
    accepted_at: datetime | None = None
    failure_status: int | None = None
    portal_status: str | None = None
    status_history: tuple[DossierEvent, ...] = ()
    status_checked_at: datetime | None = None
    next_poll_at: datetime | None = None
    poll_attempts: int = 0
    purged_at: datetime | None = None
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Acceptance:
    """The portal took a submission: what :meth:`Outbox.mark_accepted_many` writes down."""

    local_id: str
    dossier_code: str
    portal_status: str | None = None
    next_poll_at: datetime | None = None
    claimed: OutboxRecord | None = field(default=None, compare=False, repr=False)
    """The record as claimed, if the caller holds it: the fresh record is then derived from
    it rather than read back from the file (the drain's hot path)."""


@dataclass(frozen=True)
class FailedSubmission:
    """A submission the portal refused for good, as the operator sees it: no personal data."""

    local_id: str
    tracking_code: str
    procedure_code: str
    procedure_version: int
    http_status: int | None
    reason: str
    failed_at: datetime
    attempts: int


@dataclass(frozen=True)
class OutboxHealth:
    """What the operator's screen shows about the outbox itself."""

    available: bool
    alarm: str | None = None
    """Why submissions cannot be queued (or the last write that failed), if any."""


def unsent_age_s(oldest_unsent: OutboxRecord | None, now: datetime) -> float | None:
    """Seconds since ``oldest_unsent`` was queued (None when nothing waits)."""
    if oldest_unsent is None:
        return None
    return max(0.0, (now - oldest_unsent.created_at).total_seconds())
