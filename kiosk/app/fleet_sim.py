"""A simulated fleet: N kiosks whose health evolves with time, some of them faulty.

Kiosk i (from 1) is ``SIM-0001``, ``SIM-0002``, …; each is a :class:`SimulatedKiosk` whose
:meth:`~SimulatedKiosk.health` is a :class:`~kiosk.health.KioskHealth`, rendered by the same
code as a real kiosk's metrics. A healthy simulated kiosk is busy but well: sessions come
every few minutes, the queue drains, the portal answers, nothing an operator is paged for.

Faults (:data:`FAULTS`) are written ``KIOSK_ID:FAULT[@SECONDS]``, comma-separated
(:func:`parse_faults`). A fault starts SECONDS after the fleet started (default 0) in the
state an operator must hear of at once (a queue that has waited two hours, a disk 99 % full,
a clock five minutes off), so an alert fires after its rule's ``for:`` alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.health import (
    CameraHealth,
    KioskHealth,
    PrinterHealth,
    ReaderHealth,
    SyncErrorKind,
)
from kiosk.units import Unit

ID_PREFIX = "SIM-"
OLD_VERSION = "0.0.9"
"""What a kiosk with the ``old_version`` fault runs: older than any release of the fleet."""
DISK_SIZE = 32 * 2**30
STUCK_SINCE_S = 2 * 3600
"""How long the oldest submission of a stuck queue, or the last sync of a failing kiosk,
has waited when the fault starts."""
SKEW_S = 300.0
SYNC_ERRORS_PER_MINUTE = 6


class Fault(StrEnum):
    """What can go wrong with a simulated kiosk."""

    SILENT = "silent"
    """It stops answering: its metrics endpoint closes (a kiosk off, or its network down)."""
    PAPER_OUT = "paper_out"
    PRINTER_OFFLINE = "printer_offline"
    QUEUE_STUCK = "queue_stuck"
    """Submissions wait and are not sent (the oldest has waited two hours)."""
    SYNC_FAILING = "sync_failing"
    """Every request to the portal fails (network errors; the last success two hours ago)."""
    DISK_FULL = "disk_full"
    CLOCK_SKEW = "clock_skew"
    OLD_VERSION = "old_version"
    READER_MISSING = "reader_missing"


FAULTS = tuple(f.value for f in Fault)


class FaultSpecError(ValueError):
    """A ``--faults`` list that cannot be used; the message says which entry and why."""


@dataclass(frozen=True)
class FaultAt:
    """One fault of one kiosk, starting ``after_s`` seconds after the fleet started."""

    kiosk_id: str
    fault: Fault
    after_s: float = 0.0


def kiosk_ids(count: int) -> list[str]:
    """The ids of a fleet of ``count`` kiosks: ``SIM-0001`` … (at least four digits)."""
    width = max(4, len(str(count)))
    return [f"{ID_PREFIX}{i:0{width}d}" for i in range(1, count + 1)]


def parse_faults(spec: str, ids: list[str]) -> list[FaultAt]:
    """``SIM-0003:paper_out,SIM-0007:silent@60`` as faults of kiosks in ``ids``."""
    known = set(ids)
    faults: list[FaultAt] = []
    for entry in (e.strip() for e in spec.split(",")):
        if not entry:
            continue
        kiosk_id, sep, rest = entry.partition(":")
        if not sep:
            raise FaultSpecError(f"'{entry}': write KIOSK_ID:FAULT[@SECONDS]")
        name, at, seconds = rest.partition("@")
        if kiosk_id not in known:
            raise FaultSpecError(
                f"'{entry}': there is no kiosk {kiosk_id} in this fleet ({ids[0]} to {ids[-1]})"
                if ids
                else f"'{entry}': the fleet is empty"
            )
        if name not in FAULTS:
            raise FaultSpecError(f"'{entry}': unknown fault '{name}'; one of {', '.join(FAULTS)}")
        after = 0.0
        if at:
            try:
                after = float(seconds)
            except ValueError:
                after = -1.0
            if not after >= 0 or after == float("inf"):
                raise FaultSpecError(f"'{entry}': '@{seconds}' is not a number of seconds >= 0")
        faults.append(FaultAt(kiosk_id, Fault(name), after))
    return faults


@dataclass
class SimulatedKiosk:
    """One simulated kiosk: its place, its rhythm and its faults."""

    kiosk_id: str
    ward: Unit
    building: str
    version: str
    fleet_started_at: float
    faults: list[FaultAt] = field(default_factory=list)
    seed: int = 0

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        self._uptime_at_start = rng.uniform(3600, 7 * 86400)
        self._session_every_s = rng.uniform(240, 900)
        self._sessions_before = rng.randrange(20, 400)
        self._abandon_every = rng.choice((4, 5, 6, 8))
        self._network_errors = rng.randrange(0, 4)
        self._skew = round(rng.uniform(-0.8, 0.8), 3)

    def active(self, now: float) -> set[Fault]:
        """The faults started by ``now``."""
        elapsed = now - self.fleet_started_at
        return {f.fault for f in self.faults if elapsed >= f.after_s}

    def fault_started_at(self, fault: Fault) -> float:
        """When ``fault`` started (or starts)."""
        return self.fleet_started_at + min(f.after_s for f in self.faults if f.fault is fault)

    def silent_after(self) -> float | None:
        """Seconds after the fleet's start when this kiosk falls silent; None: never."""
        times = [f.after_s for f in self.faults if f.fault is Fault.SILENT]
        return min(times) if times else None

    def health(self, now: float) -> KioskHealth:
        """This kiosk at ``now`` (Unix seconds)."""
        faults = self.active(now)
        elapsed = max(0.0, now - self.fleet_started_at)
        sessions = self._sessions_before + int(elapsed // self._session_every_s)
        abandoned = sessions // self._abandon_every
        completed = sessions - abandoned
        queued, oldest = (1, now % 600) if now % 600 < 45 else (0, None)
        last_sync: float | None = now - (now % 60)
        errors = dict.fromkeys([k.value for k in SyncErrorKind], 0)
        errors[SyncErrorKind.NETWORK] = self._network_errors
        if Fault.QUEUE_STUCK in faults:
            since = self.fault_started_at(Fault.QUEUE_STUCK) - STUCK_SINCE_S
            waiting = 1 + int((now - since) // self._session_every_s)
            queued, oldest = waiting, now - since
        if Fault.SYNC_FAILING in faults:
            since = self.fault_started_at(Fault.SYNC_FAILING)
            last_sync = since - STUCK_SINCE_S
            errors[SyncErrorKind.NETWORK] += int(
                (STUCK_SINCE_S + now - since) * SYNC_ERRORS_PER_MINUTE // 60
            )
        printer = PrinterHealth.OK
        if Fault.PAPER_OUT in faults:
            printer = PrinterHealth.PAPER_OUT
        if Fault.PRINTER_OFFLINE in faults:
            printer = PrinterHealth.OFFLINE
        return KioskHealth(
            kiosk_id=self.kiosk_id,
            version=OLD_VERSION if Fault.OLD_VERSION in faults else self.version,
            started_at=self.fleet_started_at - self._uptime_at_start,
            now=now,
            printer=printer,
            reader=ReaderHealth.NO_READER if Fault.READER_MISSING in faults else ReaderHealth.READY,
            camera=CameraHealth.OK,
            outbox_counts={"queued": queued, "sending": 0, "accepted": completed, "failed": 0},
            oldest_unsent_age_s=oldest,
            last_sync_success_at=last_sync,
            last_heartbeat_at=now - (now % 30),
            sync_errors=errors,
            disk_free_bytes=DISK_SIZE // 100 if Fault.DISK_FULL in faults else DISK_SIZE * 3 // 5,
            disk_total_bytes=DISK_SIZE,
            clock_skew_s=SKEW_S if Fault.CLOCK_SKEW in faults else self._skew,
            catalogue_version="2026-11-01",
            sessions_started=sessions,
            sessions_completed=completed,
            sessions_abandoned=abandoned,
            submissions=completed,
            receipts_printed=completed,
            receipts_failed=0,
        )


BUILDINGS = ("Tòa A", "Tòa B", "Tòa C", "Tòa S1", "Tòa S2", "Tòa HH")


def simulated_fleet(
    count: int, version: str, started_at: float, wards: list[Unit], spec: str = ""
) -> list[SimulatedKiosk]:
    """``count`` kiosks spread over ``wards`` (a few buildings each), with the faults of
    ``spec``. Raises :class:`FaultSpecError` for a bad ``spec``."""
    if not wards:
        raise ValueError("no wards to place the simulated kiosks in")
    ids = kiosk_ids(count)
    faults = parse_faults(spec, ids)
    fleet = []
    for i, kiosk_id in enumerate(ids):
        ward = wards[(i // len(BUILDINGS)) % len(wards)]
        building = f"{BUILDINGS[i % len(BUILDINGS)]}, {ward.name}"
        own = [f for f in faults if f.kiosk_id == kiosk_id]
        fleet.append(SimulatedKiosk(kiosk_id, ward, building, version, started_at, own, seed=i))
    return fleet
