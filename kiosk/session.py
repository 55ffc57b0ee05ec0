"""The resident's session at the kiosk: an explicit state machine, free of any screen.

Every screen the resident can be on is a :class:`Screen`; every action they can take is a
method. The UI renders ``screen`` and the data beside it, and calls the methods. Time comes
from an injected clock, so inactivity is tested without waiting: the inactivity countdown and
how long a visit took on its monotonic clock (a wall clock set back or forward changes
neither), dates (today, for a date of birth; the submission's time) on its wall clock.

Two smaller machines ride along and are wiped with the session: reading the ID card's chip
(:class:`~kiosk.chip_reading.ChipReading`, forgotten as soon as the resident leaves the
identify screen) and printing the receipt (:class:`~kiosk.receipt_printing.ReceiptPrinting`).
What the camera reads is routed by screen here too (:meth:`KioskSession.qr_read`).

The operators' audit trail (:mod:`kiosk.audit`) hears of each procedure begun, completed or
abandoned (and why), each submission queued or not, and each receipt printed or not; never of
what the resident typed or showed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from kiosk.answers import PHOTO_NEEDED, Invalid, check_answer, display_answer
from kiosk.applicant import IDENTITY_VALUE, answer_conflict, card_facts
from kiosk.audit import NO_AUDIT, AbandonReason, AuditEvent, AuditTrail
from kiosk.cccd_qr import CitizenIdentity, QrRejection, mask_id_number, parse_cccd_qr
from kiosk.chip_data import ChipReadResult
from kiosk.chip_reading import ChipPerson, ChipReading, ChipRequest
from kiosk.clock import Clock
from kiosk.display import STANDARD_DISPLAY, Display
from kiosk.fee_payment import FeePayment
from kiosk.kiosk_address import KioskAddress
from kiosk.procedures import (
    Catalogue,
    Condition,
    IdentityField,
    Procedure,
    Question,
    QuestionType,
)
from kiosk.receipt_printing import ReceiptPrinting
from kiosk.result_choices import DELIVERY_LABEL, NOTIFY_DECLINED, NOTIFY_LABEL, notify_text
from kiosk.result_delivery import (
    DELIVERY_TEXT,
    DeliveryChoiceError,
    DeliveryMethod,
    NotificationChannel,
    NotificationConsent,
    ResultDelivery,
)
from kiosk.submission import Submission, new_tracking_code, new_ulid
from kiosk.text import Message

IDLE_WARNING_AFTER_S = 90.0
"""Seconds without a touch before the "are you still there?" countdown appears."""
IDLE_COUNTDOWN_S = 30.0
"""Seconds the countdown runs before the session is wiped."""
CORRECTABLE_FROM_CARD = (IdentityField.ADDRESS,)
"""Card facts the resident may correct on the check page (Change): the permanent address,
which the card keeps when its holder moves and which names the wards before 1 July 2025.
The name, ID number, birth date and sex are the card's signed facts: never asked, never
changed here. A correction goes as an answer; the applicant keeps the card's value."""


class Screen(StrEnum):
    """Every screen of the resident's journey."""

    HOME = "home"
    CATALOGUE = "catalogue"
    INTRO = "intro"
    CONSENT = "consent"
    IDENTIFY = "identify"
    QUESTION = "question"
    REVIEW = "review"
    SUBMITTING = "submitting"
    CONFIRMATION = "confirmation"
    LOOKUP = "lookup"
    DELIVERY = "delivery"
    """How to receive the result (only when the procedure offers a choice)."""
    NOTIFY = "notify"
    """Being told of the dossier's progress by SMS or Zalo (when the procedure offers it)."""


class QrOutcome(StrEnum):
    """What a QR code the camera read came to, by the screen it was read on."""

    FOR_LOOKUP = "for_lookup"
    """The look-up screen: a receipt's code, for the look-up to read."""
    ID_CARD = "id_card"
    NOT_AN_ID_CARD = "not_an_id_card"
    IGNORED = "ignored"
    """Any other screen: a code held up there means nothing."""


class IdentitySource(StrEnum):
    """Where the resident's identity came from."""

    CARD_QR = "cccd_qr"
    CARD_CHIP = "cccd_chip"
    TYPED = "typed"


@dataclass(frozen=True)
class Photo:
    """A photo of a paper, with its SHA-256 (worked out once: the answer and the screen use
    it again and again)."""

    content: bytes = field(repr=False)
    sha256: str

    @classmethod
    def of(cls, content: bytes) -> Photo:
        import hashlib  # here: not loaded before the home screen's first frame

        return cls(content, hashlib.sha256(content).hexdigest())


MAX_PAGES = 10
"""Pages one paper may have (a contract runs to a few; the portal limits the file's size)."""

TOO_MANY_PAGES = Message(
    f"Mỗi giấy tờ chụp tối đa {MAX_PAGES} trang. Ông/Bà vui lòng bấm «Tiếp tục».",
    f"A paper can have at most {MAX_PAGES} pages. Please press “Continue”.",
)


