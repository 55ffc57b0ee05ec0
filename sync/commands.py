"""Technician commands of the sync layer, for the ``kiosk`` command line.

``kiosk/cli.py`` registers them with :func:`add_commands` and hands the parsed arguments to
:func:`run_command`, which returns None for commands that are not ours::

    kiosk portal-sim --port 8700 --data DIR [--faults SPEC] [--allow-unenrolled]
    kiosk enrol CODE [--portal URL] [--force] [--data-dir DIR]
    kiosk outbox status [--data-dir DIR]
    kiosk outbox failures [--data-dir DIR]
    kiosk outbox submit FILE.json [--data-dir DIR]
    kiosk sync [--until-empty] [--timeout SECONDS] [--portal URL] [--data-dir DIR]

``enrol`` stores the kiosk id and credential in ``[portal] credential_path`` (mode 0600);
``sync`` then sends that credential (and the kiosk id the portal gave) on every request.
``outbox failures`` lists the submissions the portal refused for good, as JSON, without any
personal data.

``outbox submit`` reads a JSON file shaped like::

    {"procedure": "dang-ky-tam-tru", "version": 1,
     "applicant": {"full_name": "...", "id_number": "...", "date_of_birth": "15/03/1984"},
     "answers": {"stay_address": "...", "stay_months": "6", "housing_basis": "rent"}}

and checks every answer against the installed procedure exactly as the touch screen does
(``kiosk.answers.check_answer``, questions hidden by their condition dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.answers import Invalid, check_answer
from kiosk.ports import QueueUnavailableError
from kiosk.procedures import Catalogue, Procedure, QuestionType
from kiosk.settings import CONFIG_DIR, Settings, in_data_dir
from kiosk.submission import Submission, new_tracking_code, new_ulid
from sync.enrolment import (
    AlreadyEnrolledError,
    Enrolment,
    EnrolmentFileError,
    load_enrolment,
    save_enrolment,
)
from sync.outbox import FailedSubmission, Outbox, OutboxRecord, OutboxState, unsent_age_s
from sync.portal_client import PortalClient, Rejected, RetryLater
from sync.portal_faults import SPEC_HELP, FaultSpec, FaultSpecError
from sync.portal_simulator import PortalSimulator
from sync.worker import SyncWorker

DEFAULT_DATA_DIR = Path("/var/lib/kiosk")
PORTAL_URL_ENV = "KIOSK_PORTAL__BASE_URL"
OUR_COMMANDS = frozenset({"portal-sim", "outbox", "sync", "enrol"})


class SubmissionFileError(Exception):
    """The JSON file cannot become a submission; the message says what to fix."""


def add_commands(subparsers: Any) -> None:
    """Register ``portal-sim``, ``enrol``, ``outbox status|failures|submit`` and ``sync`` on
    ``subparsers`` (what ``ArgumentParser.add_subparsers()`` returned)."""
    sim = subparsers.add_parser(
        "portal-sim",
        help="run the portal simulator in the foreground",
        description="Run the city-portal simulator on 127.0.0.1 until Ctrl+C.",
        epilog="fault SPEC (--faults):\n" + SPEC_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sim.add_argument("--port", type=int, default=8700, help="TCP port (default 8700)")
    sim.add_argument("--data", type=Path, required=True, help="directory of portal.sqlite3")
    sim.add_argument("--faults", default="", metavar="SPEC", help="faults to inject (below)")
    sim.add_argument(
        "--allow-unenrolled",
        action="store_true",
        help="accept requests without a kiosk credential (else 401)",
    )

    enrol = subparsers.add_parser(
        "enrol",
        help="enrol this kiosk with the portal (one-time code)",
        description="Trade a one-time enrolment code from the portal for this kiosk's id and "
        "credential, and keep them in [portal] credential_path (mode 0600).",
    )
    enrol.add_argument("code", metavar="CODE", help="the one-time enrolment code")
    enrol.add_argument(
        "--portal", default=None, metavar="URL", help=f"portal base URL (else ${PORTAL_URL_ENV})"
    )
    enrol.add_argument("--force", action="store_true", help="replace an existing enrolment")
    enrol.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)

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

    sync = subparsers.add_parser("sync", help="send the outbox to the portal in the foreground")
    sync.add_argument("--until-empty", action="store_true", help="stop when nothing is unsent")
    sync.add_argument("--timeout", type=float, default=None, metavar="SECONDS")
    sync.add_argument(
        "--portal", default=None, metavar="URL", help=f"portal base URL (else ${PORTAL_URL_ENV})"
    )
    sync.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run one of our commands and return its exit status; None when it is not ours."""
    command = getattr(args, "command", None)
    if command not in OUR_COMMANDS:
        return None
    if command == "portal-sim":
        return portal_sim(args.data, args.port, args.faults, allow_unenrolled=args.allow_unenrolled)
    if command == "enrol":
        return enrol(settings, args.data_dir, args.code, args.portal, force=args.force)
    if command == "sync":
        try:
            client = portal_client(settings, args.data_dir, portal_url(settings, args.portal))
        except EnrolmentFileError as exc:
            print(f"kiosk sync: {exc}", file=sys.stderr)
            return 2
        return sync_foreground(
            open_outbox(settings, args.data_dir),
            client,
            settings,
            until_empty=args.until_empty,
            timeout_s=args.timeout,
        )
    if args.outbox_command == "status":
        print(json.dumps(outbox_status(open_outbox(settings, args.data_dir)), indent=2))
        return 0
    if args.outbox_command == "failures":
        return print_failures(open_outbox(settings, args.data_dir))
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


