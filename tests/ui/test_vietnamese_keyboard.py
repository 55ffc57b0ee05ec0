"""The Vietnamese on-screen keyboard, through the real keyboard on the real screens: every
Vietnamese letter with every tone, both cases, is typed by tapping its keys (a row of tone
marks and a row of â ă ê ô ơ ư đ, no long press); a tone lands on the right vowel of a word;
every key label is at least 34 px and at 4.5:1 or better against its key, resting, shifted
and pressed, in the live items and in the drawn pixels; a digits-only field opens a large
number pad in the same style."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMetaObject, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtQml import QJSEngine, QJSValue
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from tests.ui.conftest import Screens

VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
TONES = {"": "", "\u0301": "toneSac", "\u0300": "toneHuyen", "\u0309": "toneHoi",
         "\u0303": "toneNga", "\u0323": "toneNang"}  # fmt: skip
MIN_LABEL_PX = 34
MIN_CONTRAST = 4.5
MIN_HIGH_CONTRAST = 7.0  # the kiosk's own bar in high contrast (Theme.qml)

NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


def every_letter() -> list[str]:
    """The 146: 12 vowels in their 6 tone forms and đ, lower case then upper case."""
    lower = [unicodedata.normalize("NFC", v + mark) for v in VOWELS for mark in TONES]
    lower.append("đ")
    return lower + [letter.upper() for letter in lower]


# --- The keyboard's items ---------------------------------------------------------------


def panel(s: Screens) -> QQuickItem:
    item = s.window.window.findChild(QQuickItem, "keyboard")
    assert item is not None, "no keyboard"
    return item


def descendants(item: QQuickItem) -> Iterator[QQuickItem]:
    for child in item.childItems():
        if child.isVisible():
            yield child
            yield from descendants(child)


def keys(s: Screens) -> list[QQuickItem]:
    """Every key the resident can see (Qt's keys have a keyType)."""
    return [
        item
        for item in descendants(panel(s))
        if item.property("keyType") is not None and item.width() > 0 and item.height() > 0
    ]


def key_with(s: Screens, **wanted: object) -> QQuickItem:
    for item in keys(s):
        if all(item.property(name) == value for name, value in wanted.items()):
            return item
    raise AssertionError(f"no key with {wanted}")


def key_named(s: Screens, name: str) -> QQuickItem:
    for item in keys(s):
        if item.objectName() == name:
            return item
    raise AssertionError(f"no key {name!r}")


def centre(item: QQuickItem) -> QPoint:
    point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    return QPoint(round(point.x()), round(point.y()))


def tap(s: Screens, item: QQuickItem) -> None:
    """A finger's tap on the key's centre."""
    QTest.mouseClick(s.window.window, LEFT, NONE, centre(item))
    QTest.qWait(5)


def letter_key(s: Screens, base: str) -> QQuickItem:
    return key_with(s, text=base)


def tap_letter(s: Screens, base: str, upper: bool) -> None:
    """Tap the key of a letter with no tone, pressing Shift first if its case is not on."""
    key = letter_key(s, base)
    for attempt in range(3):
        if bool(key.property("uppercased")) == upper:
            break
        if attempt:
            QTest.qWait(450)  # two quick Shift taps would be caps lock
        tap(s, key_with(s, key=int(Qt.Key.Key_Shift)))
    assert bool(key.property("uppercased")) == upper, f"shift would not give {base!r}"
    tap(s, key)


def type_letter(s: Screens, letter: str) -> None:
    """Type one Vietnamese letter as a resident would: its base letter, then its tone key."""
    parts = unicodedata.normalize("NFD", letter)
    tone = next((c for c in parts if c in TONES and c), "")
    base = unicodedata.normalize("NFC", parts.replace(tone, "") if tone else parts)
    tap_letter(s, base.lower(), base != base.lower())
    if tone:
        tap(s, key_named(s, TONES[tone]))


def type_word(s: Screens, word: str) -> None:
    for letter in word:
        type_letter(s, letter)


def space(s: Screens) -> None:
    tap(s, key_with(s, key=int(Qt.Key.Key_Space)))


def name_field(s: Screens) -> QQuickItem:
    """The first question's field (the full name), focused, the keyboard up, empty."""
    s.bridge.start()
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    s.bridge.begin()
    s.bridge.consent(True)
    s.driver.tap("typeInsteadButton")
    field = s.driver.wait_for("answerField")
    s.driver.tap("answerField")
    s.driver.wait_until(
        lambda: s.driver.find("keyboard") is not None and bool(panel(s).property("active")),
        5.0,
        "the keyboard shown",
    )
    s.driver.wait_until(
        lambda: s.driver.find("vietnameseLayout") is not None, 5.0, "the Vietnamese layout"
    )
    s.driver.settle(200)
    assert field.property("text") == ""
    return field


def text_of(field: QQuickItem) -> str:
    return str(field.property("text"))


# --- Colour ----------------------------------------------------------------------------


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def labels(key: QQuickItem) -> list[QQuickItem]:
    """The key's visible labels (the style names them keyLabel)."""
    return [
        item
        for item in descendants(key)
        if item.objectName() == "keyLabel" and str(item.property("text")).strip()
    ]


def face_of(label: QQuickItem) -> QQuickItem:
    item = label.parentItem()
    while item is not None and item.objectName() != "keyFace":
        item = item.parentItem()
    assert item is not None, "a label outside a key face"
    return item


def label_problems(
    s: Screens, where: str, only: list[QQuickItem] | None = None, least: float = MIN_CONTRAST
) -> list[str]:
    """Every key label under 34 px or under 4.5:1 against its key, as the items say."""
    problems = []
    for key in only if only is not None else keys(s):
        for label in labels(key):
            text = str(label.property("text"))
            size = label.property("font").pixelSize()
            ratio = contrast(label.property("color"), face_of(label).property("color"))
            if size < MIN_LABEL_PX:
                problems.append(f"{where}: {text!r} is {size} px")
            if ratio < least:
                problems.append(f"{where}: {text!r} is at {ratio:.2f}:1")
    return problems


def drawn_contrast(image: QImage, label: QQuickItem) -> float:
    """The contrast of a label as drawn: its key's colour (the commonest pixel in the label's
    box) against the pixel of the label furthest from it."""
    top_left = label.mapToScene(QPointF(0, 0))
    box = [
        QColor(image.pixel(x, y))
        for x in range(int(top_left.x()) + 1, int(top_left.x() + label.width()) - 1)
        for y in range(int(top_left.y()) + 1, int(top_left.y() + label.height()) - 1)
        if 0 <= x < image.width() and 0 <= y < image.height()
    ]
    background = Counter(c.rgb() for c in box).most_common(1)[0][0]
    back = QColor(background)
    return max(contrast(back, c) for c in box)


def drawn_problems(s: Screens, where: str, least: float = MIN_CONTRAST) -> list[str]:
    image = s.window.window.grabWindow()
    problems = []
    for key in keys(s):
        for label in labels(key):
            ratio = drawn_contrast(image, label)
            if ratio < least:
                problems.append(f"{where} (drawn): {label.property('text')!r} at {ratio:.2f}:1")
    return problems


# --- The tests -------------------------------------------------------------------------


def test_every_vietnamese_letter_with_every_tone_is_typed_by_tapping_its_keys(
    screens: Screens,
) -> None:
    s = screens
    field = name_field(s)
    letters = every_letter()
    assert len(letters) == 146 and len(set(letters)) == 146

    # Lower case, then upper case: the field takes 200 characters, and the two halves with
    # a space between each letter are 145 each.
    for half in (letters[:73], letters[73:]):
        QMetaObject.invokeMethod(field, "selectAll")
        tap(s, key_with(s, key=int(Qt.Key.Key_Backspace)))
        assert text_of(field) == ""
        for i, letter in enumerate(half):
            if i:
                space(s)
            type_letter(s, letter)
        s.driver.settle()

        typed = text_of(field)
        assert typed == unicodedata.normalize("NFC", typed)
        assert typed.split(" ") == half


def test_a_tone_goes_on_the_right_vowel_of_the_word_just_typed(screens: Screens) -> None:
    s = screens
    field = name_field(s)
    # (letters tapped, tone key, what the word must become)
    cases = [
        ("hoa", "toneSac", "hóa"),  # two vowels, open: the first
        ("nguyên", "toneHuyen", "nguyền"),  # a marked vowel takes it
        ("thuơ", "toneHoi", "thuở"),
        ("ngươi", "toneHuyen", "người"),  # ơ of ươ
        ("ngoai", "toneHuyen", "ngoài"),  # three vowels: the middle
        ("hoan", "toneSac", "hoán"),  # a final consonant: the last vowel
        ("gia", "toneHuyen", "già"),  # gi is a consonant
        ("qua", "toneHoi", "quả"),  # qu is a consonant
        ("thuy", "toneHoi", "thủy"),
        ("Quôc", "toneSac", "Quốc"),
    ]
    for letters, tone, word in cases:
        type_word(s, letters)
        tap(s, key_named(s, tone))
        assert text_of(field).split(" ")[-1] == word, f"{letters} + {tone}"
        space(s)

    # Another tone replaces the one there; the same tone again takes it off.
    type_word(s, "hoa")
    tap(s, key_named(s, "toneSac"))
    tap(s, key_named(s, "toneHoi"))
    assert text_of(field).split(" ")[-1] == "hỏa"
    tap(s, key_named(s, "toneHoi"))
    assert text_of(field).split(" ")[-1] == "hoa"
    space(s)

    # A tone typed early moves when the word grows past it: hóa + n is hoán.
    type_word(s, "hoa")
    tap(s, key_named(s, "toneSac"))
    type_word(s, "n")
    assert text_of(field).split(" ")[-1] == "hoán"
    space(s)
    # ... and a word written the newer way (hoà) is left as it is.
    s.driver.type_on_keyboard("hoà")
    assert text_of(field).split(" ")[-1] == "hoà"


def test_every_key_label_is_large_and_at_aa_contrast_resting_shifted_and_pressed(
    screens: Screens,
) -> None:
    s = screens
    field = name_field(s)
    problems = label_problems(s, "letters") + drawn_problems(s, "letters")
    kinds = {int(k.property("keyType")) for k in keys(s)}
    assert len(kinds) >= 7, "letters, tones, shift, backspace, space, enter, mode keys"
    assert any(k.objectName().startswith("tone") for k in keys(s))

    shift = key_with(s, key=int(Qt.Key.Key_Shift))
    letter = letter_key(s, "a")
    if not letter.property("uppercased"):
        tap(s, shift)
    assert letter.property("uppercased")
    problems += label_problems(s, "shifted") + drawn_problems(s, "shifted")

    # Each kind of key held down: its label still readable on the pressed colour.
    window = s.window.window
    for key in [
        letter,
        key_named(s, "toneNga"),
        key_with(s, text="đ"),
        shift,
        key_with(s, key=int(Qt.Key.Key_Backspace)),
        key_with(s, key=int(Qt.Key.Key_Space)),
        key_with(s, key=int(Qt.Key.Key_Return)),
    ]:
        QTest.mousePress(window, LEFT, NONE, centre(key))
        QTest.qWait(30)
        assert key.property("pressed"), f"{key.property('text')!r} not pressed"
        problems += label_problems(s, "pressed", only=[key])
        QTest.mouseRelease(window, LEFT, NONE, centre(key))
        QTest.qWait(30)

    # The resident's high contrast reaches the keyboard too.
    s.bridge.setHighContrast(True)
    s.driver.settle(200)
    problems += label_problems(s, "high contrast", least=MIN_HIGH_CONTRAST)
    problems += drawn_problems(s, "high contrast", least=MIN_HIGH_CONTRAST)

    assert problems == []
    assert field.property("activeFocus")


def test_a_digits_field_opens_a_large_number_pad_in_the_same_style(screens: Screens) -> None:
    s = screens
    name_field(s)
    type_word(s, "Lan")
    s.driver.tap("nextButton")  # the next question: the ID number, digits only
    s.driver.wait_until(
        lambda: "CCCD" in str(s.driver.property_of("questionLabel", "text")), 5.0, "ID question"
    )
    field = s.driver.wait_for("answerField")
    s.driver.tap("answerField")
    s.driver.wait_until(lambda: s.driver.find("digitsLayout") is not None, 5.0, "the number pad")
    s.driver.settle(200)

    digits = {str(k.property("text")): k for k in keys(s) if str(k.property("text")).isdigit()}
    assert sorted(digits) == [str(d) for d in range(10)]
    window_width = s.window.window.width()
    for digit, key in digits.items():
        assert key.width() >= window_width / 5, f"{digit} is {key.width()} px wide"
        assert key.height() >= 100, f"{digit} is {key.height()} px tall"
        assert min(label.property("font").pixelSize() for label in labels(key)) >= 56
    assert label_problems(s, "digits") + drawn_problems(s, "digits") == []

    for digit in "0912":
        tap(s, digits[digit])
    tap(s, key_with(s, key=int(Qt.Key.Key_Backspace)))
    assert text_of(field) == "091"


TONES_JS = Path(__file__).resolve().parents[2] / "ui" / "keyboard" / "vietnamese" / "tones.js"


@pytest.fixture
def tones(qapp) -> Iterator[QJSValue]:
    """The functions of tones.js, the file the keyboard uses (its QML pragma taken off)."""
    engine = QJSEngine()
    engine.evaluate(TONES_JS.read_text(encoding="utf-8").replace(".pragma library", ""))
    functions = engine.globalObject()
    assert functions.property("applyTone").isCallable()
    yield functions


@pytest.mark.parametrize(
    ("word", "tone", "expected"),
    [
        ("hoa", "\u0301", "hóa"),
        ("khoe", "\u0309", "khỏe"),
        ("thuy", "\u0309", "thủy"),
        ("mua", "\u0300", "mùa"),
        ("cua", "\u0309", "của"),
        ("qua", "\u0301", "quá"),
        ("quy", "\u0301", "quý"),
        ("gi", "\u0300", "gì"),
        ("giưa", "\u0303", "giữa"),
        ("ngoay", "\u0301", "ngoáy"),  # three vowels, none marked: the middle
        ("rươu", "\u0323", "rượu"),
        ("khuyu", "\u0309", "khuỷu"),
        ("huynh", "\u0300", "huỳnh"),
        ("NGUYÊN", "\u0303", "NGUYỄN"),
        ("Đăng", "\u0300", "Đằng"),
        ("hóa", "\u0309", "hỏa"),  # replaces the tone there
        ("hóa", "\u0301", "hoa"),  # the same tone again takes it off
        ("nh", "\u0301", "nh"),  # no vowel: nothing to put it on
    ],
)
def test_the_tone_rules_place_each_tone_where_vietnamese_writes_it(
    tones: QJSValue, word: str, tone: str, expected: str
) -> None:
    """The rules alone, on more words than are tapped above."""
    mark = tones.property("toneOfMark").call([QJSValue(tone)])
    assert tones.property("applyTone").call([QJSValue(word), mark]).toString() == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hóan", "hoán"),  # the tone moves when a final consonant comes
        ("ngòai", "ngoài"),
        ("ngừơ", "ngườ"),
        ("hoà", "hoà"),  # the newer way is left alone
        ("thuỷ", "thuỷ"),
        ("José", "José"),
    ],
)
def test_a_letter_added_to_a_toned_word_moves_its_tone_only_when_needed(
    tones: QJSValue, typed: str, expected: str
) -> None:
    assert tones.property("settle").call([QJSValue(typed)]).toString() == expected
