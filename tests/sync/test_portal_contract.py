"""The simulator keeps the portal contract (sync/portal-openapi.yaml), checked by schemathesis;
and attachments as the kiosk sends them (a paper as one PDF, a photo as a JPEG) are taken, and
those it cannot take refused, as the contract says.

The simulator runs as the real portal would: it refuses unenrolled kiosks. Every call carries
the credential of an enrolled kiosk, and schemathesis' own auth check probes each operation
without it and with a wrong one (both must be refused)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from PIL import Image, ImageDraw
from schemathesis.specs.openapi.checks import positive_data_acceptance

from hardware.document.assembly import PdfAssembler
from sync.portal_client import PortalClient, Stored
from sync.portal_simulator import PortalSimulator

CONTRACT = Path(__file__).resolve().parents[2] / "sync" / "portal-openapi.yaml"

schema = schemathesis.openapi.from_path(CONTRACT)
# A PDF is bytes on the wire, as application/octet-stream is (schemathesis knows JPEG already).
schemathesis.serializer.alias("application/pdf", "application/octet-stream")

# A schema cannot say "the body hashes to the path", so random bytes under a random name are
# refused (422) although they are schema-valid; nor "the path names the credential's own
# kiosk", so a heartbeat for a random kiosk id is refused (403). The acceptance check does
# not apply there.
UNGUESSABLE = {"PUT /api/v1/attachments/{sha256}", "POST /api/v1/kiosks/{kiosk_id}/heartbeat"}


@pytest.fixture(scope="module")
def contract_portal(tmp_path_factory):
    sim = PortalSimulator(tmp_path_factory.mktemp("contract-portal"))
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def credential(contract_portal):
    client = PortalClient(contract_portal.base_url)
    enrolment = client.enrol(contract_portal.issue_enrolment_code())
    client.close()
    assert isinstance(enrolment, tuple)
    return enrolment[1]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_the_simulator_answers_every_operation_as_the_contract_says(
    case, contract_portal, credential
):
    excluded = [positive_data_acceptance] if case.operation.label in UNGUESSABLE else []
    case.call_and_validate(
        base_url=contract_portal.base_url,
        headers={"Authorization": f"Bearer {credential}"},
        excluded_checks=excluded,
    )


# --- attachments: a paper's pages as one PDF, a photo as a JPEG (issue 18) ------------------
ATTACHMENT = schema["/api/v1/attachments/{sha256}"]["PUT"]
MEDIA_TYPES = set(ATTACHMENT.definition.raw["requestBody"]["content"])


def a_paper_pdf(text: str) -> bytes:
    """A one-page PDF saying ``text``, as the kiosk makes one of a paper (the real
    assembler); each test's own, since the portal keeps what it was given."""
    page = Image.new("RGB", (420, 594), "white")
    ImageDraw.Draw(page).text((40, 60), text, fill="black")
    jpeg = io.BytesIO()
    page.save(jpeg, "JPEG", quality=85)
    return PdfAssembler(1_000_000).assemble([jpeg.getvalue()])


def a_jpeg(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


def attachment_url(portal: PortalSimulator, sha: str) -> str:
    return f"{portal.base_url}/api/v1/attachments/{sha}"


def test_a_pdf_attachment_is_taken_as_the_contract_says(contract_portal, credential):
    pdf = a_paper_pdf("HOP DONG THUE NHA")
    sha = hashlib.sha256(pdf).hexdigest()
    case = ATTACHMENT.Case(path_parameters={"sha256": sha}, body=pdf, media_type="application/pdf")
    auth = {"Authorization": f"Bearer {credential}"}

    first = case.call(base_url=contract_portal.base_url, headers=auth)
    case.validate_response(first, headers=auth)
    again = case.call(base_url=contract_portal.base_url, headers=auth)
    case.validate_response(again, headers=auth)

    assert "application/pdf" in MEDIA_TYPES
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == {"sha256": sha, "size": len(pdf)}
    held = contract_portal.attachment(sha)
    assert held is not None
    assert (held.content, held.content_type) == (pdf, "application/pdf")


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("bytes that hash to another name", 422),
        ("more than 10 MB", 413),
        ("a JPEG sent as a PDF", 422),
        ("a type the contract does not list", 415),
    ],
)
def test_an_attachment_the_portal_cannot_take_is_refused_as_the_contract_says(
    contract_portal, credential, name, status
):
    pdf = a_paper_pdf(name)
    sha = hashlib.sha256(pdf).hexdigest()
    content, content_type = pdf, "application/pdf"
    if name == "bytes that hash to another name":
        content = pdf + b"\n"
    elif name == "more than 10 MB":
        content = pdf + bytes(10_000_001 - len(pdf))
        sha = hashlib.sha256(content).hexdigest()
    elif name == "a JPEG sent as a PDF":
        content = a_jpeg("grey")
        sha = hashlib.sha256(content).hexdigest()
    else:
        content_type = "text/plain"
    headers = {"Authorization": f"Bearer {credential}", "Content-Type": content_type}

    answer = httpx.put(attachment_url(contract_portal, sha), content=content, headers=headers)

    assert answer.status_code == status
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    case = ATTACHMENT.Case(
        path_parameters={"sha256": sha}, body=content, media_type="application/octet-stream"
    )
    case.validate_response(answer, excluded_checks=[positive_data_acceptance])
    assert contract_portal.attachment(sha) is None


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (a_paper_pdf("GIAY XAC NHAN"), "application/pdf"),
        (a_jpeg("navy"), "image/jpeg"),
        (b"%PDF without its dash, or any other bytes", "application/octet-stream"),
    ],
    ids=["pdf", "jpeg", "other"],
)
def test_the_client_sends_each_attachment_as_a_type_the_contract_lists(
    contract_portal, credential, content, media_type
):
    client = PortalClient(contract_portal.base_url, credential=credential)
    sha = hashlib.sha256(content).hexdigest()
    try:
        assert client.put_attachment(sha, content) == Stored(sha)
    finally:
        client.close()

    held = contract_portal.attachment(sha)
    assert held is not None
    assert (held.content, held.content_type) == (content, media_type)
    assert media_type in MEDIA_TYPES


