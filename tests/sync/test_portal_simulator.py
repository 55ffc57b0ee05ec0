"""The simulator plays the city portal over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json

import httpx

from sync.portal_simulator import PortalSimulator

KEY = "01JP97SD18RKSATG3HFBJREW42"


def body(**overrides: object) -> bytes:
    doc: dict[str, object] = {
        "local_id": KEY,
        "tracking_code": "HN-7K3M-Q9PD",
        "procedure": {"code": "1.001234", "version": 3},
        "applicant": {"full_name": "Trần Thị Bình"},
    }
    doc.update(overrides)
    return json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")


def post(base_url: str, content: bytes, key: str | None = KEY) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return httpx.post(f"{base_url}/api/v1/submissions", content=content, headers=headers)


def test_it_says_it_is_healthy(simulator):
    assert httpx.get(f"{simulator.base_url}/health").json() == {"status": "ok"}


def test_a_new_key_opens_a_dossier_that_can_be_looked_up(simulator):
    created = post(simulator.base_url, body())
    assert created.status_code == 201
    answer = created.json()
    assert answer["status"] == "received"
    assert answer["tracking_code"] == "HN-7K3M-Q9PD"
    code = answer["dossier_code"]
    assert code.startswith("HNI-") and code.endswith("-000001")

    looked_up = httpx.get(f"{simulator.base_url}/api/v1/submissions/{code}")
    assert looked_up.status_code == 200
    assert looked_up.json() == answer


def test_same_key_same_body_returns_the_same_dossier(simulator):
    first = post(simulator.base_url, body())
    second = post(simulator.base_url, body())
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert len(httpx.get(f"{simulator.base_url}/sim/dossiers").json()["dossiers"]) == 1


def test_same_key_different_body_is_a_conflict_problem(simulator):
    post(simulator.base_url, body())
    clash = post(simulator.base_url, body(answers={"changed": True}))
    assert clash.status_code == 409
    assert clash.headers["Content-Type"].startswith("application/problem+json")
    problem = clash.json()
    assert problem["status"] == 409
    assert problem["title"] == "Conflict"
    assert problem["type"] == "about:blank"
    assert "Idempotency-Key" in problem["detail"]


def test_a_post_without_an_idempotency_key_is_a_bad_request(simulator):
    assert post(simulator.base_url, body(), key=None).status_code == 400


def test_a_body_missing_required_fields_is_unprocessable(simulator):
    bare = json.dumps({"local_id": KEY, "procedure": {}}).encode()
    response = post(simulator.base_url, bare)
    assert response.status_code == 422
    assert "procedure.code" in response.json()["detail"]
    assert "tracking_code" in response.json()["detail"]


def test_an_unknown_dossier_is_a_404_problem(simulator):
    response = httpx.get(f"{simulator.base_url}/api/v1/submissions/HNI-20250101-999999")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_injected_faults_fail_the_next_posts_then_stop(simulator):
    simulator.inject_faults(2, status=503, retry_after_s=7)
    first, second, third = (post(simulator.base_url, body()) for _ in range(3))
    assert [first.status_code, second.status_code, third.status_code] == [503, 503, 201]
    assert first.headers["Retry-After"] == "7"


def test_dossiers_survive_a_restart_and_numbering_goes_on(tmp_path):
    sim = PortalSimulator(tmp_path / "portal", allow_unenrolled=True)
    sim.start()
    first = post(sim.base_url, body()).json()
    sim.stop()

    again = PortalSimulator(tmp_path / "portal", allow_unenrolled=True)
    again.start()
    try:
        dossiers = httpx.get(f"{again.base_url}/sim/dossiers").json()["dossiers"]
        assert [d["dossier_code"] for d in dossiers] == [first["dossier_code"]]
        assert dossiers[0]["body"] == json.loads(body())
        replay = post(again.base_url, body())
        assert replay.status_code == 200
        assert replay.json()["dossier_code"] == first["dossier_code"]
        other = post(again.base_url, body(local_id="X", tracking_code="HN-0000-0001"), key="X")
        assert other.json()["dossier_code"].endswith("-000002")
    finally:
        again.stop()


def test_a_client_gone_before_its_answer_leaves_no_traceback_but_a_bug_does(
    tmp_path, capfd
) -> None:
    # What http.server does when a handler raises: handle_error inside the except block. A
    # kiosk killed mid-request (the crash and load tests do it hundreds of times) is gone.
    with PortalSimulator(tmp_path / "portal", allow_unenrolled=True) as simulator:
        server = simulator._server
        assert server is not None
        for gone in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset")):
            try:
                raise gone
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert "Traceback" not in capfd.readouterr().err
        try:
            raise KeyError("a bug in the simulator")
        except KeyError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "KeyError: 'a bug in the simulator'" in capfd.readouterr().err
