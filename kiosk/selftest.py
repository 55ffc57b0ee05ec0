"""The kiosk's self-test, as values: one :class:`Check` per part (the card reader, the printer,
the camera, the portal, the clock, the disk, the outbox, the fonts, the translations, the
software version), each ok, a warning or failed, with what happened and what to do.

The checks themselves run in the composition root (``kiosk.app.selftest_checks``), which
knows the devices; ``kiosk selftest`` prints them, the provisioning command sums them up and
the technician screen shows them. Details are for technicians, in English, and never hold
personal data (no QR content, nothing from a chip, no credential).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class CheckStatus(StrEnum):
    """How one part came out of the self-test."""

    OK = "ok"
    WARNING = "warning"
    """Works, but something is worth a look (the kiosk can serve residents)."""
    FAILED = "failed"
    """Does not work: the kiosk cannot do that part of its job until a technician acts."""

    @property
    def severity(self) -> int:
        """0 ok, 1 warning, 2 failed: the worst of several is the one with the highest."""
        return _SEVERITY[self]


_SEVERITY = {CheckStatus.OK: 0, CheckStatus.WARNING: 1, CheckStatus.FAILED: 2}

CHECK_NAMES = (
    "card_reader",
    "printer",
    "camera",
    "portal",
    "clock",
    "disk",
    "outbox",
    "fonts",
    "translations",
    "version",
)
"""Every check's name, stable and lower-case, in the order the self-test runs and reports them
(the printer before the camera: the test page it prints is what a technician holds up)."""


@dataclass(frozen=True)
class Check:
    """One part's result: ``detail`` says what was found, ``action`` what to do about it
    (empty when there is nothing to do)."""

    name: str
    status: CheckStatus
    detail: str
    action: str = ""

    def to_json(self) -> dict[str, str]:
        """``{"name", "status", "detail", "action"}``, for ``kiosk selftest --json``."""
        return {
            "name": self.name,
            "status": self.status.value,
            "detail": self.detail,
            "action": self.action,
        }


def summary(checks: Iterable[Check]) -> CheckStatus:
    """The worst status among ``checks`` (``OK`` when there are none)."""
    return max((c.status for c in checks), key=lambda s: s.severity, default=CheckStatus.OK)


def passed(checks: Iterable[Check]) -> bool:
    """True when no check failed (warnings allowed)."""
    return all(c.status is not CheckStatus.FAILED for c in checks)
