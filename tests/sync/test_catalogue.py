"""The portal serves whole procedure documents under a strong ETag; the kiosk's refresher asks
for them on its own thread and hands new ones to the kiosk, which may refuse them."""

from __future__ import annotations

import logging
import threading
from typing import Any

import httpx
import pytest

from kiosk.procedure_file import procedure_documents
from kiosk.procedures import CatalogueError
from kiosk.settings import CONFIG_DIR
from sync.catalogue_refresh import CatalogueRefresher, RefreshResult
from sync.portal_client import (
    CatalogueDocuments,
    CatalogueMalformed,
    CatalogueNotModified,
    PortalClient,
)
from sync.portal_simulator import PortalSimulator

CATALOGUE = "/api/v1/catalogue"


def repo_documents() -> list[dict[str, Any]]:
    return procedure_documents(CONFIG_DIR / "procedures")


class Kiosk:
    """A stand-in for the kiosk's side: takes documents that name a code and a version."""

    def __init__(self) -> None:
        self.taken: list[tuple[str, list[Any]]] = []
        self.changed = threading.Event()

    def accept(self, etag: str, documents: list[Any]) -> None:
        for number, document in enumerate(documents):
            if not isinstance(document, dict) or not isinstance(document.get("code"), str):
                raise CatalogueError(f"catalogue from the portal: procedures[{number}]: no code")
            if not isinstance(document.get("version"), int):
                raise CatalogueError(
                    f"catalogue from the portal: procedures[{number}]: key 'version' is missing"
                )
        self.taken.append((etag, documents))
        self.changed.set()


@pytest.fixture
def client(simulator):
    portal = PortalClient(simulator.base_url, timeout_s=5.0)
    yield portal
    portal.close()


def test_the_portal_serves_the_repositorys_procedure_files_under_a_strong_etag(simulator):
    answer = httpx.get(simulator.base_url + CATALOGUE)
    assert answer.status_code == 200
    etag = answer.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert answer.json() == {"procedures": repo_documents()}

    again = httpx.get(simulator.base_url + CATALOGUE, headers={"If-None-Match": etag})
    assert (again.status_code, again.headers["ETag"], again.content) == (304, etag, b"")


def test_a_test_can_make_the_portal_serve_anything_verbatim_under_a_new_etag(simulator):
    old = simulator.catalogue_etag
    garbage = b'{"procedures": [{"code": 7}], "extra": true}'
    put = httpx.put(simulator.base_url + "/sim/catalogue", content=garbage)
    assert put.status_code == 200
    new = put.json()["etag"]
    assert new != old
    answer = httpx.get(simulator.base_url + CATALOGUE, headers={"If-None-Match": old})
    assert (answer.status_code, answer.content, answer.headers["ETag"]) == (200, garbage, new)
    assert httpx.put(simulator.base_url + "/sim/catalogue", content=b"not json").status_code == 400


def test_the_simulator_takes_a_directory_or_the_documents_themselves(tmp_path):
    procedures = tmp_path / "procedures"
    procedures.mkdir()
    (procedures / "b.toml").write_text('code = "b"\nversion = 2\nvalid_from = 2025-07-01\n')
    (procedures / "a.toml").write_text('code = "a"\nversion = 1\n')
    with PortalSimulator(tmp_path / "p1", catalogue=procedures, allow_unenrolled=True) as sim:
        served = httpx.get(sim.base_url + CATALOGUE).json()
    assert served == {
        "procedures": [
            {"code": "a", "version": 1},
            {"code": "b", "version": 2, "valid_from": "2025-07-01"},
        ]
    }
    documents = [{"code": "x", "version": 3}]
    with PortalSimulator(tmp_path / "p2", catalogue=documents, allow_unenrolled=True) as sim:
        assert httpx.get(sim.base_url + CATALOGUE).json() == {"procedures": documents}


def test_a_procedure_file_that_is_not_toml_is_named(tmp_path):
    (tmp_path / "broken.toml").write_text("code = \n")
    with pytest.raises(ValueError, match=r"broken\.toml"):
        PortalSimulator(tmp_path / "portal", catalogue=tmp_path)


def test_the_client_returns_the_raw_documents_then_not_modified(simulator, client):
    answer = client.catalogue()
    assert isinstance(answer, CatalogueDocuments)
    assert answer.etag == simulator.catalogue_etag
    assert answer.documents == repo_documents()
    assert client.catalogue(answer.etag) == CatalogueNotModified(answer.etag)


@pytest.mark.parametrize("body", [[1, 2], {"procedures": "all of them"}, {"other": []}])
def test_a_body_that_is_not_a_procedures_list_is_malformed(simulator, client, body):
    etag = simulator.set_catalogue(body)
    answer = client.catalogue()
    assert isinstance(answer, CatalogueMalformed)
    assert answer.etag == etag


