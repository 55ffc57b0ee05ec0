"""A scripted first-time resident, one for each installed procedure: from Start on the home
screen to the confirmation, by taps on the visible controls and keys on the on-screen
keyboard, counting what it cost them (screens, taps, typed characters).

The resident lives in the kiosk's building, reads their ID card by its QR code, and gives
the simplest honest answers (:data:`PLANS`; a question no plan names gets a plain answer of
its kind, and the journey says so). ``kiosk tour DIR --measure`` walks them on the demo
kiosk and writes ``DIR/journeys.md`` and ``DIR/journeys.json``; the tests walk them over
the real screens.

Counting: a *tap* is a mouse click on a visible control (:meth:`ScreenDriver.tap`); a
*typed character* is a key pressed on the on-screen keyboard (one per character, as
``window.typeOnKeyboard`` presses them: a Vietnamese letter with its accents is one); a
*swipe* is a list scrolled to bring a control into view; a *screen* is each page the
resident saw (each question its own), the confirmation included.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtQuick import QQuickItem

from kiosk.session import Screen
from ui.driver import DriverError, ScreenDriver
from ui.session_bridge import SessionBridge

PHOTO_WAIT_S = 30.0
"""How long to wait for the camera to capture a paper on its own before pressing "Chụp ảnh"."""
FAKE_CAMERA_WAIT_S = 0.5
"""As :data:`PHOTO_WAIT_S`, when the camera is known not to capture on its own (tests)."""


@dataclass(frozen=True)
class Apartment:
    """The flat number, on the page that asks where the resident lives in this building."""

    number: str


@dataclass(frozen=True)
class Pick:
    """Choices to tap, after typing ``search`` into a long list's search box."""

    values: tuple[str, ...]
    search: str = ""


@dataclass(frozen=True)
class Photo:
    """Photograph the paper asked for."""


@dataclass(frozen=True)
class Skip:
    """Leave an optional page empty ("Bỏ qua")."""


@dataclass(frozen=True)
class DaysFromToday:
    """A date typed as dd/mm/yyyy, this many days from the kiosk's today."""

    days: int


Answer = str | Apartment | Pick | Photo | Skip | DaysFromToday


@dataclass(frozen=True)
class Plan:
    """One scripted resident for one procedure."""

    code: str
    answers: Mapping[str, Answer]
    case: str = ""
    """Which resident, when a procedure has more than one (e.g. ``renting``)."""


@dataclass
class Journey:
    """What one journey cost the resident, counted as it was walked."""

    code: str
    name: str
    case: str = ""
    screens: int = 0
    taps: int = 0
    taps_after_card: int = 0
    typed: int = 0
    swipes: int = 0
    questions: list[str] = field(default_factory=list)
    """The questions asked, in order (ids)."""
    unplanned: list[str] = field(default_factory=list)
    """Questions the plan did not name, answered with a plain answer of their kind."""
    asked_known: list[str] = field(default_factory=list)
    """Questions asked although the card or the site configuration holds the answer."""
    error: str = ""
    """Why the journey stopped short of the confirmation (empty when it got there)."""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.case})" if self.case else self.name


@dataclass(frozen=True)
class Target:
    """The most a journey may cost after the card is read."""

    taps_after_card: int
    typed: int

    def missed(self, journey: Journey) -> list[str]:
        """What the journey went over, in words (empty when it met the target)."""
        missed = []
        if journey.taps_after_card > self.taps_after_card:
            missed.append(
                f"{journey.taps_after_card} taps after the card (at most {self.taps_after_card})"
            )
        if journey.typed > self.typed:
            missed.append(f"{journey.typed} typed characters (at most {self.typed})")
        return missed


TAM_TRU = "dang-ky-tam-tru"
TARGETS: dict[tuple[str, str], Target] = {(TAM_TRU, ""): Target(taps_after_card=12, typed=10)}
"""Issue 15's targets, by (procedure, case)."""

