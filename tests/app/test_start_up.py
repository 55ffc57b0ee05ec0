"""The staged start-up of ``kiosk run`` / ``kiosk demo`` (:mod:`kiosk.app.start_up`): the home
screen's first frame comes before the back-end (outbox, portal client, devices), which
follows it; what a resident does in between is kept; systemd hears ``READY=1`` only once
the kiosk can take a resident.

The back-end is the real demo one (SQLite outbox, portal simulator on 127.0.0.1); the tests
hold it back at a gate, so "before" and "after" are states the test makes, never timings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.app import start_up
from kiosk.app.start_up import StagedScreen, start_on_screen
from kiosk.app.systemd_notify import READY
from kiosk.app.watchdog import BACKEND_STARTING_STATUS
from kiosk.paths import CONFIG_DIR
from kiosk.paths import PROCEDURES_DIR as PROCEDURES
from kiosk.ports import QueueUnavailableError
from kiosk.settings import PROJECT_ROOT
from kiosk.submission import Submission
from tests.notify_socket import NotifySocket
from tests.sample_submission import fresh_submission

ENV = {"KIOSK_METRICS__ENABLED": "false"}
WAIT_MS = 60_000
KIOSK = Path(sys.executable).with_name("kiosk")


class Gate:
    """Holds the back-end's start until the test opens it."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.reached = threading.Event()

    def open(self) -> None:
        self.opened.set()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Gate:
    held = Gate()
    build = start_up._build_backend

    def gated(*args: object, **kwargs: object) -> object:
        held.reached.set()
        held.opened.wait(WAIT_MS / 1000)
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(start_up, "_build_backend", gated)
    return held


@pytest.fixture
def start(qapp, tmp_path: Path) -> Iterator[Callable[..., StagedScreen]]:
    screens: list[StagedScreen] = []

    def start_(environ: dict[str, str] | None = None) -> StagedScreen:
        screens.append(
            start_on_screen(
                "demo", tmp_path / "data", environ={**ENV, **(environ or {})}, headless=True
            )
        )
        return screens[-1]

    yield start_
    for screen in screens:
        screen.close()


def submission(kiosk_id: str) -> Submission:
    return fresh_submission(
        kiosk_id, {"full_name": "Nguyễn Thị Lan", "id_number": "001190000001"}, {"stay_months": "6"}
    )


def test_the_home_screen_is_drawn_before_the_backend_which_then_comes_up(
    start, gate: Gate, qtbot
) -> None:
    screen = start()
    qtbot.waitUntil(lambda: screen.service.frame_shown, timeout=WAIT_MS)
    assert screen.bridge.property("screen") == "home"
    assert gate.reached.wait(WAIT_MS / 1000)  # the back-end's start began after the frame
    assert screen.app is None
    assert not screen.pending.attached

    gate.open()
    qtbot.waitUntil(screen.backend_up.is_set, timeout=WAIT_MS)
    assert screen.app is not None
    assert screen.pending.attached
    assert screen.bridge.session.kiosk_id == screen.app.client.kiosk_id
    assert screen.bridge.property("screen") == "home"


def test_taps_before_the_backend_is_up_are_kept(start, gate: Gate, qtbot) -> None:
    screen = start()
    qtbot.waitUntil(lambda: screen.service.frame_shown, timeout=WAIT_MS)
    assert gate.reached.wait(WAIT_MS / 1000)
    # The procedure list is read after the first frame, before the back-end's start.
    assert len(screen.bridge.session.catalogue.procedures) == len(list(PROCEDURES.glob("*.toml")))
    code = screen.bridge.session.catalogue.procedures[0].code

    screen.bridge.start()  # the resident taps Start at once
    screen.bridge.chooseProcedure(code)
    assert screen.app is None
    assert screen.bridge.property("screen") == "intro"

    gate.open()
    qtbot.waitUntil(screen.backend_up.is_set, timeout=WAIT_MS)
    assert screen.bridge.property("screen") == "intro"
    assert screen.bridge.session.procedure is not None
    assert screen.bridge.session.procedure.code == code


def test_a_submission_queued_before_the_backend_is_up_waits_and_is_committed(
    start, gate: Gate, qtbot
) -> None:
    screen = start()
    qtbot.waitUntil(lambda: screen.service.frame_shown, timeout=WAIT_MS)
    sent = submission(screen.bridge.session.kiosk_id)
    outcome: list[BaseException | None] = []

    def queue() -> None:  # as the confirmation screen does: off the GUI thread
        try:
            screen.pending.ports.queue.queue(sent, {})
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            outcome.append(exc)

    thread = threading.Thread(target=queue)
    thread.start()
    thread.join(0.2)
    assert thread.is_alive(), "the queueing did not wait for the outbox"

    gate.open()
    qtbot.waitUntil(lambda: bool(outcome), timeout=WAIT_MS)
    assert outcome == [None]
    assert screen.app is not None
    record = screen.app.outbox.get(sent.local_id)
    assert record is not None
    assert record.tracking_code == sent.tracking_code


def test_a_camera_asked_for_before_the_backend_is_started_when_it_comes(
    start, gate: Gate, qtbot
) -> None:
    screen = start()
    qtbot.waitUntil(lambda: screen.service.frame_shown, timeout=WAIT_MS)
    payloads: list[str] = []
    screen.pending.ports.qr.start(payloads.append)  # the identify screen opened at once

    gate.open()
    qtbot.waitUntil(screen.backend_up.is_set, timeout=WAIT_MS)
    assert screen.app is not None
    # the demo camera, started on the resident's behalf, reads the ID card it shows
    qtbot.waitUntil(lambda: bool(payloads), timeout=WAIT_MS)
    screen.pending.ports.qr.stop()


