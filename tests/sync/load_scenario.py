"""Load and faults (issue 17), shared by ``tests/sync/test_load_under_faults.py`` (CI size)
and ``tests/bench/outbox_load.py`` (``make bench``, full size).

A kiosk is offline while N residents submit: N realistic submissions go into the real outbox
(an SQLite file, one ``enqueue`` each) and the worker's knock on the portal's door fails.
Then the portal simulator comes back on 127.0.0.1 with random faults (503, 429, 500, dropped
connections, truncated and malformed answers, latency) and the queue is drained by kiosk
processes forked from ``crash_child.py``, each SIGKILLed at a random moment, until a last
life is left to finish. What is checked afterwards: the portal holds each submission exactly
once, with the bytes the kiosk queued, and the outbox marks every one accepted with the
portal's dossier code. The last life samples its own RSS as it delivers; the slope of RSS
against submissions delivered (least squares) says whether memory stays flat.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from kiosk.submission import Submission
from sync.outbox import Outbox, OutboxState
from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator
from sync.portal_simulator.faults import Draw, FaultDice
from sync.worker import SyncWorker
from tests.memory_probe import slope_mb_per_1000
from tests.sample_submission import fresh_submission

FAULTS = (
    "503=0.05,429=0.03,500=0.03,drop=0.04,truncate=0.04,malformed=0.04,latency=0.1:30ms,seed=17"
)
"""Faults on about one request in four; drop/truncate/malformed strike after the portal filed
the dossier, so the kiosk must resend and the portal must not file it twice."""

CHILD = Path(__file__).with_name("crash_child.py")
PROJECT = Path(__file__).resolve().parents[2]

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương")
STREETS = ("phố Láng Hạ", "phố Huế", "đường Giải Phóng", "phố Kim Mã", "đường Nguyễn Trãi")


def resident_submission(rng: random.Random, kiosk_id: str) -> Submission:
    """A temporary-residence application like the kiosk makes one (fictitious person); the
    content varies, so a mixed-up payload cannot pass for the right one."""
    born = f"{rng.randint(1950, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return fresh_submission(
        kiosk_id,
        {
            "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "id_number": f"001{rng.randint(0, 999_999_999):09d}",
            "date_of_birth": born,
            "sex": rng.choice(("female", "male")),
            "address": f"Số {rng.randint(1, 200)} {rng.choice(STREETS)}, Hà Nội",
            "source": "cccd_qr",
        },
        {
            "stay_address": f"Căn hộ {rng.randint(101, 2899)}, Tòa {rng.choice('ABCD')}",
            "stay_months": str(rng.randint(1, 24)),
            "housing_basis": rng.choice(("rent", "relative", "owner")),
            "landlord_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "phone": f"09{rng.randint(0, 99_999_999):08d}",
        },
    )


def sha256_text(text: str) -> str:
    """Hex SHA-256 of UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CountingDice(FaultDice):
    """The simulator's fault dice, counting what they decide (``latency`` counted apart)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: Counter[str] = Counter()
        self._count_lock = threading.Lock()

    def draw(self) -> Draw:
        """Draw as the simulator does, and count it."""
        drawn = super().draw()
        with self._count_lock:
            if drawn.fault is not None:
                self.seen[drawn.fault.value] += 1
            if drawn.latency_s:
                self.seen["latency"] += 1
        return drawn


@dataclass
class Life:
    """One drain process: the (accepted, RSS kB) lines it wrote, and how it ended."""

    samples: list[tuple[int, int]] = field(default_factory=list)
    ready: bool = False
    done: bool = False
    error: str | None = None

    @classmethod
    def read(cls, path: Path) -> Life:
        """Parse a progress file (missing: a life killed before it wrote anything)."""
        life = cls()
        text = path.read_text() if path.exists() else ""
        for line in text.splitlines():
            if line == "ready":
                life.ready = True
            elif line == "done":
                life.done = True
            elif line.startswith("error"):
                life.error = line
            elif line:
                accepted, rss_kb = line.split()
                life.samples.append((int(accepted), int(rss_kb)))
        return life


@dataclass
class LoadResult:
    """What a load run found. By local id (the one inside the payload the portal filed):
    ``lost``, queued but never filed; ``duplicated``, filed more than once (under any key);
    ``phantom``, filed but never queued; ``altered``, filed with other bytes than queued or
    under another Idempotency-Key. All four must be empty. ``not_accepted_in_outbox``: not
    ACCEPTED in the outbox, or with another dossier code than the portal's. The memory
    figures are the last life's: its RSS after each ``DRAIN_STEP`` accepted, the first tenth
    left out as warm-up."""

    submissions: int
    kills: int
    kills_mid_drain: int
    faults: dict[str, int]
    lost: list[str]
    duplicated: list[str]
    phantom: list[str]
    altered: list[str]
    outbox_counts: dict[str, int]
    not_accepted_in_outbox: list[str]
    offline_error: str
    enqueue_s: float
    drain_s: float
    final_life_items: int
    rss_slope_mb_per_1000: float
    peak_rss_mb: float
    final_rss_mb: float
    errors: list[str]

    @property
    def throughput(self) -> float:
        """Submissions delivered per second, from the portal's return to the last one."""
        return self.submissions / self.drain_s

    def summary(self) -> str:
        """One paragraph for a report."""
        faults = ", ".join(f"{k} {v}" for k, v in sorted(self.faults.items()))
        return (
            f"{self.submissions} queued offline in {self.enqueue_s:.1f} s; drained in "
            f"{self.drain_s:.1f} s ({self.throughput:.0f}/s) through {self.kills} SIGKILLs "
            f"({self.kills_mid_drain} mid-drain) and faults [{faults}]; lost "
            f"{len(self.lost)}, duplicated {len(self.duplicated)}, phantom {len(self.phantom)}, "
            f"altered {len(self.altered)}; RSS slope {self.rss_slope_mb_per_1000:+.2f} MB per "
            f"1,000 over the last life's {self.final_life_items} submissions; peak RSS "
            f"{self.peak_rss_mb:.1f} MB"
        )