PHONE = "0912345678"
PLANS: tuple[Plan, ...] = (
    Plan(
        TAM_TRU,
        {
            "stay_address": Apartment("1205"),
            "stay_months": "12",
            "housing_basis": "relative",
            "phone": Skip(),
        },
    ),
    Plan(
        TAM_TRU,
        {
            "stay_address": Apartment("1205"),
            "stay_months": "12",
            "housing_basis": "rent",
            "landlord_name": "Trần Văn Hùng",
            "phone": Skip(),
        },
        case="thuê nhà",
    ),
    Plan(
        "khai-bao-tam-vang",
        {
            "case": "long_absence",
            "absence_from": DaysFromToday(7),
            "absence_until": DaysFromToday(400),
            "destination.province": "Đà Nẵng",
            "destination.commune": "Hải Châu",
            "destination.street": "Số 1 Bạch Đằng",
            "reason": "work",
            "phone": Skip(),
        },
    ),
    Plan(
        "chung-thuc-ban-sao",
        {
            "document_kind": Pick(("diploma",)),
            "foreign_issued": "no",
            "pages": "1",
            "copies": "2",
            "copy_format": "paper",
            "original_photo": Skip(),
            "phone": PHONE,
        },
    ),
    Plan(
        "doi-giay-phep-lai-xe",
        {
            "licence_number": "010123456789",
            "licence_classes": Pick(("motorcycle",)),
            "licence_expiry": Skip(),
            "reason": "paper_licence",
            "licence_photo": Photo(),
            "phone": PHONE,
        },
    ),
    Plan(
        "xac-nhan-tinh-trang-hon-nhan",
        {
            "purpose": "other",
            "other_purpose": "Vay vốn ngân hàng",
            "current_status": "never_married",
            "lived_elsewhere": "no",
            "phone": PHONE,
        },
    ),
    Plan(
        "dang-ky-khai-sinh",
        {
            "relationship": "mother",
            "child_name": "Nguyễn Minh An",
            "child_date_of_birth": DaysFromToday(-10),
            "child_sex": "male",
            "child_ethnicity": "Kinh",
            "birth_place": "Bệnh viện Phụ sản Hà Nội",
            "birth_notice": Photo(),
            "mother.full_name": "Nguyễn Thị Lan",
            "mother.date_of_birth": "15/03/1984",
            "mother.id_number": Skip(),
            "father_known": "yes",
            "father.full_name": "Nguyễn Văn Bình",
            "father.date_of_birth": "02/09/1982",
            "father.id_number": Skip(),
            "marriage_certificate": Skip(),
            "phone": PHONE,
        },
    ),
    Plan(
        "dang-ky-khai-tu",
        {
            "relationship": "child",
            "deceased.full_name": "Nguyễn Văn Bình",
            "deceased.date_of_birth": "01/01/1940",
            "deceased.id_number": Skip(),
            "deceased_sex": "male",
            "date_of_death": DaysFromToday(-3),
            "place_of_death": "Bệnh viện Bạch Mai",
            "cause_of_death": Skip(),
            "last_residence.commune": Pick(("Phường Láng",), search="lang"),
            "last_residence.street": "Số 12 ngõ 34 Láng Hạ",
            "death_notice": Photo(),
            "phone": PHONE,
        },
    ),
    Plan(
        "dang-ky-ket-hon",
        {
            "own_marital_status": "never_married",
            "partner.full_name": "Trần Thị Mai",
            "partner.date_of_birth": "20/05/1992",
            "partner.id_number": Skip(),
            "partner_marital_status": "never_married",
            "partner_residence.province": "Hà Nội",
            "partner_residence.commune": "Phường Láng",
            "partner_residence.street": "Số 5 ngõ 12 Chùa Bộc",
            "partner_same_commune": "yes",
            "preferred_date": Skip(),
            "phone": PHONE,
        },
    ),
    Plan(
        "dang-ky-ho-kinh-doanh",
        {
            "business_name": "Tạp hóa An",
            "business_address.commune": Pick(("Phường Láng",), search="lang"),
            "business_address.street": "Số 8 phố Láng Hạ",
            "business_lines": "Bán lẻ tạp hóa",
            "capital_million_vnd": "50",
            "employees": "0",
            "owner_kind": "individual",
            "phone": PHONE,
            "email": Skip(),
        },
    ),
    Plan(
        "cap-phieu-ly-lich-tu-phap",
        {
            "certificate_type": "form_1",
            "purpose": "Xin việc",
            "birth_place": "Hà Nội",
            "father.full_name": "Nguyễn Văn Bình",
            "mother.full_name": "Trần Thị Hoa",
            "has_spouse": "no",
            "residence_history": "Từ 1984 đến nay: Hà Nội",
            "fee_group": "none",
            "copies": "1",
            "phone": PHONE,
        },
    ),
)
"""The scripted residents: simplest honest answers, living in the kiosk's building."""

