"""Pulling the plug at random moments, hundreds of times, loses nothing and duplicates
nothing: every submission the kiosk confirmed reaches the portal exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from sync.outbox import Outbox, OutboxState
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from sync.worker import SyncWorker

KILLS = 200
FAULTS = "503=0.1,429=0.05,500=0.05,drop=0.05,truncate=0.05,malformed=0.05,latency=0.1:30ms,seed=7"
CHILD = Path(__file__).with_name("crash_child.py")
PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_or_doubles_a_submission(tmp_path):
    rng = random.Random(20251123)
    outbox_path = tmp_path / "kiosk" / "outbox.sqlite3"
    ids_file = tmp_path / "confirmed.txt"
    Outbox(outbox_path).close()  # schema and key exist before the first child dies
    # An enrolled kiosk on a portal that refuses unenrolled ones; the faults start after.
    portal = PortalSimulator(tmp_path / "portal")
    url = portal.start()
    enroller = PortalClient(url)
    enrolment = enroller.enrol(portal.issue_enrolment_code())
    enroller.close()
    assert isinstance(enrolment, tuple)
    kiosk_id, credential = enrolment
    portal.set_faults(FAULTS)
    zygote = subprocess.Popen(
        [sys.executable, str(CHILD), str(outbox_path), url, str(ids_file), kiosk_id, credential],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    try:
        for _ in range(KILLS):
            zygote.stdin.write("go\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            time.sleep(rng.uniform(0.02, 0.3))
            os.kill(pid, signal.SIGKILL)
            assert zygote.stdout.readline().strip() == "dead"
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)

    # The kiosk comes back for good, on a portal that behaves, and finishes the job.
    portal.set_faults("")
    outbox = Outbox(outbox_path)
    client = PortalClient(url, timeout_s=5.0, kiosk_id=kiosk_id, credential=credential)
    try:
        outbox.requeue_interrupted()
        worker = SyncWorker(outbox, client, base_backoff_s=0.01, max_backoff_s=0.05)
        deadline = time.monotonic() + 60
        while (
            outbox.counts()["queued"] + outbox.counts()["sending"] and time.monotonic() < deadline
        ):
            if worker.drain_once() == 0:
                time.sleep(0.05)
        counts = outbox.counts()
        confirmed = ids_file.read_text().split()
        records = {local_id: outbox.get(local_id) for local_id in confirmed}
    finally:
        client.close()
        outbox.close()
    dossiers = httpx.get(f"{url}/sim/dossiers", timeout=30).json()["dossiers"]
    portal.stop()

    # Kills often land during start-up (busy machine); enough must get through to mean much.
    assert len(confirmed) >= 10, "the children hardly ever got to confirm a submission"
    assert counts["queued"] == counts["sending"] == counts["failed"] == 0
    per_key = Counter(d["idempotency_key"] for d in dossiers)
    by_key = {d["idempotency_key"]: d for d in dossiers}
    for local_id in confirmed:
        record = records[local_id]
        assert record is not None, f"{local_id} was confirmed but is not in the outbox"
        assert record.state is OutboxState.ACCEPTED
        assert per_key[local_id] == 1, f"{local_id} reached the portal {per_key[local_id]} times"
        assert by_key[local_id]["dossier_code"] == record.dossier_code
        assert by_key[local_id]["tracking_code"] == record.tracking_code
    # Nothing reached the portal that the outbox does not know (no phantom dossiers), and
    # every dossier is accounted for once.
    assert max(per_key.values()) == 1
    assert len(dossiers) == counts["accepted"]
