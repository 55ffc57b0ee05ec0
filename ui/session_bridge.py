"""The Python object the QML screens bind to: a view of the resident's session.

Screens read properties and call slots; this object turns taps into session events and
runs slow work (queueing, printing, the camera) off the GUI thread, bringing results back
through queued signals (never touching QML from a worker thread).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.answers import display_answer
from kiosk.cccd_qr import CitizenIdentity, mask_id_number, parse_cccd_qr
from kiosk.chip_data import ChipRead, ChipReadFailure
from kiosk.chip_reading import (
    CHIP_DATA_INCOMPLETE,
    CHIP_FAILURE_MESSAGES,
    ChipKeys,
    check_chip_keys,
    chip_evidence,
)
from kiosk.ports import (
    CameraPreview,
    CardChip,
    DossierDirectory,
    PhotoSource,
    QrSource,
    QueueUnavailableError,
    ReceiptOutput,
    ScanTarget,
    SubmissionQueue,
)
from kiosk.procedures import Catalogue, Procedure, QuestionType
from kiosk.receipt import ReceiptContext, build_receipt, format_vnd
from kiosk.search import matches, search_procedures
from kiosk.session import KioskSession, Screen
from kiosk.submission import Submission
from kiosk.text import Message
from ui.camera_view import FrameSource
from ui.lookup_view import DossierLookupView
from ui.memory_image import FACE, PHOTO, RECEIPT, MemoryImageProvider

log = logging.getLogger(__name__)


def _json(data: object) -> str:
    """Structured data for QML as JSON text.

    PySide (6.11 and 6.12 alike) leaks the memory of every Python list or dict it converts
    to a QVariant, and bindings re-read properties on every change: about 6 MB per resident
    session. Strings are not leaked, so structures cross as JSON and QML parses them.
    """
    return json.dumps(data, ensure_ascii=False)


LONG_LIST = 8
"""Choice lists longer than this get a search box (Hanoi has 126 wards and communes)."""
CHOSEN = (QuestionType.CHOICE, QuestionType.MULTI_CHOICE, QuestionType.YES_NO)
"""Answers that are picked, not typed: the screen gets their values, not their labels."""

PREVIEW_INTERVAL_MS = 100
"""How often the screen takes the camera's newest frame (the camera offers about 8 a second)."""
PRINTER_WATCH_INTERVAL_MS = 3000
"""While a receipt is waiting to be printed, ask the printer this often if it is back."""

KEEP_TOGETHER = "Ông/\u2060Bà"
"""Qt breaks lines after "/", which splits the polite form of address in two; a word
joiner (U+2060) after the slash keeps it on one line. The QML strings carry it too."""

CAMERA_NOT_READY = Message(
    "Camera chưa sẵn sàng. Ông/Bà vui lòng chờ vài giây rồi bấm «Chụp ảnh» lại.",
    "The camera is not ready yet. Please wait a few seconds and press “Take photo” again.",
)

QUEUE_FAILED = Message(
    "Kiosk chưa lưu được hồ sơ do sự cố kỹ thuật. Thông tin của Ông/Bà vẫn còn; "
    "Ông/Bà vui lòng bấm Gửi hồ sơ lại, hoặc gọi tổng đài để được giúp đỡ.",
    "The kiosk could not save your application because of a technical fault. Your answers "
    "are still here; please press Submit application again, or call the help line.",
)


@dataclass(frozen=True)
class Ports:
    """The outside world, as the composition root wired it."""

    queue: SubmissionQueue
    printer: ReceiptOutput
    qr: QrSource
    photos: PhotoSource
    chip: CardChip
    receipt_context: ReceiptContext
    dossiers: DossierDirectory


class ChipState:
    """Where reading the chip is, as the identify screen shows it."""

    IDLE = "idle"
    READING = "reading"
    CONFIRM = "confirm"


class PrintState:
    """Where the receipt is, as the confirmation screen says it."""

    IDLE = "idle"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


