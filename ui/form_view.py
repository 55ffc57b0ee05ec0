"""The question pages and the check page: the question shown, the answers to review, and
the photo of a paper asked for (kept in memory only, never on disk)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.answers import display_answer
from kiosk.camera_use import CAMERA_NOT_READY
from kiosk.procedures import QuestionType
from kiosk.search import matches
from kiosk.session import KioskSession, Screen
from ui.camera_feed import CameraFeed
from ui.memory_image import PHOTO, MemoryImageProvider
from ui.qml_values import Published, as_json
from ui.words import Words

log = logging.getLogger(__name__)

LONG_LIST = 8
"""Choice lists longer than this get a search box (Hanoi has 126 wards and communes)."""
CHOSEN = (QuestionType.CHOICE, QuestionType.MULTI_CHOICE, QuestionType.YES_NO)
"""Answers that are picked, not typed: the screen gets their values, not their labels."""


class FormView(QObject):
    """The form, for QML as ``kiosk.formView``."""

    questionChanged = Signal()
    reviewRowsChanged = Signal()
    lastChangedChanged = Signal()

    def __init__(
        self,
        session: KioskSession,
        words: Words,
        camera: CameraFeed,
        on_change: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._words = words
        self._camera = camera
        self._changed = on_change
        self.photo_images = MemoryImageProvider(PHOTO)
        self._published = Published()
        self._question_shown: str | None = None
        self._choice_query = ""
        self._retaking = False
        self._photo_url = ""

    # --- what the resident does -----------------------------------------------------------
    @Slot(str)
    def answer(self, text: str) -> None:
        self._session.answer(text)
        self._changed()

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
        """Keep the camera's latest frame as the photo of the paper asked for."""
        photo = self._camera.take_photo()
        if photo is None:
            self._session.error = CAMERA_NOT_READY
            self._changed()
            return
        self._session.attach_photo(photo)
        self._retaking = False
        self._photo_url = self.photo_images.show(photo)
        log.info("photo taken", extra={"event": "question.photo", "bytes": len(photo)})
        self._changed()

    @Slot()
    def retakePhoto(self) -> None:
        self._retaking = True
        self._session.touched()
        self._changed()

    # --- kept in step with the session ----------------------------------------------------
    def photo_shown(self) -> bool:
        """Whether the question on screen shows the photo taken for it (the camera is off)."""
        return self._photo_shown(self._session.question_id or "")

    def follow_session(self) -> None:
        """A new question starts afresh: no filter, no retake, its own photo if it has one."""
        if self._session.question_id == self._question_shown:
            return
        self._question_shown = self._session.question_id
        self._choice_query = ""  # a filter typed for one list means nothing for the next
        self._retaking = False
        photo = self._session.photo(self._question_shown or "")
        self._photo_url = self.photo_images.show(photo.content) if photo is not None else ""
        if photo is None:
            self.photo_images.clear()

    def forget(self) -> None:
        """The session ended: the photos of papers leave memory."""
        self._photo_url = ""
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
            p.update("lastChanged", self._last_changed(), self.lastChangedChanged, quiet)
        else:
            p.forget("reviewRows")
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
            "photo": self._photo_url if self._photo_shown(q.id) else "",
            "photoSha": self._photo_sha(q.id),
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

    def _question_json(self) -> str:
        return as_json(self.question())

    questionJson = Property(str, _question_json, notify=questionChanged)

    def _review_json(self) -> str:
        return as_json(self.review_rows())

    reviewRowsJson = Property(str, _review_json, notify=reviewRowsChanged)

    def _last_changed(self) -> str:
        return self._session.last_changed or ""

    lastChanged = Property(str, _last_changed, notify=lastChangedChanged)

    def _photo_shown(self, question_id: str) -> bool:
        return self._session.photo(question_id) is not None and not self._retaking

    def _photo_sha(self, question_id: str) -> str:
        photo = self._session.photo(question_id)
        return photo.sha256 if photo is not None else ""

    def _display_value(self, question_id: str) -> str:
        q = self._session.current_question
        value = self._session.answers.get(question_id, "")
        if q is None or q.type in CHOSEN:
            return value
        return display_answer(q, value, self._words.language)
