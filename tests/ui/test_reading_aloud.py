"""The "Nghe" button through the real screens and the real speech helper process, with Qt's
own engines: the silent 'mock' engine that ships with PySide6, a name no plug-in has, and
(speech-dispatcher and espeak-ng installed, as deploy/packages/kiosk.txt asks) 'speechd'."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QObject
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.screen_reading import screen_text
from tests.ui.conftest import Screens
from tests.ui.test_screens import to_review
from ui.reading_aloud import ReadingAloud, SpeechDefaults

# Qt's mock engine has no Vietnamese; Finnish stands in for it (the locale is a setting).
MOCK = SpeechDefaults(engine="mock", locale="fi_FI", locale_en="en_US", rate=0.0)


@pytest.fixture
def reading(screens: Screens) -> ReadingAloud:
    """The bridge's reading aloud on the mock engine, its helper telling what it says."""
    aloud = screens.bridge.reading
    aloud.echo = True
    aloud.configure(MOCK)
    return aloud


def speaking(reading: ReadingAloud) -> bool:
    return bool(reading.property("speaking"))


def said(reading: ReadingAloud) -> list[tuple[object, object]]:
    """Each text the engine was given, with its locale."""
    return [(a["said"], a["locale"]) for a in reading.heard if "said" in a]


def heard(reading: ReadingAloud, **answer: object) -> bool:
    return answer in reading.heard


def test_no_helper_is_started_before_the_first_press(screens: Screens, reading) -> None:
    screens.driver.wait_for("listenButton")
    screens.bridge.start()
    screens.driver.wait_for("listenButton")
    assert reading.helper_pid == 0


def test_nghe_reads_the_home_screen_in_the_language_shown(screens: Screens, reading) -> None:
    d = screens.driver
    d.tap("listenButton")
    assert speaking(reading)  # at once, while the engine starts in its process
    d.wait_until(lambda: heard(reading, speaking=1), 10, "never started speaking")
    assert said(reading) == [(screen_text(screens.session, "vi"), "fi_FI")]
    assert d.property_of("listenButtonText", "text") == "Dừng đọc"
    d.tap("listenButton")  # stop
    d.wait_until(lambda: heard(reading, finished=1), 5, "the engine went on")
    assert not speaking(reading)
    screens.bridge.setLanguage("en")
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, speaking=2), 5, "no English")
    text, locale = said(reading)[-1]
    assert text == screen_text(screens.session, "en")
    assert str(text).startswith("Online public services.") and locale == "en_US"


def test_a_question_is_read_with_its_options_and_a_second_press_stops(
    screens: Screens, reading
) -> None:
    d, s = screens.driver, screens
    to_review(s)
    s.bridge.form.change("housing_basis")
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, speaking=1), 10, "never started speaking")
    ((text, _),) = said(reading)
    assert text == screen_text(s.session, "vi")
    assert "Lựa chọn 1: Thuê nhà. Lựa chọn 2: Ở nhà người thân." in str(text)
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, finished=1), 5, "the engine went on")
    d.wait_until(lambda: d.property_of("listenButtonText", "text") == "Nghe", 5, "still Dừng")
    assert len(said(reading)) == 1  # stopping says nothing new


def test_nghe_reads_the_procedures_a_search_found_and_the_fee_on_the_confirmation(
    screens: Screens, reading
) -> None:
    d, s = screens.driver, screens
    s.bridge.start()
    d.tap("catalogueSearch")
    d.type_on_keyboard("tam tru")
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, speaking=1), 10, "never started speaking")
    text = str(said(reading)[-1][0])
    found = [p.name.vi for p in s.bridge.catalogue.found()]  # as the screen lists them
    assert 0 < len(found) < len(s.session.catalogue.procedures)
    assert text.endswith(" ".join(f"Lựa chọn {i}: {n}." for i, n in enumerate(found, 1)))
    assert f"Lựa chọn {len(found) + 1}" not in text
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, finished=1), 5, "the engine went on")

    s.bridge.back()  # home
    to_review(s)
    d.tap("submitButton")
    d.wait_for("vietqrImage")
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, speaking=2), 10, "never started speaking")
    text = str(said(reading)[-1][0])
    assert "Lệ phí 7.000 đồng, chưa thanh toán." in text and "khuôn mặt" in text
    assert s.session.submission is not None
    assert s.session.submission.tracking_code not in text


