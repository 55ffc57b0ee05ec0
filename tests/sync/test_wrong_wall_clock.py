"""The kiosk works with a wrong wall clock (issue 17, "Clocks"), through real processes.

The installed ``kiosk`` command, and the kiosk's sync as it runs it (``wrong_clock_child.py``:
the real worker on its thread, the outbox and portal client built from the settings), run
under ``faketime`` (libfaketime, Debian package ``faketime``) with only the wall clock wrong
(``FAKETIME_DONT_FAKE_MONOTONIC=1``): two years behind, as a board with a dead RTC battery
boots before time synchronisation, and three days ahead. The portal simulator runs in this
process, on the true clock, on 127.0.0.1, so its ``Date`` header tells the truth. Submissions
queued with ``kiosk outbox submit`` reach the portal, heartbeats go out, the skew the client
measured and the one ``kiosk selftest`` reports match the offset, and the self-test says the
clock is wrong and what to do. A retry set an hour ahead before the clock went back two years
is sent at once, not in two years.

``kiosk sync`` is not run under faketime: it pauses with :func:`time.sleep`, which libfaketime
0.9.10 breaks in Python 3.11 when the monotonic clock is left true (wolfcw/libfaketime#426);
a real wrong clock does not.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync.portal_simulator import PortalSimulator
from tests.app.test_selftest import TlsFront
from tests.monitoring.certificates import Authority

from .conftest import TAM_TRU

KIOSK = Path(sys.executable).with_name("kiosk")
PROJECT = Path(__file__).resolve().parents[2]
CHILD = "tests.sync.wrong_clock_child"
HEARTBEAT_INTERVAL_S = 0.2
DAY_S = 86400
BEHIND_TWO_YEARS_S = -730 * DAY_S
AHEAD_THREE_DAYS_S = 3 * DAY_S
SKEW_TOLERANCE_S = 3.0
"""The Date header counts whole seconds, and the answer takes a moment to arrive."""

WRONG_CLOCKS = [
    pytest.param(BEHIND_TWO_YEARS_S, id="two-years-behind"),
    pytest.param(AHEAD_THREE_DAYS_S, id="three-days-ahead"),
]


@pytest.fixture(scope="module")
def faketime() -> str:
    path = shutil.which("faketime")
    if path is None:
        pytest.fail(
            "faketime is not installed: it comes with the Debian package faketime "
            "(libfaketime): apt-get install faketime"
        )
    return path


class WrongClockKiosk:
    """The installed ``kiosk`` command on one data directory, its wall clock ``offset_s``
    off (0: the true clock), its monotonic clock true."""

    def __init__(
        self,
        faketime: str,
        data_dir: Path,
        portal: str,
        offset_s: int,
        ca_file: Path | None = None,
    ) -> None:
        self.faketime = faketime
        self.data_dir = data_dir
        self.portal = portal
        self.offset_s = offset_s
        self.ca_file = ca_file

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``kiosk ARGS --data-dir DIR``."""
        return self._run([str(KIOSK), *args, "--data-dir", str(self.data_dir)])

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            "KIOSK_PORTAL__BASE_URL": self.portal,
            "PYTHONPATH": str(PROJECT),
            "QT_QPA_PLATFORM": "offscreen",
        }
        if self.ca_file is not None:
            env["KIOSK_PORTAL__CA_FILE"] = str(self.ca_file)
        if self.offset_s:
            argv = [self.faketime, "-f", f"{self.offset_s:+d}", *argv]
        return subprocess.run(
            argv, capture_output=True, text=True, env=env, cwd=PROJECT, timeout=120
        )

    def clocks_off_s(self) -> tuple[float, float]:
        """How far this kiosk's wall and monotonic clocks are from this process's."""
        code = "import time; print(time.time(), time.monotonic())"
        before = (time.time(), time.monotonic())
        done = self._run([sys.executable, "-c", code])
        after = (time.time(), time.monotonic())
        wall, monotonic = (float(v) for v in done.stdout.split())
        return wall - (before[0] + after[0]) / 2, monotonic - (before[1] + after[1]) / 2

    def submit(self, form: Path) -> str:
        done = self.run("outbox", "submit", str(form))
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def sync(self, heartbeats: int, timeout_s: float) -> dict[str, Any]:
        """Run the kiosk's sync until nothing is unsent and ``heartbeats`` were heard, or
        ``timeout_s`` passed; what it saw."""
        argv = [sys.executable, "-m", CHILD, self.portal, str(self.data_dir)]
        done = self._run([*argv, str(HEARTBEAT_INTERVAL_S), str(heartbeats), str(timeout_s)])
        assert done.returncode == 0, done.stderr
        report: dict[str, Any] = json.loads(done.stdout)
        return report

    def outbox_status(self) -> dict[str, Any]:
        done = self.run("outbox", "status")
        assert done.returncode == 0, done.stderr
        status: dict[str, Any] = json.loads(done.stdout)
        return status

    def selftest(self, name: str) -> dict[str, str]:
        """The check ``name`` of ``kiosk selftest``."""
        done = self.run("selftest", "--json")
        (check,) = [c for c in json.loads(done.stdout) if c["name"] == name]
        return dict(check)

    def clock_check(self) -> dict[str, str]:
        return self.selftest("clock")


