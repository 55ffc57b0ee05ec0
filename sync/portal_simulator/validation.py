"""Checks of request bodies against the contract, answered as 400/422 problems.

Only what ``sync/portal-openapi.yaml`` says about submissions, heartbeats, payment requests,
ratings and JSON bodies; the handler decides which check applies to which path.
"""

from __future__ import annotations

import json
import re
from datetime import date
from http import HTTPStatus
from typing import Any

from sync.portal_simulator.routes import SHA256_HEX, _ProblemError

MAX_POSTAL_ADDRESS = 300
MAX_AMOUNT = 9_999_999_999_999
MOBILE = re.compile(r"^0[35789][0-9]{8}$")
RFC3339 = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
SAFE_TRACKING = re.compile(r"^[A-Za-z0-9-]{1,32}$")
RATING_FIELDS = frozenset({"score", "reasons", "procedure_code", "kiosk_id", "day"})
RATING_REASONS = frozenset(
    {
        "easy_to_use",
        "quick",
        "hard_to_use",
        "unclear_instructions",
        "slow",
        "device_fault",
        "needed_help",
    }
)
"""The contract's fixed list (``RatingReason``); the simulator shares no code with the kiosk."""


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
    if "result_delivery" in data and not _is_result_delivery(data["result_delivery"]):
        wrong.append("result_delivery")
    if "notification" in data and not _is_notification(data["notification"]):
        wrong.append("notification")
    return wrong


def _is_result_delivery(value: object) -> bool:
    """``{"method": "office"|"electronic"}`` or ``{"method": "post", "postal_address": …}``."""
    if not isinstance(value, dict):
        return False
    method = value.get("method")
    if method in ("office", "electronic"):
        return set(value) == {"method"}
    address = value.get("postal_address")
    return (
        method == "post"
        and set(value) == {"method", "postal_address"}
        and isinstance(address, str)
        and 1 <= len(address) <= MAX_POSTAL_ADDRESS
    )


def _is_notification(value: object) -> bool:
    if not isinstance(value, dict) or set(value) != {"channel", "phone", "consent_at"}:
        return False
    phone, at = value["phone"], value["consent_at"]
    return (
        value["channel"] in ("sms", "zalo")
        and isinstance(phone, str)
        and MOBILE.match(phone) is not None
        and isinstance(at, str)
        and RFC3339.match(at) is not None
    )


def _payment_request(body: bytes) -> tuple[str, int]:
    """The tracking code and amount of a payment request, or a 400/422 problem."""
    data = _json_object(body)
    code, amount = data.get("tracking_code"), data.get("amount_vnd")
    wrong = [name for name in data if name not in ("tracking_code", "amount_vnd")]
    if not isinstance(code, str) or not SAFE_TRACKING.match(code):
        wrong.append("tracking_code")
    if not (_is_int(amount) and isinstance(amount, int | float) and 1 <= amount <= MAX_AMOUNT):
        wrong.append("amount_vnd")
    if wrong:
        raise _ProblemError(
            HTTPStatus.UNPROCESSABLE_ENTITY, f"invalid field(s): {', '.join(wrong)}"
        )
    return str(code), int(amount)  # type: ignore[arg-type]


def _tracking_lookup(body: bytes) -> str:
    """The tracking code a look-up asks for, or a 400/422 problem."""
    data = _json_object(body)
    code = data.get("tracking_code")
    if set(data) != {"tracking_code"} or not isinstance(code, str) or not SAFE_TRACKING.match(code):
        raise _ProblemError(HTTPStatus.UNPROCESSABLE_ENTITY, "expected tracking_code alone")
    return code


def _rating(body: bytes) -> dict[str, Any]:
    """A rating as the contract allows it (nothing more: no dossier, no time), or 400/422."""
    data = _json_object(body)
    wrong = sorted(set(data) - RATING_FIELDS)
    missing = sorted(RATING_FIELDS - set(data))
    if missing:
        wrong.extend(missing)
    score = data.get("score")
    if "score" in data and not (
        _is_int(score) and isinstance(score, int | float) and 1 <= score <= 5
    ):
        wrong.append("score")
    reasons = data.get("reasons")
    if "reasons" in data and (
        not isinstance(reasons, list)
        or len(reasons) > len(RATING_REASONS)
        or not all(isinstance(r, str) and r in RATING_REASONS for r in reasons)
        or len(set(reasons)) != len(reasons)
    ):
        wrong.append("reasons")
    for name in ("procedure_code", "kiosk_id"):
        value = data.get(name)
        if name in data and not (isinstance(value, str) and 1 <= len(value) <= 64):
            wrong.append(name)
    if "day" in data and not _is_day(data["day"]):
        wrong.append("day")
    if wrong:
        raise _ProblemError(
            HTTPStatus.UNPROCESSABLE_ENTITY, f"invalid or unexpected field(s): {', '.join(wrong)}"
        )
    return data


def _is_day(value: object) -> bool:
    if not isinstance(value, str) or not DAY.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


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
