"""``kiosk run`` and ``kiosk demo`` start in two stages: the home screen first, the back-end
after its first frame.

Before the first frame only Qt, the screens' bridge and the core load: the keys the home
screen needs are read with tomllib (:mod:`kiosk.app.screen_keys`), the resident's session
opens over the catalogue, and the screens get stand-in ports
(:mod:`kiosk.app.pending_ports`). After the window's first ``frameSwapped`` a thread
validates the whole configuration and builds the back-end (:func:`~kiosk.app.wiring.build_app`:
the outbox, the portal client, the devices, the demo's simulators); back on the GUI thread
the real ports replace the stand-ins, the sync starts, and only then does systemd hear
``READY=1`` (:class:`~kiosk.app.watchdog.ServiceNotifier`). A resident who taps in between
loses nothing: navigation is the core's, and what needs the back-end waits for it while the
screen shows its progress.

A configuration that does not validate stops the kiosk just after the first frame, with the
same message and exit status (2) as before; a back-end that fails to build stops it with
status 1, its error in the log.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

# The core before Qt: PySide's import hook reads the source of every module imported after
# it (looking for its own name), which costs the first frame about 8 ms over these modules;
# the screens' modules, which need Qt, are imported without it (kiosk.app.import_hook).
from kiosk.app.audit_log import kiosk_audit
from kiosk.app.import_hook import without_pyside_import_hook
from kiosk.app.pending_ports import Pending, PendingPins, PendingPorts, pending_tools
from kiosk.app.screen_keys import ScreenKeys, read_screen_keys
from kiosk.clock import SYSTEM_CLOCK, utc_now
from kiosk.paths import CONFIG_DIR, DEFAULT_CONFIG, FONT_DIR
from kiosk.procedures import Catalogue
from kiosk.receipt import ReceiptContext
from kiosk.session import KioskSession
from sync.enrolment import EnrolmentFileError, load_enrolment

# isort: split
from PySide6 import QtGui, QtQml, QtQuick  # noqa: F401 - PySide's own, through its hook
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

with without_pyside_import_hook():
    from kiosk.app.watchdog import ServiceNotifier
    from ui.application import KioskWindow, create_gui_application
    from ui.session_bridge import SessionBridge

if TYPE_CHECKING:
    from kiosk.app.health_source import HealthSource
    from kiosk.app.metrics import MetricsServer
    from kiosk.app.parts import Mode
    from kiosk.app.wiring import KioskApp
    from kiosk.audit import AuditTrail
    from kiosk.catalogue_store import CatalogueStore
    from kiosk.settings import Settings
    from kiosk.technician import TechnicianAccess, TechnicianTools

log = logging.getLogger(__name__)

CONFIG_ERROR_EXIT = 2
BACKEND_ERROR_EXIT = 1


class _Handover(QObject):
    """Carries the built back-end (or its error) from the start-up thread to the GUI thread
    (this object lives on the GUI thread: the signal is queued to it)."""

    built = Signal(object)

    def __init__(self, screen: StagedScreen) -> None:
        super().__init__()
        self._screen = screen
        self.built.connect(self._take)

    @Slot(object)
    def _take(self, outcome: KioskApp | BaseException) -> None:
        _take_over(self._screen, outcome)


@dataclass
class StagedScreen:
    """The kiosk on screen, its back-end coming up after the first frame."""

    keys: ScreenKeys
    window: KioskWindow
    bridge: SessionBridge
    service: ServiceNotifier
    pending: PendingPorts
    pins: PendingPins
    tools: Pending[TechnicianTools]
    app: KioskApp | None = None
    """The back-end, once up."""
    health: HealthSource | None = None
    metrics: MetricsServer | None = None
    exit_status: int | None = None
    """Set when the back-end could not start (the event loop is told to quit with it)."""
    error: str = ""
    """Why the back-end could not start, for the person at the console."""
    backend_up: threading.Event = field(default_factory=threading.Event)
    """Set once the back-end is up and the real ports are in place."""
    _handover: _Handover | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)

    def close(self) -> None:
        """Stop the screens first, then the back-end if it came up (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self.service.stop()
        if self.metrics is not None:
            self.metrics.stop()
        if self.health is not None:
            self.health.stop()
        self.bridge.shutdown()
        self.window.close()
        if self.app is not None:
            self.app.stop()


def start_on_screen(
    mode: Mode,
    data_dir: Path,
    *,
    site_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    headless: bool = False,
    fullscreen: bool | None = None,
) -> StagedScreen:
    """Put the home screen up over stand-in ports; the back-end follows its first frame
    (run the Qt event loop for both to happen)."""
    env = dict(environ) if environ is not None else None
    keys = read_screen_keys(DEFAULT_CONFIG, site_file, os.environ if env is None else env)
    data_dir.mkdir(parents=True, exist_ok=True)
    kiosk_id = _kiosk_id(keys, data_dir)
    audit = kiosk_audit(kiosk_id)
    create_gui_application(FONT_DIR, headless=headless)
    session = KioskSession(
        catalogue=Catalogue([]),  # the home screen lists none: read after its first frame
        clock=SYSTEM_CLOCK,
        kiosk_id=kiosk_id,
        idle_warning_after_s=keys.idle_warning_after_s,
        idle_countdown_s=keys.idle_countdown_s,
        audit=audit,
    )
    pending = PendingPorts(
        ReceiptContext(
            kiosk_name=f"{keys.kiosk_id} · {keys.building_vi}",
            hotline=keys.hotline,
            status_url=keys.status_url,
            building_contact=keys.building_contact,
        )
    )
    pins = PendingPins()
    tools: Pending[TechnicianTools] = Pending("the technician's tools")
    windows: list[KioskWindow] = []
    bridge = SessionBridge(
        session,
        pending.ports,
        language=keys.language,
        on_language=lambda language: windows[0].set_language(language),
        # Made with the technician's view, after the first frame (or at a tap in its corner).
        technician=lambda: _technician_access(pins, audit),
        technician_tools=lambda: pending_tools(tools),
        views_later=True,  # made after the first frame (the catalogue's arrival makes them)
    )
    full = keys.fullscreen if fullscreen is None else fullscreen
    window = KioskWindow(bridge, keys.width, keys.height, fullscreen=full and not headless)
    windows.append(window)
    service = ServiceNotifier(window.window, env, backend_pending=True)
    screen = StagedScreen(keys, window, bridge, service, pending, pins, tools)
    handover = screen._handover = _Handover(screen)

    def start_the_backend() -> None:  # on the GUI thread, after the first frame
        from kiosk.catalogue_store import CatalogueStore

        try:
            catalogue = CatalogueStore(CONFIG_DIR, data_dir / "catalogue", utc_now, audit)
        except Exception as exc:  # noqa: BLE001 - the kiosk stops with it, as for the back-end
            _stop_for(screen, exc)
            return
        # Taken now, on this thread: no tap can reach the procedure list before it.
        bridge.catalogue.catalogue_arrived(catalogue.catalogue)

        def build() -> None:  # on the start-up thread
            handover.built.emit(_build_backend(mode, data_dir, site_file, env, audit, catalogue))

        threading.Thread(target=build, name="start-up", daemon=True).start()

    # Once the first frame's slots have all run (a probe timing the frame among them).
    service.first_frame_shown.connect(lambda: QTimer.singleShot(0, start_the_backend))
    return screen


def _technician_access(pins: PendingPins, audit: AuditTrail) -> TechnicianAccess:
    from kiosk.technician import TechnicianAccess

    return TechnicianAccess(pins, SYSTEM_CLOCK, audit)


def _build_backend(
    mode: Mode,
    data_dir: Path,
    site_file: Path | None,
    environ: dict[str, str] | None,
    audit: AuditTrail,
    catalogue: CatalogueStore,
) -> KioskApp | BaseException:
    """Validate the configuration and build the back-end (on the start-up thread), loading
    what the hand-over uses too, so that the GUI thread does not wait on imports."""
    try:
        from kiosk.app import health_source, metrics, technician_wiring  # noqa: F401
        from kiosk.app.wiring import build_app
        from kiosk.settings import load_settings

        settings = load_settings(site_file, environ)
        return build_app(settings, mode, data_dir, audit=audit, catalogue_store=catalogue)
    except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which stops the kiosk
        return exc


def _take_over(screen: StagedScreen, outcome: KioskApp | BaseException) -> None:
    """On the GUI thread: the real ports replace the stand-ins, the sync starts, and
    systemd hears ``READY=1``; or the kiosk stops with what went wrong."""
    if screen._closed:
        if not isinstance(outcome, BaseException):
            outcome.stop()
        return
    if isinstance(outcome, BaseException):
        _stop_for(screen, outcome)
        return
    from kiosk.app.health_source import HealthSource
    from kiosk.app.metrics import serve_metrics
    from kiosk.app.on_screen import kiosk_ports
    from kiosk.app.technician_wiring import pin_store, technician_tools
    from kiosk.app.wiring import kiosk_address

    app = outcome
    screen.app = app
    _adopt_settings(screen, app.settings)
    session = screen.bridge.session
    session.kiosk_id = app.client.kiosk_id  # the enrolled id, else [kiosk] id
    session.kiosk_address = kiosk_address(app.settings.kiosk.building_vi, app.settings.kiosk.ward)
    screen.bridge.reading.configure(app.settings.speech)  # the engine is made on first press
    session.retention_days = app.settings.outbox.retention_days  # the consent screen says it
    screen.pending.attach(kiosk_ports(app))
    app.catalogue_store.on_change(screen.bridge.catalogue.catalogue_arrived)
    screen.pins.attach(pin_store(app))
    app.start()
    health = HealthSource(app, session=lambda: screen.bridge.session)
    screen.health = health
    screen.tools.put(technician_tools(app, health.snapshot))
    health.start()
    screen.metrics = serve_metrics(app.settings.metrics, health.snapshot)
    screen.backend_up.set()
    screen.service.backend_up()


def _adopt_settings(screen: StagedScreen, settings: Settings) -> None:
    """The validated settings win over what was read before the first frame (they differ
    only for a value the quick reading could not take as the validation did)."""
    validated = ScreenKeys.of_settings(settings)
    if validated == screen.keys:
        return
    log.warning("the screen's settings read at start differ from the validated ones; using those")
    session = screen.bridge.session
    session.idle_warning_after_s = validated.idle_warning_after_s
    session.idle_countdown_s = validated.idle_countdown_s
    screen.window.window.setWidth(validated.width)
    screen.window.window.setHeight(validated.height)
    if validated.language != screen.keys.language:
        screen.bridge.setLanguage(validated.language)
    screen.keys = validated


def _stop_for(screen: StagedScreen, error: BaseException) -> None:
    from kiosk.settings import SettingsError

    screen.pending.fail()
    screen.pins.fail()
    screen.tools.fail()
    if isinstance(error, SettingsError):
        screen.error = f"kiosk: configuration error: {error}"
        screen.exit_status = CONFIG_ERROR_EXIT
    else:
        screen.error = f"kiosk: could not start: {error}"
        screen.exit_status = BACKEND_ERROR_EXIT
        log.error("the kiosk's back-end failed to start", exc_info=error)
    print(screen.error, file=sys.stderr)
    QCoreApplication.exit(screen.exit_status)


def _kiosk_id(keys: ScreenKeys, data_dir: Path) -> str:
    """The enrolled id when the enrolment file reads, else ``[kiosk] id`` (an unusable file
    stops the kiosk when the back-end is built, with its message)."""
    path = keys.credential_path
    try:
        enrolment = load_enrolment(path if path.is_absolute() else data_dir / path)
    except EnrolmentFileError:
        return keys.kiosk_id
    return enrolment.kiosk_id if enrolment else keys.kiosk_id


def run_staged(
    mode: Mode,
    data_dir: Path,
    *,
    site_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """``kiosk run`` / ``kiosk demo``: the home screen, then the back-end, then the event
    loop until the kiosk quits; its exit status."""
    from PySide6.QtGui import QGuiApplication

    screen = start_on_screen(mode, data_dir, site_file=site_file, environ=environ)
    try:
        status = QGuiApplication.exec()
        return screen.exit_status if screen.exit_status is not None else status
    finally:
        screen.close()
