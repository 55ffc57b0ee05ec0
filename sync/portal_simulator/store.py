"""The simulator's SQLite file: dossiers, attachments, enrolment codes, kiosks, heartbeats,
payments and ratings.

Everything the simulated portal knows lives here, so a simulator stopped and started again on
the same directory remembers it all, as the real portal would after a restart.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Any

from sync.portal_simulator.routes import _ProblemError
from sync.portal_simulator.timeline import Timeline

logger = logging.getLogger(__name__)

STORE_NAME = "portal.sqlite3"
# Dossier dates follow Hanoi's calendar day (UTC+7, no daylight saving).
HANOI_TZ = timezone(timedelta(hours=7))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dossiers (
    seq INTEGER PRIMARY KEY,
    dossier_code TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    tracking_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    status TEXT NOT NULL,
    received_at TEXT NOT NULL,
    body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS attachments (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    content_type TEXT NOT NULL DEFAULT 'application/octet-stream'
);
CREATE TABLE IF NOT EXISTS enrolment_codes (
    code TEXT PRIMARY KEY,
    used_by TEXT
);
CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id TEXT PRIMARY KEY,
    credential_sha256 TEXT NOT NULL,
    enrolled_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS heartbeats (
    kiosk_id TEXT NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS last_heartbeats (
    kiosk_id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS payments (
    payment_id TEXT PRIMARY KEY,
    tracking_code TEXT NOT NULL UNIQUE,
    amount_vnd INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    paid_at TEXT
);
CREATE TABLE IF NOT EXISTS ratings (
    idempotency_key TEXT PRIMARY KEY,
    rating_id TEXT NOT NULL UNIQUE,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_dossiers_tracking ON dossiers (tracking_code, seq);
"""

NOTIFICATION_TEXT = {
    "received": "da duoc tiep nhan",
    "processing": "dang duoc xu ly",
    "result_ready": "da co ket qua",
    "additional_documents_needed": "can bo sung giay to",
    "rejected": "khong duoc chap nhan",
}
"""What the SMS or Zalo message says of each status (unaccented, as SMS sends it best)."""


@dataclass(frozen=True)
class Payee:
    """The receiving office's account that the portal names for every fee."""

    bank_bin: str = "970415"
    account: str = "113000006100"


def _body_object(row: sqlite3.Row) -> dict[str, Any]:
    """The dossier's body as sent (a JSON object: the submission was checked)."""
    body: Any = json.loads(bytes(row["body"]))
    return body if isinstance(body, dict) else {}


@dataclass(frozen=True)
class HeldAttachment:
    """An attachment as the portal holds it: the bytes, and the media type they came as."""

    content: bytes
    content_type: str


