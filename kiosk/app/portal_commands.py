"""The portal commands on the ``kiosk`` command line::

    kiosk enrol CODE [--portal URL] [--force] [--data-dir DIR]
    kiosk sync [--until-empty] [--timeout SECONDS] [--portal URL] [--data-dir DIR]
    kiosk portal-sim --port 8700 --data DIR [--faults SPEC] [--allow-unenrolled]
    kiosk portal-pin CERT.pem [--json]

``enrol`` stores the kiosk id and credential in ``[portal] credential_path`` (mode 0600);
``sync`` then sends that credential (and the kiosk id the portal gave) on every request.
``portal-sim`` runs the portal simulator in the foreground, for technicians and tests.
``portal-pin`` prints the ``[portal] pins`` value of each certificate in a PEM file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.app.parts import (
    DEFAULT_DATA_DIR,
    PORTAL_URL_ENV,
    credential_path,
    open_outbox,
    portal_ca_file,
    portal_client,
    portal_url,
)
from kiosk.settings import Settings
from sync.certificate_pins import pins_of_pem
from sync.enrolment import (
    AlreadyEnrolledError,
    Enrolment,
    EnrolmentFileError,
    load_enrolment,
    save_enrolment,
)
from sync.outbox import Outbox, OutboxState
from sync.portal_client import PortalClient, Rejected, RetryLater
from sync.portal_simulator import SPEC_HELP, FaultSpec, FaultSpecError, PortalSimulator
from sync.worker import SyncWorker


def add_commands(subparsers: Any) -> None:
    """Register ``portal-sim``, ``portal-pin``, ``enrol`` and ``sync`` on ``subparsers``
    (what ``ArgumentParser.add_subparsers()`` returned)."""
    pin = subparsers.add_parser(
        "portal-pin",
        help="print the certificate pin ([portal] pins) of a PEM certificate",
        description="Print the pin (sha256/ and the base64 SHA-256 of the public key) of each "
        "certificate in a PEM file, for [portal] pins. Reads the file only; sends nothing.",
    )
    pin.add_argument("certificate", type=Path, metavar="CERT.pem", help="PEM certificate(s)")
    pin.add_argument("--json", action="store_true", help="one JSON object for machines")

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

    sync = subparsers.add_parser("sync", help="send the outbox to the portal in the foreground")
    sync.add_argument("--until-empty", action="store_true", help="stop when nothing is unsent")
    sync.add_argument("--timeout", type=float, default=None, metavar="SECONDS")
    sync.add_argument(
        "--portal", default=None, metavar="URL", help=f"portal base URL (else ${PORTAL_URL_ENV})"
    )
    sync.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run a portal command and return its exit status; None when ``args`` is not one."""
    command = getattr(args, "command", None)
    if command == "portal-sim":
        return portal_sim(args.data, args.port, args.faults, allow_unenrolled=args.allow_unenrolled)
    if command == "portal-pin":
        return portal_pin(args.certificate, as_json=args.json)
    if command == "enrol":
        return enrol(settings, args.data_dir, args.code, args.portal, force=args.force)
    if command != "sync":
        return None
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


def portal_pin(path: Path, *, as_json: bool) -> int:
    """``kiosk portal-pin``: 0 and the pins, or 2 and one line saying what is wrong."""
    try:
        pins = pins_of_pem(path.read_bytes())
    except OSError as exc:
        print(f"kiosk portal-pin: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except ValueError:
        print(
            f"kiosk portal-pin: {path} holds no PEM certificate "
            "(expected -----BEGIN CERTIFICATE-----)",
            file=sys.stderr,
        )
        return 2
    if as_json:
        print(json.dumps({"certificate": str(path), "pins": pins}))
        return 0
    for number, value in enumerate(pins, 1):
        print(f"certificate {number}: {value}")
    print(f"In the site file: [portal] pins = {json.dumps(pins[:1])} (add the backup key's pin)")
    return 0


@dataclass(frozen=True)
class EnrolFailure:
    """Why the kiosk is not (newly) enrolled: ``kiosk enrol``'s exit status and its message."""

    exit_status: int
    """1 the portal could not be asked now, 2 it refused the code, 3 already enrolled
    (without ``force``) or the file cannot be read or written."""
    message: str


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
    outcome = enrol_kiosk(settings, data_dir, code, portal_url(settings, portal), force=force)
    if isinstance(outcome, EnrolFailure):
        print(f"kiosk enrol: {outcome.message}", file=sys.stderr)
        return outcome.exit_status
    path = credential_path(settings, data_dir)
    print(json.dumps({"kiosk_id": outcome.kiosk_id, "credential_path": str(path)}, indent=2))
    return 0


def enrol_kiosk(
    settings: Settings, data_dir: Path, code: str, base_url: str, *, force: bool = False
) -> Enrolment | EnrolFailure:
    """Trade ``code`` at the portal ``base_url`` for this kiosk's id and credential and store
    them in ``[portal] credential_path`` (``kiosk enrol``, and ``kiosk provision``)."""
    path = credential_path(settings, data_dir)
    if not force:
        try:
            existing = load_enrolment(path)
        except EnrolmentFileError as exc:
            return EnrolFailure(3, f"{exc}; --force replaces it")
        if existing is not None:
            return EnrolFailure(
                3,
                f"already enrolled as {existing.kiosk_id} ({path}); --force replaces the enrolment",
            )
    # The answer is the kiosk's credential: trust the portal exactly as the kiosk will.
    client = PortalClient(
        base_url,
        timeout_s=settings.portal.timeout_s,
        ca_file=portal_ca_file(settings, data_dir),
        pins=settings.portal.pins,
    )
    try:
        outcome = client.enrol(code.strip())
    finally:
        client.close()
    if isinstance(outcome, Rejected):
        return EnrolFailure(2, f"the portal refused the code: {outcome.reason}")
    if isinstance(outcome, RetryLater):
        return EnrolFailure(1, f"the portal cannot be asked now: {outcome.reason}")
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
        return EnrolFailure(
            3, f"enrolled as {kiosk_id} but not stored ({exc}); ask the portal for a new code"
        )
    return enrolment


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
