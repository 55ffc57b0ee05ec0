"""How the simulator writes its answers, and where the injected faults mangle them on the way.

The base of the request handler: reading and discarding bodies within the size limits, and
sending JSON, problem details or raw bytes, lost (``drop``), cut short (``truncate``) or
spoiled (``malformed``) as the request's draw says.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any

from sync.portal_simulator.faults import Draw, Fault
from sync.portal_simulator.routes import MAX_ATTACHMENT_BYTES, _ProblemError


class _Responder(BaseHTTPRequestHandler):
    # Set per request before anything is sent: what the fault dice decided for it.
    _draw: Draw

    @property
    def _path(self) -> str:
        return self.path.split("?", 1)[0]

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
