"""Checks of request bodies against the contract, answered as 400/422 problems.

Only what ``sync/portal-openapi.yaml`` says about submissions, heartbeats and JSON bodies; the
handler decides which check applies to which path.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from sync.portal_simulator.routes import SHA256_HEX, _ProblemError


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
