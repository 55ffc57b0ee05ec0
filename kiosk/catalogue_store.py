"""The catalogue in use: the procedure files shipped with the kiosk, replaced by the portal's
catalogue once one has been received and validated, and kept on disk as the last good copy.

A catalogue from the portal that does not validate is refused whole (the reason names the
procedure and the key) and the one in use stays. A resident's session keeps the
:class:`~kiosk.procedures.Procedure` it started with, so a new version arriving meanwhile
changes nothing for them: it applies from the next session.

Each catalogue taken from the portal is a ``catalogue.changed`` entry in the operators' audit
trail, with the version it replaced and its own.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.audit import NO_AUDIT, AuditEvent, AuditTrail
from kiosk.procedure_file import procedures_from_documents
from kiosk.procedures import Catalogue, CatalogueError

log = logging.getLogger(__name__)

STORE_FILE = "catalogue.json"
PORTAL_ORIGIN = "catalogue from the portal"
STORED_ORIGIN = "stored catalogue"


@dataclass(frozen=True)
class CatalogueVersion:
    """Where the catalogue in use came from: ``shipped`` files or the ``portal`` (with its
    ETag and when it was received)."""

    source: str
    etag: str | None = None
    received_at: str | None = None

    @property
    def name(self) -> str:
        """The version in one word, as the audit trail names it: ``shipped``, or the
        portal's ETag without its quotes (``portal`` if it gave none)."""
        if self.source != "portal":
            return self.source
        if not self.etag:
            return "portal"
        return self.etag.removeprefix("W/").strip('"') or "portal"


class CatalogueStore:
    """Holds the catalogue in use and its last good copy in ``store_dir/catalogue.json``.

    ``config_dir`` holds ``procedures/`` (the shipped files) and ``units/hanoi.toml``.
    Thread-safe: the portal's catalogue arrives on the refresher's thread.
    """

    def __init__(
        self,
        config_dir: Path,
        store_dir: Path,
        clock: Callable[[], datetime],
        audit: AuditTrail = NO_AUDIT,
    ) -> None:
        self._config_dir = config_dir
        self._path = store_dir / STORE_FILE
        self._clock = clock
        self._audit = audit
        self._lock = threading.Lock()
        self._listeners: list[Callable[[Catalogue], None]] = []
        self._catalogue, self._version = self._load()

    @property
    def catalogue(self) -> Catalogue:
        """The catalogue new sessions use."""
        with self._lock:
            return self._catalogue

    @property
    def version(self) -> CatalogueVersion:
        with self._lock:
            return self._version

    @property
    def etag(self) -> str | None:
        """The portal's ETag of the catalogue in use (None for the shipped files)."""
        return self.version.etag

    def on_change(self, listener: Callable[[Catalogue], None]) -> None:
        """Call ``listener`` (on the thread that accepted it) with each new catalogue."""
        self._listeners.append(listener)

    def accept(self, etag: str, documents: Any) -> None:
        """Validate the portal's catalogue, store it as the last good copy, and use it.

        Raises :class:`CatalogueError` (naming the procedure and the key) and changes
        nothing when it does not validate.
        """
        procedures = procedures_from_documents(documents, self._config_dir, PORTAL_ORIGIN)
        catalogue = Catalogue(procedures)
        received_at = self._clock().isoformat()
        self._write({"etag": etag, "received_at": received_at, "procedures": documents})
        new_version = CatalogueVersion("portal", etag, received_at)
        with self._lock:
            old_version = self._version
            self._catalogue = catalogue
            self._version = new_version
        self._audit.record(
            AuditEvent.CATALOGUE_CHANGED,
            old_version=old_version.name,
            new_version=new_version.name,
            count=len(procedures),
        )
        log.info(
            "catalogue from the portal in use",
            extra={
                "event": "catalogue.accepted",
                "etag": etag,
                "procedures": [f"{p.code}@{p.version}" for p in procedures],
            },
        )
        for listener in list(self._listeners):
            listener(catalogue)

    def _load(self) -> tuple[Catalogue, CatalogueVersion]:
        stored = self._read_stored()
        if stored is not None:
            return stored
        return Catalogue.load(self._config_dir / "procedures"), CatalogueVersion("shipped")

    def _read_stored(self) -> tuple[Catalogue, CatalogueVersion] | None:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.error(
                "stored catalogue unreadable, using the shipped files: %s",
                type(exc).__name__,
                extra={"event": "catalogue.stored_unreadable"},
            )
            return None
        try:
            if not isinstance(data, dict):
                raise CatalogueError(f"{STORED_ORIGIN}: not a JSON object")
            procedures = procedures_from_documents(
                data.get("procedures"), self._config_dir, STORED_ORIGIN
            )
        except CatalogueError as exc:
            # E.g. a kiosk upgraded to a loader that no longer takes an old catalogue.
            log.error(
                "stored catalogue refused, using the shipped files: %s",
                exc,
                extra={"event": "catalogue.stored_refused"},
            )
            return None
        etag = data.get("etag")
        received = data.get("received_at")
        return Catalogue(procedures), CatalogueVersion(
            "portal",
            etag if isinstance(etag, str) else None,
            received if isinstance(received, str) else None,
        )

    def _write(self, data: dict[str, Any]) -> None:
        """Replace the stored copy atomically: a power cut leaves the old one or the new."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        temporary.replace(self._path)
        directory = os.open(self._path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
