"""``kiosk provision``: make a new kiosk this site's, in one go, for the installing technician::

    kiosk provision --portal URL --code CODE --building TEXT --ward CODE
                    [--printer CONNECTION] [--pin-file FILE] [--site-config FILE]
                    [--data-dir DIR] [--force] [--json] [--demo] [--print-test]

A value not given is asked for on a terminal (the PIN twice, unseen), else kept from the site
file (a first provisioning needs them all). In order:

1. every value is checked (the portal's address, the code's shape, the ward in Hanoi's list,
   the building, the printer connection, the PIN), and the configuration they make;
2. the portal must answer;
3. the site configuration (``--site-config``, else ``kiosk --config``, else ``$KIOSK_CONFIG``,
   else ``/etc/kiosk/site.toml``) is staged beside it, only the keys that differ changed;
4. the kiosk enrols with the portal (as ``kiosk enrol``), unless it is enrolled with this
   portal already (``--force`` enrols again, with a new code);
5. the configuration, with ``[kiosk] id`` the id the portal gave, is put in place (all at
   once; an enrolment that failed leaves the old file as it was), and the technician PIN is
   set (an argon2id hash only, :mod:`kiosk.technician_pin`);
6. the self-test runs, and a receipt is printed: the kiosk id (also as a QR code), the
   building, the ward, the software version, and the self-test's outcome with what to do.

Running it again with the same values changes nothing. Exit status: 0 provisioned and the
self-test passed; 1 provisioned, but the self-test failed (the receipt says what to do);
2 a value is missing or wrong (nothing written); 3 the portal cannot be reached (nothing
written); 4 the portal refused the code (nothing written); 5 a file cannot be written.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO

import segno

from kiosk.app.health_source import package_version
from kiosk.app.parts import DEFAULT_DATA_DIR, credential_path
from kiosk.app.portal_commands import EnrolFailure, enrol_kiosk
from kiosk.app.provision_values import (
    PRINTER_FORMS,
    BadValueError,
    check_building,
    check_enrolment_code,
    check_portal_url,
    check_ward,
    parse_printer,
)
from kiosk.app.site_config import (
    SiteConfigError,
    StagedFile,
    changed_keys,
    read_site_config,
    updated_text,
)
from kiosk.health import SyncErrorKind
from kiosk.selftest import Check, CheckStatus, passed, summary
from kiosk.settings import Settings, SettingsError, load_settings
from kiosk.technician_pin import PinError, PinStore, check_pin_format
from kiosk.units import Unit, hanoi_units
from sync.enrolment import Enrolment, EnrolmentFileError, load_enrolment
from sync.portal_client import PortalClient, RetryLater

OK, SELFTEST_FAILED, BAD_INPUT, UNREACHABLE, CODE_REFUSED, NOT_WRITTEN = 0, 1, 2, 3, 4, 5
DEFAULT_SITE_CONFIG = Path("/etc/kiosk/site.toml")
PROMPT_TRIES = 3
UNREACHABLE_KINDS = (SyncErrorKind.NETWORK, SyncErrorKind.TIMEOUT)

SelfTest = Callable[[Settings, Path, bool, bool], list[Check]]
"""``(settings, data_dir, demo, print_test) -> checks``."""


class Prompter(Protocol):
    """Asks the technician at a terminal."""

    def ask(self, question: str, default: str = "") -> str:
        """One line typed (``default`` when nothing is)."""

    def secret(self, question: str) -> str:
        """One line typed unseen."""

    def say(self, text: str) -> None:
        """Tell the technician something (not part of the receipt)."""


class TerminalPrompter:
    """Prompts on standard error, answers from standard input; secrets through getpass."""

    def ask(self, question: str, default: str = "") -> str:
        shown = f"{question} [{default}]: " if default else f"{question}: "
        print(shown, end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        return line.strip() or default

    def secret(self, question: str) -> str:
        try:
            return getpass.getpass(f"{question}: ")
        except EOFError:
            return ""

    def say(self, text: str) -> None:
        print(text, file=sys.stderr)


@dataclass(frozen=True)
class Request:
    """What the technician gave on the command line (None: not given)."""

    portal: str | None = None
    code: str | None = None
    building: str | None = None
    ward: str | None = None
    printer: str | None = None
    pin_file: Path | None = None
    force: bool = False
    demo: bool = False
    print_test: bool = False


@dataclass(frozen=True)
class Plan:
    """The checked values, and what provisioning will do with them."""

    portal: str
    building: str
    ward: Unit
    printer: tuple[str, str] | None
    code: str | None
    """None: the kiosk stays enrolled as it is."""
    pin: str | None
    """None: the PIN already set stays."""
    enrolment: Enrolment | None
    """The enrolment kept (when ``code`` is None)."""
    replace: bool = False
    """Enrol even though an enrolment is stored (``--force``)."""


class ProvisionError(Exception):
    """Provisioning stops here: the exit status and what to tell the technician."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def add_commands(subparsers: Any) -> None:
    """Register ``provision`` on ``subparsers`` (what ``ArgumentParser.add_subparsers()``
    returned)."""
    p = subparsers.add_parser(
        "provision",
        help="make this kiosk the site's: configuration, enrolment, technician PIN, self-test",
        description=__doc__.split("::")[0].strip() if __doc__ else None,
        epilog=__doc__.split("::", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--portal", metavar="URL", help="the portal's base address (https://…)")
    p.add_argument("--code", metavar="CODE", help="the one-time enrolment code from the portal")
    p.add_argument("--building", metavar="TEXT", help="the building, as printed on receipts")
    p.add_argument("--ward", metavar="CODE", help="the ward's 5-digit code (config/units)")
    p.add_argument("--printer", metavar="CONNECTION", help=f"the receipt printer: {PRINTER_FORMS}")
    p.add_argument(
        "--pin-file", type=Path, metavar="FILE", help="the technician PIN: the file's first line"
    )
    p.add_argument(
        "--site-config",
        type=Path,
        metavar="FILE",
        help="the site configuration to write (else `kiosk --config`, else $KIOSK_CONFIG, "
        f"else {DEFAULT_SITE_CONFIG})",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        metavar="DIR",
        help=f"the kiosk's data directory: enrolment, PIN (default {DEFAULT_DATA_DIR})",
    )
    p.add_argument("--force", action="store_true", help="enrol again, even with the same portal")
    p.add_argument("--json", action="store_true", help="the receipt as one JSON object")
    p.add_argument(
        "--demo",
        action="store_true",
        help="self-test the simulated devices instead (in a scratch directory), as `kiosk demo`",
    )
    p.add_argument(
        "--print-test", action="store_true", help="print the test page as part of the self-test"
    )


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run ``kiosk provision`` and return its exit status; None when ``args`` is not it."""
    if getattr(args, "command", None) != "provision":
        return None
    request = Request(
        portal=args.portal,
        code=args.code,
        building=args.building,
        ward=args.ward,
        printer=args.printer,
        pin_file=args.pin_file,
        force=args.force,
        demo=args.demo,
        print_test=args.print_test,
    )
    return provision(
        request,
        site_config_path(args.site_config, getattr(args, "config", None)),
        args.data_dir,
        prompter=TerminalPrompter() if sys.stdin.isatty() else None,
        as_json=args.json,
        out=sys.stdout,
        err=sys.stderr,
    )


def site_config_path(given: Path | None, config_option: Path | None = None) -> Path:
    """``--site-config``, else ``kiosk --config``, else ``$KIOSK_CONFIG``, else the default."""
    env = os.environ.get("KIOSK_CONFIG")
    return given or config_option or (Path(env) if env else DEFAULT_SITE_CONFIG)


def provision(
    request: Request,
    site_path: Path,
    data_dir: Path,
    *,
    prompter: Prompter | None,
    as_json: bool,
    out: TextIO,
    err: TextIO,
    selftest: SelfTest | None = None,
) -> int:
    """Provision the kiosk (see the module); its exit status."""
    staged = StagedFile(site_path)
    try:
        text, values = _read(site_path)
        plan = make_plan(request, values, data_dir, prompter)
        new_text, settings = _configuration(site_path, text, plan)
        check_reachable(plan.portal, settings.portal.timeout_s)
        _check_writable(data_dir, credential_path(settings, data_dir))
        if new_text != text:
            _stage(staged, new_text)  # the file can be written: before the code is spent
        enrolment = _enrol(plan, settings, data_dir, staged)
        final_text = _text(site_path, text, _all_changes(plan, enrolment.kiosk_id))
        if final_text != text:
            if final_text != new_text:  # with the kiosk id the portal gave
                _stage(staged, final_text)
            _commit(staged, enrolment)
        pin_changed = _set_pin(plan, data_dir)
        hand_back(data_dir, credential_path(settings, data_dir), *_pin_files(data_dir))
    except ProvisionError as failure:
        staged.discard()
        print(f"kiosk provision: {failure.message}", file=err)
        return failure.status
    settings = load_settings(site_path)
    run = selftest or _run_selftest
    checks = run(settings, data_dir, request.demo, request.print_test)
    receipt = Receipt(
        kiosk_id=enrolment.kiosk_id,
        enrolled_now=plan.code is not None,
        building=plan.building,
        ward=plan.ward,
        portal=plan.portal,
        version=package_version(),
        site_config=site_path,
        changed=[
            f"{section}.{key}"
            for section, key in changed_keys(values, _all_changes(plan, enrolment.kiosk_id))
        ],
        pin="set" if pin_changed else "unchanged",
        checks=checks,
    )
    if as_json:
        print(json.dumps(receipt.to_json(), ensure_ascii=False, indent=2), file=out)
    else:
        receipt.write(out)
    if not passed(checks):
        print(
            "kiosk provision: the self-test failed (see above for what to do). The configuration, "
            "the enrolment and the PIN are in place: fix what failed, then run `kiosk selftest` "
            "or this command again.",
            file=err,
        )
        return SELFTEST_FAILED
    return OK


# --- the values --------------------------------------------------------------------------
def make_plan(
    request: Request, values: dict[str, Any], data_dir: Path, prompter: Prompter | None
) -> Plan:
    """Every value checked (asked for on a terminal when missing), or :class:`ProvisionError`
    naming every problem at once."""
    problems: list[str] = []
    site_kiosk = _table(values, "kiosk")
    site_portal = _table(values, "portal")

    def value(
        name: str, given: str | None, current: Any, check: Callable[[str], Any], question: str
    ) -> Any:
        try:
            return _value(name, given, current, check, question, prompter)
        except BadValueError as exc:
            problems.append(str(exc))
            return None

    units = hanoi_units()
    portal = value(
        "portal", request.portal, site_portal.get("base_url"), check_portal_url, "Portal address"
    )
    building = value(
        "building",
        request.building,
        site_kiosk.get("building_vi"),
        check_building,
        "Building (as printed on receipts)",
    )
    ward = value(
        "ward",
        request.ward,
        site_kiosk.get("ward") or None,
        lambda code: check_ward(code, units),
        "Ward (5-digit code)",
    )
    printer = None
    if request.printer is not None:
        width = _table(values, "printer").get("width_dots", 576)
        try:
            printer = parse_printer(request.printer, width if width in (384, 576) else 576)
        except BadValueError as exc:
            problems.append(str(exc))
    enrolment, needs_code = _enrolment_needed(request, values, data_dir, portal, problems)
    code = None
    if needs_code:
        code = value("code", request.code, None, check_enrolment_code, "Enrolment code")
    elif request.code is not None:
        try:
            check_enrolment_code(request.code)
        except BadValueError as exc:
            problems.append(str(exc))
    pin = _pin(request, data_dir, prompter, problems)
    if problems:
        raise ProvisionError(BAD_INPUT, _list(problems))
    return Plan(
        portal=portal,
        building=building,
        ward=ward,
        printer=printer,
        code=code,
        pin=pin,
        enrolment=enrolment,
        replace=request.force,
    )


def _value(
    name: str,
    given: str | None,
    current: Any,
    check: Callable[[str], Any],
    question: str,
    prompter: Prompter | None,
) -> Any:
    """The option's value checked; missing, asked for on a terminal (again when wrong), else
    the site file's value, else :class:`BadValueError`."""
    if given is not None:
        return check(given)
    if prompter is not None:
        for attempt in range(PROMPT_TRIES):
            answer = prompter.ask(question, str(current) if isinstance(current, str) else "")
            try:
                return check(answer)
            except BadValueError as exc:
                if attempt == PROMPT_TRIES - 1:
                    raise
                prompter.say(str(exc))
    if isinstance(current, str) and current:
        return check(current)
    raise BadValueError(f"--{name} is missing: give it, or run this on a terminal to be asked")


def _enrolment_needed(
    request: Request,
    values: dict[str, Any],
    data_dir: Path,
    portal: str | None,
    problems: list[str],
) -> tuple[Enrolment | None, bool]:
    """The enrolment to keep, and whether a new one is needed (then a code is)."""
    path = _credential_path(values, data_dir)
    try:
        existing = load_enrolment(path)
    except EnrolmentFileError as exc:
        if not request.force:
            problems.append(f"{exc}: add --force to enrol again (with a new code)")
        return None, True
    if existing is None or request.force:
        return None, True
    if portal is not None and existing.portal and existing.portal.rstrip("/") != portal:
        problems.append(
            f"this kiosk is enrolled as {existing.kiosk_id} with {existing.portal}; to enrol "
            f"with {portal} instead, add --force and a new code from that portal"
        )
    return existing, False


def _pin(
    request: Request, data_dir: Path, prompter: Prompter | None, problems: list[str]
) -> str | None:
    """The PIN to set, or None to keep the one set (problems noted)."""
    is_set = PinStore(data_dir).is_set()
    if request.pin_file is not None:
        try:
            first = request.pin_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"--pin-file {request.pin_file}: cannot be read ({exc})")
            return None
        try:
            return check_pin_format(first[0].strip() if first else "")
        except PinError as exc:
            problems.append(f"--pin-file {request.pin_file}: {exc} on its first line")
            return None
    if prompter is not None:
        keep = " (Enter keeps the current one)" if is_set else ""
        for _ in range(PROMPT_TRIES):
            pin = prompter.secret(f"Technician PIN, 6 to 12 digits{keep}")
            if not pin and is_set:
                return None
            try:
                check_pin_format(pin)
            except PinError as exc:
                prompter.say(str(exc))
                continue
            if prompter.secret("The same PIN again") == pin:
                return pin
            prompter.say("the two PINs differ: type it again")
        problems.append("no technician PIN was set: run this again and type it carefully")
        return None
    if is_set:
        return None
    problems.append(
        "no technician PIN: give --pin-file FILE (its first line: 6 to 12 digits), "
        "or run this on a terminal to type it"
    )
    return None


# --- the configuration -------------------------------------------------------------------
def _read(site_path: Path) -> tuple[str | None, dict[str, Any]]:
    try:
        return read_site_config(site_path)
    except SiteConfigError as exc:
        raise ProvisionError(BAD_INPUT, str(exc)) from None


def _configuration(site_path: Path, text: str | None, plan: Plan) -> tuple[str, Settings]:
    """The site file's new text (the kiosk id still the one it has), and the settings it
    makes, checked as the kiosk will read them."""
    kept_id = plan.enrolment.kiosk_id if plan.enrolment else None
    new_text = _text(site_path, text, _all_changes(plan, kept_id))
    with tempfile.TemporaryDirectory(prefix="kiosk-provision-") as scratch:
        candidate = Path(scratch) / site_path.name
        candidate.write_text(new_text, encoding="utf-8")
        try:
            settings = load_settings(candidate)
        except SettingsError as exc:
            reason = str(exc).replace(str(candidate), str(site_path))
            raise ProvisionError(
                BAD_INPUT, f"the configuration would not be valid: {reason}"
            ) from None
    return new_text, settings


def _text(site_path: Path, text: str | None, changes: dict[tuple[str, str], str]) -> str:
    try:
        return updated_text(text, changes)
    except SiteConfigError as exc:
        raise ProvisionError(BAD_INPUT, f"{site_path}: {exc}") from None


def _all_changes(plan: Plan, kiosk_id: str | None) -> dict[tuple[str, str], str]:
    """The keys provisioning sets: ``[kiosk]`` building, ward and (once known) id,
    ``[portal] base_url``, and the printer's connection when one was given."""
    changes = {
        ("kiosk", "building_vi"): plan.building,
        ("kiosk", "ward"): plan.ward.code,
        ("portal", "base_url"): plan.portal,
    }
    if kiosk_id:
        changes["kiosk", "id"] = kiosk_id
    if plan.printer is not None:
        changes["printer", "connection"], changes["printer", "target"] = plan.printer
    return changes


def _stage(staged: StagedFile, text: str) -> None:
    try:
        staged.write(text)
    except SiteConfigError as exc:
        raise ProvisionError(
            NOT_WRITTEN, f"{exc}: run as a user who may write it (sudo), then run this again"
        ) from None


def _commit(staged: StagedFile, enrolment: Enrolment) -> None:
    try:
        staged.commit()
    except SiteConfigError as exc:
        raise ProvisionError(
            NOT_WRITTEN,
            f"enrolled as {enrolment.kiosk_id}, but {exc}: fix that and run this again "
            "(the enrolment is kept, no new code needed)",
        ) from None


def _check_writable(data_dir: Path, credential: Path) -> None:
    """:class:`ProvisionError` unless the enrolment and the PIN can be stored (before the
    one-time code is spent)."""
    for directory in dict.fromkeys((data_dir, credential.parent)):
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProvisionError(
                NOT_WRITTEN, f"{directory} cannot be made ({exc}): run this as root (sudo)"
            ) from None
        if not os.access(directory, os.W_OK | os.X_OK):
            raise ProvisionError(
                NOT_WRITTEN, f"{directory} cannot be written: run this as root (sudo)"
            )


def _credential_path(values: dict[str, Any], data_dir: Path) -> Path:
    """``[portal] credential_path`` as the site file (or the environment) sets it."""
    configured = os.environ.get("KIOSK_PORTAL__CREDENTIAL_PATH") or _table(values, "portal").get(
        "credential_path"
    )
    if isinstance(configured, str) and configured:
        path = Path(configured)
        return path if path.is_absolute() else data_dir / path
    return data_dir / "portal-credential.json"


# --- the portal, the enrolment, the PIN --------------------------------------------------
def check_reachable(base_url: str, timeout_s: float) -> None:
    """:class:`ProvisionError` unless the portal at ``base_url`` answers (any answer will do:
    an unenrolled kiosk is refused most things)."""
    client = PortalClient(base_url, timeout_s=timeout_s)
    try:
        outcome = client.catalogue()
    finally:
        client.close()
    if isinstance(outcome, RetryLater) and outcome.kind in UNREACHABLE_KINDS:
        raise ProvisionError(
            UNREACHABLE,
            f"the portal at {base_url} cannot be reached ({outcome.reason}): check the network "
            "cable or Wi-Fi, that the address is right, and that the portal is up; then run "
            "this again (nothing was written)",
        )


def _enrol(plan: Plan, settings: Settings, data_dir: Path, staged: StagedFile) -> Enrolment:
    """The enrolment kept, or a new one (the staged configuration is thrown away if none)."""
    if plan.code is None:
        assert plan.enrolment is not None
        return plan.enrolment
    outcome = enrol_kiosk(settings, data_dir, plan.code, plan.portal, force=plan.replace)
    if isinstance(outcome, Enrolment):
        return outcome
    staged.discard()
    raise ProvisionError(*_enrol_failure(outcome, credential_path(settings, data_dir)))


def _enrol_failure(failure: EnrolFailure, path: Path) -> tuple[int, str]:
    if failure.exit_status == 2:
        return CODE_REFUSED, (
            f"{failure.message}: ask the portal for a new enrolment code (a code works once), "
            "then run this again (nothing was written)"
        )
    if failure.exit_status == 1:
        return UNREACHABLE, (f"{failure.message}: try again in a few minutes (nothing was written)")
    return NOT_WRITTEN, f"{failure.message} ({path}); nothing else was written"


def _set_pin(plan: Plan, data_dir: Path) -> bool:
    if plan.pin is None:
        return False
    try:
        return PinStore(data_dir).set_pin(plan.pin)
    except OSError as exc:
        raise ProvisionError(
            NOT_WRITTEN,
            f"the technician PIN cannot be stored in {data_dir} ({exc}); the configuration "
            "and the enrolment are in place: fix that and run this again",
        ) from None


def _pin_files(data_dir: Path) -> tuple[Path, Path]:
    store = PinStore(data_dir)
    return store.pin_path, store.lock_path


def hand_back(data_dir: Path, *paths: Path) -> None:
    """Give ``paths`` that exist to the owner and group of ``data_dir``: provisioning runs as
    root, the kiosk as its own user, which must read its enrolment and PIN and keep the
    PIN's lock. (Nothing to do, and nothing done, when not root.)"""
    if os.geteuid() != 0:
        return
    owner = data_dir.stat()
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.chown(path, owner.st_uid, owner.st_gid)


def _run_selftest(settings: Settings, data_dir: Path, demo: bool, print_test: bool) -> list[Check]:
    """The self-test of the kiosk as configured; with ``demo``, of the simulated devices in a
    scratch directory (the demo's self-test fills its data directory as ``kiosk demo`` does,
    and its embedded portal would not know this kiosk's credential)."""
    from kiosk.app.selftest_checks import run_selftest

    if not demo:
        return run_selftest(settings, data_dir, demo=False, print_test=print_test)
    with tempfile.TemporaryDirectory(prefix="kiosk-provision-demo-") as scratch:
        return run_selftest(settings, Path(scratch), demo=True, print_test=print_test)


# --- the receipt -------------------------------------------------------------------------
@dataclass(frozen=True)
class Receipt:
    """What provisioning did, for the technician's records."""

    kiosk_id: str
    enrolled_now: bool
    building: str
    ward: Unit
    portal: str
    version: str
    site_config: Path
    changed: list[str]
    pin: str
    checks: list[Check]

    def to_json(self) -> dict[str, Any]:
        """The receipt as one JSON-ready object."""
        return {
            "ok": passed(self.checks),
            "kiosk_id": self.kiosk_id,
            "enrolled": "now" if self.enrolled_now else "kept",
            "building": self.building,
            "ward": {"code": self.ward.code, "name": self.ward.name},
            "portal": self.portal,
            "version": self.version,
            "site_config": {"path": str(self.site_config), "changed": self.changed},
            "technician_pin": self.pin,
            "selftest": {
                "summary": summary(self.checks).value,
                "passed": passed(self.checks),
                "checks": [c.to_json() for c in self.checks],
            },
        }

    def write(self, out: TextIO) -> None:
        """The receipt for people: a table, what to see to, and the kiosk id as a QR code."""
        worst = summary(self.checks)
        failed = [c for c in self.checks if c.status is CheckStatus.FAILED]
        warned = [c for c in self.checks if c.status is CheckStatus.WARNING]
        if worst is CheckStatus.OK:
            outcome = f"ok ({len(self.checks)} checks)"
        elif worst is CheckStatus.WARNING:
            outcome = f"passed, {len(warned)} to look at ({len(self.checks)} checks)"
        else:
            outcome = f"FAILED: {len(failed)} of {len(self.checks)} checks"
        rows = [
            ("kiosk id", f"{self.kiosk_id} ({'enrolled now' if self.enrolled_now else 'kept'})"),
            ("building", self.building),
            ("ward", f"{self.ward.code} {self.ward.name}"),
            ("portal", self.portal),
            ("software", self.version),
            (
                "configuration",
                f"{self.site_config}: "
                + (f"{', '.join(self.changed)} written" if self.changed else "unchanged"),
            ),
            ("technician PIN", self.pin),
            ("self-test", outcome),
        ]
        title = "Kiosk provisioned." if not failed else "Kiosk provisioned; the self-test FAILED."
        print(title, file=out)
        width = max(len(name) for name, _ in rows)
        for name, text in rows:
            print(f"  {name:<{width}}  {text}", file=out)
        for check in (*failed, *warned):
            line = f"  - {check.name}: {check.status.value}: {check.detail}"
            print(line + (f" — what to do: {check.action}" if check.action else ""), file=out)
        print(file=out)
        qr_code(self.kiosk_id, out)
        print(f"  {self.kiosk_id}", file=out)


def qr_code(text: str, out: TextIO) -> None:
    """``text`` as a QR code drawn in the terminal (half blocks, two rows a line)."""
    segno.make(text, error="m", micro=False).terminal(out=out, compact=True)


def _table(values: dict[str, Any], name: str) -> dict[str, Any]:
    table = values.get(name)
    return table if isinstance(table, dict) else {}


def _list(problems: list[str]) -> str:
    if len(problems) == 1:
        return f"{problems[0]} (nothing was written)"
    listed = "\n".join(f"  - {p}" for p in problems)
    return f"{len(problems)} problems (nothing was written):\n{listed}"
