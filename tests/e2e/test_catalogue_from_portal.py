"""The kiosk asks the portal (simulator, on 127.0.0.1) for its catalogue: a new version is
taken for the next resident and kept on disk; a malformed one is refused and the old one
stays in use."""

import copy
from typing import Any

from kiosk.app.on_screen import OnScreen
from kiosk.app.wiring import build_app
from kiosk.procedure_file import procedure_documents
from kiosk.settings import CONFIG_DIR, load_settings
from sync.catalogue_refresh import RefreshResult


def shipped_documents() -> list[dict[str, Any]]:
    return procedure_documents(CONFIG_DIR / "procedures")


def tam_tru_version(screen: OnScreen) -> int:
    procedure = screen.app.catalogue_store.catalogue.get("dang-ky-tam-tru")
    assert procedure is not None
    return procedure.version


def test_a_new_catalogue_is_used_and_a_malformed_one_refused(qtbot, on_screen: OnScreen, tmp_path):
    app = on_screen.app
    assert app.portal_simulator is not None
    refresher = app.catalogue_refresher
    # The refresher asked once at start; either way the kiosk now has the portal's copy.
    assert refresher.refresh_once() in (RefreshResult.UPDATED, RefreshResult.NOT_MODIFIED)
    assert app.catalogue_store.version.source == "portal"
    assert tam_tru_version(on_screen) == 2
    assert refresher.refresh_once() is RefreshResult.NOT_MODIFIED

    newer = copy.deepcopy(shipped_documents())
    for doc in newer:
        if doc["code"] == "dang-ky-tam-tru":
            doc["version"] = 3
    app.portal_simulator.set_catalogue({"procedures": newer})
    assert refresher.refresh_once() is RefreshResult.UPDATED
    assert tam_tru_version(on_screen) == 3
    # The screen's session takes it for the next procedure chosen.
    qtbot.waitUntil(lambda: on_screen.bridge.session.catalogue is app.catalogue_store.catalogue)
    good_etag = app.catalogue_store.etag

    broken = copy.deepcopy(newer)
    broken[0]["questions"][0]["type"] = "hologram"
    for served in ({"procedures": broken}, {"procedures": "none"}, ["not", "a", "catalogue"]):
        app.portal_simulator.set_catalogue(served)
        assert refresher.refresh_once() is RefreshResult.REJECTED
        assert tam_tru_version(on_screen) == 3 and app.catalogue_store.etag == good_etag

    # After a restart the kiosk starts from the last good copy, not the shipped files.
    again = build_app(load_settings(environ={}), "demo", tmp_path)
    try:
        assert again.catalogue_store.version.source == "portal"
        procedure = again.catalogue_store.catalogue.get("dang-ky-tam-tru")
        assert procedure is not None and procedure.version == 3
    finally:
        again.stop()
