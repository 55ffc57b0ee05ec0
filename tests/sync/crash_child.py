"""A fork server for the crash and load tests: imports everything once, then forks one
short-lived "kiosk" per request, which works until it is killed.

Arguments: OUTBOX PORTAL_URL IDS_FILE KIOSK_ID CREDENTIAL (the kiosk is enrolled: every
request carries its credential). Protocol on stdin/stdout, one line each: the test writes a
request; this prints the child's pid, waits for it to die (the test kills it with SIGKILL)
and prints ``dead``. The requests:

``go``
    The child queues one submission and sends what is due, forever. It appends the local id
    of every submission to IDS_FILE only after ``enqueue`` returned.
``drain PROGRESS_FILE``
    The child opens the outbox (requeuing what a kill left half-sent) and appends ``ready``
    to PROGRESS_FILE. Then it only sends what is queued and, at its first step and each time
    ``DRAIN_STEP`` more are accepted, appends ``ACCEPTED RSS_KB`` (RSS after a garbage
    collection and ``malloc_trim``, so what is measured is what is still held). When nothing
    is left to send it appends ``done``; after anything that breaks it, ``error TYPE``.
    Either way it then waits to be killed, so its pid stays its own until the test's SIGKILL.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from sync.outbox import Outbox
from sync.portal_client import PortalClient
from sync.worker import SyncWorker
from tests.memory_probe import settled_rss_kb
from tests.sample_submission import fresh_submission

DRAIN_STEP = 50
"""Submissions accepted between two progress lines of a ``drain`` child."""


def kiosk(
    outbox_path: Path, portal_url: str, kiosk_id: str, credential: str
) -> tuple[Outbox, SyncWorker]:
    """What a kiosk opens at start: its outbox (requeuing what a kill left half-sent) and
    its worker, with short back-offs so the test does not wait minutes."""
    outbox = Outbox(outbox_path)
    client = PortalClient(portal_url, timeout_s=2.0, kiosk_id=kiosk_id, credential=credential)
    worker = SyncWorker(outbox, client, base_backoff_s=0.01, max_backoff_s=0.05, poll_base_s=None)
    outbox.requeue_interrupted()
    return outbox, worker


def live(
    outbox_path: Path, portal_url: str, ids_file: Path, kiosk_id: str, credential: str
) -> None:
    """One kiosk life: open, requeue, then queue one and send what is due, forever."""
    outbox, worker = kiosk(outbox_path, portal_url, kiosk_id, credential)
    fd = os.open(ids_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    while True:
        submission = fresh_submission(
            "kiosk-crash", {"full_name": "Nguyễn Văn An"}, {"stay_months": "6"}
        )
        outbox.enqueue(submission)
        os.write(fd, f"{submission.local_id}\n".encode())
        worker.drain_once()


def drain(
    outbox_path: Path, portal_url: str, progress: Path, kiosk_id: str, credential: str
) -> None:
    """One kiosk life that only delivers the queue, reporting progress and memory."""
    fd = os.open(progress, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        outbox, worker = kiosk(outbox_path, portal_url, kiosk_id, credential)
        os.write(fd, b"ready\n")
        sampled_at = -DRAIN_STEP
        while True:
            handled = worker.drain_once(limit=DRAIN_STEP)
            counts = outbox.counts()
            left = counts["queued"] + counts["sending"]
            if counts["accepted"] - sampled_at >= DRAIN_STEP or left == 0:
                sampled_at = counts["accepted"]
                os.write(fd, f"{sampled_at} {settled_rss_kb()}\n".encode())
            if left == 0:
                os.write(fd, b"done\n")
                break
            if handled == 0:
                time.sleep(0.02)  # only items waiting for their Retry-After are left
    except Exception as exc:  # noqa: BLE001 - the test reads the type; it must not exit
        os.write(fd, f"error {type(exc).__name__}\n".encode())
    while True:  # wait for the SIGKILL, so the pid is not reaped and reused before it
        signal.pause()


def main() -> None:
    """Serve ``go`` and ``drain`` requests until stdin closes."""
    outbox_path, portal_url, ids_file = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    kiosk_id, credential = sys.argv[4], sys.argv[5]
    for line in sys.stdin:
        request, _, argument = line.strip().partition(" ")
        if request not in ("go", "drain"):
            continue
        pid = os.fork()
        if pid == 0:
            try:
                if request == "go":
                    live(outbox_path, portal_url, ids_file, kiosk_id, credential)
                else:
                    drain(outbox_path, portal_url, Path(argument), kiosk_id, credential)
            finally:
                os._exit(1)
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("dead", flush=True)


if __name__ == "__main__":
    main()
