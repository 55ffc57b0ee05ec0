"""The operators' audit trail: one structured journal entry per thing that happened at the
kiosk (a visit, a submission, a receipt, a device fault, a configuration or catalogue change),
never anything about the person it happened to.

An entry is one record on the ``kiosk.audit`` logger whose message is a single line of JSON::

    {"event": "receipt.failed", "kiosk": "HN-KIOSK-000123", "ts": "2026-11-23T03:00:05.120Z",
     "submission": "01JD3…", "attempts": 1}

and the same dictionary rides on the record as ``record.audit``, for a journal handler to
export as fields (``kiosk.app.audit_log``). The level says how much it matters: faults and
refusals are warnings, the rest information.

Personal data cannot slip in by accident: only the field names of :data:`FIELDS` are taken,
each with the kind of value it holds (a member of a string enum, a bounded count or number of
seconds, or a short identifier of a fixed shape that is checked against the shapes of ID
numbers, phone numbers, dates and tracking codes). Anything else is refused: :class:`Audit`
raises :class:`AuditRefusedError` when strict (the tests), and otherwise drops the field and logs a
warning that names neither the value nor an unknown field's name.

The tracking code is left out on purpose: it is printed on the resident's receipt and opens
the public look-up of their dossier. A submission is named by its local id (the ULID the
outbox keys it by and the portal deduplicates on), which no resident ever sees.

The core takes an :class:`AuditTrail` (:data:`NO_AUDIT` by default); the composition root
hands it a real :class:`Audit`. Pure Python: ``logging`` is its only output.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import PurePath
from typing import Protocol

from kiosk.clock import utc_now
from kiosk.submission import CROCKFORD, TRACKING_PREFIX

AUDIT_LOGGER = "kiosk.audit"
"""The logger every entry goes to (and the warnings about refused fields)."""

FieldValue = str | int | float | PurePath | None
"""What a field may be given as (``None``: leave the field out)."""


class AuditEvent(StrEnum):
    """Everything the audit trail records, by the name the journal shows."""

    KIOSK_STARTED = "kiosk.started"
    """The kiosk began serving: ``version``, ``mode``, ``catalogue``."""
    KIOSK_STOPPED = "kiosk.stopped"
    """The kiosk stopped: ``version``, ``duration_s`` (how long it ran)."""
    CONFIG_LOADED = "config.loaded"
    """The settings in effect: ``fingerprint`` (of the values), ``path`` (the site file),
    ``overrides`` (how many environment variables changed a key); never the values."""
    CATALOGUE_CHANGED = "catalogue.changed"
    """A catalogue from the portal replaced the one in use: ``old_version``, ``new_version``,
    ``count`` (procedures)."""

    SESSION_STARTED = "session.started"
    """A resident began a procedure (Home → choose a procedure)."""
    SESSION_COMPLETED = "session.completed"
    """The procedure ended with the submission queued: ``procedure``, ``duration_s``."""
    SESSION_ABANDONED = "session.abandoned"
    """The procedure ended without one: ``reason`` (:class:`AbandonReason`), ``screen``,
    ``procedure`` (once chosen), ``duration_s``."""

    SUBMISSION_QUEUED = "submission.queued"
    """Committed to the outbox: ``submission``, ``procedure``, ``procedure_version``,
    ``count`` (photos of papers)."""
    SUBMISSION_QUEUE_FAILED = "submission.queue_failed"
    """The outbox could not take it (the resident is asked to try again): ``procedure``."""
    SUBMISSION_ACCEPTED = "submission.accepted"
    """The portal took it: ``submission``, ``procedure``, ``attempts``."""
    SUBMISSION_REFUSED = "submission.refused"
    """The portal refused it for good: ``submission``, ``procedure``, ``attempts``, ``kind``,
    ``http_status`` (never the portal's reason: free text)."""

    RECEIPT_PRINTED = "receipt.printed"
    """``submission``, ``attempts`` (1 unless the resident asked again after a failure)."""
    RECEIPT_FAILED = "receipt.failed"
    """The receipt did not print (the screen showed it instead): ``submission``, ``attempts``."""

    PRINTER_FAULT = "printer.fault"
    """The printer cannot print: ``state``."""
    PRINTER_RECOVERED = "printer.recovered"
    """It can again: ``state``, ``previous`` (the fault), ``duration_s``."""
    READER_FAULT = "reader.fault"
    """No ID-card reader, or no PC/SC service: ``state``."""
    READER_RECOVERED = "reader.recovered"
    """``state``, ``previous``, ``duration_s``."""
    CAMERA_FAULT = "camera.fault"
    """The camera stopped giving frames while a screen used it: ``state``."""
    CAMERA_RECOVERED = "camera.recovered"
    """``state``, ``previous``, ``duration_s``."""

    TECHNICIAN_LOGIN = "technician.login"
    """A technician signed in on the kiosk's technician screen (:mod:`kiosk.technician`):
    ``method``, ``attempts`` (PINs tried since the PIN pad opened, this one included)."""
    TECHNICIAN_LOGIN_FAILED = "technician.login_failed"
    """A technician's sign-in was refused: ``method``, ``attempts``, ``reason`` (wrong PIN,
    locked, no PIN set), ``count`` (wrong PINs still allowed before the lock)."""
    TECHNICIAN_LOGOUT = "technician.logout"
    """``method``, ``duration_s``, ``reason`` (the Exit button, inactivity, a restart)."""
    TECHNICIAN_TEST_PRINT = "technician.test_print"
    """A technician printed the test page: ``outcome``, ``state`` (the printer's)."""
    TECHNICIAN_SYNC_NOW = "technician.sync_now"
    """A technician asked for a sync now: ``outcome``, ``count`` (submissions handled)."""
    TECHNICIAN_SELFTEST = "technician.selftest"
    """A technician ran the self-test: ``outcome`` (failed when a check failed or the test
    could not run), ``count`` (checks that did not pass)."""
    TECHNICIAN_RESTART = "technician.restart"
    """A technician restarted the kiosk (recorded before it quits)."""

    @property
    def level(self) -> int:
        """The log level of its entries: a warning for faults and refusals."""
        return logging.WARNING if self in _WARNINGS else logging.INFO


_WARNINGS = frozenset(
    {
        AuditEvent.SUBMISSION_QUEUE_FAILED,
        AuditEvent.SUBMISSION_REFUSED,
        AuditEvent.RECEIPT_FAILED,
        AuditEvent.PRINTER_FAULT,
        AuditEvent.READER_FAULT,
        AuditEvent.CAMERA_FAULT,
        AuditEvent.TECHNICIAN_LOGIN_FAILED,
    }
)


class AbandonReason(StrEnum):
    """Why a procedure ended without a submission."""

    FINISHED = "finished"
    """The resident pressed Finish (or Home) before submitting."""
    DECLINED = "declined"
    """They declined the reading of their ID card."""
    IDLE = "idle"
    """Nobody touched the screen until the inactivity countdown ran out."""
    LEFT = "left"
    """They went back to the home screen and began something else."""
    TECHNICIAN = "technician"
    """A technician signed in on the kiosk while the procedure was open (it is wiped first)."""
    STARTED_OVER = "started_over"
    """The resident pressed "Làm lại từ đầu" and confirmed it."""


class AuditRefusedError(ValueError):
    """A field the audit trail does not take: an unknown name, or a value of the wrong kind
    or shape. The message names neither the value nor an unknown name."""


class AuditTrail(Protocol):
    """Where the core records what happened (:class:`Audit`, or :data:`NO_AUDIT`)."""

    def record(self, event: AuditEvent, /, **fields: FieldValue) -> None:
        """Record ``event`` with ``fields`` (names from :data:`FIELDS`)."""


class _NoAudit:
    """Records nothing: the default of every part that takes an :class:`AuditTrail`."""

    def record(self, event: AuditEvent, /, **fields: FieldValue) -> None:
        """Nothing is kept."""


NO_AUDIT: AuditTrail = _NoAudit()


# --- the fields ---------------------------------------------------------------------------
_TRACKING_CODE = re.compile(rf"{TRACKING_PREFIX}-[{CROCKFORD}]{{4}}-[{CROCKFORD}]{{4}}", re.I)
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}")
_NUMBERS = r"(?:\d[ ().-]{0,2}){8}\d"
_NUMBER = re.compile(_NUMBERS)
"""Nine digits or more, in a row or with separators: an ID number (12 digits), an old ID
card's (9) or a phone number (10), written out any way."""
_NUMBER_BUT_NOT_IN_A_HASH = re.compile(rf"^(?!(?=.*[A-Fa-f])[0-9A-Fa-f]{{20,}}$).*{_NUMBERS}")
"""The same, except in a long hexadecimal value with letters in it: a hash, as ETags often
are, holds runs of digits by chance."""