def wait_until_ready(path: Path, timeout_s: float) -> None:
    """Wait for a drain life to say it opened its outbox (or to have failed)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        life = Life.read(path)
        if life.ready or life.error:
            return
        time.sleep(0.005)
    raise RuntimeError(f"a kiosk life did not open its outbox within {timeout_s:.0f} s")


def accepted_and_sending(outbox_path: Path) -> tuple[int, int]:
    """How many rows the outbox file holds as accepted and as sending, read as it is on
    disk (no kiosk process is running while this reads)."""
    uri = f"{outbox_path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        rows = dict(db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    return rows.get(OutboxState.ACCEPTED.value, 0), rows.get(OutboxState.SENDING.value, 0)


def queue_offline(
    outbox_path: Path, url: str, count: int, rng: random.Random, kiosk_id: str, credential: str
) -> tuple[dict[str, str], str]:
    """Queue ``count`` submissions while the portal is down; their payload hashes by local
    id, and the error the worker's knock on the door got."""
    outbox = Outbox(outbox_path)
    client = PortalClient(url, timeout_s=2.0, kiosk_id=kiosk_id, credential=credential)
    worker = SyncWorker(outbox, client, poll_base_s=None)
    hashes: dict[str, str] = {}
    try:
        for _ in range(count):
            submission = resident_submission(rng, kiosk_id)
            outbox.enqueue(submission)
            hashes[submission.local_id] = sha256_text(submission.payload_json())
        worker.drain_once()  # offline: one knock, which fails
        oldest = outbox.oldest_unsent()
        offline_error = "" if oldest is None else (oldest.last_error or "")
        if outbox.counts()["queued"] != count:
            raise RuntimeError(f"the outbox lost part of the offline queue: {outbox.counts()}")
    finally:
        client.close()
        outbox.close()
    return hashes, offline_error


