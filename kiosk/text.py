"""Words shown to a resident, in both languages the kiosk speaks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A sentence for the resident in Vietnamese (the source language) and English."""

    vi: str
    en: str

    def in_language(self, language: str) -> str:
        """The text in ``language`` ("vi" or "en"); Vietnamese for anything else."""
        return self.en if language == "en" else self.vi
