"""Reading the screen aloud: the "Nghe" (Listen) button, for QML as ``kiosk.readingAloud``.

What is read is the core's (:func:`kiosk.screen_reading.screen_text`: the kiosk's own words,
never an answer or card data); this object only says it, through Qt's text-to-speech
(``QtTextToSpeech``) with the engine and voice ``[speech]`` names (kiosk/settings.py).

- The engine is made on the first press, not at start (the kiosk's cold start is measured),
  and kept for the kiosk's run. A press while speaking stops; the next press reads again
  from the start. Leaving the screen (another screen, another question, the other
  language) stops.
- No engine (speech-dispatcher or libspeechd missing, the daemon not starting) or no voice
  for the language: the button says so ("Không có giọng đọc") and does nothing more; the
  kiosk works as usual, and one warning goes to the log (engine and locale, never a text).
- The screens never wait: the engine lives in a process of its own (``ui/speech_helper.py``,
  started with :class:`QProcess` on the first press), because making Qt's speechd engine
  takes seconds and PySide holds Python's lock all the while (2.5 to 4 s of frozen screens
  measured with it on a thread of the kiosk's). Presses go to it as lines on its stdin; what
  it did comes back on its stdout, read when Qt says there is something to read. A helper
  that cannot start or dies counts as no engine.

Where the sound goes (headphones): speech-dispatcher (Debian's ``speech-dispatcher`` with
``speech-dispatcher-espeak-ng``; its own ``libspeechd2`` for Qt's plug-in) plays to the sound
server's default sink; it is autospawned by the kiosk's user with the kiosk's
``XDG_RUNTIME_DIR``. On a kiosk with a headphone jack, PipeWire (WirePlumber) or PulseAudio
switches the default sink's port to the headphones when they are plugged in (ALSA jack
detection) and back to the speaker when unplugged; to keep speech in the headphones only,
make the jack's sink the default (``pactl set-default-sink NAME`` or
``wpctl set-default ID`` as the kiosk's user) and mute the speaker's. Without a sound
server, ``AudioOutputMethod "alsa"`` in /etc/speech-dispatcher/speechd.conf plays to ALSA's
default card, whose codec mutes the speaker when headphones are plugged in (most HDA codecs
do). Where audio cannot be opened at all, speech-dispatcher never says it finished: past
the text's time (:data:`MS_PER_CHARACTER`, :data:`GRACE_MS`) the reading counts as over and
the log says so once. The kiosk itself never chooses a device.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Property, QObject, QProcess, QTimer, Signal, Slot

log = logging.getLogger(__name__)

HELPER = Path(__file__).resolve().with_name("speech_helper.py")
CLOSE_WAIT_MS = 2000
"""At exit, how long the helper has to end once its stdin is closed."""
MS_PER_CHARACTER = 150
"""How long a character may take to say, at most (espeak-ng says about 12 a second at the
kiosk's rate): with :data:`GRACE_MS`, when a reading that never said it finished counts as
over."""
GRACE_MS = 10_000
"""Time for the helper and its engine to start, on top of the text's own time."""


class SpeechChoice(Protocol):
    """The ``[speech]`` keys (:class:`kiosk.settings.SpeechSection`)."""

    @property
    def enabled(self) -> bool: ...
    @property
    def engine(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def locale_en(self) -> str: ...
    @property
    def rate(self) -> float: ...


@dataclass(frozen=True)
class SpeechDefaults:
    """``[speech]`` as config/kiosk.toml ships it, until the settings are read."""

    enabled: bool = True
    engine: str = "speechd"
    locale: str = "vi_VN"
    locale_en: str = "en_GB"
    rate: float = -0.2


class ReadingAloud(QObject):
    """The Listen button's state and its one action."""

    changed = Signal()

    def __init__(
        self,
        text: Callable[[], str],
        language: Callable[[], str],
        choice: SpeechChoice | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``text``: what to read for the screen shown now; ``language``: its language."""
        super().__init__(parent)
        self._text = text
        self._language = language
        self._choice: SpeechChoice = choice or SpeechDefaults()
        self.echo = False
        """Tests: the helper also tells each text it says; every answer is kept in
        :attr:`heard`."""
        self.heard: list[dict[str, object]] = []
        """With :attr:`echo`: every answer of the helper, in order."""
        self._process: QProcess | None = None
        self._waiting: list[bytes] = []
        """Lines for the helper until it has started."""
        self._read = b""
        self._broken = False
        self._voiceless: set[str] = set()
        """Locales the engine has no voice for."""
        self._asked = 0
        """The number of the last reading asked for."""
        self._finished = 0
        """The number of the last reading the helper finished (or could not begin)."""
        self._stopped = 0
        """The number of the last reading stopped from here."""
        self._place = ""
        self.ms_per_character = MS_PER_CHARACTER
        self.grace_ms = GRACE_MS
        self._overdue = QTimer(self)
        """Where no sound can be played speech-dispatcher never says a reading finished:
        past its time it counts as over, or the button would say "Dừng đọc" for ever."""
        self._overdue.setSingleShot(True)
        self._overdue.timeout.connect(self._give_up_waiting)
        self._silent_warned = False

    def configure(self, choice: SpeechChoice) -> None:
        """The ``[speech]`` keys, once validated (before the first press, or the helper
        already started keeps its engine and rate)."""
        self._choice = choice
        self.changed.emit()

    @property
    def helper_pid(self) -> int:
        """The helper's process id (0: not running)."""
        process = self._process
        return int(process.processId()) if process is not None else 0

    # --- what QML reads --------------------------------------------------------------------
    def _shown(self) -> bool:
        return self._choice.enabled

    shown = Property(bool, _shown, notify=changed)
    """The button is there (``[speech] enabled``)."""

    def _is_speaking(self) -> bool:
        return self._asked > max(self._finished, self._stopped)

    speaking = Property(bool, _is_speaking, notify=changed)
    """Reading, or about to (from the press until the engine has finished or was stopped)."""

    def _unavailable(self) -> bool:
        return self._broken or self._locale() in self._voiceless

    unavailable = Property(bool, _unavailable, notify=changed)
    """Pressed once, there was no engine or no voice in the screen's language."""

    # --- what the screens and the bridge call ------------------------------------------------
    @Slot()
    def toggle(self) -> None:
        """The button was pressed: read the screen, or stop reading it."""
        if not self._choice.enabled or self._unavailable():
            return
        if self._is_speaking():
            self.stop()
            return
        text = self._text()
        if not text:
            return
        self._asked += 1
        self._send({"say": text, "locale": self._locale(), "n": self._asked})
        self._overdue.start(self.grace_ms + self.ms_per_character * len(text))
        self.changed.emit()

    def follow(self, place: str) -> None:
        """The screen shown is now ``place`` (screen, question, language): stop reading what
        was on the last one."""
        if place == self._place:
            return
        self._place = place
        self.stop()
        self.changed.emit()  # the language may have changed what is available

    def stop(self) -> None:
        """Stop speaking, if speaking."""
        if self._is_speaking():
            self._stopped = self._asked
            self._send({"stop": True})
            self.changed.emit()

    def close(self) -> None:
        """End the helper (at exit): its stdin closed, it stops and ends."""
        process, self._process = self._process, None
        if process is None:
            return
        process.readyReadStandardOutput.disconnect(self._on_output)
        process.finished.disconnect(self._on_ended)
        process.errorOccurred.disconnect(self._on_error)
        process.closeWriteChannel()
        if not process.waitForFinished(CLOSE_WAIT_MS):
            process.kill()
            process.waitForFinished(CLOSE_WAIT_MS)

    # --- internals ---------------------------------------------------------------------------
    def _locale(self) -> str:
        return self._choice.locale_en if self._language() == "en" else self._choice.locale

    def _send(self, command: dict[str, object]) -> None:
        if self._broken:
            return
        line = json.dumps(command, ensure_ascii=False).encode() + b"\n"
        if self._process is None:
            self._start_helper()
        process = self._process
        if process is not None and process.state() is QProcess.ProcessState.Running:
            process.write(line)
        else:
            self._waiting.append(line)

    def _start_helper(self) -> None:
        choice = self._choice
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        process.readyReadStandardOutput.connect(self._on_output)
        process.started.connect(self._on_started)
        process.finished.connect(self._on_ended)
        process.errorOccurred.connect(self._on_error)
        arguments = [str(HELPER), choice.engine, str(choice.rate)]
        if self.echo:
            arguments.append("--echo")
        self._process = process
        process.start(sys.executable, arguments)

    def _on_started(self) -> None:
        process = self._process
        if process is not None:
            for line in self._waiting:
                process.write(line)
        self._waiting = []

    def _on_output(self) -> None:
        process = self._process
        if process is None:
            return
        self._read += bytes(process.readAllStandardOutput().data())
        *lines, self._read = self._read.split(b"\n")
        for line in lines:
            try:
                answer = json.loads(line)
            except ValueError:
                continue
            if isinstance(answer, dict):
                self._take(answer)
        self.changed.emit()

    def _take(self, answer: dict[str, object]) -> None:
        if self.echo:
            self.heard.append(answer)
        if "broken" in answer:
            self._give_up(str(answer["broken"]))
        elif "voiceless" in answer:
            locale = str(answer["voiceless"])
            if locale not in self._voiceless:
                self._voiceless.add(locale)
                log.warning(
                    "reading aloud: no voice for %s in the %r engine; the Listen button says "
                    "so (install espeak-ng and speech-dispatcher-espeak-ng, or set [speech] "
                    "locale)",
                    locale,
                    self._choice.engine,
                    extra={"event": "speech.no_voice", "locale": locale},
                )
            self._finished = max(self._finished, _number(answer.get("n")))
        elif "finished" in answer:
            self._finished = max(self._finished, _number(answer["finished"]))

    def _give_up_waiting(self) -> None:
        if not self._is_speaking():
            return
        self.stop()
        if not self._silent_warned:
            self._silent_warned = True
            log.warning(
                "reading aloud: the %r engine never said it finished reading (no sound "
                "output? see deploy/README.md, 'Reading aloud'); the Listen button is ready "
                "again",
                self._choice.engine,
                extra={"event": "speech.overdue", "engine": self._choice.engine},
            )

    def _on_ended(self) -> None:
        self._give_up("the speech helper ended")
        self.changed.emit()

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart:
            self._give_up("the speech helper did not start")
            self.changed.emit()

    def _give_up(self, reason: str) -> None:
        self._finished = self._asked
        if self._broken:
            return
        self._broken = True
        log.warning(
            "reading aloud: the %r text-to-speech engine is not available (%s); the Listen "
            "button says so (install speech-dispatcher, speech-dispatcher-espeak-ng and "
            "libspeechd2, or set [speech] engine)",
            self._choice.engine,
            reason,
            extra={"event": "speech.no_engine", "engine": self._choice.engine},
        )


def _number(value: object) -> int:
    return value if isinstance(value, int) else 0
