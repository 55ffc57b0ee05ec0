"""Every answer the portal (or the network) can give becomes one of three outcomes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest

from sync.portal_client import (
    Accepted,
    PortalClient,
    Rejected,
    RetryLater,
    parse_retry_after,
)

LOCAL_ID = "01JP97SD18RKSATG3HFBJREW42"
PAYLOAD = json.dumps({"local_id": LOCAL_ID, "tracking_code": "HN-7K3M-Q9PD"}, sort_keys=True)


def client_answering(handler: Callable[[httpx.Request], httpx.Response]) -> PortalClient:
    return PortalClient("http://portal.test", transport=httpx.MockTransport(handler))


def problem(status: int, title: str, detail: str | None = None, **headers: str) -> httpx.Response:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail is not None:
        body["detail"] = detail
    return httpx.Response(
        status,
        json=body,
        headers={"Content-Type": "application/problem+json", **headers},
    )


def test_a_201_is_accepted_and_the_request_carries_the_idempotency_key():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            201, json={"dossier_code": "HNI-20250314-000001", "status": "received"}
        )

    client = PortalClient(
        "http://portal.test/", transport=httpx.MockTransport(handler), kiosk_id="kiosk-hbt-01"
    )
    outcome = client.submit(LOCAL_ID, PAYLOAD)
    client.close()

    assert outcome == Accepted(dossier_code="HNI-20250314-000001", status="received")
    (request,) = seen
    assert request.method == "POST"
    assert request.url == "http://portal.test/api/v1/submissions"
    assert request.headers["Idempotency-Key"] == LOCAL_ID
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Kiosk-Id"] == "kiosk-hbt-01"
    assert request.content == PAYLOAD.encode("utf-8")  # the frozen bytes, untouched


def test_a_replayed_200_is_accepted_too():
    client = client_answering(
        lambda _r: httpx.Response(200, json={"dossier_code": "HNI-1", "status": "received"})
    )
    assert client.submit(LOCAL_ID, PAYLOAD) == Accepted("HNI-1", "received")


def test_a_429_says_retry_later_after_the_portals_retry_after():
    client = client_answering(lambda _r: problem(429, "Too Many Requests", **{"Retry-After": "17"}))
    outcome = client.submit(LOCAL_ID, PAYLOAD)
    assert isinstance(outcome, RetryLater)
    assert outcome.retry_after_s == 17.0
    assert "429" in outcome.reason


@pytest.mark.parametrize("status", [408, 425, 500, 502, 503, 504])
def test_passing_statuses_say_retry_later_without_a_hint(status):
    client = client_answering(lambda _r: problem(status, "busy"))
    outcome = client.submit(LOCAL_ID, PAYLOAD)
    assert isinstance(outcome, RetryLater)
    assert outcome.retry_after_s is None


def test_a_422_problem_is_rejected_with_its_detail():
    client = client_answering(
        lambda _r: problem(422, "Unprocessable Content", "missing field(s): procedure.code")
    )
    outcome = client.submit(LOCAL_ID, PAYLOAD)
    assert outcome == Rejected(reason="HTTP 422: missing field(s): procedure.code", http_status=422)


def test_a_409_without_detail_is_rejected_with_the_title():
    client = client_answering(lambda _r: problem(409, "Conflict"))
    assert client.submit(LOCAL_ID, PAYLOAD) == Rejected("HTTP 409: Conflict", 409)


def test_a_4xx_with_a_non_json_body_is_still_rejected():
    client = client_answering(lambda _r: httpx.Response(400, text="<html>bad</html>"))
    assert client.submit(LOCAL_ID, PAYLOAD) == Rejected("HTTP 400", 400)


def test_a_connection_error_says_retry_later():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    outcome = client_answering(handler).submit(LOCAL_ID, PAYLOAD)
    assert outcome == RetryLater(reason="network error: ConnectError", retry_after_s=None)


def test_a_timeout_says_retry_later():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    outcome = client_answering(handler).submit(LOCAL_ID, PAYLOAD)
    assert isinstance(outcome, RetryLater)
    assert outcome.reason.startswith("timeout")


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(201, text="{not json"),
        httpx.Response(201, json={"status": "received"}),
        httpx.Response(201, json=["HNI-1"]),
    ],
)
def test_a_success_without_a_usable_dossier_code_says_retry_later(response):
    outcome = client_answering(lambda _r: response).submit(LOCAL_ID, PAYLOAD)
    assert isinstance(outcome, RetryLater)


def test_a_redirect_is_not_followed_and_retried_later():
    client = client_answering(lambda _r: httpx.Response(302, headers={"Location": "/login"}))
    assert isinstance(client.submit(LOCAL_ID, PAYLOAD), RetryLater)


def test_retry_after_understands_seconds_and_http_dates():
    now = datetime(2025, 3, 14, 2, 30, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Fri, 14 Mar 2025 02:31:00 GMT", now) == 60.0
    assert parse_retry_after("Fri, 14 Mar 2025 02:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("-5", now) == 0.0


@pytest.mark.parametrize("status", [401, 403])
def test_an_expired_kiosk_credential_is_retried_later_not_failed(status: int) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"title": "credential expired", "status": status})

    client = PortalClient("http://portal.test", transport=httpx.MockTransport(handler))
    outcome = client.submit("01JDEMO0000000000000000000", "{}")
    assert isinstance(outcome, RetryLater)
