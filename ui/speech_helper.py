"""Qt's text-to-speech in a process of its own, for the "Nghe" button (ui/reading_aloud.py).

Why a process: making Qt's speechd engine takes seconds (2 to 5 s measured: it lists every
espeak-ng voice, some 13 000), and PySide holds Python's lock all the while, so on any thread
of the kiosk's process the screens would freeze. Here nothing waits for it.

Run as ``python speech_helper.py ENGINE RATE [--echo]`` (by path: it imports nothing of the
kiosk's). It makes the engine at once, then reads one JSON object a line on its stdin:

- ``{"say": TEXT, "locale": "vi_VN", "n": N}``: stop what it is saying and say TEXT (reading
  number N) with a voice of that locale;
- ``{"stop": true}``: stop.

Only the last of the lines waiting counts (a reading overtaken while the engine was being made
is never begun). It answers one JSON object a line on its stdout:

- ``{"broken": REASON}``: no engine (then it only answers ``finished``);
- ``{"voiceless": LOCALE, "n": N}``: no voice for that locale, reading N not begun;
- ``{"speaking": N}``, ``{"finished": N}``: reading N began, ended or was stopped;
- with ``--echo`` (tests), ``{"said": TEXT, "locale": LOCALE, "n": N}`` before it speaks.

It never logs or prints a text but with ``--echo``; it ends when its stdin closes.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech

STDIN = 0


class Inbox(QObject):
    """Lines from stdin, read as they come, without a thread (Qt watches the pipe)."""

    arrived = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[dict[str, Any]] = []
        self._partial = b""
        self._notifier = QSocketNotifier(STDIN, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)

    def take(self) -> list[dict[str, Any]]:
        lines, self._lines = self._lines, []
        return lines

    def _read(self) -> None:
        data = os.read(STDIN, 65536)
        if not data:  # the kiosk closed the pipe: the end
            self._notifier.setEnabled(False)
            self._lines.append({"quit": True})
        *lines, self._partial = (self._partial + data).split(b"\n")
        for line in lines:
            try:
                command = json.loads(line)
            except ValueError:
                continue
            if isinstance(command, dict):
                self._lines.append(command)
        self.arrived.emit()


def tell(**answer: object) -> None:
    print(json.dumps(answer, ensure_ascii=False), flush=True)


class Speaker(QObject):
    """The engine, and what the kiosk asks of it."""

    def __init__(self, engine: str, rate: float, echo: bool, inbox: Inbox) -> None:
        super().__init__()
        self._inbox = inbox
        self._echo = echo
        self._current = 0
        self._speech: QTextToSpeech | None = QTextToSpeech(engine, self)
        if self._speech.state() is QTextToSpeech.State.Error:
            self._give_up()
        else:
            self._speech.setRate(rate)
            self._speech.stateChanged.connect(self._on_state)

    @Slot()
    def work(self) -> None:
        commands = self._inbox.take()
        if not commands:
            return
        last = commands[-1]
        if last.get("quit"):
            QCoreApplication.quit()
            return
        if self._speech is not None and self._speech.state() is QTextToSpeech.State.Speaking:
            self._speech.stop()
        if "say" in last:
            self._say(str(last["say"]), str(last.get("locale", "")), int(last.get("n", 0)))

    def _say(self, text: str, wanted: str, number: int) -> None:
        speech = self._speech
        if speech is None:
            tell(finished=number)
            return
        if speech.locale().name() != wanted:
            locale = next((x for x in speech.availableLocales() if x.name() == wanted), None)
            if locale is not None:
                speech.setLocale(locale)
        voices = speech.availableVoices() if speech.locale().name() == wanted else []
        if not voices:
            tell(voiceless=wanted, n=number)
            return
        if speech.voice() not in voices:
            speech.setVoice(voices[0])
        self._current = number
        if self._echo:
            tell(said=text, locale=wanted, n=number)
        speech.say(text)

    def _on_state(self, state: QTextToSpeech.State) -> None:
        if state is QTextToSpeech.State.Speaking:
            tell(speaking=self._current)
        elif state is QTextToSpeech.State.Ready:
            tell(finished=self._current)
        elif state is QTextToSpeech.State.Error:
            self._give_up()
            tell(finished=self._current)

    def _give_up(self) -> None:
        speech, self._speech = self._speech, None
        if speech is not None:
            reason = f"{speech.errorReason().name}: {speech.errorString()}"
            tell(broken=reason or "unknown")
            speech.deleteLater()


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: speech_helper.py ENGINE RATE [--echo]", file=sys.stderr)
        return 2
    engine, rate, echo = argv[0], float(argv[1]), "--echo" in argv[2:]
    app = QCoreApplication([sys.argv[0]])
    inbox = Inbox()
    speaker = Speaker(engine, rate, echo, inbox)  # seconds: the kiosk's lines wait in the pipe
    inbox.arrived.connect(speaker.work)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
