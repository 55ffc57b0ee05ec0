"""The look-up screen: a resident types the code on their receipt (or shows its QR code to
the camera) and sees where their application is and what to do next."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.dossier_lookup import (
    CODE_MALFORMED,
    NOT_A_RECEIPT_QR,
    DossierFacts,
    DossierStage,
    StageEvent,
)
from kiosk.ports import ScanTarget

from .conftest import Screens

CODE = "HN-7K3M-Q9PD"
SUBMITTED = datetime(2026, 11, 20, 2, 15, tzinfo=UTC)  # 09:15 in Hanoi


def decided(stage: DossierStage, note: str = "", live: bool = True) -> DossierFacts:
    return DossierFacts(
        tracking_code=CODE,
        procedure_code="dang-ky-tam-tru",
        submitted_at=SUBMITTED,
        stage=stage,
        dossier_code="HNI-20261120-000042",
        history=(
            StageEvent(DossierStage.RECEIVED, SUBMITTED),
            StageEvent(DossierStage.PROCESSING, datetime(2026, 11, 20, 8, 0, tzinfo=UTC)),
            StageEvent(stage, datetime(2026, 11, 22, 3, 30, tzinfo=UTC), note),
        ),
        as_of=datetime(2026, 11, 23, 3, 0, tzinfo=UTC),
        live=live,
    )


def words(text: str) -> str:
    """Screen text as plain words (the screen keeps "Ông/Bà" together with a joiner)."""
    return text.replace("\u2060", "")


def open_lookup(s: Screens) -> None:
    s.driver.tap("lookupStartButton")
    s.driver.wait_for("lookupField")
    assert s.bridge.property("screen") == "lookup"


def type_code(s: Screens, typed: str) -> None:
    s.driver.tap("lookupField")
    s.driver.type_on_keyboard(typed)
    s.driver.tap("lookupButton")


def error_shown(s: Screens) -> str:
    return words(str(s.driver.property_of("errorText", "text")))


def test_a_typed_code_shows_the_stage_what_to_do_and_the_steps(qtbot, screens):
    s, d = screens, screens.driver
    s.dossiers.dossiers[CODE] = decided(
        DossierStage.MORE_DOCUMENTS, "Bổ sung giấy tờ chứng minh chỗ ở hợp pháp."
    )
    open_lookup(s)
    type_code(s, "hn 7k3m q9pd")  # loosely typed, as residents do
    d.wait_for("lookupStage")
    assert s.dossiers.asked == [CODE]
    assert d.property_of("lookupStage", "text") == "! Cần bổ sung giấy tờ"
    assert "mang giấy tờ đến cơ quan" in words(str(d.property_of("lookupNextStep", "text")))
    assert "1022" in str(d.property_of("lookupNextStep", "text"))
    assert d.property_of("lookupCode", "text") == CODE
    assert d.property_of("lookupProcedure", "text") == "Đăng ký tạm trú"
    assert d.property_of("lookupDossierCode", "text") == "HNI-20261120-000042"
    result = s.bridge.lookup.result()
    assert result["submitted"] == "09:15 ngày 20/11/2026"
    assert [(h["title"], h["note"]) for h in result["history"]] == [
        ("Cơ quan đã tiếp nhận", ""),
        ("Đang giải quyết", ""),
        ("Cần bổ sung giấy tờ", "Bổ sung giấy tờ chứng minh chỗ ở hợp pháp."),
    ]
    assert d.property_of("lookupFreshness", "text") == "Cập nhật lúc 10:00 ngày 23/11/2026."

    d.tap("lookupDoneButton")
    qtbot.waitUntil(lambda: s.bridge.property("screen") == "home", timeout=5_000)
    assert s.bridge.lookup.result() == {} and s.bridge.lookup.state == "asking"


def test_a_code_of_the_wrong_shape_is_explained_and_never_looked_up(screens):
    s = screens
    open_lookup(s)
    type_code(s, "12345")
    assert error_shown(s) == CODE_MALFORMED.vi
    assert s.dossiers.asked == []
    assert s.driver.find("lookupField").property("invalid") is True


def test_an_unknown_code_says_where_else_to_look(screens):
    s = screens
    open_lookup(s)
    type_code(s, "HN-0000-0000")
    s.driver.wait_until(lambda: s.driver.find("errorText") is not None, 5, "no message")
    message = error_shown(s)
    assert "HN-0000-0000" in message and "1022" in message
    assert "Cổng dịch vụ công" in message


def test_a_fault_at_the_kiosk_is_said_plainly(screens):
    s = screens
    s.dossiers.broken = True
    open_lookup(s)
    type_code(s, CODE)
    s.driver.wait_until(lambda: s.driver.find("errorText") is not None, 5, "no message")
    assert "sự cố kỹ thuật" in error_shown(s)
    assert "không bị ảnh hưởng" in error_shown(s)


def test_the_receipts_qr_code_shown_to_the_camera_looks_it_up(qtbot, screens):
    s, d = screens, screens.driver
    s.dossiers.dossiers[CODE] = decided(DossierStage.RESULT_READY)
    open_lookup(s)
    assert s.qr.on_payload is not None, "the camera should be reading on the look-up screen"
    assert s.qr.target is ScanTarget.RECEIPT
    s.qr.show("001099012345|123456789|Nguyễn Văn An|01011999|Nam|Hà Nội|01012021")
    d.wait_until(lambda: d.find("errorText") is not None, 5, "no message for the ID card QR")
    assert error_shown(s) == NOT_A_RECEIPT_QR.vi
    assert s.dossiers.asked == []

    s.qr.show(f"https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma={CODE}")
    d.wait_for("lookupStage")
    assert d.property_of("lookupStage", "text") == "✓ Đã có kết quả"
    qtbot.waitUntil(lambda: s.qr.on_payload is None, timeout=5_000)  # camera off meanwhile
    d.tap("lookupAgainButton")
    qtbot.waitUntil(lambda: s.qr.on_payload is not None, timeout=5_000)
    assert d.find("lookupField").property("text") == ""
    # The same receipt still held up does not come straight back; another one is looked up.
    s.qr.show(f"https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma={CODE}")
    d.settle(200)
    assert s.bridge.lookup.state == "asking" and s.dossiers.asked == [CODE]
    s.qr.show("https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=HN-0000-0001")
    d.wait_until(lambda: d.find("errorText") is not None, 5, "no message")
    assert s.dossiers.asked == [CODE, "HN-0000-0001"]


def test_the_screen_shows_it_is_searching_while_the_portal_is_asked(qtbot, screens):
    s, d = screens, screens.driver
    s.dossiers.dossiers[CODE] = decided(DossierStage.PROCESSING)
    s.dossiers.release.clear()
    open_lookup(s)
    type_code(s, CODE)
    d.wait_for("lookupBusy")
    assert s.bridge.lookup.state == "searching" and s.bridge.lookup.property("code") == CODE
    s.dossiers.release.set()
    d.wait_for("lookupStage")
    assert d.property_of("lookupStage", "text") == "Đang giải quyết"


def test_a_waiting_application_and_a_stale_status_are_told_apart(screens):
    s, d = screens, screens.driver
    s.dossiers.dossiers[CODE] = DossierFacts(
        CODE, "dang-ky-tam-tru", SUBMITTED, DossierStage.WAITING
    )
    open_lookup(s)
    type_code(s, CODE)
    d.wait_for("lookupStage")
    assert d.property_of("lookupStage", "text") == "Đã lưu tại kiosk, đang chờ gửi"
    assert "tự động được gửi" in words(str(d.property_of("lookupNextStep", "text")))
    assert d.find("lookupFreshness") is None  # the portal never said anything of it
    assert d.find("lookupDossierCode") is None

    s.dossiers.dossiers[CODE] = decided(DossierStage.PROCESSING, live=False)
    d.tap("lookupAgainButton")
    type_code(s, CODE)
    d.wait_for("lookupStage")
    assert "chưa hỏi được Cổng dịch vụ công" in str(d.property_of("lookupFreshness", "text"))
    assert "10:00 ngày 23/11/2026" in str(d.property_of("lookupFreshness", "text"))


def test_in_english_and_wiped_when_the_resident_walks_away(qtbot, screens):
    s, d = screens, screens.driver
    s.dossiers.dossiers[CODE] = decided(DossierStage.REJECTED, "Hồ sơ không đủ điều kiện.")
    d.tap("languageButton")
    open_lookup(s)
    type_code(s, CODE)
    d.wait_for("lookupStage")
    assert d.property_of("lookupStage", "text") == "! Application refused"
    assert s.bridge.lookup.result()["submitted"] == "09:15, 20/11/2026"
    assert d.property_of("lookupDoneButton", "text") == "Done, back to the start"

    s.clock.advance(200)  # past the inactivity warning and countdown
    qtbot.waitUntil(lambda: s.bridge.property("screen") == "home", timeout=5_000)
    assert s.bridge.lookup.result() == {}


def test_back_leaves_the_look_up_and_forgets_it(qtbot, screens):
    s, d = screens, screens.driver
    s.dossiers.dossiers[CODE] = decided(DossierStage.RESULT_READY)
    open_lookup(s)
    type_code(s, CODE)
    d.wait_for("lookupStage")
    d.tap("backButton")
    qtbot.waitUntil(lambda: s.bridge.property("screen") == "home", timeout=5_000)
    assert s.qr.on_payload is None
    d.tap("lookupStartButton")
    d.wait_for("lookupField")
    assert d.find("lookupStage") is None
