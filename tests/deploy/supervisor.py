"""A tiny process supervisor applying a unit's restart policy as systemd does, for the tests
and the benchmark where systemd is not PID 1.

From the unit file it takes ``Type=notify`` (started means ``READY=1`` came),
``NotifyAccess=`` (whose notifications count), ``Restart=`` and ``RestartSec=`` (what ends the
process brings it back, after how long), ``WatchdogSec=`` (no ``WATCHDOG=1`` for that long
after ``READY=1``: SIGABRT, then a restart), ``TimeoutStartSec=`` and ``TimeoutStopSec=``
and ``UnsetEnvironment=``. It gives the process ``$NOTIFY_SOCKET`` (a real datagram socket,
read with the sender's credentials as systemd reads it), ``$WATCHDOG_USEC`` and
``$WATCHDOG_PID``, and kills the whole process group when the main process ends, as
``KillMode=control-group`` does. The command is the test's (no cage here), not ``ExecStart=``.

Everything that happens is an :class:`Event`, in order, with ``time.monotonic()``."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.deploy.unit_file import UnitFile
from tests.notify_socket import Notification, NotifySocket

POLL_S = 0.02


@dataclass(frozen=True)
class Event:
    """``started``, ``ready``, ``watchdog`` (timed out), ``start-timeout``, ``exited``
    (``detail``: the exit status, negative for a signal) or ``stopped``."""

    kind: str
    pid: int
    at: float
    detail: int = 0


@dataclass(frozen=True)
class Policy:
    """The unit's settings the supervisor applies."""

    type: str
    notify_access: str
    restart: str
    restart_sec: float
    watchdog_sec: float | None
    timeout_start_sec: float
    timeout_stop_sec: float
    unset_environment: frozenset[str]

    @classmethod
    def of(cls, unit: UnitFile) -> Policy:
        """The policy written in ``unit`` (systemd's defaults where it says nothing)."""
        kind = unit.value("Service", "Type", "simple") or "simple"
        return cls(
            type=kind,
            notify_access=unit.value("Service", "NotifyAccess")
            or ("main" if kind == "notify" else "none"),
            restart=unit.value("Service", "Restart", "no") or "no",
            restart_sec=unit.seconds("Service", "RestartSec") or 0.1,
            watchdog_sec=unit.seconds("Service", "WatchdogSec") or None,
            timeout_start_sec=unit.seconds("Service", "TimeoutStartSec") or 90.0,
            timeout_stop_sec=unit.seconds("Service", "TimeoutStopSec") or 90.0,
            unset_environment=frozenset(unit.unset_environment()),
        )

    def restarts_after(self, status: int, watchdog: bool) -> bool:
        """Whether ``Restart=`` brings the service back after this end (``status``: the
        exit code, negative for a signal)."""
        clean = status == 0 or status in (-signal.SIGTERM, -signal.SIGHUP, -signal.SIGINT)
        return {
            "always": True,
            "on-failure": watchdog or not clean,
            "on-abnormal": watchdog or (status < 0 and not clean),
            "on-watchdog": watchdog,
            "on-abort": status < 0 and not clean,
            "on-success": clean and not watchdog,
        }.get(self.restart, False)


