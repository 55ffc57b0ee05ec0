"""Text size and high contrast (issue 15): chosen on the home screen or under any screen's
header, they change what the screens draw, last for the resident's session, go back to
standard at the wipe (Finish, start over, inactivity), and at the largest size nothing on any
screen is cut off or drawn over another text, in Vietnamese and in English. Through the real
screens; the tour's options through the installed ``kiosk`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.display import Contrast, TextSize
from tests.ui.conftest import Screens
from tests.ui.test_contrast import TextOnScreen, picture, resident_screens, texts_on_screen
from tests.ui.test_screens import to_review
from ui.tour import Tour, TourLook

KIOSK = Path(sys.executable).parent / "kiosk"
STANDARD_BANNER = QColor("#A3161A")
STANDARD_BACKGROUND = QColor("#F6F4EF")


def banner_colour(s: Screens) -> QColor:
    """The colour the window shows at the top left corner (the banner)."""
    s.driver.settle(100)
    r, g, b = picture(s.window.window)[5, 5]
    return QColor(int(r), int(g), int(b))


def size_of(s: Screens, name: str) -> int:
    return int(s.driver.wait_for(name).property("font").pixelSize())


def choose(s: Screens, size: str, high_contrast: bool) -> None:
    """Tap the display strip as a resident would."""
    d = s.driver
    d.tap(f"textSize_{size}")
    if bool(s.bridge.property("highContrast")) != high_contrast:
        d.tap("highContrastButton")
    d.settle(100)


def assert_standard(s: Screens) -> None:
    assert s.bridge.property("textSize") == "normal"
    assert not s.bridge.property("highContrast")
    assert banner_colour(s) == STANDARD_BANNER
    assert size_of(s, "homeTitle") == 64
    assert size_of(s, "lookupStartButton") == 40


# --- the choice, through the screens ---------------------------------------------------------
def test_the_choice_changes_the_screens_and_lasts_through_the_session(screens: Screens) -> None:
    s, d = screens, screens.driver
    d.wait_for("startButton")
    assert_standard(s)
    assert d.find("displayBarRow") is not None  # on the home screen
    choose(s, "largest", high_contrast=True)
    assert size_of(s, "lookupStartButton") == round(40 * 1.4)
    assert size_of(s, "homeTitle") == round(64 * 1.2)  # headings grow half as much
    assert banner_colour(s) == QColor("#000000")
    d.tap("startButton")
    d.wait_for("stepTitle")
    assert d.find("displayBarRow") is not None  # under the header of every screen
    assert size_of(s, "stepTitle") == round(40 * 1.4)
    assert banner_colour(s) == QColor("#000000")
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    s.bridge.begin()
    s.bridge.consent(True)
    s.bridge.typeInstead()
    label = d.wait_for("questionLabel")
    assert int(label.property("font").pixelSize()) > 44  # larger than the normal heading
    choose(s, "large", high_contrast=False)  # changed again under a header
    assert size_of(s, "stepTitle") == round(40 * 1.2)
    assert banner_colour(s) == STANDARD_BANNER
    d.tap("backButton")  # still the same visit: the choice stays
    d.wait_until(lambda: s.bridge.property("screen") == "identify", 5, "not back")
    assert size_of(s, "stepTitle") == round(40 * 1.2)


def test_finish_puts_the_standard_display_back(screens: Screens) -> None:
    s, d = screens, screens.driver
    d.wait_for("startButton")
    choose(s, "largest", high_contrast=True)
    to_review(s)
    assert s.bridge.property("textSize") == "largest"  # Start did not wipe the choice
    d.tap("submitButton")
    d.tap("finishButton", timeout_s=20)
    d.wait_for("startButton")
    assert_standard(s)


def test_start_over_puts_the_standard_display_back(screens: Screens) -> None:
    s, d = screens, screens.driver
    d.wait_for("startButton")
    s.bridge.start()
    choose(s, "large", high_contrast=True)
    d.tap("startOverButton")
    d.tap("startOverConfirmButton")
    d.wait_for("startButton")
    assert_standard(s)


def test_inactivity_puts_the_standard_display_back(screens: Screens) -> None:
    s, d = screens, screens.driver
    d.wait_for("startButton")
    choose(s, "largest", high_contrast=True)
    to_review(s)
    s.clock.advance(200)
    d.wait_until(lambda: s.bridge.property("screen") == "home", 5, "never wiped")
    assert_standard(s)


def test_a_choice_left_on_the_home_screen_goes_back_after_a_while(screens: Screens) -> None:
    """Chosen on the home screen, then walked away from: the next resident finds the
    standard display, after as long as the inactivity countdown would take."""
    s, d = screens, screens.driver
    d.wait_for("startButton")
    choose(s, "largest", high_contrast=True)
    s.clock.advance(60)
    d.settle(1200)  # the inactivity check runs each second
    assert s.bridge.property("textSize") == "largest"  # not yet
    s.clock.advance(200)
    d.wait_until(lambda: s.bridge.property("textSize") == "normal", 5, "never went back")
    assert_standard(s)


def test_the_tour_dresses_the_screens_as_asked(screens: Screens) -> None:
    s = screens
    Tour(s.driver, s.bridge, None, TourLook("en", TextSize.LARGE, Contrast.HIGH)).dress()
    assert s.driver.property_of("startButton", "text") == "Start"
    assert size_of(s, "lookupStartButton") == round(40 * 1.2)
    assert banner_colour(s) == QColor("#000000")


def test_the_tour_command_refuses_a_size_it_does_not_know() -> None:
    done = subprocess.run(
        [str(KIOSK), "tour", "--text-size", "huge"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "normal" in done.stderr and "largest" in done.stderr
    helped = subprocess.run(
        [str(KIOSK), "tour", "--help"], capture_output=True, text=True, timeout=60
    )
    assert "--theme" in helped.stdout and "high-contrast" in helped.stdout
    assert "--lang" in helped.stdout


# --- nothing cut off at the largest size -----------------------------------------------------
def painted_rect(text: TextOnScreen) -> QRectF:
    """Where the glyphs are (scene pixels): the text's content, placed by its alignment."""
    item = text.item
    width, height = item.width(), item.height()
    content_w = float(item.property("contentWidth"))
    content_h = float(item.property("contentHeight"))
    h_align = int(qml_value(item, "effectiveHorizontalAlignment"))
    v_align = int(qml_value(item, "verticalAlignment"))
    x = {2: width - content_w, 4: (width - content_w) / 2}.get(h_align, 0.0)
    y = {0x40: height - content_h, 0x80: (height - content_h) / 2}.get(v_align, 0.0)
    return item.mapRectToScene(QRectF(x, y, content_w, content_h))


