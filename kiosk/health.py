"""How a kiosk is, as operators and technicians see it: one snapshot of every fact they watch.

The metrics endpoint (``kiosk.app.metrics``), ``kiosk health`` and the simulated fleet all
render a :class:`KioskHealth`; nothing in it is personal (no tracking code, name or ID
number), and every value set is bounded.

The devices' states are given in the operator's words (:class:`PrinterHealth`,
:class:`ReaderHealth`, :class:`CameraHealth`), mapped from the states the ports report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from kiosk.ports import PrinterState, ReaderState


class PrinterHealth(StrEnum):
    """The receipt printer, as the operator is told of it."""

    OK = "ok"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, state: PrinterState) -> PrinterHealth:
        """The operator's word for a state the printer reported."""
        return _PRINTER[state]


_PRINTER = {
    PrinterState.READY: PrinterHealth.OK,
    PrinterState.PAPER_NEAR_END: PrinterHealth.PAPER_LOW,
    PrinterState.NO_PAPER: PrinterHealth.PAPER_OUT,
    PrinterState.COVER_OPEN: PrinterHealth.COVER_OPEN,
    PrinterState.DISCONNECTED: PrinterHealth.OFFLINE,
    PrinterState.ERROR: PrinterHealth.OFFLINE,
    PrinterState.UNKNOWN: PrinterHealth.UNKNOWN,
}


class ReaderHealth(StrEnum):
    """The ID-card reader, as the operator is told of it."""

    READY = "ready"
    NO_READER = "no_reader"
    SERVICE_DOWN = "service_down"

    @classmethod
    def of(cls, state: ReaderState) -> ReaderHealth:
        """The operator's word for a state the reader reported (a card on it is ready)."""
        return _READER[state]


_READER = {
    ReaderState.EMPTY: ReaderHealth.READY,
    ReaderState.CARD_PRESENT: ReaderHealth.READY,
    ReaderState.NO_READER: ReaderHealth.NO_READER,
    ReaderState.UNAVAILABLE: ReaderHealth.SERVICE_DOWN,
}


class CameraHealth(StrEnum):
    """The camera, as the operator is told of it."""

    OK = "ok"
    NO_FRAMES = "no_frames"


class SyncErrorKind(StrEnum):
    """Why a request to the portal did not get through (bounded: a metric label)."""

    NETWORK = "network"
    """No connection, DNS, TLS, or the connection dropped."""
    TIMEOUT = "timeout"
    SERVER = "server"
    """The portal answered 5xx."""
    RATE_LIMITED = "rate_limited"
    """The portal answered 429."""
    REFUSED = "refused"
    """The portal refused for good (4xx with a reason)."""
    AUTH = "auth"
    """The portal did not accept the kiosk's credential (401/403)."""
    INTERNAL = "internal"
    """A bug on the kiosk's side."""


OUTBOX_STATES = ("queued", "sending", "accepted", "failed")
"""The outbox's states, in the order the metrics list them."""


@dataclass(frozen=True)
class KioskHealth:
    """One kiosk at one moment. Timestamps are Unix seconds (UTC); None: never, or unknown."""

    kiosk_id: str
    version: str
    started_at: float
    """When the kiosk process started."""
    now: float
    """When this snapshot was taken."""
    printer: PrinterHealth = PrinterHealth.UNKNOWN
    reader: ReaderHealth = ReaderHealth.SERVICE_DOWN
    camera: CameraHealth = CameraHealth.OK
    outbox_available: bool = True
    outbox_counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTBOX_STATES, 0))
    """Submissions by outbox state (every state present)."""
    oldest_unsent_age_s: float | None = None
    """Seconds since the oldest submission not yet at the portal was queued (None: none)."""
    last_sync_success_at: float | None = None
    """When the portal last accepted a submission or answered a status request."""
    last_heartbeat_at: float | None = None
    """When the portal last acknowledged a heartbeat."""
    sync_errors: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys([k.value for k in SyncErrorKind], 0)
    )
    """Requests to the portal that failed since start, by :class:`SyncErrorKind`."""
    disk_free_bytes: int = 0
    disk_total_bytes: int = 0
    clock_skew_s: float | None = None
    """The kiosk's clock minus the portal's (from its ``Date`` header); None: not known yet."""
    catalogue_version: str = ""
    """Which catalogue is in use: ``shipped`` or the portal's version tag."""
    sessions_started: int = 0
    sessions_completed: int = 0
    """Sessions that ended with a submission queued."""
    sessions_abandoned: int = 0
    """Sessions that ended (Finish, declined consent, inactivity) without one."""
    submissions: int = 0
    receipts_printed: int = 0
    receipts_failed: int = 0

    @property
    def uptime_s(self) -> float:
        """Seconds since the kiosk process started."""
        return max(0.0, self.now - self.started_at)

    @property
    def permanent_failures(self) -> int:
        """Submissions the portal refused for good, kept for the operator."""
        return self.outbox_counts.get("failed", 0)

    def to_json(self) -> dict[str, object]:
        """The snapshot as plain JSON values (for ``kiosk health --json``)."""
        data = asdict(self)
        for name in ("printer", "reader", "camera"):
            data[name] = str(data[name])
        data["uptime_s"] = self.uptime_s
        data["permanent_failures"] = self.permanent_failures
        return data
