"""Start over ("Làm lại từ đầu") on every screen of a resident's session: confirmed first,
then it wipes everything as Finish does; declined, nothing is lost. Through the real screens."""

from __future__ import annotations

from tests.ui.conftest import Screens
from tests.ui.test_screens import to_review


def test_start_over_is_on_every_screen_of_a_session_and_nowhere_else(screens: Screens) -> None:
    d, b = screens.driver, screens.bridge
    d.wait_for("startButton")
    assert d.find("startOverButton") is None  # home
    b.start()
    d.wait_for("startOverButton")  # the procedures
    b.chooseProcedure("dang-ky-tam-tru")
    d.wait_for("startOverButton")  # before you start
    b.begin()
    d.wait_for("startOverButton")  # consent
    b.consent(True)
    d.wait_for("startOverButton")  # identify
    b.typeInstead()
    d.wait_for("startOverButton")  # a question
    b.finish()
    d.wait_for("startButton")
    b.lookUpDossier()
    d.wait_for("lookupField")
    assert d.find("startOverButton") is None  # the look-up is no session to wipe


def test_start_over_asks_first_and_keeps_everything_when_declined(screens: Screens) -> None:
    s, d = screens, screens.driver
    to_review(s)
    d.tap("startOverButton")
    d.wait_for("startOverConfirmButton")
    d.tap("startOverCancelButton")
    d.wait_until(lambda: d.find("startOverConfirmButton") is None, 5, "still asking")
    assert s.bridge.property("screen") == "review"
    assert s.session.identity is not None and s.session.answers


def test_start_over_confirmed_wipes_the_session_as_finish_does(screens: Screens) -> None:
    s, d = screens, screens.driver
    to_review(s)
    d.tap("startOverButton")
    d.tap("startOverConfirmButton")
    d.wait_for("startButton")
    assert s.bridge.property("screen") == "home"
    assert s.session.identity is None and s.session.answers == {}
    assert s.session.procedure is None and s.session.photos == {} and s.session.papers == {}
