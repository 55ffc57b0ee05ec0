"""The operator's outbox commands on the ``kiosk`` command line::

    kiosk outbox status [--data-dir DIR]
    kiosk outbox failures [--data-dir DIR]
    kiosk outbox submit FILE.json [--data-dir DIR]
    kiosk outbox seal-key [--data-dir DIR] [--credstore DIR] [--with-key …] [--json]

``status`` gives counts by state, the oldest unsent submission and why it waits, and the
outbox's health; ``failures`` lists the submissions the portal refused for good; ``submit``
queues a submission from a JSON file (:mod:`kiosk.submission_file`). All as JSON, without
any personal data. ``seal-key`` seals the outbox's key with systemd-creds
(:mod:`kiosk.app.outbox_key_commands`).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.app.outbox_key_commands import add_seal_key, run_seal_key
from kiosk.app.parts import DEFAULT_DATA_DIR, kiosk_id, open_outbox
from kiosk.ports import QueueUnavailableError
from kiosk.procedures import Catalogue
from kiosk.settings import PROCEDURES_DIR, Settings
from kiosk.submission_file import SubmissionFileError, submission_from_file
from sync.enrolment import EnrolmentFileError
from sync.outbox import FailedSubmission, Outbox, OutboxRecord, OutboxState, unsent_age_s


def add_commands(subparsers: Any) -> None:
    """Register ``outbox status|failures|submit|seal-key`` on ``subparsers`` (what
    ``ArgumentParser.add_subparsers()`` returned)."""
    outbox = subparsers.add_parser("outbox", help="look into or add to the local outbox")
    outbox_sub = outbox.add_subparsers(dest="outbox_command", required=True)
    status = outbox_sub.add_parser("status", help="counts by state, as JSON")
    failures = outbox_sub.add_parser(
        "failures", help="submissions the portal refused for good, as JSON (no personal data)"
    )
    submit = outbox_sub.add_parser("submit", help="queue a submission from a JSON file")
    submit.add_argument("file", type=Path, metavar="FILE.json")
    for parser in (status, failures, submit):
        parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    add_seal_key(outbox_sub)


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run an outbox command and return its exit status; None when ``args`` is not one."""
    if getattr(args, "command", None) != "outbox":
        return None
    if args.outbox_command == "status":
        print(json.dumps(outbox_status(open_outbox(settings, args.data_dir)), indent=2))
        return 0
    if args.outbox_command == "failures":
        return print_failures(open_outbox(settings, args.data_dir))
    if args.outbox_command == "seal-key":
        return run_seal_key(args, settings)
    try:
        made_at = kiosk_id(settings, args.data_dir)
        local_id = submit_file(open_outbox(settings, args.data_dir), args.file, made_at)
    except (SubmissionFileError, EnrolmentFileError) as exc:
        print(f"kiosk outbox submit: {exc}", file=sys.stderr)
        return 2
    except QueueUnavailableError as exc:
        print(f"kiosk outbox submit: the outbox cannot take it: {exc}", file=sys.stderr)
        return 3
    print(local_id)
    return 0


def outbox_status(outbox: Outbox, now: datetime | None = None) -> dict[str, Any]:
    """Counts by state, the age of the oldest unsent submission, and the outbox's health
    (closes ``outbox``)."""
    try:
        health = outbox.health
        report: dict[str, Any] = {
            "outbox": str(outbox.db_path),
            "available": health.available,
            "alarm": health.alarm,
        }
        if health.available:
            counts = outbox.counts()
            report["counts"] = counts
            oldest = outbox.oldest_unsent()
            report["oldest_unsent_age_s"] = unsent_age_s(oldest, now or datetime.now(UTC))
            report["oldest_unsent"] = unsent_json(oldest)
            # Refused for good and kept: `kiosk outbox failures` lists them.
            report["permanent_failures"] = counts[OutboxState.FAILED.value]
        return report
    finally:
        outbox.close()


def unsent_json(record: OutboxRecord | None) -> dict[str, Any] | None:
    """Why the oldest unsent submission waits, for the operator: no personal data."""
    if record is None:
        return None
    return {
        "local_id": record.local_id,
        "tracking_code": record.tracking_code,
        "state": record.state.value,
        "attempts": record.attempts,
        "last_error": record.last_error,
        "next_attempt_at": record.next_attempt_at.isoformat() if record.next_attempt_at else None,
    }


def failure_json(failure: FailedSubmission) -> dict[str, Any]:
    """What the operator sees of one refused submission: no personal data."""
    return {
        "local_id": failure.local_id,
        "tracking_code": failure.tracking_code,
        "procedure_code": failure.procedure_code,
        "procedure_version": failure.procedure_version,
        "http_status": failure.http_status,
        "reason": failure.reason,
        "failed_at": failure.failed_at.isoformat(),
        "attempts": failure.attempts,
    }


def print_failures(outbox: Outbox) -> int:
    """``kiosk outbox failures``: a JSON array, one object per refused submission, oldest
    failure first, written as it is read (closes ``outbox``)."""
    try:
        health = outbox.health
        if not health.available:
            print(f"kiosk outbox failures: outbox unavailable: {health.alarm}", file=sys.stderr)
            return 3
        out = sys.stdout
        out.write("[")
        listed = 0
        for failure in outbox.failures():
            out.write(",\n  " if listed else "\n  ")
            out.write(json.dumps(failure_json(failure), ensure_ascii=False))
            listed += 1
        out.write("\n]\n" if listed else "]\n")
        out.flush()
        return 0
    finally:
        outbox.close()


def submit_file(outbox: Outbox, file: Path, kiosk: str) -> str:
    """Queue the submission in ``file`` as made at kiosk ``kiosk``; its local id (closes
    ``outbox``)."""
    try:
        catalogue = Catalogue.load(PROCEDURES_DIR)
        now = datetime.now(UTC)
        submission = submission_from_file(file, catalogue, kiosk, now)
        return outbox.enqueue(submission).local_id
    finally:
        outbox.close()
