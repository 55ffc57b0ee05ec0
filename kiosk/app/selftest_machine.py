"""The self-test's checks of this machine and of what ships with the kiosk: the clock (NTP
synchronisation, and the skew against the portal that the portal check measured), free
space in the data directory, the bundled fonts, the screens' English translation and the
installed version. No device here; each check is a function of what it is given, so the
tests give it other things (:mod:`kiosk.app.selftest_checks` runs them)."""

from __future__ import annotations

import platform
import shutil
import subprocess
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple, Protocol
from xml.etree import ElementTree

from PIL import Image, ImageChops, ImageDraw, ImageFont

import ui
from kiosk.app.health_commands import (
    CLOCK_SKEW_ALARM_S,
    DISK_FREE_ALARM_BYTES,
    DISK_FREE_ALARM_RATIO,
    human_bytes,
)
from kiosk.app.health_source import PACKAGE, package_version
from kiosk.clock import utc_now
from kiosk.receipt_layout import BOLD_FONT, REGULAR_FONT, VIETNAMESE_LETTERS
from kiosk.selftest import Check, CheckStatus

OK, WARNING, FAILED = CheckStatus.OK, CheckStatus.WARNING, CheckStatus.FAILED

CLOCK_SKEW_WARNING_S = 10.0
CLOCK_SKEW_FAILED_S = CLOCK_SKEW_ALARM_S
TIMEDATECTL_TIMEOUT_S = 2.0
EARLIEST_TRUE_TIME = datetime(2026, 1, 1, tzinfo=UTC)
"""This software was written after this moment: a clock that says earlier is wrong (a dead
RTC battery boots a board in 1970 or 2000 until time synchronisation sets it)."""
TIMESYNC_DIR = Path("/run/systemd/timesync")
"""systemd-timesyncd's run-time folder; ``synchronized`` appears in it once the clock is."""
DISK_WARNING_FACTOR = 2
"""Free space under twice ``kiosk health``'s alarm is a warning; under it, a failure."""
I18N_DIR = Path(ui.__file__).resolve().parent / "i18n"
TRANSLATION = "kiosk_en"
"""The English translation of the screens: ``ui/i18n/kiosk_en.ts``, compiled to ``.qm``."""


class DiskUsage(NamedTuple):
    """What :func:`shutil.disk_usage` gives, in bytes."""

    total: int
    used: int
    free: int


class Runner(Protocol):
    """:func:`subprocess.run` as the clock check calls it (tests give another)."""

    def __call__(
        self, args: Sequence[str], *, capture_output: bool, text: bool, timeout: float
    ) -> subprocess.CompletedProcess[str]:
        """Run ``args`` and return what it printed."""
        ...


def disk_usage(path: Path) -> DiskUsage:
    """The file system's total, used and free bytes at ``path`` (tests replace it)."""
    total, used, free = shutil.disk_usage(path)
    return DiskUsage(total, used, free)


# --- the clock --------------------------------------------------------------------------------
def clock_synchronised(
    run: Runner = subprocess.run, timesync_dir: Path = TIMESYNC_DIR
) -> bool | None:
    """Whether the clock is synchronised (NTP): ``timedatectl`` says, else systemd-timesyncd's
    flag file does; None when neither can tell."""
    try:
        answer = run(
            ["timedatectl", "show", "-p", "NTPSynchronized", "--value"],
            capture_output=True,
            text=True,
            timeout=TIMEDATECTL_TIMEOUT_S,
        )
    except (OSError, subprocess.SubprocessError):
        answer = None
    if answer is not None and answer.returncode == 0 and answer.stdout.strip() in ("yes", "no"):
        return answer.stdout.strip() == "yes"
    if (timesync_dir / "synchronized").exists():
        return True
    if timesync_dir.is_dir():
        return False  # systemd-timesyncd runs but has not synchronised the clock yet
    return None


DAY_S = 86400.0


def _dated_refusal(reason: str) -> str | None:
    """ "not yet valid" or "expired" when ``reason`` (OpenSSL's words) says the certificate
    was refused for its dates, which a wrong clock causes; else None."""
    words = reason.lower()
    if "not yet valid" in words:
        return "not yet valid"
    if "expired" in words:
        return "expired"
    return None


def _how_far(skew_s: float) -> str:
    """`` (3 d behind)``: a skew past an hour in the units a person reads it in."""
    size = abs(skew_s)
    if size < 3600:
        return ""
    amount = f"{size / DAY_S:.0f} d" if size >= DAY_S else f"{size / 3600:.0f} h"
    return f" ({amount} {'ahead' if skew_s > 0 else 'behind'})"


