"""Where the running kiosk's audit trail goes: the journal.

Every entry is a record on the ``kiosk.audit`` logger whose message is a line of JSON
(:mod:`kiosk.audit`). Under systemd the kiosk's stderr, where the root logger writes, is
already captured by the journal. When python-systemd is installed (it is not a dependency:
``apt install python3-systemd`` on the kiosk), the entries are also sent natively with their
fields as journal fields, ``journalctl KIOSK_EVENT=printer.fault`` finds them::

    MESSAGE={"event":"printer.fault","kiosk":"HN-KIOSK-000123",...}
    KIOSK_EVENT=printer.fault
    KIOSK_ID=HN-KIOSK-000123
    KIOSK_TS=2026-11-23T03:00:05.120Z
    KIOSK_STATE=no_paper

and, when stderr is the journal (``$JOURNAL_STREAM`` names it), the stderr copy is no longer
written, so the journal holds each entry once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from kiosk.audit import AUDIT_LOGGER, Audit

FIELD_PREFIX = "KIOSK_"
_FIELD_NAMES = {"kiosk": "KIOSK_ID"}


def journal_field(name: str) -> str:
    """The journal field of an entry's field: ``KIOSK_`` and its name in capitals (the kiosk's
    id is ``KIOSK_ID``)."""
    return _FIELD_NAMES.get(name, FIELD_PREFIX + name.upper())


class JournalFields(logging.Filter):
    """Puts an audit entry's fields on its record as upper-case attributes, which
    python-systemd's ``JournalHandler`` (235 and later) sends as journal fields. Other
    records pass unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        entry = getattr(record, "audit", None)
        if isinstance(entry, Mapping):
            for name, value in entry.items():
                setattr(record, journal_field(str(name)), str(value))
        return True


def stderr_is_journal(environ: Mapping[str, str], stderr_fd: int = 2) -> bool:
    """Whether stderr is connected to the journal: ``$JOURNAL_STREAM`` holds the device and
    inode of the journal's stream, and they are stderr's (as systemd documents)."""
    stream = environ.get("JOURNAL_STREAM")
    if not stream:
        return False
    try:
        status = os.fstat(stderr_fd)
    except OSError:
        return False
    return stream == f"{status.st_dev}:{status.st_ino}"


def install_journal_handler(
    logger: logging.Logger, environ: Mapping[str, str] | None = None
) -> logging.Handler | None:
    """Send ``logger``'s records to the journal natively, with their fields, if
    python-systemd is importable; the handler (the one installed before, if any), or None.
    When stderr is the journal already, ``logger`` stops propagating to the root's stderr
    handler, so no entry is in the journal twice."""
    for handler in logger.handlers:
        if any(isinstance(f, JournalFields) for f in handler.filters):
            return handler
    try:
        from systemd.journal import JournalHandler  # type: ignore[import-not-found]
    except ImportError:
        return None
    handler = JournalHandler(SYSLOG_IDENTIFIER="kiosk")
    handler.setFormatter(logging.Formatter("%(message)s"))  # MESSAGE= the JSON line
    handler.addFilter(JournalFields())
    logger.addHandler(handler)
    if stderr_is_journal(os.environ if environ is None else environ):
        logger.propagate = False
    installed: logging.Handler = handler
    return installed


def kiosk_audit(kiosk_id: str, environ: Mapping[str, str] | None = None) -> Audit:
    """The running kiosk's audit trail: on the ``kiosk.audit`` logger, into the journal."""
    logger = logging.getLogger(AUDIT_LOGGER)
    install_journal_handler(logger, environ)
    return Audit(kiosk_id, logger)
