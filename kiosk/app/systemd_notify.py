"""systemd's service notification protocol (``sd_notify``), spoken directly: no library.

Under a unit with ``Type=notify`` systemd puts the path of a Unix datagram socket in
``$NOTIFY_SOCKET`` (a leading ``@`` means Linux's abstract namespace); a service sends it
newline-separated ``KEY=VALUE`` lines: ``READY=1`` once it is up, ``WATCHDOG=1`` keep-alive
pings when the unit has ``WatchdogSec=``, ``STATUS=…`` for ``systemctl status``,
``STOPPING=1`` when it shuts down. Outside systemd (development, tests, ``kiosk demo``)
there is no ``$NOTIFY_SOCKET`` and every call here does nothing.

The watchdog: systemd passes its timeout in ``$WATCHDOG_USEC`` and, to say which process it
means, ``$WATCHDOG_PID``; a process whose id is not that one must not ping (it inherited the
variables from its parent). :func:`watchdog_interval`, the seconds between two pings, is half
the timeout, as ``sd_watchdog_enabled`` advises, or None when there is no watchdog for this
process. The kiosk's pings come from a timer on its GUI thread (:mod:`kiosk.app.watchdog`),
so a frozen screen stops them.

Nothing here raises: a socket that went away is logged once and the kiosk carries on (systemd
restarts it if the watchdog stops hearing from it, which is what should happen)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

log = logging.getLogger(__name__)

NOTIFY_SOCKET = "NOTIFY_SOCKET"
WATCHDOG_USEC = "WATCHDOG_USEC"
WATCHDOG_PID = "WATCHDOG_PID"

READY = "READY=1"
WATCHDOG = "WATCHDOG=1"
STOPPING = "STOPPING=1"

_warned: set[str] = set()


def socket_address(environ: Mapping[str, str] | None = None) -> str | None:
    """The address to send to: ``$NOTIFY_SOCKET`` as a socket address (the abstract
    namespace's ``@`` turned into a NUL byte), or None when unset or not a Unix socket."""
    env = os.environ if environ is None else environ
    path = env.get(NOTIFY_SOCKET, "")
    if path.startswith("@"):
        return "\0" + path[1:]
    if path.startswith("/"):
        return path
    if path:
        _warn_once(f"NOTIFY_SOCKET={path!r} is not a Unix socket path; not notifying systemd")
    return None


def notify(message: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send ``message`` (one or more ``KEY=VALUE`` lines) to systemd; whether it was sent.
    False, silently, when not run by systemd."""
    address = socket_address(environ)
    if address is None:
        return False
    import socket  # here: a kiosk's home screen comes up before it is needed

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode("utf-8"))
    except OSError as exc:
        _warn_once(f"could not notify systemd at {address.lstrip(chr(0))!r}: {exc}")
        return False
    return True


def status(text: str, environ: Mapping[str, str] | None = None) -> bool:
    """Set the line ``systemctl status`` shows under the unit (one line, no newline)."""
    return notify("STATUS=" + " ".join(text.split()), environ)


def watchdog_timeout(
    environ: Mapping[str, str] | None = None, pid: int | None = None
) -> float | None:
    """systemd's watchdog timeout for this process in seconds, or None: no
    ``$WATCHDOG_USEC`` (or not a positive number), or a ``$WATCHDOG_PID`` naming another
    process."""
    env = os.environ if environ is None else environ
    usec = env.get(WATCHDOG_USEC, "")
    if not usec:
        return None
    watched = env.get(WATCHDOG_PID, "")
    if watched:
        try:
            if int(watched) != (os.getpid() if pid is None else pid):
                return None
        except ValueError:
            _warn_once(f"WATCHDOG_PID={watched!r} is not a process id; no watchdog pings")
            return None
    try:
        timeout_us = int(usec)
    except ValueError:
        _warn_once(f"WATCHDOG_USEC={usec!r} is not a number; no watchdog pings")
        return None
    return timeout_us / 1_000_000 if timeout_us > 0 else None


def watchdog_interval(
    environ: Mapping[str, str] | None = None, pid: int | None = None
) -> float | None:
    """Seconds between two ``WATCHDOG=1`` pings: half of :func:`watchdog_timeout`, so one
    late ping is not yet a missed one; None when there is no watchdog for this process."""
    timeout = watchdog_timeout(environ, pid)
    return None if timeout is None else timeout / 2


def _warn_once(text: str) -> None:
    if text not in _warned:
        _warned.add(text)
        log.warning(text)
