"""A resident's finished application, frozen at the moment it is queued.

The local id is a ULID: sortable by creation time and made on the kiosk, so it can serve as
the ``Idempotency-Key`` towards the portal. The tracking code is what the resident keeps:
short, read aloud easily, without letters that look like digits (Crockford's alphabet).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kiosk.result_delivery import NotificationConsent, ResultDelivery

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_PREFIX = "HN"
TRACKING_CHARS = 8
"""Characters after the prefix in a tracking code (two groups of four)."""


def new_ulid(now: datetime) -> str:
    """A 26-character ULID: 48 bits of milliseconds since the epoch, then 80 random bits."""
    import secrets  # here, as below: not loaded before the home screen's first frame

    millis = int(now.timestamp() * 1000)
    value = (millis << 80) | secrets.randbits(80)
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def tracking_code_of(chars: str) -> str:
    """The tracking code written from its 8 characters: ``HN-7K3M-Q9PD``."""
    return f"{TRACKING_PREFIX}-{chars[:4]}-{chars[4:]}"


def new_tracking_code() -> str:
    """A tracking code such as ``HN-7K3M-Q9PD`` (40 random bits)."""
    import secrets

    return tracking_code_of("".join(secrets.choice(CROCKFORD) for _ in range(TRACKING_CHARS)))


@dataclass(frozen=True)
class Submission:
    """Everything the portal needs to open a dossier, as plain JSON-able data.

    ``applicant`` holds what came from the ID card (or was typed instead of it); ``answers``
    holds the procedure's questions by id. Both are personal data: never log them.
    """

    local_id: str
    tracking_code: str
    procedure_code: str
    procedure_version: int
    kiosk_id: str
    created_at: datetime
    applicant: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    fee_vnd: int = 0
    attachments: tuple[str, ...] = ()
    """SHA-256 of each photo the answers refer to, uploaded before the submission."""
    identity_evidence: dict[str, str] = field(default_factory=dict)
    """When the identity was read from the chip: the raw EF.SOD and data groups (base64), so
    the portal can check the card's signature. Personal data."""
    result_delivery: ResultDelivery | None = None
    """How the resident chose to receive the result (a postal address is personal data)."""
    notification: NotificationConsent | None = None
    """The resident's consent to be told of status changes, with the number (personal
    data); None when they declined or were not asked."""

    def to_payload(self) -> dict[str, Any]:
        """The body sent to the portal (and frozen in the outbox)."""
        payload: dict[str, Any] = {
            "local_id": self.local_id,
            "tracking_code": self.tracking_code,
            "procedure": {"code": self.procedure_code, "version": self.procedure_version},
            "kiosk_id": self.kiosk_id,
            "created_at": self.created_at.isoformat(),
            "applicant": self.applicant,
            "answers": self.answers,
            "fee_vnd": self.fee_vnd,
        }
        if self.attachments:
            payload["attachments"] = list(self.attachments)
        if self.identity_evidence:
            payload["identity_evidence"] = self.identity_evidence
        if self.result_delivery is not None:
            payload["result_delivery"] = self.result_delivery.to_payload()
        if self.notification is not None:
            payload["notification"] = self.notification.to_payload()
        return payload

    def payload_json(self) -> str:
        """The payload as canonical JSON text (sorted keys), so the same submission always
        serialises to the same bytes."""
        return json.dumps(self.to_payload(), ensure_ascii=False, sort_keys=True)