class _Store:
    """The simulator's SQLite file; one lock because the HTTP server is multi-threaded."""

    def __init__(
        self,
        path: Path,
        clock: Callable[[], datetime],
        timeline: Timeline,
        payee: Payee | None = None,
    ) -> None:
        self._payee = payee or Payee()
        self._clock = clock
        self._timeline = timeline
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        columns = {row["name"] for row in self._db.execute("PRAGMA table_info(attachments)")}
        if "content_type" not in columns:  # a file from before attachments had a type
            self._db.execute(
                "ALTER TABLE attachments ADD COLUMN content_type TEXT NOT NULL"
                " DEFAULT 'application/octet-stream'"
            )

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(sql, params)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def submit(self, key: str, body: bytes, fields: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Open a dossier for ``key`` (201) or replay the earlier answer (200); 409 on misuse."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM dossiers WHERE idempotency_key = ?", (key,)
            ).fetchone()
            if row is not None:
                if bytes(row["body"]) != body:
                    raise _ProblemError(
                        HTTPStatus.CONFLICT,
                        "this Idempotency-Key was already used with a different body",
                    )
                return HTTPStatus.OK, self._status_object(row)
            received = self._clock()
            (seq,) = self._db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM dossiers").fetchone()
            code = f"HNI-{received.astimezone(HANOI_TZ):%Y%m%d}-{seq:06d}"
            self._write(
                "INSERT INTO dossiers (seq, dossier_code, idempotency_key, tracking_code,"
                " procedure_code, status, received_at, body) VALUES (?,?,?,?,?,?,?,?)",
                (
                    seq,
                    code,
                    key,
                    fields["tracking_code"],
                    fields["procedure_code"],
                    "received",
                    received.isoformat(),
                    body,
                ),
            )
            row = self._db.execute("SELECT * FROM dossiers WHERE seq = ?", (seq,)).fetchone()
            logger.debug("opened dossier %s", code, extra={"event": "portal_sim.dossier_opened"})
            return HTTPStatus.CREATED, self._status_object(row)

    def status(self, dossier_code: str) -> dict[str, Any] | None:
        """The status object of one dossier, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM dossiers WHERE dossier_code = ?", (dossier_code,)
            ).fetchone()
            return None if row is None else self._status_object(row)

    def all(self) -> list[dict[str, Any]]:
        """Every dossier with the body as it was sent (for tests' eyes only)."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM dossiers ORDER BY seq").fetchall()
            return [
                {
                    **self._status_object(row),
                    "idempotency_key": row["idempotency_key"],
                    "procedure_code": row["procedure_code"],
                    "body": json.loads(bytes(row["body"])),
                }
                for row in rows
            ]

    def _status_object(self, row: sqlite3.Row) -> dict[str, Any]:
        received = datetime.fromisoformat(row["received_at"])
        history = self._timeline.history(row["idempotency_key"], received, self._clock())
        status = history[-1]["status"]
        if status != row["status"]:
            # Remember the latest status, so the file tells the same story as the API.
            self._write("UPDATE dossiers SET status = ? WHERE seq = ?", (status, row["seq"]))
        return {
            "dossier_code": row["dossier_code"],
            "status": status,
            "tracking_code": row["tracking_code"],
            "received_at": row["received_at"],
            "history": history,
        }

    def _latest_by_tracking_code(self, tracking_code: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute(
            "SELECT * FROM dossiers WHERE tracking_code = ? ORDER BY seq DESC LIMIT 1",
            (tracking_code,),
        ).fetchone()
        return row

    def public(self, tracking_code: str) -> dict[str, Any] | None:
        """What the look-up by tracking code answers (no personal data), or None."""
        with self._lock:
            row = self._latest_by_tracking_code(tracking_code)
            if row is None:
                return None
            status = self._status_object(row)
            payment = self._db.execute(
                "SELECT * FROM payments WHERE tracking_code = ?", (tracking_code,)
            ).fetchone()
        body = _body_object(row)
        answer: dict[str, Any] = {
            "tracking_code": row["tracking_code"],
            "procedure_code": row["procedure_code"],
            "status": status["status"],
            "received_at": status["received_at"],
            # The office's notes stay out of the history (an officer may name the person);
            # the latest one is the next step.
            "history": [{"status": e["status"], "at": e["at"]} for e in status["history"]],
            "payment_status": "none",
        }
        note = status["history"][-1].get("note")
        if note:
            answer["next_step"] = note
        if payment is not None:
            answer["payment_status"] = "paid" if payment["paid_at"] else "pending"
            if payment["paid_at"]:
                answer["paid_at"] = payment["paid_at"]
        delivery = body.get("result_delivery")
        if isinstance(delivery, dict) and delivery.get("method") in (
            "office",
            "post",
            "electronic",
        ):
            answer["result_delivery"] = delivery["method"]
        return answer

    def request_payment(self, tracking_code: str, amount_vnd: int) -> tuple[int, dict[str, Any]]:
        """The payment of this dossier's fee: new (201) or the one asked before (200); 404
        for an unknown dossier, 409 for another amount, 422 for an amount not its fee."""
        with self._lock:
            known = self._db.execute(
                "SELECT * FROM payments WHERE tracking_code = ?", (tracking_code,)
            ).fetchone()
            if known is not None:
                if known["amount_vnd"] != amount_vnd:
                    raise _ProblemError(
                        HTTPStatus.CONFLICT,
                        "this dossier's payment was already requested with another amount",
                    )
                return HTTPStatus.OK, self._payment_object(known)
            dossier = self._latest_by_tracking_code(tracking_code)
            if dossier is None:
                raise _ProblemError(HTTPStatus.NOT_FOUND, "no dossier has this tracking code")
            fee = _body_object(dossier).get("fee_vnd")
            if isinstance(fee, int) and not isinstance(fee, bool) and fee != amount_vnd:
                raise _ProblemError(
                    HTTPStatus.UNPROCESSABLE_ENTITY, "the amount is not this dossier's fee"
                )
            payment_id = f"PAY-{secrets.token_hex(8).upper()}"
            purpose = f"LE PHI {tracking_code}"
            if len(purpose) > 25:
                purpose = tracking_code[:25]
            self._write(
                "INSERT INTO payments (payment_id, tracking_code, amount_vnd, purpose,"
                " requested_at) VALUES (?,?,?,?,?)",
                (payment_id, tracking_code, amount_vnd, purpose, self._clock().isoformat()),
            )
            row = self._db.execute(
                "SELECT * FROM payments WHERE payment_id = ?", (payment_id,)
            ).fetchone()
            return HTTPStatus.CREATED, self._payment_object(row)

    def payment(self, payment_id: str) -> dict[str, Any] | None:
        """One payment as the contract shows it, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM payments WHERE payment_id = ?", (payment_id,)
            ).fetchone()
        return None if row is None else self._payment_object(row)

    def mark_paid(self, payment_id: str) -> dict[str, Any] | None:
        """The bank says the transfer arrived (tests, ``/sim/``): paid now, once."""
        with self._lock:
            self._write(
                "UPDATE payments SET paid_at = COALESCE(paid_at, ?) WHERE payment_id = ?",
                (self._clock().isoformat(), payment_id),
            )
            row = self._db.execute(
                "SELECT * FROM payments WHERE payment_id = ?", (payment_id,)
            ).fetchone()
        return None if row is None else self._payment_object(row)

    def _payment_object(self, row: sqlite3.Row) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "payment_id": row["payment_id"],
            "tracking_code": row["tracking_code"],
            "bank_bin": self._payee.bank_bin,
            "account": self._payee.account,
            "amount_vnd": row["amount_vnd"],
            "purpose": row["purpose"],
            "status": "paid" if row["paid_at"] else "pending",
        }
        if row["paid_at"]:
            answer["paid_at"] = row["paid_at"]
        return answer

    def rate(self, key: str, body: bytes) -> tuple[int, dict[str, str]]:
        """Take a rating under ``key`` (201), or replay (200); 409 for another body."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM ratings WHERE idempotency_key = ?", (key,)
            ).fetchone()
            if row is not None:
                if bytes(row["body"]) != body:
                    raise _ProblemError(
                        HTTPStatus.CONFLICT,
                        "this Idempotency-Key was already used with a different body",
                    )
                return HTTPStatus.OK, {"rating_id": row["rating_id"]}
            rating_id = f"RAT-{secrets.token_hex(8).upper()}"
            self._write(
                "INSERT INTO ratings (idempotency_key, rating_id, body) VALUES (?,?,?)",
                (key, rating_id, body),
            )
            return HTTPStatus.CREATED, {"rating_id": rating_id}

    def ratings(self) -> list[dict[str, Any]]:
        """Every rating taken, as sent (tests, ``/sim/ratings``)."""
        with self._lock:
            rows = self._db.execute("SELECT body FROM ratings ORDER BY rowid").fetchall()
        return [json.loads(bytes(row["body"])) for row in rows]

    def notifications(self) -> list[dict[str, str]]:
        """The SMS and Zalo messages the portal has sent by now: one per status of every
        dossier whose resident consented (tests, ``/sim/notifications``)."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM dossiers ORDER BY seq").fetchall()
            sent = []
            for row in rows:
                consent = _body_object(row).get("notification")
                if not isinstance(consent, dict):
                    continue
                for event in self._status_object(row)["history"]:
                    words = NOTIFICATION_TEXT.get(event["status"], event["status"])
                    sent.append(
                        {
                            "channel": str(consent.get("channel")),
                            "phone": str(consent.get("phone")),
                            "tracking_code": row["tracking_code"],
                            "status": event["status"],
                            "at": event["at"],
                            "text": f"Ho so {row['tracking_code']} {words}.",
                        }
                    )
        return sent

    def put_attachment(self, sha256: str, content: bytes, content_type: str) -> int:
        """Store the bytes under their hash, with the media type they came as; 201 if new,
        200 if already held."""
        with self._lock:
            known = self._db.execute(
                "SELECT size FROM attachments WHERE sha256 = ?", (sha256,)
            ).fetchone()
            if known is not None:
                return HTTPStatus.OK
            self._write(
                "INSERT INTO attachments (sha256, size, content, content_type) VALUES (?,?,?,?)",
                (sha256, len(content), content, content_type),
            )
            return HTTPStatus.CREATED

    def attachment(self, sha256: str) -> HeldAttachment | None:
        """The attachment held under this hash, or None (tests)."""
        with self._lock:
            row = self._db.execute(
                "SELECT content, content_type FROM attachments WHERE sha256 = ?", (sha256,)
            ).fetchone()
        return None if row is None else HeldAttachment(bytes(row["content"]), row["content_type"])

    def has_attachment(self, sha256: str) -> bool:
        """Whether the attachment is held (tests)."""
        with self._lock:
            return (
                self._db.execute("SELECT 1 FROM attachments WHERE sha256 = ?", (sha256,)).fetchone()
                is not None
            )

    def issue_enrolment_code(self) -> str:
        """A new one-time enrolment code, as a technician would get from the portal."""
        alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
        chars = "".join(secrets.choice(alphabet) for _ in range(8))
        code = f"{chars[:4]}-{chars[4:]}"
        with self._lock:
            self._write("INSERT INTO enrolment_codes (code) VALUES (?)", (code,))
        return code

    def enrol(self, code: str) -> dict[str, str]:
        """Use a one-time code: a new kiosk id and its credential, or 403."""
        with self._lock:
            row = self._db.execute(
                "SELECT used_by FROM enrolment_codes WHERE code = ?", (code,)
            ).fetchone()
            if row is None or row["used_by"] is not None:
                raise _ProblemError(HTTPStatus.FORBIDDEN, "unknown or already used enrolment code")
            (count,) = self._db.execute("SELECT COUNT(*) FROM kiosks").fetchone()
            kiosk_id = f"HN-KIOSK-{count + 1:06d}"
            credential = secrets.token_urlsafe(32)
            digest = hashlib.sha256(credential.encode()).hexdigest()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "UPDATE enrolment_codes SET used_by = ? WHERE code = ?", (kiosk_id, code)
                )
                self._db.execute(
                    "INSERT INTO kiosks (kiosk_id, credential_sha256, enrolled_at) VALUES (?,?,?)",
                    (kiosk_id, digest, self._clock().isoformat()),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return {"kiosk_id": kiosk_id, "credential": credential}

    def heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> None:
        """Note that a kiosk is alive (its history, and its last heartbeat)."""
        at = self._clock().isoformat()
        text = json.dumps(body)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO heartbeats (kiosk_id, at, body) VALUES (?,?,?)",
                    (kiosk_id, at, text),
                )
                self._db.execute(
                    "INSERT INTO last_heartbeats (kiosk_id, at, body) VALUES (?,?,?)"
                    " ON CONFLICT (kiosk_id) DO UPDATE SET at = excluded.at, body = excluded.body",
                    (kiosk_id, at, text),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def heartbeats(self) -> list[tuple[str, dict[str, Any]]]:
        """Every heartbeat received (tests)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT kiosk_id, body FROM heartbeats ORDER BY rowid"
            ).fetchall()
        return [(row["kiosk_id"], json.loads(row["body"])) for row in rows]

    def kiosks(self) -> list[dict[str, Any]]:
        """Every kiosk enrolled or heard from, with its last heartbeat (or None), by id."""
        with self._lock:
            enrolled = {
                row["kiosk_id"]: row["enrolled_at"]
                for row in self._db.execute("SELECT kiosk_id, enrolled_at FROM kiosks")
            }
            last = {
                row["kiosk_id"]: {**json.loads(row["body"]), "received_at": row["at"]}
                for row in self._db.execute("SELECT kiosk_id, at, body FROM last_heartbeats")
            }
        return [
            {
                "kiosk_id": kiosk_id,
                "enrolled_at": enrolled.get(kiosk_id),
                "last_heartbeat": last.get(kiosk_id),
            }
            for kiosk_id in sorted(enrolled.keys() | last.keys())
        ]

    def kiosk_of(self, credential: str) -> str | None:
        """The kiosk a bearer credential belongs to, or None."""
        digest = hashlib.sha256(credential.encode("utf-8")).hexdigest()
        with self._lock:
            row = self._db.execute(
                "SELECT kiosk_id FROM kiosks WHERE credential_sha256 = ?", (digest,)
            ).fetchone()
        return None if row is None else str(row["kiosk_id"])

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()
