"""A device's faults for the audit trail: the states a device reports, turned into one
``*.fault`` entry when it stops working (or fails differently) and one ``*.recovered`` entry
when it works again, however often the same state is reported in between.

One watcher per device, fed by whoever hears its state: the printer's status answers and print
jobs (``hardware.printer``), the reader's PC/SC watcher, the camera's scanning thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Generic, TypeVar

from kiosk.audit import AuditEvent, AuditTrail
from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.health import CameraHealth
from kiosk.ports import PrinterState, ReaderState

S = TypeVar("S", bound=StrEnum)


class DeviceFaults(Generic[S]):
    """Records a device's faults and recoveries from the states it reports (thread-safe).

    ``is_fault(state)`` is True for a state the device cannot work in, False for one it can,
    None for one that says nothing either way (a printer that cannot tell its status).
    """

    def __init__(
        self,
        audit: AuditTrail,
        fault: AuditEvent,
        recovered: AuditEvent,
        is_fault: Callable[[S], bool | None],
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._audit = audit
        self._fault_event = fault
        self._recovered_event = recovered
        self._is_fault = is_fault
        self._clock = clock
        self._lock = threading.Lock()
        self._fault: S | None = None
        self._since: float | None = None

    @property
    def fault(self) -> S | None:
        """The fault the device is in, or None."""
        return self._fault

    def observe(self, state: S) -> None:
        """The device reported ``state``: record a fault or a recovery if it is one."""
        verdict = self._is_fault(state)
        if verdict is None:
            return
        with self._lock:
            if verdict:
                if state == self._fault:
                    return
                if self._fault is None:
                    self._since = self._clock.monotonic()
                self._fault = state
                self._audit.record(self._fault_event, state=state)
            elif self._fault is not None:
                previous, since = self._fault, self._since
                self._fault = self._since = None
                seconds = None if since is None else self._clock.monotonic() - since
                self._audit.record(
                    self._recovered_event, state=state, previous=previous, duration_s=seconds
                )


def printer_faults(audit: AuditTrail, clock: Clock = SYSTEM_CLOCK) -> DeviceFaults[PrinterState]:
    """The receipt printer: a fault while a job sent now would not print (no paper, cover
    open, unplugged, error); an unknown status is no news."""
    return DeviceFaults(
        audit,
        AuditEvent.PRINTER_FAULT,
        AuditEvent.PRINTER_RECOVERED,
        lambda state: None if state is PrinterState.UNKNOWN else not state.can_print,
        clock,
    )


def reader_faults(audit: AuditTrail, clock: Clock = SYSTEM_CLOCK) -> DeviceFaults[ReaderState]:
    """The ID-card reader: a fault while there is no reader or no PC/SC service."""
    return DeviceFaults(
        audit,
        AuditEvent.READER_FAULT,
        AuditEvent.READER_RECOVERED,
        lambda state: state in (ReaderState.NO_READER, ReaderState.UNAVAILABLE),
        clock,
    )


def camera_faults(audit: AuditTrail, clock: Clock = SYSTEM_CLOCK) -> Callable[[bool], None]:
    """The camera, as its scanning thread tells it: True when it gives frames, False when a
    read failed (unplugged, busy). A fault is recorded as ``no_frames``."""
    faults: DeviceFaults[CameraHealth] = DeviceFaults(
        audit,
        AuditEvent.CAMERA_FAULT,
        AuditEvent.CAMERA_RECOVERED,
        lambda state: state is CameraHealth.NO_FRAMES,
        clock,
    )

    def frames(giving: bool) -> None:
        faults.observe(CameraHealth.OK if giving else CameraHealth.NO_FRAMES)

    return frames
