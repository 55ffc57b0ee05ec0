"""The simulator's HTTP server and request handler: routing, authentication, injected faults.

Each request is routed by path and method, authenticated with the kiosk's bearer credential
(unless the simulator accepts unenrolled kiosks), checked against the contract and answered
from the store. The handler reaches the simulator's state through the ``PortalSimulator``
that owns the server; it is the simulator's own machinery, never used on its own.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from sync.portal_simulator.faults import Draw, Fault
from sync.portal_simulator.responses import _Responder
from sync.portal_simulator.routes import (
    ATTACHMENT_PATH,
    ATTACHMENT_TYPES,
    CATALOGUE_PATH,
    DOSSIER_PATH,
    ENROLMENT_CODE,
    ENROLMENT_PATH,
    HEALTH_PATH,
    HEARTBEAT_PATH,
    MAX_ATTACHMENT_BYTES,
    MAX_BODY_BYTES,
    PAYMENT_PATH,
    PAYMENTS_PATH,
    RATINGS_PATH,
    SAFE_ID,
    SHA256_HEX,
    SIM_CATALOGUE_PATH,
    SIM_DOSSIERS_PATH,
    SIM_ENROLMENT_CODES_PATH,
    SIM_KIOSKS_PATH,
    SIM_NOTIFICATIONS_PATH,
    SIM_PAYMENT_PAID_PATH,
    SIM_RATINGS_PATH,
    SUBMISSIONS_PATH,
    TRACKING_PATH,
    _allowed_methods,
    _ProblemError,
)
from sync.portal_simulator.validation import (
    _heartbeat_errors,
    _json_object,
    _payment_request,
    _rating,
    _required_fields,
    _tracking_lookup,
)

if TYPE_CHECKING:
    # Only for the annotation: the simulator builds the server, so importing it at run time
    # would be circular.
    from sync.portal_simulator.simulator import PortalSimulator

logger = logging.getLogger(__name__)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], sim: PortalSimulator) -> None:
        super().__init__(address, _Handler)
        self.sim = sim

    def handle_error(self, request: object, client_address: object) -> None:
        # A kiosk killed mid-request (the crash and load tests do it hundreds of times) is
        # gone before the answer: nothing to report. Anything else keeps its traceback.
        if isinstance(sys.exception(), BrokenPipeError | ConnectionResetError):
            logger.debug("a client left before its answer", extra={"event": "portal_sim.gone"})
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(_Responder):
    # HTTP/1.0: one request per connection, so a stopped simulator leaves no live keep-alive
    # connection behind that could answer from a closed store.
    server: _Server
    timeout = 30

    # http.server dispatches on these upper-case names; ruff only knows that for direct
    # subclasses of BaseHTTPRequestHandler, and this one sits on _Responder.
    def do_GET(self) -> None:
        """Health, catalogue, dossier status, the look-up, payments and the test-only
        listings."""
        self._guard(self._get)

    def do_POST(self) -> None:
        """Submissions, enrolment, heartbeat, payment requests, ratings, test hooks."""
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

    def _get(self) -> None:
        sim = self.server.sim
        path = self._path
        if path == HEALTH_PATH:
            self._send_json(HTTPStatus.OK, {"status": "ok"})
        elif path == SIM_DOSSIERS_PATH:
            self._send_json(HTTPStatus.OK, {"dossiers": sim._store.all()})
        elif path == SIM_KIOSKS_PATH:
            self._send_json(HTTPStatus.OK, {"kiosks": sim._store.kiosks()})
        elif path == CATALOGUE_PATH:
            self._catalogue()
        elif path == SIM_RATINGS_PATH:
            self._send_json(HTTPStatus.OK, {"ratings": sim._store.ratings()})
        elif path == SIM_NOTIFICATIONS_PATH:
            self._send_json(HTTPStatus.OK, {"notifications": sim._store.notifications()})
        elif match := DOSSIER_PATH.match(path):
            found = sim._store.status(match["code"])
            if found is None:
                raise _ProblemError(HTTPStatus.NOT_FOUND, "no such dossier")
            self._send_json(HTTPStatus.OK, found)
        elif match := PAYMENT_PATH.match(path):
            payment = sim._store.payment(match["payment"])
            if payment is None:
                raise _ProblemError(HTTPStatus.NOT_FOUND, "no such payment")
            self._send_json(HTTPStatus.OK, payment)
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
        elif path == SUBMISSIONS_PATH:
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
        elif path == TRACKING_PATH:
            public = sim._store.public(_tracking_lookup(self._read_body(MAX_BODY_BYTES)))
            if public is None:
                raise _ProblemError(HTTPStatus.NOT_FOUND, "no dossier has this tracking code")
            self._send_json(HTTPStatus.OK, public)
        elif path == PAYMENTS_PATH:
            code, amount = _payment_request(self._read_body(MAX_BODY_BYTES))
            status, answer = sim._store.request_payment(code, amount)
            self._send_json(status, answer)
        elif path == RATINGS_PATH:
            self._rating()
        elif match := SIM_PAYMENT_PAID_PATH.match(path):
            self._discard_body()
            paid = sim._store.mark_paid(match["payment"])
            if paid is None:
                raise _ProblemError(HTTPStatus.NOT_FOUND, "no such payment")
            self._send_json(HTTPStatus.OK, paid)
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

    def _rating(self) -> None:
        body = self._read_body(MAX_BODY_BYTES)
        key = (self.headers.get("Idempotency-Key") or "").strip()
        if not key:
            raise _ProblemError(HTTPStatus.BAD_REQUEST, "the Idempotency-Key header is required")
        if not SAFE_ID.match(key):
            raise _ProblemError(HTTPStatus.BAD_REQUEST, "malformed Idempotency-Key")
        rating = _rating(body)
        if self._kiosk is not None and rating["kiosk_id"] != self._kiosk:
            raise _ProblemError(HTTPStatus.FORBIDDEN, "a kiosk rates under its own id only")
        status, answer = self.server.sim._store.rate(key, body)
        self._send_json(status, answer)

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
        content_type = self._attachment_type(content)
        status = self.server.sim._store.put_attachment(sha, content, content_type)
        self._send_json(status, {"sha256": sha, "size": len(content)})

    def _attachment_type(self, content: bytes) -> str:
        """The body's media type: one the contract lists (415 otherwise; none given is
        ``application/octet-stream``), and the bytes must start as that type does (422)."""
        declared = self.headers.get("Content-Type") or "application/octet-stream"
        media_type = declared.split(";", 1)[0].strip().lower()
        magic = ATTACHMENT_TYPES.get(media_type)
        if magic is None:
            raise _ProblemError(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "an attachment is sent as application/pdf, image/jpeg or application/octet-stream",
            )
        if not content.startswith(magic):
            raise _ProblemError(HTTPStatus.UNPROCESSABLE_ENTITY, f"the bytes are not {media_type}")
        return media_type

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

    def log_message(self, format: str, *args: Any) -> None:
        """Request lines go to debug logging (they hold paths and statuses, never bodies)."""
        logger.debug(format, *args, extra={"event": "portal_sim.request"})
