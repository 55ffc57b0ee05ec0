"""How the screens look for the resident at the kiosk now: the text size and the contrast.

A resident chooses both on the home screen or under any screen's header; the choice lasts for
their session and goes back to :data:`STANDARD_DISPLAY` when the session is wiped (Finish,
start over, inactivity, a technician signing in), so the next resident finds the kiosk as
usual. Pure values: the screens turn them into sizes and colours (``Theme.qml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TextSize(StrEnum):
    """The three steps of the text size, smallest first."""

    NORMAL = "normal"
    LARGE = "large"
    LARGEST = "largest"

    @property
    def scale(self) -> float:
        """How many times the normal size every text (and what holds it) is drawn."""
        return _SCALES[self]


_SCALES = {TextSize.NORMAL: 1.0, TextSize.LARGE: 1.2, TextSize.LARGEST: 1.4}


class Contrast(StrEnum):
    """The colour scheme: the usual one, or black and white with yellow actions."""

    STANDARD = "standard"
    HIGH = "high-contrast"


@dataclass(frozen=True)
class Display:
    """The resident's choice of text size and contrast."""

    text_size: TextSize = TextSize.NORMAL
    contrast: Contrast = Contrast.STANDARD


STANDARD_DISPLAY = Display()
"""What every session starts with and the wipe returns to."""
