"""Someone with a USB keyboard, or a finger held down, cannot leave the kiosk from inside
the application: no key chord quits, closes or hides the window, opens another window, or
drops the resident's answers, on the home screen, on a question with the on-screen keyboard
open, or on the check page. (Chords a compositor handles, VT switching and zap, are
refused by cage and by the unit: ``tests/deploy/test_units.py``.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from .conftest import Screens
from .test_screens import to_review

UI = Path(__file__).resolve().parents[2] / "ui"

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
META = Qt.KeyboardModifier.MetaModifier
NONE = Qt.KeyboardModifier.NoModifier
K = Qt.Key

CHORDS: list[tuple[str, Qt.Key, Qt.KeyboardModifier]] = [
    ("Alt+F4", K.Key_F4, ALT),
    ("Ctrl+Q", K.Key_Q, CTRL),
    ("Ctrl+W", K.Key_W, CTRL),
    ("Ctrl+Shift+Q", K.Key_Q, CTRL | SHIFT),
    ("Escape", K.Key_Escape, NONE),
    ("F11", K.Key_F11, NONE),
    ("Alt+Tab", K.Key_Tab, ALT),
    ("Alt+F2", K.Key_F2, ALT),
    ("Ctrl+Alt+F2", K.Key_F2, CTRL | ALT),
    ("Ctrl+Alt+Backspace", K.Key_Backspace, CTRL | ALT),
    ("Ctrl+Alt+Delete", K.Key_Delete, CTRL | ALT),
    ("Super", K.Key_Meta, META),
    ("Super+D", K.Key_D, META),
    ("Menu", K.Key_Menu, NONE),
    ("Ctrl+N", K.Key_N, CTRL),
    ("Ctrl+O", K.Key_O, CTRL),
    ("Ctrl+P", K.Key_P, CTRL),
]


class Quits:
    """Counts every way the application could be told to end."""

    def __init__(self, qapp) -> None:
        self.count = 0
        qapp.aboutToQuit.connect(self._note)
        qapp.lastWindowClosed.connect(self._note)

    def _note(self) -> None:
        self.count += 1


def press_every_chord(s: Screens, qtbot) -> None:
    for _, key, modifiers in CHORDS:
        QTest.keyClick(s.window.window, key, modifiers)
        qtbot.wait(20)


def assert_still_the_kiosk(s: Screens, windows_before: int, quits: Quits, screen: str) -> None:
    window = s.window.window
    assert window.isVisible() and window.isExposed()
    assert window.visibility() != window.Visibility.Hidden
    assert len(QGuiApplication.topLevelWindows()) == windows_before, "a new window opened"
    assert quits.count == 0, "the application was told to quit"
    assert s.bridge.property("screen") == screen


@pytest.mark.parametrize("where", ["home", "question", "review"])
def test_no_key_chord_leaves_closes_or_resets_the_kiosk(
    qapp, qtbot, screens: Screens, where
) -> None:
    s = screens
    s.window.window.show()
    quits = Quits(qapp)
    if where == "question":
        s.bridge.start()
        s.bridge.chooseProcedure("dang-ky-tam-tru")
        s.bridge.begin()
        s.bridge.consent(True)
        s.driver.tap("typeInsteadButton")
        s.driver.wait_for("questionLabel")
        s.driver.type_on_keyboard("Nguyễn")  # the on-screen keyboard is up, with a draft
    elif where == "review":
        to_review(s)
    answers = dict(s.session.answers)
    windows = len(QGuiApplication.topLevelWindows())
    s.driver.settle()

    press_every_chord(s, qtbot)
    s.driver.settle()

    assert_still_the_kiosk(s, windows, quits, where)
    assert s.session.answers == answers
    if where == "review":
        assert s.session.identity is not None


def test_a_finger_held_down_anywhere_opens_nothing_else(qapp, qtbot, screens: Screens) -> None:
    s = screens
    s.window.window.show()
    quits = Quits(qapp)
    s.bridge.start()
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    s.bridge.begin()
    s.bridge.consent(True)
    s.driver.tap("typeInsteadButton")
    s.driver.wait_for("questionLabel")
    windows = len(QGuiApplication.topLevelWindows())
    window = s.window.window
    width, height = window.width(), window.height()
    # A grid of long presses (1.5 s each, past Qt Quick's press-and-hold of 0.8 s), keys of
    # the on-screen keyboard included: the kiosk has no context menu and no second window.
    for x in (width // 6, width // 2, 5 * width // 6):
        for y in (height // 8, height // 2, 7 * height // 8):
            QTest.mousePress(window, Qt.MouseButton.LeftButton, NONE, QPoint(x, y))
            qtbot.wait(1_500)
            QTest.mouseRelease(window, Qt.MouseButton.LeftButton, NONE, QPoint(x, y))
            assert len(QGuiApplication.topLevelWindows()) == windows
    assert window.isVisible() and quits.count == 0


FORBIDDEN = [
    (r"\bQt\.quit\s*\(", "Qt.quit()"),
    (r"\bQt\.exit\s*\(", "Qt.exit()"),
    (r"\bopenUrlExternally\b", "Qt.openUrlExternally (another program)"),
    (r"^\s*Shortcut\s*\{", "a Shortcut"),
    (r"StandardKey\.(Quit|Close)", "a quit or close key"),
    (r"\bQShortcut\b", "a QShortcut"),
    (r"\bQProcess\b", "QProcess (another program)"),
]


OWN_PROGRAMS = {"reading_aloud.py": r"\bQProcess\b"}
"""The one program the screens start: the kiosk's own speech helper (``ui/speech_helper.py``,
this Python, fixed arguments: never a program a resident can name or reach)."""


def test_nothing_in_the_screens_quits_or_starts_another_program() -> None:
    found = []
    for path in sorted(UI.rglob("*")):
        if path.suffix not in (".qml", ".py", ".js"):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in FORBIDDEN:
            if OWN_PROGRAMS.get(path.name) == pattern and path.parent == UI:
                continue
            for match in re.finditer(pattern, text, re.MULTILINE):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(UI)}:{line}: {what}")
    assert found == []


def test_the_only_program_the_screens_start_is_the_speech_helper() -> None:
    text = (UI / "reading_aloud.py").read_text(encoding="utf-8")
    starts = re.findall(r"\bprocess\.start\((.*)\)", text)  # QProcess.start
    assert starts == ["sys.executable, arguments"]
    assert len(re.findall(r"\bQProcess\(", text)) == 1  # one process object, that one
    assert "arguments = [str(HELPER), choice.engine, str(choice.rate)]" in text
    helper = r'^HELPER = Path\(__file__\)\.resolve\(\)\.with_name\("speech_helper\.py"\)$'
    assert re.search(helper, text, re.M)
