"""How a simulated dossier moves through its statuses as the simulator's clock advances."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Timeline:
    """How fast dossiers move: seconds after receipt of each step."""

    processing_after_s: float = 60.0
    decision_after_s: float = 300.0

    def history(self, key: str, received: datetime, now: datetime) -> list[dict[str, str]]:
        """Every status the dossier has had by ``now``, oldest first."""
        steps = [("received", received, "")]
        processing = received + timedelta(seconds=self.processing_after_s)
        decided = received + timedelta(seconds=self.decision_after_s)
        if now >= processing:
            steps.append(("processing", processing, ""))
        if now >= decided:
            steps.append(_decision(key, decided))
        return [
            {"status": status, "at": at.isoformat(), **({"note": note} if note else {})}
            for status, at, note in steps
        ]


def _decision(key: str, at: datetime) -> tuple[str, datetime, str]:
    # Deterministic per dossier: the same key always ends the same way. The notes are in
    # Vietnamese, as the city's officers write them; the kiosk shows them as they come.
    bucket = hashlib.sha256(key.encode("utf-8")).digest()[0] % 10
    if bucket == 0:
        return "rejected", at, "Hồ sơ không đủ điều kiện theo quy định."
    if bucket == 1:
        return "additional_documents_needed", at, "Bổ sung giấy tờ chứng minh chỗ ở hợp pháp."
    return "result_ready", at, ""
