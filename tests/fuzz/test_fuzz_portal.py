"""The portal's answers, as a broken, hostile or newer portal could send them, through
:class:`sync.portal_client.PortalClient` over ``httpx.MockTransport``.

Every method documents outcomes as values and no exception for anything the portal sends:
``submit`` (Accepted | RetryLater | Rejected), ``status`` (DossierStatus | RetryLater |
Rejected), ``catalogue`` (CatalogueDocuments | CatalogueNotModified | CatalogueMalformed |
RetryLater | Rejected), ``enrol`` ((kiosk_id, credential) | RetryLater | Rejected),
``put_attachment`` (Stored | RetryLater | Rejected); also ``parse_retry_after`` (float |
None) and the look-up's reading of a status history (``dossier_directory._events``, which
skips steps it cannot read). So every raise fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st

from kiosk.dossier_lookup import DossierStage, stage_of_portal_status
from sync.dossier_directory import _events
from sync.portal_client import (
    Accepted,
    CatalogueDocuments,
    CatalogueMalformed,
    CatalogueNotModified,
    DossierStatus,
    PortalClient,
    Rejected,
    RetryLater,
    Stored,
    parse_retry_after,
)

from .mutations import ANY_VALUE, mutated_tree
from .profiles import fuzz_settings

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
VALID_BODIES: dict[str, Any] = {
    "submit": {"dossier_code": "000.00.01.H26-261123-0001", "status": "received"},
    "status": {
        "dossier_code": "000.00.01.H26-261123-0001",
        "status": "processing",
        "history": [
            {"status": "received", "at": "2026-11-23T09:00:00+07:00"},
            {"status": "processing", "at": "2026-11-23T10:00:00+07:00", "note": "Đang xử lý"},
        ],
    },
    "catalogue": {"procedures": [{"code": "x", "version": 1}]},
    "enrol": {"kiosk_id": "HN-KIOSK-0001", "credential": "s3cret"},
    "problem": {"type": "about:blank", "title": "Bad", "status": 422, "detail": "field x"},
}
STATUSES = st.one_of(
    st.sampled_from([200, 201, 204, 304, 400, 401, 403, 404, 409, 422, 429, 500, 503]),
    st.integers(min_value=100, max_value=599),
)
HEADER_TEXT = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    st.sampled_from(
        [
            "",
            "120",
            "-5",
            "1e400",
            "nan",
            "inf",
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Sun, 06 Nov 1994 08:49:37",
            "Mon, 99 Foo 9999 99:99:99 GMT",
            "0" * 400,
        ]
    ),
)


@st.composite
def bodies(draw: st.DrawFn, kind: str) -> bytes:
    """Random bytes, any JSON, or the valid body of ``kind`` with values swapped."""
    choice = draw(st.sampled_from(["bytes", "json", "mutated", "mutated", "mutated"]))
    if choice == "bytes":
        return draw(st.binary(max_size=200))
    if choice == "json":
        return json.dumps(draw(ANY_VALUE)).encode()
    return json.dumps(draw(mutated_tree(VALID_BODIES[kind]))).encode()


@st.composite
def answers(draw: st.DrawFn, kind: str) -> httpx.Response:
    headers = {}
    for name in ("Retry-After", "Date", "ETag", "Content-Type"):
        if draw(st.booleans()):
            headers[name] = draw(HEADER_TEXT)
    body = draw(st.one_of(bodies(kind), bodies("problem")))
    return httpx.Response(draw(STATUSES), headers=headers, content=body)


class _Portal:
    """One client for the whole module (building one costs a TLS context), answering each
    request with the response the example put in :attr:`answer`."""

    def __init__(self) -> None:
        self.answer = httpx.Response(500)
        self.client = PortalClient(
            "https://portal.test", transport=httpx.MockTransport(self._handle), clock=lambda: NOW
        )

    def _handle(self, request: httpx.Request) -> httpx.Response:
        return self.answer


PORTAL = _Portal()


def _call(response: httpx.Response, call: Callable[[PortalClient], object]) -> object:
    PORTAL.answer = response
    return call(PORTAL.client)


@fuzz_settings(0.5)
@given(answers("submit"))
def test_submit_answers_become_outcomes(response: httpx.Response) -> None:
    outcome = _call(response, lambda c: c.submit("01JDQ0000000000000000000", "{}"))
    assert isinstance(outcome, Accepted | RetryLater | Rejected)


@fuzz_settings(0.5)
@given(answers("status"))
def test_status_answers_become_outcomes_the_look_up_can_read(response: httpx.Response) -> None:
    outcome = _call(response, lambda c: c.status("000.00.01.H26-261123-0001"))
    assert isinstance(outcome, DossierStatus | RetryLater | Rejected)
    if isinstance(outcome, DossierStatus):
        assert isinstance(stage_of_portal_status(outcome.status), DossierStage)
        _events(outcome.history)


@fuzz_settings(0.5)
@given(answers("catalogue"), st.one_of(st.none(), HEADER_TEXT))
def test_catalogue_answers_become_outcomes(response: httpx.Response, etag: str | None) -> None:
    outcome = _call(response, lambda c: c.catalogue(etag))
    assert isinstance(
        outcome,
        CatalogueDocuments | CatalogueNotModified | CatalogueMalformed | RetryLater | Rejected,
    )


@fuzz_settings(0.5)
@given(answers("enrol"))
def test_enrolment_answers_become_outcomes(response: httpx.Response) -> None:
    outcome = _call(response, lambda c: c.enrol("ABCD-EFGH"))
    if isinstance(outcome, tuple):
        kiosk_id, credential = outcome
        assert isinstance(kiosk_id, str) and kiosk_id
        assert isinstance(credential, str) and credential
    else:
        assert isinstance(outcome, RetryLater | Rejected)


@fuzz_settings(0.25)
@given(answers("problem"))
def test_attachment_answers_become_outcomes(response: httpx.Response) -> None:
    outcome = _call(response, lambda c: c.put_attachment("0" * 64, b"x"))
    assert isinstance(outcome, Stored | RetryLater | Rejected)


@fuzz_settings()
@given(st.one_of(st.none(), HEADER_TEXT, st.text(max_size=60)))
def test_retry_after_is_seconds_or_none(value: str | None) -> None:
    seconds = parse_retry_after(value, NOW)
    assert seconds is None or (isinstance(seconds, float) and seconds >= 0.0)
