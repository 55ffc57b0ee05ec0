"""``PortalSimulator``: starts and stops the server, and holds what tests and technicians steer.

It owns the store, the catalogue being served (and its ETag), the faults armed for the next
submissions, the random fault dice and the log of requests seen.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.procedure_file import json_values, procedure_documents
from kiosk.settings import CONFIG_DIR
from sync.portal_simulator.faults import FaultDice, FaultSpec
from sync.portal_simulator.handler import _Server
from sync.portal_simulator.routes import _ProblemError
from sync.portal_simulator.store import STORE_NAME, HeldAttachment, Payee, _Store
from sync.portal_simulator.timeline import Timeline

logger = logging.getLogger(__name__)

DEFAULT_PROCEDURES_DIR = CONFIG_DIR / "procedures"


def _served_catalogue(body: bytes) -> tuple[bytes, str]:
    """The bytes to serve and their strong ETag."""
    return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"'


class _FaultPlan:
    """The next n submission POSTs fail with a chosen status (set by tests)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._remaining = 0
        self._status = 503
        self._retry_after_s: int | None = None

    def arm(self, n: int, status: int, retry_after_s: int | None) -> None:
        with self._lock:
            self._remaining, self._status, self._retry_after_s = n, status, retry_after_s

    def take(self) -> _ProblemError | None:
        with self._lock:
            if self._remaining <= 0:
                return None
            self._remaining -= 1
            headers = {}
            if self._retry_after_s is not None:
                headers["Retry-After"] = str(self._retry_after_s)
            return _ProblemError(self._status, "injected fault", headers)


@dataclass(frozen=True)
class RequestSeen:
    """One API request as the simulator saw it (stamped with its clock)."""

    at: datetime
    method: str
    path: str


