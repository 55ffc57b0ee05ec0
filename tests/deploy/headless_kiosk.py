"""The kiosk as ``kiosk.service`` runs it, without cage or devices: ``kiosk demo`` on Qt's
offscreen platform (the real QML window, simulated devices, the portal simulator), under the
test supervisor with the unit's restart policy. For the restart test and the benchmark."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

from tests.deploy.supervisor import Policy, Supervisor
from tests.deploy.unit_file import KIOSK_UNIT, ROOT, UnitFile


def kiosk_policy(watchdog_sec: float | None = None) -> Policy:
    """``kiosk.service``'s policy; ``watchdog_sec`` shortens its watchdog for a test."""
    policy = Policy.of(UnitFile.read(KIOSK_UNIT))
    if watchdog_sec is not None:
        policy = dataclasses.replace(policy, watchdog_sec=watchdog_sec)
    return policy


def supervised_kiosk(work_dir: Path, policy: Policy | None = None) -> Supervisor:
    """A supervisor (not started) for the headless kiosk keeping its data in ``work_dir``
    across restarts, as ``/var/lib/kiosk`` is kept; its output in ``work_dir/kiosk.log``."""
    command = [sys.executable, "-m", "kiosk.app.cli", "demo", "--data-dir", str(work_dir / "data")]
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KIOSK_METRICS__ENABLED="false",
        PYTHONPATH=str(ROOT),
    )
    return Supervisor(
        command,
        policy or kiosk_policy(),
        work_dir / "notify",
        env=env,
        log_path=work_dir / "kiosk.log",
        cwd=ROOT,
    )
