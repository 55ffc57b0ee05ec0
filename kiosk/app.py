"""The composition root: the one place that reads the configuration and wires the parts.

``build_app`` constructs the devices (real or simulated), the outbox, the portal client and
its worker, and, in demo mode, the embedded portal simulator. Nothing else in the code base
constructs a device or a client. This module alone in ``kiosk`` may import ``ui``,
``hardware`` and ``sync`` (see the import-linter contracts in pyproject.toml).
"""

from __future__ import annotations

import io
import logging
import sqlite3
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import cv2
from sqlalchemy.exc import SQLAlchemyError

from hardware.camera.interface import Camera
from hardware.camera.opencv_camera import OpenCvCamera
from hardware.camera.scan_service import QrScanService
from hardware.camera.simulator import SimulatedCamera, page_held_up
from hardware.card_reader.cccd_access import bac_candidates, card_access_number
from hardware.card_reader.cccd_chip import PcscChipReader
from hardware.card_reader.pcsc_reader import PcscCardReader
from hardware.printer.escpos_encoding import preload as preload_escpos
from hardware.printer.escpos_printer import EscposReceiptPrinter
from hardware.printer.interface import PrinterState, PrinterStatus, ReceiptPrinter
from hardware.printer.simulator import SimulatedPrinter
from hardware.qr_scanner import QrScanner
from kiosk.catalogue_store import CatalogueStore
from kiosk.chip_data import ChipReadResult
from kiosk.ports import CameraPreview, QueueUnavailableError, ScanTarget
from kiosk.receipt import Receipt, ReceiptContext
from kiosk.receipt_layout import layout_receipt, render_blocks
from kiosk.session import KioskSession
from kiosk.settings import CONFIG_DIR, Settings, in_data_dir
from kiosk.submission import Submission
from sync.catalogue_refresh import CatalogueRefresher
from sync.commands import portal_client
from sync.dossier_directory import OutboxDirectory
from sync.outbox import Outbox
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from sync.worker import SyncWorker

if TYPE_CHECKING:
    from ui.application import KioskWindow
    from ui.session_bridge import SessionBridge

log = logging.getLogger(__name__)

Mode = Literal["run", "demo"]
FONT_DIR = CONFIG_DIR / "fonts"
PROCEDURES_DIR = CONFIG_DIR / "procedures"
DEMO_CAMERA_DIR = CONFIG_DIR / "demo" / "camera"
DEMO_FRAME_INTERVAL_S = 0.4
DEMO_EMPTY_FRAMES = 4
PHOTO_JPEG_QUALITY = 90
"""The demo camera shows an empty scene for a moment before the card, as a resident would."""


def utc_now() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(UTC)


class OutboxQueue:
    """The outbox as the session sees it: store durably, then wake the sync worker."""

    def __init__(self, outbox: Outbox, worker: SyncWorker) -> None:
        self._outbox = outbox
        self._worker = worker

    def queue(self, submission: Submission, files: Mapping[str, bytes]) -> None:
        """Commit the photos, then the submission (synchronous=FULL), then ask the worker to
        send it. A photo stored without its submission (power cut in between) is harmless:
        it is content-addressed and purged with the rest."""
        try:
            for sha in submission.attachments:
                self._outbox.put_attachment(files[sha])
            self._outbox.enqueue(submission, attachments=submission.attachments)
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise QueueUnavailableError(type(exc).__name__) from exc
        self._worker.notify()


class PrinterOutput:
    """The receipt printer as the session sees it.

    A failed print is an operator alarm (``printer.failed`` in the journal, with the state);
    the resident is never held up by it.
    """

    def __init__(self, printer: ReceiptPrinter, width_dots: int) -> None:
        self._printer = printer
        self._width_dots = width_dots

    def print_receipt(self, receipt: Receipt) -> bool:
        """Print; False when the printer could not."""
        result = self._printer.print_receipt(receipt)
        if not result.printed:
            log.warning(
                "receipt not printed",
                extra={"event": "printer.failed", "state": result.status.state.value},
            )
        return result.printed

    def picture(self, receipt: Receipt) -> bytes:
        """The receipt as it would print, as PNG bytes."""
        image = render_blocks(layout_receipt(receipt, self._width_dots, FONT_DIR), self._width_dots)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()

    def ready(self) -> bool:
        """Whether the printer says it can print (an unknown status counts as ready)."""
        state = self._printer.status().state
        return state in (PrinterState.READY, PrinterState.PAPER_NEAR_END, PrinterState.UNKNOWN)


