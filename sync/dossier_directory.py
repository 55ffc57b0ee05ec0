"""The kiosk's dossiers found by tracking code: the outbox, refreshed live from the portal.

The outbox holds every dossier submitted at this kiosk (after the personal data is purged,
the tracking code, dossier code and status stay). For a dossier the portal has accepted, the
portal is asked once more while the resident waits, with a short timeout; if it does not
answer, the status the outbox last stored is shown with its date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from kiosk.dossier_lookup import (
    DossierFacts,
    DossierStage,
    LookupFailure,
    StageEvent,
    stage_of_portal_status,
)
from sync.dossier import DossierEvent
from sync.outbox import Outbox, OutboxRecord, OutboxState, utc_now
from sync.portal_client import DossierStatus, PortalClient

logger = logging.getLogger(__name__)


def _events(history: Sequence[DossierEvent]) -> tuple[StageEvent, ...]:
    """The portal's history as stages, skipping any step whose time cannot be read."""
    events = []
    for event in history:
        try:
            at = datetime.fromisoformat(event.at)
        except ValueError:
            continue
        events.append(StageEvent(stage_of_portal_status(event.status), at, event.note))
    return tuple(events)


class OutboxDirectory:
    """:class:`kiosk.ports.DossierDirectory` over the outbox and the portal client."""

    def __init__(
        self,
        outbox: Outbox,
        client: PortalClient | None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """``client`` should have a short timeout (a resident is waiting); None: the outbox
        alone answers."""
        self._outbox = outbox
        self._client = client
        self._clock = clock

    def look_up(self, tracking_code: str) -> DossierFacts | LookupFailure:
        """What is known of the dossier with this tracking code."""
        if not self._outbox.health.available:
            return LookupFailure.UNAVAILABLE
        try:
            record = self._outbox.find_by_tracking_code(tracking_code)
        except SQLAlchemyError:
            logger.exception("look-up failed", extra={"event": "lookup.failed"})
            return LookupFailure.UNAVAILABLE
        found = record is not None
        logger.info("dossier looked up", extra={"event": "lookup.done", "found": found})
        if record is None:
            return LookupFailure.NOT_FOUND
        if record.state is OutboxState.ACCEPTED and record.dossier_code and self._client:
            answer = self._client.status(record.dossier_code)
            if isinstance(answer, DossierStatus):
                return self._facts(record, answer.status, answer.history, self._clock(), True)
            logger.info("portal did not answer the look-up", extra={"event": "lookup.stale"})
        return self._facts(
            record, record.portal_status, record.status_history, record.status_checked_at, False
        )

    @staticmethod
    def _facts(
        record: OutboxRecord,
        status: str | None,
        history: Sequence[DossierEvent],
        as_of: datetime | None,
        live: bool,
    ) -> DossierFacts:
        if record.state in (OutboxState.QUEUED, OutboxState.SENDING):
            stage = DossierStage.WAITING
        elif record.state is OutboxState.FAILED:
            stage = DossierStage.NOT_ACCEPTED
        else:
            stage = stage_of_portal_status(status)
        accepted = record.state is OutboxState.ACCEPTED
        events = _events(history) if accepted else ()
        if accepted and not events and record.accepted_at is not None:
            events = (StageEvent(DossierStage.RECEIVED, record.accepted_at),)
        return DossierFacts(
            tracking_code=record.tracking_code,
            procedure_code=record.procedure_code,
            submitted_at=record.created_at,
            stage=stage,
            dossier_code=record.dossier_code,
            history=events,
            as_of=(as_of or record.accepted_at) if accepted else None,
            live=live,
        )