class SessionBridge(QObject):
    """Exposes :class:`KioskSession` to QML as properties and slots."""

    changed = Signal()
    previewChanged = Signal()  # noqa: N815  (apart from `changed`: it fires 8 times a second)
    idleChanged = Signal()  # noqa: N815  (apart from `changed`: it ticks every second)
    _qr_payload = Signal(str)
    _queued = Signal(str, bool)
    _printed = Signal(str, bool, object)
    _printer_ready = Signal(bool)
    _reader_changed = Signal(str)
    _chip_done = Signal(object)
    _catalogue_arrived = Signal(object)

    def __init__(
        self,
        session: KioskSession,
        ports: Ports,
        language: str = "vi",
        on_language: Callable[[str], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._ports = ports
        self._language = language
        self._on_language = on_language
        self._print_state = PrintState.IDLE
        self._printer_back = False
        self._receipt_url = ""
        self._catalogue_query = ""
        self._choice_query = ""
        self._question_shown: str | None = None
        self.receipt_images = MemoryImageProvider(RECEIPT)
        self.photo_images = MemoryImageProvider(PHOTO)
        self.face_images = MemoryImageProvider(FACE)
        self._reader_state = "unavailable"
        self._chip_state = ChipState.IDLE
        self._chip_read: tuple[CitizenIdentity, dict[str, str]] | None = None
        self._face_url = ""
        self._photo_url = ""
        self._retaking = False
        self.camera_frames = FrameSource(self)
        self._camera_live = False
        # what the camera looks at: the ID card on the identify screen, a receipt on the
        # look-up screen, a paper on a photo question; None when off
        self._camera_mode: ScanTarget | None = None
        self._qr_payload.connect(self._on_qr_payload)
        # Frames are handed over in a slot under a lock and fetched by a GUI-thread timer:
        # PySide leaks part of every argument sent through a queued signal, which for 8
        # frames a second came to 1.4 MB a second on the identify screen.
        self._preview_lock = threading.Lock()
        self._newest_preview: CameraPreview | None = None
        self._preview_timer = QTimer(self)
        self._preview_timer.setInterval(PREVIEW_INTERVAL_MS)
        self._preview_timer.timeout.connect(self._show_newest_preview)
        self._queued.connect(self._on_queued)
        self._printed.connect(self._on_printed)
        self._printer_ready.connect(self._on_printer_ready)
        self._printer_watch = QTimer(self)
        self._printer_watch.setInterval(PRINTER_WATCH_INTERVAL_MS)
        self._printer_watch.timeout.connect(self._ask_printer)
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(1000)
        self._idle_timer.timeout.connect(self._check_idle)
        self._idle_timer.start()
        self._reader_changed.connect(self._on_reader_changed)
        self._chip_done.connect(self._on_chip_done)
        self._catalogue_arrived.connect(self._on_catalogue)
        self.lookup = DossierLookupView(
            ports.dossiers,
            self._t,
            ports.receipt_context.hotline,
            self._procedure_name,
            parent=self,
        )
        # The camera reads receipts only while the screen asks for a code.
        self.lookup.changed.connect(self._sync_camera)
        ports.chip.watch(self._reader_changed.emit)

    # --- slots the screens call ---------------------------------------------------------
    @Slot()
    def start(self) -> None:
        self._do(self._session.start)

    @Slot()
    def lookUpDossier(self) -> None:  # noqa: N802 (QML naming)
        """Home → the look-up screen."""
        self._do(self._session.look_up)

    @Slot(str)
    def chooseProcedure(self, code: str) -> None:  # noqa: N802 (QML naming)
        self._do(lambda: self._session.choose_procedure(code))

    @Slot()
    def begin(self) -> None:
        self._do(self._session.begin)

    @Slot(bool)
    def consent(self, agreed: bool) -> None:
        self._do(lambda: self._session.consent(agreed))

    @Slot()
    def typeInstead(self) -> None:  # noqa: N802
        self._do(self._session.type_instead)

    @Slot(str)
    def answer(self, text: str) -> None:
        self._do(lambda: self._session.answer(text))

    @Slot()
    def takePhoto(self) -> None:  # noqa: N802
        """Keep the camera's latest frame as the photo of the paper asked for."""
        photo = self._ports.photos.take_photo() if self._camera_mode is ScanTarget.PAPER else None
        if photo is None:
            self._session.error = CAMERA_NOT_READY
            self._after_event()
            return
        self._session.attach_photo(photo)
        self._retaking = False
        self._photo_url = self.photo_images.show(photo)
        log.info("photo taken", extra={"event": "question.photo", "bytes": len(photo)})
        self._after_event()

    @Slot(str, str)
    def readChip(self, id_text: str, birth_text: str) -> None:  # noqa: N802
        """Open the chip of the card on the reader with the ID number and birth date typed."""
        if self._session.screen is not Screen.IDENTIFY or self._chip_state != ChipState.IDLE:
            return
        keys = check_chip_keys(id_text, birth_text, self._session.clock().date())
        if isinstance(keys, Message):
            self._session.error = keys
            self._do(self._session.touched)
            return
        self._session.error = None
        self._chip_state = ChipState.READING
        self._do(self._session.touched)
        threading.Thread(target=self._read_chip, args=(keys,), name="chip", daemon=True).start()

    @Slot()
    def confirmChip(self) -> None:  # noqa: N802
        """The resident recognised themselves: the chip's identity fills the form."""
        if self._chip_state != ChipState.CONFIRM or self._chip_read is None:
            return
        identity, evidence = self._chip_read
        self._forget_chip()
        self._do(lambda: self._session.chip_read(identity, evidence))

    @Slot()
    def cancelChip(self) -> None:  # noqa: N802
        self._forget_chip()
        self._do(self._session.touched)

    @Slot()
    def retakePhoto(self) -> None:  # noqa: N802
        self._retaking = True
        self._do(self._session.touched)

    @Slot()
    def back(self) -> None:
        self._do(self._session.back)

    @Slot(str)
    def change(self, question_id: str) -> None:
        self._do(lambda: self._session.change(question_id))

    @Slot()
    def submit(self) -> None:
        submission = self._session.submit()
        files = self._session.submission_files()
        self._after_event()
        threading.Thread(
            target=self._queue_in_background,
            args=(submission, files),
            name="queue",
            daemon=True,
        ).start()

    @Slot(str)
    def searchProcedures(self, text: str) -> None:  # noqa: N802
        self._catalogue_query = text
        self._do(self._session.touched)

    @Slot(str)
    def filterChoices(self, text: str) -> None:  # noqa: N802
        self._choice_query = text
        self._do(self._session.touched)

    @Slot()
    def printAgain(self) -> None:  # noqa: N802
        if self._session.submission is not None and self._print_state == PrintState.FAILED:
            self._print(self._session.submission)

    @Slot()
    def finish(self) -> None:
        self._forget_pictures()
        self._do(self._session.finish)

    @Slot()
    def touched(self) -> None:
        self._session.touched()
        self.idleChanged.emit()

    @Slot(str)
    def setLanguage(self, language: str) -> None:  # noqa: N802
        self._language = "en" if language == "en" else "vi"
        if self._on_language is not None:
            self._on_language(self._language)
        self._do(self._session.touched)
        self.lookup.changed.emit()  # its texts are made in Python, in the language

    # --- properties the screens read ----------------------------------------------------
    def _get_screen(self) -> str:
        return self._session.screen.value

    screen = Property(str, _get_screen, notify=changed)

    def _get_language(self) -> str:
        return self._language

    language = Property(str, _get_language, notify=changed)

    def _get_hotline(self) -> str:
        return self._ports.receipt_context.hotline

    hotline = Property(str, _get_hotline, notify=changed)

    def _get_procedures(self) -> list[dict[str, object]]:
        found = search_procedures(self._session.catalogue.procedures, self._catalogue_query)
        return [self._procedure_view(p) for p in found]

    proceduresJson = Property(str, lambda self: _json(self._get_procedures()), notify=changed)  # noqa: N815

    def _get_procedure(self) -> dict[str, object]:
        p = self._session.procedure
        return self._procedure_view(p) if p else {}

    procedureJson = Property(str, lambda self: _json(self._get_procedure()), notify=changed)  # noqa: N815

    def _get_question(self) -> dict[str, object]:
        q = self._session.current_question
        if q is None:
            return {}
        number, total = self._session.progress
        options = q.options
        long_list = len(options) > LONG_LIST
        if long_list:
            options = tuple(c for c in options if matches(self._choice_query, self._t(c.label)))
        return {
            "id": q.id,
            "type": q.type.value,
            "label": self._t(q.label),
            "groupLabel": self._t(q.group_label) if q.group_label else "",
            "hint": self._t(q.hint) if q.hint else "",
            "value": self._display_value(q.id),
            "choices": [{"value": c.value, "label": self._t(c.label)} for c in options],
            "longList": long_list,
            "number": number,
            "total": total,
            "maxLength": q.max_length,
            "required": q.required,
            "document": self._t(q.document) if q.document else "",
            "photo": self._photo_url if self._photo_shown(q.id) else "",
            "photoSha": self._photo_sha(q.id),
        }

    questionJson = Property(str, lambda self: _json(self._get_question()), notify=changed)  # noqa: N815

    def _get_error(self) -> str:
        return self._t(self._session.error) if self._session.error else ""

    error = Property(str, _get_error, notify=changed)

    def _get_review_rows(self) -> list[dict[str, object]]:
        return [
            {
                "id": r.question_id,
                "label": self._t(r.label),
                "value": r.value,
                "changeable": r.changeable,
            }
            for r in self._session.review_rows(self._language)
        ]

    reviewRowsJson = Property(str, lambda self: _json(self._get_review_rows()), notify=changed)  # noqa: N815

    def _get_last_changed(self) -> str:
        return self._session.last_changed or ""

    lastChanged = Property(str, _get_last_changed, notify=changed)  # noqa: N815

    def _get_identity_source(self) -> str:
        source = self._session.identity_source
        return source.value if source else ""

    identitySource = Property(str, _get_identity_source, notify=changed)  # noqa: N815

    def _get_tracking_code(self) -> str:
        s = self._session.submission
        return s.tracking_code if s and self._session.screen is Screen.CONFIRMATION else ""

    trackingCode = Property(str, _get_tracking_code, notify=changed)  # noqa: N815

    def _get_fee_due(self) -> str:
        s = self._session.submission
        if s is None or self._session.screen is not Screen.CONFIRMATION:
            return ""
        if s.fee_vnd == 0:
            return self._t(Message("Thủ tục này không mất lệ phí.", "There is no fee."))
        return self._t(
            Message(
                f"Lệ phí: {self._money(s.fee_vnd)}. Cơ quan giải quyết sẽ báo cách nộp.",
                f"Fee: {self._money(s.fee_vnd)}. The office will tell you how to pay.",
            )
        )

    feeDue = Property(str, _get_fee_due, notify=changed)  # noqa: N815

    def _get_print_state(self) -> str:
        return self._print_state

    printState = Property(str, _get_print_state, notify=changed)  # noqa: N815

    def _get_printer_back(self) -> bool:
        return self._printer_back

    printerBack = Property(bool, _get_printer_back, notify=changed)  # noqa: N815

    def _get_receipt_image(self) -> str:
        return self._receipt_url if self._print_state == PrintState.FAILED else ""

    receiptImage = Property(str, _get_receipt_image, notify=changed)  # noqa: N815

    def _get_reader_state(self) -> str:
        return self._reader_state

    readerState = Property(str, _get_reader_state, notify=changed)  # noqa: N815

    def _get_chip_state(self) -> str:
        return self._chip_state

    chipState = Property(str, _get_chip_state, notify=changed)  # noqa: N815

    def _get_chip_person(self) -> str:
        """Name and masked ID number of the card read, for the resident to confirm."""
        if self._chip_read is None:
            return ""
        identity = self._chip_read[0]
        return _json(
            {
                "name": identity.full_name,
                "idMasked": mask_id_number(identity.id_number),
                "born": f"{identity.date_of_birth:%d/%m/%Y}",
                "face": self._face_url,
            }
        )

    chipPersonJson = Property(str, _get_chip_person, notify=changed)  # noqa: N815

    def _get_camera_live(self) -> bool:
        return self._camera_live

    cameraLive = Property(bool, _get_camera_live, notify=previewChanged)  # noqa: N815

    def _get_camera_frames(self) -> QObject:
        return self.camera_frames

    cameraFrames = Property(QObject, _get_camera_frames, constant=True)  # noqa: N815

    def _get_lookup(self) -> QObject:
        return self.lookup

    lookupView = Property(QObject, _get_lookup, constant=True)  # noqa: N815

    def _get_idle_countdown(self) -> int:
        left = self._session.idle_state().countdown_s
        return -1 if left is None else int(left + 0.999)

    idleCountdown = Property(int, _get_idle_countdown, notify=idleChanged)  # noqa: N815

    def view(self, name: str) -> Any:
        """What the screens get as ``<name>Json``, as Python data (for tests and the tour)."""
        getters: dict[str, Callable[[], Any]] = {
            "procedures": self._get_procedures,
            "procedure": self._get_procedure,
            "question": self._get_question,
            "reviewRows": self._get_review_rows,
        }
        return getters[name]()

    # --- internals ----------------------------------------------------------------------
    def _t(self, message: Message) -> str:
        return message.in_language(self._language).replace("Ông/Bà", KEEP_TOGETHER)

    def _procedure_view(self, p: Procedure) -> dict[str, object]:
        return {
            "code": p.code,
            "name": self._t(p.name),
            "summary": self._t(p.summary),
            "area": self._t(p.area_name),
            "fee": self._t(p.fee_note) if p.fee_vnd else "",
            "feeShort": self._fee_short(p),
            "feeVnd": p.fee_vnd,
            "processingTime": self._t(p.processing_time),
            "receivingOffice": self._t(p.receiving_office),
            "resultDelivery": self._t(p.result_delivery),
            "documents": [self._t(d) for d in p.documents],
        }

    def _money(self, amount: int) -> str:
        if amount == 0:
            return self._t(Message("miễn phí", "free"))
        return format_vnd(amount) if self._language == "vi" else f"{amount:,} VND"

    def _procedure_name(self, code: str) -> Message | None:
        procedure = self._session.catalogue.get(code)
        return procedure.name if procedure is not None else None

    def _fee_short(self, p: Procedure) -> str:
        """The fee in a few words for the catalogue; the intro page has the whole note."""
        text = self._money(p.fee_vnd)
        if p.fee_rules or p.page_fee:
            text += self._t(Message(" (tùy trường hợp)", " (depends on your case)"))
        return text

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
        return display_answer(q, value, self._language)

    def _do(self, event: Callable[[], object]) -> None:
        event()
        self._after_event()

    def _after_event(self) -> None:
        if self._session.screen is not Screen.IDENTIFY and self._chip_state != ChipState.IDLE:
            self._forget_chip()
        self._sync_camera()
        if self._session.question_id != self._question_shown:
            self._question_shown = self._session.question_id
            self._choice_query = ""  # a filter typed for one list means nothing for the next
            self._retaking = False
            photo = self._session.photo(self._question_shown or "")
            self._photo_url = self.photo_images.show(photo.content) if photo is not None else ""
            if photo is None:
                self.photo_images.clear()
        if self._session.screen is Screen.HOME:
            self._catalogue_query = ""
        if self._session.screen is not Screen.LOOKUP:
            self.lookup.clear()
        self.changed.emit()
        self.idleChanged.emit()

    def _wanted_camera(self) -> ScanTarget | None:
        screen = self._session.screen
        if screen is Screen.IDENTIFY:
            # With the card on the reader the chip is read instead: no QR code is acted on.
            chip_mode = self._reader_state == "card_present" or self._chip_state != ChipState.IDLE
            return None if chip_mode else ScanTarget.ID_CARD
        if screen is Screen.LOOKUP:
            return ScanTarget.RECEIPT if self.lookup.asking() else None
        question = self._session.current_question
        if (
            screen is Screen.QUESTION
            and question is not None
            and question.type is QuestionType.ATTACHMENT
            and not self._photo_shown(question.id)
        ):
            return ScanTarget.PAPER
        return None

    def _sync_camera(self) -> None:
        want = self._wanted_camera()
        if want == self._camera_mode:
            return
        if self._camera_mode is not None:
            self._stop_camera()
        if want is ScanTarget.PAPER:
            self._ports.photos.start_preview(self._store_preview)
        elif want is not None:
            self._ports.qr.start(self._qr_payload.emit, self._store_preview, want)
        if want is not None:
            self._camera_mode = want
            self._preview_timer.start()

    def _stop_camera(self) -> None:
        mode, self._camera_mode = self._camera_mode, None
        (self._ports.photos if mode is ScanTarget.PAPER else self._ports.qr).stop()
        self._preview_timer.stop()
        with self._preview_lock:
            self._newest_preview = None
        self.camera_frames.clear()
        self._camera_live = False
        self.previewChanged.emit()

    def _store_preview(self, preview: CameraPreview) -> None:
        """Called on the camera's thread: keep only the newest frame."""
        with self._preview_lock:
            self._newest_preview = preview

    def _show_newest_preview(self) -> None:
        with self._preview_lock:
            preview, self._newest_preview = self._newest_preview, None
        if preview is None or self._camera_mode is None:
            return
        self.camera_frames.show_rgb(preview.width, preview.height, preview.rgb)
        if not self._camera_live:
            self._camera_live = True
            self.previewChanged.emit()

    def _on_qr_payload(self, payload: str) -> None:
        if self._session.screen is Screen.LOOKUP:
            self._session.touched()
            self.lookup.scanned(payload)
            return
        if self._session.screen is not Screen.IDENTIFY:
            return
        result = parse_cccd_qr(payload)
        log.info(
            "qr read",
            extra={"event": "identify.qr", "accepted": not hasattr(result, "reason")},
        )
        self._do(lambda: self._session.card_read(result))

    def _read_chip(self, keys: ChipKeys) -> None:
        result = self._ports.chip.read(keys.id_number, keys.date_of_birth)
        self._chip_done.emit(result)

    def _on_chip_done(self, result: ChipRead | ChipReadFailure) -> None:
        if self._chip_state != ChipState.READING or self._session.screen is not Screen.IDENTIFY:
            return  # the resident moved on: a late read is never acted on
        self._chip_state = ChipState.IDLE
        if isinstance(result, ChipReadFailure):
            log.info("chip read failed", extra={"event": "identify.chip", "reason": result.value})
            self._session.error = CHIP_FAILURE_MESSAGES[result]
        else:
            identity = result.to_citizen_identity()
            log.info(
                "chip read",
                extra={"event": "identify.chip", "access": result.access, "ok": bool(identity)},
            )
            if identity is None:
                self._session.error = CHIP_DATA_INCOMPLETE
            else:
                self._chip_read = (identity, chip_evidence(result))
                self._face_url = self.face_images.show(result.face_jpeg) if result.face_jpeg else ""
                self._chip_state = ChipState.CONFIRM
        self._after_event()

    def catalogue_arrived(self, catalogue: Catalogue) -> None:
        """A new catalogue (from any thread): for the next procedure chosen. A resident
        already filling a form keeps the procedure they chose."""
        self._catalogue_arrived.emit(catalogue)

    def _on_catalogue(self, catalogue: Catalogue) -> None:
        self._session.catalogue = catalogue
        self.changed.emit()

    def _on_reader_changed(self, state: str) -> None:
        if state == self._reader_state:
            return
        self._reader_state = state
        log.info("card reader", extra={"event": "reader.state", "state": state})
        self._after_event()

    def _forget_chip(self) -> None:
        self._chip_state = ChipState.IDLE
        self._chip_read = None
        self._face_url = ""
        self.face_images.clear()

    def _queue_in_background(self, submission: Submission, files: dict[str, bytes]) -> None:
        try:
            self._ports.queue.queue(submission, files)
        except QueueUnavailableError:
            log.exception("queue failed", extra={"event": "submit.queue_failed"})
            self._queued.emit(submission.local_id, False)
            return
        self._queued.emit(submission.local_id, True)

    def _on_queued(self, local_id: str, ok: bool) -> None:
        submission = self._session.submission
        if submission is None or submission.local_id != local_id:
            return
        if not ok:
            self._do(lambda: self._session.submit_failed(QUEUE_FAILED))
            return
        log.info(
            "submission queued",
            extra={"event": "submit.queued", "tracking_code": submission.tracking_code},
        )
        self._do(self._session.submitted)
        self._print(submission)

    def _print(self, submission: Submission) -> None:
        procedure = self._session.procedure
        assert procedure is not None
        receipt = build_receipt(submission, procedure, self._ports.receipt_context)
        self._print_state = PrintState.PRINTING
        self.changed.emit()

        def work() -> None:
            ok = self._ports.printer.print_receipt(receipt)
            # When paper fails, the screen shows the receipt instead: render it here, off
            # the GUI thread.
            picture = None if ok else self._ports.printer.picture(receipt)
            self._printed.emit(submission.local_id, ok, picture)

        threading.Thread(target=work, name="print", daemon=True).start()

    def _on_printed(self, local_id: str, ok: bool, picture: bytes | None) -> None:
        submission = self._session.submission
        if submission is None or submission.local_id != local_id:
            return
        self._print_state = PrintState.PRINTED if ok else PrintState.FAILED
        self._printer_back = False
        if picture is not None:
            self._receipt_url = self.receipt_images.show(picture)
            self._printer_watch.start()
        else:
            self._printer_watch.stop()
        log.info("receipt", extra={"event": "receipt.printed" if ok else "receipt.failed"})
        self.changed.emit()

    def _ask_printer(self) -> None:
        threading.Thread(
            target=lambda: self._printer_ready.emit(self._ports.printer.ready()),
            name="printer-status",
            daemon=True,
        ).start()

    def _on_printer_ready(self, ready: bool) -> None:
        if self._print_state != PrintState.FAILED or ready == self._printer_back:
            return
        self._printer_back = ready
        self.changed.emit()

    def _forget_pictures(self) -> None:
        """The session ended: the photos of papers and the receipt leave memory."""
        self._photo_url = ""
        self.photo_images.clear()
        self._printer_watch.stop()
        self._print_state = PrintState.IDLE
        self._printer_back = False
        self._receipt_url = ""
        self.receipt_images.clear()

    def _check_idle(self) -> None:
        if self._session.expire_if_idle():
            self._forget_pictures()
            self._after_event()
        elif self._session.idle_state().countdown_s is not None:
            self.idleChanged.emit()  # only the countdown: the screens are not rebuilt

    def shutdown(self) -> None:
        """Stop the timer and the camera (at exit)."""
        self._idle_timer.stop()
        self._printer_watch.stop()
        self._ports.chip.stop()
        if self._camera_mode is not None:
            self._stop_camera()
