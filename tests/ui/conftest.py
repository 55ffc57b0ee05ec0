"""The real QML screens over fakes of the outside world (for the UI's own behaviour)."""

import io
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date

import pytest
from PIL import Image

from kiosk.chip_data import ChipReadFailure, ChipReadResult
from kiosk.dossier_lookup import DossierFacts, LookupFailure
from kiosk.payment import PaymentFailure, PaymentRequest, PaymentState, PaymentStatus
from kiosk.ports import (
    CameraPreview,
    DocumentTooLargeError,
    PageSighting,
    Ports,
    QueueUnavailableError,
    ReaderState,
    ScanTarget,
)
from kiosk.procedures import Catalogue
from kiosk.rating import Rating
from kiosk.receipt import Receipt, ReceiptContext
from kiosk.session import KioskSession
from kiosk.settings import FONT_DIR, PROCEDURES_DIR
from kiosk.submission import Submission
from tests.fake_clock import FakeClock
from ui.application import KioskWindow, create_gui_application
from ui.driver import ScreenDriver
from ui.session_bridge import SessionBridge


class FakeQueue:
    """An outbox that records what it was given, or fails on demand."""

    def __init__(self) -> None:
        self.queued: list[Submission] = []
        self.files: dict[str, bytes] = {}
        self.ratings: list[Rating] = []
        self.broken = False

    def queue(self, submission: Submission, files: Mapping[str, bytes]) -> None:
        if self.broken:
            raise QueueUnavailableError("disk full")
        assert set(files) == set(submission.attachments)
        self.queued.append(submission)
        self.files.update(files)

    def queue_rating(self, rating: Rating) -> None:
        if self.broken:
            raise QueueUnavailableError("disk full")
        self.ratings.append(rating)


class FakePayments:
    """A payment desk the test drives: it makes a VietQR transfer for each dossier, or
    is unreachable; the test marks a payment paid."""

    def __init__(self) -> None:
        self.broken = False
        self.paid: set[str] = set()
        self.requested: list[tuple[str, int]] = []
        self.answering = threading.Event()  # cleared: the desk holds its answer until set
        self.answering.set()

    def request(self, tracking_code: str, amount_vnd: int) -> PaymentRequest | PaymentFailure:
        self.answering.wait(30)
        if self.broken:
            return PaymentFailure.UNAVAILABLE
        self.requested.append((tracking_code, amount_vnd))
        payment_id = f"PAY-{tracking_code}"
        state = PaymentState.PAID if payment_id in self.paid else PaymentState.PENDING
        return PaymentRequest(
            payment_id,
            tracking_code,
            "970415",
            "113366668888",
            amount_vnd,
            f"HS {tracking_code}",
            state,
        )

    def status(self, payment_id: str) -> PaymentStatus | PaymentFailure:
        if self.broken:
            return PaymentFailure.UNAVAILABLE
        state = PaymentState.PAID if payment_id in self.paid else PaymentState.PENDING
        return PaymentStatus(payment_id, state)


class FakePrinter:
    """A printer that is out of paper until told otherwise."""

    def __init__(self) -> None:
        self.working = True
        self.printed: list[Receipt] = []

    def print_receipt(self, receipt: Receipt) -> bool:
        if self.working:
            self.printed.append(receipt)
        return self.working

    def picture(self, receipt: Receipt) -> bytes:
        buffer = io.BytesIO()
        Image.new("1", (384, 600), 1).save(buffer, format="PNG")
        return buffer.getvalue()

    def ready(self) -> bool:
        return self.working


