"""A stand-in for the city portal: a real HTTP server on loopback, for tests and demos.

It implements ``sync/portal-openapi.yaml`` (enrolment, catalogue with ETag, content-addressed
attachments, idempotent submissions, dossier status with history, heartbeat) with RFC 9457
problem details, and keeps everything in its own SQLite file (``portal.sqlite3``), so stopping
and starting it again is like the real portal restarting: nothing is forgotten and dossier
numbers go on.

Dossiers move through their statuses as the simulator's (injectable) clock advances:
``received`` → ``processing`` after ``processing_after_s`` → a decision after
``decision_after_s`` (``result_ready`` mostly; ``additional_documents_needed`` or
``rejected`` for some, chosen from the Idempotency-Key so it is repeatable).

Faults are injected at random from a SPEC string (grammar in :mod:`sync.portal_faults`), or
for the next ``n`` submissions with :meth:`PortalSimulator.inject_faults`.

Kiosks authenticate with the bearer credential they got at enrolment. Requests without one
are refused (``401``) unless the simulator is told to accept them (``allow_unenrolled=True``,
``kiosk portal-sim --allow-unenrolled``): the demo and most tests run unenrolled. A
credential that is sent is always checked.

The catalogue is the procedure documents (the keys of each ``config/procedures/*.toml``,
read with tomllib, as JSON) under a strong ETag over the exact bytes served.

Outside the contract, for tests and technicians (never faulted, never authenticated):
``GET /health``; ``GET /sim/dossiers`` (every dossier with its body: test eyes only);
``GET /sim/kiosks`` (every kiosk with its last heartbeat); ``POST /sim/enrolment-codes`` (a
new one-time code); ``PUT /sim/catalogue`` (any JSON body becomes the catalogue, served
verbatim even if it is not a valid one, under a new ETag); and
:meth:`PortalSimulator.requests` (what was asked, stamped with the simulator's clock).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kiosk.procedure_file import json_values, procedure_documents
from kiosk.settings import CONFIG_DIR
from sync.portal_faults import Draw, Fault, FaultDice, FaultSpec

logger = logging.getLogger(__name__)

STORE_NAME = "portal.sqlite3"
MAX_BODY_BYTES = 1_000_000
MAX_ATTACHMENT_BYTES = 10_000_000
# Dossier dates follow Hanoi's calendar day (UTC+7, no daylight saving).
HANOI_TZ = timezone(timedelta(hours=7))
DOSSIER_PATH = re.compile(r"^/api/v1/submissions/(?P<code>[^/]*)$")
ATTACHMENT_PATH = re.compile(r"^/api/v1/attachments/(?P<sha>[^/]*)$")
HEARTBEAT_PATH = re.compile(r"^/api/v1/kiosks/(?P<kiosk>[^/]*)/heartbeat$")
ENROLMENT_PATH = "/api/v1/kiosks/enrolments"
CATALOGUE_PATH = "/api/v1/catalogue"
SIM_CATALOGUE_PATH = "/sim/catalogue"
SIM_KIOSKS_PATH = "/sim/kiosks"
SIM_ENROLMENT_CODES_PATH = "/sim/enrolment-codes"
DEFAULT_PROCEDURES_DIR = CONFIG_DIR / "procedures"
SAFE_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
ENROLMENT_CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")
FINAL_STATUSES = frozenset({"result_ready", "additional_documents_needed", "rejected"})

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
CREATE TABLE IF NOT EXISTS attachments (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS enrolment_codes (
    code TEXT PRIMARY KEY,
    used_by TEXT
);
CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id TEXT PRIMARY KEY,
    credential_sha256 TEXT NOT NULL,
    enrolled_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS heartbeats (
    kiosk_id TEXT NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS last_heartbeats (
    kiosk_id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    body TEXT NOT NULL
);
"""