CHOSEN = ("choice", "yes_no")


class JourneyError(Exception):
    """The journey could not go on (a page refused the scripted answer, or never came)."""


class Walker:
    """Walks journeys on the kiosk's window, counting as it goes.

    ``show_card`` holds the resident's ID card to the camera (nothing to do on the demo
    kiosk, whose camera shows one); ``photo_wait_s`` how long to let the camera capture a
    paper on its own before pressing "Chụp ảnh"."""

    def __init__(
        self,
        driver: ScreenDriver,
        bridge: SessionBridge,
        show_card: Callable[[], None] = lambda: None,
        photo_wait_s: float = PHOTO_WAIT_S,
    ) -> None:
        self.d = driver
        self.bridge = bridge
        self.show_card = show_card
        self.photo_wait_s = photo_wait_s
        self._journey = Journey("", "")

    # --- counted actions -------------------------------------------------------------------
    def _tap(self, name: str) -> None:
        item = self.d.wait_for(name)
        flick = _flickable_of(item)
        before = None if flick is None else float(flick.property("contentY"))
        self.d.scroll_into_view(item)
        if flick is not None and float(flick.property("contentY")) != before:
            self._journey.swipes += 1
        self.d.tap(name)
        self._journey.taps += 1

    def _type(self, text: str) -> None:
        self.d.type_on_keyboard(text)
        self._journey.typed += len(text)

    def _swipe_to(self, name: str, siblings: str) -> None:
        """Swipe the list of items named ``siblings…`` down, a screenful at a time, until
        ``name`` shows (a list makes only the items near its view)."""
        for _ in range(30):
            self.d.settle()
            if self.d.find(name) is not None:
                return
            sibling = _find_named(self.d.window.contentItem(), siblings)
            flick = None if sibling is None else _flickable_of(sibling)
            if flick is None:
                break
            y = float(flick.property("contentY"))
            lowest = float(flick.property("originY"))
            end = lowest + max(0.0, float(flick.property("contentHeight")) - flick.height())
            if y >= end:
                break
            flick.setProperty("contentY", min(end, y + 0.8 * flick.height()))
            self._journey.swipes += 1
        self.d.wait_for(name, timeout_s=1)

    def _saw(self) -> None:
        self._journey.screens += 1

    # --- the journey -----------------------------------------------------------------------
    def walk(self, plan: Plan) -> Journey:
        """Home → the procedure → consent → the card → every question → check → submit →
        the confirmation; then Finish (not counted), back home."""
        procedure = self.bridge.session.catalogue.get(plan.code)
        if procedure is None:
            raise JourneyError(f"{plan.code}: not installed")
        journey = self._journey = Journey(plan.code, procedure.name.vi, plan.case)
        d = self.d
        d.wait_for("startButton")
        self._saw()
        self._tap("startButton")
        d.wait_for("catalogueSearch")
        self._saw()
        self._swipe_to(f"procedure_{plan.code}", "procedure_")
        self._tap(f"procedure_{plan.code}")
        d.wait_for("introStartButton")
        self._saw()
        self._tap("introStartButton")
        d.wait_for("consentAgreeButton")
        self._saw()
        self._tap("consentAgreeButton")
        d.wait_for("typeInsteadButton")
        self._saw()
        self.show_card()
        d.wait_for("confirmQrButton", timeout_s=20)  # the card is read: "is this you?"
        taps_before_card = journey.taps
        self._tap("confirmQrButton")
        self._questions(plan)
        self._result_choices()
        d.wait_for("submitButton")
        self._saw()
        self._tap("submitButton")
        d.wait_for("trackingCode", timeout_s=20)
        self._saw()
        journey.taps_after_card = journey.taps - taps_before_card
        d.tap("finishButton")
        d.wait_for("startButton")
        return journey

    def walk_or_say_why(self, plan: Plan) -> Journey:
        """:meth:`walk`; a journey that cannot finish says why, and the kiosk goes home for
        the next one."""
        try:
            return self.walk(plan)
        except (JourneyError, DriverError) as exc:
            journey = self._journey
            journey.error = str(exc)
            self.bridge.finish()
            self.d.wait_for("startButton")
            return journey

    def _result_choices(self) -> None:
        """After the questions: the delivery choice (its default way, Continue) and the
        notification offer ("Không, cảm ơn"), where the procedure asks them."""
        session = self.bridge.session
        self.d.wait_until(
            lambda: session.screen not in (Screen.QUESTION, Screen.IDENTIFY),
            10,
            "the questions never ended",
        )
        if session.screen is Screen.DELIVERY:
            self._saw()
            self._tap("deliveryContinueButton")
            self.d.wait_until(lambda: session.screen is not Screen.DELIVERY, 10, "delivery stays")
        if session.screen is Screen.NOTIFY:
            self._saw()
            self._tap("notifyDeclineButton")

    def _questions(self, plan: Plan) -> None:
        form = self.bridge.form
        self.d.wait_until(
            lambda: self.bridge.property("screen") in ("question", "review"), 20, "no question"
        )
        while self.bridge.property("screen") == "question":
            q = form.question()
            qid = str(q["id"])
            self._saw()
            self._journey.questions.append(qid)
            current = self.bridge.session.current_question
            if current is not None and current.identity is not None:
                self._journey.asked_known.append(qid)
            if qid in plan.answers:
                answer = plan.answers[qid]
            else:
                answer = _plain_answer(q)
                self._journey.unplanned.append(qid)
            self._answer(q, answer)

            def moved_on(asked: str = qid) -> bool:
                return (
                    self.bridge.property("screen") != "question"
                    or form.question().get("id") != asked
                    or bool(self.bridge.property("error"))
                )

            self.d.wait_until(moved_on, 10, f"{plan.code}: Continue did nothing on {qid}")
            error = str(self.bridge.property("error"))
            if error:
                raise JourneyError(f"{plan.code}: {qid} refused the scripted answer: {error}")

    def _answer(self, q: dict[str, object], answer: Answer) -> None:
        kind = str(q["type"])
        if isinstance(answer, Apartment):
            if not q.get("apartment"):
                raise JourneyError(f"{q['id']}: not asked as a flat in this building")
            self.d.wait_for("apartmentField")
            self._type(answer.number)
        elif isinstance(answer, Photo):
            self._photograph()
        elif isinstance(answer, Pick):
            if answer.search:
                self._tap("choiceFilter")
                self._type(answer.search)
            for value in answer.values:
                self._tap(f"choice_{value}")
        elif isinstance(answer, Skip):
            pass
        elif isinstance(answer, DaysFromToday):
            when = self.bridge.session.clock().date() + timedelta(days=answer.days)
            self._type(when.strftime("%d/%m/%Y"))
        elif kind in CHOSEN:
            self._tap(f"choice_{answer}")
        else:
            self._type(answer)
        self._tap("nextButton")

    def _photograph(self) -> None:
        """The camera captures a still page on its own; if it has not after a while, the
        resident presses "Chụp ảnh"."""
        try:
            self.d.wait_for("photoTaken", self.photo_wait_s)
        except DriverError:
            self._tap("takePhotoButton")
            self.d.wait_for("photoTaken")


