"""The screens' ports while the back-end is still starting: stand-ins that hand every call on
to the real port once it is there, so that nothing a resident does in the first moments
after the home screen shows is lost.

The staged start-up (:mod:`kiosk.app.start_up`) shows the home screen before the outbox, the
portal client and the devices exist, and attaches them here (:meth:`PendingPorts.attach`)
as soon as they do. Until then:

- what the screens call on the GUI thread (the camera, the card reader's watch) is
  remembered and replayed on the real port: the GUI thread never waits;
- what they call on a background thread (queueing a submission, reading the chip,
  printing, the look-up) waits for the back-end, while the screen shows its progress, and
  then runs on the real port. If the back-end never comes (:meth:`PendingPorts.fail`, or
  :data:`BACKEND_WAIT_S` pass), the call ends as the port's own "unavailable" outcome, the
  one the screen already tells the resident about (:class:`~kiosk.ports.QueueUnavailableError`:
  the answers stay on screen).

The technician's PIN and tools wait the same way (:class:`PendingPins`,
:func:`pending_tools`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from kiosk.chip_data import ChipReadFailure, ChipReadResult
from kiosk.payment import PaymentFailure, PaymentRequest, PaymentStatus
from kiosk.ports import (
    CameraPreview,
    DocumentError,
    Ports,
    QueueUnavailableError,
    ReaderState,
    ScanTarget,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kiosk.dossier_lookup import DossierFacts, LookupFailure
    from kiosk.health import KioskHealth
    from kiosk.rating import Rating
    from kiosk.receipt import Receipt, ReceiptContext
    from kiosk.selftest import Check
    from kiosk.submission import Submission
    from kiosk.technician import PinChecker, PrintOutcome, TechnicianTools, UnsentSubmission
    from kiosk.technician_pin import PinResult

BACKEND_WAIT_S = 120.0
"""How long a call made before the back-end is up waits for it. Far longer than a start
takes (about a second); a back-end that has not come by then never will, and the kiosk's
service is restarted (no ``READY=1``: systemd's start time-out)."""

T = TypeVar("T")


class BackendUnavailableError(RuntimeError):
    """The back-end did not come up (it failed, or took longer than :data:`BACKEND_WAIT_S`)."""


class Pending(Generic[T]):
    """One part of the back-end, not yet there: :meth:`get` waits for it."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._ready = threading.Event()
        self._part: T | None = None
        self._failed = False

    @property
    def part(self) -> T | None:
        """The part, or None while it is not there (never waits)."""
        return self._part

    def put(self, part: T) -> None:
        self._part = part
        self._ready.set()

    def fail(self) -> None:
        self._failed = True
        self._ready.set()

    def get(self, timeout_s: float = BACKEND_WAIT_S) -> T:
        """The part, once it is there; raises :class:`BackendUnavailableError` if it never
        comes. Call it off the GUI thread only: the GUI thread attaches it."""
        self._ready.wait(timeout_s)
        if self._part is None:
            reason = "failed to start" if self._failed else f"not up after {timeout_s:.0f} s"
            raise BackendUnavailableError(f"{self._what}: the kiosk's back-end {reason}")
        return self._part


class PendingQueue:
    """:class:`~kiosk.ports.SubmissionQueue`: queues once the outbox is open."""

    def __init__(self, pending: Pending[Ports]) -> None:
        self._pending = pending

    def queue(self, submission: Submission, files: Mapping[str, bytes]) -> None:
        try:
            ports = self._pending.get()
        except BackendUnavailableError as exc:
            raise QueueUnavailableError(str(exc)) from exc
        ports.queue.queue(submission, files)

    def queue_rating(self, rating: Rating) -> None:
        try:
            ports = self._pending.get()
        except BackendUnavailableError as exc:
            raise QueueUnavailableError(str(exc)) from exc
        ports.queue.queue_rating(rating)


class PendingPrinter:
    """:class:`~kiosk.ports.ReceiptOutput`: prints once the printer is there."""

    def __init__(self, pending: Pending[Ports]) -> None:
        self._pending = pending

    def print_receipt(self, receipt: Receipt) -> bool:
        try:
            return self._pending.get().printer.print_receipt(receipt)
        except BackendUnavailableError:
            return False

    def picture(self, receipt: Receipt) -> bytes:
        return self._pending.get().printer.picture(receipt)

    def ready(self) -> bool:
        try:
            return self._pending.get().printer.ready()
        except BackendUnavailableError:
            return False


class PendingCamera:
    """:class:`~kiosk.ports.QrSource` and :class:`~kiosk.ports.PhotoSource` on the GUI
    thread: what the screens last asked of the camera is done when it is there."""

    def __init__(self) -> None:
        self._ports: Ports | None = None
        self._wanted: Callable[[Ports], None] | None = None

    def attach(self, ports: Ports) -> None:
        self._ports = ports
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            wanted(ports)

    def start(
        self,
        on_qr: Callable[[str], None],
        on_preview: Callable[[CameraPreview], None] | None = None,
        target: ScanTarget = ScanTarget.ID_CARD,
    ) -> None:
        if self._ports is None:
            self._wanted = lambda ports: ports.qr.start(on_qr, on_preview, target)
            return
        self._ports.qr.start(on_qr, on_preview, target)

    def start_preview(self, on_preview: Callable[[CameraPreview], None]) -> None:
        if self._ports is None:
            self._wanted = lambda ports: ports.photos.start_preview(on_preview)
            return
        self._ports.photos.start_preview(on_preview)

    def capture_page(self) -> bytes | None:
        return None if self._ports is None else self._ports.photos.capture_page()

    def stop(self) -> None:
        if self._ports is None:
            self._wanted = None
            return
        self._ports.qr.stop()
        photos: object = self._ports.photos
        if photos is not self._ports.qr:
            self._ports.photos.stop()


class PendingChip:
    """:class:`~kiosk.ports.CardChip`: the watch starts when the reader is there (the
    identify screen shows the reader as absent until then); reads wait for it."""

    def __init__(self, pending: Pending[Ports]) -> None:
        self._pending = pending
        self._watcher: Callable[[ReaderState], None] | None = None
        self._attached = False

    def attach(self, ports: Ports) -> None:
        self._attached = True
        if self._watcher is not None:
            ports.chip.watch(self._watcher)

    def watch(self, on_state: Callable[[ReaderState], None]) -> None:
        self._watcher = on_state
        ports = self._pending.part
        if self._attached and ports is not None:
            ports.chip.watch(on_state)

    def read(self, id_number: str, date_of_birth: date) -> ChipReadResult:
        try:
            return self._pending.get().chip.read(id_number, date_of_birth)
        except BackendUnavailableError:
            return ChipReadFailure.SERVICE_UNAVAILABLE

    def stop(self) -> None:
        ports = self._pending.part
        self._watcher = None
        if self._attached and ports is not None:
            ports.chip.stop()


class PendingDossiers:
    """:class:`~kiosk.ports.DossierDirectory`: looks up once the portal client is there."""

    def __init__(self, pending: Pending[Ports]) -> None:
        self._pending = pending

    def look_up(self, tracking_code: str) -> DossierFacts | LookupFailure:
        # The look-up's and the technician's modules are loaded after the home screen's
        # first frame: here, when first called.
        from kiosk.dossier_lookup import LookupFailure

        try:
            return self._pending.get().dossiers.look_up(tracking_code)
        except BackendUnavailableError:
            return LookupFailure.UNAVAILABLE


class PendingPayments:
    """:class:`~kiosk.ports.PaymentDesk`: asks once the portal client is there."""

    def __init__(self, pending: Pending[Ports]) -> None:
        self._pending = pending

    def request(self, tracking_code: str, amount_vnd: int) -> PaymentRequest | PaymentFailure:
        try:
            return self._pending.get().payments.request(tracking_code, amount_vnd)
        except BackendUnavailableError:
            return PaymentFailure.UNAVAILABLE

    def status(self, payment_id: str) -> PaymentStatus | PaymentFailure:
        try:
            return self._pending.get().payments.status(payment_id)
        except BackendUnavailableError:
            return PaymentFailure.UNAVAILABLE


class PendingDocuments:
    """:class:`~kiosk.ports.DocumentAssembler`: assembles once the back-end's limits are
    there (a resident cannot finish a paper's pages before the back-end is up)."""

    def __init__(self, pending: Pending[Ports]) -> None:
        self._pending = pending

    def assemble(self, pages: Sequence[bytes]) -> bytes:
        ports = self._pending.part  # never waited for: this is the GUI thread
        if ports is None:
            raise DocumentError("the kiosk's back-end is not up yet")
        return ports.documents.assemble(pages)


class PendingPorts:
    """The screens' :class:`~kiosk.ports.Ports` before the back-end is up, and the hand-over
    to the real ones."""

    def __init__(self, receipt_context: ReceiptContext) -> None:
        self._pending: Pending[Ports] = Pending("the outbox and the devices")
        self._camera = PendingCamera()
        self._chip = PendingChip(self._pending)
        self.ports = Ports(
            queue=PendingQueue(self._pending),
            printer=PendingPrinter(self._pending),
            qr=self._camera,
            photos=self._camera,
            chip=self._chip,
            receipt_context=receipt_context,
            dossiers=PendingDossiers(self._pending),
            documents=PendingDocuments(self._pending),
            payments=PendingPayments(self._pending),
        )
        """What the screens are given."""

    @property
    def attached(self) -> bool:
        """Whether the real ports are in place."""
        return self._pending.part is not None

    def attach(self, real: Ports) -> None:
        """The back-end is up: calls waiting go on, remembered ones are replayed (GUI
        thread)."""
        self._pending.put(real)
        self._camera.attach(real)
        self._chip.attach(real)

    def fail(self) -> None:
        """The back-end failed to start: calls waiting end as "unavailable"."""
        self._pending.fail()


class PendingPins:
    """The technician PIN (:class:`~kiosk.technician.PinChecker`) before the back-end: the
    PIN pad does not open until the PIN store is there (a second or so after start)."""

    def __init__(self) -> None:
        self._pending: Pending[PinChecker] = Pending("the technician PIN")

    def attach(self, pins: PinChecker) -> None:
        self._pending.put(pins)

    def fail(self) -> None:
        self._pending.fail()

    def is_set(self) -> bool:
        pins = self._pending.part
        return pins is not None and pins.is_set()

    def verify(self, pin: str) -> PinResult:
        from kiosk.technician_pin import PinCheck, PinResult

        try:
            return self._pending.get().verify(pin)
        except BackendUnavailableError:
            return PinResult(PinCheck.NOT_SET, 0, None)

    def locked_until(self) -> datetime | None:
        pins = self._pending.part
        return None if pins is None else pins.locked_until()


def pending_tools(pending: Pending[TechnicianTools]) -> TechnicianTools:
    """The technician screen's tools, each waiting for the real one (they run off the GUI
    thread). ``restart`` does not wait: quitting needs no back-end."""
    from kiosk.technician import TechnicianTools

    def health() -> KioskHealth:
        return pending.get().health()

    def oldest_unsent() -> UnsentSubmission | None:
        return pending.get().oldest_unsent()

    def test_print() -> PrintOutcome:
        return pending.get().test_print()

    def sync_now() -> int:
        return pending.get().sync_now()

    def self_test(on_check: Callable[[str], None]) -> Sequence[Check]:
        return pending.get().self_test(on_check)

    def restart() -> None:
        from kiosk.app.technician_wiring import quit_for_restart

        tools = pending.part
        (quit_for_restart if tools is None else tools.restart)()

    return TechnicianTools(
        health=health,
        oldest_unsent=oldest_unsent,
        test_print=test_print,
        sync_now=sync_now,
        self_test=self_test,
        restart=restart,
    )
