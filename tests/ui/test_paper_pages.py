"""A paper photographed page by page, through the real QML screens: the page's outline and
the hint over the live picture, the page captured on its own once good and still, the page
checked ("Chụp lại" / "Dùng ảnh này"), several pages kept, taken again or deleted, and one
file made of them when the resident goes on. The camera and the file-maker are fakes here
(the real ones: tests/hardware/test_demo_papers.py, tests/hardware/test_document_assembly.py,
tests/e2e/test_document_upload.py)."""

from __future__ import annotations

import json

from PySide6.QtCore import QSize

from kiosk.document_hints import STEADY_PREVIEWS, PageHint
from kiosk.ports import PageSighting
from tests.ui.conftest import Screens, paper_photo
from ui.tour import to_the_paper_question

PAPER = "birth_notice"
CORNERS = ((0.3, 0.1), (0.7, 0.12), (0.69, 0.9), (0.31, 0.88))
GOOD = PageSighting(CORNERS, PageHint.GOOD, capturable=True)


def to_the_paper(s: Screens) -> None:
    to_the_paper_question(s.bridge)
    assert s.session.question_id == PAPER
    s.driver.wait_for("takePhotoButton")
    s.driver.wait_until(lambda: s.qr.previewing, 5, "the camera never opened for the paper")


def paper(s: Screens) -> dict[str, object]:
    q = s.bridge.form.question()
    value = q["paper"]
    assert isinstance(value, dict)
    return value


def see(s: Screens, sighting: PageSighting) -> None:
    """One preview from the camera, taken in by the screen before the next (the screen
    shows only the newest preview: two between its looks would count as one)."""
    s.qr.see_page(sighting)
    s.driver.wait_until(
        lambda: s.bridge.camera._newest_preview is None, 5, "the preview was not taken in"
    )


def hold_still(s: Screens, sighting: PageSighting, previews: int) -> None:
    for _ in range(previews):
        see(s, sighting)


def test_the_outline_and_the_hint_follow_what_the_camera_sees(screens: Screens) -> None:
    s = screens
    to_the_paper(s)
    off_centre = PageSighting(CORNERS, PageHint.CENTRE, capturable=False)
    see(s, off_centre)
    assert s.driver.property_of("pageHint", "visible")
    assert s.bridge.camera.property("pageHintText") == "Đưa giấy vào giữa khung"
    outline = json.loads(s.bridge.camera.property("pageOutline"))
    assert outline == [v for corner in CORNERS for v in corner]
    assert s.driver.wait_for("pageOutline").isVisible()
    s.bridge.setLanguage("en")
    assert s.bridge.camera.property("pageHintText") == "Move the paper to the middle"
    # Off-centre and not capturable however long it is held: nothing is captured.
    hold_still(s, off_centre, STEADY_PREVIEWS * 2)
    assert paper(s)["mode"] == "camera" and s.qr.photos_taken == 0


def test_a_good_page_held_still_is_captured_on_its_own_and_then_checked(
    screens: Screens,
) -> None:
    s = screens
    to_the_paper(s)
    hold_still(s, GOOD, STEADY_PREVIEWS - 1)
    assert s.qr.photos_taken == 0  # not yet still for long enough
    see(s, GOOD)
    s.driver.wait_for("photoTaken")
    assert s.qr.photos_taken == 1 and paper(s)["mode"] == "review"
    assert not s.qr.previewing  # the camera is off while the page is checked
    s.driver.wait_for("usePhotoButton")
    s.driver.tap("retakePhotoButton")
    s.driver.wait_until(lambda: s.qr.previewing, 5, "the camera did not come back")
    # A page that moves between previews waits until it is still again.
    moving = [
        PageSighting(tuple((x + 0.05 * (i % 2), y) for x, y in CORNERS), PageHint.GOOD, True)
        for i in range(STEADY_PREVIEWS * 2)
    ]
    for sighting in moving:
        see(s, sighting)
    assert s.qr.photos_taken == 1
    hold_still(s, GOOD, STEADY_PREVIEWS)
    s.driver.wait_for("photoTaken")
    assert s.qr.photos_taken == 2


def test_a_paper_of_several_pages_is_made_of_the_pages_kept(screens: Screens) -> None:
    s, d = screens, screens.driver
    to_the_paper(s)
    d.tap("takePhotoButton")  # the button works without waiting for a still page
    d.tap("usePhotoButton")
    d.wait_for("page_1")
    assert paper(s)["mode"] == "pages" and not s.qr.previewing
    d.tap("addPageButton")
    d.tap("takePhotoButton")
    d.tap("usePhotoButton")
    d.wait_for("page_2")
    d.tap("addPageButton")
    d.tap("takePhotoButton")
    d.tap("usePhotoButton")
    d.wait_for("page_3")
    assert [p.content for p in s.session.pages(PAPER)] == [paper_photo(n) for n in (1, 2, 3)]

    d.tap("retakePage_1")  # the first page again: it takes the first page's place
    d.tap("takePhotoButton")
    d.tap("usePhotoButton")
    d.wait_for("page_3")
    assert [p.content for p in s.session.pages(PAPER)] == [paper_photo(n) for n in (4, 2, 3)]
    d.tap("deletePage_2")
    d.wait_until(lambda: d.find("page_3") is None, 5, "page 3 still shown")
    assert [p.content for p in s.session.pages(PAPER)] == [paper_photo(4), paper_photo(3)]

    d.tap("nextButton")
    d.wait_until(lambda: s.session.question_id != PAPER, 5, "still on the paper")
    assert s.documents.made == [[paper_photo(4), paper_photo(3)]]
    document = s.session.photo(PAPER)
    assert document is not None and s.session.answers[PAPER] == document.sha256

    # Back to the paper: its pages are still there, and a page changed unmakes the file.
    s.bridge.back()
    d.wait_for("page_2")
    d.tap("deletePage_1")
    assert s.session.photo(PAPER) is None and PAPER not in s.session.answers


def test_a_paper_too_large_to_send_says_so_and_stays(screens: Screens) -> None:
    s, d = screens, screens.driver
    to_the_paper(s)
    s.documents.max_bytes = 10
    d.tap("takePhotoButton")
    d.tap("usePhotoButton")
    d.tap("nextButton")
    d.wait_until(lambda: bool(s.bridge.property("error")), 5, "no error")
    assert "xóa bớt trang" in str(s.bridge.property("error"))
    assert s.session.question_id == PAPER and PAPER not in s.session.answers


def test_the_pages_leave_memory_with_the_session(screens: Screens) -> None:
    s, d = screens, screens.driver
    to_the_paper(s)
    d.tap("takePhotoButton")
    d.tap("usePhotoButton")
    d.wait_for("page_1")
    s.bridge.finish()
    d.wait_for("startButton")
    assert s.session.papers == {} and s.session.photos == {}
    provider = s.bridge.form.photo_images
    assert provider.requestImage("page-1/1", QSize(), QSize()).width() == 1  # a blank pixel
