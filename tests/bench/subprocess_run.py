"""Run a probe module as a fresh Python process and read its one result line."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from kiosk.settings import PROJECT_ROOT

PROBE_TIMEOUT_S = 600.0


def probe_env() -> dict[str, str]:
    """The environment of every probe: offscreen Qt, the repository importable."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    return env


def run_probe(module: str, *args: str, marker: str) -> tuple[float, str]:
    """Spawn ``python -m module args``; the monotonic spawn time and the text after
    ``marker`` on the line that starts with it. Raises with the probe's stderr on failure."""
    spawned = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        env=probe_env(),
        cwd=PROJECT_ROOT,
        timeout=PROBE_TIMEOUT_S,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith(marker + " "):
            return spawned, line[len(marker) + 1 :]
    tail = "\n".join(done.stderr.strip().splitlines()[-5:])
    raise RuntimeError(
        f"{module} {' '.join(args)} gave no {marker} (exit {done.returncode}): {tail}"
    )
