"""The audit trail of a whole demo kiosk, wired as ``kiosk demo`` wires it: a resident's visit
through the core, the outbox, the simulated printer and the portal simulator on 127.0.0.1
gives the operators the expected entries in order, and no log record of any logger at any
level holds the resident's name, ID number, phone number or date of birth."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hardware.printer.receipt_output import PrinterOutput
from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.health_source import package_version
from kiosk.app.wiring import KioskApp, build_app
from kiosk.audit import AUDIT_LOGGER, Audit, AuditEvent
from kiosk.ports import PrinterState, PrinterStatus
from kiosk.receipt import build_receipt
from kiosk.session import KioskSession, Screen
from kiosk.settings import DEFAULT_CONFIG, FONT_DIR, load_settings
from sync.submission_queue import OutboxQueue
from tests.fake_clock import FakeClock
from tests.kiosk.test_cccd_qr import CARD_2021
from tests.result_choices import past_result_choices

TAM_TRU = "dang-ky-tam-tru"
KIOSK = "HN-KIOSK-DEMO"
RESIDENT = {
    "name": "Nguyễn Thị Lan",
    "name without accents": "Nguyen Thi Lan",
    "ID number": "001184012345",
    "date of birth as on the card": "15031984",
    "date of birth": "15/03/1984",
    "date of birth, ISO": "1984-03-15",
    "phone": "0912345678",
    "landlord": "Trần Văn Hùng",
    "address": "phố Láng Hạ",
}
"""What the resident shows and types in this visit (CARD_2021 and the answers below)."""
ANSWERS = ["Căn 1205, Tòa A, Phường Láng", "12", "rent", RESIDENT["landlord"], RESIDENT["phone"]]


@pytest.fixture
def app(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[KioskApp]:
    caplog.set_level(logging.DEBUG)  # every logger, every level
    audit = Audit(KIOSK, strict=True)  # the kiosk.audit logger, heard through the root
    built = build_app(load_settings(environ={}), "demo", tmp_path, audit=audit)
    yield built
    built.chip.stop()
    built.stop()


def logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Every record, from building the kiosk on."""
    return caplog.get_records("setup") + caplog.records