def _find_named(root: QQuickItem, prefix: str) -> QQuickItem | None:
    """A visible item whose objectName starts with ``prefix``."""
    stack = [root]
    while stack:
        item = stack.pop()
        if not item.isVisible():
            continue
        if item.objectName().startswith(prefix):
            return item
        stack.extend(item.childItems())
    return None


def _flickable_of(item: QQuickItem) -> QQuickItem | None:
    parent = item.parentItem()
    while parent is not None and parent.property("contentY") is None:
        parent = parent.parentItem()
    return parent


def _plain_answer(q: dict[str, object]) -> Answer:
    """An answer of the question's kind, for a question no plan names."""
    kind = str(q["type"])
    choices = q.get("choices")
    first = str(choices[0]["value"]) if isinstance(choices, list) and choices else ""
    if not q.get("required") and kind != "yes_no":
        return Skip()
    match kind:
        case "choice":
            return first
        case "yes_no":
            return "no"
        case "multi_choice":
            return Pick((first,))
        case "number":
            return "1"
        case "phone":
            return PHONE
        case "date":
            return "01/01/1990"
        case "attachment":
            return Photo()
        case "cccd":
            return "001090012345"
        case "email":
            return "an@example.com"
        case "name":
            return "Nguyễn Văn An"
    return "Hà Nội"


