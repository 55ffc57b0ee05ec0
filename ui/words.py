"""The language the resident chose, and the core's :class:`~kiosk.text.Message` in it as the
screens show them."""

from __future__ import annotations

from kiosk.text import Message

KEEP_TOGETHER = "Ông/\u2060Bà"
"""Qt breaks lines after "/", which splits the polite form of address in two; a word
joiner (U+2060) after the slash keeps it on one line. The QML strings carry it too."""


class Words:
    """Turns messages into screen text in the current language (``"vi"`` or ``"en"``)."""

    def __init__(self, language: str) -> None:
        self.language = language

    def t(self, message: Message) -> str:
        """``message`` in the current language, the polite address kept on one line."""
        return message.in_language(self.language).replace("Ông/Bà", KEEP_TOGETHER)
