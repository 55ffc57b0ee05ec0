"""What the resident's session needs from the outside world, as small interfaces.

The screens depend on these, not on drivers or the database; the composition root
(``kiosk.app``) fills them with real devices or simulators. Every method here may block, so
callers run them off the GUI thread.

The states a device reports (:class:`ReaderState`, :class:`PrinterState`) are types here, at
the ports, beside the chip's :class:`~kiosk.chip_data.ChipReadFailure`: the drivers in
``hardware`` return them and the screens show them, so neither needs the other's words.
:class:`Ports` bundles them all as the root hands them to the screens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from kiosk.chip_data import ChipReadResult
from kiosk.document_hints import PageHint
from kiosk.payment import PaymentFailure, PaymentRequest, PaymentStatus
from kiosk.rating import Rating
from kiosk.receipt import Receipt, ReceiptContext
from kiosk.submission import Submission
from kiosk.text import Message

if TYPE_CHECKING:  # the look-up loads with its screen, after the home screen's first frame
    from kiosk.dossier_lookup import DossierFacts, LookupFailure


class ReaderState(StrEnum):
    """The ID-card reader and whether a card is on it."""

    UNAVAILABLE = "unavailable"
    """No PC/SC service answers (pcscd is not running)."""
    NO_READER = "no_reader"
    EMPTY = "empty"
    CARD_PRESENT = "card_present"


class PrinterState(StrEnum):
    """The receipt printer's condition, as far as it can be known.

    ``UNKNOWN`` means the printer did not say (many cannot); it is not a fault.
    """

    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    NO_PAPER = "no_paper"
    COVER_OPEN = "cover_open"
    DISCONNECTED = "disconnected"
    ERROR = "error"
    UNKNOWN = "unknown"

    @property
    def can_print(self) -> bool:
        """Whether a job sent now would print (an unknown state counts: many printers
        never answer a status request)."""
        return self in (PrinterState.READY, PrinterState.PAPER_NEAR_END, PrinterState.UNKNOWN)


@dataclass(frozen=True)
class PrinterStatus:
    """A printer state with a technician-facing detail (never citizen data)."""

    state: PrinterState
    detail: str = ""


class QueueUnavailableError(Exception):
    """The outbox cannot take a submission (disk full, database damaged)."""


QUEUE_FAILED = Message(
    "Kiosk chưa lưu được hồ sơ do sự cố kỹ thuật. Thông tin của Ông/Bà vẫn còn; "
    "Ông/Bà vui lòng bấm Gửi hồ sơ lại, hoặc gọi tổng đài để được giúp đỡ.",
    "The kiosk could not save your application because of a technical fault. Your answers "
    "are still here; please press Submit application again, or call the help line.",
)
"""What the resident is told when the outbox could not take their application."""


class SubmissionQueue(Protocol):
    """The local outbox."""

    def queue(self, submission: Submission, files: Mapping[str, bytes]) -> None:
        """Store the submission and the photos it refers to (``files``, by SHA-256) durably;
        when this returns they survive a power cut.

        Raises :class:`QueueUnavailableError` when it cannot.
        """

    def queue_rating(self, rating: Rating) -> None:
        """Store a resident's rating durably under a key linked to nothing, for the
        portal. Raises :class:`QueueUnavailableError` when it cannot."""


class PaymentDesk(Protocol):
    """Where a fee's transfer is asked for and its arrival checked (the portal)."""

    def request(self, tracking_code: str, amount_vnd: int) -> PaymentRequest | PaymentFailure:
        """The transfer to show as a VietQR code for this dossier's fee, or why not now
        (blocks up to a short timeout)."""

    def status(self, payment_id: str) -> PaymentStatus | PaymentFailure:
        """Whether the transfer has arrived (blocks up to a short timeout)."""


class NoPaymentDesk:
    """No payment system: every request is unavailable (the resident pays otherwise)."""

    def request(self, tracking_code: str, amount_vnd: int) -> PaymentRequest | PaymentFailure:
        return PaymentFailure.UNAVAILABLE

    def status(self, payment_id: str) -> PaymentStatus | PaymentFailure:
        return PaymentFailure.UNAVAILABLE


class ReceiptOutput(Protocol):
    """The receipt printer."""

    def print_receipt(self, receipt: Receipt) -> bool:
        """Print; False when the printer could not (offline, no paper)."""

    def picture(self, receipt: Receipt) -> bytes:
        """The receipt exactly as it would print, as PNG bytes (for the screen)."""

    def ready(self) -> bool:
        """Whether the printer can print now (a quick status query)."""