def pages_taken(count: int) -> Message:
    """How many pages of a paper were photographed, as the check page says it."""
    return Message(f"Đã chụp {count} trang", f"{count} page{'s' if count != 1 else ''} taken")


@dataclass(frozen=True)
class PaperStatus:
    """A paper the application asks for, and how many of its pages were taken."""

    question_id: str
    name: Message
    pages: int
    required: bool


@dataclass(frozen=True)
class IdleState:
    """How long the resident has been away: ``countdown_s`` is None while they are active."""

    countdown_s: float | None
    expired: bool = False


@dataclass(frozen=True)
class ReviewRow:
    """One line of the check-your-answers page."""

    question_id: str
    label: Message
    value: str
    changeable: bool


NOT_AN_ID_CARD = Message(
    "Đây không phải mã QR trên thẻ căn cước. Ông/Bà vui lòng đưa mặt sau của thẻ căn cước "
    "vào trước camera.",
    "This is not the QR code of a citizen ID card. Please hold the back of your ID card "
    "to the camera.",
)

DELIVERY_ROW = "result_delivery"
"""The check page's row of the delivery choice (its Change opens the choice)."""
NOTIFY_ROW = "notification"
"""The check page's row of the notification offer."""
_CHOICE_SCREENS = {DELIVERY_ROW: Screen.DELIVERY, NOTIFY_ROW: Screen.NOTIFY}

_BACK: dict[Screen, Screen] = {
    Screen.CATALOGUE: Screen.HOME,
    Screen.INTRO: Screen.CATALOGUE,
    Screen.CONSENT: Screen.INTRO,
    Screen.IDENTIFY: Screen.CONSENT,
    Screen.LOOKUP: Screen.HOME,
}


@dataclass
class SessionCounts:
    """How many visits went how, since the kiosk started (no one's data: counts only).

    Kept on the session and never wiped with it; ints written on the screen's thread and
    read whole from any other."""

    started: int = 0
    """Procedures begun (Home → choose a procedure); the look-up is not one."""
    completed: int = 0
    """Procedures that ended with the submission queued."""
    abandoned: int = 0
    """Procedures that ended without one: Finish, declined consent, inactivity."""
    submissions: int = 0
    """Submissions frozen for queuing (each try, including one the outbox refused)."""


