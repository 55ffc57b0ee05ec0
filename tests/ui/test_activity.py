"""The resident is still there whenever they touch, scroll or type anywhere on the window,
not only on a button; and the inactivity warning is never hidden under help."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest

from kiosk.session import IDLE_WARNING_AFTER_S
from tests.ui.conftest import Screens
from tests.ui.test_screens import to_review

ALMOST = IDLE_WARNING_AFTER_S - 10


def scroll_the_check_page(s: Screens) -> None:
    centre = QPointF(540, 1200)
    wheel = QWheelEvent(
        centre,
        centre,
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QCoreApplication.sendEvent(s.window.window, wheel)
    s.driver.settle()


def test_scrolling_the_check_page_keeps_the_countdown_away(screens: Screens) -> None:
    s = screens
    to_review(s)
    s.driver.wait_for("submitButton")
    s.clock.advance(ALMOST)
    scroll_the_check_page(s)
    s.clock.advance(ALMOST)  # long since the last tap, not since the scroll
    s.driver.settle(300)
    assert s.bridge.property("idleCountdown") == -1
    s.clock.advance(ALMOST)
    s.driver.wait_until(lambda: s.bridge.property("idleCountdown") >= 0, 5, "no countdown")


def test_a_press_anywhere_and_a_key_count_as_activity(screens: Screens) -> None:
    s = screens
    to_review(s)
    s.driver.wait_for("submitButton")
    s.clock.advance(ALMOST)
    QTest.mouseClick(
        s.window.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(540, 300)
    )  # the heading: nothing to press there
    s.clock.advance(ALMOST)
    QTest.keyClick(s.window.window, Qt.Key.Key_Shift)
    s.clock.advance(ALMOST)
    s.driver.settle(300)
    assert s.bridge.property("idleCountdown") == -1
    assert s.bridge.property("screen") == "review"


def test_the_inactivity_warning_opens_over_help(screens: Screens) -> None:
    s, d = screens, screens.driver
    to_review(s)
    d.tap("helpButton")
    d.wait_for("helpCloseButton")
    s.clock.advance(IDLE_WARNING_AFTER_S + 5)
    d.wait_until(lambda: d.find("helpCloseButton") is None, 5, "help still open over it")
    d.tap("stillHereButton")
    d.wait_until(lambda: s.bridge.property("idleCountdown") == -1, 5, "still counting down")
    assert s.bridge.property("screen") == "review"