def test_a_catalogue_that_is_not_json_is_malformed():
    client = PortalClient(
        "https://portal.test",
        transport=httpx.MockTransport(
            lambda _r: httpx.Response(200, content=b"<html>", headers={"ETag": '"e"'})
        ),
    )
    assert client.catalogue() == CatalogueMalformed('"e"', "the catalogue is not JSON")


def test_the_refresher_hands_a_new_catalogue_over_once(simulator, client):
    kiosk = Kiosk()
    refresher = CatalogueRefresher(client, kiosk.accept, interval_s=3600)
    assert refresher.refresh_once() is RefreshResult.UPDATED
    assert refresher.etag == simulator.catalogue_etag
    assert kiosk.taken == [(simulator.catalogue_etag, repo_documents())]
    assert refresher.refresh_once() is RefreshResult.NOT_MODIFIED
    assert len(kiosk.taken) == 1


def test_a_catalogue_the_kiosk_refuses_is_logged_and_asked_for_again(simulator, client, caplog):
    kiosk = Kiosk()
    refresher = CatalogueRefresher(client, kiosk.accept, interval_s=3600)
    refresher.refresh_once()
    good = refresher.etag
    bad = simulator.set_catalogue({"procedures": [{"code": "dang-ky-tam-tru"}]})

    with caplog.at_level(logging.WARNING, logger="sync.catalogue_refresh"):
        assert refresher.refresh_once() is RefreshResult.REJECTED
        assert refresher.refresh_once() is RefreshResult.REJECTED  # a 200 again, not a 304
    rejected = [r for r in caplog.records if getattr(r, "event", "") == "catalogue.rejected"]
    assert len(rejected) == 2
    assert "key 'version' is missing" in rejected[0].getMessage()
    assert getattr(rejected[0], "etag", None) == bad
    assert refresher.etag == good
    assert len(kiosk.taken) == 1  # the kiosk goes on with the good one

    fixed = simulator.set_catalogue({"procedures": [{"code": "dang-ky-tam-tru", "version": 3}]})
    assert refresher.refresh_once() is RefreshResult.UPDATED
    assert refresher.etag == fixed
    assert kiosk.taken[-1] == (fixed, [{"code": "dang-ky-tam-tru", "version": 3}])


def test_a_malformed_body_is_rejected_without_bothering_the_kiosk(simulator, client, caplog):
    kiosk = Kiosk()
    refresher = CatalogueRefresher(client, kiosk.accept, interval_s=3600, etag='"old"')
    simulator.set_catalogue(["not", "a", "catalogue"])
    with caplog.at_level(logging.WARNING, logger="sync.catalogue_refresh"):
        assert refresher.refresh_once() is RefreshResult.REJECTED
    assert kiosk.taken == []
    assert refresher.etag == '"old"'
    assert any(getattr(r, "event", "") == "catalogue.rejected" for r in caplog.records)


def test_a_portal_that_cannot_be_reached_is_asked_again_later(tmp_path, caplog):
    gone = PortalSimulator(tmp_path / "gone")
    url = gone.start()
    gone.stop()
    client = PortalClient(url, timeout_s=2.0)
    kiosk = Kiosk()
    refresher = CatalogueRefresher(client, kiosk.accept, interval_s=3600, etag='"mine"')
    with caplog.at_level(logging.WARNING, logger="sync.catalogue_refresh"):
        assert refresher.refresh_once() is RefreshResult.UNAVAILABLE
    client.close()
    assert refresher.etag == '"mine"'
    assert any(getattr(r, "event", "") == "catalogue.unavailable" for r in caplog.records)


def test_a_bug_in_accept_keeps_the_old_catalogue(simulator, client):
    def broken(_etag: str, _documents: list[Any]) -> None:
        raise KeyError("bug")

    refresher = CatalogueRefresher(client, broken, interval_s=3600, etag='"old"')
    assert refresher.refresh_once() is RefreshResult.REJECTED
    assert refresher.etag == '"old"'


def test_the_thread_asks_at_start_and_on_demand_and_stops_promptly(simulator):
    kiosk = Kiosk()
    made: list[PortalClient] = []

    def factory() -> PortalClient:
        made.append(PortalClient(simulator.base_url, timeout_s=5.0))
        return made[-1]

    # An hour between asks: only the first ask and refresh_now can make anything happen.
    refresher = CatalogueRefresher(factory, kiosk.accept, interval_s=3600)
    refresher.start()
    try:
        assert kiosk.changed.wait(timeout=30)
        kiosk.changed.clear()
        simulator.set_catalogue({"procedures": [{"code": "x", "version": 1}]})
        refresher.refresh_now()
        assert kiosk.changed.wait(timeout=30)
    finally:
        refresher.stop(timeout_s=10)
    assert refresher._thread is None  # joined well before the hour was up
    assert [documents for _, documents in kiosk.taken][-1] == [{"code": "x", "version": 1}]
    assert len(made) == 1
    assert made[0]._client.is_closed  # the refresher closed the client it made
