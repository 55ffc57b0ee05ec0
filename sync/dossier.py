"""A dossier's history as the portal tells it: shared by the portal client and the outbox."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DossierEvent:
    """One step of a dossier's history at the portal."""

    status: str
    at: str
    note: str = ""
