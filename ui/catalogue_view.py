"""The procedures on offer and the one chosen: the catalogue with its search, and the
chosen procedure's texts for the pages that describe it (before you start, confirmation).

A new catalogue from the portal arrives on the sync's thread; it is taken on the GUI thread,
for the next procedure chosen (a resident filling a form keeps the procedure they chose).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.fees import fee_in_short
from kiosk.procedures import Catalogue, Procedure
from kiosk.search import search_procedures
from kiosk.session import KioskSession, Screen
from kiosk.text import Message
from ui.qml_values import as_json
from ui.session_view import SessionView
from ui.words import Words


class CatalogueView(SessionView):
    """The catalogue, for QML as ``kiosk.catalogueView``."""

    proceduresChanged = Signal()
    procedureChanged = Signal()
    _arrived = Signal()

    def __init__(
        self,
        session: KioskSession,
        words: Words,
        on_change: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(session, words, on_change, parent)
        self._query = ""
        self._new: Catalogue | None = None
        self._arrived.connect(self._take_new)  # queued from the sync's thread

    @Slot(str)
    def search(self, text: str) -> None:
        """The resident typed in the search box."""
        self._query = text
        self._session.touched()
        self._changed()

    def catalogue_arrived(self, catalogue: Catalogue) -> None:
        """A new catalogue (from any thread)."""
        # The catalogue does not travel as a signal argument (PySide leaks part of each);
        # a reference swap needs no lock, and only the newest matters.
        self._new = catalogue
        self._arrived.emit()

    def _take_new(self) -> None:
        catalogue, self._new = self._new, None
        if catalogue is not None:
            self._session.catalogue = catalogue
            self._changed()

    def procedure_name(self, code: str) -> Message | None:
        """The name of the procedure with this code, if the catalogue has it."""
        procedure = self._session.catalogue.get(code)
        return procedure.name if procedure is not None else None

    # --- kept in step with the session ----------------------------------------------------
    def follow_session(self) -> None:
        """Back home, the next resident starts without the last one's search."""
        if self._session.screen is Screen.HOME:
            self._query = ""

    def publish(self, quiet: bool = False) -> None:
        """Tell QML what changed (``quiet``: only record it, a new screen is loading)."""
        p, screen = self._published, self._session.screen
        if screen is Screen.CATALOGUE:
            p.update("procedures", self._procedures_json(), self.proceduresChanged, quiet)
        else:
            p.forget("procedures")
        if screen in (Screen.INTRO, Screen.CONFIRMATION):
            p.update("procedure", self._procedure_json(), self.procedureChanged, quiet)
        else:
            p.forget("procedure")

    # --- what the screens show ------------------------------------------------------------
    def found(self) -> list[Procedure]:
        """The procedures found for the search typed (all of them without one)."""
        return search_procedures(self._session.catalogue.procedures, self._query)

    def procedures(self) -> list[dict[str, object]]:
        """The procedures the screen lists, as it shows them."""
        return [self._procedure_view(p) for p in self.found()]

    def _procedures_json(self) -> str:
        return as_json(self.procedures())

    proceduresJson = Property(str, _procedures_json, notify=proceduresChanged)

    def _procedure_json(self) -> str:
        p = self._session.procedure
        return as_json(self._procedure_view(p) if p else {})

    procedureJson = Property(str, _procedure_json, notify=procedureChanged)

    def _procedure_view(self, p: Procedure) -> dict[str, object]:
        t = self._words.t
        return {
            "code": p.code,
            "name": t(p.name),
            "summary": t(p.summary),
            "area": t(p.area_name),
            "fee": t(p.fee_note) if p.fee_vnd else "",
            "feeShort": t(fee_in_short(p)),
            "feeVnd": p.fee_vnd,
            "processingTime": t(p.processing_time),
            "receivingOffice": t(self._session.office_of(p)),
            "resultDelivery": t(p.result_delivery),
            "documents": [t(d) for d in p.documents],
            "minutes": p.minutes,
            "timeAtKiosk": t(p.time_at_kiosk()),
        }
