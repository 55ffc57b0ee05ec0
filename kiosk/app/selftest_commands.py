"""``kiosk selftest``: check every part of this kiosk on the spot, for a technician::

    kiosk selftest [--json] [--demo] [--print] [--data-dir DIR]

One check per part (card reader, printer, camera, portal, clock, disk, outbox, fonts,
translations, version), each ok, a warning or failed, with what was found and, when it is
not ok, what to do. A table for people (and "checking printer…" on a terminal while it
runs, a few seconds in all), or with ``--json`` a JSON list of the checks (``name``,
``status``, ``detail``, ``action``) for machines. ``--print`` prints the test page too (hold
it up to the camera while the camera is checked); ``--demo`` checks the simulators and an
embedded portal simulator, as ``kiosk demo`` runs them.

Exit status: 0 every check passed (warnings allowed), 1 something failed, 2 a bad argument.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from kiosk.app.parts import DEFAULT_DATA_DIR, DEFAULT_DEMO_DIR
from kiosk.app.selftest_checks import run_selftest
from kiosk.selftest import Check, CheckStatus, passed
from kiosk.settings import Settings

PASSED, FAILED, BAD_ARGUMENT = 0, 1, 2
"""The demo's data directory, as ``kiosk demo`` has it."""
STATUS_WORDS = {CheckStatus.OK: "ok", CheckStatus.WARNING: "WARNING", CheckStatus.FAILED: "FAILED"}


def add_commands(subparsers: Any) -> None:
    """Register ``selftest`` on ``subparsers`` (what ``ArgumentParser.add_subparsers()``
    returned)."""
    selftest = subparsers.add_parser(
        "selftest",
        help="check every part of this kiosk now: devices, portal, clock, disk, outbox",
        description="Check every part of this kiosk on the spot (card reader, printer, camera, "
        "portal, clock, disk, outbox, fonts, translations, version): each ok, a warning or "
        "failed, with what to do. Exit status: 0 all passed (warnings allowed), 1 something "
        "failed, 2 a bad argument.",
    )
    selftest.add_argument("--json", action="store_true", help="a JSON list of the checks")
    selftest.add_argument(
        "--demo", action="store_true", help="check the simulators, as `kiosk demo` runs them"
    )
    selftest.add_argument(
        "--print", action="store_true", dest="print_test", help="print the test page as well"
    )
    selftest.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=None,
        help=f"the kiosk's data directory (default {DEFAULT_DATA_DIR}; "
        f"with --demo, {DEFAULT_DEMO_DIR})",
    )


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run ``kiosk selftest`` and return its exit status; None when ``args`` is not it."""
    if getattr(args, "command", None) != "selftest":
        return None
    data_dir: Path = args.data_dir or (DEFAULT_DEMO_DIR if args.demo else DEFAULT_DATA_DIR)
    if data_dir.exists() and not data_dir.is_dir():
        print(f"kiosk selftest: --data-dir {data_dir} is not a directory", file=sys.stderr)
        return BAD_ARGUMENT
    return selftest(
        settings,
        data_dir,
        demo=args.demo,
        print_test=args.print_test,
        as_json=args.json,
        out=sys.stdout,
        err=sys.stderr,
    )


def selftest(
    settings: Settings,
    data_dir: Path,
    *,
    demo: bool,
    print_test: bool,
    as_json: bool,
    out: TextIO,
    err: TextIO,
) -> int:
    """Run the checks, print them to ``out`` (progress to ``err`` when it is a terminal),
    and return the exit status."""
    progress = _Progress(err) if err.isatty() else None
    with _quiet():
        try:
            checks = run_selftest(
                settings, data_dir, demo=demo, print_test=print_test, progress=progress
            )
        finally:
            if progress is not None:
                progress.done()
    if as_json:
        print(json.dumps([c.to_json() for c in checks], indent=2, ensure_ascii=False), file=out)
    else:
        print_table(checks, out)
    return PASSED if passed(checks) else FAILED


def print_table(checks: Sequence[Check], out: TextIO) -> None:
    """The checks as a table for people, then what to do for each that is not ok, then the
    verdict."""
    name_width = max((len(c.name) for c in checks), default=0)
    status_width = max(len(word) for word in STATUS_WORDS.values())
    for check in checks:
        status = STATUS_WORDS[check.status]
        print(f"{check.name:<{name_width}}  {status:<{status_width}}  {check.detail}", file=out)
    to_do = [c for c in checks if c.status is not CheckStatus.OK and c.action]
    if to_do:
        print(file=out)
        print("What to do:", file=out)
        for check in to_do:
            print(f"  - {check.name}: {check.action}", file=out)
    failed = sum(c.status is CheckStatus.FAILED for c in checks)
    warnings = sum(c.status is CheckStatus.WARNING for c in checks)
    print(file=out)
    if failed:
        print(f"{_count(failed, 'check')} failed: this kiosk is not ready.", file=out)
    elif warnings:
        print(f"All checks passed, with {_count(warnings, 'warning')}.", file=out)
    else:
        print("All checks passed.", file=out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class _Progress:
    """``checking printer…`` on one terminal line, replaced by the next check's."""

    def __init__(self, err: TextIO) -> None:
        self._err = err
        self._shown = 0

    def __call__(self, name: str) -> None:
        line = f"checking {name.replace('_', ' ')}…"
        self._err.write("\r" + line.ljust(self._shown))
        self._err.flush()
        self._shown = len(line)

    def done(self) -> None:
        """Clear the line before the table is printed."""
        if self._shown:
            self._err.write("\r" + " " * self._shown + "\r")
            self._err.flush()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No log lines or OpenCV warnings among the table: the checks say what they found."""
    import cv2

    logging.disable(logging.CRITICAL)
    opencv_level = cv2.utils.logging.getLogLevel()
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    try:
        yield
    finally:
        cv2.utils.logging.setLogLevel(opencv_level)
        logging.disable(logging.NOTSET)
