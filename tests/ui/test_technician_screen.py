"""The technician screen on the real QML: five taps in the hidden corner bring up the PIN pad,
the PIN (a real argon2id store) opens the screen, five wrong PINs lock it, two minutes
untouched close it, and nothing of it can be reached or done without the PIN."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtQuick import QQuickItem

from kiosk.audit import AuditEvent
from kiosk.health import KioskHealth, PrinterHealth, ReaderHealth
from kiosk.ports import Ports, PrinterState, PrinterStatus, ScanTarget
from kiosk.procedures import Catalogue
from kiosk.receipt import ReceiptContext
from kiosk.selftest import Check, CheckStatus
from kiosk.session import KioskSession, Screen
from kiosk.settings import FONT_DIR, PROCEDURES_DIR
from kiosk.technician import (
    PrintOutcome,
    TechnicianAccess,
    TechnicianState,
    TechnicianTools,
    UnsentSubmission,
)
from kiosk.technician_pin import PinStore
from tests.audit_trail import AuditLog
from tests.fake_clock import FakeClock
from ui.application import KioskWindow, create_gui_application
from ui.driver import ScreenDriver
from ui.session_bridge import SessionBridge

from .conftest import FakeChip, FakeDirectory, FakeDocuments, FakePrinter, FakeQr, FakeQueue

PIN = "246810"
WRONG = "135791"
CARD = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)


class FakeTools:
    """What the technician screen reads and does, counted."""

    def __init__(self, clock: FakeClock, qr: FakeQr) -> None:
        self.clock = clock
        self.qr = qr
        self.calls: list[str] = []
        self.printed = True
        self.camera_during_self_test: bool | None = None

    def tools(self) -> TechnicianTools:
        return TechnicianTools(
            self.health, self.oldest_unsent, self.test_print, self.sync_now, self.self_test,
            self.restart,
        )  # fmt: skip

    def health(self) -> KioskHealth:
        now = self.clock().timestamp()
        return KioskHealth(
            kiosk_id="HN-TEST-1",
            version="0.1.0",
            started_at=now - 3600,
            now=now,
            printer=PrinterHealth.PAPER_LOW,
            reader=ReaderHealth.READY,
            outbox_counts={"queued": 2, "sending": 0, "accepted": 40, "failed": 1},
            oldest_unsent_age_s=5400,
            last_sync_success_at=now - 180,
            last_heartbeat_at=now - 60,
            catalogue_version="shipped",
        )

    def oldest_unsent(self) -> UnsentSubmission | None:
        return UnsentSubmission(
            state="queued",
            attempts=3,
            queued_at=self.clock(),
            last_error="network: ConnectError",
            next_attempt_at=self.clock(),
        )

    def test_print(self) -> PrintOutcome:
        self.calls.append("test_print")
        state = PrinterState.READY if self.printed else PrinterState.NO_PAPER
        return PrintOutcome(self.printed, PrinterStatus(state))

    def sync_now(self) -> int:
        self.calls.append("sync_now")
        return 2

    def self_test(self, progress: Callable[[str], None]) -> Sequence[Check]:
        self.calls.append("self_test")
        self.camera_during_self_test = self.qr.on_payload is not None
        progress("printer")
        return [
            Check("printer", CheckStatus.WARNING, "paper near end", "load a new roll"),
            Check("camera", CheckStatus.OK, "frames at 8/s"),
        ]

    def restart(self) -> None:
        self.calls.append("restart")


class TechScreens:
    """The window over fakes, with a technician screen: a PIN store in ``data_dir``."""

    def __init__(self, data_dir: Path, clock: FakeClock | None = None) -> None:
        self.clock = clock or FakeClock()
        self.qr = FakeQr()
        self.printer = FakePrinter()
        self.audit = AuditLog(self.clock)
        self.pins = PinStore(data_dir, self.clock)
        self.fake_tools = FakeTools(self.clock, self.qr)
        self.session = KioskSession(
            Catalogue.load(PROCEDURES_DIR), self.clock, "HN-TEST-1", audit=self.audit
        )
        ports = Ports(
            FakeQueue(),
            self.printer,
            self.qr,
            self.qr,
            FakeChip(),
            ReceiptContext("HN-TEST-1 · Tòa A", "1022", "https://example.invalid/tra-cuu"),
            FakeDirectory(),
            FakeDocuments(),
        )
        self.access = TechnicianAccess(self.pins, self.clock, self.audit)
        self.bridge = SessionBridge(
            self.session,
            ports,
            technician=self.access,
            technician_tools=self.fake_tools.tools(),
        )
        self.view = self.bridge.technician
        self.window = KioskWindow(self.bridge, 1080, 1920, fullscreen=False)
        self.driver = ScreenDriver(self.window.window)

    def close(self) -> None:
        self.bridge.shutdown()
        self.window.close()

    # --- as a technician's finger would -------------------------------------------------
    def five_taps(self) -> None:
        for _ in range(5):
            self.driver.tap("technicianCorner")

    def type_pin(self, pin: str) -> None:
        for digit in pin:
            self.driver.tap(f"pinKey{digit}")

    def sign_in(self, pin: str) -> None:
        self.type_pin(pin)
        self.driver.tap("pinSignInButton")
        self.driver.wait_until(
            lambda: self.access.state is not TechnicianState.CHECKING, 10, "the PIN check hung"
        )
        self.driver.settle()

    def notice(self) -> str:
        return str(self.driver.property_of("pinNotice", "text"))

    def shown(self, name: str) -> bool:
        self.driver.settle()
        return self.driver.find(name) is not None


@pytest.fixture
def tech(qapp, tmp_path: Path) -> Iterator[TechScreens]:
    create_gui_application(FONT_DIR, headless=True)
    screens = TechScreens(tmp_path)
    screens.pins.set_pin(PIN)
    yield screens
    screens.close()


def signed_in(tech: TechScreens) -> None:
    tech.five_taps()
    tech.driver.wait_for("pinPad")
    tech.sign_in(PIN)
    tech.driver.wait_for("devicesSection")


# --- the way in -----------------------------------------------------------------------------
def test_five_taps_in_the_top_left_corner_bring_up_the_pin_pad(tech: TechScreens):
    d = tech.driver
    d.wait_for("startButton")
    for _ in range(4):
        d.tap("technicianCorner")
    assert not tech.shown("pinPad")
    tech.clock.advance(3.5)  # too slow: those four taps no longer count
    for _ in range(4):
        d.tap("technicianCorner")
    assert not tech.shown("pinPad")
    d.tap("technicianCorner")
    d.wait_for("pinPad")
    d.tap("startButton")  # under the pad: the tap stops at the pad
    assert tech.session.screen is Screen.HOME
    assert d.property_of("pinSignInButton", "enabled") is False


def test_the_back_button_in_the_corner_keeps_its_taps(tech: TechScreens):
    d = tech.driver
    tech.bridge.start()
    d.wait_for("backButton")
    d.tap("technicianCorner")  # lands on Back, which sits in the corner: only Back hears it
    d.wait_for("startButton")
    assert tech.session.screen is Screen.HOME
    for _ in range(4):
        d.tap("technicianCorner")
    assert not tech.shown("pinPad")  # four bare-corner taps: the one on Back did not count
    d.tap("technicianCorner")
    d.wait_for("pinPad")


def test_the_pin_shows_as_dots_and_the_pad_takes_no_more_than_twelve_digits(tech: TechScreens):
    d = tech.driver
    tech.five_taps()
    tech.type_pin("2468")
    dots = d.wait_for("pinDots")
    assert dots.property("typed") == 4
    assert not any(PIN[:4] in text for text in texts_on_screen(tech))
    tech.type_pin("1357913579")
    assert dots.property("typed") == 12
    d.tap("pinEraseButton")
    assert dots.property("typed") == 11
    d.tap("pinClearButton")
    assert dots.property("typed") == 0


def test_the_right_pin_opens_the_technician_screen_and_the_audit_says_so(tech: TechScreens):
    tech.five_taps()
    tech.sign_in(PIN)
    d = tech.driver
    d.wait_for("technicianScreen")
    d.wait_for("devicesSection")
    assert "Sắp hết giấy" in str(d.property_of("printerState", "value"))
    assert d.property_of("outboxCounts", "value") == (
        "chờ gửi 2 · đang gửi 0 · đã gửi 40 · bị từ chối 1"
    )
    assert "1 giờ 30 phút" in str(d.property_of("oldestUnsent", "value"))
    assert d.property_of("unsentReason", "value") == "network: ConnectError"
    assert "3 phút trước" in str(d.property_of("lastSync", "value"))
    assert d.property_of("catalogueVersion", "value") == "bản cài sẵn theo kiosk"
    assert tech.audit.fields() == [{"event": "technician.login", "method": "pin", "attempts": 1}]
    d.tap("technicianExitButton")
    d.wait_for("startButton")
    assert tech.audit.fields()[-1] == {
        "event": "technician.logout",
        "method": "pin",
        "duration_s": 0.0,
        "reason": "exit",
    }


def test_five_wrong_pins_lock_the_pad_with_the_time_it_lifts(tech: TechScreens):
    tech.five_taps()
    tech.sign_in(WRONG)
    assert tech.notice() == "Mã PIN không đúng. Còn 4 lần thử trước khi bị khoá."
    for _ in range(4):
        tech.sign_in(WRONG)
    # 10:00 in Hanoi + 5 minutes
    assert tech.notice() == (
        "Đã khoá 5 phút do nhập sai mã PIN 5 lần liên tiếp — thử lại lúc 10:05."
    )
    assert tech.driver.property_of("pinKey2", "enabled") is False
    failed = tech.audit.of(AuditEvent.TECHNICIAN_LOGIN_FAILED)
    assert [(e["attempts"], e["reason"], e["count"]) for e in failed] == [
        (1, "wrong", 4),
        (2, "wrong", 3),
        (3, "wrong", 2),
        (4, "wrong", 1),
        (5, "wrong", 0),
    ]
    # Closed and opened again, the lock is still there; the right PIN cannot be sent.
    tech.driver.tap("pinExitButton")
    tech.five_taps()
    assert "thử lại lúc 10:05" in tech.notice()
    tech.type_pin(PIN)  # the keys take nothing
    assert tech.driver.property_of("pinDots", "typed") == 0
    tech.clock.advance(60)
    tech.driver.settle(1300)
    assert "thử lại lúc 10:05" in tech.notice()
    tech.clock.advance(4 * 60)  # the lock lifts, and the pad untouched closed meanwhile
    tech.driver.wait_until(lambda: not tech.shown("pinPad"), 5, "the pad stayed")
    tech.five_taps()
    assert not tech.shown("pinNotice")
    tech.sign_in(PIN)
    tech.driver.wait_for("devicesSection")


def test_the_lock_survives_a_restart(qapp, tmp_path: Path):
    create_gui_application(FONT_DIR, headless=True)
    clock = FakeClock()
    first = TechScreens(tmp_path, clock)
    first.pins.set_pin(PIN)
    first.five_taps()
    for _ in range(5):
        first.sign_in(WRONG)
    first.close()
    again = TechScreens(tmp_path, clock)  # the kiosk started again on the same data
    try:
        again.five_taps()
        assert "thử lại lúc 10:05" in again.notice()
    finally:
        again.close()


def test_a_kiosk_without_a_pin_says_how_to_set_one(qapp, tmp_path: Path):
    create_gui_application(FONT_DIR, headless=True)
    screens = TechScreens(tmp_path)
    try:
        screens.five_taps()
        assert "chưa có mã PIN kỹ thuật viên" in screens.notice()
        assert screens.driver.property_of("pinKey1", "enabled") is False
    finally:
        screens.close()


# --- the resident -------------------------------------------------------------------------
def test_exit_on_the_pad_gives_the_resident_their_screen_back(tech: TechScreens):
    b = tech.bridge
    b.start()
    b.chooseProcedure("dang-ky-tam-tru")
    for _ in range(5):
        tech.view.cornerTapped()  # the bare corner tapped five times
    tech.driver.wait_for("pinPad")
    tech.driver.tap("introStartButton")  # under the pad: the tap stops at the pad
    assert tech.session.screen is Screen.INTRO
    tech.driver.tap("pinExitButton")
    tech.driver.wait_for("introStartButton")
    assert tech.session.procedure is not None


def test_signing_in_wipes_the_residents_session_first(tech: TechScreens):
    b = tech.bridge
    b.start()
    b.chooseProcedure("dang-ky-tam-tru")
    b.begin()
    b.consent(True)
    assert tech.qr.target is ScanTarget.ID_CARD
    for _ in range(5):
        tech.view.cornerTapped()
    tech.driver.wait_for("pinPad")
    assert tech.qr.on_payload is None  # the camera is off behind the PIN pad
    tech.sign_in(PIN)
    tech.driver.wait_for("technicianScreen")
    assert tech.session.screen is Screen.HOME and tech.session.procedure is None
    abandoned = tech.audit.of(AuditEvent.SESSION_ABANDONED)
    assert abandoned[-1]["reason"] == "technician"


def test_the_camera_tells_the_kind_of_code_never_a_residents_data(tech: TechScreens):
    signed_in(tech)
    d = tech.driver
    assert tech.qr.target is ScanTarget.RECEIPT
    tech.qr.show(CARD)
    d.wait_until(lambda: "Thẻ căn cước" in str(d.property_of("qrSeen", "value")), 5, "no QR")
    seen = str(d.property_of("qrSeen", "value"))
    assert "nội dung không hiển thị" in seen
    assert not any(
        part in text
        for text in texts_on_screen(tech)
        for part in ("Nguyễn Thị Lan", "001184012345", "Láng Hạ")
    )
    assert tech.session.identity is None and tech.session.screen is Screen.HOME
    tech.qr.show("KIOSK-TEST HN-TEST-1 2026-11-23T10:00")
    d.wait_until(
        lambda: "KIOSK-TEST HN-TEST-1" in str(d.property_of("qrSeen", "value")), 5, "no test page"
    )


# --- the actions ----------------------------------------------------------------------------
def test_each_action_runs_shows_its_outcome_and_is_audited(tech: TechScreens):
    signed_in(tech)
    d = tech.driver
    d.tap("testPrintButton")
    d.wait_for("testPrintResult")
    assert str(d.property_of("testPrintResult", "value")).startswith("Đã in trang thử.")
    d.tap("syncNowButton")
    d.wait_for("syncResult")
    assert d.property_of("syncResult", "value") == (
        "Đã thử gửi 2 hồ sơ. Mục Hàng đợi cho biết hồ sơ nào còn chờ."
    )
    d.tap("selfTestButton")
    d.wait_for("selfTestSummary")
    assert d.property_of("selfTestSummary", "value") == "1 đạt · 1 cảnh báo · 0 lỗi"
    assert d.property_of("selfTestCheck_0", "label") == "Máy in"
    assert d.property_of("selfTestCheck_0", "value") == "paper near end\n→ load a new roll"
    # the camera, let go for the self-test, is back
    assert tech.fake_tools.camera_during_self_test is False
    assert tech.qr.on_payload is not None and tech.qr.target is ScanTarget.RECEIPT
    assert tech.fake_tools.calls == ["test_print", "sync_now", "self_test"]
    actions = [e for e in tech.audit.fields() if e["event"] not in ("technician.login",)]
    assert actions == [
        {"event": "technician.test_print", "outcome": "done", "state": "ready"},
        {"event": "technician.sync_now", "outcome": "done", "count": 2},
        {"event": "technician.selftest", "outcome": "done", "count": 1},
    ]


def test_a_test_page_that_does_not_print_says_why(tech: TechScreens):
    tech.fake_tools.printed = False
    signed_in(tech)
    tech.driver.tap("testPrintButton")
    tech.driver.wait_for("testPrintResult")
    assert tech.driver.property_of("testPrintResult", "value") == "Không in được: hết giấy."
    assert tech.audit.fields()[-1] == {
        "event": "technician.test_print",
        "outcome": "failed",
        "state": "no_paper",
    }


def test_restart_asks_first_then_logs_out_and_quits(tech: TechScreens):
    signed_in(tech)
    d = tech.driver
    scroll_to(tech, "restartButton")
    d.tap("restartButton")
    d.tap("restartCancelButton")
    assert tech.fake_tools.calls == []
    d.tap("restartButton")
    d.tap("restartConfirmButton")
    assert tech.fake_tools.calls == ["restart"]
    assert [e["event"] for e in tech.audit.fields()][-2:] == [
        "technician.restart",
        "technician.logout",
    ]
    assert tech.audit.fields()[-1]["reason"] == "restart"
    d.wait_for("startButton")


# --- nothing without the PIN ----------------------------------------------------------------
def test_nothing_of_the_technician_screen_is_reachable_without_the_pin(tech: TechScreens):
    view, d = tech.view, tech.driver

    def try_everything() -> None:
        view.testPrint()
        view.syncNow()
        view.runSelfTest()
        view.restartKiosk()
        if tech.qr.on_payload is not None:
            tech.qr.show(CARD)
        d.settle(200)

    try_everything()  # closed
    tech.five_taps()
    d.wait_for("pinPad")
    try_everything()  # the PIN pad, not signed in
    tech.sign_in(WRONG)
    try_everything()  # a wrong PIN
    assert tech.fake_tools.calls == []
    assert view.property("healthJson") == ""
    assert view.property("actionsJson") == ""
    assert view.property("qrJson") == ""
    assert not tech.shown("technicianScreen")
    # The resident's navigation has no way there.
    assert "technician" not in {screen.value for screen in Screen}
    # Loading the screen by force shows nothing of the kiosk and does nothing.
    loader = d.wait_for("technicianScreenLoader")
    loader.setProperty("active", True)
    d.wait_for("technicianScreen")
    assert not tech.shown("devicesSection")
    assert d.property_of("technicianLoading", "visible") is True
    scroll_to(tech, "testPrintButton")
    d.tap("testPrintButton")
    scroll_to(tech, "selfTestButton")
    d.tap("selfTestButton")
    assert not tech.shown("syncNowButton")  # its section shows only what the view gives
    d.tap("technicianExitButton")
    assert tech.fake_tools.calls == []
    assert [e["event"] for e in tech.audit.fields()] == ["technician.login_failed"]


# --- two minutes untouched ----------------------------------------------------------------
def test_the_screen_closes_itself_after_two_minutes_untouched(tech: TechScreens):
    signed_in(tech)
    d = tech.driver
    tech.clock.advance(110)
    d.tap("syncNowButton")  # a touch: the two minutes start again
    d.wait_for("syncResult")
    tech.clock.advance(110)
    d.settle(1300)  # a tick of the screen's timer
    assert tech.shown("technicianScreen")
    tech.clock.advance(11)
    d.wait_until(lambda: not tech.shown("technicianLayerRoot"), 5, "the screen stayed")
    assert tech.audit.fields()[-1] == {
        "event": "technician.logout",
        "method": "pin",
        "duration_s": 231.0,
        "reason": "idle",
    }
    assert tech.view.property("healthJson") == ""  # what was read is dropped


def test_the_pin_pad_closes_itself_after_two_minutes_untouched(tech: TechScreens):
    tech.five_taps()
    tech.type_pin("24")
    tech.clock.advance(121)
    tech.driver.wait_for("startButton", timeout_s=5)
    assert tech.audit.fields() == []  # nobody signed in, nobody signed out


# --- helpers --------------------------------------------------------------------------------
def texts_on_screen(tech: TechScreens) -> list[str]:
    """Every visible text of the window."""
    found: list[str] = []
    stack: list[QQuickItem] = [tech.window.window.contentItem()]
    while stack:
        item = stack.pop()
        if not item.isVisible():
            continue
        text = item.property("text")
        if isinstance(text, str) and text:
            found.append(text)
        stack.extend(item.childItems())
    return found


def scroll_to(tech: TechScreens, name: str) -> None:
    """Scroll the technician screen until ``name`` shows (the driver scrolls lists by
    contentY)."""
    item = tech.driver.wait_for(name)
    tech.driver.scroll_into_view(item)
