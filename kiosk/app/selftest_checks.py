"""The self-test's checks, one per part, on the parts built the way the kiosk builds them
(:mod:`kiosk.app.parts`): the configured devices and portal for a kiosk, the simulators and
an embedded portal simulator for the demo (as ``kiosk demo`` has them)::

    checks = run_selftest(settings, data_dir, demo=False, print_test=True)
    passed(checks)  # kiosk.selftest: no check failed

Each check runs on a thread of its own with a time limit of a few seconds: a device that does
not answer becomes a failed check saying so, and an exception inside a check becomes a failed
check naming it, never a traceback. Details are for technicians and never hold personal data:
a QR code read is described, not shown; nothing is read from a chip but whether it answers as
an ID card; the credential is never printed. The checks of the machine and of the kiosk's own
files (clock, disk, fonts, translations, version) are in :mod:`kiosk.app.selftest_machine`.

Nothing is created in a kiosk's data directory (``demo=False``): an outbox that does not exist
yet is left for the kiosk to create (as its own user). The demo's data directory is made and
filled as ``kiosk demo`` would.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from hardware.camera.interface import Camera
from hardware.camera.kiosk_camera import KioskCamera
from hardware.camera.opencv_camera import OpenCvCamera
from hardware.card_reader.cccd_chip import EMRTD_AID
from hardware.card_reader.pcsc_reader import PcscCardReader
from hardware.card_reader.pcsc_transport import PyscardTransport
from hardware.printer.escpos_printer import EscposReceiptPrinter
from hardware.printer.interface import ReceiptPrinter
from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.demo import demo_camera
from kiosk.app.parts import (
    Mode,
    build_printer,
    credential_path,
    open_outbox,
    outbox_path,
    portal_ca_file,
    portal_client,
    portal_url,
)
from kiosk.app.selftest_machine import (
    I18N_DIR,
    TRANSLATION,
    clock_check,
    clock_synchronised,
    disk_check,
    disk_usage,
    fonts_check,
    translations_check,
    version_check,
)
from kiosk.cccd_qr import CitizenIdentity, parse_cccd_qr
from kiosk.chip_data import ChipReadFailure
from kiosk.health import SyncErrorKind
from kiosk.network_address import is_secure_url
from kiosk.ports import PrinterState, ReaderState, ScanTarget
from kiosk.receipt import HANOI_TIME
from kiosk.receipt_layout import layout_test_page
from kiosk.selftest import Check, CheckStatus
from kiosk.settings import FONT_DIR, Settings, in_data_dir
from sync.enrolment import EnrolmentFileError, load_enrolment
from sync.outbox.key_source import key_source_from_environment
from sync.portal_client import (
    CERTIFICATE_REFUSED,
    PIN_MISMATCH,
    CatalogueDocuments,
    CatalogueMalformed,
    CatalogueNotModified,
    CatalogueOutcome,
    Rejected,
    RetryLater,
)
from sync.portal_simulator import PortalSimulator

logger = logging.getLogger(__name__)

OK, WARNING, FAILED = CheckStatus.OK, CheckStatus.WARNING, CheckStatus.FAILED

CHECK_TIME_LIMIT_S = {
    "card_reader": 5.0,
    "printer": 5.0,
    "camera": 7.0,
    "portal": 8.0,
    "clock": 4.0,
    "disk": 3.0,
    "outbox": 10.0,
    "fonts": 5.0,
    "translations": 5.0,
    "version": 3.0,
}
"""How long each check may take before it is failed for not answering (seconds)."""
HUNG = {
    "card_reader": "unplug the ID-card reader, wait 5 s and plug it back in; then "
    "`sudo systemctl restart pcscd` and run `kiosk selftest` again",
    "printer": "switch the printer off and on and check its cable; then run `kiosk selftest` again",
    "camera": "unplug the camera, wait 5 s and plug it back in; then run `kiosk selftest` again",
    "portal": "check the network cable or Wi-Fi and that the portal is up; then run "
    "`kiosk selftest` again",
    "outbox": "the outbox is slow to open: run `kiosk outbox status`; if that hangs too, call "
    "the operator",
}
"""What to do when a check did not answer in time (the others: run it again)."""
TEST_PAGE_TIME_LIMIT_S = 12.0
"""The printer check's limit when it prints the test page too."""
PRINTER_JOB_TIMEOUT_S = 5.0
CAMERA_FRAMES_WITHIN_S = 3.0
"""A camera that gives no picture within this is failed."""
CAMERA_QR_WITHIN_S = 4.5
"""How long the camera looks for a QR code held up (from when it was opened)."""
PORTAL_TIMEOUT_S = 2.5
"""The portal's time limit here: a technician waits, and a missing portal must not hang."""
TEST_PAGE_QR_PREFIX = "KIOSK-TEST "
"""How the QR code of the test page starts (:func:`kiosk.receipt_layout.layout_test_page`)."""
ROLL_MM = {384: 58, 576: 80}