MAX_COUNT = 999_999
"""Counts, attempts, statuses and versions stay below the size of an ID or phone number."""
MAX_SECONDS = 1e9


@dataclass(frozen=True)
class _Text:
    """A short identifier: its shape, and the personal shapes it must not contain."""

    shape: re.Pattern[str]
    refused: tuple[re.Pattern[str], ...] = (_TRACKING_CODE, _DATE, _NUMBER)


class _Kind(StrEnum):
    ENUM = "a member of a string enum"
    COUNT = f"an int from 0 to {MAX_COUNT}"
    SECONDS = "a number of seconds"


_CODE = _Text(re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"))
_VERSION = _Text(
    re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,79}"),
    (_TRACKING_CODE, _DATE, _NUMBER_BUT_NOT_IN_A_HASH),
)
_PATH = _Text(re.compile(r"[A-Za-z0-9._/+-]{1,255}"))
_WORD = _Text(re.compile(r"[a-z][a-z0-9_]{0,31}"))
_ULID = _Text(re.compile(rf"[{CROCKFORD}]{{26}}"), ())
_FINGERPRINT = _Text(re.compile(r"[0-9a-f]{16}"), ())

FIELDS: dict[str, _Text | _Kind] = {
    "reason": _Kind.ENUM,
    "state": _Kind.ENUM,
    "previous": _Kind.ENUM,
    "screen": _Kind.ENUM,
    "kind": _Kind.ENUM,
    "method": _Kind.ENUM,
    "outcome": _Kind.ENUM,
    "count": _Kind.COUNT,
    "attempts": _Kind.COUNT,
    "http_status": _Kind.COUNT,
    "overrides": _Kind.COUNT,
    "procedure_version": _Kind.COUNT,
    "duration_s": _Kind.SECONDS,
    "procedure": _CODE,
    "submission": _ULID,
    "version": _VERSION,
    "old_version": _VERSION,
    "new_version": _VERSION,
    "catalogue": _VERSION,
    "fingerprint": _FINGERPRINT,
    "path": _PATH,
    "mode": _WORD,
}
"""Every field name an entry may carry, with the kind of value it takes."""


