"""``kiosk fleet-sim``: a simulated fleet of kiosks for operators' monitoring, demos and tests::

    kiosk fleet-sim --kiosks N --port-base P --sd-file FILE [--faults SPEC] [--duration S]

Kiosk i (from 1), ``SIM-0001`` …, serves its metrics on ``127.0.0.1:P+i-1``, rendered by the
real kiosk's code; FILE gets a Prometheus ``file_sd`` list of them, each target labelled
``kiosk``, ``ward`` and ``building``. SPEC: ``KIOSK_ID:FAULT[@SECONDS]``, comma-separated
(``kiosk fleet-sim --help`` lists the faults). Runs until Ctrl-C, SIGTERM, or S seconds.
Exit status: 0 stopped, 2 a bad argument, 3 a port was taken.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.app.fleet_server import HOST, FleetServer, PortInUseError
from kiosk.app.fleet_sim import FAULTS, Fault, FaultSpecError, SimulatedKiosk, simulated_fleet
from kiosk.app.health_source import package_version
from kiosk.settings import Settings
from kiosk.units import hanoi_units

OK, BAD_ARGUMENT, PORT_TAKEN = 0, 2, 3
MAX_KIOSKS = 20_000


def add_commands(sub: Any) -> None:
    """Register ``fleet-sim``."""
    sim = sub.add_parser(
        "fleet-sim",
        help="serve the metrics of N simulated kiosks, for watching a fleet in Prometheus",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="faults: " + ", ".join(FAULTS),
    )
    sim.add_argument("--kiosks", type=int, required=True, metavar="N")
    sim.add_argument("--port-base", type=int, required=True, metavar="P")
    sim.add_argument("--sd-file", type=Path, required=True, metavar="FILE")
    sim.add_argument("--faults", default="", metavar="SPEC", help="e.g. SIM-0003:paper_out@60")
    sim.add_argument("--duration", type=float, default=None, metavar="S", help="stop after S s")


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run ``fleet-sim``; None for other commands."""
    if args.command != "fleet-sim":
        return None
    problem = _bad_arguments(args)
    if problem:
        print(f"kiosk fleet-sim: {problem}", file=sys.stderr)
        return BAD_ARGUMENT
    started = time.monotonic()
    wards = [u for u in hanoi_units() if u.kind == "phuong"]
    try:
        fleet = simulated_fleet(args.kiosks, package_version(), started, wards, args.faults)
    except FaultSpecError as exc:
        print(f"kiosk fleet-sim: --faults: {exc}", file=sys.stderr)
        return BAD_ARGUMENT
    _allow_open_files(2 * args.kiosks + 256)
    try:
        asyncio.run(_serve(fleet, args.port_base, args.sd_file, args.duration, started))
    except PortInUseError as exc:
        print(f"kiosk fleet-sim: {exc}", file=sys.stderr)
        return PORT_TAKEN
    return OK


def _bad_arguments(args: argparse.Namespace) -> str | None:
    if not 1 <= args.kiosks <= MAX_KIOSKS:
        return f"--kiosks must be between 1 and {MAX_KIOSKS} (got {args.kiosks})"
    last = args.port_base + args.kiosks - 1
    if args.port_base < 1024 or last > 65535:
        return (
            f"ports {args.port_base}-{last} do not fit: --port-base must be 1024 or more and "
            f"leave {args.kiosks} ports below 65536"
        )
    if not args.sd_file.parent.is_dir():
        return f"--sd-file: the folder {args.sd_file.parent} does not exist"
    if args.duration is not None and not args.duration > 0:
        return "--duration must be a number of seconds > 0"
    return None


def _allow_open_files(wanted: int) -> None:
    """Raise the soft limit on open files (a socket per kiosk and per scrape connection)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))


def file_sd(fleet: list[SimulatedKiosk], server: FleetServer) -> list[dict[str, object]]:
    """The Prometheus ``file_sd`` list of the fleet: one target per kiosk, with its labels."""
    return [
        {
            "targets": [f"{HOST}:{server.port_of(index)}"],
            "labels": {"kiosk": k.kiosk_id, "ward": k.ward.code, "building": k.building},
        }
        for index, k in enumerate(fleet, start=1)
    ]


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` in one step, so Prometheus never reads half a file."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        tmp.chmod(0o644)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


async def _serve(
    fleet: list[SimulatedKiosk],
    port_base: int,
    sd_file: Path,
    duration: float | None,
    started: float,
) -> None:
    server = FleetServer(fleet, port_base, time.time)
    await server.start()
    write_atomically(sd_file, json.dumps(file_sd(fleet, server), ensure_ascii=False, indent=1))
    print(
        f"Serving {len(fleet)} simulated kiosks, {fleet[0].kiosk_id} to {fleet[-1].kiosk_id}, "
        f"on {HOST}:{port_base}-{server.port_of(len(fleet))}.\n"
        f"Prometheus targets (file_sd): {sd_file}\nCtrl-C stops.",
        flush=True,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    tasks = [asyncio.create_task(_announce(k, server, started)) for k in fleet if k.faults]
    if duration is not None:
        loop.call_later(duration, stop.set)
    await stop.wait()
    for task in tasks:
        task.cancel()
    await server.close()
    ran_s = time.monotonic() - started
    print(f"Stopped after {ran_s:.0f} s and {server.scrapes} scrapes.", flush=True)


async def _announce(kiosk: SimulatedKiosk, server: FleetServer, started: float) -> None:
    """Say when each of a kiosk's faults starts; close its port when it falls silent."""
    for fault in sorted(kiosk.faults, key=lambda f: f.after_s):
        await asyncio.sleep(max(0.0, started + fault.after_s - time.monotonic()))
        if fault.fault is Fault.SILENT:
            await server.silence(kiosk.kiosk_id)
        print(f"{kiosk.kiosk_id}: {fault.fault.value} from now ({kiosk.building})", flush=True)
