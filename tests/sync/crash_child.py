"""A fork server for the crash test: imports everything once, then forks one short-lived
"kiosk" per request, which queues and sends submissions until it is killed.

Arguments: OUTBOX PORTAL_URL IDS_FILE KIOSK_ID CREDENTIAL (the kiosk is enrolled: every
request carries its credential). Protocol on stdin/stdout, one line each: the test writes
``go``; this prints the child's pid, waits for it to die (the test kills it with SIGKILL)
and prints ``dead``. Each child appends the local id of every submission to IDS_FILE only
after ``enqueue`` returned.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from kiosk.submission import Submission, new_tracking_code, new_ulid
from sync.outbox import Outbox
from sync.portal_client import PortalClient
from sync.worker import SyncWorker


def live(
    outbox_path: Path, portal_url: str, ids_file: Path, kiosk_id: str, credential: str
) -> None:
    """One kiosk life: open, requeue, then queue one and send what is due, forever."""
    outbox = Outbox(outbox_path)
    client = PortalClient(portal_url, timeout_s=2.0, kiosk_id=kiosk_id, credential=credential)
    worker = SyncWorker(outbox, client, base_backoff_s=0.01, max_backoff_s=0.05, poll_base_s=None)
    outbox.requeue_interrupted()
    fd = os.open(ids_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    while True:
        now = datetime.now(UTC)
        submission = Submission(
            local_id=new_ulid(now),
            tracking_code=new_tracking_code(),
            procedure_code="dang-ky-tam-tru",
            procedure_version=1,
            kiosk_id="kiosk-crash",
            created_at=now,
            applicant={"full_name": "Nguyễn Văn An"},
            answers={"stay_months": "6"},
        )
        outbox.enqueue(submission)
        os.write(fd, f"{submission.local_id}\n".encode())
        worker.drain_once()


def main() -> None:
    """Serve ``go`` requests until stdin closes."""
    outbox_path, portal_url, ids_file = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    kiosk_id, credential = sys.argv[4], sys.argv[5]
    for line in sys.stdin:
        if line.strip() != "go":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                live(outbox_path, portal_url, ids_file, kiosk_id, credential)
            finally:
                os._exit(1)
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("dead", flush=True)


if __name__ == "__main__":
    main()