# --- issue 16: the public look-up, payments, ratings, result delivery and notifications ----
# Every answer below is checked against the contract (status, headers, body schema), and the
# simulator runs as the real portal would: every kiosk enrolled, each with its own credential.
PERSONAL = ("Nguyễn Thị Hoa", "001190004321", "0987654321", "Ngõ 5 Láng Hạ")
"""What the submissions below carry about their (fictitious) resident."""


def conforms(path: str, method: str, response: httpx.Response, **case: Any) -> None:
    """``response`` is one the contract allows for this operation (asked with the
    credential the request carried)."""
    operation = schema[path][method]
    auth = {"Authorization": response.request.headers.get("Authorization", "")}
    operation.Case(**case).validate_response(
        response, headers=auth, excluded_checks=[positive_data_acceptance]
    )


def enrolled(portal: PortalSimulator) -> tuple[str, dict[str, str]]:
    """A newly enrolled kiosk's id and the headers that carry its credential."""
    client = PortalClient(portal.base_url)
    try:
        answer = client.enrol(portal.issue_enrolment_code())
    finally:
        client.close()
    assert isinstance(answer, tuple)
    return answer[0], {"Authorization": f"Bearer {answer[1]}"}


def a_dossier(portal: PortalSimulator, auth: dict[str, str], **extra: object) -> httpx.Response:
    """Submit a dossier of a (fictitious) resident with this kiosk's credential."""
    tracking = f"HN-{hashlib.sha256(repr(sorted(extra.items())).encode()).hexdigest()[:4]}"
    body: dict[str, object] = {
        "local_id": hashlib.sha256(str(len(portal.requests())).encode()).hexdigest()[:26],
        "tracking_code": f"{tracking.upper()}-{len(portal.requests()):04d}",
        "procedure": {"code": "1.001234", "version": 3},
        "applicant": {"full_name": PERSONAL[0], "id_number": PERSONAL[1]},
        "answers": {"stay_address": PERSONAL[3]},
        "fee_vnd": 15000,
        **extra,
    }
    return httpx.post(
        f"{portal.base_url}/api/v1/submissions",
        json=body,
        headers={**auth, "Idempotency-Key": str(body["local_id"])},
    )


POST_DELIVERY = {"method": "post", "postal_address": PERSONAL[3]}
CONSENT = {"channel": "zalo", "phone": PERSONAL[2], "consent_at": "2026-11-30T09:15:00+07:00"}


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        ({}, 201),
        ({"result_delivery": {"method": "office"}}, 201),
        ({"result_delivery": {"method": "electronic"}}, 201),
        ({"result_delivery": POST_DELIVERY, "notification": CONSENT}, 201),
        ({"notification": {**CONSENT, "channel": "sms"}}, 201),
        ({"result_delivery": {"method": "post"}}, 422),
        ({"result_delivery": {"method": "office", "postal_address": PERSONAL[3]}}, 422),
        ({"result_delivery": {"method": "pigeon"}}, 422),
        ({"notification": {**CONSENT, "phone": "12345"}}, 422),
        ({"notification": {**CONSENT, "channel": "email"}}, 422),
        ({"notification": {"channel": "sms", "phone": PERSONAL[2]}}, 422),
    ],
    ids=[
        "neither (as before)",
        "office",
        "electronic",
        "post with its address, and zalo",
        "sms",
        "post without an address",
        "an address without post",
        "an unknown method",
        "not a mobile number",
        "an unknown channel",
        "no consent time",
    ],
)
def test_a_submission_carries_the_result_delivery_and_notification_the_contract_allows(
    contract_portal, extra, status
):
    _kiosk, auth = enrolled(contract_portal)
    answer = a_dossier(contract_portal, auth, **extra)
    assert answer.status_code == status, answer.text
    conforms(
        "/api/v1/submissions",
        "POST",
        answer,
        body={},
        media_type="application/json",
        headers={"Idempotency-Key": "k"},
    )


