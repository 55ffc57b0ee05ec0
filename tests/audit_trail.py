"""A strict audit trail for a test: every entry it recorded, parsed from its line of JSON, on a
logger of its own (outside the logging tree, so tests do not hear each other's)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk.audit import Audit, AuditEvent
from kiosk.clock import utc_now


class _Entries(logging.Handler):
    def __init__(self, entries: list[dict[str, Any]]) -> None:
        super().__init__(logging.DEBUG)
        self._entries = entries

    def emit(self, record: logging.LogRecord) -> None:
        line = record.getMessage()
        entry = json.loads(line)
        assert "\n" not in line and entry == record.audit  # type: ignore[attr-defined]
        assert {"event", "kiosk", "ts"} <= set(entry)
        self._entries.append(entry)


class AuditLog(Audit):
    """An :class:`Audit` that raises for a field it refuses and keeps what it recorded."""

    def __init__(
        self, clock: Callable[[], datetime] = utc_now, kiosk_id: str = "HN-TEST-1"
    ) -> None:
        logger = logging.Logger("tests.audit", logging.DEBUG)
        super().__init__(kiosk_id, logger, clock=clock, strict=True)
        self.entries: list[dict[str, Any]] = []
        logger.addHandler(_Entries(self.entries))

    def events(self) -> list[str]:
        """The events recorded, in order."""
        return [str(entry["event"]) for entry in self.entries]

    def of(self, event: AuditEvent) -> list[dict[str, Any]]:
        """The entries of ``event``, in order."""
        return [entry for entry in self.entries if entry["event"] == event.value]

    def fields(self) -> list[dict[str, Any]]:
        """Each entry without the event, kiosk and time (what the test chose to record)."""
        return [
            {k: v for k, v in entry.items() if k not in ("kiosk", "ts")} for entry in self.entries
        ]