class KioskCamera:
    """The camera as the session sees it: a QR reader on the identify screen, a document
    scanner on a photo question (one device, so one of the two at a time)."""

    def __init__(self, open_camera: Callable[[ScanTarget], Camera]) -> None:
        """``open_camera(target)`` opens the device; the demo's shows ``target``."""
        self._open_camera = open_camera
        self._scanner = QrScanner()
        self._service: QrScanService | None = None
        self._camera: Camera | None = None
        self._closing: threading.Thread | None = None

    def start(
        self,
        on_payload: Callable[[str], None],
        on_preview: Callable[[CameraPreview], None] | None = None,
        target: ScanTarget = ScanTarget.ID_CARD,
    ) -> None:
        """Open the camera and scan for QR codes until :meth:`stop`."""
        self._run(
            target,
            lambda camera: QrScanService(camera, self._scanner, on_payload, on_preview=on_preview),
        )

    def start_preview(self, on_preview: Callable[[CameraPreview], None]) -> None:
        """Open the camera and preview (no decoding) until :meth:`stop`."""
        self._run(
            ScanTarget.PAPER,
            lambda camera: QrScanService(
                camera, self._scanner, lambda _: None, on_preview=on_preview, decode=False
            ),
        )

    def take_photo(self) -> bytes | None:
        """The latest full-size frame as JPEG (quality 90), or None before the first frame."""
        frame = None if self._service is None else self._service.latest_frame()
        if frame is None:
            return None
        ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, PHOTO_JPEG_QUALITY])
        return bytes(jpeg) if ok else None

    def _run(self, target: ScanTarget, make: Callable[[Camera], QrScanService]) -> None:
        self.stop()
        if self._closing is not None:
            self._closing.join()  # a camera device cannot be opened twice
            self._closing = None
        self._camera = self._open_camera(target)
        self._service = make(self._camera)
        self._service.start()

    def stop(self) -> None:
        """Stop scanning now; release the camera in the background.

        The scanning thread may be inside a camera read for a frame interval: waiting for it
        here would freeze the screen the resident is moving to.
        """
        service, camera = self._service, self._camera
        self._service = self._camera = None
        if service is None:
            return
        service.stop(wait=False)

        def release() -> None:
            service.join()
            if camera is not None:
                camera.close()

        self._closing = threading.Thread(target=release, name="camera-close", daemon=True)
        self._closing.start()

    def close(self) -> None:
        """Stop and wait until the camera is released (at exit)."""
        self.stop()
        if self._closing is not None:
            self._closing.join()
            self._closing = None


class PcscChip:
    """The PC/SC card reader and the CCCD chip reader as the session sees them."""

    def __init__(self, reader_name_contains: str) -> None:
        self._watcher = PcscCardReader(reader_name_contains)
        self._reader = PcscChipReader(reader_name_contains)

    def watch(self, on_state: Callable[[str], None]) -> None:
        """Report the reader's state (pcscd's status changes, not polling by the screen)."""
        self._watcher.watch(lambda state: on_state(state.value))

    def read(self, id_number: str, date_of_birth: date) -> ChipReadResult:
        """PACE with the CAN where the card offers it, else BAC with the candidate keys
        (the issue date is not known when the resident types the keys)."""
        keys = bac_candidates(id_number, date_of_birth, None, datetime.now(UTC).date())
        return self._reader.read_with_keys(keys, can=card_access_number(id_number))

    def stop(self) -> None:
        self._watcher.stop()


