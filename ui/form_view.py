"""The question pages and the check page: the question shown, the answers to review, and
the pages of a paper asked for (kept in memory only, never on disk).

A paper question has three faces (``paper.mode`` in the question's JSON): ``camera``, the
live picture with the page's outline and a hint, captured on its own once the page is good
and still (or with "Chụp ảnh"); ``review``, the page just captured, straightened, with
"Chụp lại" / "Dùng ảnh này"; ``pages``, the pages kept so far, each to take again or delete,
with "Chụp thêm trang". Continue makes one file (a PDF) of the pages and answers with it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.answers import display_answer
from kiosk.applicant import IDENTITY_VALUE
from kiosk.camera_use import CAMERA_NOT_READY
from kiosk.ports import DocumentAssembler, DocumentError, DocumentTooLargeError
from kiosk.procedures import Prefill, Question, QuestionType
from kiosk.search import matches
from kiosk.session import MAX_PAGES, KioskSession, Photo, Screen, pages_taken
from kiosk.text import Message
from ui.camera_feed import CameraFeed
from ui.memory_image import PHOTO, MemoryImageProvider
from ui.qml_values import as_json
from ui.session_view import SessionView
from ui.words import Words

log = logging.getLogger(__name__)

LONG_LIST = 8
"""Choice lists longer than this get a search box (Hanoi has 126 wards and communes)."""
CHOSEN = (QuestionType.CHOICE, QuestionType.MULTI_CHOICE, QuestionType.YES_NO)
"""Answers that are picked, not typed: the screen gets their values, not their labels."""

DOCUMENT_TOO_LARGE = Message(
    "Giấy tờ này quá nhiều trang để gửi. Ông/Bà vui lòng xóa bớt trang không cần thiết "
    "rồi bấm «Tiếp tục».",
    "This paper has too many pages to send. Please delete the pages that are not needed, "
    "then press “Continue”.",
)
NOT_TAKEN = Message("Chưa chụp", "Not photographed")
DOCUMENT_NOT_MADE = Message(
    "Chưa ghép được các trang. Ông/Bà vui lòng bấm «Tiếp tục» lại sau vài giây.",
    "The pages could not be put together yet. Please press “Continue” again in a few seconds.",
)


class FormView(SessionView):
    """The form, for QML as ``kiosk.formView``."""

    questionChanged = Signal()
    reviewRowsChanged = Signal()
    papersChanged = Signal()
    lastChangedChanged = Signal()

    def __init__(
        self,
        session: KioskSession,
        words: Words,
        camera: CameraFeed,
        documents: DocumentAssembler,
        on_change: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(session, words, on_change, parent)
        self._camera = camera
        self._documents = documents
        self.photo_images = MemoryImageProvider(PHOTO)
        self._question_shown: str | None = None
        self._choice_query = ""
        self._pending: Photo | None = None
        """The page just captured, shown for "Dùng ảnh này" or "Chụp lại"."""
        self._pending_url = ""
        self._replacing: int | None = None
        self._adding = False
        self._page_urls: tuple[tuple[str, str], ...] = ()
        """(SHA-256, URL) of the kept pages as last served to the screen."""
        camera.steadyPage.connect(self._capture_steady_page)

    # --- what the resident does -----------------------------------------------------------
    @Slot(str)
    def answer(self, text: str) -> None:
        self._session.answer(text)
        self._changed()

    @Slot(str)
    def answerApartment(self, number: str) -> None:
        """Continue on the apartment page: the flat number in this building becomes the
        whole address line (or the page says what is wrong with it)."""
        address = self._session.kiosk_address
        if address is None:
            return
        line = address.apartment_line(number)
        if isinstance(line, Message):
            self._session.error = line
            self._session.touched()
            self._changed()
            return
        self.answer(line)

    @Slot(str)
    def change(self, question_id: str) -> None:
        self._session.change(question_id)
        self._changed()

    @Slot(str)
    def filterChoices(self, text: str) -> None:
        self._choice_query = text
        self._session.touched()
        self._changed()

    @Slot()
    def takePhoto(self) -> None:
        """ "Chụp ảnh": capture the paper the camera sees now, for the resident to check."""
        self._capture(automatic=False)

    @Slot()
    def retakePhoto(self) -> None:
        """ "Chụp lại" under the page just captured: back to the camera."""
        self._pending, self._pending_url = None, ""
        self._session.touched()
        self._changed()

    @Slot()
    def usePhoto(self) -> None:
        """ "Dùng ảnh này": keep the page just captured (in place of the one retaken)."""
        page = self._pending
        if page is None:
            return
        if self._session.add_page(page.content, self._replacing):
            self._pending, self._pending_url = None, ""
            self._replacing = None
            self._adding = False
        self._changed()

    @Slot()
    def addPage(self) -> None:
        """ "Chụp thêm trang": the camera again, for one more page."""
        self._adding, self._replacing = True, None
        self._session.touched()
        self._changed()

    @Slot(int)
    def retakePage(self, index: int) -> None:
        """Take page ``index`` (from 0) again."""
        self._adding, self._replacing = True, index
        self._session.touched()
        self._changed()

    @Slot(int)
    def deletePage(self, index: int) -> None:
        self._session.delete_page(index)
        self._changed()

    @Slot()
    def cancelPage(self) -> None:
        """Back from the camera to the pages kept (no page added)."""
        self._adding, self._replacing = False, None
        self._session.touched()
        self._changed()

    @Slot()
    def finishPaper(self) -> None:
        """Continue on a paper question: the pages become one file, the answer (a page still
        being checked counts as kept; none at all skips an optional paper)."""
        if self._pending is not None:
            self.usePhoto()
            if self._pending is not None:
                return  # refused (too many pages): the error says why
        question_id = self._session.question_id or ""
        pages = self._session.pages(question_id)
        if not pages:
            self.answer("")
            return
        try:
            document = self._documents.assemble([page.content for page in pages])
        except DocumentTooLargeError:
            self._session.error = DOCUMENT_TOO_LARGE
            self._changed()
            return
        except (DocumentError, ValueError):  # ValueError: a page the file-maker cannot read
            log.exception("a paper's pages could not be made into one file")
            self._session.error = DOCUMENT_NOT_MADE
            self._changed()
            return
        log.info(
            "paper made",
            extra={"event": "question.paper", "pages": len(pages), "bytes": len(document)},
        )
        self.answer(self._session.attach_document(document))

    def _capture_steady_page(self) -> None:
        if self._paper_mode() == "camera" and self._session.screen is Screen.QUESTION:
            self._capture(automatic=True)

    def _capture(self, automatic: bool) -> None:
        page = self._camera.capture_page()
        if page is None:
            if not automatic:
                self._session.error = CAMERA_NOT_READY
                self._changed()
            return
        self._camera.look_for_another_page()
        self._pending = Photo.of(page)
        self._pending_url = self.photo_images.show(page, "review")
        self._session.error = None
        self._session.touched()
        log.info(
            "page captured",
            extra={"event": "question.page", "bytes": len(page), "automatic": automatic},
        )
        self._changed()

    # --- kept in step with the session ----------------------------------------------------
    def photo_shown(self) -> bool:
        """Whether the question on screen shows pages, not the camera (the camera is off)."""
        return self._paper_mode() != "camera"

    def follow_session(self) -> None:
        """A new question starts afresh: no filter, its own pages, the camera if none."""
        if self._session.question_id == self._question_shown:
            return
        self._question_shown = self._session.question_id
        self._choice_query = ""  # a filter typed for one list means nothing for the next
        self._pending, self._pending_url = None, ""
        self._replacing, self._adding = None, False
        self._page_urls = ()
        self.photo_images.clear()

    def forget(self) -> None:
        """The session ended: the pages of papers leave memory."""
        self._pending, self._pending_url = None, ""
        self._page_urls = ()
        self.photo_images.clear()

    def publish(self, quiet: bool = False) -> None:
        """Tell QML what changed (``quiet``: only record it, a new screen is loading)."""
        p, screen = self._published, self._session.screen
        if screen is Screen.QUESTION:
            p.update("question", self._question_json(), self.questionChanged, quiet)
        else:
            p.forget("question")
        if screen is Screen.REVIEW:
            p.update("reviewRows", self._review_json(), self.reviewRowsChanged, quiet)
            p.update("papers", self._papers_json(), self.papersChanged, quiet)
            p.update("lastChanged", self._last_changed(), self.lastChangedChanged, quiet)
        else:
            p.forget("reviewRows")
            p.forget("papers")
            p.forget("lastChanged")

    # --- what the screens show ------------------------------------------------------------
    def question(self) -> dict[str, object]:
        """The question on screen as the page shows it (empty on other screens)."""
        t = self._words.t
        q = self._session.current_question
        if q is None:
            return {}
        number, total = self._session.progress
        options = q.options
        long_list = len(options) > LONG_LIST
        if long_list:
            options = tuple(c for c in options if matches(self._choice_query, t(c.label)))
        return {
            "id": q.id,
            "type": q.type.value,
            "label": t(q.label),
            "groupLabel": t(q.group_label) if q.group_label else "",
            "hint": t(q.hint) if q.hint else "",
            "value": self._display_value(q.id),
            "prefill": self._session.default_answer(q.id),
            "choices": [{"value": c.value, "label": t(c.label)} for c in options],
            "longList": long_list,
            "number": number,
            "total": total,
            "maxLength": q.max_length,
            "required": q.required,
            "document": t(q.document) if q.document else "",
            "photo": self._pending_url,
            "photoSha": "" if self._pending is None else self._pending.sha256,
            "paper": self._paper_json(q.id) if q.type is QuestionType.ATTACHMENT else {},
            "apartment": self._apartment_json(q),
        }

    def _apartment_json(self, q: Question) -> dict[str, object]:
        """For the address where the resident lives in this building: the building's line
        and the flat number answered so far (``number`` None: another address was typed);
        empty for other questions, or when the kiosk does not know its building."""
        address = self._session.kiosk_address
        if q.prefill is not Prefill.KIOSK_APARTMENT or address is None or not address.building:
            return {}
        answered = self._session.answers.get(q.id, "")
        number = address.apartment_in(answered) if answered else ""
        return {"building": address.line(), "number": number, "other": number is None}

    def _paper_mode(self) -> str:
        question = self._session.current_question
        if question is None or question.type is not QuestionType.ATTACHMENT:
            return ""
        if self._pending is not None:
            return "review"
        if self._session.pages(question.id) and not self._adding:
            return "pages"
        return "camera"

    def _paper_json(self, question_id: str) -> dict[str, object]:
        pages = self._session.pages(question_id)
        shas = tuple(page.sha256 for page in pages)
        if shas != tuple(sha for sha, _ in self._page_urls):
            self._page_urls = tuple(
                (page.sha256, self.photo_images.show(page.content, f"page-{number}"))
                for number, page in enumerate(pages, start=1)
            )
        return {
            "mode": self._paper_mode(),
            "pages": [{"number": n, "url": url} for n, (_, url) in enumerate(self._page_urls, 1)],
            "replacing": -1 if self._replacing is None else self._replacing,
            "canAdd": len(pages) < MAX_PAGES,
        }

    def review_rows(self) -> list[dict[str, object]]:
        """Every fact the application carries, as the check page lists them."""
        return [
            {
                "id": r.question_id,
                "label": self._words.t(r.label),
                "value": r.value,
                "changeable": r.changeable,
            }
            for r in self._session.review_rows(self._words.language)
        ]

    def papers(self) -> list[dict[str, object]]:
        """The papers the application asks for, as the check page lists them: those not
        photographed first, each with how many pages were taken."""
        rows = [
            {
                "id": paper.question_id,
                "name": self._words.t(paper.name),
                "pages": paper.pages,
                "missing": paper.pages == 0,
                "status": self._words.t(pages_taken(paper.pages) if paper.pages else NOT_TAKEN),
            }
            for paper in self._session.papers_status()
        ]
        return sorted(rows, key=lambda row: not row["missing"])

    def _papers_json(self) -> str:
        return as_json(self.papers())

    papersJson = Property(str, _papers_json, notify=papersChanged)
    """The papers and their pages, for the check page (see :meth:`papers`)."""

    def _question_json(self) -> str:
        return as_json(self.question())

    questionJson = Property(str, _question_json, notify=questionChanged)

    def _review_json(self) -> str:
        return as_json(self.review_rows())

    reviewRowsJson = Property(str, _review_json, notify=reviewRowsChanged)

    def _last_changed(self) -> str:
        return self._session.last_changed or ""

    lastChanged = Property(str, _last_changed, notify=lastChangedChanged)

    def _display_value(self, question_id: str) -> str:
        q = self._session.current_question
        value = self._session.answers.get(question_id, "")
        identity = self._session.identity
        if not value and q is not None and q.identity is not None and identity is not None:
            value = IDENTITY_VALUE[q.identity](identity)  # a card fact to correct: the card's
        if q is None or q.type in CHOSEN:
            return value
        return display_answer(q, value, self._words.language)
