"""The kiosk's sync as the kiosk runs it, for ``test_wrong_wall_clock`` to start under
``faketime``: the outbox and the portal client built by :mod:`kiosk.app.parts` from the
settings, and the real :class:`~sync.worker.SyncWorker` on its own thread, as
:mod:`kiosk.app.wiring` starts it.

Arguments: PORTAL_URL DATA_DIR HEARTBEAT_INTERVAL_S HEARTBEATS TIMEOUT_S. Runs until nothing is
left to send and the portal acknowledged HEARTBEATS heartbeats, or TIMEOUT_S passed (on the
monotonic clock); then prints one JSON object: the outbox's counts, the heartbeats sent, the
worker's figures, the skew the client measured from the portal's ``Date`` header, and the wall
clock it ran with.

It never calls :func:`time.sleep`: libfaketime 0.9.10 (Debian 12) breaks Python 3.11's sleep
when the monotonic clock is left true (wolfcw/libfaketime#426: EINVAL from
``clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)``); waiting on an event is unaffected.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from kiosk.app.parts import open_outbox, portal_client
from kiosk.clock import utc_now
from kiosk.settings import load_settings
from sync.outbox import OutboxState
from sync.worker import SyncWorker

CHECK_EVERY_S = 0.05


def main(argv: list[str]) -> int:
    url, data_dir, interval_s, heartbeats, timeout_s = argv
    settings = load_settings()
    outbox = open_outbox(settings, Path(data_dir))
    client = portal_client(settings, Path(data_dir), url)
    worker = SyncWorker(outbox, client, heartbeat_interval_s=float(interval_s), idle_wait_s=0.1)
    pause = threading.Event()
    deadline = time.monotonic() + float(timeout_s)
    worker.start()
    try:
        while time.monotonic() < deadline:
            counts = outbox.counts()
            unsent = counts[OutboxState.QUEUED.value] + counts[OutboxState.SENDING.value]
            if unsent == 0 and worker.heartbeats_sent >= int(heartbeats):
                break
            pause.wait(CHECK_EVERY_S)
    finally:
        worker.stop()
    stats = worker.stats
    report = {
        "counts": outbox.counts(),
        "heartbeats_sent": worker.heartbeats_sent,
        "last_heartbeat_at": stats.last_heartbeat_at and stats.last_heartbeat_at.isoformat(),
        "last_success_at": stats.last_success_at and stats.last_success_at.isoformat(),
        "errors": {kind: n for kind, n in stats.errors.items() if n},
        "clock_skew_s": client.clock_skew_s,
        "wall_clock": utc_now().isoformat(),
    }
    client.close()
    outbox.close()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