@dataclass
class KioskApp:
    """Everything wired, not yet on screen."""

    settings: Settings
    mode: Mode
    data_dir: Path
    catalogue_store: CatalogueStore
    catalogue_refresher: CatalogueRefresher
    outbox: Outbox
    client: PortalClient
    lookup_client: PortalClient
    worker: SyncWorker
    printer: ReceiptPrinter
    camera: KioskCamera
    chip: PcscChip
    receipt_context: ReceiptContext
    portal_simulator: PortalSimulator | None = None
    clock: Callable[[], datetime] = utc_now
    _stopped: bool = field(default=False, repr=False)

    def new_session(self) -> KioskSession:
        """A fresh resident session over this kiosk's catalogue."""
        return KioskSession(
            catalogue=self.catalogue_store.catalogue,
            clock=self.clock,
            kiosk_id=self.client.kiosk_id,  # the enrolled id, else [kiosk] id
            idle_warning_after_s=self.settings.ui.idle_warning_after_s,
            idle_countdown_s=self.settings.ui.idle_countdown_s,
        )

    def start(self) -> None:
        """Start the background sync and catalogue refresh, and load the printer's library
        (left out of start-up, so the home screen shows sooner)."""
        self.worker.start()
        self.catalogue_refresher.start()
        threading.Thread(target=preload_escpos, name="preload", daemon=True).start()

    def stop(self) -> None:
        """Stop everything that runs in the background (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self.camera.close()
        self.catalogue_refresher.stop()
        self.worker.stop()
        self.client.close()
        self.lookup_client.close()
        self.outbox.close()
        if self.portal_simulator is not None:
            self.portal_simulator.stop()


def build_printer(settings: Settings, mode: Mode, data_dir: Path) -> ReceiptPrinter:
    """The configured receipt printer, or in demo the simulator writing PNGs."""
    if mode == "demo":
        return SimulatedPrinter(data_dir / "receipts", settings.printer.width_dots, FONT_DIR)
    return EscposReceiptPrinter(
        settings.printer.connection, settings.printer.target, settings.printer.width_dots, FONT_DIR
    )


def demo_camera(printer: ReceiptPrinter, frame_dir: Path) -> Callable[[ScanTarget], Camera]:
    """The demo's camera: a moment of empty scene, then what the resident holds up. The
    ID card's QR side (and, for now, for a paper too); on the look-up screen, the newest
    receipt the simulated printer made, so its QR code can be looked up."""
    frames = sorted(DEMO_CAMERA_DIR.glob("*.png"))
    empty, card = frames[0], frames[1:]

    def open_camera(target: ScanTarget) -> Camera:
        shown = card
        if target is ScanTarget.RECEIPT:
            printed = printer.printed if isinstance(printer, SimulatedPrinter) else []
            shown = [receipt_frame(printed[-1])] if printed else [empty]
        return SimulatedCamera([empty] * DEMO_EMPTY_FRAMES + shown, DEMO_FRAME_INTERVAL_S)

    def receipt_frame(receipt: Path) -> Path:
        # made once per receipt: the camera is opened on the GUI thread
        frame = frame_dir / receipt.name
        return frame if frame.exists() else page_held_up(receipt, frame)

    return open_camera


def build_app(settings: Settings, mode: Mode, data_dir: Path) -> KioskApp:
    """Wire the kiosk: real drivers for ``run``, simulators and a local portal for ``demo``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    catalogue_store = CatalogueStore(CONFIG_DIR, data_dir / "catalogue", utc_now)
    simulator: PortalSimulator | None = None
    base_url = settings.portal.base_url
    open_camera: Callable[[ScanTarget], Camera]
    printer = build_printer(settings, mode, data_dir)
    if mode == "demo":
        simulator = PortalSimulator(data_dir / "portal", allow_unenrolled=True)
        base_url = simulator.start()
        open_camera = demo_camera(printer, data_dir / "camera")
    else:
        cam = settings.camera

        def open_camera(_target: ScanTarget) -> Camera:
            return OpenCvCamera(cam.device, cam.width, cam.height)

    outbox = Outbox(
        in_data_dir(settings.outbox.path, data_dir),
        key_path=in_data_dir(settings.outbox.key_path, data_dir),
        retention=timedelta(days=settings.outbox.retention_days),
    )
    client = portal_client(settings, data_dir, base_url)  # the enrolment, when there is one
    lookup_client = portal_client(settings, data_dir, base_url, settings.portal.lookup_timeout_s)
    worker = SyncWorker(outbox, client, heartbeat_interval_s=settings.sync.heartbeat_interval_s)
    refresher = CatalogueRefresher(
        lambda: portal_client(settings, data_dir, base_url),
        catalogue_store.accept,  # CatalogueError: refused, the old one stays in use
        interval_s=settings.sync.catalogue_refresh_s,
        etag=catalogue_store.etag,
    )
    return KioskApp(
        settings=settings,
        mode=mode,
        data_dir=data_dir,
        catalogue_store=catalogue_store,
        catalogue_refresher=refresher,
        outbox=outbox,
        client=client,
        lookup_client=lookup_client,
        worker=worker,
        printer=printer,
        camera=KioskCamera(open_camera),
        chip=PcscChip(settings.card_reader.name_contains),
        receipt_context=ReceiptContext(
            kiosk_name=f"{settings.kiosk.id} · {settings.kiosk.building_vi}",
            hotline=settings.kiosk.hotline,
            status_url=settings.portal.status_url,
        ),
        portal_simulator=simulator,
    )


