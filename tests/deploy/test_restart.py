"""A crash, a kill or a freeze of the kiosk brings the home screen back: the real kiosk
(``kiosk demo`` offscreen, the real QML window) under a supervisor applying
``kiosk.service``'s own ``Restart=``, ``RestartSec=`` and ``WatchdogSec=`` (systemd is not
PID 1 here). How fast it comes back is the benchmark's (``tests/bench/restart.py``)."""

import os
import signal
from collections.abc import Iterator

import pytest

from tests.deploy.headless_kiosk import kiosk_policy, supervised_kiosk
from tests.deploy.supervisor import Supervisor

START_TIMEOUT_S = 120.0


@pytest.fixture
def service(tmp_path) -> Iterator[Supervisor]:
    supervisor = supervised_kiosk(tmp_path).start()
    yield supervisor
    supervisor.stop()


def test_the_unit_restarts_the_kiosk_whatever_ends_it():
    policy = kiosk_policy()
    assert policy.type == "notify"
    assert policy.restart == "always"
    assert policy.watchdog_sec is not None
    assert "WATCHDOG_PID" in policy.unset_environment  # cage's, which the kiosk must not see


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGSEGV], ids=["killed", "crashed"])
def test_a_killed_or_crashed_kiosk_comes_back_to_the_home_screen(service, how):
    first = service.wait_for("ready", timeout=START_TIMEOUT_S)

    os.kill(first.pid, how)

    exited = service.wait_for("exited", timeout=START_TIMEOUT_S)
    assert (exited.pid, exited.detail) == (first.pid, -how)
    again = service.wait_for("ready", after=service.events.index(exited), timeout=START_TIMEOUT_S)
    assert again.pid != first.pid
    # It is the home screen's first frame that says READY (tests/app/test_watchdog.py), and
    # the new kiosk keeps its watchdog fed.
    service.wait_until(lambda: service.pings(again.pid) >= 2, timeout=START_TIMEOUT_S)


@pytest.mark.slow
def test_a_frozen_kiosk_is_killed_by_the_watchdog_and_comes_back(tmp_path):
    # kiosk.service's policy with a 2 s watchdog, so the test does not wait 10 s.
    service = supervised_kiosk(tmp_path, kiosk_policy(watchdog_sec=2.0)).start()
    try:
        first = service.wait_for("ready", timeout=START_TIMEOUT_S)
        # Running normally, it pings in time: several watchdog periods, no kill.
        service.wait_until(lambda: service.pings(first.pid) >= 6, timeout=START_TIMEOUT_S)
        assert not [e for e in service.events if e.kind == "watchdog"]

        os.kill(first.pid, signal.SIGSTOP)  # frozen: nothing runs, nothing pings

        fired = service.wait_for("watchdog", timeout=START_TIMEOUT_S)
        assert fired.pid == first.pid
        again = service.wait_for(
            "ready", after=service.events.index(fired), timeout=START_TIMEOUT_S
        )
        assert again.pid != first.pid
    finally:
        service.stop()