def entries(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    found = []
    for record in logged(caplog):
        if hasattr(record, "audit"):
            entry = json.loads(record.getMessage())
            assert entry == record.audit and record.name == AUDIT_LOGGER
            assert entry["kiosk"] == KIOSK and entry["ts"].endswith("Z")
            found.append(entry)
    return found


def everything_logged(record: logging.LogRecord) -> str:
    """A record's message and every attribute on it (extras included), as text."""
    return " ".join([record.getMessage(), *(repr(value) for value in vars(record).values())])


def visit(app: KioskApp, session: KioskSession) -> None:
    """A resident identifies with the QR code of their card, answers, submits, takes the
    receipt once the printer has paper again, and finishes."""
    session.start()
    session.choose_procedure(TAM_TRU)
    session.begin()
    session.consent(True)
    session.qr_read(CARD_2021)
    session.confirm_qr()
    for answer in ANSWERS:
        assert session.answer(answer) is None
    past_result_choices(session)
    assert session.screen is Screen.REVIEW
    submission = session.submit()
    OutboxQueue(app.outbox, app.worker).queue(submission, session.submission_files())
    session.submitted()

    assert isinstance(app.printer, SimulatedPrinter)
    output = PrinterOutput(app.printer, app.settings.printer.width_dots, FONT_DIR)
    assert session.procedure is not None
    receipt = build_receipt(submission, session.procedure, app.receipt_context)
    app.printer.set_status(PrinterStatus(PrinterState.NO_PAPER, "test"))
    session.receipt.start(submission.local_id)
    session.receipt.finished(submission.local_id, output.print_receipt(receipt))
    assert not output.ready()
    app.printer.set_status(PrinterStatus(PrinterState.READY))
    assert output.ready()
    session.receipt.start(submission.local_id)
    session.receipt.finished(submission.local_id, output.print_receipt(receipt))
    session.finish()


def test_a_residents_visit_is_audited_in_order_and_nothing_of_them_is_logged(
    app: KioskApp, caplog: pytest.LogCaptureFixture
):
    clock = FakeClock()
    app.clock = clock
    app.catalogue_refresher.refresh_once()  # the portal's catalogue replaces the shipped one
    session = app.new_session()
    visit(app, session)
    assert app.worker.drain_once() == 1
    session.start()  # the next resident walks away
    clock.advance(121)
    assert session.expire_if_idle()
    app.stop()

    trail = entries(caplog)
    assert [e["event"] for e in trail] == [
        "config.loaded",
        "catalogue.changed",
        "session.started",
        "submission.queued",
        "session.completed",
        "printer.fault",
        "receipt.failed",
        "printer.recovered",
        "receipt.printed",
        "submission.accepted",
        "session.started",
        "session.abandoned",
        "kiosk.stopped",
    ]
    by_event = {e["event"]: e for e in trail}
    local_id = by_event["submission.queued"]["submission"]
    assert by_event["catalogue.changed"]["old_version"] == "shipped"
    assert by_event["submission.queued"]["procedure"] == TAM_TRU
    assert by_event["submission.accepted"] == by_event["submission.accepted"] | {
        "submission": local_id,
        "procedure": TAM_TRU,
        "attempts": 1,
    }
    assert by_event["printer.fault"]["state"] == "no_paper"
    assert by_event["printer.recovered"]["previous"] == "no_paper"
    assert by_event["receipt.printed"] == by_event["receipt.printed"] | {
        "submission": local_id,
        "attempts": 2,
    }
    assert by_event["session.abandoned"]["reason"] == "idle"
    assert by_event["session.abandoned"]["duration_s"] == 121.0

    tracking_code = app.outbox.get(local_id).tracking_code  # type: ignore[union-attr]
    assert tracking_code not in json.dumps(trail)
    assert len(logged(caplog)) > len(trail)  # the other loggers were heard too
    for record in logged(caplog):
        text = everything_logged(record)
        for what, secret in RESIDENT.items():
            assert secret not in text, f"{what} in {record.name}: {record.getMessage()}"


def test_the_settings_in_effect_are_recorded_by_fingerprint_never_by_value(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, AUDIT_LOGGER)
    settings = load_settings(environ={"KIOSK_UI__LANGUAGE": "en"})
    app = build_app(settings, "demo", tmp_path)  # the kiosk's own trail, as `kiosk demo` has
    try:
        (loaded,) = entries(caplog)
        assert loaded == {
            "event": "config.loaded",
            "kiosk": KIOSK,
            "ts": loaded["ts"],
            "fingerprint": settings.fingerprint(),
            "path": DEFAULT_CONFIG.as_posix(),
            "overrides": 1,
        }
        for value in (settings.kiosk.building_vi, settings.portal.base_url):
            assert value not in json.dumps(loaded, ensure_ascii=False)
        assert load_settings(environ={}).fingerprint() != settings.fingerprint()
        assert load_settings(environ={"KIOSK_UI__LANGUAGE": "en"}).fingerprint() == (
            settings.fingerprint()
        )
    finally:
        app.chip.stop()
        app.stop()


def test_starting_and_stopping_the_kiosk_are_recorded_with_its_version(
    app: KioskApp, caplog: pytest.LogCaptureFixture
):
    clock = FakeClock()
    app.clock = clock
    app.start()
    clock.advance(3600)
    app.stop()
    app.stop()  # idempotent: one entry

    trail = [e for e in entries(caplog) if e["event"].startswith("kiosk.")]
    assert [{k: v for k, v in e.items() if k not in ("kiosk", "ts")} for e in trail] == [
        {
            "event": "kiosk.started",
            "version": package_version(),
            "mode": "demo",
            "catalogue": "shipped",
        },
        {"event": "kiosk.stopped", "version": package_version(), "duration_s": 3600.0},
    ]
    assert entries(caplog)[0]["event"] == "config.loaded"
    assert entries(caplog)[-1]["event"] == AuditEvent.KIOSK_STOPPED.value
