"""The catalogue in use: shipped files, then the portal's copy once validated, kept on disk;
a bad copy is refused whole; a session finishes on the version it started with."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalogue_store import STORE_FILE, CatalogueStore
from kiosk.procedure_file import procedure_documents
from kiosk.procedures import Catalogue, CatalogueError
from kiosk.session import KioskSession, Screen
from kiosk.settings import CONFIG_DIR
from tests.audit_trail import AuditLog
from tests.fake_clock import FakeClock

from .test_session import answer_all, identity

TAM_TRU = "dang-ky-tam-tru"


def documents() -> list[dict[str, Any]]:
    return procedure_documents(CONFIG_DIR / "procedures")


def next_version(docs: list[dict[str, Any]], code: str = TAM_TRU) -> list[dict[str, Any]]:
    newer = copy.deepcopy(docs)
    for doc in newer:
        if doc["code"] == code:
            doc["version"] += 1
    return newer


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> CatalogueStore:
    return CatalogueStore(CONFIG_DIR, tmp_path, clock)


def version_of(store: CatalogueStore, code: str = TAM_TRU) -> int:
    procedure = store.catalogue.get(code)
    assert procedure is not None
    return procedure.version


def test_a_new_kiosk_uses_the_shipped_files(store: CatalogueStore):
    assert store.version.source == "shipped" and store.etag is None
    assert len(store.catalogue.procedures) == 10
    assert version_of(store) == 2


def test_the_portals_catalogue_is_used_and_kept_as_the_last_good_copy(
    store: CatalogueStore, tmp_path: Path, clock: FakeClock
):
    seen: list[Catalogue] = []
    store.on_change(seen.append)
    store.accept('"v3"', next_version(documents()))
    assert version_of(store) == 3 and store.etag == '"v3"'
    assert seen == [store.catalogue]
    # After a restart, the stored copy is used, with the ETag to ask the portal with.
    again = CatalogueStore(CONFIG_DIR, tmp_path, clock)
    assert version_of(again) == 3 and again.etag == '"v3"' and again.version.source == "portal"


def test_a_catalogue_that_does_not_validate_is_refused_and_the_old_one_kept(
    store: CatalogueStore, tmp_path: Path
):
    store.accept('"good"', next_version(documents()))
    stored = (tmp_path / STORE_FILE).read_bytes()
    bad = next_version(next_version(documents()))
    bad[3]["questions"][0]["type"] = "hologram"
    with pytest.raises(CatalogueError, match=r"catalogue from the portal: procedures\[3\]"):
        store.accept('"bad"', bad)
    assert version_of(store) == 3 and store.etag == '"good"'
    assert (tmp_path / STORE_FILE).read_bytes() == stored


@pytest.mark.parametrize(
    "content", ["{not json", json.dumps({"procedures": "no"}), json.dumps([1, 2])]
)
def test_a_damaged_stored_copy_falls_back_to_the_shipped_files(
    tmp_path: Path, clock: FakeClock, content: str
):
    (tmp_path / STORE_FILE).write_text(content, encoding="utf-8")
    store = CatalogueStore(CONFIG_DIR, tmp_path, clock)
    assert store.version.source == "shipped" and version_of(store) == 2


def test_a_session_started_on_version_n_finishes_on_n(store: CatalogueStore, clock: FakeClock):
    session = KioskSession(catalogue=store.catalogue, clock=clock, kiosk_id="HN-TEST-1")
    store.on_change(lambda catalogue: setattr(session, "catalogue", catalogue))
    session.start()
    session.choose_procedure(TAM_TRU)
    session.begin()
    session.consent(True)
    session.card_read(identity())
    store.accept('"v3"', next_version(documents()))  # arrives mid-session
    answer_all(session)
    assert session.screen is Screen.REVIEW
    assert session.submit().procedure_version == 2
    session.finish()
    session.start()
    session.choose_procedure(TAM_TRU)
    assert session.procedure is not None and session.procedure.version == 3


def test_each_catalogue_taken_from_the_portal_is_audited_with_the_version_it_replaced(
    tmp_path: Path, clock: FakeClock
):
    log = AuditLog(clock)
    store = CatalogueStore(CONFIG_DIR, tmp_path, clock, log)
    store.accept('"v3"', next_version(documents()))
    store.accept('W/"v4"', next_version(next_version(documents())))
    bad = next_version(documents())
    bad[0]["questions"][0]["type"] = "hologram"
    with pytest.raises(CatalogueError):
        store.accept('"bad"', bad)  # refused: nothing changed, nothing recorded

    assert log.fields() == [
        {"event": "catalogue.changed", "old_version": "shipped", "new_version": "v3", "count": 10},
        {"event": "catalogue.changed", "old_version": "v3", "new_version": "v4", "count": 10},
    ]
    assert CatalogueStore(CONFIG_DIR, tmp_path, clock).version.name == "v4"