def test_leaving_the_screen_stops_the_reading(screens: Screens, reading) -> None:
    d, s = screens.driver, screens
    s.bridge.start()
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, speaking=1), 10, "never started speaking")
    assert "Lựa chọn 1:" in str(said(reading)[-1][0])  # the catalogue is long: still reading
    s.bridge.chooseProcedure("dang-ky-tam-tru")
    assert not speaking(reading)
    d.wait_until(lambda: heard(reading, finished=1), 5, "went on reading")
    # and the next question (the same screen) stops it too
    s.bridge.begin()
    s.bridge.consent(True)
    s.bridge.typeInstead()
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, speaking=2), 5, "never started speaking")
    s.bridge.form.answer("Lê Minh Tuấn")
    assert s.session.question_id == "id_number"
    d.wait_until(lambda: heard(reading, finished=2), 5, "went on reading")
    assert not speaking(reading)


def test_the_screens_go_on_while_the_helper_cannot_answer(screens: Screens, reading) -> None:
    """Making speechd's engine takes seconds: the screens never wait for the helper."""
    d = screens.driver
    d.tap("listenButton")
    d.wait_until(lambda: reading.helper_pid != 0, 10, "no helper")
    os.kill(reading.helper_pid, signal.SIGSTOP)  # as busy as can be
    try:
        assert d.property_of("listenButtonText", "text") == "Dừng đọc"
        d.tap("startButton")
        d.wait_for("catalogueSearch")
        assert screens.bridge.property("screen") == "catalogue"
        assert not speaking(reading)
    finally:
        os.kill(reading.helper_pid, signal.SIGCONT)
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, speaking=2), 10, "never read the catalogue")
    assert said(reading)[-1][0] == screen_text(screens.session, "vi")


def test_an_engine_that_does_not_exist_leaves_the_kiosk_working(
    screens: Screens, caplog: pytest.LogCaptureFixture
) -> None:
    d, aloud = screens.driver, screens.bridge.reading
    aloud.configure(SpeechDefaults(engine="no-such-engine"))
    with caplog.at_level(logging.WARNING, logger="ui.reading_aloud"):
        d.tap("listenButton")
        d.wait_until(lambda: bool(aloud.property("unavailable")), 10, "no word of it")
        assert d.property_of("listenButtonText", "text") == "Không có giọng đọc"
        assert not d.property_of("listenButton", "enabled")
        assert not speaking(aloud)
        d.tap("listenButton")  # greyed: nothing happens, nothing is logged again
        d.tap("startButton")
        d.wait_for("catalogueSearch")
        assert screens.bridge.property("screen") == "catalogue"
        assert d.property_of("listenButtonText", "text") == "Không có giọng đọc"
    warnings = [r for r in caplog.records if r.name == "ui.reading_aloud"]
    assert len(warnings) == 1
    assert warnings[0].__dict__["event"] == "speech.no_engine"
    assert "no-such-engine" in warnings[0].getMessage()


def test_a_helper_that_dies_while_reading_leaves_the_kiosk_working(
    screens: Screens, reading, caplog: pytest.LogCaptureFixture
) -> None:
    d = screens.driver
    with caplog.at_level(logging.WARNING, logger="ui.reading_aloud"):
        d.tap("listenButton")
        d.wait_until(lambda: heard(reading, speaking=1), 10, "never started speaking")
        os.kill(reading.helper_pid, signal.SIGKILL)
        d.wait_until(lambda: bool(reading.property("unavailable")), 10, "no word of it")
        assert not speaking(reading)
        d.tap("startButton")
        d.wait_for("catalogueSearch")
    (warning,) = [r for r in caplog.records if r.name == "ui.reading_aloud"]
    assert warning.__dict__["event"] == "speech.no_engine"


