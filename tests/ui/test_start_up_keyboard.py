"""The on-screen keyboard is not made at start-up (it costs the first frame time and memory):
it is made once a resident leaves the home screen, after the next screen is drawn, so that
it appears the first time a field that takes text has the focus, within a frame or two, and
types into that field; a field focused before then makes it at once, losing no key."""

from PySide6.QtCore import QObject
from PySide6.QtQuick import QQuickItem

from tests.ui.conftest import Screens

FRAMES_ALLOWED = 2
"""Frames the window may draw after the focus before the keyboard is up ("no visible delay")."""


def keyboard(s: Screens) -> QQuickItem | None:
    return s.window.window.findChild(QQuickItem, "keyboard")


def made_keyboard(s: Screens) -> QQuickItem:
    """The keyboard, which must have been made by now."""
    item = keyboard(s)
    assert item is not None, "no keyboard"
    return item


def test_the_home_screen_starts_without_the_keyboard_which_comes_with_the_visit(
    screens: Screens,
) -> None:
    s = screens
    s.driver.settle(300)
    assert s.bridge.property("screen") == "home"
    assert keyboard(s) is None

    s.driver.tap("lookupStartButton")  # no field has the focus on this screen yet
    s.driver.wait_until(lambda: keyboard(s) is not None, 5.0, "the keyboard made")
    assert not made_keyboard(s).property("active")  # made, not shown: nothing to type into


def test_the_keyboard_appears_within_two_frames_of_the_first_focused_field(
    screens: Screens,
) -> None:
    s = screens
    s.driver.tap("lookupStartButton")
    field = s.driver.wait_for("lookupField")
    s.driver.wait_until(lambda: keyboard(s) is not None, 5.0, "the keyboard made")
    s.driver.settle()
    panel = keyboard(s)
    assert panel is not None
    frames: list[int] = []
    s.window.window.frameSwapped.connect(lambda: frames.append(len(frames)))

    field.forceActiveFocus()
    s.driver.wait_until(lambda: bool(panel.property("active")), 5.0, "the keyboard shown")
    assert len(frames) <= FRAMES_ALLOWED, f"the keyboard came {len(frames)} frames after"
    area = s.window.window.findChild(QQuickItem, "keyboardArea")
    assert area is not None
    assert area.y() + area.height() <= s.window.window.height() + 1  # on screen, at the bottom
    assert area.y() < s.window.window.height()

    s.driver.type_on_keyboard("HS")
    assert "HS" in str(field.property("text"))


def test_a_field_focused_at_once_makes_the_keyboard_and_loses_no_key(screens: Screens) -> None:
    s = screens
    s.driver.settle()
    timer = s.window.window.findChild(QObject, "keyboardTimer")
    assert timer is not None
    timer.setProperty("interval", 600_000)  # the visit's keyboard: not yet, for this test
    s.driver.tap("lookupStartButton")
    field = s.driver.wait_for("lookupField")
    assert keyboard(s) is None

    field.forceActiveFocus()  # before the visit's keyboard is made: the focus makes it
    assert keyboard(s) is not None
    s.driver.type_on_keyboard("HS24")  # its input method comes just after it is made

    assert str(field.property("text")) == "HS24"
    shown = lambda: bool(made_keyboard(s).property("active"))  # noqa: E731
    s.driver.wait_until(shown, 5.0, "the keyboard shown")


def test_the_keyboard_made_once_is_kept_for_the_next_field(screens: Screens) -> None:
    s = screens
    s.driver.tap("lookupStartButton")
    s.driver.tap("lookupField")
    s.driver.wait_until(lambda: keyboard(s) is not None, 5.0, "the keyboard made")
    first = keyboard(s)
    s.bridge.back()  # home, then the look-up again: a new field, the same keyboard
    s.driver.settle()
    s.driver.tap("lookupStartButton")
    s.driver.tap("lookupField")
    assert first is not None and keyboard(s) is first
    s.driver.wait_until(lambda: bool(first.property("active")), 5.0, "the keyboard shown again")
