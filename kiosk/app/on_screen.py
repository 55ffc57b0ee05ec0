"""The kiosk on screen: the QML window over a built :class:`~kiosk.app.wiring.KioskApp`,
with the ports the screens use, and the tour that walks every screen headless."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hardware.document.assembly import PdfAssembler
from hardware.printer.receipt_output import PrinterOutput
from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.health_source import HealthSource
from kiosk.app.metrics import MetricsServer, serve_metrics
from kiosk.app.technician_wiring import DEMO_TECHNICIAN_PIN, technician_access, technician_tools
from kiosk.app.wiring import KioskApp
from kiosk.paths import FONT_DIR
from kiosk.ports import Ports, PrinterState, PrinterStatus
from sync.dossier_directory import OutboxDirectory
from sync.submission_queue import OutboxQueue

if TYPE_CHECKING:
    from kiosk.app.watchdog import ServiceNotifier
    from ui.application import KioskWindow
    from ui.session_bridge import SessionBridge
    from ui.tour import TourLook


@dataclass
class OnScreen:
    """The kiosk's window and the bridge it binds to, running over a :class:`KioskApp`, with
    the operator's view of it (health and the metrics endpoint)."""

    app: KioskApp
    window: KioskWindow
    bridge: SessionBridge
    health: HealthSource
    metrics: MetricsServer | None = None
    service: ServiceNotifier | None = None
    """systemd's readiness and watchdog notifications (no-ops outside systemd)."""

    def close(self) -> None:
        """Stop the screens first (so no binding sees a half-gone bridge), then the app."""
        if self.service is not None:
            self.service.stop()
        if self.metrics is not None:
            self.metrics.stop()
        self.health.stop()
        self.bridge.shutdown()
        self.window.close()
        self.app.stop()


def kiosk_ports(app: KioskApp) -> Ports:
    """The world as the resident's session uses it, over a built kiosk's parts."""
    return Ports(
        queue=OutboxQueue(app.outbox, app.worker),
        printer=PrinterOutput(app.printer, app.settings.printer.width_dots, FONT_DIR),
        qr=app.camera,
        photos=app.camera,
        chip=app.chip,
        receipt_context=app.receipt_context,
        dossiers=OutboxDirectory(app.outbox, app.lookup_client),
        documents=PdfAssembler(app.settings.documents.max_document_bytes),
        payments=app.payments,
    )


def put_on_screen(app: KioskApp, *, headless: bool, fullscreen: bool | None = None) -> OnScreen:
    """Create the Qt application and the QML window over ``app``, and start the sync."""
    # Qt is imported here, not at the top: the command-line tools never load it.
    from kiosk.app.watchdog import ServiceNotifier
    from ui.application import KioskWindow, create_gui_application
    from ui.session_bridge import SessionBridge

    create_gui_application(FONT_DIR, headless=headless)
    ports = kiosk_ports(app)
    windows: list[KioskWindow] = []
    healths: list[HealthSource] = []  # the technician screen reads the health made below
    bridge = SessionBridge(
        app.new_session(),
        ports,
        language=app.settings.ui.language,
        on_language=lambda language: windows[0].set_language(language),
        technician=technician_access(app),
        technician_tools=technician_tools(app, lambda: healths[0].snapshot()),
        speech=app.settings.speech,
    )
    app.catalogue_store.on_change(bridge.catalogue.catalogue_arrived)
    ui = app.settings.ui
    full = ui.fullscreen if fullscreen is None else fullscreen
    window = KioskWindow(bridge, ui.width, ui.height, fullscreen=full and not headless)
    windows.append(window)
    service = ServiceNotifier(window.window)  # READY=1 at the first frame, then the pings
    app.start()
    health = HealthSource(app, session=lambda: bridge.session)
    healths.append(health)
    health.start()
    metrics = serve_metrics(app.settings.metrics, health.snapshot)
    return OnScreen(app, window, bridge, health, metrics, service)


def run_gui(
    app: KioskApp, *, headless: bool, tour_dir: Path | None = None, look: TourLook | None = None
) -> int:
    """Put the kiosk on screen; with ``tour_dir``, walk the resident's path and save
    pictures instead of waiting for a person (in ``look``: language, text size, contrast)."""
    from PySide6.QtGui import QGuiApplication

    from kiosk.app.demo import other_kiosks_dossier
    from ui.driver import ScreenDriver
    from ui.tour import Tour

    screen = put_on_screen(app, headless=headless)
    try:
        if tour_dir is None:
            return QGuiApplication.exec()
        tour = Tour(ScreenDriver(screen.window.window), screen.bridge, tour_dir, look)
        tour.walk()
        tour.walk_in_english()
        tour.walk_photo_page()
        tour.walk_lookup(tour.tracking_codes[-1])
        portal = app.portal_simulator
        tour.walk_fee_and_choices(portal.mark_paid if portal is not None else None)
        if portal is not None:
            tour.walk_lookup_elsewhere(other_kiosks_dossier(portal, app.clock()))
        if isinstance(app.printer, SimulatedPrinter):
            target = tour_dir / "receipt.png"
            target.write_bytes(app.printer.printed[-1].read_bytes())
            tour.pictures.append(target)
            app.printer.set_status(PrinterStatus(PrinterState.NO_PAPER, "tour"))
            tour.walk_printer_fault()
            app.printer.set_status(PrinterStatus(PrinterState.READY))
        tour.walk_technician(DEMO_TECHNICIAN_PIN)
        for picture in tour.pictures:
            print(picture)
        return 0
    finally:
        screen.close()
