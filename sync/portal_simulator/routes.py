"""The simulator's addresses, size limits and identifier shapes, and the problem it answers with.

Shared by the store, the request checks and the handler, so that each of them names a path
or a limit the same way and none of them imports another just for a constant.
"""

from __future__ import annotations

import re

MAX_BODY_BYTES = 1_000_000
MAX_ATTACHMENT_BYTES = 10_000_000
ATTACHMENT_TYPES = {
    "application/pdf": b"%PDF-",
    "image/jpeg": b"\xff\xd8\xff",
    "application/octet-stream": b"",
}
"""The media types an attachment may be sent as, and the first bytes each must have."""
DOSSIER_PATH = re.compile(r"^/api/v1/submissions/(?P<code>[^/]*)$")
ATTACHMENT_PATH = re.compile(r"^/api/v1/attachments/(?P<sha>[^/]*)$")
HEARTBEAT_PATH = re.compile(r"^/api/v1/kiosks/(?P<kiosk>[^/]*)/heartbeat$")
PAYMENT_PATH = re.compile(r"^/api/v1/payments/(?P<payment>[^/]*)$")
SIM_PAYMENT_PAID_PATH = re.compile(r"^/sim/payments/(?P<payment>[^/]*)/paid$")
PAYMENTS_PATH = "/api/v1/payments"
TRACKING_PATH = "/api/v1/tracking"
RATINGS_PATH = "/api/v1/ratings"
SIM_RATINGS_PATH = "/sim/ratings"
SIM_NOTIFICATIONS_PATH = "/sim/notifications"
SUBMISSIONS_PATH = "/api/v1/submissions"
ENROLMENT_PATH = "/api/v1/kiosks/enrolments"
CATALOGUE_PATH = "/api/v1/catalogue"
HEALTH_PATH = "/health"
SIM_DOSSIERS_PATH = "/sim/dossiers"
SIM_CATALOGUE_PATH = "/sim/catalogue"
SIM_KIOSKS_PATH = "/sim/kiosks"
SIM_ENROLMENT_CODES_PATH = "/sim/enrolment-codes"
SAFE_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
ENROLMENT_CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")


class _ProblemError(Exception):
    """An RFC 9457 problem to send back instead of the normal answer."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def _allowed_methods(path: str) -> list[str]:
    if path in (
        HEALTH_PATH,
        SIM_DOSSIERS_PATH,
        SIM_KIOSKS_PATH,
        CATALOGUE_PATH,
        SIM_RATINGS_PATH,
        SIM_NOTIFICATIONS_PATH,
    ) or any(p.match(path) for p in (DOSSIER_PATH, PAYMENT_PATH)):
        return ["GET"]
    if path in (
        SUBMISSIONS_PATH,
        ENROLMENT_PATH,
        SIM_ENROLMENT_CODES_PATH,
        PAYMENTS_PATH,
        RATINGS_PATH,
        TRACKING_PATH,
    ) or SIM_PAYMENT_PAID_PATH.match(path):
        return ["POST"]
    if path == SIM_CATALOGUE_PATH:
        return ["PUT"]
    if HEARTBEAT_PATH.match(path):
        return ["POST"]
    if ATTACHMENT_PATH.match(path):
        return ["PUT"]
    return []
