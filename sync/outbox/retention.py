"""Retention: the personal data of accepted dossiers is deleted once the retention is over;
the tracking code, dossier code and status stay."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, select, update

from sync.outbox.records import OutboxState
from sync.outbox.schema import AttachmentRow, OutboxAttachmentRow, OutboxRow
from sync.outbox.storage import OutboxStore, logger


class OutboxRetention(OutboxStore):
    """Keeping personal data no longer than needed (Nghị định 13/2023)."""

    def purge_personal_data(self, now: datetime) -> int:
        """Delete the payload and attachments of dossiers accepted more than the retention
        ago; tracking code, dossier code and status stay. Returns how many rows were purged."""
        if not self.health.available:
            return 0
        cutoff = now - self._retention
        with self._sessions.begin() as session:
            due = (
                select(OutboxRow.local_id)
                .where(
                    OutboxRow.state == OutboxState.ACCEPTED.value,
                    OutboxRow.purged_at.is_(None),
                    OutboxRow.accepted_at <= cutoff,
                )
                .scalar_subquery()
            )
            hashes = set(
                session.scalars(
                    select(OutboxAttachmentRow.sha256).where(OutboxAttachmentRow.local_id.in_(due))
                ).all()
            )
            session.execute(
                delete(OutboxAttachmentRow).where(OutboxAttachmentRow.local_id.in_(due))
            )
            result = session.execute(
                update(OutboxRow)
                .where(OutboxRow.local_id.in_(due))
                .values(payload="", purged_at=now)
                .execution_options(synchronize_session=False)
            )
            count: int = getattr(result, "rowcount", 0)
            if hashes:
                # An attachment another submission still carries stays.
                still_used = select(OutboxAttachmentRow.sha256)
                session.execute(
                    delete(AttachmentRow).where(
                        and_(
                            AttachmentRow.sha256.in_(hashes),
                            AttachmentRow.sha256.not_in(still_used),
                        )
                    )
                )
        if count:
            logger.info(
                "purged personal data of %d accepted submissions",
                count,
                extra={"event": "outbox.purged"},
            )
        return count
