"""``kiosk health``: how the running kiosk is, for a technician on site::

    kiosk health [--json] [--url URL] [--data-dir DIR]

It reads the running kiosk's metrics endpoint (by default ``http://<[metrics] host>:<port>/
metrics``, on this machine only), and prints a table for people, each problem with what to
do, or with ``--json`` one JSON object for machines. Exit status: 0 all is well, 1 something
needs the technician, 2 a bad argument, 3 the kiosk's endpoint does not answer.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from kiosk.app.metrics import parse_exposition
from kiosk.app.parts import DEFAULT_DATA_DIR
from kiosk.health import OUTBOX_STATES, SyncErrorKind
from kiosk.network_address import is_loopback
from kiosk.settings import Settings

OK, NEEDS_TECHNICIAN, BAD_ARGUMENT, NOT_ANSWERING = 0, 1, 2, 3
FETCH_TIMEOUT_S = 3.0
OLDEST_UNSENT_ALARM_S = 30 * 60
"""A submission waiting longer than this for the portal is a problem."""
HEARTBEAT_ALARM_S = 10 * 60
"""No heartbeat acknowledged for this long (once up that long) is a problem."""
CLOCK_SKEW_ALARM_S = 60.0
DISK_FREE_ALARM_BYTES = 1 << 30
DISK_FREE_ALARM_RATIO = 0.10

PRINTER_ADVICE = {
    "paper_low": "the roll is nearly out: have a new roll (80 mm) ready and change it soon",
    "paper_out": "load a new roll (80 mm) and close the cover",
    "cover_open": "close the printer's cover until it clicks",
    "offline": "check the printer's power and cable, then run `kiosk printer status`",
    "unknown": "the kiosk has no word from the printer: run `kiosk printer status`",
}
READER_ADVICE = {
    "no_reader": "plug the ID-card reader's USB cable back in (or try another port)",
    "service_down": "the smart-card service is down: run `sudo systemctl restart pcscd`",
}
CAMERA_ADVICE = {
    "no_frames": "the camera sends no picture: check its USB cable, then "
    "`sudo systemctl restart kiosk`",
}


@dataclass(frozen=True)
class Problem:
    """Something the technician should see to, and what to do about it."""

    what: str
    state: str
    action: str

    def line(self) -> str:
        """One line for people, e.g. ``printer: paper_out — load a new roll …``."""
        return f"{self.what}: {self.state} — {self.action}"


def add_commands(subparsers: Any) -> None:
    """Register ``health`` on ``subparsers`` (what ``ArgumentParser.add_subparsers()``
    returned)."""
    health = subparsers.add_parser(
        "health",
        help="how the running kiosk is: devices, outbox, sync, disk, clock",
        description=__doc__.split("::")[0].strip() if __doc__ else None,
    )
    health.add_argument("--json", action="store_true", help="one JSON object, for machines")
    health.add_argument(
        "--url", help="the kiosk's metrics endpoint (default from [metrics]; this machine only)"
    )
    health.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="the kiosk's data directory (its free space is shown if the kiosk does not answer)",
    )


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run ``kiosk health`` and return its exit status; None when ``args`` is not it."""
    if getattr(args, "command", None) != "health":
        return None
    url = args.url or default_url(settings)
    if not is_loopback_url(url):
        print(f"kiosk health: {url}: only this machine's endpoint can be read", file=sys.stderr)
        return BAD_ARGUMENT
    return health(url, args.data_dir, as_json=args.json, out=sys.stdout)