@dataclass
class KioskSession:
    """One resident's visit, from the home screen to the confirmation.

    Nothing personal survives :meth:`finish` or an expired inactivity countdown.
    """

    catalogue: Catalogue
    clock: Clock
    """The wall clock for dates, its :meth:`~kiosk.clock.Clock.monotonic` for the timers."""
    kiosk_id: str
    idle_warning_after_s: float = IDLE_WARNING_AFTER_S
    idle_countdown_s: float = IDLE_COUNTDOWN_S
    screen: Screen = Screen.HOME
    procedure: Procedure | None = None
    identity: CitizenIdentity | None = None
    identity_source: IdentitySource | None = None
    answers: dict[str, str] = field(default_factory=dict)
    question_id: str | None = None
    returning_to_review: bool = False
    error: Message | None = None
    submission: Submission | None = None
    last_activity: datetime | None = None
    """When (wall clock) the resident last did something; the countdown does not use it."""
    last_changed: str | None = None
    """The question last opened with Change, so the check page can show it again."""
    evidence: dict[str, str] = field(default_factory=dict)
    """What the chip gave as proof of the identity (EF.SOD and data groups), for the portal."""
    qr_person: CitizenIdentity | None = None
    """The ID card whose QR code was read, until the resident says it is theirs."""
    photos: dict[str, Photo] = field(default_factory=dict)
    """The file of each paper (a PDF of its pages) by attachment question id: in memory
    until queued, then wiped."""
    papers: dict[str, list[Photo]] = field(default_factory=dict)
    """The pages photographed for each paper question, in order (memory only)."""
    chip: ChipReading = field(default_factory=ChipReading)
    """Reading the card's chip on the identify screen."""
    audit: AuditTrail = field(default=NO_AUDIT, repr=False)
    """The operators' audit trail (nothing personal goes to it)."""
    kiosk_address: KioskAddress | None = None
    """The building and ward the kiosk stands in: what a question marked
    ``prefill = "kiosk_address"`` starts with (:meth:`default_answer`)."""
    retention_days: int | None = None
    """``[outbox] retention_days``: how long the kiosk keeps a dossier's personal data after
    the portal accepted it, as the consent screen tells the resident (None: not known yet,
    before the back-end is up; the root sets it)."""
    receipt: ReceiptPrinting = field(init=False)
    """Printing the receipt of the submission, on the confirmation screen."""
    counts: SessionCounts = field(default_factory=SessionCounts)
    display: Display = STANDARD_DISPLAY
    """The text size and contrast the resident chose (:meth:`choose_display`): kept from
    the home screen into the procedure, back to standard when the session is closed."""
    """Visits started, completed and abandoned since the kiosk started (survives wiping)."""
    delivery: ResultDelivery | None = None
    """How the resident chose to receive the result (a postal address: personal data)."""
    notification: NotificationConsent | None = None
    """The resident's consent to SMS or Zalo news, with the number (personal data)."""
    notify_answered: bool = False
    """The resident answered the notification offer (consented or declined)."""
    payment: FeePayment = field(default_factory=FeePayment)
    """Paying the fee by VietQR, on the confirmation screen."""
    _in_procedure: bool = field(default=False, init=False, repr=False)
    """A procedure was started and has not yet been completed or abandoned."""
    _started_at: float | None = field(default=None, init=False, repr=False)
    """When the open procedure began, monotonic clock (for how long a visit took)."""
    _active_at: float | None = field(default=None, init=False, repr=False)
    """When the resident last did something, monotonic clock (for the countdown)."""

    def __post_init__(self) -> None:
        self.receipt = ReceiptPrinting(self.audit)

    # --- navigation -------------------------------------------------------------------
    def start(self) -> None:
        """Home → choose a procedure."""
        self._end_procedure(AbandonReason.LEFT)
        self._wipe()
        self.counts.started += 1
        self._in_procedure = True
        self._started_at = self.clock.monotonic()
        self.audit.record(AuditEvent.SESSION_STARTED)
        self._go(Screen.CATALOGUE)

    def look_up(self) -> None:
        """Home → look up a dossier by the tracking code on a receipt."""
        self._end_procedure(AbandonReason.LEFT)
        self._wipe()
        self._go(Screen.LOOKUP)

    def choose_procedure(self, code: str) -> None:
        """Catalogue → what you need for this procedure."""
        self._expect(Screen.CATALOGUE)
        procedure = self.catalogue.get(code)
        if procedure is None:
            raise ValueError(f"unknown procedure {code!r}")
        self.procedure = procedure
        self._go(Screen.INTRO)

    def begin(self) -> None:
        """Intro → consent to reading the ID card."""
        self._expect(Screen.INTRO)
        self._go(Screen.CONSENT)

    def consent(self, agreed: bool) -> None:
        """Consent → identify; declining ends the session without keeping anything."""
        self._expect(Screen.CONSENT)
        if agreed:
            self._go(Screen.IDENTIFY)
        else:
            self._close(AbandonReason.DECLINED)

    def card_read(self, result: CitizenIdentity | QrRejection) -> None:
        """A QR code was read on the identify screen: go on if it is an ID card."""
        if self.screen is not Screen.IDENTIFY:
            return  # a late read after the resident moved on is ignored, never acted on
        if isinstance(result, QrRejection):
            self.error = NOT_AN_ID_CARD
            self._touch()
            return
        self.evidence = {}
        self._identified(result, IdentitySource.CARD_QR)

    def chip_read(self, identity: CitizenIdentity, evidence: dict[str, str]) -> None:
        """The resident confirmed the identity read from the card's chip: go on.

        ``evidence`` (the raw EF.SOD and data groups, base64) travels to the portal with the
        submission, which can check the signature the kiosk cannot."""
        self._expect(Screen.IDENTIFY)
        self.evidence = dict(evidence)
        self._identified(identity, IdentitySource.CARD_CHIP)

    def _identified(self, identity: CitizenIdentity, source: IdentitySource) -> None:
        self.identity = identity
        self.identity_source = source
        self.answers = {k: v for k, v in self.answers.items() if not self._known(k)}
        self._next_question(after=None)

    def qr_read(self, payload: str) -> QrOutcome:
        """The camera read a QR code. On the identify screen an ID card's waits for the
        resident to say it is theirs (:meth:`confirm_qr`, as after a chip read); on the
        look-up screen it is the caller's to look up; elsewhere, or when the resident has
        moved on, or while a card read waits to be confirmed, it is ignored."""
        if self.screen is Screen.LOOKUP:
            self._touch()
            return QrOutcome.FOR_LOOKUP
        if self.screen is not Screen.IDENTIFY or self.qr_person is not None:
            return QrOutcome.IGNORED
        result = parse_cccd_qr(payload)
        if isinstance(result, QrRejection):
            self.card_read(result)
            return QrOutcome.NOT_AN_ID_CARD
        self.qr_person = result
        self.error = None
        self._touch()
        return QrOutcome.ID_CARD

    def confirm_qr(self) -> None:
        """The resident said the card whose QR code was read is theirs ("Đúng"): go on."""
        person, self.qr_person = self.qr_person, None
        if person is not None:
            self.card_read(person)

    def cancel_qr(self) -> None:
        """The card read is not the resident's ("Không phải tôi"): forget it, look again."""
        self.qr_person = None
        self._touch()

    def read_chip(self, id_text: str, birth_text: str) -> ChipRequest | None:
        """Identify, the card on the reader: open its chip with the typed ID number and birth
        date. The read to run (it blocks: run it off the screen's thread, then give the result
        to :meth:`chip_done`), or None: the keys are wrong (``error`` says why), or a read is
        already under way, or the resident is elsewhere."""
        if self.screen is not Screen.IDENTIFY:
            return None
        begun = self.chip.begin(id_text, birth_text, self.clock().date())
        if begun is None:
            return None
        self.error = begun if isinstance(begun, Message) else None
        self._touch()
        return begun if isinstance(begun, ChipRequest) else None

    def chip_done(
        self, request: ChipRequest, result: ChipReadResult
    ) -> ChipPerson | Message | None:
        """The read asked for ended: the person, for the resident to confirm; or what went
        wrong (also in ``error``); or None when the resident has moved on (a late read is
        never acted on)."""
        if self.screen is not Screen.IDENTIFY:
            return None
        outcome = self.chip.finish(request, result)
        if isinstance(outcome, Message):
            self.error = outcome
        return outcome

    def confirm_chip(self) -> None:
        """The resident recognised the face and name the chip gave: go on with them."""
        person = self.chip.confirm()
        if person is not None:
            self.chip_read(person.identity, person.evidence)

    def cancel_chip(self) -> None:
        """The resident said the person read is not them: forget it; a card may be read
        again."""
        self.chip.forget()
        self._touch()

    def type_instead(self) -> None:
        """Identify → type the ID details as questions instead of reading the card."""
        self._expect(Screen.IDENTIFY)
        self.identity = None
        self.identity_source = IdentitySource.TYPED
        self.evidence = {}
        self._next_question(after=None)

    def add_page(self, content: bytes, replacing: int | None = None) -> bool:
        """A page photographed (straightened and cleaned) for the current paper question:
        added after the others, or in place of page ``replacing`` (from 0). False, with the
        error said, when the paper already has :data:`MAX_PAGES` pages. The paper's file is
        made again from its pages when the resident goes on (:meth:`attach_document`)."""
        question = self._paper_question()
        pages = self.papers.setdefault(question.id, [])
        page = Photo.of(content)
        if replacing is not None and 0 <= replacing < len(pages):
            pages[replacing] = page
        elif len(pages) >= MAX_PAGES:
            self.error = TOO_MANY_PAGES
            self._touch()
            return False
        else:
            pages.append(page)
        self._pages_changed(question.id)
        return True

    def delete_page(self, index: int) -> None:
        """Take page ``index`` (from 0) out of the current paper."""
        question = self._paper_question()
        pages = self.papers.get(question.id, [])
        if 0 <= index < len(pages):
            del pages[index]
            self._pages_changed(question.id)

    def pages(self, question_id: str) -> list[Photo]:
        """The pages photographed for a paper question, in order."""
        return list(self.papers.get(question_id, []))

    def attach_document(self, content: bytes) -> str:
        """The current paper's file (one PDF of its pages); its SHA-256, the answer to give."""
        question = self._paper_question()
        photo = self.photos[question.id] = Photo.of(content)
        self.error = None
        self._touch()
        return photo.sha256

    def papers_status(self) -> list[PaperStatus]:
        """Each paper the application asks for (of the questions that apply), with the
        pages taken so far: what the check page lists, the missing ones first to see."""
        if self.procedure is None:
            return []
        return [
            PaperStatus(q.id, q.document or q.label, len(self.papers.get(q.id, [])), q.required)
            for q in self.visible_questions
            if q.type is QuestionType.ATTACHMENT
        ]

    def photo(self, question_id: str) -> Photo | None:
        """The file made of a paper's pages (the answer's), if it was made."""
        return self.photos.get(question_id)

    def answer(self, raw: str) -> Invalid | None:
        """Answer the current question; on success move on, else stay and say why."""
        self._expect(Screen.QUESTION)
        question = self.current_question
        assert question is not None and self.procedure is not None
        result = check_answer(question, raw, self.clock().date())
        if (
            question.type is QuestionType.ATTACHMENT
            and isinstance(result, str)
            and result
            and not self._photo_is(question.id, result)
        ):
            result = Invalid(PHOTO_NEEDED)
        if not isinstance(result, Invalid):
            conflict = answer_conflict(
                self.procedure, self.identity, self.answers, question, result, self.clock().date()
            )
            if conflict is not None:
                result = Invalid(conflict)
        if isinstance(result, Invalid):
            self.error = result.message
            self._touch()
            return result
        self.answers[question.id] = result
        if self.returning_to_review:
            self._next_unanswered_or_review()
        else:
            self._next_question(after=question.id)
        return None

    def back(self) -> None:
        """One step back; answers are never lost by going back."""
        if self.screen is Screen.QUESTION:
            if self.returning_to_review:
                self._go(Screen.REVIEW)
                return
            visible = self.visible_questions
            index = [q.id for q in visible].index(self.question_id or "")
            if index > 0:
                self._ask(visible[index - 1].id)
            else:
                self._go(Screen.IDENTIFY)
        elif self.screen in (Screen.REVIEW, Screen.NOTIFY, Screen.DELIVERY):
            self._back_from_result_choices()
        elif self.screen in _BACK:
            self._go(_BACK[self.screen])

    def change(self, question_id: str) -> None:
        """Review → that question (or the delivery or notification choice, by their rows'
        ids), then straight back to the review."""
        self._expect(Screen.REVIEW)
        if question_id in _CHOICE_SCREENS:
            self._go(_CHOICE_SCREENS[question_id])
        else:
            self._ask(question_id)
        self.returning_to_review = True
        self.last_changed = question_id

    def submit(self) -> Submission:
        """Review → submitting: the frozen submission, for the caller to queue."""
        self._expect(Screen.REVIEW)
        assert self.procedure is not None
        now = self.clock()
        applicant, answers = self._split_answers()
        attachments = tuple(
            self.answers[q.id]
            for q in self.visible_questions
            if q.type is QuestionType.ATTACHMENT and self.answers.get(q.id)
        )
        self.counts.submissions += 1
        self.submission = Submission(
            attachments=attachments,
            identity_evidence=dict(self.evidence),
            fee_vnd=self.procedure.fee_for(
                {q.id: self.answers.get(q.id, "") for q in self.visible_questions}
            ),
            local_id=new_ulid(now),
            tracking_code=new_tracking_code(),
            procedure_code=self.procedure.code,
            procedure_version=self.procedure.version,
            kiosk_id=self.kiosk_id,
            created_at=now,
            applicant=applicant,
            answers=answers,
            result_delivery=self._chosen_delivery(),
            notification=self.notification,
        )
        self._go(Screen.SUBMITTING)
        return self.submission

    def submitted(self) -> None:
        """The submission is safely queued: show the confirmation."""
        self._expect(Screen.SUBMITTING)
        submission = self.submission
        assert submission is not None
        self.audit.record(
            AuditEvent.SUBMISSION_QUEUED,
            submission=submission.local_id,
            procedure=submission.procedure_code,
            procedure_version=submission.procedure_version,
            count=len(submission.attachments),
        )
        if self._in_procedure:
            self._in_procedure = False
            self.counts.completed += 1
            self.audit.record(
                AuditEvent.SESSION_COMPLETED,
                procedure=submission.procedure_code,
                duration_s=self._visit_seconds(),
            )
        self._go(Screen.CONFIRMATION)

    def submit_failed(self, message: Message) -> None:
        """Queuing failed: back to the review, with what happened and what to do."""
        self._expect(Screen.SUBMITTING)
        self.audit.record(
            AuditEvent.SUBMISSION_QUEUE_FAILED,
            procedure=self.procedure.code if self.procedure else None,
        )
        self.submission = None
        self._go(Screen.REVIEW)
        self.error = message

    def finish(self) -> None:
        """Wipe everything and return home."""
        self._close(AbandonReason.FINISHED)

    def start_over(self) -> None:
        """Start over ("Làm lại từ đầu"), confirmed: wipe everything, as Finish does; home."""
        self._close(AbandonReason.STARTED_OVER)

    def make_way_for_technician(self) -> None:
        """A technician signed in on the kiosk: wipe everything and return home (an open
        procedure is abandoned for ``technician``)."""
        self._close(AbandonReason.TECHNICIAN)

    def choose_display(self, display: Display) -> None:
        """The resident chose a text size or contrast: it lasts until the session is wiped
        by Finish, start over, inactivity or a technician (not by Start on the home screen)."""
        self.display = display
        self._touch()

    # --- how the result is received, and news of it ---------------------------------------
    @property
    def delivery_methods(self) -> tuple[DeliveryMethod, ...]:
        """The ways the procedure offers to receive the result, the default first."""
        return self.procedure.delivery_methods if self.procedure is not None else ()

    def delivery_address(self) -> str:
        """What the postal address starts as: the one chosen before, else the address on the
        card (as corrected on the check page), else the kiosk's building."""
        if self.delivery is not None and self.delivery.postal_address:
            return self.delivery.postal_address
        if self.identity is not None:
            corrected = [
                self.answers[q.id]
                for q in (self.procedure.questions if self.procedure else ())
                if q.identity is IdentityField.ADDRESS and self.answers.get(q.id)
            ]
            return corrected[0] if corrected else self.identity.address
        return self.kiosk_address.line() if self.kiosk_address is not None else ""

    def choose_delivery(self, method: DeliveryMethod, postal_address: str = "") -> bool:
        """Delivery → how the result is received; on to the notification offer or the check
        page. False, with ``error`` said, when a postal address is missing or too long."""
        self._expect(Screen.DELIVERY)
        if method not in self.delivery_methods:
            raise ValueError(f"{method} is not offered")
        try:
            address = postal_address if method is DeliveryMethod.POST else ""
            self.delivery = ResultDelivery(method, address)
        except DeliveryChoiceError as exc:
            self.error = exc.message
            self._touch()
            return False
        notify = self.procedure is not None and self.procedure.notify
        # On to the news offer (again, when walking back through it), unless this was a
        # change from the check page.
        self._go(Screen.NOTIFY if notify and not self.returning_to_review else Screen.REVIEW)
        return True

    def notification_phone(self) -> str:
        """What the mobile number starts as: the one given before, else a phone number
        answered in the form."""
        if self.notification is not None:
            return self.notification.phone
        for q in self.visible_questions:
            if q.type is QuestionType.PHONE and self.answers.get(q.id):
                return self.answers[q.id]
        return ""

    def agree_to_notify(self, channel: NotificationChannel, phone: str) -> bool:
        """Notify → the resident agreed to news by ``channel`` at ``phone`` (consent recorded
        now); on to the check page. False, with ``error`` said, for a number that is not a
        Vietnamese mobile one."""
        self._expect(Screen.NOTIFY)
        try:
            self.notification = NotificationConsent(channel, phone, self.clock())
        except DeliveryChoiceError as exc:
            self.error = exc.message
            self._touch()
            return False
        self.notify_answered = True
        self._go(Screen.REVIEW)
        return True

    def decline_to_notify(self) -> None:
        """Notify → "Không, cảm ơn": no number kept, nothing sent; on to the check page."""
        self._expect(Screen.NOTIFY)
        self.notification = None
        self.notify_answered = True
        self._go(Screen.REVIEW)

    def _delivery_asked(self) -> bool:
        methods = self.delivery_methods
        return len(methods) > 1 or methods == (DeliveryMethod.POST,)

    def _chosen_delivery(self) -> ResultDelivery | None:
        if self.delivery is not None:
            return self.delivery
        if self.delivery_methods and not self._delivery_asked():
            return ResultDelivery(self.delivery_methods[0])
        return None

    def _after_questions(self) -> None:
        """The questions are answered: the delivery choice and the notification offer not
        yet answered, then the check page."""
        if self._delivery_asked() and self.delivery is None:
            self._go(Screen.DELIVERY)
        elif self.procedure is not None and self.procedure.notify and not self.notify_answered:
            self._go(Screen.NOTIFY)
        else:
            self._go(Screen.REVIEW)

    def _back_from_result_choices(self) -> None:
        """Back from the check page, the notification offer or the delivery choice: the
        step before it (a change made from the check page goes back to it)."""
        if self.screen is not Screen.REVIEW and self.returning_to_review:
            self._go(Screen.REVIEW)
            return
        notify = self.procedure is not None and self.procedure.notify
        if self.screen is Screen.REVIEW and notify:
            self._go(Screen.NOTIFY)
        elif self.screen is not Screen.DELIVERY and self._delivery_asked():
            self._go(Screen.DELIVERY)
        else:
            visible = self.visible_questions
            if visible:
                self._ask(visible[-1].id)
            else:
                self._go(Screen.IDENTIFY)

    # --- time -------------------------------------------------------------------------
    def touched(self) -> None:
        """The resident touched the screen: they are still here."""
        self._touch()

    def idle_state(self) -> IdleState:
        """Whether to show the inactivity countdown, or wipe the session now."""
        if self.screen in (Screen.HOME, Screen.SUBMITTING) or self._active_at is None:
            return IdleState(None)
        idle = self.clock.monotonic() - self._active_at
        if idle < self.idle_warning_after_s:
            return IdleState(None)
        left = self.idle_warning_after_s + self.idle_countdown_s - idle
        return IdleState(max(left, 0.0), expired=left <= 0)

    def expire_if_idle(self) -> bool:
        """Wipe the session if the countdown has run out; True when it did."""
        if self.idle_state().expired:
            self._close(AbandonReason.IDLE)
            return True
        if self._display_left_on_home():
            self.display = STANDARD_DISPLAY  # chosen on the home screen, then walked away
            return True
        return False

    def _display_left_on_home(self) -> bool:
        """A text size or contrast chosen on the home screen, untouched for as long as the
        countdown would have run out on any other screen (no countdown shows at home)."""
        if self.screen is not Screen.HOME or self.display == STANDARD_DISPLAY:
            return False
        if self._active_at is None:
            return False
        idle = self.clock.monotonic() - self._active_at
        return idle >= self.idle_warning_after_s + self.idle_countdown_s

    # --- what the screens show ----------------------------------------------------------
    @property
    def visible_questions(self) -> list[Question]:
        """The questions to ask, in order: not known from the card, conditions met."""
        if self.procedure is None:
            return []
        return [q for q in self.procedure.questions if self._shown(q)]

    @property
    def current_question(self) -> Question | None:
        """The question on screen, if any."""
        if self.procedure is None or self.question_id is None:
            return None
        return self.procedure.question(self.question_id)

    @property
    def progress(self) -> tuple[int, int]:
        """(number of the current question, how many there are), for "Câu 3/7"."""
        ids = [q.id for q in self.visible_questions]
        number = ids.index(self.question_id) + 1 if self.question_id in ids else 0
        return number, len(ids)

    def office_of(self, procedure: Procedure) -> Message:
        """Where ``procedure``'s dossier goes: named after the kiosk's ward once this
        session's answers (those submitted, after the submission) place the matter there."""
        if self.procedure is not procedure:
            return procedure.receiving_office
        ward = self.kiosk_address.ward_name if self.kiosk_address is not None else ""
        answers = self.submission.answers if self.submission is not None else self.answers
        return procedure.office_for({k: str(v) for k, v in answers.items()}, ward)

    def default_answer(self, question_id: str) -> str:
        """What the question's field starts with while the resident has not answered it:
        the kiosk's own address for a question marked ``prefill = "kiosk_address"``, else
        empty (and empty once answered). Only a suggestion: nothing is answered until the
        resident confirms it."""
        if self.procedure is None or self.kiosk_address is None or question_id in self.answers:
            return ""
        return self.kiosk_address.answer_for(self.procedure.question(question_id))

    def review_rows(self, language: str) -> list[ReviewRow]:
        """Every fact the application will carry, card data first, ID number masked."""
        if self.procedure is None:
            return []
        rows = []
        for q in self.procedure.questions:
            card_field = self._card_field(q)
            label = q.label
            if q.group_label is not None:
                label = Message(
                    f"{q.group_label.vi} — {q.label.vi}", f"{q.group_label.en} — {q.label.en}"
                )
            if card_field is not None:
                assert self.identity is not None
                value = IDENTITY_VALUE[card_field](self.identity)
                if card_field is IdentityField.ID_NUMBER:
                    value = mask_id_number(value)
                correctable = card_field in CORRECTABLE_FROM_CARD
                if correctable and self.answers.get(q.id):
                    value = self.answers[q.id]  # the resident corrected the card's
                rows.append(
                    ReviewRow(
                        q.id, label, display_answer(q, value, language), changeable=correctable
                    )
                )
            elif self._shown(q):
                value = self.answers.get(q.id, "")
                shown = display_answer(q, value, language)
                if q.type is QuestionType.ATTACHMENT and value:
                    shown = pages_taken(len(self.papers.get(q.id, []))).in_language(language)
                rows.append(ReviewRow(q.id, label, shown, changeable=True))
        return rows + self._choice_rows(language)

    def _choice_rows(self, language: str) -> list[ReviewRow]:
        """The check page's rows of the delivery choice and the notification offer."""
        rows = []
        if self._delivery_asked() and self.delivery is not None:
            value = DELIVERY_TEXT[self.delivery.method].in_language(language)
            if self.delivery.postal_address:
                value += f": {self.delivery.postal_address}"
            rows.append(ReviewRow(DELIVERY_ROW, DELIVERY_LABEL, value, changeable=True))
        if self.procedure is not None and self.procedure.notify and self.notify_answered:
            consent = self.notification
            value = (
                notify_text(consent.channel, consent.phone).in_language(language)
                if consent is not None
                else NOTIFY_DECLINED.in_language(language)
            )
            rows.append(ReviewRow(NOTIFY_ROW, NOTIFY_LABEL, value, changeable=True))
        return rows

    def submission_files(self) -> dict[str, bytes]:
        """The photos the frozen submission refers to, by SHA-256, for the queue to store."""
        if self.submission is None:
            return {}
        by_hash = {p.sha256: p.content for p in self.photos.values()}
        return {sha: by_hash[sha] for sha in self.submission.attachments}

    # --- internals ----------------------------------------------------------------------
    def _paper_question(self) -> Question:
        self._expect(Screen.QUESTION)
        question = self.current_question
        assert question is not None and question.type is QuestionType.ATTACHMENT
        return question

    def _pages_changed(self, question_id: str) -> None:
        # The file made of the old pages, and the answer naming it, no longer hold.
        self.photos.pop(question_id, None)
        self.answers.pop(question_id, None)
        self.error = None
        self._touch()

    def _photo_is(self, question_id: str, sha256: str) -> bool:
        photo = self.photos.get(question_id)
        return photo is not None and photo.sha256 == sha256

    def _known(self, question_id: str) -> bool:
        if self.procedure is None:
            return False
        return self._card_field(self.procedure.question(question_id)) is not None

    def _card_field(self, q: Question) -> IdentityField | None:
        """The card fact that answers ``q``, when the card was read: its identity field, or
        the part of a person group that is the resident (``is_applicant_if`` holds)."""
        if self.identity is None:
            return None
        if q.identity is not None:
            return q.identity
        if q.applicant_if is None:
            return None
        if self._condition_holds(q.applicant_if) and (
            q.show_if is None or self._condition_holds(q.show_if)
        ):
            return q.applicant_part
        return None

    def _condition_holds(self, condition: Condition) -> bool:
        """Whether an earlier question, shown, has an answer that meets ``condition``."""
        assert self.procedure is not None
        target = self.procedure.question(condition.question_id)
        if not self._shown(target):
            return False  # a hidden question's old answer shows nothing
        multiple = target.type is QuestionType.MULTI_CHOICE
        return condition.holds(self.answers.get(target.id), multiple)

    def _shown(self, q: Question) -> bool:
        if self._known(q.id):
            return False
        return q.show_if is None or self._condition_holds(q.show_if)

    def _split_answers(self) -> tuple[dict[str, str], dict[str, Any]]:
        assert self.procedure is not None
        applicant: dict[str, str] = {}
        answers: dict[str, Any] = {}
        if self.identity is not None:
            applicant = card_facts(self.identity)
        applicant["source"] = (self.identity_source or IdentitySource.TYPED).value
        for q in self.visible_questions:  # stale answers of hidden questions are dropped
            value = self.answers.get(q.id, "")
            if q.identity is not None:
                applicant[q.identity.value] = value
            elif q.group is not None:
                answers.setdefault(q.group, {})[q.id.removeprefix(q.group + ".")] = value
            else:
                answers[q.id] = value
        for q in self.procedure.questions:
            card_field = self._card_field(q)
            if card_field is not None and q.group is not None and self.identity is not None:
                # the person is the resident (the mother registering her child): the card's
                part = q.id.removeprefix(q.group + ".")
                answers.setdefault(q.group, {})[part] = IDENTITY_VALUE[card_field](self.identity)
            elif card_field is not None and self.answers.get(q.id):
                # corrected on the check page: the card's value stays in the applicant
                answers[q.id] = self.answers[q.id]
        return applicant, answers

    def _next_question(self, after: str | None) -> None:
        visible = self.visible_questions
        ids = [q.id for q in visible]
        start = ids.index(after) + 1 if after in ids else 0
        if start < len(visible):
            self._ask(visible[start].id)
        else:
            self._after_questions()

    def _next_unanswered_or_review(self) -> None:
        for q in self.visible_questions:
            if q.required and not self.answers.get(q.id):
                self._ask(q.id)
                self.returning_to_review = True
                return
        self._after_questions()

    def _ask(self, question_id: str) -> None:
        self._go(Screen.QUESTION)
        self.question_id = question_id

    def _go(self, screen: Screen) -> None:
        self.screen = screen
        if screen is not Screen.IDENTIFY:
            self.chip.forget()  # the card's data stays with the screen that read it
            self.qr_person = None
        self.error = None
        self.returning_to_review = False
        if screen is not Screen.QUESTION:
            self.question_id = None
        self._touch()

    def _touch(self) -> None:
        self.last_activity = self.clock()
        self._active_at = self.clock.monotonic()

    def _expect(self, screen: Screen) -> None:
        if self.screen is not screen:
            raise InvalidTransitionError(f"expected {screen.value}, on {self.screen.value}")

    def _close(self, reason: AbandonReason) -> None:
        """Wipe everything and return home; an open procedure is abandoned for ``reason``."""
        self._end_procedure(reason)
        self._wipe()
        self.display = STANDARD_DISPLAY
        self.screen = Screen.HOME

    def _end_procedure(self, reason: AbandonReason) -> None:
        """A procedure still open ends here without a submission: abandoned."""
        if self._in_procedure:
            self._in_procedure = False
            self.counts.abandoned += 1
            self.audit.record(
                AuditEvent.SESSION_ABANDONED,
                reason=reason,
                screen=self.screen,
                procedure=self.procedure.code if self.procedure else None,
                duration_s=self._visit_seconds(),
            )

    def _visit_seconds(self) -> float | None:
        """Seconds since the open procedure began."""
        if self._started_at is None:
            return None
        return max(0.0, self.clock.monotonic() - self._started_at)

    def _wipe(self) -> None:
        self.procedure = None
        self.identity = None
        self.identity_source = None
        self.answers = {}
        self.question_id = None
        self.returning_to_review = False
        self.error = None
        self.submission = None
        self.last_activity = None
        self._active_at = None
        self.last_changed = None
        self._started_at = None
        self.photos = {}
        self.papers = {}
        self.qr_person = None
        self.evidence = {}
        self.delivery = None
        self.notification = None
        self.notify_answered = False
        self.payment.forget()
        self.chip.forget()
        self.receipt.forget()


class InvalidTransitionError(Exception):
    """An action that makes no sense on the current screen: a bug in the caller."""
