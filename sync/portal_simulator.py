"""A stand-in for the city portal: a real HTTP server on loopback, for tests and demos.

It keeps its dossiers in its own SQLite file (``portal.sqlite3``), so stopping and starting
it again is like the real portal restarting: nothing is forgotten and dossier numbers go on.
It implements the part of the contract the kiosk relies on: Idempotency-Key replay (same key
and same bytes → same answer, different bytes → 409) and RFC 9457 problem details.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

STORE_NAME = "portal.sqlite3"
MAX_BODY_BYTES = 1_000_000
# Dossier dates follow Hanoi's calendar day (UTC+7, no daylight saving).
HANOI_TZ = timezone(timedelta(hours=7))
DOSSIER_PATH = re.compile(r"^/api/v1/submissions/(?P<code>[A-Za-z0-9-]+)$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dossiers (
    seq INTEGER PRIMARY KEY,
    dossier_code TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    tracking_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    status TEXT NOT NULL,
    received_at TEXT NOT NULL,
    body BLOB NOT NULL
);
"""


class _ProblemError(Exception):
    """An RFC 9457 problem to send back instead of the normal answer."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


class _DossierStore:
    """The simulator's SQLite file; one lock because the HTTP server is multi-threaded."""

    def __init__(self, path: Path, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def submit(self, key: str, body: bytes, fields: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Open a dossier for ``key`` (201) or replay the earlier answer (200); 409 on misuse."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM dossiers WHERE idempotency_key = ?", (key,)
            ).fetchone()
            if row is not None:
                if bytes(row["body"]) != body:
                    raise _ProblemError(
                        HTTPStatus.CONFLICT,
                        "this Idempotency-Key was already used with a different body",
                    )
                return HTTPStatus.OK, _status_object(row)
            received = self._clock()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                (seq,) = self._db.execute(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM dossiers"
                ).fetchone()
                code = f"HNI-{received.astimezone(HANOI_TZ):%Y%m%d}-{seq:06d}"
                self._db.execute(
                    "INSERT INTO dossiers (seq, dossier_code, idempotency_key, tracking_code,"
                    " procedure_code, status, received_at, body) VALUES (?,?,?,?,?,?,?,?)",
                    (
                        seq,
                        code,
                        key,
                        fields["tracking_code"],
                        fields["procedure_code"],
                        "received",
                        received.isoformat(),
                        body,
                    ),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            row = self._db.execute("SELECT * FROM dossiers WHERE seq = ?", (seq,)).fetchone()
            logger.debug("opened dossier %s", code, extra={"event": "portal_sim.dossier_opened"})
            return HTTPStatus.CREATED, _status_object(row)

    def status(self, dossier_code: str) -> dict[str, Any] | None:
        """The status object of one dossier, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM dossiers WHERE dossier_code = ?", (dossier_code,)
            ).fetchone()
        return None if row is None else _status_object(row)

    def all(self) -> list[dict[str, Any]]:
        """Every dossier with the body as it was sent (for tests' eyes only)."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM dossiers ORDER BY seq").fetchall()
        return [
            {
                "dossier_code": row["dossier_code"],
                "idempotency_key": row["idempotency_key"],
                "tracking_code": row["tracking_code"],
                "procedure_code": row["procedure_code"],
                "status": row["status"],
                "received_at": row["received_at"],
                "body": json.loads(bytes(row["body"])),
            }
            for row in rows
        ]

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()


def _status_object(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "dossier_code": row["dossier_code"],
        "status": row["status"],
        "tracking_code": row["tracking_code"],
        "received_at": row["received_at"],
    }


def _required_fields(body: bytes) -> dict[str, str]:
    """The fields the portal needs to file a dossier, or a 400/422 problem."""
    try:
        data: Any = json.loads(body)
    except ValueError as exc:
        raise _ProblemError(HTTPStatus.BAD_REQUEST, "the body is not valid JSON") from exc
    if not isinstance(data, dict):
        raise _ProblemError(HTTPStatus.UNPROCESSABLE_ENTITY, "the body must be a JSON object")
    procedure = data.get("procedure")
    procedure_code = procedure.get("code") if isinstance(procedure, dict) else None
    fields = {
        "procedure_code": procedure_code,
        "tracking_code": data.get("tracking_code"),
        "local_id": data.get("local_id"),
    }
    missing = [
        name.replace("procedure_code", "procedure.code")
        for name, value in fields.items()
        if not isinstance(value, str) or not value
    ]
    if missing:
        raise _ProblemError(
            HTTPStatus.UNPROCESSABLE_ENTITY, f"missing or empty field(s): {', '.join(missing)}"
        )
    return {name: str(value) for name, value in fields.items()}


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


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], sim: PortalSimulator) -> None:
        super().__init__(address, _Handler)
        self.sim = sim


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: one request per connection, so a stopped simulator leaves no live keep-alive
    # connection behind that could answer from a closed store.
    server: _Server
    timeout = 30

    def do_GET(self) -> None:
        """Health, dossier status and the test-only listing."""
        self._guard(self._get)

    def do_POST(self) -> None:
        """Submissions."""
        self._guard(self._post)

    def _get(self) -> None:
        sim = self.server.sim
        path = self.path.split("?", 1)[0]
        if path == "/health":
            self._send_json(HTTPStatus.OK, {"status": "ok"})
        elif path == "/sim/dossiers":
            self._send_json(HTTPStatus.OK, {"dossiers": sim._store.all()})
        elif match := DOSSIER_PATH.match(path):
            found = sim._store.status(match["code"])
            if found is None:
                raise _ProblemError(HTTPStatus.NOT_FOUND, "no such dossier")
            self._send_json(HTTPStatus.OK, found)
        else:
            raise _ProblemError(HTTPStatus.NOT_FOUND, "no such resource")

    def _post(self) -> None:
        sim = self.server.sim
        if self.path.split("?", 1)[0] != "/api/v1/submissions":
            raise _ProblemError(HTTPStatus.NOT_FOUND, "no such resource")
        body = self._read_body()
        fault = sim._faults.take()
        if fault is not None:
            raise fault
        key = (self.headers.get("Idempotency-Key") or "").strip()
        if not key:
            raise _ProblemError(HTTPStatus.BAD_REQUEST, "the Idempotency-Key header is required")
        fields = _required_fields(body)
        status, answer = sim._store.submit(key, body, fields)
        self._send_json(status, answer)

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError as exc:
            raise _ProblemError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from exc
        if length > MAX_BODY_BYTES:
            raise _ProblemError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the body is too large")
        return self.rfile.read(length) if length > 0 else b""

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except _ProblemError as problem:
            self._send_problem(problem)
        except Exception:
            logger.exception(
                "simulator failed on %s", self.command, extra={"event": "portal_sim.error"}
            )
            self._send_problem(_ProblemError(HTTPStatus.INTERNAL_SERVER_ERROR, "simulator error"))

    def _send_problem(self, problem: _ProblemError) -> None:
        status = HTTPStatus(problem.status)
        document = {
            "type": "about:blank",
            "title": status.phrase,
            "status": int(status),
            "detail": problem.detail,
        }
        self._send_json(status, document, "application/problem+json", problem.headers)

    def _send_json(
        self,
        status: int,
        document: dict[str, Any],
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Request lines go to debug logging (they hold paths and statuses, never bodies)."""
        logger.debug(format, *args, extra={"event": "portal_sim.request"})


class PortalSimulator:
    """The city portal on 127.0.0.1, backed by ``data_dir/portal.sqlite3``."""

    def __init__(
        self,
        data_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Nothing listens until ``start()``; ``clock`` stamps ``received_at`` (tests)."""
        self._data_dir = data_dir
        self._host = host
        self._port = port
        self._clock = clock or (lambda: datetime.now(UTC))
        self._faults = _FaultPlan()
        self._store: _DossierStore
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        """Open the store, listen and serve on a background thread; returns the base URL."""
        if self._server is not None:
            return self.base_url
        self._data_dir.mkdir(parents=True, exist_ok=True)
        self._store = _DossierStore(self._data_dir / STORE_NAME, self._clock)
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

    def __enter__(self) -> PortalSimulator:
        """Start on entry."""
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        """Stop on exit."""
        self.stop()
