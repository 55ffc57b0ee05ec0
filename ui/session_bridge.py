"""The object QML knows as ``kiosk``: the resident's way through the screens.

It holds the navigation (which screen, the taps that move between them), the language, the
hotline, the error of the screen shown and the inactivity countdown. Each family of screens
has its own view, a constant property here: the catalogue and the procedure chosen
(``catalogueView``), the identify screen's reader and chip (``identifyView``), the questions
and the check page (``formView``), submitting, the confirmation and the receipt
(``confirmationView``), the camera (``cameraFeed``), the look-up (``lookupView``) and the
technician's PIN pad and screen over them all (``technicianView``). After every event this
object brings them in step with the session and tells QML what changed, property by property.

The home screen needs none of the screens' views but reading aloud: made with ``views_later``,
the others (and their modules) are made when first needed (an event, a screen reading one, a
tap in the technician's corner) or by :meth:`SessionBridge.make_views`, which the kiosk's
start-up calls after the home screen's first frame; until then Main.qml reads
``technicianShown`` (false) and taps the corner through ``technicianCorner``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.consent_words import HEADING, consent_rows
from kiosk.display import Contrast, Display, TextSize
from kiosk.ports import Ports, ScanTarget
from kiosk.screen_reading import screen_text
from kiosk.session import KioskSession, QrOutcome, Screen
from ui.background import Background
from ui.qml_values import Published
from ui.reading_aloud import ReadingAloud, SpeechChoice
from ui.words import Words

if TYPE_CHECKING:
    from kiosk.technician import TechnicianAccess, TechnicianTools
    from ui.camera_feed import CameraFeed
    from ui.catalogue_view import CatalogueView
    from ui.confirmation_view import ConfirmationView
    from ui.form_view import FormView
    from ui.identify_view import IdentifyView
    from ui.lookup_view import DossierLookupView
    from ui.memory_image import MemoryImageProvider
    from ui.result_choice_view import ResultChoiceView
    from ui.technician_view import TechnicianView

    Made = TechnicianAccess | Callable[[], TechnicianAccess] | None
    """The technician's access, or what makes it once the view is made."""
    MadeTools = TechnicianTools | Callable[[], TechnicianTools] | None

log = logging.getLogger(__name__)

IDLE_CHECK_INTERVAL_MS = 1000


@dataclass(frozen=True)
class _Views:
    """The screens' views the home screen does not need."""

    catalogue: CatalogueView
    camera: CameraFeed
    lookup: DossierLookupView
    form: FormView
    identify: IdentifyView
    confirmation: ConfirmationView
    result_choice: ResultChoiceView


