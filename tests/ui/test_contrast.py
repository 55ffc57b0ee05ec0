"""Every text on every screen of a resident's visit stands out from what is drawn behind it:
WCAG contrast ≥ 4.5:1 in the standard colours, ≥ 7:1 in high contrast (issue 15).

The screens are walked through the real QML (:func:`resident_screens`), each one grabbed as
the window shows it; for every visible text (labels, buttons' words, fields and their
placeholders) the colour behind it is read from the picture, around and between its glyphs
(the commonest colour in its box that is not the text's own), and its colour is the one QML
paints it in, faded by its own and its ancestors' opacity. Every failure is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.display import Contrast, TextSize
from kiosk.document_hints import PageHint
from kiosk.dossier_lookup import DossierStage
from kiosk.ports import PageSighting, ReaderState
from tests.ui.conftest import Screens
from tests.ui.test_lookup_screen import CODE, decided
from tests.ui.test_screens import CARD
from ui.tour import PROCEDURE_CODE, Tour, TourLook, past_result_choices, to_the_paper_question

TEXT_CLASSES = ("QQuickText", "QQuickTextInput", "QQuickTextEdit")
KEYBOARD = "keyboardArea"
"""The on-screen keyboard is Qt's own style, not the kiosk's: its keys are not checked."""
MINIMUM = {Contrast.STANDARD: 4.5, Contrast.HIGH: 7.0}


# --- the walk -------------------------------------------------------------------------------
def resident_screens(s: Screens, look: TourLook) -> Iterator[str]:
    """Move the window through every screen (and popup) of a resident's visit, as the tour
    does, in ``look`` (chosen again after each wipe); yield each one's name once it shows."""
    b, d = s.bridge, s.driver
    tour = Tour(d, b, None, look)
    tour.dress()
    yield "home"
    d.tap("helpButton")
    d.wait_for("helpCloseButton")
    yield "home-help"
    d.tap("helpCloseButton")
    d.wait_until(lambda: d.find("helpCloseButton") is None, 5, "help never closed")
    b.start()
    d.wait_for(f"procedure_{PROCEDURE_CODE}")
    yield "catalogue"
    b.chooseProcedure(PROCEDURE_CODE)
    d.wait_for("introStartButton")
    yield "intro"
    b.begin()
    d.wait_for("consentAgreeButton")
    yield "consent"
    b.consent(True)
    d.wait_for("typeInsteadButton")
    s.qr.see(640, 480, 90)
    yield "identify"
    s.chip.put(ReaderState.CARD_PRESENT)
    d.wait_for("chipHeading")
    yield "identify-chip"
    s.chip.put(ReaderState.EMPTY)
    s.qr.show(CARD)
    d.wait_for("confirmQrButton")
    yield "identify-is-this-you"
    d.tap("confirmQrButton")
    d.wait_for("questionLabel")
    yield "question-text"
    d.tap("helpButton")
    d.wait_for("helpCloseButton")
    yield "question-help"
    d.tap("helpCloseButton")
    d.tap("nextButton")  # nothing typed: the question says what is missing
    d.wait_for("errorText")
    yield "question-error"
    b.form.answer("Căn 1205, Tòa A")
    b.form.answer("12")
    d.wait_for("choice_relative")
    yield "question-choice"
    b.form.answer("relative")
    b.form.answer("0912345678")
    past_result_choices(b)
    d.wait_for("submitButton")
    yield "review"
    d.tap("startOverButton")
    d.wait_for("startOverConfirmButton")
    yield "review-start-over"
    d.tap("startOverCancelButton")
    s.clock.advance(95)
    d.wait_for("stillHereButton")
    yield "review-still-there"
    d.tap("stillHereButton")
    d.wait_until(lambda: d.find("stillHereButton") is None, 5, "the countdown stayed")
    d.tap("submitButton")
    d.wait_for("trackingCode")
    d.wait_until(lambda: b.confirmation.print_state == "printed", 10, "no receipt printed")
    yield "confirmation"
    d.tap("finishButton")
    s.printer.working = False
    tour.submit_typed_application()
    d.wait_until(lambda: b.confirmation.print_state == "failed", 10, "no printer fault shown")
    image = d.wait_for("receiptImage")
    d.wait_until(lambda: float(image.property("paintedHeight")) > 0, 10, "no receipt shown")
    yield "confirmation-printer-fault"
    s.printer.working = True
    d.tap("finishButton")
    tour.dress()
    to_the_paper_question(b)
    d.wait_for("takePhotoButton")
    d.wait_until(lambda: s.qr.previewing, 5, "the camera never opened for the paper")
    s.qr.see_page(
        PageSighting(((0.2, 0.1), (0.8, 0.1), (0.8, 0.9), (0.2, 0.9)), PageHint.CENTRE, False)
    )
    d.wait_for("pageHint")
    yield "question-paper"
    d.tap("takePhotoButton")
    photo = d.wait_for("photoTaken")
    d.wait_until(lambda: float(photo.property("paintedHeight")) > 0, 10, "no page shown")
    yield "question-paper-review"
    d.tap("usePhotoButton")
    d.wait_for("page_1")
    yield "question-paper-pages"
    b.finish()
    tour.dress()
    s.dossiers.dossiers[CODE] = decided(DossierStage.MORE_DOCUMENTS, "Bổ sung giấy tờ.")
    d.tap("lookupStartButton")
    d.wait_for("lookupField")
    yield "lookup"
    d.tap("lookupField")
    d.wait_for("keyboard")
    d.type_on_keyboard("HN-7K3M-Q9P")
    d.tap("lookupButton")
    d.wait_for("errorText")
    yield "lookup-mistyped"
    d.tap("lookupField")
    d.wait_for("keyboard")
    d.erase_on_keyboard(len("HN-7K3M-Q9P"))
    d.type_on_keyboard("HN-7K3M-Q9PD")
    d.tap("lookupButton")
    d.wait_for("lookupStage")
    yield "lookup-found"
    d.tap("lookupDoneButton")
    d.wait_for("startButton")


