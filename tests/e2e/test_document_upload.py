"""A three-page paper goes through the outbox to the portal as one PDF, intact (issue 18).

Three pages are photographed (synthetic photos of paper), flattened by the real pipeline and
encoded as the camera encodes them. The kiosk is built as ``kiosk demo`` builds it: its
configuration (the ``[documents]`` limit), the real SQLite outbox (encrypted at rest), the
real sync worker and the portal simulator on 127.0.0.1; the screens' ports over it are the
ones the window gets (``kiosk_ports``). Through them, as the session does, the pages become
one PDF (``documents``) and a submission that answers with the PDF's SHA-256 is queued with
it (``queue``); the worker sends it. The portal then holds the very bytes (their hash checked
again), a PDF of three pages that PDFium reads, uploaded before the submission that refers to
it; and the outbox's files on disk never held the PDF in the clear.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from pathlib import Path

import httpx

from kiosk.app.on_screen import kiosk_ports
from kiosk.app.wiring import build_app
from kiosk.settings import load_settings
from kiosk.submission import Submission, new_tracking_code, new_ulid
from tests.e2e.conftest import free_port
from tests.hardware.test_document_assembly import (
    SAME_PAGE,
    camera_pages,
    read_pdf,
    similarity,
    xref_is_exact,
)

COPY = "chung-thuc-ban-sao"
APPLICANT = {
    "full_name": "Trần Thị Mỹ Duyên",
    "id_number": "001184012345",
    "date_of_birth": "14/03/1984",
}


def copy_request(kiosk_id: str, document_sha256: str) -> Submission:
    """A request for certified copies whose paper is the document with this hash."""
    made = datetime.now(UTC)
    return Submission(
        local_id=new_ulid(made),
        tracking_code=new_tracking_code(),
        procedure_code=COPY,
        procedure_version=2,
        kiosk_id=kiosk_id,
        created_at=made,
        applicant=APPLICANT,
        answers={"original_photo": document_sha256, "copies": "2"},
        attachments=(document_sha256,),
    )


def raw_pieces(pdf: bytes, pages: list[bytes]) -> list[bytes]:
    """Pieces any plain copy of the PDF holds: its head, its catalogue, and 64 bytes from
    three places in each page's JPEG."""
    pieces = [pdf[:64], b"/Type /Catalog /Pages 2 0 R"]
    for jpeg in pages:
        quarter = len(jpeg) // 4
        pieces += [jpeg[at : at + 64] for at in (quarter, 2 * quarter, 3 * quarter)]
    return pieces


def in_the_clear(pdf: bytes, pages: list[bytes]) -> list[bytes]:
    """The raw pieces, and the JPEGs' pieces in base64 too."""
    raw = raw_pieces(pdf, pages)
    return raw + [base64.b64encode(piece)[8:72] for piece in raw[2:]]


def files_of(db_path: Path) -> bytes:
    """The outbox's database and its write-ahead log, as they are on disk."""
    return b"".join(
        path.read_bytes()
        for path in (db_path, db_path.with_name(db_path.name + "-wal"))
        if path.exists()
    )


def test_a_three_page_paper_reaches_the_portal_as_one_pdf_intact(qapp, tmp_path: Path) -> None:
    settings = load_settings(environ={"KIOSK_METRICS__PORT": str(free_port())})
    app = build_app(settings, "demo", tmp_path / "kiosk")
    try:
        portal = app.portal_simulator
        assert portal is not None
        ports = kiosk_ports(app)
        pages = camera_pages()

        pdf = ports.documents.assemble(pages)
        sha = hashlib.sha256(pdf).hexdigest()
        submission = copy_request(app.client.kiosk_id, sha)
        ports.queue.queue(submission, {sha: pdf})

        assert len(pdf) <= settings.documents.max_document_bytes
        stored = app.outbox.get(submission.local_id)
        assert stored is not None and stored.attachments == (sha,)
        plain = in_the_clear(pdf, pages)
        assert not [piece for piece in plain if piece in files_of(app.outbox.db_path)]

        assert app.worker.drain_once() == 1

        held = portal.attachment(sha)
        assert held is not None
        assert hashlib.sha256(held.content).hexdigest() == sha
        assert held.content == pdf
        assert held.content_type == "application/pdf"
        read = read_pdf(held.content, tmp_path)
        assert len(read) == 3
        for page, jpeg in zip(read, pages, strict=True):
            assert similarity(page, jpeg) >= SAME_PAGE
        assert xref_is_exact(held.content)

        (dossier,) = httpx.get(f"{portal.base_url}/sim/dossiers").json()["dossiers"]
        assert dossier["idempotency_key"] == submission.local_id
        assert dossier["body"]["attachments"] == [sha]
        assert dossier["body"]["answers"]["original_photo"] == sha
        asked = [(seen.method, seen.path) for seen in portal.requests()]
        upload = asked.index(("PUT", f"/api/v1/attachments/{sha}"))
        assert upload < asked.index(("POST", "/api/v1/submissions"))
        accepted = app.outbox.get(submission.local_id)
        assert accepted is not None and accepted.dossier_code == dossier["dossier_code"]
        assert not [piece for piece in plain if piece in files_of(app.outbox.db_path)]
        # the control: the portal's own file holds the PDF in the clear, and the pieces show it
        portal_file = tmp_path / "kiosk" / "portal" / "portal.sqlite3"
        assert all(piece in files_of(portal_file) for piece in raw_pieces(pdf, pages))
    finally:
        app.stop()


def test_the_kiosk_assembles_under_its_configured_limit(qapp, tmp_path: Path) -> None:
    pages = camera_pages() * 2  # six pages of the camera's, about 400 kB as they come
    roomy = load_settings(environ={"KIOSK_METRICS__PORT": str(free_port())})
    app = build_app(roomy, "demo", tmp_path / "roomy")
    try:
        as_given = kiosk_ports(app).documents.assemble(pages)
    finally:
        app.stop()
    limit = len(as_given) * 3 // 4
    assert limit >= 200_000  # the least the configuration allows
    tight = load_settings(
        environ={
            "KIOSK_METRICS__PORT": str(free_port()),
            "KIOSK_DOCUMENTS__MAX_DOCUMENT_BYTES": str(limit),
        }
    )
    app = build_app(tight, "demo", tmp_path / "tight")
    try:
        smaller = kiosk_ports(app).documents.assemble(pages)
    finally:
        app.stop()

    assert len(smaller) <= limit < len(as_given)
    assert len(read_pdf(smaller, tmp_path)) == 6