@dataclass(frozen=True)
class PageSighting:
    """The paper the camera sees in one preview frame, for the outline and the hint."""

    corners: tuple[tuple[float, float], ...]
    """The page's four corners, clockwise from its top-left, as fractions (0–1) of the
    preview's width and height; empty when no page was seen."""
    hint: PageHint
    capturable: bool
    """Found, sharp, without glare and large enough (whether it is also steady is for the
    screen to judge over several frames)."""


NO_PAGE_SEEN = PageSighting((), PageHint.NO_PAGE, capturable=False)


@dataclass(frozen=True)
class CameraPreview:
    """A small RGB picture of what the camera sees, for the resident to aim the card.

    It shows the resident's card (and maybe face): it is kept in memory only, never stored.
    """

    width: int
    height: int
    rgb: bytes
    page: PageSighting | None = None
    """On a paper question (:meth:`PhotoSource.start_preview`): the page seen in it."""


class ScanTarget(StrEnum):
    """What the resident holds up to the camera."""

    ID_CARD = "id_card"
    RECEIPT = "receipt"
    PAPER = "paper"


class QrSource(Protocol):
    """The camera and its QR decoder."""

    def start(
        self,
        on_payload: Callable[[str], None],
        on_preview: Callable[[CameraPreview], None] | None = None,
        target: ScanTarget = ScanTarget.ID_CARD,
    ) -> None:
        """Start looking for the QR code on ``target``; ``on_payload`` is called from
        another thread per QR code read, ``on_preview`` (if given) a few times a second with
        what the camera sees. A real camera reads any code; the demo's shows ``target``."""

    def stop(self) -> None:
        """Stop looking; no callback arrives after this returns."""


class PhotoSource(Protocol):
    """The camera as a document scanner: a live preview with the page found in it, then
    the page straightened and cleaned."""

    def start_preview(self, on_preview: Callable[[CameraPreview], None]) -> None:
        """Show what the camera sees (``on_preview`` from another thread, a few times a
        second, each with its :class:`PageSighting`) until :meth:`stop`."""

    def capture_page(self) -> bytes | None:
        """The page in the latest full-size frame, perspective-corrected, evened and
        contrast-enhanced for text, as JPEG (the whole frame cleaned when no page is found);
        None when the camera has no frame yet."""

    def stop(self) -> None:
        """Stop the preview; no callback arrives after this returns."""


class DocumentError(Exception):
    """A paper's file could not be made (see the subclass for why)."""


class DocumentTooLargeError(DocumentError):
    """A document's pages do not fit in the size allowed even at the lowest quality."""


class DocumentAssembler(Protocol):
    """Makes one file of a paper's pages, for the outbox and the portal."""

    def assemble(self, pages: Sequence[bytes]) -> bytes:
        """One PDF of ``pages`` (JPEGs, in order), no larger than the configured limit
        (encoded again smaller when needed). Raises :class:`DocumentTooLargeError`."""


class CardChip(Protocol):
    """The PC/SC card reader and the chip of the ID card placed on it."""

    def watch(self, on_state: Callable[[ReaderState], None]) -> None:
        """Call ``on_state`` from another thread each time the reader's state changes."""

    def read(self, id_number: str, date_of_birth: date) -> ChipReadResult:
        """Read the chip (blocks for seconds): PACE with the CAN where the card offers it,
        else BAC with keys from the ID number and date of birth (every likely expiry)."""

    def stop(self) -> None:
        """Stop watching; no callback arrives after this returns."""


class DossierDirectory(Protocol):
    """Where the kiosk finds a dossier by its tracking code: its own outbox, refreshed from
    the portal when the portal answers."""

    def look_up(self, tracking_code: str) -> DossierFacts | LookupFailure:
        """What is known of the dossier with this (well-formed) tracking code; blocks for up
        to the portal's short look-up timeout."""


@dataclass(frozen=True)
class Ports:
    """The outside world the screens use, as the composition root wired it."""

    queue: SubmissionQueue
    printer: ReceiptOutput
    qr: QrSource
    photos: PhotoSource
    chip: CardChip
    receipt_context: ReceiptContext
    dossiers: DossierDirectory
    documents: DocumentAssembler
    payments: PaymentDesk = field(default_factory=NoPaymentDesk)
    """Where fees are paid by VietQR (none: the resident pays at the office or later)."""
