"""After a resident's whole visit through the real screens (the card's QR code, typing, the
check page, submitting, the printed receipt, the portal's acceptance, Finish), nothing of
them is left where it must not be: in any log record, in the kiosk's files as raw bytes
(the outbox database, its WAL, the catalogue, everything but the portal simulator's own
store), in new files of the temporary directory, or anywhere in the screens' object tree.
Each needle is looked for in NFC and in NFD."""

from __future__ import annotations

import logging
import tempfile
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtQuick import QQuickItem

from kiosk.app.on_screen import OnScreen
from tests.e2e.test_resident_submits_temporary_residence import (
    open_temporary_residence,
    question_id,
)
from ui.driver import ScreenDriver

TYPED = {
    "stay_address": "Căn hộ 1205, Tòa A, Phường Láng",
    "landlord_name": "Trần Văn Hùng",
    "phone": "0912345678",
}


def forms(text: str) -> set[str]:
    """``text`` as it may be stored: NFC and NFD, as UTF-8."""
    return {unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)}


def files_under(root: Path, *, skip: tuple[Path, ...] = ()) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not any(s in p.parents for s in skip)]


def item_texts(item: QQuickItem) -> list[str]:
    """Every text-like property of every item below ``item``."""
    found: list[str] = []
    for name in ("text", "placeholderText", "source"):
        value = item.property(name)
        if isinstance(value, str) and value:
            found.append(value)
        elif value is not None and hasattr(value, "toString"):
            found.append(str(value.toString()))
    for child in item.childItems():
        found.extend(item_texts(child))
    return found


def test_nothing_of_a_resident_is_left_behind_after_the_visit(
    qtbot, on_screen: OnScreen, driver: ScreenDriver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    temp_before = set(Path(tempfile.gettempdir()).iterdir())
    bridge = on_screen.bridge
    open_temporary_residence(qtbot, on_screen, driver)
    identity = bridge.session.identity
    assert identity is not None
    needles = {
        "name": identity.full_name,
        "id number": identity.id_number,
        "birth date": identity.date_of_birth.strftime("%d/%m/%Y"),
        "birth date (ISO)": identity.date_of_birth.isoformat(),
        "birth date (compact)": identity.date_of_birth.strftime("%d%m%Y"),
        "card address": identity.address,
        **TYPED,
    }
    driver.type_on_keyboard(TYPED["stay_address"])
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "stay_months", timeout=10_000)
    driver.type_on_keyboard("12")
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "housing_basis", timeout=10_000)
    driver.tap("choice_rent")
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "landlord_name", timeout=10_000)
    driver.type_on_keyboard(TYPED["landlord_name"])
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: question_id(on_screen) == "phone", timeout=10_000)
    driver.type_on_keyboard(TYPED["phone"])
    driver.tap("nextButton")
    qtbot.waitUntil(lambda: bridge.property("screen") == "review", timeout=10_000)
    driver.tap("submitButton")
    driver.wait_for("trackingCode", timeout_s=20)
    qtbot.waitUntil(lambda: bridge.confirmation.print_state == "printed", timeout=20_000)
    outbox = on_screen.app.outbox
    qtbot.waitUntil(lambda: outbox.counts().get("accepted", 0) == 1, timeout=20_000)
    driver.tap("finishButton")
    driver.wait_for("startButton")
    driver.settle(200)

    # Where each needle may be looked for, and what was scanned.
    data_dir = on_screen.app.data_dir
    # Not the kiosk's to scan: the simulated portal's own store (the city's side), and the
    # catalogue, the procedures' public text, whose examples ("Ví dụ: 0912345678",
    # "15/03/1984") happen to be the test citizen's phone and birth date.
    kiosk_files = files_under(data_dir, skip=(data_dir / "portal", data_dir / "catalogue"))
    assert any(p.name.endswith("-wal") or p.suffix == ".sqlite3" for p in kiosk_files)
    new_temp = [p for p in set(Path(tempfile.gettempdir()).iterdir()) - temp_before]
    temp_files = [f for p in new_temp for f in ([p] if p.is_file() else files_under(p))]
    records = [
        " ".join([r.getMessage(), *(str(v) for v in r.__dict__.values())]) for r in caplog.records
    ]
    assert records, "the visit logged nothing at all: the log scan would prove nothing"
    screen_texts = item_texts(on_screen.window.window.contentItem())
    assert screen_texts, "no text in the screens' tree: the scan would prove nothing"

    leaks: list[str] = []
    for what, needle in needles.items():
        for form in forms(needle):
            raw = form.encode("utf-8")
            leaks += [f"{what} in log record: {r[:120]}" for r in records if form in r]
            for path in [*kiosk_files, *temp_files]:
                if raw in path.read_bytes():
                    leaks.append(f"{what} in the file {path.relative_to(path.anchor)}")
            leaks += [
                f"{what} on screen after the wipe: {t[:80]}" for t in screen_texts if form in t
            ]
    assert leaks == [], "\n".join(leaks)
    print(  # what was scanned, for the record (deploy/SECURITY.md quotes it)
        f"scanned {len(records)} log records, {len(kiosk_files)} kiosk files "
        f"({sum(p.stat().st_size for p in kiosk_files)} bytes), {len(temp_files)} new "
        f"temporary files, {len(screen_texts)} texts on screen, for {len(needles)} facts "
        "in NFC and NFD: 0 found"
    )