@dataclass
class OnScreen:
    """The kiosk's window and the bridge it binds to, running over a :class:`KioskApp`."""

    app: KioskApp
    window: KioskWindow
    bridge: SessionBridge

    def close(self) -> None:
        """Stop the screens first (so no binding sees a half-gone bridge), then the app."""
        self.bridge.shutdown()
        self.window.close()
        self.app.stop()


def put_on_screen(app: KioskApp, *, headless: bool, fullscreen: bool | None = None) -> OnScreen:
    """Create the Qt application and the QML window over ``app``, and start the sync."""
    from ui.application import KioskWindow, create_gui_application
    from ui.session_bridge import Ports, SessionBridge

    create_gui_application(FONT_DIR, headless=headless)
    ports = Ports(
        queue=OutboxQueue(app.outbox, app.worker),
        printer=PrinterOutput(app.printer, app.settings.printer.width_dots),
        qr=app.camera,
        photos=app.camera,
        chip=app.chip,
        receipt_context=app.receipt_context,
        dossiers=OutboxDirectory(app.outbox, app.lookup_client),
    )
    windows: list[KioskWindow] = []
    bridge = SessionBridge(
        app.new_session(),
        ports,
        language=app.settings.ui.language,
        on_language=lambda language: windows[0].set_language(language),
    )
    app.catalogue_store.on_change(bridge.catalogue_arrived)
    ui = app.settings.ui
    full = ui.fullscreen if fullscreen is None else fullscreen
    window = KioskWindow(bridge, ui.width, ui.height, fullscreen=full and not headless)
    windows.append(window)
    app.start()
    return OnScreen(app, window, bridge)


def run_gui(app: KioskApp, *, headless: bool, tour_dir: Path | None = None) -> int:
    """Put the kiosk on screen; with ``tour_dir``, walk the resident's path and save
    pictures instead of waiting for a person."""
    from PySide6.QtGui import QGuiApplication

    from ui.driver import ScreenDriver
    from ui.tour import Tour

    screen = put_on_screen(app, headless=headless)
    try:
        if tour_dir is None:
            return QGuiApplication.exec()
        tour = Tour(ScreenDriver(screen.window.window), screen.bridge, tour_dir)
        tour.walk()
        tour.walk_in_english()
        tour.walk_photo_page()
        tour.walk_lookup(tour.tracking_codes[-1])
        if isinstance(app.printer, SimulatedPrinter):
            target = tour_dir / "receipt.png"
            target.write_bytes(app.printer.printed[-1].read_bytes())
            tour.pictures.append(target)
            app.printer.set_status(PrinterStatus(PrinterState.NO_PAPER, "tour"))
            tour.walk_printer_fault()
            app.printer.set_status(PrinterStatus(PrinterState.READY))
        for picture in tour.pictures:
            print(picture)
        return 0
    finally:
        screen.close()