def qml_value(item: QQuickItem, expression: str) -> float:
    """A property PySide cannot convert (an enumeration), read by QML itself as a number."""
    context = QQmlEngine.contextForObject(item)
    return float(QQmlExpression(context, item, f"Number({expression})").evaluate()[0])


def is_inside(inner: QRectF, outer: QRectF, slack: float = 1.5) -> bool:
    return (
        inner.left() >= outer.left() - slack
        and inner.right() <= outer.right() + slack
        and inner.top() >= outer.top() - slack
        and inner.bottom() <= outer.bottom() + slack
    )


def page_body(item: QQuickItem) -> QQuickItem | None:
    parent = item.parentItem()
    while parent is not None and parent.objectName() != "pageBody":
        parent = parent.parentItem()
    return parent


def cut_off_or_overlapping(window: QQuickWindow) -> list[str]:
    """Every text that is elided, larger than its box, past the window's edge or out of
    its screen's body (into the buttons below), or drawn over another text."""
    problems: list[str] = []
    shown: list[tuple[TextOnScreen, QRectF]] = []
    for text in texts_on_screen(window):
        item, name = text.item, text.name
        if item.property("truncated"):
            problems.append(f"{name} is cut short (elided)")
        if not item.inherits("QQuickTextInput"):  # a field scrolls its own text
            if float(item.property("contentWidth")) > item.width() + 1.5:
                problems.append(f"{name} is wider than its box")
            if float(item.property("contentHeight")) > item.height() + 1.5:
                problems.append(f"{name} is taller than its box")
        glyphs = painted_rect(text)
        if glyphs.left() < text.clip.left() - 1.5 or glyphs.right() > text.clip.right() + 1.5:
            problems.append(f"{name} is cut off at the side")
        if not text.scrolls and not is_inside(glyphs, text.clip):
            problems.append(f"{name} is cut off at the top or bottom")
        body = page_body(item)
        visible = glyphs.intersected(text.clip)
        if body is not None and not is_inside(
            visible, body.mapRectToScene(QRectF(0, 0, body.width(), body.height()))
        ):
            problems.append(f"{name} spills out of the screen's body")
        shown.append((text, visible))
    problems += outside_the_body(window)
    for i, (a, ra) in enumerate(shown):
        for b, rb in shown[i + 1 :]:
            both = ra.intersected(rb)
            if both.width() > 3 and both.height() > 3 and not _related(a.item, b.item):
                problems.append(f"{a.name} and {b.name} overlap")
    return problems


