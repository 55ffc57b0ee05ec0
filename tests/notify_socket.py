"""systemd's end of the notification protocol, for the tests: a real Unix datagram socket to
give a kiosk as ``$NOTIFY_SOCKET``, which reads what it sends and, as systemd does
(``SO_PASSCRED``), which process sent it."""

from __future__ import annotations

import contextlib
import socket
import struct
import time
from dataclasses import dataclass
from pathlib import Path

_CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid


@dataclass(frozen=True)
class Notification:
    """One datagram: its ``KEY=VALUE`` lines, the sender's process id, and when it came
    (``time.monotonic()`` at reception)."""

    lines: tuple[str, ...]
    pid: int
    at: float

    def has(self, line: str) -> bool:
        """Whether the datagram carries ``line`` (``READY=1``, ``WATCHDOG=1``…)."""
        return line in self.lines


class NotifySocket:
    """A bound datagram socket at ``path`` (a file path, or ``@name`` in the abstract
    namespace); :attr:`address` is what goes into ``$NOTIFY_SOCKET``."""

    def __init__(self, path: Path | str) -> None:
        self.address = str(path)
        bind_to = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self._sock.bind(bind_to)
        self.received: list[Notification] = []
        """Every datagram read so far, in the order they came."""

    def receive(self, timeout: float | None = 0.0) -> Notification | None:
        """The next datagram, waiting up to ``timeout`` seconds (0: only one already there;
        None: for ever); None when none came."""
        self._sock.settimeout(timeout)
        try:
            data, ancillary, _flags, _addr = self._sock.recvmsg(
                65536, socket.CMSG_SPACE(_CREDENTIALS.size)
            )
        except (BlockingIOError, TimeoutError):
            return None
        pid = 0
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = _CREDENTIALS.unpack(payload[: _CREDENTIALS.size])[0]
        lines = tuple(line for line in data.decode("utf-8").split("\n") if line)
        notification = Notification(lines, pid, time.monotonic())
        self.received.append(notification)
        return notification

    def drain(self) -> list[Notification]:
        """Every datagram waiting now (appended to :attr:`received` too)."""
        out: list[Notification] = []
        while (notification := self.receive(0.0)) is not None:
            out.append(notification)
        return out

    def count(self, line: str) -> int:
        """How many datagrams received so far carry ``line``."""
        return sum(1 for n in self.received if n.has(line))

    def close(self) -> None:
        """Close the socket and remove its file."""
        self._sock.close()
        if not self.address.startswith("@"):
            with contextlib.suppress(FileNotFoundError):
                Path(self.address).unlink()
