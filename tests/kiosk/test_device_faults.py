"""Device faults for the audit trail: one entry when a device stops working (or fails
differently), one when it works again, whatever is reported in between."""

from __future__ import annotations

from kiosk.device_faults import camera_faults, printer_faults, reader_faults
from kiosk.ports import PrinterState, ReaderState
from tests.audit_trail import AuditLog
from tests.fake_clock import FakeClock


def test_a_printer_out_of_paper_is_one_fault_until_it_prints_again(clock: FakeClock):
    log = AuditLog(clock)
    faults = printer_faults(log, clock)
    for state in (PrinterState.READY, PrinterState.PAPER_NEAR_END, PrinterState.UNKNOWN):
        faults.observe(state)
    assert log.entries == []  # working, or saying nothing: no news

    faults.observe(PrinterState.NO_PAPER)
    faults.observe(PrinterState.NO_PAPER)
    faults.observe(PrinterState.UNKNOWN)
    clock.advance(30)
    faults.observe(PrinterState.COVER_OPEN)  # paper being changed: another fault
    clock.advance(45)
    faults.observe(PrinterState.READY)
    faults.observe(PrinterState.READY)

    assert log.fields() == [
        {"event": "printer.fault", "state": "no_paper"},
        {"event": "printer.fault", "state": "cover_open"},
        {
            "event": "printer.recovered",
            "state": "ready",
            "previous": "cover_open",
            "duration_s": 75.0,
        },
    ]
    assert faults.fault is None


def test_every_state_a_printer_cannot_print_in_is_a_fault(clock: FakeClock):
    for state in PrinterState:
        log = AuditLog(clock)
        printer_faults(log, clock).observe(state)
        faulty = state not in (PrinterState.READY, PrinterState.PAPER_NEAR_END)
        faulty = faulty and state is not PrinterState.UNKNOWN
        assert log.events() == (["printer.fault"] if faulty else []), state


def test_a_reader_missing_at_start_is_a_fault_and_a_card_on_it_is_not(clock: FakeClock):
    log = AuditLog(clock)
    faults = reader_faults(log, clock)
    faults.observe(ReaderState.UNAVAILABLE)  # pcscd not up yet
    faults.observe(ReaderState.NO_READER)
    clock.advance(3)
    faults.observe(ReaderState.EMPTY)
    faults.observe(ReaderState.CARD_PRESENT)
    faults.observe(ReaderState.EMPTY)

    assert log.fields() == [
        {"event": "reader.fault", "state": "unavailable"},
        {"event": "reader.fault", "state": "no_reader"},
        {"event": "reader.recovered", "state": "empty", "previous": "no_reader", "duration_s": 3.0},
    ]


def test_a_camera_that_stops_giving_frames_is_a_fault_until_it_gives_one(clock: FakeClock):
    log = AuditLog(clock)
    frames = camera_faults(log, clock)
    frames(True)
    frames(False)
    frames(False)
    clock.advance(12.5)
    frames(True)

    assert log.fields() == [
        {"event": "camera.fault", "state": "no_frames"},
        {"event": "camera.recovered", "state": "ok", "previous": "no_frames", "duration_s": 12.5},
    ]


def test_how_long_a_fault_lasted_ignores_a_wall_clock_that_jumps(clock: FakeClock):
    log = AuditLog(clock)
    faults = printer_faults(log, clock)
    faults.observe(PrinterState.NO_PAPER)
    clock.advance(40)
    clock.jump_wall(-3600)  # NTP steps the clock back an hour meanwhile
    faults.observe(PrinterState.READY)
    assert log.fields()[-1]["duration_s"] == 40.0