def outside_the_body(window: QQuickWindow) -> list[str]:
    """Every visible thing of a screen's body (a picture, a button, a frame) that reaches
    out of it, over the buttons below or the strip above (a list scrolls inside it)."""
    body = next((i for i in _items(window.contentItem()) if i.objectName() == "pageBody"), None)
    if body is None or not body.isVisible():
        return []
    room = body.mapRectToScene(QRectF(0, 0, body.width(), body.height()))
    problems: list[str] = []

    def visit(item: QQuickItem, clip: QRectF) -> None:
        if not item.isVisible() or item.opacity() <= 0.01:
            return
        rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
        if item.width() > 0 and item.height() > 0:
            shown = rect.intersected(clip)
            if shown.width() > 2 and shown.height() > 2 and not is_inside(shown, room):
                problems.append(f"{describe_item(item)} reaches out of the screen's body")
                return  # its insides with it
        if item.clip():
            clip = clip.intersected(rect)
        for child in item.childItems():
            visit(child, clip)

    for child in body.childItems():
        visit(child, QRectF(0, 0, window.width(), window.height()))
    return problems


def _items(root: QQuickItem) -> list[QQuickItem]:
    found, stack = [], [root]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(item.childItems())
    return found


def describe_item(item: QQuickItem) -> str:
    if item.objectName():
        return item.objectName()
    text = item.property("text")
    if text:
        return f"«{' '.join(str(text).split())[:40]}»"
    return item.metaObject().className().split("_QML")[0]


def _related(a: QQuickItem, b: QQuickItem) -> bool:
    def ancestors(item: QQuickItem) -> set[int]:
        found = set()
        parent = item.parentItem()
        while parent is not None:
            found.add(id(parent))
            parent = parent.parentItem()
        return found

    return id(a) in ancestors(b) or id(b) in ancestors(a)


def test_a_text_cut_off_is_found_and_named(screens: Screens) -> None:
    """The check itself: a title too long for one line, elided, is caught."""
    d = screens.driver
    title = d.wait_for("homeTitle")
    title.setProperty("wrapMode", 0)  # Text.NoWrap
    title.setProperty("elide", 1)  # Text.ElideRight
    d.settle(100)
    assert "homeTitle is cut short (elided)" in cut_off_or_overlapping(screens.window.window)
    title.setProperty("elide", 3)  # Text.ElideNone
    d.settle(100)
    problems = cut_off_or_overlapping(screens.window.window)
    assert "homeTitle is wider than its box" in problems
    assert "homeTitle is cut off at the side" in problems


@pytest.mark.parametrize("language", ["vi", "en"])
def test_nothing_is_cut_off_at_the_largest_size(screens: Screens, language: str) -> None:
    window = screens.window.window
    problems: list[str] = []
    for screen in resident_screens(screens, TourLook(language, TextSize.LARGEST)):
        screens.driver.settle(150)
        problems += [f"{screen}: {p}" for p in cut_off_or_overlapping(window)]
    assert not problems, "\n".join(problems)


def test_the_display_strip_is_within_reach(screens: Screens) -> None:
    """Its buttons are at least 88 px each way, on the home screen and under a header."""
    s, d = screens, screens.driver
    for where in ("home", "catalogue"):
        if where == "catalogue":
            s.bridge.start()
            d.wait_for("stepTitle")
        for name in ("textSize_normal", "textSize_large", "textSize_largest", "highContrastButton"):
            item = d.wait_for(name)
            assert item.width() >= 88 and item.height() >= 88, (where, name)
            right = item.mapToScene(QPointF(item.width(), 0)).x()
            assert right <= s.window.window.width(), (where, name)