def outbox_path(settings: Settings, data_dir: Path) -> Path:
    """The outbox file: ``settings.outbox.path``, relative to ``data_dir`` unless absolute."""
    return in_data_dir(settings.outbox.path, data_dir)


def open_outbox(settings: Settings, data_dir: Path) -> Outbox:
    """The kiosk's outbox as configured: its file, its key and its retention."""
    return Outbox(
        outbox_path(settings, data_dir),
        key_path=in_data_dir(settings.outbox.key_path, data_dir),
        retention=timedelta(days=settings.outbox.retention_days),
    )


def portal_url(settings: Settings, override: str | None = None) -> str:
    """``--portal``, else ``$KIOSK_PORTAL__BASE_URL``, else the settings."""
    return override or os.environ.get(PORTAL_URL_ENV) or settings.portal.base_url


def credential_path(settings: Settings, data_dir: Path) -> Path:
    """The enrolment file: ``[portal] credential_path``, relative to ``data_dir`` unless
    absolute."""
    return in_data_dir(settings.portal.credential_path, data_dir)


def kiosk_id(settings: Settings, data_dir: Path) -> str:
    """The id this kiosk goes by: the one the portal gave at enrolment, else ``[kiosk] id``.

    Raises :class:`~sync.enrolment.EnrolmentFileError` for an unusable enrolment file."""
    enrolment = load_enrolment(credential_path(settings, data_dir))
    return enrolment.kiosk_id if enrolment else settings.kiosk.id


def portal_client(
    settings: Settings, data_dir: Path, base_url: str, timeout_s: float | None = None
) -> PortalClient:
    """The portal client as configured: with the stored enrolment's kiosk id and credential
    when the kiosk is enrolled, else ``[kiosk] id`` and no credential. ``timeout_s``
    replaces ``[portal] timeout_s`` (a resident waiting at a screen cannot wait as long).

    Raises :class:`~sync.enrolment.EnrolmentFileError` for an unusable enrolment file."""
    enrolment = load_enrolment(credential_path(settings, data_dir))
    return PortalClient(
        base_url,
        timeout_s=timeout_s or settings.portal.timeout_s,
        kiosk_id=enrolment.kiosk_id if enrolment else settings.kiosk.id,
        credential=enrolment.credential if enrolment else "",
    )