@pytest.fixture
def form(tmp_path: Path) -> Path:
    path = tmp_path / "form.json"
    path.write_text(json.dumps(TAM_TRU, ensure_ascii=False), encoding="utf-8")
    return path


def dossier_keys(simulator: PortalSimulator) -> list[str]:
    dossiers = httpx.get(f"{simulator.base_url}/sim/dossiers").json()["dossiers"]
    return [d["idempotency_key"] for d in dossiers]


def measured_skew_s(check: dict[str, str]) -> float:
    found = re.search(r"([+-]\d+) s against the portal's clock", check["detail"])
    assert found, check["detail"]
    return float(found.group(1))


@pytest.mark.parametrize("offset_s", WRONG_CLOCKS)
def test_submissions_go_heartbeats_go_and_the_skew_is_reported(
    faketime: str, tmp_path: Path, simulator: PortalSimulator, form: Path, offset_s: int
):
    kiosk = WrongClockKiosk(faketime, tmp_path / "kiosk", simulator.base_url, offset_s)
    wall_off_s, monotonic_off_s = kiosk.clocks_off_s()
    assert wall_off_s == pytest.approx(offset_s, abs=SKEW_TOLERANCE_S)  # only the wall clock
    assert monotonic_off_s == pytest.approx(0, abs=SKEW_TOLERANCE_S)

    queued = [kiosk.submit(form), kiosk.submit(form)]
    synced = kiosk.sync(heartbeats=5, timeout_s=30)  # a heartbeat due every 0.2 s

    assert synced["counts"]["accepted"] == 2 and synced["errors"] == {}
    assert sorted(dossier_keys(simulator)) == sorted(queued)
    assert kiosk.outbox_status()["counts"]["accepted"] == 2
    assert synced["heartbeats_sent"] >= 5
    assert len(simulator.heartbeats()) == synced["heartbeats_sent"]
    assert synced["clock_skew_s"] == pytest.approx(offset_s, abs=SKEW_TOLERANCE_S)

    check = kiosk.clock_check()
    assert check["status"] == "failed"
    assert measured_skew_s(check) == pytest.approx(offset_s, abs=SKEW_TOLERANCE_S)
    assert "certificate" in check["detail"] + check["action"]  # why it matters, and what to do
    assert "timedatectl set-ntp true" in check["action"]


def test_a_retry_set_before_the_clock_went_back_two_years_goes_at_once(
    faketime: str, tmp_path: Path, simulator: PortalSimulator, form: Path
):
    data_dir = tmp_path / "kiosk"
    on_time = WrongClockKiosk(faketime, data_dir, simulator.base_url, 0)
    local_id = on_time.submit(form)
    simulator.inject_faults(1, status=429, retry_after_s=3600)
    assert on_time.sync(heartbeats=1, timeout_s=1)["counts"]["queued"] == 1  # wait 1 h, it said
    oldest = on_time.outbox_status()["oldest_unsent"]
    assert oldest["local_id"] == local_id and oldest["next_attempt_at"] is not None
    assert dossier_keys(simulator) == []

    # The power goes; the board boots with a dead RTC, two years in the past.
    dead_rtc = WrongClockKiosk(faketime, data_dir, simulator.base_url, BEHIND_TWO_YEARS_S)
    assert dead_rtc.sync(heartbeats=1, timeout_s=10)["counts"]["accepted"] == 1
    assert dossier_keys(simulator) == [local_id]


@pytest.fixture
def city_tls_portal(tmp_path: Path, simulator: PortalSimulator) -> Iterator[tuple[str, Path]]:
    """The simulator behind TLS, its certificate from the city's own CA (valid from five
    minutes ago for a day, true time): its address and the CA's certificate."""
    authority = Authority(tmp_path, "city-portal-ca")
    issued = authority.issue("portal", server=True)
    front = TlsFront(int(simulator.base_url.rsplit(":", 1)[1]), issued.cert, issued.key)
    yield front.url, authority.cert
    front.close()


def test_two_years_behind_the_kiosk_cannot_do_tls_and_says_the_clock_is_why(
    faketime: str,
    tmp_path: Path,
    simulator: PortalSimulator,
    city_tls_portal: tuple[str, Path],
    form: Path,
):
    url, ca_file = city_tls_portal
    kiosk = WrongClockKiosk(faketime, tmp_path / "kiosk", url, BEHIND_TWO_YEARS_S, ca_file)
    kiosk.submit(form)

    synced = kiosk.sync(heartbeats=1, timeout_s=2)
    assert synced["counts"]["queued"] == 1  # kept, to go once the clock is right
    assert synced["errors"].get("network", 0) >= 1 and synced["heartbeats_sent"] == 0
    assert dossier_keys(simulator) == [] and simulator.heartbeats() == []  # verification held

    clock = kiosk.clock_check()
    assert clock["status"] == "failed"
    assert "before this software was made" in clock["detail"]
    assert "certificate" in clock["detail"]
    assert "timedatectl set-ntp true" in clock["action"]
    assert "never turn TLS verification off" in clock["action"]
    assert kiosk.selftest("portal")["status"] == "failed"

    on_time = WrongClockKiosk(faketime, tmp_path / "kiosk", url, 0, ca_file)
    assert on_time.sync(heartbeats=1, timeout_s=30)["counts"]["accepted"] == 1  # clock set