def default_url(settings: Settings) -> str:
    """The endpoint of the kiosk configured here (a wildcard address read on loopback)."""
    host = settings.metrics.host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.metrics.port}/metrics"


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` is plain HTTP to this machine's loopback."""
    parts = urlsplit(url)
    return parts.scheme == "http" and is_loopback(parts.hostname or "")


def health(url: str, data_dir: Path, *, as_json: bool, out: TextIO) -> int:
    """Read ``url``, print the summary to ``out``, and return the exit status."""
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_S) as response:
            text = response.read().decode("utf-8")
    except (urllib.error.URLError, OSError) as exc:
        return not_answering(url, data_dir, str(exc), as_json=as_json, out=out)
    report = summary(text)
    report["url"] = url
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False), file=out)
    else:
        print_table(report, out)
    return NEEDS_TECHNICIAN if report["problems"] else OK


def not_answering(url: str, data_dir: Path, reason: str, *, as_json: bool, out: TextIO) -> int:
    """Say that the kiosk does not answer, and what to run."""
    advice = (
        "the kiosk process is not running, or its metrics are off ([metrics] enabled = false): "
        "run `systemctl status kiosk` (and `journalctl -u kiosk -n 50` for why)"
    )
    disk = disk_of(data_dir)
    if as_json:
        report = {"url": url, "answering": False, "error": reason, "action": advice, "disk": disk}
        print(json.dumps(report, indent=2, ensure_ascii=False), file=out)
    else:
        print(f"kiosk health: {url} does not answer ({reason})", file=out)
        print(f"  what to do: {advice}", file=out)
        if disk is not None:
            print(f"  data directory {data_dir}: {human_bytes(disk['free_bytes'])} free", file=out)
    return NOT_ANSWERING


def disk_of(data_dir: Path) -> dict[str, int] | None:
    """Free and total bytes of the data directory's file system (None: not there)."""
    try:
        usage = shutil.disk_usage(data_dir)
    except OSError:
        return None
    return {"free_bytes": usage.free, "size_bytes": usage.total}


def summary(text: str) -> dict[str, Any]:
    """The facts of one exposition as one JSON-ready document, with its problems."""
    values: dict[str, float] = {}
    labelled: dict[str, dict[str, float]] = {}
    info: dict[str, dict[str, str]] = {}
    kiosk = ""
    for name, labels, value in parse_exposition(text):
        kiosk = labels.pop("kiosk", kiosk)
        if name.endswith("_info"):
            info[name] = labels
        elif labels:
            (label_value,) = labels.values()
            labelled.setdefault(name, {})[label_value] = value
        else:
            values[name] = value

    def state(name: str) -> str:
        states = labelled.get(name, {})
        return next((s for s, v in states.items() if v == 1), "unknown")

    def optional(name: str) -> float | None:
        return values.get(name)

    now = values.get("kiosk_start_time_seconds", 0.0) + values.get("kiosk_uptime_seconds", 0.0)
    counts = labelled.get("kiosk_outbox_submissions", {})
    errors = labelled.get("kiosk_sync_errors_total", {})
    report: dict[str, Any] = {
        "kiosk": kiosk,
        "version": info.get("kiosk_build_info", {}).get("version", ""),
        "uptime_s": values.get("kiosk_uptime_seconds", 0.0),
        "printer": state("kiosk_printer_state"),
        "card_reader": state("kiosk_card_reader_state"),
        "camera": state("kiosk_camera_state"),
        "outbox": {
            "available": values.get("kiosk_outbox_available", 0.0) == 1,
            "counts": {s: int(counts.get(s, 0)) for s in OUTBOX_STATES},
            "oldest_unsent_age_s": values.get("kiosk_outbox_oldest_unsent_age_seconds", 0.0),
            "permanent_failures": int(values.get("kiosk_outbox_permanent_failures", 0)),
        },
        "last_sync_success_at": _iso(optional("kiosk_last_sync_success_timestamp_seconds")),
        "last_heartbeat_at": _iso(optional("kiosk_last_heartbeat_success_timestamp_seconds")),
        "sync_errors": {k.value: int(errors.get(k.value, 0)) for k in SyncErrorKind},
        "disk": {
            "free_bytes": int(values.get("kiosk_data_disk_free_bytes", 0)),
            "size_bytes": int(values.get("kiosk_data_disk_size_bytes", 0)),
        },
        "clock_skew_s": optional("kiosk_clock_skew_seconds"),
        "catalogue_version": info.get("kiosk_catalogue_info", {}).get("version", ""),
        "sessions": {
            kind: int(values.get(f"kiosk_sessions_{kind}_total", 0))
            for kind in ("started", "completed", "abandoned")
        },
        "submissions": int(values.get("kiosk_submissions_total", 0)),
        "receipts": {
            "printed": int(values.get("kiosk_receipts_printed_total", 0)),
            "failed": int(values.get("kiosk_receipts_failed_total", 0)),
        },
    }
    heartbeat = optional("kiosk_last_heartbeat_success_timestamp_seconds")
    problems = find_problems(report, now, heartbeat)
    report["answering"] = True
    report["ok"] = not problems
    report["problems"] = [vars(p) for p in problems]
    return report


def find_problems(report: dict[str, Any], now: float, heartbeat_at: float | None) -> list[Problem]:
    """What needs the technician in a summary, each with what to do."""
    problems: list[Problem] = []
    if report["printer"] != "ok":
        action = PRINTER_ADVICE.get(report["printer"], PRINTER_ADVICE["unknown"])
        problems.append(Problem("printer", report["printer"], action))
    if report["card_reader"] != "ready":
        action = READER_ADVICE.get(report["card_reader"], READER_ADVICE["service_down"])
        problems.append(Problem("card reader", report["card_reader"], action))
    if report["camera"] != "ok":
        action = CAMERA_ADVICE.get(report["camera"], CAMERA_ADVICE["no_frames"])
        problems.append(Problem("camera", report["camera"], action))
    outbox = report["outbox"]
    if not outbox["available"]:
        problems.append(
            Problem(
                "outbox",
                "unavailable",
                "the kiosk cannot keep submissions: check the data disk, then "
                "`kiosk outbox status` and `journalctl -u kiosk -n 50`",
            )
        )
    if outbox["permanent_failures"]:
        problems.append(
            Problem(
                "outbox",
                f"{outbox['permanent_failures']} refused by the portal",
                "run `kiosk outbox failures` and pass the reasons to the operator",
            )
        )
    if outbox["oldest_unsent_age_s"] > OLDEST_UNSENT_ALARM_S:
        minutes = int(outbox["oldest_unsent_age_s"] // 60)
        problems.append(
            Problem(
                "sync",
                f"oldest unsent submission waiting {minutes} min",
                "check the network to the portal; `kiosk outbox status` says why it waits",
            )
        )
    up_long_enough = report["uptime_s"] > HEARTBEAT_ALARM_S
    if up_long_enough and (heartbeat_at is None or now - heartbeat_at > HEARTBEAT_ALARM_S):
        problems.append(
            Problem(
                "portal",
                "no heartbeat acknowledged for over 10 min",
                "check the network cable or Wi-Fi and that the portal is reachable",
            )
        )
    skew = report["clock_skew_s"]
    if skew is not None and abs(skew) > CLOCK_SKEW_ALARM_S:
        problems.append(
            Problem(
                "clock",
                f"{skew:+.0f} s against the portal",
                "the kiosk's clock is wrong: check `timedatectl status` (NTP synchronised)",
            )
        )
    disk = report["disk"]
    low = disk["free_bytes"] < DISK_FREE_ALARM_BYTES or (
        disk["size_bytes"] and disk["free_bytes"] < DISK_FREE_ALARM_RATIO * disk["size_bytes"]
    )
    if low:
        problems.append(
            Problem(
                "disk",
                f"{human_bytes(disk['free_bytes'])} free",
                "the data disk is nearly full: call the operator before it fills",
            )
        )
    return problems


def print_table(report: dict[str, Any], out: TextIO) -> None:
    """The summary as a table for people, then each problem with what to do."""
    outbox = report["outbox"]
    counts = ", ".join(f"{state} {n}" for state, n in outbox["counts"].items())
    errors = ", ".join(f"{kind} {n}" for kind, n in report["sync_errors"].items() if n) or "none"
    skew = report["clock_skew_s"]
    disk = report["disk"]
    rows = [
        ("kiosk", f"{report['kiosk']} (version {report['version']})"),
        ("up for", _duration(report["uptime_s"])),
        ("printer", report["printer"]),
        ("card reader", report["card_reader"]),
        ("camera", report["camera"]),
        ("outbox", f"{'available' if outbox['available'] else 'UNAVAILABLE'}: {counts}"),
        ("oldest unsent", _duration(outbox["oldest_unsent_age_s"]) or "none waiting"),
        ("last sync", report["last_sync_success_at"] or "never"),
        ("last heartbeat", report["last_heartbeat_at"] or "never"),
        ("sync errors", errors),
        (
            "data disk",
            f"{human_bytes(disk['free_bytes'])} free of {human_bytes(disk['size_bytes'])}",
        ),
        ("clock skew", "not known yet" if skew is None else f"{skew:+.1f} s"),
        ("catalogue", report["catalogue_version"] or "unknown"),
        ("sessions", ", ".join(f"{k} {n}" for k, n in report["sessions"].items())),
        ("submissions", str(report["submissions"])),
        (
            "receipts",
            f"printed {report['receipts']['printed']}, failed {report['receipts']['failed']}",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}", file=out)
    print(file=out)
    if not report["problems"]:
        print("All is well.", file=out)
        return
    print(f"{len(report['problems'])} to see to:", file=out)
    for problem in report["problems"]:
        print(f"  - {Problem(**problem).line()}", file=out)


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds <= 0:
        return ""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s"


def human_bytes(n: float) -> str:
    """A size for people: ``512 B``, ``3.2 GiB``."""
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"