def clock_check(
    synchronised: bool | None,
    skew_s: float | None,
    now: datetime | None = None,
    tls_refusal: str | None = None,
) -> Check:
    """The clock check from whether it is synchronised, its skew against the portal (kiosk
    minus portal, seconds; None when the portal did not say), the wall clock's ``now`` (this
    machine's by default) and why TLS refused the portal's certificate, if it did (the
    portal client's reason, e.g. "... (certificate is not yet valid)").

    The kiosk's timers run on the monotonic clock and carry on with a wrong wall clock, but
    TLS does not: a certificate is checked against the wall clock, so a kiosk whose clock is
    years off cannot reach the portal ("certificate is not yet valid", or "expired"); this
    check says so, and what to do."""
    if synchronised is True:
        sync = "synchronised (NTP)"
    elif synchronised is False:
        sync = "NOT synchronised (NTP)"
    else:
        sync = "cannot tell whether it is synchronised (no answer from timedatectl)"
    if skew_s is None:
        skew = "its offset from the portal is not known (the portal did not answer)"
    elif abs(skew_s) <= 1:
        skew = "in step with the portal's clock (its Date header counts whole seconds)"
    else:
        skew = f"{skew_s:+.0f} s against the portal's clock{_how_far(skew_s)}"
    detail = f"{sync}; {skew}"
    now = utc_now() if now is None else now
    if now < EARLIEST_TRUE_TIME:
        return Check(
            "clock",
            FAILED,
            f"the clock says {now:%Y-%m-%d %H:%M} UTC, before this software was made: it is "
            "wrong, and the portal's certificate will most likely look not yet valid to it, "
            f"so the kiosk cannot reach the portal (submissions wait in the outbox); {detail}",
            "set the time right: `sudo timedatectl set-ntp true` with the network up, until "
            "`timedatectl status` says 'System clock synchronized: yes'; if the clock is wrong "
            "again after every power cut, replace the board's RTC battery; never turn TLS "
            "verification off",
        )
    set_it = (
        "set the time right: `sudo timedatectl set-ntp true`, then `timedatectl status` "
        "should say 'System clock synchronized: yes'"
    )
    refused_as = None if tls_refusal is None else _dated_refusal(tls_refusal)
    if skew_s is None and refused_as is not None:
        return Check(
            "clock",
            FAILED,
            f"{sync}; the clock says {now:%Y-%m-%d %H:%M} UTC and the portal's certificate "
            f"was refused as {refused_as}: most likely this clock is wrong",
            f"{set_it}; then run `kiosk selftest` again (if the clock is right, the portal's "
            "certificate has to be renewed: tell the operator); never turn TLS verification off",
        )
    if skew_s is not None and abs(skew_s) > CLOCK_SKEW_FAILED_S:
        if abs(skew_s) >= DAY_S:
            set_it += (
                "; a clock days off makes the portal's certificate look not yet valid or "
                "expired, and the kiosk loses the portal: set it before that"
            )
        return Check("clock", FAILED, detail, set_it)
    if skew_s is not None and abs(skew_s) > CLOCK_SKEW_WARNING_S:
        return Check("clock", WARNING, detail, set_it)
    if synchronised is False:
        return Check(
            "clock",
            WARNING,
            detail,
            "turn time synchronisation on: `sudo timedatectl set-ntp true`; "
            "`systemctl status systemd-timesyncd` says why it has not synchronised",
        )
    if synchronised is None:
        return Check(
            "clock", WARNING, detail, "check by hand: `timedatectl status` (NTP service active)"
        )
    return Check("clock", OK, detail)


# --- the disk ---------------------------------------------------------------------------------
def disk_check(data_dir: Path, usage: Callable[[Path], DiskUsage]) -> Check:
    """Free space where the kiosk keeps its data, against ``kiosk health``'s alarm."""
    if not data_dir.is_dir():
        return Check(
            "disk",
            FAILED,
            f"the data directory {data_dir} does not exist",
            "the kiosk is not set up here: run `kiosk provision` (or give the right --data-dir)",
        )
    found = usage(data_dir)
    free, total = found.free, found.total
    share = free / total if total else 0.0
    detail = f"{human_bytes(free)} free of {human_bytes(total)} ({share:.0%}) in {data_dir}"

    def below(factor: int) -> bool:
        return free < factor * DISK_FREE_ALARM_BYTES or share < factor * DISK_FREE_ALARM_RATIO

    if below(1):
        return Check(
            "disk",
            FAILED,
            f"nearly full: {detail}",
            "the kiosk will soon be unable to keep applications: call the operator now "
            "(`kiosk outbox status` shows what it keeps)",
        )
    if below(DISK_WARNING_FACTOR):
        return Check("disk", WARNING, f"filling up: {detail}", "tell the operator before it fills")
    return Check("disk", OK, detail)


