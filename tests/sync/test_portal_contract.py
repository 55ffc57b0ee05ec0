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