def test_any_enrolled_kiosk_looks_up_another_kiosks_dossier_without_personal_data(
    contract_portal,
):
    _a, kiosk_a = enrolled(contract_portal)
    _b, kiosk_b = enrolled(contract_portal)
    made = a_dossier(contract_portal, kiosk_a, result_delivery=POST_DELIVERY, notification=CONSENT)
    assert made.status_code == 201
    code = made.json()["tracking_code"]
    url = f"{contract_portal.base_url}/api/v1/tracking"

    answer = httpx.post(url, json={"tracking_code": code}, headers=kiosk_b)

    assert answer.status_code == 200
    conforms("/api/v1/tracking", "POST", answer, body={}, media_type="application/json")
    public = answer.json()
    assert public["tracking_code"] == code and public["procedure_code"] == "1.001234"
    assert public["status"] == "received" and public["history"][0]["status"] == "received"
    assert (public["payment_status"], public["result_delivery"]) == ("none", "post")
    for personal in PERSONAL:
        assert personal not in answer.text

    for body, status in (
        ({"tracking_code": "HN-0000-0000"}, 404),
        ({"tracking_code": "HN 0000/0000"}, 422),
        ({"tracking_code": code, "full_name": PERSONAL[0]}, 422),
    ):
        refused = httpx.post(url, json=body, headers=kiosk_b)
        assert refused.status_code == status
        conforms("/api/v1/tracking", "POST", refused, body=body, media_type="application/json")
    nobody = httpx.post(url, json={"tracking_code": code})
    assert nobody.status_code == 401 and "WWW-Authenticate" in nobody.headers


def test_a_payment_is_requested_once_per_dossier_and_reported_paid(contract_portal):
    _kiosk, auth = enrolled(contract_portal)
    code = a_dossier(contract_portal, auth, result_delivery={"method": "office"}).json()[
        "tracking_code"
    ]
    base = contract_portal.base_url
    ask = {"tracking_code": code, "amount_vnd": 15000}

    first = httpx.post(f"{base}/api/v1/payments", json=ask, headers=auth)
    again = httpx.post(f"{base}/api/v1/payments", json=ask, headers=auth)
    other = httpx.post(f"{base}/api/v1/payments", json={**ask, "amount_vnd": 20000}, headers=auth)

    for answer in (first, again, other):
        conforms("/api/v1/payments", "POST", answer, body=ask, media_type="application/json")
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    payment = first.json()
    assert again.json() == payment
    assert payment["amount_vnd"] == 15000 and code in payment["purpose"]
    assert payment["status"] == "pending" and "paid_at" not in payment
    status_url = f"{base}/api/v1/payments/{payment['payment_id']}"
    pending = httpx.get(status_url, headers=auth)
    conforms(
        "/api/v1/payments/{payment_id}",
        "GET",
        pending,
        path_parameters={"payment_id": payment["payment_id"]},
    )
    assert pending.json()["status"] == "pending"

    hook = httpx.post(f"{base}/sim/payments/{payment['payment_id']}/paid")
    assert hook.status_code == 200
    paid = httpx.get(status_url, headers=auth)
    conforms(
        "/api/v1/payments/{payment_id}",
        "GET",
        paid,
        path_parameters={"payment_id": payment["payment_id"]},
    )
    assert paid.json()["status"] == "paid" and paid.json()["paid_at"]
    looked = httpx.post(f"{base}/api/v1/tracking", json={"tracking_code": code}, headers=auth)
    looked = looked.json()
    assert (looked["payment_status"], looked["paid_at"]) == ("paid", paid.json()["paid_at"])


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"tracking_code": "HN-ZZZZ-ZZZZ", "amount_vnd": 15000}, 404),
        ({"amount_vnd": 15000}, 422),
        ({"tracking_code": "{code}", "amount_vnd": 0}, 422),
        ({"tracking_code": "{code}", "amount_vnd": 14000}, 422),
        ({"tracking_code": "{code}", "amount_vnd": 15000, "phone": PERSONAL[2]}, 422),
    ],
    ids=["an unknown dossier", "no code", "nothing to pay", "not its fee", "an extra field"],
)
def test_a_payment_the_portal_cannot_take_is_refused_as_the_contract_says(
    contract_portal, body, status
):
    _kiosk, auth = enrolled(contract_portal)
    code = a_dossier(contract_portal, auth).json()["tracking_code"]
    body = {k: (code if v == "{code}" else v) for k, v in body.items()}
    answer = httpx.post(f"{contract_portal.base_url}/api/v1/payments", json=body, headers=auth)
    assert answer.status_code == status, answer.text
    conforms("/api/v1/payments", "POST", answer, body=body, media_type="application/json")
    missing = httpx.get(f"{contract_portal.base_url}/api/v1/payments/PAY-NONE", headers=auth)
    assert missing.status_code == 404