class PortalSimulator:
    """The city portal on 127.0.0.1, backed by ``data_dir/portal.sqlite3``."""

    def __init__(
        self,
        data_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        clock: Callable[[], datetime] | None = None,
        faults: str | FaultSpec = "",
        timeline: Timeline | None = None,
        catalogue: Path | Sequence[Mapping[str, Any]] | None = None,
        allow_unenrolled: bool = False,
        payee: Payee | None = None,
    ) -> None:
        """Nothing listens until ``start()``.

        ``clock`` stamps receipts and drives status changes (tests); ``faults`` is a SPEC
        string (see :mod:`sync.portal_simulator.faults`) or a parsed spec. ``catalogue`` is a
        directory of procedure files (default: the repository's ``config/procedures``) or the
        documents themselves. ``allow_unenrolled``: accept requests that carry no kiosk
        credential (the demo, most tests); otherwise they get ``401``. ``payee``: the
        receiving office's bank and account named for every fee (a made-up one by default).
        """
        self._data_dir = data_dir
        self._host = host
        self._port = port
        self._clock = clock or (lambda: datetime.now(UTC))
        self._timeline = timeline or Timeline()
        self._faults = _FaultPlan()
        self._dice = FaultDice(FaultSpec.parse(faults) if isinstance(faults, str) else faults)
        self.allow_unenrolled = allow_unenrolled
        self._payee = payee or Payee()
        source = DEFAULT_PROCEDURES_DIR if catalogue is None else catalogue
        documents = (
            procedure_documents(source)
            if isinstance(source, Path)
            else [json_values(dict(item)) for item in source]
        )
        self._catalogue = _served_catalogue(
            json.dumps({"procedures": documents}, ensure_ascii=False).encode("utf-8")
        )
        self._requests_lock = threading.Lock()
        self._requests: list[RequestSeen] = []
        self._store: _Store
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        """Open the store, listen and serve on a background thread; returns the base URL."""
        if self._server is not None:
            return self.base_url
        self._data_dir.mkdir(parents=True, exist_ok=True)
        self._store = _Store(self._data_dir / STORE_NAME, self._clock, self._timeline, self._payee)
        self._server = _Server((self._host, self._port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="portal-simulator",
            daemon=True,
        )
        self._thread.start()
        logger.info(
            "portal simulator listening on %s",
            self.base_url,
            extra={"event": "portal_sim.started"},
        )
        return self.base_url

    def stop(self) -> None:
        """Stop serving and close the store; ``start()`` again picks up where it left off."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5.0)
        self._store.close()
        self._server = None
        self._thread = None
        logger.info("portal simulator stopped", extra={"event": "portal_sim.stopped"})

    def serve_forever(self) -> None:
        """Run in the foreground until interrupted (the ``portal-sim`` command)."""
        self.start()
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(0.5)
        finally:
            self.stop()

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` of the running server."""
        if self._server is None:
            raise RuntimeError("the portal simulator is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def inject_faults(self, n: int, status: int = 503, retry_after_s: int | None = None) -> None:
        """Make the next ``n`` submission POSTs fail with ``status`` (and Retry-After)."""
        self._faults.arm(n, status, retry_after_s)

    def set_faults(self, spec: str | FaultSpec) -> None:
        """Inject random faults from now on, per a SPEC string (``""``: none)."""
        self._dice.configure(FaultSpec.parse(spec) if isinstance(spec, str) else spec)

    @property
    def catalogue_etag(self) -> str:
        """The strong ETag of the catalogue served now."""
        return self._catalogue[1]

    @property
    def catalogue_body(self) -> bytes:
        """The exact bytes ``GET /api/v1/catalogue`` answers with now."""
        return self._catalogue[0]

    def set_catalogue(self, document: Any) -> str:
        """Serve ``document`` (any JSON value, valid catalogue or not) from now on; its ETag."""
        return self.set_catalogue_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8"))

    def set_catalogue_bytes(self, body: bytes) -> str:
        """Serve these bytes verbatim as the catalogue from now on; their ETag."""
        self._catalogue = _served_catalogue(bytes(body))
        logger.info(
            "catalogue replaced (%s)", self._catalogue[1], extra={"event": "portal_sim.catalogue"}
        )
        return self._catalogue[1]

    def issue_enrolment_code(self) -> str:
        """A one-time code for ``POST /api/v1/kiosks/enrolments``."""
        return self._store.issue_enrolment_code()

    def has_attachment(self, sha256: str) -> bool:
        """Whether an attachment with this hash was uploaded."""
        return self._store.has_attachment(sha256)

    def attachment(self, sha256: str) -> HeldAttachment | None:
        """The attachment uploaded under this hash (its bytes and media type), or None."""
        return self._store.attachment(sha256)

    def mark_paid(self, payment_id: str) -> dict[str, Any] | None:
        """The bank reports the transfer for this payment (as ``POST
        /sim/payments/{id}/paid`` does); the payment as the portal now shows it, or None."""
        return self._store.mark_paid(payment_id)

    def ratings(self) -> list[dict[str, Any]]:
        """Every rating taken, as the kiosk sent it, oldest first."""
        return self._store.ratings()

    def notifications(self) -> list[dict[str, str]]:
        """The SMS and Zalo messages the portal has sent by now (one per status of every
        dossier whose resident consented)."""
        return self._store.notifications()

    def heartbeats(self) -> list[tuple[str, dict[str, Any]]]:
        """Every heartbeat received, oldest first."""
        return self._store.heartbeats()

    def kiosks(self) -> list[dict[str, Any]]:
        """What ``GET /sim/kiosks`` lists: every kiosk with its last heartbeat."""
        return self._store.kiosks()

    def requests(self) -> list[RequestSeen]:
        """Every ``/api/`` request received so far, stamped with the simulator's clock."""
        with self._requests_lock:
            return list(self._requests)

    def _record(self, method: str, path: str) -> None:
        with self._requests_lock:
            self._requests.append(RequestSeen(self._clock(), method, path))

    def __enter__(self) -> PortalSimulator:
        """Start on entry."""
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        """Stop on exit."""
        self.stop()