# --- what is on screen ----------------------------------------------------------------------
@dataclass(frozen=True)
class TextOnScreen:
    """A visible text item: where it shows (scene pixels, clipped) and in what colour."""

    item: QQuickItem
    name: str
    """Its objectName, else its first words."""
    box: QRectF
    """The part of it that shows: clipped by its clipping ancestors and the window."""
    colour: tuple[float, float, float]
    """Its colour as painted (0-255), before blending with what is behind it."""
    alpha: float
    """Its colour's alpha times its own and its ancestors' opacity."""
    clip: QRectF
    """What its clipping ancestors and the window let show (scene pixels)."""
    scrolls: bool
    """A clipping ancestor scrolls (a Flickable): cut off above or below is scrolled away."""


def is_text(item: QQuickItem) -> bool:
    return any(item.inherits(name) for name in TEXT_CLASSES)


def describe(item: QQuickItem) -> str:
    if item.objectName():
        return item.objectName()
    words = " ".join(str(item.property("text")).split())
    return f"«{words[:40]}»"


def top_layer(window: QQuickWindow) -> QQuickItem:
    """The item whose texts a resident can read now: an open popup or the inactivity
    countdown covers (and dims) everything else; otherwise the whole window."""
    found: list[QQuickItem] = []
    stack = [window.contentItem()]
    while stack:
        item = stack.pop()
        if not item.isVisible():
            continue
        if item.objectName() == "idleOverlay" or item.inherits("QQuickPopupItem"):
            found.append(item)
        stack.extend(item.childItems())
    idle = [i for i in found if i.objectName() == "idleOverlay"]
    if idle:
        return idle[0]
    return found[-1] if found else window.contentItem()


def texts_on_screen(window: QQuickWindow) -> list[TextOnScreen]:
    """Every visible, non-empty text item of the top layer (:func:`top_layer`)."""
    top = top_layer(window)
    bounds = QRectF(0, 0, window.width(), window.height())
    keyboard = next((i for i in _all_items(window) if i.objectName() == KEYBOARD), None)
    if keyboard is not None and keyboard.isVisible() and keyboard.height() > 0:
        keyboard_top = keyboard.mapToScene(keyboard.boundingRect().topLeft()).y()
        bounds.setBottom(min(bounds.bottom(), keyboard_top))
    found: list[TextOnScreen] = []

    def visit(item: QQuickItem, clip: QRectF, opacity: float, scrolls: bool) -> None:
        if not item.isVisible() or item.objectName() == KEYBOARD:
            return
        opacity *= item.opacity()
        if opacity <= 0.01:
            return
        rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
        if item.clip():
            clip = clip.intersected(rect)
            scrolls = scrolls or item.inherits("QQuickFlickable")
        if is_text(item) and str(item.property("text") or "").strip():
            shown = rect.intersected(clip)
            if shown.width() >= 4 and shown.height() >= 4:
                colour = QColor(item.property("color"))
                found.append(
                    TextOnScreen(
                        item,
                        describe(item),
                        shown,
                        (colour.red(), colour.green(), colour.blue()),
                        colour.alphaF() * opacity,
                        clip,
                        scrolls,
                    )
                )
        for child in item.childItems():
            visit(child, clip, opacity, scrolls)

    parent_opacity = 1.0
    ancestor = top.parentItem()
    while ancestor is not None:
        parent_opacity *= ancestor.opacity()
        ancestor = ancestor.parentItem()
    visit(top, bounds, parent_opacity, False)
    return found


