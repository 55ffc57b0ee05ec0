"""The running kiosk's audit trail into the journal: natively with KIOSK_* fields when
python-systemd is there (a stand-in for it here, as it emits since version 235), once per
entry when stderr is the journal too, and nothing extra when it is not installed."""

from __future__ import annotations

import json
import logging
import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from kiosk.app.audit_log import (
    JournalFields,
    install_journal_handler,
    journal_field,
    kiosk_audit,
    stderr_is_journal,
)
from kiosk.audit import AUDIT_LOGGER, Audit, AuditEvent
from kiosk.ports import PrinterState
from tests.fake_clock import FakeClock


class FakeJournalHandler(logging.Handler):
    """What ``systemd.journal.JournalHandler`` does with a record (python-systemd 235)."""

    sent: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, level: int = logging.NOTSET, **kwargs: Any) -> None:
        super().__init__(level)
        self._extra = kwargs

    def emit(self, record: logging.LogRecord) -> None:
        extras = dict(self._extra)
        extras.update(record.__dict__)
        self.sent.append({"MESSAGE": self.format(record), "LOGGER": record.name, **extras})


@pytest.fixture
def journal(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """python-systemd, as far as the kiosk uses it; what it sent."""
    package = types.ModuleType("systemd")
    module = types.ModuleType("systemd.journal")
    module.JournalHandler = FakeJournalHandler  # type: ignore[attr-defined]
    package.journal = module  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "systemd", package)
    monkeypatch.setitem(sys.modules, "systemd.journal", module)
    FakeJournalHandler.sent = []
    return FakeJournalHandler.sent


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    """A logger of the tree, given back as it was."""
    log = logging.getLogger("tests.audit_log")
    log.setLevel(logging.INFO)
    yield log
    for handler in list(log.handlers):
        log.removeHandler(handler)
    log.propagate = True
    log.setLevel(logging.NOTSET)


def journal_stream_of(path: Path) -> str:
    status = path.stat()
    return f"{status.st_dev}:{status.st_ino}"


def test_an_entry_goes_to_the_journal_with_its_fields_in_capitals(
    journal: list[dict[str, Any]], logger: logging.Logger
):
    handler = install_journal_handler(logger, environ={})
    assert isinstance(handler, FakeJournalHandler)
    audit = Audit("HN-KIOSK-000123", logger, clock=FakeClock(), strict=True)
    audit.record(AuditEvent.PRINTER_FAULT, state=PrinterState.NO_PAPER)

    (sent,) = journal
    assert json.loads(sent["MESSAGE"]) == {
        "event": "printer.fault",
        "kiosk": "HN-KIOSK-000123",
        "ts": "2026-11-23T03:00:00.000Z",
        "state": "no_paper",
    }
    fields = {k: v for k, v in sent.items() if k.startswith("KIOSK_")}
    assert fields == {
        "KIOSK_EVENT": "printer.fault",
        "KIOSK_ID": "HN-KIOSK-000123",
        "KIOSK_TS": "2026-11-23T03:00:00.000Z",
        "KIOSK_STATE": "no_paper",
    }
    assert sent["SYSLOG_IDENTIFIER"] == "kiosk"
    assert logger.propagate  # not under systemd: stderr keeps its copy


def test_under_systemd_the_stderr_copy_stops_so_the_journal_has_each_entry_once(
    journal: list[dict[str, Any]], logger: logging.Logger, tmp_path: Path
):
    stderr = tmp_path / "stderr"
    stderr.touch()
    with stderr.open("w") as stream:
        assert stderr_is_journal({"JOURNAL_STREAM": journal_stream_of(stderr)}, stream.fileno())
        assert not stderr_is_journal({"JOURNAL_STREAM": "1:2"}, stream.fileno())
        assert not stderr_is_journal({}, stream.fileno())
    assert not stderr_is_journal({"JOURNAL_STREAM": "1:2"}, stderr_fd=987654)  # closed

    this_stderr = {"JOURNAL_STREAM": f"{os.fstat(2).st_dev}:{os.fstat(2).st_ino}"}
    install_journal_handler(logger, environ=this_stderr)
    assert not logger.propagate


def test_the_handler_is_installed_once_however_often_the_kiosk_is_built(
    journal: list[dict[str, Any]], logger: logging.Logger
):
    first = install_journal_handler(logger, environ={})
    assert install_journal_handler(logger, environ={}) is first
    assert len(logger.handlers) == 1


def test_without_python_systemd_nothing_is_added(
    monkeypatch: pytest.MonkeyPatch, logger: logging.Logger
):
    monkeypatch.setitem(sys.modules, "systemd", None)  # import fails, as when not installed
    assert install_journal_handler(logger, environ={}) is None
    assert logger.handlers == [] and logger.propagate


def test_records_that_are_not_entries_pass_unchanged():
    record = logging.LogRecord("kiosk.audit", logging.WARNING, __file__, 1, "dropped", (), None)
    assert JournalFields().filter(record)
    assert not [name for name in vars(record) if name.startswith("KIOSK_")]


def test_journal_field_names():
    assert journal_field("kiosk") == "KIOSK_ID"
    assert journal_field("duration_s") == "KIOSK_DURATION_S"
    assert journal_field("event") == "KIOSK_EVENT"


def test_the_kiosk_s_trail_is_on_the_kiosk_audit_logger(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "systemd", None)
    audit = kiosk_audit("HN-KIOSK-000123", environ={})
    assert audit.logger is logging.getLogger(AUDIT_LOGGER)
    assert audit.kiosk_id == "HN-KIOSK-000123" and not audit.strict