class Supervisor:
    """Runs ``command`` under ``policy`` until :meth:`stop`, in a thread of its own."""

    def __init__(
        self,
        command: Sequence[str],
        policy: Policy,
        socket_path: Path,
        env: Mapping[str, str] | None = None,
        log_path: Path | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.command = list(command)
        self.policy = policy
        self.socket = NotifySocket(socket_path)
        self.env = dict(os.environ if env is None else env)
        self.log_path = log_path
        self.cwd = cwd
        self.events: list[Event] = []
        self.notifications: list[Notification] = []
        """What the main process (or, with ``NotifyAccess=all``, its group) sent."""
        self.process: subprocess.Popen[bytes] | None = None
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="supervisor", daemon=True)

    # --- the test's side

    def start(self) -> Supervisor:
        """Start the service (returns at once; wait for ``ready`` with :meth:`wait_for`)."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the service as ``systemctl stop`` does: SIGTERM, then SIGKILL after
        ``TimeoutStopSec=``; no restart."""
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        self._thread.join(timeout=self.policy.timeout_stop_sec + 30)
        self.socket.close()

    def wait_for(self, kind: str, *, after: int = 0, timeout: float = 120.0) -> Event:
        """The first event of ``kind`` at position ``after`` or later in :attr:`events`;
        raises TimeoutError (with what happened) when none came in ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for event in self.events[after:]:
                    if event.kind == kind:
                        return event
                left = deadline - time.monotonic()
                if left <= 0 or (self._stopping.is_set() and not self._thread.is_alive()):
                    raise TimeoutError(f"no {kind!r} event; events: {self.events}{self._log()}")
                self._changed.wait(min(left, 0.5))

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 120.0) -> None:
        """Wait until ``predicate()`` holds (checked whenever something happens)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"condition not met; events: {self.events}{self._log()}")
                self._changed.wait(min(left, 0.5))

    def pings(self, pid: int) -> int:
        """How many ``WATCHDOG=1`` the process ``pid`` (or its group) sent."""
        with self._changed:
            return sum(1 for n in self.notifications if n.has("WATCHDOG=1") and n.pid == pid)

    # --- the supervisor's side

    def _record(self, kind: str, pid: int, detail: int = 0) -> Event:
        event = Event(kind, pid, time.monotonic(), detail)
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()
        return event

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = {k: v for k, v in self.env.items() if not k.startswith(("NOTIFY_", "WATCHDOG_"))}
        env["NOTIFY_SOCKET"] = self.socket.address
        command = self.command
        if self.policy.watchdog_sec:
            env["WATCHDOG_USEC"] = str(round(self.policy.watchdog_sec * 1_000_000))
            if "WATCHDOG_PID" not in self.policy.unset_environment:
                # systemd sets it in the child after fork: the shell's pid is the command's.
                command = ["/bin/sh", "-c", 'WATCHDOG_PID=$$ exec "$@"', "sh", *command]
        for name in self.policy.unset_environment:
            env.pop(name, None)
        log = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        try:
            return subprocess.Popen(
                command,
                env=env,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the unit's cgroup here
            )
        finally:
            if not isinstance(log, int):
                log.close()

    def _counts(self, notification: Notification, main: int) -> bool:
        if self.policy.notify_access == "main":
            return notification.pid == main
        if self.policy.notify_access == "all":
            if notification.pid == main:
                return True
            try:
                return os.getpgid(notification.pid) == main
            except ProcessLookupError:
                return False
        return False

    def _run(self) -> None:
        while not self._stopping.is_set():
            process = self._spawn()
            self.process = process
            self._record("started", process.pid)
            watchdog = self._supervise(process)
            status = process.returncode
            self._kill_group(process.pid)
            self._record("exited", process.pid, status)
            if self._stopping.is_set():
                self._record("stopped", process.pid, status)
                return
            if not self.policy.restarts_after(status, watchdog):
                return
            self._stopping.wait(self.policy.restart_sec)

    def _supervise(self, process: subprocess.Popen[bytes]) -> bool:
        """Until the process ends: read its notifications, keep its watchdog; whether the
        watchdog (or the start timeout) ended it."""
        spawned = time.monotonic()
        ready_at: float | None = None
        last_ping = 0.0
        while process.poll() is None:
            if self._stopping.is_set():
                self._terminate(process)
                return False
            notification = self.socket.receive(POLL_S)
            now = time.monotonic()
            if notification is not None and self._counts(notification, process.pid):
                with self._changed:
                    self.notifications.append(notification)
                    self._changed.notify_all()
                if notification.has("READY=1") and ready_at is None:
                    ready_at = last_ping = now
                    self._record("ready", process.pid)
                if notification.has("WATCHDOG=1"):
                    last_ping = now
            if self.policy.type == "notify" and ready_at is None:
                if now - spawned > self.policy.timeout_start_sec:
                    self._record("start-timeout", process.pid)
                    self._terminate(process)
                    return True
            elif self.policy.watchdog_sec and now - last_ping > self.policy.watchdog_sec:
                self._record("watchdog", process.pid)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGABRT)  # WatchdogSignal=, the default
                self._wait_or_kill(process)
                return True
        return False

    def _terminate(self, process: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        self._wait_or_kill(process)

    def _wait_or_kill(self, process: subprocess.Popen[bytes]) -> None:
        try:
            process.wait(self.policy.timeout_stop_sec)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def _kill_group(self, pgid: int) -> None:
        """What is left of the process group goes too (``KillMode=control-group``)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)

    def _log(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        tail = self.log_path.read_text(errors="replace").splitlines()[-15:]
        return "\nservice output (last lines):\n" + "\n".join(tail)