RATING = {
    "score": 4,
    "reasons": ["quick", "easy_to_use"],
    "procedure_code": "1.001234",
    "day": "2026-11-30",
}


def test_a_rating_is_taken_once_under_its_key(contract_portal):
    kiosk, auth = enrolled(contract_portal)
    body = {**RATING, "kiosk_id": kiosk}
    url = f"{contract_portal.base_url}/api/v1/ratings"
    headers = {**auth, "Idempotency-Key": "5f0c6a8e2b7d4c1e9a3b8d7c6e5f4a3b"}

    first = httpx.post(url, json=body, headers=headers)
    again = httpx.post(url, json=body, headers=headers)
    changed = httpx.post(url, json={**body, "score": 1}, headers=headers)

    for answer in (first, again, changed):
        conforms(
            "/api/v1/ratings",
            "POST",
            answer,
            body=body,
            media_type="application/json",
            headers={"Idempotency-Key": "k"},
        )
    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 409)
    assert first.json() == again.json()
    assert contract_portal.ratings().count(body) == 1


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"dossier_code": "HNI-20261130-000001"}, 422),
        ({"tracking_code": "HN-7K3M-Q9PD"}, 422),
        ({"day": "2026-11-30T09:15:00+07:00"}, 422),
        ({"created_at": "2026-11-30T09:15:00+07:00"}, 422),
        ({"phone": PERSONAL[2]}, 422),
        ({"score": 6}, 422),
        ({"score": 0}, 422),
        ({"reasons": ["rude_staff"]}, 422),
        ({"reasons": ["quick", "quick"]}, 422),
        ({"kiosk_id": "HN-KIOSK-999999"}, 403),
        ({"Idempotency-Key": None}, 400),
    ],
    ids=[
        "a dossier code",
        "a tracking code",
        "a time finer than the day",
        "a creation time",
        "a phone",
        "a score above 5",
        "a score below 1",
        "a reason off the list",
        "a reason twice",
        "another kiosk's id",
        "no key",
    ],
)
def test_a_rating_that_could_name_someone_or_is_off_the_scale_is_refused(
    contract_portal, change, status
):
    kiosk, auth = enrolled(contract_portal)
    body = {**RATING, "kiosk_id": kiosk, **change}
    headers = {**auth, "Idempotency-Key": hashlib.sha256(repr(change).encode()).hexdigest()[:32]}
    if "Idempotency-Key" in change:
        body.pop("Idempotency-Key")
        headers.pop("Idempotency-Key")
    before = len(contract_portal.ratings())

    answer = httpx.post(f"{contract_portal.base_url}/api/v1/ratings", json=body, headers=headers)

    assert answer.status_code == status, answer.text
    conforms(
        "/api/v1/ratings",
        "POST",
        answer,
        body=body,
        media_type="application/json",
        headers={"Idempotency-Key": "k"},
    )
    assert len(contract_portal.ratings()) == before


def test_the_portal_messages_only_residents_who_consented(contract_portal):
    _kiosk, auth = enrolled(contract_portal)
    told = a_dossier(contract_portal, auth, notification=CONSENT).json()["tracking_code"]
    silent = a_dossier(contract_portal, auth, result_delivery={"method": "office"}).json()[
        "tracking_code"
    ]
    sent = contract_portal.notifications()
    mine = [m for m in sent if m["tracking_code"] == told]
    assert [(m["channel"], m["phone"], m["status"]) for m in mine] == [
        ("zalo", PERSONAL[2], "received")
    ]
    assert told in mine[0]["text"]
    assert not [m for m in sent if m["tracking_code"] == silent]