def run_load(
    workdir: Path,
    submissions: int,
    kills: int,
    *,
    seed: int = 17,
    faults: str = FAULTS,
    life_s: tuple[float, float] = (0.1, 0.5),
    startup_kills: float = 0.25,
    kill_share: float = 0.5,
    final_timeout_s: float = 600.0,
    progress: Callable[[str], None] | None = None,
) -> LoadResult:
    """The whole scenario in ``workdir``: queue offline, drain under faults and up to
    ``kills`` SIGKILLs (a share ``startup_kills`` of them strike while the kiosk opens, at a
    random moment in its first ``life_s[0]`` seconds; the others a random ``life_s`` seconds
    after it is ready, while it delivers; the killing stops once
    ``kill_share`` of the queue is delivered, so the last life has a long run to measure),
    then let the last life finish, and check portal and outbox."""
    rng = random.Random(seed)
    say = progress or (lambda _text: None)
    outbox_path = workdir / "kiosk" / "outbox.sqlite3"
    # Enrol while the portal is up, then take it down: the kiosk is offline.
    portal = PortalSimulator(workdir / "portal")
    url = portal.start()
    port = int(url.rsplit(":", 1)[1])
    enroller = PortalClient(url)
    enrolment = enroller.enrol(portal.issue_enrolment_code())
    enroller.close()
    portal.stop()
    if not isinstance(enrolment, tuple):
        raise RuntimeError(f"the simulator refused the enrolment: {enrolment}")
    kiosk_id, credential = enrolment

    started = time.monotonic()
    expected, offline_error = queue_offline(
        outbox_path, url, submissions, rng, kiosk_id, credential
    )
    enqueue_s = time.monotonic() - started
    say(f"{submissions} queued offline in {enqueue_s:.1f} s")

    # The portal comes back, misbehaving.
    portal = PortalSimulator(workdir / "portal", port=port)
    dice = CountingDice()
    portal._dice = dice  # count what the dice decide; the simulator has no counter of its own
    portal.start()
    portal.set_faults(faults)
    lives_dir = workdir / "lives"
    lives_dir.mkdir()
    zygote = subprocess.Popen(
        [sys.executable, str(CHILD), str(outbox_path), url, str(workdir / "unused-ids.txt"),
         kiosk_id, credential],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )  # fmt: skip
    assert zygote.stdin is not None and zygote.stdout is not None
    requests, answers = zygote.stdin, zygote.stdout
    lives: list[Life] = []
    killed = mid_drain = 0
    started = time.monotonic()

    def begin(number: int) -> tuple[int, Path]:
        path = lives_dir / f"life-{number:04d}.txt"
        requests.write(f"drain {path}\n")
        requests.flush()
        pidfd = os.pidfd_open(int(answers.readline()))
        running.append(pidfd)
        return pidfd, path

    def end(pidfd: int) -> None:
        running.remove(pidfd)
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        os.close(pidfd)
        if answers.readline().strip() != "dead":
            raise RuntimeError("the fork server lost track of its child")

    running: list[int] = []

    try:
        delivered = 0
        while killed < kills and delivered < kill_share * submissions:
            pidfd, path = begin(len(lives))
            if rng.random() < startup_kills:
                time.sleep(rng.uniform(0.0, life_s[0]))  # while it opens and requeues
            else:
                wait_until_ready(path, timeout_s=60.0)
                time.sleep(rng.uniform(*life_s))  # while it delivers
            end(pidfd)
            killed += 1
            life = Life.read(path)
            lives.append(life)
            accepted, sending = accepted_and_sending(outbox_path)
            # Struck mid-delivery: it got some through, and left claimed rows unsettled.
            mid_drain += accepted > delivered and sending > 0
            delivered = accepted
            if life.done:
                break
        say(f"{killed} kills, {delivered} delivered so far")
        # The last life runs until the queue is empty.
        pidfd, path = begin(len(lives))
        deadline = time.monotonic() + final_timeout_s
        last = Life()
        while time.monotonic() < deadline:
            last = Life.read(path)
            if last.done or last.error:
                break
            time.sleep(0.1)
        drain_s = time.monotonic() - started
        end(pidfd)
        last = Life.read(path)
        lives.append(last)
    except BaseException:
        portal.stop()
        raise
    finally:
        for pidfd in running:  # a run that broke off: no kiosk is left waiting for its kill
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
            os.close(pidfd)
        requests.close()
        try:
            zygote.wait(timeout=30)
        except subprocess.TimeoutExpired:
            zygote.kill()
            zygote.wait()
    portal.set_faults("")
    errors = [life.error for life in lives if life.error]
    if not last.done:
        errors.append(f"the last life did not finish within {final_timeout_s:.0f} s")

    try:
        dossiers = httpx.get(f"{url}/sim/dossiers", timeout=120).json()["dossiers"]
    finally:
        portal.stop()
    # A submission is known by the local id inside what the portal filed, whatever key it
    # came under: two dossiers of one submission under two keys are a duplicate too.
    per_id = Counter(str(d["body"].get("local_id")) for d in dossiers)
    altered = {
        str(d["body"].get("local_id"))
        for d in dossiers
        if d["idempotency_key"] != d["body"].get("local_id")
        or sha256_text(json.dumps(d["body"], ensure_ascii=False, sort_keys=True))
        != expected.get(str(d["body"].get("local_id")))
    }
    code_of = {str(d["body"].get("local_id")): d["dossier_code"] for d in dossiers}
    outbox = Outbox(outbox_path)
    try:
        counts = outbox.counts()
        not_accepted = []
        for local_id in expected:
            record = outbox.get(local_id)
            if (
                record is None
                or record.state is not OutboxState.ACCEPTED
                or record.dossier_code != code_of.get(local_id)
            ):
                not_accepted.append(local_id)
    finally:
        outbox.close()

    # The memory of the last life, after its first tenth (connections, caches warming up).
    samples = last.samples
    first = samples[0][0] if samples else 0
    warm = [s for s in samples if s[0] - first >= 0.1 * (samples[-1][0] - first)] if samples else []
    all_rss = [kb for life in lives for _, kb in life.samples]
    return LoadResult(
        submissions=submissions,
        kills=killed,
        kills_mid_drain=mid_drain,
        faults=dict(dice.seen),
        lost=sorted(k for k in expected if per_id[k] == 0),
        duplicated=sorted(k for k, n in per_id.items() if n > 1),
        phantom=sorted(k for k in per_id if k not in expected),
        altered=sorted(k for k in altered if k in expected),
        outbox_counts=counts,
        not_accepted_in_outbox=not_accepted,
        offline_error=offline_error,
        enqueue_s=enqueue_s,
        drain_s=drain_s,
        final_life_items=(samples[-1][0] - first) if samples else 0,
        rss_slope_mb_per_1000=slope_mb_per_1000(warm) if len(warm) >= 3 else float("nan"),
        peak_rss_mb=max(all_rss, default=0) / 1024,
        final_rss_mb=(samples[-1][1] / 1024) if samples else 0.0,
        errors=errors,
    )