def test_no_voice_for_the_language_says_so_and_logs_no_text(
    screens: Screens, reading, caplog: pytest.LogCaptureFixture
) -> None:
    d = screens.driver
    reading.configure(SpeechDefaults(engine="mock", locale="vi_VN", locale_en="en_GB"))
    with caplog.at_level(logging.WARNING, logger="ui.reading_aloud"):
        d.tap("listenButton")
        d.wait_until(lambda: bool(reading.property("unavailable")), 10, "no word of it")
        assert said(reading) == []
        assert not speaking(reading)
        assert d.property_of("listenButtonText", "text") == "Không có giọng đọc"
        screens.bridge.setLanguage("en")  # the mock has an English voice
        d.wait_until(lambda: not reading.property("unavailable"), 5, "English not offered")
        d.tap("listenButton")
        d.wait_until(lambda: heard(reading, speaking=2), 5, "never started speaking in English")
    (warning,) = [r for r in caplog.records if r.name == "ui.reading_aloud"]
    assert "vi_VN" in warning.getMessage()
    assert screen_text(screens.session, "vi")[:20] not in warning.getMessage()


def test_the_button_is_not_there_when_speech_is_turned_off(screens: Screens) -> None:
    d = screens.driver
    d.wait_for("listenButton")
    screens.bridge.reading.configure(SpeechDefaults(enabled=False))
    d.wait_until(lambda: d.find("listenButton") is None, 5, "still shown")
    d.tap("startButton")
    d.wait_for("catalogueSearch")
    assert d.find("listenButton") is None


@pytest.fixture
def speech_dispatcher(tmp_path: Path) -> Iterator[None]:
    """The kiosk's user's speech-dispatcher, autospawned in a runtime directory of the test's
    own, and ended with it."""
    if shutil.which("speech-dispatcher") is None:
        pytest.fail("speech-dispatcher is not installed: make installs deploy/packages/kiosk.txt")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    old = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    try:
        yield
    finally:
        pid_file = runtime / "speech-dispatcher" / "pid" / "speech-dispatcher.pid"
        if pid_file.exists():
            subprocess.run(["kill", "-9", pid_file.read_text().strip()], check=False)
        if old is None:
            del os.environ["XDG_RUNTIME_DIR"]
        else:
            os.environ["XDG_RUNTIME_DIR"] = old


def test_the_real_speechd_engine_has_a_vietnamese_voice(qapp, speech_dispatcher) -> None:
    parent = QObject()
    speech = QTextToSpeech("speechd", parent)
    assert speech.state() is not QTextToSpeech.State.Error, speech.errorString()
    vietnamese = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    assert "vi_VN" in [locale.name() for locale in speech.availableLocales()]
    speech.setLocale(vietnamese)
    assert speech.locale().name() == "vi_VN"
    voices = speech.availableVoices()
    assert voices and all(v.locale().language() is QLocale.Language.Vietnamese for v in voices)
    assert any("Vietnamese" in v.name() for v in voices)
    parent.deleteLater()


def test_a_reading_that_never_ends_frees_the_button_past_its_time(
    screens: Screens, reading, caplog: pytest.LogCaptureFixture
) -> None:
    """With no sound output speech-dispatcher never says a reading finished: the button must
    not say "Dừng đọc" for ever."""
    d = screens.driver
    reading.grace_ms, reading.ms_per_character = 1500, 0
    d.tap("startButton")
    d.wait_for("catalogueSearch")  # a long text: the mock engine is still reading it later
    d.tap("listenButton")
    d.wait_until(lambda: heard(reading, speaking=1), 10, "never started speaking")
    os.kill(reading.helper_pid, signal.SIGSTOP)  # it will never say it finished
    try:
        with caplog.at_level(logging.WARNING, logger="ui.reading_aloud"):
            assert d.property_of("listenButtonText", "text") == "Dừng đọc"
            d.wait_until(lambda: not speaking(reading), 10, "still reading for ever")
            assert d.property_of("listenButtonText", "text") == "Nghe"
        assert [r.message for r in caplog.records if "never said it finished" in r.message]
    finally:
        os.kill(reading.helper_pid, signal.SIGCONT)