class _ProblemError(Exception):
    """An RFC 9457 problem to send back instead of the normal answer."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


@dataclass(frozen=True)
class Timeline:
    """How fast dossiers move: seconds after receipt of each step."""

    processing_after_s: float = 60.0
    decision_after_s: float = 300.0

    def history(self, key: str, received: datetime, now: datetime) -> list[dict[str, str]]:
        """Every status the dossier has had by ``now``, oldest first."""
        steps = [("received", received, "")]
        processing = received + timedelta(seconds=self.processing_after_s)
        decided = received + timedelta(seconds=self.decision_after_s)
        if now >= processing:
            steps.append(("processing", processing, ""))
        if now >= decided:
            steps.append(_decision(key, decided))
        return [
            {"status": status, "at": at.isoformat(), **({"note": note} if note else {})}
            for status, at, note in steps
        ]


def _decision(key: str, at: datetime) -> tuple[str, datetime, str]:
    # Deterministic per dossier: the same key always ends the same way. The notes are in
    # Vietnamese, as the city's officers write them; the kiosk shows them as they come.
    bucket = hashlib.sha256(key.encode("utf-8")).digest()[0] % 10
    if bucket == 0:
        return "rejected", at, "Hồ sơ không đủ điều kiện theo quy định."
    if bucket == 1:
        return "additional_documents_needed", at, "Bổ sung giấy tờ chứng minh chỗ ở hợp pháp."
    return "result_ready", at, ""


class _Store:
    """The simulator's SQLite file; one lock because the HTTP server is multi-threaded."""

    def __init__(self, path: Path, clock: Callable[[], datetime], timeline: Timeline) -> None:
        self._clock = clock
        self._timeline = timeline
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(sql, params)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

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
                return HTTPStatus.OK, self._status_object(row)
            received = self._clock()
            (seq,) = self._db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM dossiers").fetchone()
            code = f"HNI-{received.astimezone(HANOI_TZ):%Y%m%d}-{seq:06d}"
            self._write(
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
            row = self._db.execute("SELECT * FROM dossiers WHERE seq = ?", (seq,)).fetchone()
            logger.debug("opened dossier %s", code, extra={"event": "portal_sim.dossier_opened"})
            return HTTPStatus.CREATED, self._status_object(row)

    def status(self, dossier_code: str) -> dict[str, Any] | None:
        """The status object of one dossier, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM dossiers WHERE dossier_code = ?", (dossier_code,)
            ).fetchone()
            return None if row is None else self._status_object(row)

    def all(self) -> list[dict[str, Any]]:
        """Every dossier with the body as it was sent (for tests' eyes only)."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM dossiers ORDER BY seq").fetchall()
            return [
                {
                    **self._status_object(row),
                    "idempotency_key": row["idempotency_key"],
                    "procedure_code": row["procedure_code"],
                    "body": json.loads(bytes(row["body"])),
                }
                for row in rows
            ]

    def _status_object(self, row: sqlite3.Row) -> dict[str, Any]:
        received = datetime.fromisoformat(row["received_at"])
        history = self._timeline.history(row["idempotency_key"], received, self._clock())
        status = history[-1]["status"]
        if status != row["status"]:
            # Remember the latest status, so the file tells the same story as the API.
            self._write("UPDATE dossiers SET status = ? WHERE seq = ?", (status, row["seq"]))
        return {
            "dossier_code": row["dossier_code"],
            "status": status,
            "tracking_code": row["tracking_code"],
            "received_at": row["received_at"],
            "history": history,
        }

    def put_attachment(self, sha256: str, content: bytes) -> int:
        """Store the bytes under their hash; 201 if new, 200 if already held."""
        with self._lock:
            known = self._db.execute(
                "SELECT size FROM attachments WHERE sha256 = ?", (sha256,)
            ).fetchone()
            if known is not None:
                return HTTPStatus.OK
            self._write(
                "INSERT INTO attachments (sha256, size, content) VALUES (?,?,?)",
                (sha256, len(content), content),
            )
            return HTTPStatus.CREATED

    def has_attachment(self, sha256: str) -> bool:
        """Whether the attachment is held (tests)."""
        with self._lock:
            return (
                self._db.execute("SELECT 1 FROM attachments WHERE sha256 = ?", (sha256,)).fetchone()
                is not None
            )

    def issue_enrolment_code(self) -> str:
        """A new one-time enrolment code, as a technician would get from the portal."""
        alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
        chars = "".join(secrets.choice(alphabet) for _ in range(8))
        code = f"{chars[:4]}-{chars[4:]}"
        with self._lock:
            self._write("INSERT INTO enrolment_codes (code) VALUES (?)", (code,))
        return code

    def enrol(self, code: str) -> dict[str, str]:
        """Use a one-time code: a new kiosk id and its credential, or 403."""
        with self._lock:
            row = self._db.execute(
                "SELECT used_by FROM enrolment_codes WHERE code = ?", (code,)
            ).fetchone()
            if row is None or row["used_by"] is not None:
                raise _ProblemError(HTTPStatus.FORBIDDEN, "unknown or already used enrolment code")
            (count,) = self._db.execute("SELECT COUNT(*) FROM kiosks").fetchone()
            kiosk_id = f"HN-KIOSK-{count + 1:06d}"
            credential = secrets.token_urlsafe(32)
            digest = hashlib.sha256(credential.encode()).hexdigest()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "UPDATE enrolment_codes SET used_by = ? WHERE code = ?", (kiosk_id, code)
                )
                self._db.execute(
                    "INSERT INTO kiosks (kiosk_id, credential_sha256, enrolled_at) VALUES (?,?,?)",
                    (kiosk_id, digest, self._clock().isoformat()),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return {"kiosk_id": kiosk_id, "credential": credential}

    def heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> None:
        """Note that a kiosk is alive (its history, and its last heartbeat)."""
        at = self._clock().isoformat()
        text = json.dumps(body)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO heartbeats (kiosk_id, at, body) VALUES (?,?,?)",
                    (kiosk_id, at, text),
                )
                self._db.execute(
                    "INSERT INTO last_heartbeats (kiosk_id, at, body) VALUES (?,?,?)"
                    " ON CONFLICT (kiosk_id) DO UPDATE SET at = excluded.at, body = excluded.body",
                    (kiosk_id, at, text),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def heartbeats(self) -> list[tuple[str, dict[str, Any]]]:
        """Every heartbeat received (tests)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT kiosk_id, body FROM heartbeats ORDER BY rowid"
            ).fetchall()
        return [(row["kiosk_id"], json.loads(row["body"])) for row in rows]

    def kiosks(self) -> list[dict[str, Any]]:
        """Every kiosk enrolled or heard from, with its last heartbeat (or None), by id."""
        with self._lock:
            enrolled = {
                row["kiosk_id"]: row["enrolled_at"]
                for row in self._db.execute("SELECT kiosk_id, enrolled_at FROM kiosks")
            }
            last = {
                row["kiosk_id"]: {**json.loads(row["body"]), "received_at": row["at"]}
                for row in self._db.execute("SELECT kiosk_id, at, body FROM last_heartbeats")
            }
        return [
            {
                "kiosk_id": kiosk_id,
                "enrolled_at": enrolled.get(kiosk_id),
                "last_heartbeat": last.get(kiosk_id),
            }
            for kiosk_id in sorted(enrolled.keys() | last.keys())
        ]

    def kiosk_of(self, credential: str) -> str | None:
        """The kiosk a bearer credential belongs to, or None."""
        digest = hashlib.sha256(credential.encode("utf-8")).hexdigest()
        with self._lock:
            row = self._db.execute(
                "SELECT kiosk_id FROM kiosks WHERE credential_sha256 = ?", (digest,)
            ).fetchone()
        return None if row is None else str(row["kiosk_id"])

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _ProblemError(HTTPStatus.BAD_REQUEST, "the body is not valid JSON") from exc
    if not isinstance(data, dict):
        raise _ProblemError(HTTPStatus.UNPROCESSABLE_ENTITY, "the body must be a JSON object")
    return data


def _is_int(value: object) -> bool:
    # JSON Schema's "integer" includes 3.0.
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _required_fields(body: bytes) -> dict[str, str]:
    """The fields the portal needs to file a dossier, or a 400/422 problem."""
    data = _json_object(body)
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
    wrong = _submission_shape_errors(data)
    if wrong:
        raise _ProblemError(
            HTTPStatus.UNPROCESSABLE_ENTITY, f"invalid field(s): {', '.join(wrong)}"
        )
    return {name: str(value) for name, value in fields.items()}


def _submission_shape_errors(data: dict[str, Any]) -> list[str]:
    wrong = []
    procedure = data["procedure"]
    version = procedure.get("version")
    if not _is_int(version) or float(version) < 1:
        wrong.append("procedure.version")
    if len(procedure["code"]) > 64:
        wrong.append("procedure.code")
    if len(data["local_id"]) > 64:
        wrong.append("local_id")
    if len(data["tracking_code"]) > 32:
        wrong.append("tracking_code")
    for name in ("kiosk_id", "created_at"):
        if name in data and not isinstance(data[name], str):
            wrong.append(name)
    for name in ("applicant", "answers"):
        if name in data and not isinstance(data[name], dict):
            wrong.append(name)
    attachments = data.get("attachments", [])
    if not isinstance(attachments, list) or not all(
        isinstance(a, str) and SHA256_HEX.match(a) for a in attachments
    ):
        wrong.append("attachments")
    return wrong


def _heartbeat_errors(data: dict[str, Any]) -> list[str]:
    wrong = []
    depth = data.get("queue_depth")
    if not (_is_int(depth) and isinstance(depth, int | float) and depth >= 0):
        wrong.append("queue_depth")
    age = data.get("oldest_unsent_age_s")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int | float) or age < 0):
        wrong.append("oldest_unsent_age_s")
    failed = data.get("failed_count")
    if "failed_count" in data and not (
        _is_int(failed) and isinstance(failed, int | float) and failed >= 0
    ):
        wrong.append("failed_count")
    version = data.get("software_version")
    if version is not None and (not isinstance(version, str) or len(version) > 64):
        wrong.append("software_version")
    if "software_version" in data and version is None:
        wrong.append("software_version")
    return wrong


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


def _allowed_methods(path: str) -> list[str]:
    if path in ("/health", "/sim/dossiers", SIM_KIOSKS_PATH, CATALOGUE_PATH) or DOSSIER_PATH.match(
        path
    ):
        return ["GET"]
    if path in ("/api/v1/submissions", ENROLMENT_PATH, SIM_ENROLMENT_CODES_PATH):
        return ["POST"]
    if path == SIM_CATALOGUE_PATH:
        return ["PUT"]
    if HEARTBEAT_PATH.match(path):
        return ["POST"]
    if ATTACHMENT_PATH.match(path):
        return ["PUT"]
    return []


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
        """Health, catalogue, dossier status and the test-only listing."""
        self._guard(self._get)

    def do_POST(self) -> None:
        """Submissions, enrolment, heartbeat."""
        self._guard(self._post)

    def do_PUT(self) -> None:
        """Attachments."""
        self._guard(self._put)

    def _unsupported(self) -> None:
        """Any other method: 405 with Allow on a known path, else 404."""
        allowed = _allowed_methods(self._path)
        if self.command == "HEAD":
            self.send_response(HTTPStatus.METHOD_NOT_ALLOWED if allowed else HTTPStatus.NOT_FOUND)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._draw = Draw()
        self._discard_body()
        if not allowed:
            self._send_problem(_ProblemError(HTTPStatus.NOT_FOUND, "no such resource"))
            return
        problem = _ProblemError(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"{self.command} is not allowed here",
            {"Allow": ", ".join(allowed)},
        )
        self._send_problem(problem)

    def __getattr__(self, name: str) -> Any:
        # The base class looks up do_<METHOD>; every method not defined above gets a 405.
        if name.startswith("do_"):
            return self._unsupported
        raise AttributeError(name)

    @property
    def _path(self) -> str:
        return self.path.split("?", 1)[0]

    def _get(self) -> None:
        sim = self.server.sim
        path = self._path
        if path == "/health":
            self._send_json(HTTPStatus.OK, {"status": "ok"})
        elif path == "/sim/dossiers":
            self._send_json(HTTPStatus.OK, {"dossiers": sim._store.all()})
        elif path == SIM_KIOSKS_PATH:
            self._send_json(HTTPStatus.OK, {"kiosks": sim._store.kiosks()})
        elif path == CATALOGUE_PATH:
            self._catalogue()
        elif match := DOSSIER_PATH.match(path):
            found = sim._store.status(match["code"])
            if found is None:
                raise _ProblemError(HTTPStatus.NOT_FOUND, "no such dossier")
            self._send_json(HTTPStatus.OK, found)
        else:
            raise _ProblemError(HTTPStatus.NOT_FOUND, "no such resource")

    def _catalogue(self) -> None:
        body, etag = self.server.sim._catalogue
        wanted = self.headers.get("If-None-Match")
        if wanted is not None:
            # If-None-Match compares weakly (RFC 9110, 13.1.2).
            tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
            if "*" in tags or etag in tags:
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.end_headers()
                return
        self._send_payload(HTTPStatus.OK, body, "application/json", {"ETag": etag})

    def _post(self) -> None:
        sim = self.server.sim
        path = self._path
        if path == SIM_ENROLMENT_CODES_PATH:
            self._discard_body()
            self._send_json(HTTPStatus.CREATED, {"enrolment_code": sim.issue_enrolment_code()})
        elif path == "/api/v1/submissions":
            body = self._read_body(MAX_BODY_BYTES)
            fault = sim._faults.take()
            if fault is not None:
                raise fault
            key = (self.headers.get("Idempotency-Key") or "").strip()
            if not key:
                raise _ProblemError(
                    HTTPStatus.BAD_REQUEST, "the Idempotency-Key header is required"
                )
            if not SAFE_ID.match(key):
                raise _ProblemError(HTTPStatus.BAD_REQUEST, "malformed Idempotency-Key")
            if len(self.headers.get("X-Kiosk-Id") or "") > 64:
                raise _ProblemError(HTTPStatus.BAD_REQUEST, "X-Kiosk-Id is too long")
            status, answer = sim._store.submit(key, body, _required_fields(body))
            self._send_json(status, answer)
        elif path == ENROLMENT_PATH:
            data = _json_object(self._read_body(MAX_BODY_BYTES))
            code = data.get("enrolment_code")
            if set(data) != {"enrolment_code"} or not isinstance(code, str):
                raise _ProblemError(HTTPStatus.UNPROCESSABLE_ENTITY, "expected enrolment_code")
            if not ENROLMENT_CODE.match(code):
                raise _ProblemError(HTTPStatus.UNPROCESSABLE_ENTITY, "malformed enrolment code")
            self._send_json(HTTPStatus.CREATED, sim._store.enrol(code))
        elif match := HEARTBEAT_PATH.match(path):
            if not SAFE_ID.match(match["kiosk"]):
                raise _ProblemError(HTTPStatus.NOT_FOUND, "no such kiosk")
            if self._kiosk is not None and self._kiosk != match["kiosk"]:
                raise _ProblemError(
                    HTTPStatus.FORBIDDEN, "this credential belongs to another kiosk"
                )
            data = _json_object(self._read_body(MAX_BODY_BYTES))
            wrong = _heartbeat_errors(data)
            if wrong:
                raise _ProblemError(
                    HTTPStatus.UNPROCESSABLE_ENTITY, f"invalid field(s): {', '.join(wrong)}"
                )
            sim._store.heartbeat(match["kiosk"], data)
            self.send_response(HTTPStatus.NO_CONTENT)
            self.end_headers()
        else:
            raise _ProblemError(HTTPStatus.NOT_FOUND, "no such resource")

    def _put(self) -> None:
        if self._path == SIM_CATALOGUE_PATH:
            body = self._read_body(MAX_BODY_BYTES)
            try:
                json.loads(body)
            except (ValueError, UnicodeDecodeError) as exc:
                raise _ProblemError(HTTPStatus.BAD_REQUEST, "the body is not JSON") from exc
            etag = self.server.sim.set_catalogue_bytes(body)
            self._send_json(HTTPStatus.OK, {"etag": etag})
            return
        match = ATTACHMENT_PATH.match(self._path)
        if match is None:
            raise _ProblemError(HTTPStatus.NOT_FOUND, "no such resource")
        sha = match["sha"]
        if not SHA256_HEX.match(sha):
            raise _ProblemError(HTTPStatus.NOT_FOUND, "an attachment is named by its SHA-256")
        content = self._read_body(MAX_ATTACHMENT_BYTES)
        if hashlib.sha256(content).hexdigest() != sha:
            raise _ProblemError(
                HTTPStatus.UNPROCESSABLE_ENTITY, "the bytes do not hash to the name in the path"
            )
        status = self.server.sim._store.put_attachment(sha, content)
        self._send_json(status, {"sha256": sha, "size": len(content)})

    def _read_body(self, limit: int) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError as exc:
            raise _ProblemError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from exc
        if length < 0:
            raise _ProblemError(HTTPStatus.BAD_REQUEST, "bad Content-Length")
        if length > limit:
            raise _ProblemError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the body is too large")
        return self.rfile.read(length) if length > 0 else b""

    def _guard(self, action: Callable[[], None]) -> None:
        sim = self.server.sim
        self._draw = Draw()
        self._kiosk: str | None = None
        allowed = _allowed_methods(self._path)
        if allowed and self.command not in allowed:
            self._unsupported()
            return
        if self._path.startswith("/api/"):
            sim._record(self.command, self._path)
            self._draw = sim._dice.draw()
            if self._draw.latency_s:
                time.sleep(self._draw.latency_s)
            fault = self._draw.fault
            if fault in (Fault.HTTP_500, Fault.HTTP_503, Fault.HTTP_429):
                self._discard_body()
                status = int(fault.value) if fault is not None else 500
                headers = {} if status == 500 else {"Retry-After": str(self._draw.retry_after_s)}
                self._send_problem(_ProblemError(status, "injected fault", headers))
                return
        try:
            if self._path.startswith("/api/") and self._path != ENROLMENT_PATH:
                self._kiosk = self._authenticate()
            action()
        except _ProblemError as problem:
            self._send_problem(problem)
        except (BrokenPipeError, ConnectionResetError):
            # The kiosk hung up (crashed, timed out): its resend will get the replay.
            logger.debug("client went away", extra={"event": "portal_sim.client_gone"})
        except Exception:
            logger.exception(
                "simulator failed on %s", self.command, extra={"event": "portal_sim.error"}
            )
            self._send_problem(_ProblemError(HTTPStatus.INTERNAL_SERVER_ERROR, "simulator error"))

    def _authenticate(self) -> str | None:
        """The kiosk the bearer credential names; None for an accepted unenrolled request."""
        header = self.headers.get("Authorization")
        if header is None:
            if self.server.sim.allow_unenrolled:
                return None
            self._discard_body()
            raise _ProblemError(
                HTTPStatus.UNAUTHORIZED,
                "a kiosk credential is required (enrol the kiosk first)",
                {"WWW-Authenticate": 'Bearer realm="kiosk"'},
            )
        scheme, _, token = header.strip().partition(" ")
        store = self.server.sim._store
        kiosk = store.kiosk_of(token.strip()) if scheme.lower() == "bearer" else None
        if kiosk is None:
            self._discard_body()
            raise _ProblemError(
                HTTPStatus.UNAUTHORIZED,
                "unknown kiosk credential",
                {"WWW-Authenticate": 'Bearer realm="kiosk", error="invalid_token"'},
            )
        return kiosk

    def _discard_body(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            return
        if 0 < length <= MAX_ATTACHMENT_BYTES:
            self.rfile.read(length)

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
        self._send_payload(status, payload, content_type, headers)

    def _send_payload(
        self,
        status: int,
        payload: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        fault = self._draw.fault
        if fault is Fault.DROP:
            # The work is done; the answer is lost on the way (the kiosk must resend).
            self.close_connection = True
            return
        if fault is Fault.MALFORMED and status < 400:
            payload = b'{"dossier_code": "HNI-' + payload[: len(payload) // 3]
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if fault is Fault.TRUNCATE:
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
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
        faults: str | FaultSpec = "",
        timeline: Timeline | None = None,
        catalogue: Path | Sequence[Mapping[str, Any]] | None = None,
        allow_unenrolled: bool = False,
    ) -> None:
        """Nothing listens until ``start()``.

        ``clock`` stamps receipts and drives status changes (tests); ``faults`` is a SPEC
        string (see :mod:`sync.portal_faults`) or a parsed spec. ``catalogue`` is a directory
        of procedure files (default: the repository's ``config/procedures``) or the
        documents themselves. ``allow_unenrolled``: accept requests that carry no kiosk
        credential (the demo, most tests); otherwise they get ``401``.
        """
        self._data_dir = data_dir
        self._host = host
        self._port = port
        self._clock = clock or (lambda: datetime.now(UTC))
        self._timeline = timeline or Timeline()
        self._faults = _FaultPlan()
        self._dice = FaultDice(FaultSpec.parse(faults) if isinstance(faults, str) else faults)
        self.allow_unenrolled = allow_unenrolled
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
        self._store = _Store(self._data_dir / STORE_NAME, self._clock, self._timeline)
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
