"""Every answer the portal (or the network) can give becomes one of three outcomes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest

from kiosk.health import SyncErrorKind
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
    return PortalClient("https://portal.test", transport=httpx.MockTransport(handler))


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
        "https://portal.test/", transport=httpx.MockTransport(handler), kiosk_id="kiosk-hbt-01"
    )
    outcome = client.submit(LOCAL_ID, PAYLOAD)
    client.close()

    assert outcome == Accepted(dossier_code="HNI-20250314-000001", status="received")
    (request,) = seen
    assert request.method == "POST"
    assert request.url == "https://portal.test/api/v1/submissions"
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

    client = PortalClient("https://portal.test", transport=httpx.MockTransport(handler))
    outcome = client.submit("01JDEMO0000000000000000000", "{}")
    assert isinstance(outcome, RetryLater)


# --- what the operator is told: the kind of each failure, and the clock skew ----------------


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (500, SyncErrorKind.SERVER),
        (503, SyncErrorKind.SERVER),
        (429, SyncErrorKind.RATE_LIMITED),
        (401, SyncErrorKind.AUTH),
        (403, SyncErrorKind.AUTH),
        (408, SyncErrorKind.TIMEOUT),
        (422, SyncErrorKind.REFUSED),
        (409, SyncErrorKind.REFUSED),
    ],
)
def test_each_failing_answer_carries_its_kind(status, kind):
    client = client_answering(lambda _: problem(status, "no"))
    outcome = client.submit(LOCAL_ID, PAYLOAD)
    assert isinstance(outcome, RetryLater | Rejected)
    assert outcome.kind is kind
    status_outcome = client.status("HNI-1")
    assert isinstance(status_outcome, RetryLater | Rejected)
    assert status_outcome.kind is kind


def test_network_faults_and_timeouts_carry_their_kind():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    network = client_answering(refuse).submit(LOCAL_ID, PAYLOAD)
    timeout = client_answering(slow).submit(LOCAL_ID, PAYLOAD)
    assert isinstance(network, RetryLater) and network.kind is SyncErrorKind.NETWORK
    assert isinstance(timeout, RetryLater) and timeout.kind is SyncErrorKind.TIMEOUT


def test_a_malformed_success_is_the_portals_fault():
    outcome = client_answering(lambda _: httpx.Response(201, content=b"{")).submit(
        LOCAL_ID, PAYLOAD
    )
    assert isinstance(outcome, RetryLater) and outcome.kind is SyncErrorKind.SERVER


def test_the_kind_does_not_change_what_outcomes_equal():
    assert RetryLater("x", None, SyncErrorKind.SERVER) == RetryLater("x", None)
    assert Rejected("x", 422, SyncErrorKind.AUTH) == Rejected("x", 422)


def test_the_clock_skew_is_the_kiosk_clock_minus_the_portal_date():
    kiosk_now = datetime(2025, 3, 14, 2, 30, 5, tzinfo=UTC)

    def answer(_: httpx.Request) -> httpx.Response:
        return httpx.Response(
            201,
            json={"dossier_code": "HNI-1", "status": "received"},
            headers={"Date": "Fri, 14 Mar 2025 02:30:00 GMT"},
        )

    client = PortalClient(
        "https://portal.test", transport=httpx.MockTransport(answer), clock=lambda: kiosk_now
    )
    assert client.clock_skew_s is None  # not known before an answer
    client.submit(LOCAL_ID, PAYLOAD)
    assert client.clock_skew_s == pytest.approx(5.0)


def test_an_answer_without_a_readable_date_keeps_the_last_skew():
    dates = iter(["Fri, 14 Mar 2025 02:30:10 GMT", "not a date", ""])
    kiosk_now = datetime(2025, 3, 14, 2, 30, 0, tzinfo=UTC)

    def answer(_: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Date": next(dates)})

    client = PortalClient(
        "https://portal.test", transport=httpx.MockTransport(answer), clock=lambda: kiosk_now
    )
    for _ in range(3):
        client.submit(LOCAL_ID, PAYLOAD)
        assert client.clock_skew_s == pytest.approx(-10.0)  # the kiosk is 10 s behind


def test_the_simulated_portal_sends_a_date_and_the_skew_becomes_known(simulator):
    client = PortalClient(simulator.base_url, timeout_s=5.0)
    try:
        assert client.clock_skew_s is None
        client.status("HNI-NONE")
        skew = client.clock_skew_s
    finally:
        client.close()
    assert skew is not None
    assert abs(skew) < 60  # same machine: only the header's whole seconds and the trip