def run_selftest(
    settings: Settings,
    data_dir: Path,
    *,
    demo: bool,
    print_test: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[Check]:
    """Check every part, in the order of :data:`kiosk.selftest.CHECK_NAMES`.

    ``demo``: the simulators and an embedded portal simulator, as ``kiosk demo`` (the data
    directory is created); else the devices and the portal of ``settings``. ``print_test``:
    print the test page as well. ``progress`` hears each check's name as it starts."""
    if demo:
        data_dir.mkdir(parents=True, exist_ok=True)
    run = _SelfTest(settings, data_dir, "demo" if demo else "run", print_test=print_test)
    plan: list[tuple[str, Callable[[], Check]]] = [
        ("card_reader", run.card_reader),
        ("printer", run.printer),
        ("camera", run.camera),
        ("portal", run.portal),
        ("clock", run.clock),
        ("disk", run.disk),
        ("outbox", run.outbox),
        ("fonts", run.fonts),
        ("translations", run.translations),
        ("version", run.version),
    ]
    checks: list[Check] = []
    try:
        for name, check in plan:
            if progress is not None:
                progress(name)
            limit = CHECK_TIME_LIMIT_S[name]
            if name == "printer" and print_test:
                limit = TEST_PAGE_TIME_LIMIT_S
            checks.append(isolated(name, check, limit))
    finally:
        run.close()
    return checks


def isolated(name: str, check: Callable[[], Check], time_limit_s: float) -> Check:
    """Run ``check`` on a thread of its own: its result, or a failed check when it raised or
    took longer than ``time_limit_s`` (the thread is then left to finish on its own)."""
    outcome: list[Check | BaseException] = []

    def target() -> None:
        try:
            outcome.append(check())
        except Exception as exc:  # noqa: BLE001 - any fault of one part is that part's result
            outcome.append(exc)

    thread = threading.Thread(target=target, name=f"selftest-{name}", daemon=True)
    thread.start()
    thread.join(time_limit_s)
    if not outcome:
        return Check(
            name,
            FAILED,
            f"no answer within {time_limit_s:g} s",
            HUNG.get(name, "run `kiosk selftest` again; if it hangs again, call the operator"),
        )
    result = outcome[0]
    if isinstance(result, Check):
        return result
    logger.warning("self-test check %s raised", name, exc_info=result)
    message = f"{type(result).__name__}: {result}".strip().rstrip(":")
    return Check(
        name,
        FAILED,
        f"the check could not run ({message[:200]})",
        "run `kiosk selftest` again; if it fails the same way, pass this line to the operator",
    )


@dataclass
class _PortalFacts:
    """What the portal check learnt that the clock check needs."""

    skew_s: float | None = None
    tls_refusal: str | None = None
    """Why TLS refused the portal's certificate, in the portal client's words, if it did."""


class _SelfTest:
    """One self-test run: the parts it built, shared between its checks."""

    def __init__(self, settings: Settings, data_dir: Path, mode: Mode, *, print_test: bool):
        self.settings = settings
        self.data_dir = data_dir
        self.mode = mode
        self.print_test = print_test
        self.portal_facts = _PortalFacts()
        self._printer: ReceiptPrinter | None = None
        self._printed_test_page = False
        self._simulator: PortalSimulator | None = None
        self._lock = threading.Lock()

    @property
    def demo(self) -> bool:
        return self.mode == "demo"

    def close(self) -> None:
        """Stop what this run started (the demo's portal simulator)."""
        with self._lock:
            simulator, self._simulator = self._simulator, None
        if simulator is not None:
            simulator.stop()

    # --- the card reader ------------------------------------------------------------------
    def card_reader(self) -> Check:
        """pcscd answers, the reader is there, and a card on it answers as an ID card."""
        name_contains = self.settings.card_reader.name_contains
        state = PcscCardReader(name_contains).state()
        wanted = f" whose name contains {name_contains!r}" if name_contains else ""
        if state is ReaderState.UNAVAILABLE:
            if self.demo:
                return Check(
                    "card_reader",
                    WARNING,
                    "no smart-card service (pcscd) answers: the demo runs without the ID "
                    "card's chip",
                    "to try the chip, put the simulated card on a virtual reader: "
                    "`sudo .venv/bin/python -m hardware.simulators.card.vpcd --pace accept` "
                    "in another terminal",
                )
            return Check(
                "card_reader",
                FAILED,
                "the smart-card service (pcscd) does not answer",
                "start it: `sudo systemctl restart pcscd` (and `systemctl status pcscd` "
                "says why it stopped)",
            )
        reader = _reader_name(name_contains)
        if state is ReaderState.NO_READER or reader is None:
            seen = _reader_names()
            detail = f"pcscd answers but sees no card reader{wanted}" + (
                f" (it sees: {', '.join(seen)})" if seen else ""
            )
            if self.demo:
                return Check(
                    "card_reader",
                    WARNING,
                    detail,
                    "for the demo's simulated card, install vsmartcard-vpcd and restart "
                    "pcscd: `sudo systemctl restart pcscd`",
                )
            action = _PLUG_READER
            if name_contains and seen:
                names = ", ".join(repr(name) for name in seen)
                action += f"; or set [card_reader] name_contains to match one of {names}"
            return Check("card_reader", FAILED, detail, action)
        if state is ReaderState.EMPTY:
            return Check(
                "card_reader",
                OK,
                f"reader {reader!r} ready, no card on it (put an ID card on it to test a read)",
            )
        return _card_on_reader(reader)

    # --- the printer ----------------------------------------------------------------------
    def receipt_printer(self) -> ReceiptPrinter:
        """The printer as the kiosk builds it, made once per run (the demo's camera shows
        what it printed)."""
        with self._lock:
            if self._printer is None:
                printer = build_printer(self.settings, self.mode, self.data_dir)
                if isinstance(printer, EscposReceiptPrinter):
                    printer.timeout_s = min(printer.timeout_s, PRINTER_JOB_TIMEOUT_S)
                self._printer = printer
            return self._printer

    def printer(self) -> Check:
        """The printer's status, and the test page with ``print_test``."""
        printer = self.receipt_printer()
        where = self._printer_name()
        status = printer.status()
        if not self.print_test:
            return _printer_check(where, status.state, status.detail, self._roll())
        if not status.state.can_print:
            check = _printer_check(where, status.state, status.detail, self._roll())
            return Check("printer", check.status, f"{check.detail}; no test page", check.action)
        width = self.settings.printer.width_dots
        blocks = layout_test_page(width, FONT_DIR, datetime.now(HANOI_TIME), self.settings.kiosk.id)
        result = printer.print_blocks(blocks)
        if not result.printed:
            check = _printer_check(where, result.status.state, result.status.detail, self._roll())
            failed_action = check.action or "check the printer, then run `kiosk selftest --print`"
            return Check(
                "printer", FAILED, f"the test page did not print: {check.detail}", failed_action
            )
        self._printed_test_page = True
        printed = "test page printed"
        if isinstance(printer, SimulatedPrinter) and printer.printed:
            printed = f"test page drawn to {printer.printed[-1]}"
        if result.status.state is PrinterState.PAPER_NEAR_END:
            return Check(
                "printer",
                WARNING,
                f"{where}: {printed}; the paper roll is nearly out",
                f"have a new roll ({self._roll()}) ready and change it soon",
            )
        return Check(
            "printer",
            OK,
            f"{where}: {printed}; hold it up to the camera to check the QR code reading",
        )

    def _printer_name(self) -> str:
        if self.demo:
            return "the simulated printer"
        printer = self.settings.printer
        return f"{printer.connection} printer {printer.target}"

    def _roll(self) -> str:
        return f"{ROLL_MM.get(self.settings.printer.width_dots, 80)} mm"

    # --- the camera -----------------------------------------------------------------------
    def camera(self) -> Check:
        """Pictures arrive; a QR code held up (the test page's, an ID card's) is read."""
        got_frames = threading.Event()
        got_code = threading.Event()
        codes: list[str] = []

        def on_frames(giving: bool) -> None:
            if giving:
                got_frames.set()

        def on_payload(text: str) -> None:
            codes.append(text)
            got_code.set()

        camera = KioskCamera(self._camera_opener(), on_frames=on_frames)
        opened_at = time.monotonic()
        # In the demo, the camera shows the test page once it is printed, else the ID card.
        target = ScanTarget.RECEIPT if self._printed_test_page else ScanTarget.ID_CARD
        camera.start(on_payload, target=target)
        try:
            if not got_frames.wait(CAMERA_FRAMES_WITHIN_S):
                return Check(
                    "camera",
                    FAILED,
                    f"{self._camera_name()} gives no picture (none within "
                    f"{CAMERA_FRAMES_WITHIN_S:.0f} s)",
                    "check the camera's USB cable (and [camera] device); if it is plugged "
                    "in, unplug it, wait 5 s and plug it back in",
                )
            got_code.wait(max(0.0, opened_at + CAMERA_QR_WITHIN_S - time.monotonic()))
        finally:
            _release(camera)
        if codes:
            return Check("camera", OK, f"{self._camera_name()}: pictures arrive; {_qr(codes[0])}")
        return Check(
            "camera",
            OK,
            f"{self._camera_name()}: pictures arrive; no QR code was held up (hold up the test "
            "page, `kiosk selftest --print`, to check the reading too)",
        )

    def _camera_opener(self) -> Callable[[ScanTarget], Camera]:
        if self.demo:
            return demo_camera(self.receipt_printer(), self.data_dir / "camera")
        settings = self.settings.camera

        def open_camera(_target: ScanTarget) -> Camera:
            return OpenCvCamera(settings.device, settings.width, settings.height)

        return open_camera

    def _camera_name(self) -> str:
        return "the simulated camera" if self.demo else f"camera {self.settings.camera.device}"

    # --- the portal -----------------------------------------------------------------------
    def portal(self) -> Check:
        """Reachable (over verified TLS when https), and this kiosk's credential accepted.

        The demo's portal is an embedded simulator, as ``kiosk demo`` has it, unless this
        kiosk is enrolled: its credential belongs to the portal it enrolled with (the one
        configured), which is then the one checked."""
        path = credential_path(self.settings, self.data_dir)
        try:
            enrolment = load_enrolment(path)
        except EnrolmentFileError as exc:
            return _unusable_enrolment(exc)
        embedded = self.demo and enrolment is None
        url = self._embedded_portal() if embedded else portal_url(self.settings)
        if not is_secure_url(url):
            return Check(
                "portal",
                FAILED,
                f"the portal's address {url} is plain HTTP: residents' data would cross the "
                "network unencrypted",
                "set [portal] base_url to the portal's https:// address",
            )
        try:
            client = portal_client(self.settings, self.data_dir, url, PORTAL_TIMEOUT_S)
        except EnrolmentFileError as exc:  # replaced since it was read just now
            return _unusable_enrolment(exc)
        try:
            outcome = client.catalogue()
            self.portal_facts.skew_s = client.clock_skew_s
            if isinstance(outcome, RetryLater) and outcome.reason.startswith(CERTIFICATE_REFUSED):
                self.portal_facts.tls_refusal = outcome.reason
        finally:
            client.close()
        return self._portal_check(url, outcome, embedded, enrolment is not None, client.kiosk_id)

    def _embedded_portal(self) -> str:
        """The demo's portal simulator (started once per run), as ``kiosk demo`` starts it."""
        with self._lock:
            if self._simulator is None:
                self._simulator = PortalSimulator(self.data_dir / "portal", allow_unenrolled=True)
            simulator = self._simulator
        return simulator.start()

    def _portal_check(
        self, url: str, outcome: CatalogueOutcome, embedded: bool, enrolled: bool, kiosk_id: str
    ) -> Check:
        if embedded:
            secure = "(the demo's embedded portal simulator; no enrolment needed)"
        elif urlsplit(url).scheme == "https":
            secure = "over verified TLS"
        else:
            secure = "over plain HTTP on this machine (a simulator?)"
        if isinstance(outcome, CatalogueDocuments | CatalogueNotModified):
            if enrolled or embedded:
                accepted = f"; this kiosk's credential ({kiosk_id}) is accepted" if enrolled else ""
                return Check("portal", OK, f"{url} answers {secure}{accepted}")
            return Check(
                "portal",
                WARNING,
                f"{url} answers {secure}, but this kiosk is not enrolled",
                "run `kiosk enrol CODE` with a one-time code from the portal "
                "(or `kiosk provision`)",
            )
        if isinstance(outcome, CatalogueMalformed):
            return Check(
                "portal",
                WARNING,
                f"{url} answers {secure}, but its catalogue is malformed ({outcome.reason})",
                "nothing to fix on the kiosk (it keeps the catalogue it has): tell the operator",
            )
        if outcome.kind is SyncErrorKind.AUTH:
            if not enrolled:
                return Check(
                    "portal",
                    WARNING,
                    f"{url} answers {secure} but asks for a credential: this kiosk is not enrolled",
                    "run `kiosk enrol CODE` with a one-time code from the portal "
                    "(or `kiosk provision`)",
                )
            return Check(
                "portal",
                FAILED,
                f"{url} refused this kiosk's credential ({kiosk_id}: {outcome.reason})",
                "the credential is no longer valid: get a new one-time code from the portal "
                "and run `kiosk enrol CODE --force`",
            )
        if isinstance(outcome, Rejected):
            return Check(
                "portal",
                FAILED,
                f"{url} refused the request ({outcome.reason})",
                "check [portal] base_url: it must be the portal's API address",
            )
        if outcome.reason == PIN_MISMATCH:
            return Check(
                "portal",
                FAILED,
                f"{url} presents a trusted certificate whose key is not one of [portal] pins: "
                "nothing is sent to it",
                "if the city changed the portal's key, put its new pin in [portal] pins "
                "(`kiosk portal-pin CERT.pem`); otherwise someone may be in the middle: "
                "tell the operator",
            )
        if outcome.kind in (SyncErrorKind.NETWORK, SyncErrorKind.TIMEOUT):
            ca_file = portal_ca_file(self.settings, self.data_dir)
            detail, action = diagnose_connection(url, PORTAL_TIMEOUT_S, ca_file)
            return Check("portal", FAILED, detail, action)
        return Check(
            "portal",
            WARNING,
            f"{url} answers but is in trouble ({outcome.reason})",
            "nothing to fix on the kiosk: submissions wait in the outbox; tell the operator "
            "if it lasts",
        )

    # --- the clock ------------------------------------------------------------------------
    def clock(self) -> Check:
        """Synchronised (NTP), and close to the portal's clock (its ``Date`` header)."""
        facts = self.portal_facts
        return clock_check(clock_synchronised(), facts.skew_s, tls_refusal=facts.tls_refusal)

    # --- the data directory ---------------------------------------------------------------
    def disk(self) -> Check:
        """Free space in the data directory."""
        return disk_check(self.data_dir, disk_usage)

    def outbox(self) -> Check:
        """The outbox file opens, passes SQLite's integrity check, and its key opens it."""
        path = outbox_path(self.settings, self.data_dir)
        if not self.demo and not path.exists():
            if not path.parent.is_dir():
                return Check("outbox", OK, f"no outbox yet: {path.parent} does not exist")
            return Check(
                "outbox", OK, f"no outbox yet at {path}: the kiosk creates it when it starts"
            )
        key = in_data_dir(self.settings.outbox.key_path, self.data_dir)
        source = key_source_from_environment(key)
        credential = source.credential_path()
        given = credential is not None and credential.exists()
        sealed = source.sealed_path()
        if not self.demo and not key.exists() and not given and sealed is not None:
            return sealed_outbox_check(path, sealed)
        if not self.demo and not key.exists() and not given:
            # Opening the outbox would make a new key, here as whoever runs this command.
            return Check(
                "outbox",
                FAILED,
                f"{path} is there but its key {key} is missing: what is queued cannot be read",
                "put the key back from where it was kept (never from a backup of the "
                "database); if it is lost, call the operator before the kiosk starts again",
            )
        outbox = open_outbox(self.settings, self.data_dir)
        try:
            health = outbox.health
            if not health.available:
                return Check(
                    "outbox",
                    FAILED,
                    f"{path}: {health.alarm or 'unavailable'}",
                    "the kiosk cannot keep applications: stop it (`sudo systemctl stop "
                    "kiosk`), copy the outbox file and its key aside for the operator, and "
                    "call the operator before deleting anything (it may hold unsent "
                    "applications)",
                )
            counts = outbox.counts()
        finally:
            outbox.close()
        waiting = counts["queued"] + counts["sending"]
        detail = (
            f"{path}: intact; {waiting} waiting, {counts['accepted']} accepted, "
            f"{counts['failed']} refused"
        )
        if counts["failed"]:
            return Check(
                "outbox",
                WARNING,
                detail,
                "run `kiosk outbox failures` and pass the reasons to the operator",
            )
        if not self.demo and not given:
            return Check(
                "outbox",
                WARNING,
                f"{detail}; its key is a plain file beside it ({key}): a thief of the disk "
                "could read the queue",
                f"seal the key: `sudo kiosk outbox seal-key --data-dir {self.data_dir}` "
                "(deploy/README.md, 'Sealing the outbox key')",
            )
        return Check("outbox", OK, detail)

    # --- what ships with the kiosk ---------------------------------------------------------
    def fonts(self) -> Check:
        """The bundled fonts load and have every Vietnamese letter."""
        return fonts_check(FONT_DIR)

    def translations(self) -> Check:
        """The English translation of the screens is there and matches its source."""
        return translations_check(I18N_DIR / f"{TRANSLATION}.qm", I18N_DIR / f"{TRANSLATION}.ts")

    def version(self) -> Check:
        """The installed version, for the operator's records."""
        return version_check()


def sealed_outbox_check(path: Path, sealed: Path) -> Check:
    """The outbox of a kiosk whose key is sealed, seen from a command systemd did not give
    the key to: SQLite's own check (read-only, no key needed); the queue stays unopened."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        verdict = [f"cannot be opened ({type(exc).__name__})"]
    if verdict != ["ok"]:
        return Check(
            "outbox",
            FAILED,
            f"{path}: the outbox file is damaged: {'; '.join(verdict[:3])[:300]}",
            "stop the kiosk (`sudo systemctl stop kiosk`), copy the outbox file aside for the "
            "operator, and call the operator before deleting anything",
        )
    return Check(
        "outbox",
        OK,
        f"{path}: intact; its key is sealed in {sealed} and only kiosk.service is given it "
        "(to count the queue: `kiosk health`)",
    )


# --- the card reader's parts ----------------------------------------------------------------
_PLUG_READER = "plug the ID-card reader's USB cable back in (or try another port)"


def _reader_names() -> list[str]:
    """The PC/SC readers pcscd lists now (empty when none or no service)."""
    from smartcard.Exceptions import SmartcardException
    from smartcard.pcsc.PCSCExceptions import BaseSCardException
    from smartcard.System import readers

    try:
        return [str(reader) for reader in readers()]
    except (BaseSCardException, SmartcardException):
        return []


def _reader_name(name_contains: str) -> str | None:
    """The reader the kiosk uses: the first whose name contains ``name_contains``."""
    return next((name for name in _reader_names() if name_contains in name), None)


def _card_on_reader(reader_name: str) -> Check:
    """Talk to the card on the reader without opening it: does it answer as an ID card?"""
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.pcsc.PCSCExceptions import BaseSCardException
    from smartcard.System import readers

    found = [reader for reader in readers() if str(reader) == reader_name]
    if not found:
        return Check("card_reader", FAILED, f"reader {reader_name!r} went away", _PLUG_READER)
    connection = found[0].createConnection()
    try:
        connection.connect()
    except NoCardException:
        return Check("card_reader", OK, f"reader {reader_name!r} ready; the card was taken off")
    except (CardConnectionException, BaseSCardException):
        return Check(
            "card_reader",
            WARNING,
            f"reader {reader_name!r} ready, but the card on it does not answer",
            "put the card flat on the reader and run `kiosk selftest` again; if no card "
            "answers, replace the reader",
        )
    try:
        select = b"\x00\xa4\x04\x0c" + bytes([len(EMRTD_AID)]) + EMRTD_AID
        answer = PyscardTransport(connection).transmit(select)
    finally:
        try:
            connection.disconnect()
            connection.release()
        except (CardConnectionException, BaseSCardException):
            pass  # the card or the reader already went away
    if isinstance(answer, ChipReadFailure):
        return Check(
            "card_reader",
            WARNING,
            f"reader {reader_name!r} ready, but the card stopped answering ({answer.value})",
            "keep the card still on the reader and run `kiosk selftest` again",
        )
    if answer[-2:] == b"\x90\x00":
        return Check(
            "card_reader",
            OK,
            f"reader {reader_name!r} ready; the card on it answers as a citizen ID card's chip "
            "(nothing was read from it)",
        )
    return Check(
        "card_reader",
        WARNING,
        f"reader {reader_name!r} ready, but the card on it is not a citizen ID card "
        f"(status {answer[-2:].hex().upper()})",
        "test with a chip ID card (CCCD)",
    )


# --- the printer's parts ----------------------------------------------------------------------
def _printer_check(where: str, state: PrinterState, detail: str, roll: str) -> Check:
    """The printer check for a status it reported."""
    said = f" ({detail})" if detail else ""
    if state is PrinterState.READY:
        return Check("printer", OK, f"{where}: ready")
    if state is PrinterState.PAPER_NEAR_END:
        return Check(
            "printer",
            WARNING,
            f"{where}: the paper roll is nearly out",
            f"have a new roll ({roll}) ready and change it soon",
        )
    if state is PrinterState.UNKNOWN:
        return Check(
            "printer",
            WARNING,
            f"{where} does not say how it is{said}",
            "run `kiosk selftest --print`: a test page should come out",
        )
    if state is PrinterState.NO_PAPER:
        return Check(
            "printer",
            FAILED,
            f"{where}: out of paper",
            f"load a new roll ({roll}) and close the cover",
        )
    if state is PrinterState.COVER_OPEN:
        return Check(
            "printer", FAILED, f"{where}: the cover is open", "close the cover until it clicks"
        )
    if state is PrinterState.DISCONNECTED:
        return Check(
            "printer",
            FAILED,
            f"{where} does not answer{said}",
            "check the printer's power and cable (and [printer] target); then run "
            "`kiosk selftest` again",
        )
    return Check(
        "printer",
        FAILED,
        f"{where} reports an error{said}",
        "switch the printer off and on and clear any paper jam; if it stays, call the operator",
    )


# --- the camera's parts -------------------------------------------------------------------------
def _qr(text: str) -> str:
    """What a QR code read was, never what it says (an ID card's holds personal data)."""
    if text.startswith(TEST_PAGE_QR_PREFIX):
        return "the test page's QR code was read"
    if isinstance(parse_cccd_qr(text), CitizenIdentity):
        return "a citizen ID card's QR code was read (not shown)"
    return "a QR code was read (not shown)"


def _release(camera: KioskCamera, wait_s: float = 1.0) -> None:
    """Stop the camera and give it a moment to let the device go (a hung read is left)."""
    closing = threading.Thread(target=camera.close, name="selftest-camera-close", daemon=True)
    closing.start()
    closing.join(wait_s)


# --- the portal's parts -------------------------------------------------------------------------
def diagnose_connection(url: str, timeout_s: float, ca_file: Path | None = None) -> tuple[str, str]:
    """Why the portal at ``url`` does not answer, and what to do: a connection of our own, with
    the trust store the portal client uses (the city's ``ca_file`` when set, else the
    system's), so a certificate it refuses is named here."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    try:
        port = parts.port or (443 if https else 80)
    except ValueError:
        return f"the portal's address {url} is malformed", "correct [portal] base_url"
    where = f"{host}:{port}"
    network = "check the network cable or Wi-Fi and that the portal is up"
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as sock:
            if https:
                context = (
                    ssl.create_default_context(cafile=str(ca_file))
                    if ca_file
                    else httpx.create_ssl_context()
                )
                with context.wrap_socket(sock, server_hostname=host):
                    pass
    except socket.gaierror:
        return (
            f"the portal's name {host} cannot be found (DNS)",
            f"{network}; [portal] base_url must be the portal's address",
        )
    except ssl.SSLCertVerificationError as exc:
        return (
            f"the portal's certificate at {where} is not trusted ({exc.verify_message})",
            "check the clock (a wrong date makes certificates look invalid) and that "
            "[portal] base_url names the real portal; never turn verification off",
        )
    except ssl.SSLError as exc:
        return (
            f"no secure connection to the portal at {where} ({exc.reason or exc})",
            "check that [portal] base_url is the portal's https:// address",
        )
    except ConnectionRefusedError:
        return (
            f"nothing answers at {where} (connection refused)",
            f"{network}; [portal] base_url must be the portal's address and port",
        )
    except TimeoutError:
        return (
            f"no answer from {where} within {timeout_s:.1f} s",
            f"{network}, and any firewall on the way",
        )
    except OSError as exc:
        return f"{where} cannot be reached ({exc.strerror or type(exc).__name__})", network
    return (
        f"{where} takes connections but the portal did not answer within {timeout_s:.1f} s",
        "try again in a minute; tell the operator if it lasts",
    )


def _unusable_enrolment(error: EnrolmentFileError) -> Check:
    return Check(
        "portal",
        FAILED,
        f"the enrolment file cannot be used ({error})",
        "enrol again with a new one-time code from the portal: `kiosk enrol CODE --force`",
    )