class SessionBridge(QObject):
    """Exposes :class:`KioskSession` to QML as properties and slots."""

    screenChanged = Signal()
    languageChanged = Signal()
    errorChanged = Signal()
    idleChanged = Signal()
    retentionDaysChanged = Signal()
    consentRowsChanged = Signal()
    displayChanged = Signal()
    technicianChanged = Signal()

    def __init__(
        self,
        session: KioskSession,
        ports: Ports,
        language: str = "vi",
        on_language: Callable[[str], None] | None = None,
        parent: QObject | None = None,
        *,
        technician: Made = None,
        technician_tools: MadeTools = None,
        speech: SpeechChoice | None = None,
        views_later: bool = False,
    ) -> None:
        """``technician``: the technician screen's access (none: it never opens), with
        ``technician_tools``, what it shows and does (either may be given as what makes it,
        called when the technician's view is made); ``speech``: the ``[speech]`` keys
        (none: the shipped defaults, until :meth:`ReadingAloud.configure`);
        ``views_later``: make the views the home screen does not need when first needed
        (or at :meth:`make_views`), not now."""
        super().__init__(parent)
        self._session = session
        self._ports = ports
        self._words = Words(language)
        self._on_language = on_language
        self._published = Published()
        self._background = Background(self)
        self._views: _Views | None = None
        self._views_made: list[Callable[[], None]] = []
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(IDLE_CHECK_INTERVAL_MS)
        self._idle_timer.timeout.connect(self._check_idle)
        self._idle_timer.start()
        self._technician_parts: tuple[Made, MadeTools] = (technician, technician_tools)
        self._technician: TechnicianView | None = None
        self.reading = ReadingAloud(
            lambda: screen_text(
                self._session,
                self._words.language,
                listed=self.catalogue.found(),
                rating_offered=self.confirmation.rating_offered,
            ),
            lambda: self._words.language,
            speech,
            self,
        )
        if views_later:
            self._publish_own()  # what Main.qml and the home screen read first
        else:
            self.make_views()

    def make_views(self) -> None:
        """Make the screens' views the home screen does not need, if not yet made."""
        if self._views is not None:
            return
        # Imported here: their modules load after the home screen's first frame, and with
        # them `import Kiosk` (ui.qml_enums), which the home screen does not use.
        from ui import qml_enums  # noqa: F401 - registered before a screen that imports it
        from ui.camera_feed import CameraFeed
        from ui.catalogue_view import CatalogueView
        from ui.confirmation_view import ConfirmationView
        from ui.form_view import FormView
        from ui.identify_view import IdentifyView
        from ui.lookup_view import DossierLookupView
        from ui.result_choice_view import ResultChoiceView

        session, ports, words = self._session, self._ports, self._words
        self._make_technician()
        catalogue = CatalogueView(session, words, self._after_event, self)
        camera = CameraFeed(ports.qr, ports.photos, self._on_qr, words.t, self)
        lookup = DossierLookupView(
            ports.dossiers,
            words.t,
            ports.receipt_context.hotline,
            catalogue.procedure_name,
            self._background,
            parent=self,
        )
        self._views = _Views(
            catalogue=catalogue,
            camera=camera,
            lookup=lookup,
            form=FormView(session, words, camera, ports.documents, self._after_event, self),
            identify=IdentifyView(session, ports.chip, self._background, self._after_event, self),
            confirmation=ConfirmationView(
                session, ports, self._background, words, self._after_event, self
            ),
            result_choice=ResultChoiceView(session, words, self._after_event, self),
        )
        # The camera reads receipts only while the look-up screen asks for a code.
        lookup.changed.connect(self._aim_camera)
        self._after_event()  # what QML will read first, so that only changes are told
        self.identify.watch_reader()
        made, self._views_made = self._views_made, []
        for then in made:
            then()

    def when_views_made(self, then: Callable[[], None]) -> None:
        """Call ``then`` once the screens' views are made (now, if they are)."""
        if self._views is not None:
            then()
        else:
            self._views_made.append(then)

    def _make_technician(self) -> TechnicianView:
        if self._technician is not None:
            return self._technician
        from kiosk.technician import NO_PIN, NO_TOOLS, TechnicianAccess
        from ui.technician_view import TechnicianView

        access, tools = self._technician_parts
        access = access() if callable(access) else access
        tools = tools() if callable(tools) else tools
        view = self._technician = TechnicianView(
            access or TechnicianAccess(NO_PIN, self._session.clock),
            tools or NO_TOOLS,
            self._background,
            self._make_way_for_technician,
            self,
        )
        view.changed.connect(self.technicianChanged)
        # While the PIN pad is up the camera is off; the open screen shows what it sees.
        view.cameraChanged.connect(self._aim_camera)
        return view

    @property
    def technician(self) -> TechnicianView:
        """The technician's PIN pad and screen."""
        return self._make_technician()

    def _technician_up(self) -> bool:
        return self._technician is not None and self._technician.shown

    def _made(self) -> _Views:
        self.make_views()
        assert self._views is not None
        return self._views

    @property
    def catalogue(self) -> CatalogueView:
        """The catalogue and the procedure chosen."""
        return self._made().catalogue

    @property
    def camera(self) -> CameraFeed:
        """The camera's preview and what it reads."""
        return self._made().camera

    @property
    def lookup(self) -> DossierLookupView:
        """The look-up screen."""
        return self._made().lookup

    @property
    def form(self) -> FormView:
        """The questions and the check page."""
        return self._made().form

    @property
    def identify(self) -> IdentifyView:
        """The identify screen's reader and chip."""
        return self._made().identify

    @property
    def confirmation(self) -> ConfirmationView:
        """Submitting, the confirmation, the receipt, the fee and the rating."""
        return self._made().confirmation

    @property
    def result_choice(self) -> ResultChoiceView:
        """How the result is received and news of it."""
        return self._made().result_choice

    @property
    def session(self) -> KioskSession:
        """The resident's session this object shows."""
        return self._session

    def image_providers(self) -> tuple[MemoryImageProvider, ...]:
        """The pictures the screens show from memory: receipt, photos of papers, face
        (this makes the views: see :meth:`when_views_made`)."""
        return (
            self.confirmation.receipt_images,
            self.form.photo_images,
            self.identify.face_images,
        )

    # --- slots the screens call ---------------------------------------------------------
    @Slot()
    def start(self) -> None:
        self._do(self._session.start)

    @Slot()
    def lookUpDossier(self) -> None:
        """Home → the look-up screen."""
        self._do(self._session.look_up)

    @Slot(str)
    def chooseProcedure(self, code: str) -> None:
        self._do(lambda: self._session.choose_procedure(code))

    @Slot()
    def begin(self) -> None:
        self._do(self._session.begin)

    @Slot(bool)
    def consent(self, agreed: bool) -> None:
        self._do(lambda: self._session.consent(agreed))

    @Slot()
    def typeInstead(self) -> None:
        self._do(self._session.type_instead)

    @Slot()
    def back(self) -> None:
        self._do(self._session.back)

    @Slot()
    def finish(self) -> None:
        self._session.finish()
        self._forget_pictures()
        self._after_event()

    @Slot()
    def startOver(self) -> None:
        """Start over ("Làm lại từ đầu"), confirmed on the screen: wiped as Finish does."""
        self._session.start_over()
        self._forget_pictures()
        self._after_event()

    @Slot()
    def touched(self) -> None:
        self._session.touched()
        self._published.update("idle", self._idle_countdown(), self.idleChanged)

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        self._words.language = "en" if language == "en" else "vi"
        if self._on_language is not None:
            self._on_language(self._words.language)
        self._do(self._session.touched)
        self.lookup.changed.emit()  # its texts are made in Python, in the language
        self.camera.language_changed()  # so are a paper's hints

    @Slot()
    def technicianCorner(self) -> None:
        """A tap in the hidden top-left corner (the technician's way in)."""
        self.technician.cornerTapped()

    @Slot(str)
    def setTextSize(self, size: str) -> None:
        """One of "normal", "large", "largest" (``TextSize``), for the rest of the session."""
        display = self._session.display
        self._do(lambda: self._session.choose_display(Display(TextSize(size), display.contrast)))

    @Slot(bool)
    def setHighContrast(self, on: bool) -> None:
        """High contrast on or off, for the rest of the session."""
        contrast = Contrast.HIGH if on else Contrast.STANDARD
        display = self._session.display
        self._do(lambda: self._session.choose_display(Display(display.text_size, contrast)))

    # --- properties the screens read ----------------------------------------------------
    def _screen(self) -> str:
        return self._session.screen.value

    screen = Property(str, _screen, notify=screenChanged)

    def _language(self) -> str:
        return self._words.language

    language = Property(str, _language, notify=languageChanged)

    def _hotline(self) -> str:
        return self._ports.receipt_context.hotline

    hotline = Property(str, _hotline, constant=True)

    def _building_contact(self) -> str:
        return self._ports.receipt_context.building_contact

    buildingContact = Property(str, _building_contact, constant=True)
    """Who in the building helps at the kiosk (empty: nobody named), for the help panels."""

    def _retention_days(self) -> int:
        days = self._session.retention_days
        return days if days is not None else 0

    retentionDays = Property(int, _retention_days, notify=retentionDaysChanged)
    """Days a dossier's personal data stays on the kiosk after the portal accepted it
    (``[outbox] retention_days``; 0: not known yet), for the consent screen."""

    def _consent_rows(self) -> str:
        t = self._words.t
        rows = consent_rows(self._session.retention_days)
        return json.dumps({"heading": t(HEADING), "rows": [[t(h), t(x)] for h, x in rows]})

    consentRows = Property(str, _consent_rows, notify=consentRowsChanged)
    """The consent screen's words (:mod:`kiosk.consent_words`) in the resident's language,
    as JSON: ``{"heading": ..., "rows": [[heading, text], ...]}``."""

    def _error(self) -> str:
        return self._words.t(self._session.error) if self._session.error else ""

    error = Property(str, _error, notify=errorChanged)

    def _idle_countdown(self) -> int:
        left = self._session.idle_state().countdown_s
        return -1 if left is None else int(left + 0.999)

    idleCountdown = Property(int, _idle_countdown, notify=idleChanged)

    def _text_size(self) -> str:
        return self._session.display.text_size.value

    textSize = Property(str, _text_size, notify=displayChanged)
    """The resident's text size: "normal", "large" or "largest"."""

    def _text_scale(self) -> float:
        return self._session.display.text_size.scale

    textScale = Property(float, _text_scale, notify=displayChanged)
    """How many times the normal size the screens draw every text (Theme.qml)."""

    def _high_contrast(self) -> bool:
        return self._session.display.contrast is Contrast.HIGH

    highContrast = Property(bool, _high_contrast, notify=displayChanged)

    catalogueView = Property(QObject, lambda self: self.catalogue, constant=True)
    identifyView = Property(QObject, lambda self: self.identify, constant=True)
    formView = Property(QObject, lambda self: self.form, constant=True)
    confirmationView = Property(QObject, lambda self: self.confirmation, constant=True)
    cameraFeed = Property(QObject, lambda self: self.camera, constant=True)
    lookupView = Property(QObject, lambda self: self.lookup, constant=True)
    technicianView = Property(QObject, lambda self: self.technician, constant=True)
    technicianShown = Property(bool, _technician_up, notify=technicianChanged)
    """The PIN pad or the technician's screen covers the resident's (Main.qml)."""
    readingAloud = Property(QObject, lambda self: self.reading, constant=True)
    resultChoiceView = Property(QObject, lambda self: self.result_choice, constant=True)

    # --- internals ----------------------------------------------------------------------
    def _do(self, event: Callable[[], object]) -> None:
        event()
        self._after_event()

    def _after_event(self) -> None:
        """Bring every view in step with the session, then tell QML what changed."""
        if self._views is None:
            self.make_views()  # which comes back here once they are made
            return
        screen = self._session.screen
        self.catalogue.follow_session()
        self.form.follow_session()
        self.identify.follow_session()
        if screen is not Screen.LOOKUP:
            self.lookup.clear()
        self._aim_camera()
        quiet = self._publish_own()
        views = (self.catalogue, self.form, self.identify, self.confirmation, self.result_choice)
        for view in views:
            view.publish(quiet)

    def _publish_own(self) -> bool:
        """Tell QML what changed of this object's own properties; whether a new screen is
        loading (it reads every value anyway: the views then only record theirs)."""
        p, screen = self._published, self._session.screen
        # A new screen reads every value as it loads: told again, the check page's list
        # would be set afresh and lose the answer it scrolled to.
        quiet = p.update("screen", screen, self.screenChanged)
        p.update("language", self._words.language, self.languageChanged, quiet)
        p.update("error", self._error(), self.errorChanged, quiet)
        p.update("retentionDays", self._retention_days(), self.retentionDaysChanged, quiet)
        p.update("consentRows", self._consent_rows(), self.consentRowsChanged, quiet)
        p.update("display", self._session.display, self.displayChanged)  # Theme: every screen
        p.update("idle", self._idle_countdown(), self.idleChanged)  # Main.qml, not a screen
        # Reading aloud stops when what it read leaves the screen.
        self.reading.follow(f"{screen.value}:{self._session.question_id}:{self._words.language}")
        return quiet

    def _aim_camera(self) -> None:
        from kiosk.camera_use import camera_target  # with the views, after the first frame

        if self._technician_up():
            self.camera.aim(ScanTarget.RECEIPT if self.technician.wants_camera() else None)
            return
        self.camera.aim(
            camera_target(
                self._session,
                self.identify.reader_state,
                lookup_asking=self.lookup.asking(),
                photo_shown=self.form.photo_shown(),
            )
        )

    def _on_qr(self, payload: str) -> None:
        if self._technician_up():
            self.technician.qr_read(payload)  # never the resident's session's
            return
        outcome = self._session.qr_read(payload)
        if outcome is QrOutcome.FOR_LOOKUP:
            self.lookup.scanned(payload)
        elif outcome is not QrOutcome.IGNORED:
            accepted = outcome is QrOutcome.ID_CARD
            log.info("qr read", extra={"event": "identify.qr", "accepted": accepted})
            self._after_event()

    def _make_way_for_technician(self) -> None:
        """The technician's PIN was right: the resident's session is wiped before the
        technician screen shows (a resident who opened the PIN pad by chance and left it
        with Exit keeps theirs)."""
        self._session.make_way_for_technician()
        self._forget_pictures()
        self._after_event()

    def _forget_pictures(self) -> None:
        """The session ended: the photos of papers and the receipt leave memory."""
        self.form.forget()
        self.confirmation.forget()

    def _check_idle(self) -> None:
        if self._session.expire_if_idle():
            self._forget_pictures()
            self._after_event()
        else:
            self._published.update("idle", self._idle_countdown(), self.idleChanged)

    def shutdown(self) -> None:
        """Stop the timers, the reader, the camera and background deliveries (at exit)."""
        self._idle_timer.stop()
        self.reading.close()
        if self._technician is not None:
            self._technician.stop()
        if self._views is not None:
            self._views.confirmation.stop()
            self._views.camera.stop()
        self._ports.chip.stop()
        self._background.close()
