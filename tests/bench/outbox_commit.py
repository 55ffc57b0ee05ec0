"""``outbox_commit``: one submission committed by the outbox, beside a bare sqlite3 commit.

Both write to files in the same temporary folder with WAL and synchronous=FULL, alternating
one by one, so both see the same disk at the same moment.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from kiosk.submission import Submission
from sync.outbox import Outbox
from tests.bench.results import Figure, median, percentile, with_samples
from tests.sample_submission import fresh_submission

APPLICANT = {
    "full_name": "Nguyễn Thị Lan",
    "id_number": "001184012345",
    "date_of_birth": "1984-03-15",
    "sex": "female",
    "address": "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội",
    "source": "cccd_qr",
}
ANSWERS = {
    "stay_address": "Căn hộ 1205, Tòa A, Chung cư Sông Hồng, Phường Láng, Hà Nội",
    "stay_months": "12",
    "housing_basis": "rent",
    "landlord_name": "Trần Văn Hùng",
    "phone": "0912345678",
}
"""A typical application's content (fictitious)."""

BARE_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS outbox (local_id TEXT PRIMARY KEY, tracking_code TEXT UNIQUE,"
    " procedure_code TEXT, procedure_version INTEGER, payload TEXT, state TEXT,"
    " attempts INTEGER, last_error TEXT, dossier_code TEXT, created_at TEXT,"
    " updated_at TEXT, next_attempt_at TEXT)"
)


def sample_submission() -> Submission:
    """A fresh submission (new ULID and tracking code) with typical content."""
    return fresh_submission("HN-KIOSK-BENCH", dict(APPLICANT), dict(ANSWERS))


def bare_connection(path: Path) -> sqlite3.Connection:
    """The baseline: sqlite3 with the outbox's settings (WAL, synchronous=FULL)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(BARE_SCHEMA)
    return db


def bare_insert(db: sqlite3.Connection, submission: Submission) -> None:
    """One insert and commit, the same columns the outbox writes."""
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    db.execute("BEGIN IMMEDIATE")
    db.execute(
        "INSERT INTO outbox VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            submission.local_id,
            submission.tracking_code,
            submission.procedure_code,
            submission.procedure_version,
            submission.payload_json(),
            "queued",
            0,
            None,
            None,
            now,
            now,
            None,
        ),
    )
    db.execute("COMMIT")


def measure(quick: bool) -> Figure:
    """``enqueue`` and the bare insert, alternating, each timed alone (ms)."""
    n = 100 if quick else 400
    ours: list[float] = []
    theirs: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as tmp:
        outbox = Outbox(Path(tmp) / "outbox.sqlite3")
        db = bare_connection(Path(tmp) / "bare.sqlite3")
        try:
            for _ in range(5):  # warm: connection pool, statement caches
                outbox.enqueue(sample_submission())
                bare_insert(db, sample_submission())
            for _ in range(n):
                mine, bare = sample_submission(), sample_submission()
                start = time.perf_counter()
                outbox.enqueue(mine)
                middle = time.perf_counter()
                bare_insert(db, bare)
                end = time.perf_counter()
                ours.append((middle - start) * 1000)
                theirs.append((end - middle) * 1000)
        finally:
            outbox.close()
            db.close()
    figure = Figure(
        key="outbox_commit",
        unit="ms",
        target="p99 ≤ 15 ms, median ≤ 2× the baseline",
        baseline=median(theirs),
    )
    with_samples(figure, ours)
    p99 = percentile(ours, 99)
    assert figure.ratio is not None
    figure.met = p99 <= 15.0 and figure.ratio <= 2.0
    figure.extra = {"p99": p99, "baseline_p99": percentile(theirs, 99)}
    figure.note = (
        f"median of {n} commits; p99 {p99:.2f} ms (baseline p99 "
        f"{percentile(theirs, 99):.2f} ms); WAL, synchronous=FULL, alternating"
    )
    return figure
