"""The audit trail's entries: one line of JSON each, with the event, the kiosk and the time,
the same fields on the record for the journal, and nothing personal ever taken in."""

from __future__ import annotations

import json
import logging
import re
from enum import StrEnum
from pathlib import Path, PurePosixPath

import pytest

from kiosk.audit import (
    AUDIT_LOGGER,
    FIELDS,
    NO_AUDIT,
    AbandonReason,
    Audit,
    AuditEvent,
    AuditRefusedError,
    checked,
    utc_timestamp,
)
from kiosk.ports import PrinterState
from kiosk.session import Screen
from kiosk.submission import new_tracking_code, new_ulid
from tests.fake_clock import KIOSK_MORNING, FakeClock

KIOSK = "HN-KIOSK-000123"
NAME = "Nguyễn Thị Lan"
ID_NUMBER = "001184012345"
PHONE = "0912345678"
PERSONAL_TEXT = [
    NAME,
    "NguyenThiLan 1984",
    ID_NUMBER,
    "034095001234",
    "163456789",  # an old nine-digit ID card
    "CCCD001184012345",
    PHONE,
    "+84912345678",
    "+84 912 345 678",
    "091-234-5678",
    "HN-7K3M-Q9PD",
    "hn-7k3m-q9pd",
    "receipt-HN-7K3M-Q9PD",
    "1984-03-15",
    "15/03/1984",
    "15.03.1984",
    "Số 12 ngõ 34 phố Láng Hạ",
]
"""Names, ID numbers, phone numbers, tracking codes, birth dates and addresses, as a careless
caller might hand them over."""
PERSONAL_NAMES = [NAME, "name", "full_name", ID_NUMBER, "id_number", "phone", PHONE]
PERSONAL_NAMES += ["tracking_code", "date_of_birth", "address", "applicant", "answers"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def audit(clock: FakeClock) -> Audit:
    return Audit(KIOSK, logging.getLogger(AUDIT_LOGGER), clock=clock, strict=True)


def entries(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    """Every audit entry logged, parsed from its message (not the warnings beside them)."""
    return [json.loads(r.getMessage()) for r in caplog.records if hasattr(r, "audit")]


def test_an_entry_is_one_line_of_json_with_the_event_the_kiosk_and_the_utc_time(
    audit: Audit, clock: FakeClock, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, AUDIT_LOGGER)
    clock.advance(5.12)
    audit.record(AuditEvent.PRINTER_FAULT, state=PrinterState.NO_PAPER)

    (record,) = caplog.records
    line = record.getMessage()
    assert "\n" not in line
    assert json.loads(line) == {
        "event": "printer.fault",
        "kiosk": KIOSK,
        "ts": "2026-11-23T03:00:05.120Z",
        "state": "no_paper",
    }
    assert list(json.loads(line)) == ["event", "kiosk", "ts", "state"]
    assert record.audit == json.loads(line)  # type: ignore[attr-defined]
    assert record.levelno == logging.WARNING


def test_the_time_is_utc_whatever_the_clock_s_zone():
    from datetime import timedelta, timezone

    hanoi = KIOSK_MORNING.astimezone(timezone(timedelta(hours=7)))
    assert utc_timestamp(hanoi) == "2026-11-23T03:00:00.000Z"


def test_every_kind_of_value_is_taken_in_its_field(audit: Audit, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, AUDIT_LOGGER)
    ulid = new_ulid(KIOSK_MORNING)
    audit.record(
        AuditEvent.SESSION_ABANDONED,
        reason=AbandonReason.IDLE,
        screen=Screen.QUESTION,
        procedure="1.001234",
        duration_s=120,
        count=0,
    )
    audit.record(
        AuditEvent.CONFIG_LOADED,
        fingerprint="0123456789abcdef",
        path=Path("/etc/kiosk/site.toml"),
        overrides=2,
    )
    audit.record(AuditEvent.KIOSK_STARTED, version="0.1.0", mode="demo", catalogue="shipped")
    audit.record(
        AuditEvent.CATALOGUE_CHANGED,
        old_version="shipped",
        new_version="5e3b0c4f9a1d2e81234567890a5f4e3d",  # an ETag: a hash, digits and all
        count=10,
    )
    audit.record(AuditEvent.SUBMISSION_QUEUED, submission=ulid, procedure_version=3)

    assert [e["event"] for e in entries(caplog)] == [
        "session.abandoned",
        "config.loaded",
        "kiosk.started",
        "catalogue.changed",
        "submission.queued",
    ]
    abandoned, config, started, catalogue, queued = entries(caplog)
    assert abandoned["reason"] == "idle" and abandoned["screen"] == "question"
    assert abandoned["duration_s"] == 120.0 and abandoned["count"] == 0
    assert config["path"] == "/etc/kiosk/site.toml" and config["overrides"] == 2
    assert started["mode"] == "demo" and catalogue["count"] == 10
    assert queued["submission"] == ulid


def test_a_field_given_as_none_is_left_out(audit: Audit, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, AUDIT_LOGGER)
    audit.record(AuditEvent.SESSION_ABANDONED, reason=AbandonReason.FINISHED, procedure=None)
    (entry,) = entries(caplog)
    assert "procedure" not in entry


def test_faults_and_refusals_are_warnings_and_the_rest_information():
    warnings = {e for e in AuditEvent if e.level == logging.WARNING}
    assert warnings == {
        AuditEvent.SUBMISSION_QUEUE_FAILED,
        AuditEvent.SUBMISSION_REFUSED,
        AuditEvent.RECEIPT_FAILED,
        AuditEvent.PRINTER_FAULT,
        AuditEvent.READER_FAULT,
        AuditEvent.CAMERA_FAULT,
        AuditEvent.TECHNICIAN_LOGIN_FAILED,
    }
    assert all(e.level == logging.INFO for e in set(AuditEvent) - warnings)


def test_every_event_is_named_family_dot_what():
    for event in AuditEvent:
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", event.value), event


@pytest.mark.parametrize("value", PERSONAL_TEXT)
@pytest.mark.parametrize(
    "name", sorted(n for n, rule in FIELDS.items() if not isinstance(rule, str))
)
def test_personal_text_is_refused_in_every_text_field(name: str, value: str):
    with pytest.raises(AuditRefusedError) as refused:
        checked(name, value)
    assert value not in str(refused.value)


@pytest.mark.parametrize("value", PERSONAL_TEXT)
@pytest.mark.parametrize("name", sorted(n for n, rule in FIELDS.items() if isinstance(rule, str)))
def test_plain_text_is_refused_in_every_enum_count_and_seconds_field(name: str, value: str):
    with pytest.raises(AuditRefusedError):
        checked(name, value)


@pytest.mark.parametrize("value", [1184012345, 184012345, 912345678.0, -1, float("nan")])
@pytest.mark.parametrize("name", ["count", "attempts", "http_status", "procedure_version"])
def test_an_id_or_phone_number_given_as_a_number_is_not_a_count(name: str, value: float):
    with pytest.raises(AuditRefusedError):
        checked(name, value)


def test_a_flag_is_not_a_count():
    with pytest.raises(AuditRefusedError):
        checked("count", True)


def test_a_tracking_code_is_never_taken_not_even_as_a_submission(audit: Audit):
    with pytest.raises(AuditRefusedError):
        audit.record(AuditEvent.RECEIPT_PRINTED, submission=new_tracking_code())


@pytest.mark.parametrize("name", PERSONAL_NAMES)
def test_a_field_name_not_on_the_list_is_refused_and_not_repeated(
    audit: Audit, name: str, caplog: pytest.LogCaptureFixture
):
    with pytest.raises(AuditRefusedError) as refused:
        audit.record(AuditEvent.SESSION_STARTED, **{name: 1})
    assert name not in str(refused.value)
    assert entries(caplog) == []  # strict: nothing half-recorded


@pytest.mark.parametrize("value", PERSONAL_TEXT)
def test_personal_data_in_the_path_of_a_configuration_is_refused(audit: Audit, value: str):
    with pytest.raises(AuditRefusedError):
        audit.record(AuditEvent.CONFIG_LOADED, path=PurePosixPath("/home") / value / "site.toml")


def test_in_production_a_refused_field_is_dropped_with_a_warning_that_does_not_repeat_it(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    audit = Audit(KIOSK, clock=clock)  # not strict: what the running kiosk does
    audit.record(
        AuditEvent.SUBMISSION_QUEUED,
        procedure="dang-ky-tam-tru",
        submission=new_tracking_code(),
        **{NAME: "x", "phone": PHONE, "id_number": ID_NUMBER},
    )
    (entry,) = entries(caplog)
    assert entry == {
        "event": "submission.queued",
        "kiosk": KIOSK,
        "ts": "2026-11-23T03:00:00.000Z",
        "procedure": "dang-ky-tam-tru",
    }
    dropped = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(dropped) == 4
    for record in caplog.records:
        text = record.getMessage()
        for secret in (NAME, PHONE, ID_NUMBER, "HN-"):
            assert secret not in text.replace(KIOSK, "")


def test_something_that_is_not_an_event_is_refused(
    audit: Audit, clock: FakeClock, caplog: pytest.LogCaptureFixture
):
    with pytest.raises(AuditRefusedError):
        audit.record("session.started")  # type: ignore[arg-type]
    caplog.set_level(logging.DEBUG)
    Audit(KIOSK, clock=clock).record("session.started")  # type: ignore[arg-type]
    assert entries(caplog) == []
    assert [r.levelno for r in caplog.records] == [logging.WARNING]


def test_the_default_trail_records_nothing(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    NO_AUDIT.record(AuditEvent.SESSION_STARTED, name=NAME)
    assert caplog.records == []


def test_the_default_logger_is_kiosk_audit():
    assert Audit(KIOSK).logger is logging.getLogger("kiosk.audit")


class SignIn(StrEnum):
    """How a technician might sign in, once the kiosk has a log-in (it has none yet)."""

    PIN = "pin"


def test_technician_sign_ins_are_recorded_by_method_and_attempts_never_the_pin(
    audit: Audit, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, AUDIT_LOGGER)
    audit.record(AuditEvent.TECHNICIAN_LOGIN_FAILED, method=SignIn.PIN, attempts=1)
    audit.record(AuditEvent.TECHNICIAN_LOGIN, method=SignIn.PIN, attempts=2)
    audit.record(AuditEvent.TECHNICIAN_LOGOUT, method=SignIn.PIN, duration_s=600)
    with pytest.raises(AuditRefusedError):
        audit.record(AuditEvent.TECHNICIAN_LOGIN, pin="482913")
    with pytest.raises(AuditRefusedError):
        audit.record(AuditEvent.TECHNICIAN_LOGIN, method="482913")

    assert [(e["event"], e["method"]) for e in entries(caplog)] == [
        ("technician.login_failed", "pin"),
        ("technician.login", "pin"),
        ("technician.logout", "pin"),
    ]
    assert caplog.records[0].levelno == logging.WARNING
