"""The identify screen's card reader side: whether a card lies on the reader, the chip read
(the session's :class:`~kiosk.chip_reading.ChipReading`) and the person it gave, with the
face shown from memory and dropped with the read. (The QR side is the camera's.)"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.cccd_qr import mask_id_number
from kiosk.chip_data import ChipReadFailure, ChipReadResult, FaceImageError
from kiosk.chip_reading import ChipPerson, ChipReadState, ChipRequest
from kiosk.ports import CardChip, ReaderState
from kiosk.session import KioskSession
from ui.background import Background
from ui.memory_image import FACE, MemoryImageProvider
from ui.qml_enums import qml_value
from ui.qml_values import Published, as_json

log = logging.getLogger(__name__)


class IdentifyView(QObject):
    """The reader and the chip, for QML as ``kiosk.identifyView``."""

    readerStateChanged = Signal()
    chipChanged = Signal()
    qrPersonChanged = Signal()
    _reader_changed = Signal(str)

    def __init__(
        self,
        session: KioskSession,
        chip: CardChip,
        background: Background,
        on_change: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._chip = chip
        self._background = background
        self._changed = on_change
        self.face_images = MemoryImageProvider(FACE)
        self._published = Published()
        self._reader = ReaderState.UNAVAILABLE
        self._face_url = ""
        self._reader_changed.connect(self._on_reader_changed)  # queued from the reader's thread

    def watch_reader(self) -> None:
        """Follow the reader's state from now on (a fake reader answers at once)."""
        self._chip.watch(self._reader_changed.emit)

    # --- what the resident does -----------------------------------------------------------
    @Slot(str, str)
    def readChip(self, id_text: str, birth_text: str) -> None:
        """Open the chip of the card on the reader with the ID number and birth date typed."""
        request = self._session.read_chip(id_text, birth_text)
        self._changed()
        if request is not None:
            keys = request.keys
            self._background.run(
                "chip",
                partial(self._chip.read, keys.id_number, keys.date_of_birth),
                partial(self._chip_done, request),
            )

    @Slot()
    def confirmChip(self) -> None:
        """The resident recognised themselves: the chip's identity fills the form."""
        self._session.confirm_chip()
        self._changed()

    @Slot()
    def cancelChip(self) -> None:
        self._session.cancel_chip()
        self._changed()

    @Slot()
    def confirmQr(self) -> None:
        """The resident recognised the card whose QR code was read: it fills the form."""
        self._session.confirm_qr()
        self._changed()

    @Slot()
    def cancelQr(self) -> None:
        self._session.cancel_qr()
        self._changed()

    def _chip_done(self, request: ChipRequest, result: ChipReadResult) -> None:
        outcome = self._session.chip_done(request, result)
        if outcome is None:
            return  # the resident moved on: a late read is never acted on
        if isinstance(result, ChipReadFailure):
            log.info("chip read failed", extra={"event": "identify.chip", "reason": result.value})
        else:
            ok = isinstance(outcome, ChipPerson)
            face = result.face
            shown = "shown" if isinstance(face, bytes) else face.reason.value
            log.info(
                "chip read",
                extra={"event": "identify.chip", "access": result.access, "ok": ok, "face": shown},
            )
        if isinstance(outcome, ChipPerson) and isinstance(outcome.face, bytes):
            self._face_url = self.face_images.show(outcome.face)
        self._changed()

    def _on_reader_changed(self, state: str) -> None:
        reader = ReaderState(state)
        if reader == self._reader:
            return
        self._reader = reader
        log.info("card reader", extra={"event": "reader.state", "state": reader.value})
        self._changed()

    # --- kept in step with the session ----------------------------------------------------
    @property
    def reader_state(self) -> ReaderState:
        """Whether a card lies on the reader (or why the reader cannot tell)."""
        return self._reader

    @property
    def chip_state(self) -> ChipReadState:
        """Where the chip read is."""
        return self._session.chip.state

    def follow_session(self) -> None:
        """The face leaves memory with the person read (confirmed, refused or forgotten)."""
        if self._session.chip.person is None and self._face_url:
            self._face_url = ""
            self.face_images.clear()

    def publish(self, quiet: bool = False) -> None:
        """Tell QML what changed (``quiet``: only record it, a new screen is loading)."""
        p = self._published
        p.update("reader", self._reader, self.readerStateChanged, quiet)
        p.update("chip", (self.chip_state, self._person_json()), self.chipChanged, quiet)
        p.update("qr", self._qr_person_json(), self.qrPersonChanged, quiet)

    # --- what the screen shows ------------------------------------------------------------
    def _reader_value(self) -> int:
        return qml_value(self._reader)

    readerState = Property(int, _reader_value, notify=readerStateChanged)

    def _chip_value(self) -> int:
        return qml_value(self.chip_state)

    chipState = Property(int, _chip_value, notify=chipChanged)

    def _person_json(self) -> str:
        """Name and masked ID number of the card read, for the resident to confirm, and the
        face (its URL, or ``faceUnreadable`` when the chip's picture cannot be shown)."""
        person = self._session.chip.person
        if person is None:
            return ""
        identity = person.identity
        return as_json(
            {
                "name": identity.full_name,
                "idMasked": mask_id_number(identity.id_number),
                "born": f"{identity.date_of_birth:%d/%m/%Y}",
                "face": self._face_url,
                "faceUnreadable": isinstance(person.face, FaceImageError),
            }
        )

    chipPersonJson = Property(str, _person_json, notify=chipChanged)

    def _qr_person_json(self) -> str:
        """Name, birth date and masked ID number of the card whose QR code was read, while
        the resident is asked whether it is theirs (empty otherwise)."""
        person = self._session.qr_person
        if person is None:
            return ""
        return as_json(
            {
                "name": person.full_name,
                "idMasked": mask_id_number(person.id_number),
                "born": f"{person.date_of_birth:%d/%m/%Y}",
            }
        )

    qrPersonJson = Property(str, _qr_person_json, notify=qrPersonChanged)