def paper_photo(seed: int) -> bytes:
    """A JPEG of a page, different for each seed."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 200 - seed, 180)).save(buffer, format="JPEG")
    return buffer.getvalue()


class FakeQr:
    """A camera the test holds QR codes (or papers) up to."""

    def __init__(self) -> None:
        self.on_payload: Callable[[str], None] | None = None
        self.on_preview: Callable[[CameraPreview], None] | None = None
        self.previewing = False
        self.photos_taken = 0
        self.target: ScanTarget | None = None

    def start_preview(self, on_preview: Callable[[CameraPreview], None]) -> None:
        self.on_preview = on_preview
        self.previewing = True

    def capture_page(self) -> bytes | None:
        if not self.previewing:
            return None
        self.photos_taken += 1
        return paper_photo(self.photos_taken)

    def start(
        self,
        on_payload: Callable[[str], None],
        on_preview: Callable[[CameraPreview], None] | None = None,
        target: ScanTarget = ScanTarget.ID_CARD,
    ) -> None:
        self.on_payload = on_payload
        self.on_preview = on_preview
        self.target = target

    def stop(self) -> None:
        self.on_payload = None
        self.on_preview = None
        self.previewing = False

    def see(self, width: int, height: int, grey: int) -> None:
        """The camera sees a plain picture of this grey level."""
        assert self.on_preview is not None, "nobody asked for previews"
        self.on_preview(CameraPreview(width, height, bytes([grey]) * (width * height * 3)))

    def see_page(self, page: PageSighting) -> None:
        """The camera sees a paper, as the page finder found it."""
        assert self.on_preview is not None, "nobody asked for previews"
        self.on_preview(CameraPreview(4, 3, bytes([128]) * (4 * 3 * 3), page))

    def show(self, payload: str) -> None:
        assert self.on_payload is not None, "the camera is not on"
        self.on_payload(payload)


class FakeDocuments:
    """Makes a paper's file by joining its pages (the real one, a PDF, is tested in
    tests/hardware); the test may set a size above which it refuses."""

    def __init__(self) -> None:
        self.made: list[list[bytes]] = []
        self.max_bytes: int | None = None

    def assemble(self, pages: Sequence[bytes]) -> bytes:
        document = b"%PDF-fake\n" + b"\n--page--\n".join(pages)
        if self.max_bytes is not None and len(document) > self.max_bytes:
            raise DocumentTooLargeError("too large")
        self.made.append(list(pages))
        return document


class FakeChip:
    """A card reader: the test puts a card on it and says what reading it gives."""

    def __init__(self) -> None:
        self.on_state: Callable[[ReaderState], None] | None = None
        self.result: ChipReadResult = ChipReadFailure.NO_CARD
        self.asked: list[tuple[str, date]] = []
        self.release = threading.Event()
        self.release.set()

    def watch(self, on_state: Callable[[ReaderState], None]) -> None:
        self.on_state = on_state
        on_state(ReaderState.EMPTY)

    def put(self, state: ReaderState) -> None:
        assert self.on_state is not None
        self.on_state(state)

    def read(self, id_number: str, date_of_birth: date) -> ChipReadResult:
        self.asked.append((id_number, date_of_birth))
        self.release.wait(10)
        return self.result

    def stop(self) -> None:
        self.on_state = None


class FakeDirectory:
    """Dossiers by tracking code; the test says what the kiosk knows, and may hold the answer
    back to see the screen wait."""

    def __init__(self) -> None:
        self.dossiers: dict[str, DossierFacts] = {}
        self.broken = False
        self.asked: list[str] = []
        self.release = threading.Event()
        self.release.set()

    def look_up(self, tracking_code: str) -> DossierFacts | LookupFailure:
        self.asked.append(tracking_code)
        self.release.wait(10)
        if self.broken:
            return LookupFailure.UNAVAILABLE
        return self.dossiers.get(tracking_code, LookupFailure.NOT_FOUND)


class Screens:
    """The window, its bridge and the fakes behind it."""

    def __init__(self) -> None:
        self.queue = FakeQueue()
        self.printer = FakePrinter()
        self.qr = FakeQr()
        self.chip = FakeChip()
        self.dossiers = FakeDirectory()
        self.documents = FakeDocuments()
        self.payments = FakePayments()
        self.clock = FakeClock()
        session = KioskSession(Catalogue.load(PROCEDURES_DIR), self.clock, "HN-TEST-1")
        ports = Ports(
            self.queue,
            self.printer,
            self.qr,
            self.qr,
            self.chip,
            ReceiptContext(
                "HN-TEST-1 · Tòa A",
                "1022",
                "https://example.invalid/tra-cuu",
                "Ban quản lý tòa nhà, tầng 1: 024 3771 0000",
            ),
            self.dossiers,
            self.documents,
            self.payments,
        )
        windows: list[KioskWindow] = []
        self.bridge = SessionBridge(
            session, ports, on_language=lambda lang: windows[0].set_language(lang)
        )
        self.window = KioskWindow(self.bridge, 1080, 1920, fullscreen=False)
        windows.append(self.window)
        self.driver = ScreenDriver(self.window.window)
        self.session = session

    def close(self) -> None:
        self.bridge.shutdown()
        self.window.close()


@pytest.fixture
def screens(qapp) -> Iterator[Screens]:
    create_gui_application(FONT_DIR, headless=True)
    s = Screens()
    yield s
    s.close()
