"""A fresh temporary-residence submission (new ULID and tracking code) for tests and benchmarks
that queue real ones: the sync's crash and load runs, the start-up tests, the commit bench."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kiosk.submission import Submission, new_tracking_code, new_ulid


def fresh_submission(
    kiosk_id: str,
    applicant: dict[str, Any],
    answers: dict[str, Any],
    *,
    now: datetime | None = None,
) -> Submission:
    """A submission of ``dang-ky-tam-tru`` made ``now`` (this moment by default)."""
    made = now or datetime.now(UTC)
    return Submission(
        local_id=new_ulid(made),
        tracking_code=new_tracking_code(),
        procedure_code="dang-ky-tam-tru",
        procedure_version=1,
        kiosk_id=kiosk_id,
        created_at=made,
        applicant=applicant,
        answers=answers,
    )
