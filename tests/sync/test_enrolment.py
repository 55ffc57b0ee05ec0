"""Enrolment: a one-time code becomes the kiosk's id and credential, kept in a 0600 file; from
then on every request carries the credential, and the portal refuses kiosks without one."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest

from kiosk.app.cli import run_command
from kiosk.app.parts import portal_client
from kiosk.app.wiring import build_app
from kiosk.settings import load_settings
from sync.enrolment import (
    AlreadyEnrolledError,
    Enrolment,
    EnrolmentFileError,
    load_enrolment,
    save_enrolment,
)
from sync.outbox import Outbox
from sync.portal_client import Accepted, PortalClient, Rejected, RetryLater
from sync.portal_simulator import PortalSimulator

from .conftest import TAM_TRU, parse

PAYLOAD = json.dumps(
    {
        "local_id": "01JP97SD18RKSATG3HFBJREW42",
        "tracking_code": "HN-7K3M-Q9PD",
        "procedure": {"code": "dang-ky-tam-tru", "version": 2},
    }
)


@pytest.fixture
def portal(tmp_path):
    """A portal that, like the real one, refuses unenrolled kiosks."""
    sim = PortalSimulator(tmp_path / "portal")
    sim.start()
    yield sim
    sim.stop()


def enrol_cli(portal: PortalSimulator, data: Path, settings, *extra: str, code: str = "") -> int:
    code = code or portal.issue_enrolment_code()
    argv = ["enrol", code, "--portal", portal.base_url, "--data-dir", str(data), *extra]
    result = run_command(parse(argv), settings)
    assert result is not None
    return result


def test_enrol_stores_the_id_and_credential_readable_only_by_the_kiosk(
    tmp_path, portal, settings, capsys, caplog
):
    caplog.set_level(logging.DEBUG)
    data = tmp_path / "kiosk"
    assert enrol_cli(portal, data, settings) == 0
    printed = json.loads(capsys.readouterr().out)
    path = data / "portal-credential.json"
    assert printed == {"kiosk_id": "HN-KIOSK-000001", "credential_path": str(path)}
    assert path.stat().st_mode & 0o777 == 0o600
    enrolment = load_enrolment(path)
    assert enrolment is not None
    assert enrolment.kiosk_id == "HN-KIOSK-000001"
    assert enrolment.portal == portal.base_url
    # The secret is in the file and nowhere else: not printed, not logged, not in a repr.
    assert enrolment.credential not in caplog.text
    assert enrolment.credential not in repr(enrolment)
    assert [k["kiosk_id"] for k in portal.kiosks()] == ["HN-KIOSK-000001"]


def test_an_existing_enrolment_is_kept_unless_forced(tmp_path, portal, settings, capsys):
    data = tmp_path / "kiosk"
    assert enrol_cli(portal, data, settings) == 0
    path = data / "portal-credential.json"
    before = path.read_bytes()
    spare = portal.issue_enrolment_code()
    capsys.readouterr()

    assert enrol_cli(portal, data, settings, code=spare) == 3
    assert "already enrolled as HN-KIOSK-000001" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert len(portal.kiosks()) == 1  # the portal was not asked: the code is still good

    assert enrol_cli(portal, data, settings, "--force", code=spare) == 0
    replaced = load_enrolment(path)
    assert replaced is not None and replaced.kiosk_id == "HN-KIOSK-000002"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_used_or_unknown_code_is_refused_and_nothing_is_stored(
    tmp_path, portal, settings, capsys
):
    code = portal.issue_enrolment_code()
    assert enrol_cli(portal, tmp_path / "a", settings, code=code) == 0
    capsys.readouterr()
    assert enrol_cli(portal, tmp_path / "b", settings, code=code) == 2
    assert "unknown or already used" in capsys.readouterr().err
    assert not (tmp_path / "b" / "portal-credential.json").exists()


def test_a_portal_that_cannot_be_reached_leaves_the_kiosk_unenrolled(tmp_path, settings, capsys):
    gone = PortalSimulator(tmp_path / "gone")
    url = gone.start()
    gone.stop()
    argv = ["enrol", "ABCD-EFGH", "--portal", url, "--data-dir", str(tmp_path)]
    assert run_command(parse(argv), settings) == 1
    assert "cannot be asked now" in capsys.readouterr().err
    assert load_enrolment(tmp_path / "portal-credential.json") is None


def test_the_credential_path_comes_from_the_configuration(tmp_path, portal, capsys):
    where = tmp_path / "secrets" / "kiosk.json"
    settings = load_settings(environ={"KIOSK_PORTAL__CREDENTIAL_PATH": str(where)})
    assert enrol_cli(portal, tmp_path / "data", settings) == 0
    assert where.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "data" / "portal-credential.json").exists()


def test_an_enrolled_kiosk_syncs_and_an_unenrolled_one_waits(
    tmp_path, portal, settings, make_submission
):
    unenrolled, enrolled = tmp_path / "unenrolled", tmp_path / "enrolled"
    queued = {}
    for data in (unenrolled, enrolled):
        box = Outbox(data / "outbox.sqlite3")
        queued[data] = box.enqueue(make_submission()).local_id
        box.close()
    assert enrol_cli(portal, enrolled, settings) == 0

    for data in (unenrolled, enrolled):
        argv = ["sync", "--until-empty", "--timeout", "1", "--portal", portal.base_url]
        run_command(parse([*argv, "--data-dir", str(data)]), settings)

    waiting, sent = Outbox(unenrolled / "outbox.sqlite3"), Outbox(enrolled / "outbox.sqlite3")
    try:
        late = waiting.get(queued[unenrolled])
        done = sent.get(queued[enrolled])
        refused = list(waiting.failures())
    finally:
        waiting.close()
        sent.close()
    # Refused credentials are not a refused submission: it waits, queued, with the reason.
    assert late is not None and late.state.value == "queued"
    assert (late.last_error or "").startswith("HTTP 401")
    assert refused == []
    assert done is not None and done.state.value == "accepted"
    (dossier,) = httpx.get(f"{portal.base_url}/sim/dossiers").json()["dossiers"]
    assert dossier["idempotency_key"] == queued[enrolled]
    # The heartbeat went out under the id the portal gave; the unenrolled one was refused.
    (kiosk,) = portal.kiosks()
    assert kiosk["kiosk_id"] == "HN-KIOSK-000001"
    assert kiosk["last_heartbeat"]["queue_depth"] == 1  # sent as the round began


def test_the_portal_client_is_built_from_the_stored_enrolment(tmp_path, settings):
    assert portal_client(settings, tmp_path, "https://portal.test").kiosk_id == settings.kiosk.id
    save_enrolment(tmp_path / "portal-credential.json", Enrolment("HN-KIOSK-000042", "s" * 43))
    client = portal_client(settings, tmp_path, "https://portal.test")
    assert client.kiosk_id == "HN-KIOSK-000042"
    client.close()


def test_every_request_carries_the_credential():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/heartbeat"):
            return httpx.Response(204)
        if request.url.path == "/api/v1/catalogue":
            return httpx.Response(304, headers={"ETag": '"x"'})
        return httpx.Response(201, json={"dossier_code": "HNI-1", "status": "received"})

    client = PortalClient(
        "https://portal.test",
        transport=httpx.MockTransport(handler),
        kiosk_id="HN-KIOSK-000001",
        credential="secret-credential",
    )
    assert client.submit("01JP97SD18RKSATG3HFBJREW42", PAYLOAD) == Accepted("HNI-1", "received")
    client.status("HNI-1")
    client.put_attachment("0" * 64, b"")
    client.heartbeat("HN-KIOSK-000001", 0, None)
    client.catalogue('"x"')
    client.close()
    assert len(seen) == 5
    assert {r.headers["Authorization"] for r in seen} == {"Bearer secret-credential"}


def test_the_strict_portal_refuses_missing_and_unknown_credentials(portal):
    for headers in ({}, {"Authorization": "Bearer not-a-real-one"}):
        answer = httpx.post(
            f"{portal.base_url}/api/v1/submissions",
            content=PAYLOAD,
            headers={"Idempotency-Key": "01JP97SD18RKSATG3HFBJREW42", **headers},
        )
        assert answer.status_code == 401
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
        assert answer.json()["status"] == 401
    assert httpx.get(f"{portal.base_url}/sim/dossiers").json()["dossiers"] == []


def test_a_credential_that_is_sent_is_checked_even_when_unenrolled_kiosks_are_welcome(
    simulator,
):
    client = PortalClient(simulator.base_url, credential="forged")
    outcome = client.submit("01JP97SD18RKSATG3HFBJREW42", PAYLOAD)
    client.close()
    assert isinstance(outcome, RetryLater)  # 401: a credential problem, not the dossier's
    assert outcome.reason.startswith("HTTP 401")


def test_a_refused_code_is_final_not_retried():
    client = PortalClient(
        "https://portal.test",
        transport=httpx.MockTransport(
            lambda _r: httpx.Response(403, json={"title": "Forbidden", "status": 403})
        ),
    )
    assert client.enrol("ABCD-EFGH") == Rejected("HTTP 403: Forbidden", 403)


def test_a_damaged_enrolment_file_is_named_and_never_quoted(tmp_path):
    path = tmp_path / "portal-credential.json"
    path.write_text('{"kiosk_id": "HN-KIOSK-1", "credential": ""}')
    with pytest.raises(EnrolmentFileError, match="credential"):
        load_enrolment(path)
    path.write_text("top-secret-but-not-json")
    with pytest.raises(EnrolmentFileError) as caught:
        load_enrolment(path)
    assert "top-secret" not in str(caught.value)


def test_saving_never_replaces_an_enrolment_by_accident(tmp_path):
    path = tmp_path / "portal-credential.json"
    save_enrolment(path, Enrolment("HN-KIOSK-1", "a" * 43))
    with pytest.raises(AlreadyEnrolledError):
        save_enrolment(path, Enrolment("HN-KIOSK-2", "b" * 43))
    again = load_enrolment(path)
    assert again is not None and again.kiosk_id == "HN-KIOSK-1"
    assert [p.name for p in tmp_path.iterdir()] == ["portal-credential.json"]  # no leftovers


def test_an_enrolled_kiosk_files_its_submissions_under_the_id_the_portal_gave(
    tmp_path, portal, settings, capsys
):
    data = tmp_path / "kiosk"
    assert enrol_cli(portal, data, settings) == 0
    form = tmp_path / "form.json"
    form.write_text(json.dumps(TAM_TRU, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert (
        run_command(parse(["outbox", "submit", str(form), "--data-dir", str(data)]), settings) == 0
    )
    local_id = capsys.readouterr().out.strip()
    outbox = Outbox(data / "outbox.sqlite3")
    record = outbox.get(local_id)
    outbox.close()
    assert record is not None
    assert json.loads(record.payload_json)["kiosk_id"] == "HN-KIOSK-000001"

    # The touch screen's sessions too (the composition root reads the same enrolment).
    app = build_app(settings, "demo", data)
    try:
        assert app.new_session().kiosk_id == "HN-KIOSK-000001"
    finally:
        app.stop()