def _all_items(window: QQuickWindow) -> Iterator[QQuickItem]:
    stack = [window.contentItem()]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.childItems())


def picture(window: QQuickWindow) -> np.ndarray:
    """What the window shows, as an array of rows of (R, G, B)."""
    image = window.grabWindow().convertToFormat(QImage.Format.Format_RGB888)
    width, height, line = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=line * height)
    return data.reshape(height, line)[:, : width * 3].reshape(height, width, 3).copy()


def background_behind(pixels: np.ndarray, text: TextOnScreen) -> tuple[float, float, float]:
    """The commonest colour in the text's box that is not the text's own colour."""
    box = text.box
    top, bottom = int(box.top()), int(box.bottom())
    left, right = int(box.left()), int(box.right())
    area = pixels[top:bottom, left:right].reshape(-1, 3)
    own = np.array(text.colour)
    area = area[np.abs(area.astype(int) - own).sum(axis=1) > 24]
    if len(area) == 0:
        return text.colour  # nothing but the text's colour: it cannot be told from it
    packed = (area[:, 0].astype(np.int32) << 16) | (area[:, 1].astype(np.int32) << 8) | area[:, 2]
    colours, counts = np.unique(packed, return_counts=True)
    commonest = int(colours[int(np.argmax(counts))])
    return float(commonest >> 16), float((commonest >> 8) & 0xFF), float(commonest & 0xFF)


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0-255 channels)."""

    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def painted(text: TextOnScreen, behind: tuple[float, float, float]) -> tuple[float, ...]:
    """The text's colour as it reaches the screen, faded by its opacity over ``behind``."""
    a = min(1.0, text.alpha)
    return tuple(c * a + bg * (1 - a) for c, bg in zip(text.colour, behind, strict=True))


def low_contrast(window: QQuickWindow, minimum: float) -> list[str]:
    """Every text on screen below ``minimum``: its name, its ratio, its colours."""
    pixels = picture(window)
    failures = []
    for text in texts_on_screen(window):
        behind = background_behind(pixels, text)
        shown = painted(text, behind)
        ratio = contrast(shown, behind)  # type: ignore[arg-type]
        if ratio < minimum:
            failures.append(f"{text.name} {ratio:.2f}:1 (#{_hex(shown)} on #{_hex(behind)})")
    return failures


def _hex(rgb: tuple[float, ...]) -> str:
    return "".join(f"{round(c):02X}" for c in rgb)


# --- the tests ------------------------------------------------------------------------------
def test_the_contrast_ratio_is_computed_as_wcag_says() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def test_a_faint_text_is_found_and_named(screens: Screens) -> None:
    """The check itself: a grey word on the home screen's background is caught."""
    d = screens.driver
    title = d.wait_for("homeTitle")
    title.setProperty("color", QColor("#B0B0B0"))
    d.settle(100)
    failures = low_contrast(screens.window.window, 4.5)
    assert [f for f in failures if f.startswith("homeTitle ")], failures


@pytest.mark.parametrize("scheme", [Contrast.STANDARD, Contrast.HIGH], ids=lambda c: c.value)
def test_every_text_on_every_screen_stands_out(screens: Screens, scheme: Contrast) -> None:
    window = screens.window.window
    minimum = MINIMUM[scheme]
    failures: list[str] = []
    shown: list[str] = []
    for screen in resident_screens(screens, TourLook("vi", TextSize.NORMAL, scheme)):
        screens.driver.settle(150)
        shown.append(screen)
        assert screens.bridge.property("highContrast") == (scheme is Contrast.HIGH), screen
        failures += [f"{screen}: {f}" for f in low_contrast(window, minimum)]
        assert texts_on_screen(window), f"{screen}: no text found at all"
    assert len(shown) >= 20
    assert not failures, f"below {minimum}:1 —\n" + "\n".join(failures)