def walk_all(
    walker: Walker, plans: tuple[Plan, ...] = PLANS, only: tuple[str, ...] = ()
) -> list[Journey]:
    """Every installed procedure's journey (those of ``only``, when given): the plans'
    first, then a plain-answered one for each installed procedure no plan names."""
    installed = [p.code for p in walker.bridge.session.catalogue.procedures]
    chosen = [p for p in plans if p.code in installed]
    planned = {p.code for p in chosen}
    chosen += [Plan(code, {}) for code in installed if code not in planned]
    if only:
        chosen = [p for p in chosen if p.code in only]
    return [walker.walk_or_say_why(plan) for plan in chosen]


def missed_targets(journeys: list[Journey]) -> list[str]:
    """Each target a journey missed, and each journey that did not finish, in words."""
    return [f"{j.label}: did not finish: {j.error}" for j in journeys if j.error] + [
        f"{j.label}: {miss}"
        for j in journeys
        for miss in TARGETS.get((j.code, j.case), Target(10**6, 10**6)).missed(j)
    ]


def table(journeys: list[Journey]) -> str:
    """The journeys as a Markdown table."""
    lines = [
        "| Procedure | Screens | Taps | Taps after the card | Typed characters | Swipes |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for j in journeys:
        target = TARGETS.get((j.code, j.case))
        mark = (
            ""
            if target is None
            else f" (target ≤ {target.taps_after_card} / ≤ {target.typed}: "
            f"{'met' if not target.missed(j) else 'MISSED'})"
        )
        if j.error:
            mark = " (DID NOT FINISH)"
        lines.append(
            f"| {j.label}{mark} | {j.screens} | {j.taps} | {j.taps_after_card} | "
            f"{j.typed} | {j.swipes} |"
        )
    return "\n".join(lines) + "\n"


def write(journeys: list[Journey], out_dir: Path, today: date) -> tuple[Path, Path]:
    """``journeys.md`` (the table and what was counted) and ``journeys.json``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / "journeys.md", out_dir / "journeys.json"
    notes = [
        f"A first-time resident living in the kiosk's building, measured on {today:%d/%m/%Y} "
        "by `kiosk tour DIR --measure` (ui/journeys.py): from Start on the home screen to "
        "the confirmation, the ID card read by its QR code; a tap is a click on a visible "
        "control, a typed character a key of the on-screen keyboard.",
        "",
        table(journeys),
    ]
    unplanned = [f"{j.label}: {', '.join(j.unplanned)}" for j in journeys if j.unplanned]
    if unplanned:
        notes += ["Answered with a plain answer of their kind (no plan names them):", ""]
        notes += [f"- {u}" for u in unplanned] + [""]
    stopped = [f"{j.label}: {j.error}" for j in journeys if j.error]
    if stopped:
        notes += ["Did not reach the confirmation:", ""]
        notes += [f"- {e}" for e in stopped] + [""]
    known = [f"{j.label}: {', '.join(j.asked_known)}" for j in journeys if j.asked_known]
    if known:
        notes += ["Asked although the card holds the answer:", ""]
        notes += [f"- {k}" for k in known] + [""]
    md.write_text("\n".join(notes), encoding="utf-8")
    js.write_text(
        json.dumps([asdict(j) | {"label": j.label} for j in journeys], ensure_ascii=False, indent=2)
        + "\n",
        encoding="utf-8",
    )
    return md, js