# --- fonts and translations ---------------------------------------------------------------------
def fonts_check(font_dir: Path) -> Check:
    """The receipt's and the screens' fonts load and draw every Vietnamese letter."""
    problems: list[str] = []
    for name in (REGULAR_FONT, BOLD_FONT):
        path = font_dir / name
        if not path.is_file():
            problems.append(f"{name} is missing")
            continue
        try:
            font = ImageFont.truetype(str(path), 32)
        except OSError as exc:
            problems.append(f"{name} does not load ({exc})")
            continue
        missing = _missing_letters(font, VIETNAMESE_LETTERS)
        if missing:
            problems.append(f"{name} lacks {len(missing)} Vietnamese letters ({missing[:10]})")
    if problems:
        return Check(
            "fonts",
            FAILED,
            f"{font_dir}: " + "; ".join(problems),
            "reinstall the kiosk's files (the fonts come with it, in config/fonts)",
        )
    return Check(
        "fonts",
        OK,
        f"{REGULAR_FONT} and {BOLD_FONT} draw all {len(VIETNAMESE_LETTERS)} Vietnamese letters",
    )


def _missing_letters(font: ImageFont.FreeTypeFont, letters: str) -> str:
    """The letters ``font`` draws as its "no such glyph" box."""

    def drawn(text: str) -> Image.Image:
        picture = Image.new("L", (64, 64), 0)
        ImageDraw.Draw(picture).text((8, 8), text, font=font, fill=255)
        return picture

    missing_glyph = drawn("\U0010fffd")  # a private-use code point no font draws
    return "".join(
        letter
        for letter in letters
        if ImageChops.difference(drawn(letter), missing_glyph).getbbox() is None
    )


def translations_check(qm: Path, ts: Path) -> Check:
    """``kiosk_en.qm`` loads in Qt and gives the English of every finished entry of ``.ts``."""
    from PySide6.QtCore import QTranslator

    rebuild = (
        f"rebuild it: `make` in the kiosk's folder (it compiles {ts.name} into {qm.name}), "
        "or reinstall the kiosk"
    )
    if not qm.is_file():
        return Check(
            "translations",
            FAILED,
            f"the English of the screens is missing ({qm})",
            rebuild,
        )
    translator = QTranslator()
    if not translator.load(str(qm)) or translator.isEmpty():
        return Check("translations", FAILED, f"{qm} does not load as a Qt translation", rebuild)
    if not ts.is_file():
        return Check("translations", OK, f"{qm.name} loads ({ts.name} not here to compare)")
    try:
        entries = _ts_entries(ts)
    except ElementTree.ParseError as exc:
        return Check("translations", WARNING, f"{ts} cannot be read ({exc})", rebuild)
    stale = sum(
        translator.translate(context, source, comment) != english
        for context, source, comment, english in entries
    )
    if stale:
        return Check(
            "translations",
            WARNING,
            f"{qm.name} is older than {ts.name}: {stale} of {len(entries)} English texts differ",
            rebuild,
        )
    return Check("translations", OK, f"{qm.name} loads; all {len(entries)} English texts are in it")


def _ts_entries(ts: Path) -> list[tuple[str, str, str | None, str]]:
    """``(context, source, disambiguating comment, English)`` of each finished, singular entry
    of a ``.ts`` file."""
    entries: list[tuple[str, str, str | None, str]] = []
    root = ElementTree.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if (
                translation is None
                or message.get("numerus") == "yes"
                or translation.get("type") in ("unfinished", "obsolete", "vanished")
                or not translation.text
            ):
                continue
            source, comment = message.findtext("source", ""), message.findtext("comment")
            entries.append((name, source, comment, translation.text))
    return entries


# --- the version -------------------------------------------------------------------------------
def version_check() -> Check:
    """The installed version, for the operator's records."""
    installed = package_version()
    python = platform.python_version()
    if installed == "unknown":
        return Check(
            "version",
            WARNING,
            f"{PACKAGE} is not installed as a package (Python {python})",
            "install the kiosk the way the playbook does, so its version can be known",
        )
    return Check("version", OK, f"{PACKAGE} {installed} (Python {python})")