def enrol(
    settings: Settings,
    data_dir: Path,
    code: str,
    portal: str | None = None,
    *,
    force: bool = False,
) -> int:
    """``kiosk enrol``: 0 enrolled, 1 the portal could not be asked now, 2 the portal refused
    the code, 3 already enrolled (without ``force``) or the file cannot be written."""
    path = credential_path(settings, data_dir)
    if not force:
        try:
            existing = load_enrolment(path)
        except EnrolmentFileError as exc:
            print(f"kiosk enrol: {exc}; --force replaces it", file=sys.stderr)
            return 3
        if existing is not None:
            print(
                f"kiosk enrol: already enrolled as {existing.kiosk_id} ({path}); "
                "--force replaces the enrolment",
                file=sys.stderr,
            )
            return 3
    base_url = portal_url(settings, portal)
    client = PortalClient(base_url, timeout_s=settings.portal.timeout_s)
    try:
        outcome = client.enrol(code.strip())
    finally:
        client.close()
    if isinstance(outcome, Rejected):
        print(f"kiosk enrol: the portal refused the code: {outcome.reason}", file=sys.stderr)
        return 2
    if isinstance(outcome, RetryLater):
        print(f"kiosk enrol: the portal cannot be asked now: {outcome.reason}", file=sys.stderr)
        return 1
    kiosk_id, credential = outcome
    enrolment = Enrolment(
        kiosk_id=kiosk_id,
        credential=credential,
        portal=base_url,
        enrolled_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    try:
        save_enrolment(path, enrolment, force=force)
    except (AlreadyEnrolledError, OSError) as exc:
        # The one-time code is spent: say so, the technician needs a new one.
        print(
            f"kiosk enrol: enrolled as {kiosk_id} but not stored ({exc}); "
            "ask the portal for a new code",
            file=sys.stderr,
        )
        return 3
    print(json.dumps({"kiosk_id": kiosk_id, "credential_path": str(path)}, indent=2))
    return 0


def portal_sim(
    data_dir: Path, port: int, faults: str = "", *, allow_unenrolled: bool = False
) -> int:
    """Run the simulator until interrupted."""
    try:
        spec = FaultSpec.parse(faults)
    except FaultSpecError as exc:
        print(f"kiosk portal-sim: --faults {exc}", file=sys.stderr)
        return 2
    simulator = PortalSimulator(data_dir, port=port, faults=spec, allow_unenrolled=allow_unenrolled)
    print(f"portal simulator on {simulator.start()}", flush=True)
    print(f"one-time enrolment code: {simulator.issue_enrolment_code()}", flush=True)
    try:
        simulator.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
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


def submission_from_file(
    file: Path, catalogue: Catalogue, kiosk_id: str, now: datetime
) -> Submission:
    """A submission from a JSON file, checked against its procedure as the screen does."""
    try:
        data: Any = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SubmissionFileError(f"{file}: cannot read JSON ({exc})") from None
    if not isinstance(data, dict):
        raise SubmissionFileError(f"{file}: expected a JSON object")
    procedure = catalogue.get(str(data.get("procedure", "")))
    if procedure is None:
        raise SubmissionFileError(f"{file}: unknown procedure {data.get('procedure')!r}")
    version = data.get("version", procedure.version)
    if version != procedure.version:
        raise SubmissionFileError(
            f"{file}: procedure {procedure.code} is installed at version {procedure.version}"
        )
    raw_applicant = data.get("applicant", {})
    raw_answers = data.get("answers", {})
    if not isinstance(raw_applicant, dict) or not isinstance(raw_answers, dict):
        raise SubmissionFileError(f"{file}: 'applicant' and 'answers' must be objects")
    applicant, answers = _checked(procedure, raw_applicant, raw_answers, now, file)
    return Submission(
        local_id=new_ulid(now),
        tracking_code=new_tracking_code(),
        procedure_code=procedure.code,
        procedure_version=procedure.version,
        kiosk_id=kiosk_id,
        created_at=now,
        applicant=applicant,
        answers=answers,
    )


def _checked(
    procedure: Procedure,
    raw_applicant: dict[str, Any],
    raw_answers: dict[str, Any],
    now: datetime,
    file: Path,
) -> tuple[dict[str, str], dict[str, str]]:
    known_ids = {q.id for q in procedure.questions}
    unknown = sorted(set(raw_answers) - known_ids)
    if unknown:
        raise SubmissionFileError(f"{file}: no such question(s): {', '.join(unknown)}")
    applicant: dict[str, str] = {"source": str(raw_applicant.get("source", "typed"))}
    answers: dict[str, str] = {}
    checked: dict[str, str] = {}
    problems: list[str] = []
    for q in procedure.questions:
        if q.show_if is not None:
            target = procedure.question(q.show_if.question_id)
            multiple = target.type is QuestionType.MULTI_CHOICE
            if target.id not in checked or not q.show_if.holds(checked[target.id], multiple):
                continue  # hidden on the screen too: its answer is not sent
        raw = raw_answers.get(q.id)
        if raw is None and q.identity is not None:
            raw = raw_applicant.get(q.identity.value)
        result = check_answer(q, "" if raw is None else str(raw), now.date())
        if isinstance(result, Invalid):
            problems.append(f"{q.id}: {result.message.en}")
            continue
        checked[q.id] = result
        if q.identity is not None:
            applicant[q.identity.value] = result
        else:
            answers[q.id] = result
    if problems:
        raise SubmissionFileError(f"{file}: " + "; ".join(problems))
    return applicant, answers


def submit_file(outbox: Outbox, file: Path, kiosk: str) -> str:
    """Queue the submission in ``file`` as made at kiosk ``kiosk``; its local id (closes
    ``outbox``)."""
    try:
        catalogue = Catalogue.load(CONFIG_DIR / "procedures")
        now = datetime.now(UTC)
        submission = submission_from_file(file, catalogue, kiosk, now)
        return outbox.enqueue(submission).local_id
    finally:
        outbox.close()


def sync_foreground(
    outbox: Outbox,
    client: PortalClient,
    settings: Settings,
    *,
    until_empty: bool = False,
    timeout_s: float | None = None,
    round_pause_s: float = 0.2,
) -> int:
    """Run the worker here (heartbeat included); 0 when done (or interrupted), 1 when
    ``timeout_s`` ran out first.

    Closes ``outbox`` and ``client`` at the end."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    worker = SyncWorker(outbox, client, heartbeat_interval_s=settings.sync.heartbeat_interval_s)
    try:
        outbox.requeue_interrupted()
        while True:
            worker.run_round()
            if until_empty and _unsent(outbox) == 0:
                return 0
            if deadline is not None and time.monotonic() >= deadline:
                return 1
            time.sleep(round_pause_s)
    except KeyboardInterrupt:
        return 0
    finally:
        client.close()
        outbox.close()


def _unsent(outbox: Outbox) -> int:
    counts = outbox.counts()
    return counts[OutboxState.QUEUED.value] + counts[OutboxState.SENDING.value]