def test_ready_is_told_only_once_the_backend_is_up(
    start, gate: Gate, qtbot, tmp_path: Path
) -> None:
    systemd = NotifySocket(tmp_path / "notify")
    try:
        screen = start({"NOTIFY_SOCKET": systemd.address})
        qtbot.waitUntil(lambda: screen.service.frame_shown, timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda: (
                systemd.drain() is not None
                and systemd.count("STATUS=" + BACKEND_STARTING_STATUS) == 1
            ),
            timeout=WAIT_MS,
        )
        assert systemd.count(READY) == 0  # the home screen shows, the outbox is not open

        gate.open()
        qtbot.waitUntil(lambda: systemd.drain() is not None and systemd.count(READY) == 1)
        assert screen.pending.attached
    finally:
        systemd.close()


class FakeQtExit:
    """Stands in for ``QCoreApplication`` in the start-up module: records the exit asked."""

    def __init__(self) -> None:
        self.exits: list[int] = []

    def exit(self, status: int) -> None:
        self.exits.append(status)


def test_a_backend_that_fails_stops_the_kiosk_and_ends_the_waiting_calls_as_unavailable(
    start, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    qt = FakeQtExit()
    monkeypatch.setattr(start_up, "QCoreApplication", qt)
    monkeypatch.setattr(start_up, "_build_backend", lambda *_: RuntimeError("the disk is gone"))
    screen = start()
    qtbot.waitUntil(lambda: screen.exit_status is not None, timeout=WAIT_MS)
    assert qt.exits == [start_up.BACKEND_ERROR_EXIT]
    assert "the disk is gone" in screen.error
    with pytest.raises(QueueUnavailableError):
        screen.pending.ports.queue.queue(submission("HN-KIOSK-DEMO"), {})
    assert not screen.service.ready  # no READY=1: systemd restarts a kiosk that never came up


def test_procedure_files_that_do_not_load_stop_the_kiosk_after_the_first_frame(
    start, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    (config / "procedures" / "broken.toml").write_text("code = [\n", encoding="utf-8")
    monkeypatch.setattr(start_up, "CONFIG_DIR", config)
    qt = FakeQtExit()
    monkeypatch.setattr(start_up, "QCoreApplication", qt)
    built: list[object] = []
    monkeypatch.setattr(start_up, "_build_backend", lambda *args: built.append(args))
    screen = start()
    qtbot.waitUntil(lambda: screen.exit_status is not None, timeout=WAIT_MS)
    assert screen.service.frame_shown
    assert qt.exits == [start_up.BACKEND_ERROR_EXIT]
    assert "broken.toml" in screen.error
    assert built == []  # no back-end over a kiosk that has no procedures to offer
    assert not screen.service.ready


def _kiosk_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "NOTIFY_"))}
    env.update(QT_QPA_PLATFORM="offscreen", KIOSK_METRICS__ENABLED="false")
    return env


def test_a_configuration_error_stops_the_kiosk_after_the_first_frame_with_its_message(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site.toml"
    site.write_text("[ui]\nwidth = -5\n", encoding="utf-8")
    done = subprocess.run(
        [str(KIOSK), "--config", str(site), "demo", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=_kiosk_env(tmp_path),
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "kiosk: configuration error" in done.stderr
    assert "ui.width" in done.stderr


FIRST_FRAME_PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from kiosk.app import start_up

seen = []
build = start_up._build_backend

def recording(*args):
    # the first thing the start-up thread does, after the first frame: what is loaded then
    seen.append(sorted(sys.modules))
    return build(*args)

start_up._build_backend = recording
screen = start_up.start_on_screen("demo", Path(sys.argv[1]), environ={}, headless=True)
at_frame = []
screen.service.first_frame_shown.connect(lambda: at_frame.append(sorted(sys.modules)))
while not seen:
    QCoreApplication.processEvents()
assert screen.service.frame_shown
print("FRAME", " ".join(at_frame[0]))
print("LOADED", " ".join(seen[0]))
"""
DEFERRED = (
    "sqlalchemy",
    "alembic",
    "httpx",
    "cv2",
    "numpy",
    "escpos",
    "PIL",
    "zxingcpp",
    "pydantic",
)


def test_only_qt_the_screens_and_the_core_load_before_the_first_frame(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_PROBE, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=_kiosk_env(tmp_path),
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("LOADED ")), None)
    assert line is not None, done.stderr[-2000:]
    loaded = set(line.split()[1:])
    roots = {name.partition(".")[0] for name in loaded}
    assert roots.isdisjoint(DEFERRED), sorted(roots & set(DEFERRED))
    assert not {"sync.outbox", "sync.portal_client", "hardware.camera"} & loaded
    # Drawn without the procedure files, the PIN's hashing, the camera's picture item, or
    # the technician's health and self-test.
    frame = next(x for x in done.stdout.splitlines() if x.startswith("FRAME ")).split()[1:]
    assert {"ui.session_bridge", "kiosk.session"} <= set(frame)
    late = {"kiosk.catalogue_store", "kiosk.procedure_file", "ui.camera_view", "kiosk.health"}
    assert not (late | {"kiosk.selftest"}) & set(frame)
    assert "argon2" not in {name.partition(".")[0] for name in frame}
    # Nor the views of the screens after the home screen, the technician's, `import Kiosk`,
    # nor Qt's style module (the style is named in the environment).
    views = {"ui.catalogue_view", "ui.confirmation_view", "ui.form_view", "ui.identify_view"}
    views |= {"ui.lookup_view", "ui.result_choice_view", "ui.camera_feed", "ui.memory_image"}
    views |= {"ui.technician_view", "kiosk.technician", "ui.qml_enums", "kiosk.dossier_lookup"}
    assert not (views | {"PySide6.QtQuickControls2"}) & set(frame)
    assert views <= loaded  # made once the home screen is up
