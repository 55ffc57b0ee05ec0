"""The kiosk's dossiers found by tracking code: the outbox, refreshed live from the portal.

The outbox holds every dossier submitted at this kiosk (after the personal data is purged,
the tracking code, dossier code and status stay). For a dossier the portal has accepted, the
portal is asked once more while the resident waits, with a short timeout; if it does not
answer, the status the outbox last stored is shown with its date.

A code the outbox does not know (a receipt from another building's kiosk or from the ward
office) is asked of the portal's public look-up, with the same short timeout: it answers the
stage, dates, next step, payment and the way the result will be received, nothing personal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
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
from sync.portal_client import DossierStatus, PortalClient, PublicDossier, UnknownTrackingCode

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
            return self._elsewhere(tracking_code)
        if record.state is OutboxState.ACCEPTED and record.dossier_code and self._client:
            answer = self._client.status(record.dossier_code)
            if isinstance(answer, DossierStatus):
                facts = self._facts(record, answer.status, answer.history, self._clock(), True)
                return self._with_payment(facts)
            logger.info("portal did not answer the look-up", extra={"event": "lookup.stale"})
        return self._facts(
            record, record.portal_status, record.status_history, record.status_checked_at, False
        )

    def _with_payment(self, facts: DossierFacts) -> DossierFacts:
        """``facts`` with the payment and the delivery choice from the public look-up
        (asked only once the portal has answered the status; as they were if it does not
        answer this too)."""
        if self._client is None:
            return facts
        public = self._client.look_up(facts.tracking_code)
        if not isinstance(public, PublicDossier):
            return facts
        return replace(
            facts,
            payment=public.payment,
            paid_at=public.paid_at,
            result_delivery=public.result_delivery,
        )

    def _elsewhere(self, tracking_code: str) -> DossierFacts | LookupFailure:
        """The portal's public facts of a dossier this kiosk did not take, or NOT_FOUND
        (unknown to the portal too, or the portal cannot be asked now)."""
        if self._client is None:
            return LookupFailure.NOT_FOUND
        answer = self._client.look_up(tracking_code)
        if isinstance(answer, UnknownTrackingCode):
            logger.info("the portal has no such dossier", extra={"event": "lookup.unknown"})
            return LookupFailure.NOT_FOUND
        if not isinstance(answer, PublicDossier):
            logger.info(
                "the portal's look-up did not answer", extra={"event": "lookup.portal_failed"}
            )
            return LookupFailure.NOT_FOUND
        logger.info("found at the portal", extra={"event": "lookup.elsewhere"})
        events = _events(answer.history) or (StageEvent(DossierStage.RECEIVED, answer.received_at),)
        return DossierFacts(
            tracking_code=answer.tracking_code,
            procedure_code=answer.procedure_code,
            submitted_at=answer.received_at,
            stage=stage_of_portal_status(answer.status),
            history=events,
            as_of=self._clock(),
            live=True,
            elsewhere=True,
            payment=answer.payment,
            paid_at=answer.paid_at,
            result_delivery=answer.result_delivery,
            next_step_note=answer.next_step,
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