def checked(name: str, value: FieldValue) -> str | int | float:
    """``value`` as it goes into the entry; raises :class:`AuditRefusedError` for a name not in
    :data:`FIELDS` or a value not of its kind."""
    rule = FIELDS.get(name)
    if rule is None:
        raise AuditRefusedError("unknown field")
    if isinstance(rule, _Text):
        return _text(name, rule, value)
    if rule is _Kind.ENUM:
        if not isinstance(value, StrEnum):
            raise AuditRefusedError(f"{name}: {rule.value} only")
        return value.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AuditRefusedError(f"{name}: {rule.value} only")
    if rule is _Kind.COUNT:
        if not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            raise AuditRefusedError(f"{name}: {rule.value} only")
        return value
    if not math.isfinite(value) or not 0 <= value < MAX_SECONDS:
        raise AuditRefusedError(f"{name}: {rule.value} only")
    return round(float(value), 3)


def _text(name: str, rule: _Text, value: FieldValue) -> str:
    if isinstance(value, PurePath):
        value = value.as_posix()
    if isinstance(value, StrEnum):
        value = value.value
    if not isinstance(value, str) or not rule.shape.fullmatch(value):
        raise AuditRefusedError(f"{name}: not the shape of this field")
    if any(pattern.search(value) for pattern in rule.refused):
        raise AuditRefusedError(f"{name}: looks like personal data")
    return value


# --- the trail ----------------------------------------------------------------------------
def utc_timestamp(moment: datetime) -> str:
    """``moment`` as ISO 8601 in UTC, to the millisecond: ``2026-11-23T03:00:05.120Z``."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Audit:
    """The kiosk's audit trail on a :class:`logging.Logger` (``kiosk.audit`` by default).

    ``strict`` (the tests) raises :class:`AuditRefusedError` for a field not taken; otherwise the
    field is dropped, the entry still recorded, and a warning says so. Thread-safe, as
    logging is: devices and the sync worker record from their own threads.
    """

    def __init__(
        self,
        kiosk_id: str,
        logger: logging.Logger | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        strict: bool = False,
    ) -> None:
        self.kiosk_id = kiosk_id
        self.logger = logger or logging.getLogger(AUDIT_LOGGER)
        self.strict = strict
        self._clock = clock

    def record(self, event: AuditEvent, /, **fields: FieldValue) -> None:
        """Record ``event`` now with ``fields``; a ``None`` field is left out."""
        if not isinstance(event, AuditEvent):
            self._refused(AuditRefusedError("not an audit event"), "an entry")
            return
        entry: dict[str, str | int | float] = {
            "event": event.value,
            "kiosk": self.kiosk_id,
            "ts": utc_timestamp(self._clock()),
        }
        for name, value in fields.items():
            if value is None:
                continue
            try:
                entry[name] = checked(name, value)
            except AuditRefusedError as refusal:
                self._refused(refusal, f"a field of {event.value}")
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        self.logger.log(event.level, line, extra={"audit": entry})

    def _refused(self, refusal: AuditRefusedError, what: str) -> None:
        if self.strict:
            raise refusal
        self.logger.warning("audit: %s was dropped (%s)", what, refusal)
