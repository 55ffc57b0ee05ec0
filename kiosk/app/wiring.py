"""Every part of a running kiosk, wired: real drivers for ``run``, simulators and a local
portal for ``demo``; and the operators' audit trail heard by each part that has something to
record (the settings here, the catalogue, the devices, the session, the sync)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hardware.camera.interface import Camera
from hardware.camera.kiosk_camera import KioskCamera
from hardware.camera.opencv_camera import OpenCvCamera
from hardware.card_reader.pcsc_chip import PcscChip
from hardware.printer.escpos_encoding import preload as preload_escpos
from hardware.printer.interface import ReceiptPrinter
from kiosk.app.audit_log import kiosk_audit
from kiosk.app.demo import demo_camera
from kiosk.app.health_source import package_version
from kiosk.app.parts import Mode, build_printer, kiosk_id, open_outbox, portal_client
from kiosk.audit import NO_AUDIT, AuditEvent, AuditTrail
from kiosk.catalogue_store import CatalogueStore
from kiosk.clock import SYSTEM_CLOCK, Clock, utc_now
from kiosk.device_faults import camera_faults, printer_faults, reader_faults
from kiosk.kiosk_address import KioskAddress
from kiosk.ports import ScanTarget
from kiosk.receipt import ReceiptContext
from kiosk.session import KioskSession
from kiosk.settings import CONFIG_DIR, CameraSection, Settings
from kiosk.units import hanoi_units
from sync.catalogue_refresh import CatalogueRefresher
from sync.outbox import Outbox
from sync.payment_desk import PortalPaymentDesk
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from sync.worker import SyncWorker


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
    clock: Clock = SYSTEM_CLOCK
    audit: AuditTrail = field(default=NO_AUDIT, repr=False)
    _started_at: float | None = field(default=None, repr=False)
    """When :meth:`start` ran, on the monotonic clock (for how long the kiosk ran)."""
    _stopped: bool = field(default=False, repr=False)

    def new_session(self) -> KioskSession:
        """A fresh resident session over this kiosk's catalogue."""
        return KioskSession(
            catalogue=self.catalogue_store.catalogue,
            clock=self.clock,
            kiosk_id=self.client.kiosk_id,  # the enrolled id, else [kiosk] id
            idle_warning_after_s=self.settings.ui.idle_warning_after_s,
            idle_countdown_s=self.settings.ui.idle_countdown_s,
            audit=self.audit,
            kiosk_address=kiosk_address(self.settings.kiosk.building_vi, self.settings.kiosk.ward),
            retention_days=self.settings.outbox.retention_days,
        )

    @functools.cached_property
    def payments(self) -> PortalPaymentDesk:
        """Fees paid by VietQR, over the look-up's client (short timeout: a resident waits)."""
        return PortalPaymentDesk(self.lookup_client)

    def start(self) -> None:
        """Start the background sync and catalogue refresh, watch the card reader for the
        audit trail, and load the printer's library (left out of start-up, so the home
        screen shows sooner)."""
        self._started_at = self.clock.monotonic()
        self.audit.record(
            AuditEvent.KIOSK_STARTED,
            version=package_version(),
            mode=self.mode,
            catalogue=self.catalogue_store.version.name,
        )
        self.chip.watch(reader_faults(self.audit).observe)
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
        ran_s = None
        if self._started_at is not None:
            ran_s = max(0.0, self.clock.monotonic() - self._started_at)
        self.audit.record(AuditEvent.KIOSK_STOPPED, version=package_version(), duration_s=ran_s)


@functools.cache
def kiosk_address(building: str, ward: str) -> KioskAddress:
    """The kiosk's building and ward (named from Hanoi's units), for the questions that start
    with them (read once)."""
    try:
        return KioskAddress.of(building, ward, hanoi_units())
    except ValueError:
        return KioskAddress(building.strip(), ward)


def build_app(
    settings: Settings,
    mode: Mode,
    data_dir: Path,
    *,
    audit: AuditTrail | None = None,
    catalogue_store: CatalogueStore | None = None,
) -> KioskApp:
    """Wire the kiosk: real drivers for ``run``, simulators and a local portal for ``demo``.

    ``audit``: the audit trail to record in (the kiosk's own, into the journal, by default;
    tests give a strict one). The settings in effect are its first entry.
    ``catalogue_store``: the one the home screen already shows (the staged start-up, which
    opens it before the first frame, :func:`catalogue_store_in`); by default a new one."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if audit is None:
        audit = kiosk_audit(kiosk_id(settings, data_dir))
    _record_settings(audit, settings)
    if catalogue_store is None:
        catalogue_store = catalogue_store_in(data_dir, audit)
    simulator: PortalSimulator | None = None
    base_url = settings.portal.base_url
    open_camera: Callable[[ScanTarget], Camera]
    printer = build_printer(settings, mode, data_dir)
    printer.watch(printer_faults(audit).observe)
    if mode == "demo":
        simulator = PortalSimulator(data_dir / "portal", allow_unenrolled=True)
        base_url = simulator.start()
        open_camera = demo_camera(printer, data_dir / "camera")
    else:
        open_camera = camera_opener(settings.camera)

    outbox = open_outbox(settings, data_dir)
    client = portal_client(settings, data_dir, base_url)  # the enrolment, when there is one
    lookup_client = portal_client(settings, data_dir, base_url, settings.portal.lookup_timeout_s)
    worker = SyncWorker(
        outbox, client, heartbeat_interval_s=settings.sync.heartbeat_interval_s, audit=audit
    )
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
        camera=KioskCamera(open_camera, on_frames=camera_faults(audit)),
        chip=PcscChip(settings.card_reader.name_contains),
        receipt_context=ReceiptContext(
            kiosk_name=f"{settings.kiosk.id} · {settings.kiosk.building_vi}",
            hotline=settings.kiosk.hotline,
            building_contact=settings.kiosk.building_contact,
            status_url=settings.portal.status_url,
        ),
        portal_simulator=simulator,
        audit=audit,
    )


def catalogue_store_in(data_dir: Path, audit: AuditTrail) -> CatalogueStore:
    """The catalogue: the procedures shipped in ``config/``, or the newer one the portal
    sent, kept under ``data_dir``."""
    return CatalogueStore(CONFIG_DIR, data_dir / "catalogue", utc_now, audit)


def _record_settings(audit: AuditTrail, settings: Settings) -> None:
    """``config.loaded``: which settings are in effect, by fingerprint, never by value."""
    audit.record(
        AuditEvent.CONFIG_LOADED,
        fingerprint=settings.fingerprint(),
        path=settings.site_file,
        overrides=sum(source.startswith("$") for source in settings.sources),
    )


def camera_opener(cam: CameraSection) -> Callable[[ScanTarget], Camera]:
    """Opens the kiosk's camera for what a screen looks for: at ``[camera] width × height``
    for QR codes, at ``paper_width × paper_height`` for a paper (its text wants pixels)."""

    def open_camera(target: ScanTarget) -> Camera:
        if target is ScanTarget.PAPER:
            return OpenCvCamera(cam.device, cam.paper_width, cam.paper_height)
        return OpenCvCamera(cam.device, cam.width, cam.height)

    return open_camera
