"""Serving a simulated fleet's metrics: one port per kiosk, all on one asyncio loop.

A thousand kiosks are a thousand listening sockets; one thread and one event loop serve
them all (a thread per kiosk, as the real kiosk's :class:`~kiosk.app.metrics.MetricsServer`
has, would cost a thousand threads). Each scrape renders the kiosk's health with
:func:`kiosk.app.metrics.exposition`, the real kiosk's code. HTTP/1.1 with keep-alive, as
Prometheus scrapes; ``GET /metrics`` only.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from kiosk.app.fleet_sim import SimulatedKiosk
from kiosk.app.metrics import exposition

HOST = "127.0.0.1"
MAX_HEADER_BYTES = 16 * 1024
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class PortInUseError(OSError):
    """A kiosk's port could not be bound; the message names it and what to do."""


def _response(status: str, body: bytes, content_type: str, close: bool) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: {'close' if close else 'keep-alive'}\r\n\r\n"
    )
    return head.encode("ascii") + body


class FleetServer:
    """Every kiosk of a fleet on its own port ``port_base + i - 1``, on the running loop."""

    def __init__(
        self, fleet: list[SimulatedKiosk], port_base: int, clock: Callable[[], float]
    ) -> None:
        self.fleet = fleet
        self.port_base = port_base
        self._clock = clock
        self._servers: dict[str, asyncio.Server] = {}
        self._connections: dict[str, set[asyncio.StreamWriter]] = {}
        self.scrapes = 0

    def port_of(self, index: int) -> int:
        """The port of kiosk ``index`` (from 1)."""
        return self.port_base + index - 1

    async def start(self) -> None:
        """Listen on every kiosk's port. Raises :class:`PortInUseError` (after closing what
        was opened) when a port is taken."""
        for index, kiosk in enumerate(self.fleet, start=1):
            port = self.port_of(index)
            try:
                self._servers[kiosk.kiosk_id] = await asyncio.start_server(
                    self._handler(kiosk), HOST, port, backlog=64
                )
            except OSError as exc:
                await self.close()
                raise PortInUseError(
                    f"cannot listen on {HOST}:{port} for {kiosk.kiosk_id} ({exc.strerror}); "
                    f"choose a --port-base with {len(self.fleet)} free ports after it"
                ) from exc
            self._connections[kiosk.kiosk_id] = set()

    async def silence(self, kiosk_id: str) -> None:
        """Stop answering for one kiosk: close its port and its open connections."""
        server = self._servers.pop(kiosk_id, None)
        if server is None:
            return
        server.close()
        for writer in self._connections.pop(kiosk_id, set()):
            writer.close()
        await server.wait_closed()

    async def close(self) -> None:
        """Stop answering for every kiosk."""
        for kiosk_id in list(self._servers):
            await self.silence(kiosk_id)

    def _handler(
        self, kiosk: SimulatedKiosk
    ) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            open_connections = self._connections.setdefault(kiosk.kiosk_id, set())
            open_connections.add(writer)
            try:
                while await self._answer(kiosk, reader, writer):
                    pass
            except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                pass
            finally:
                open_connections.discard(writer)
                writer.close()
                with contextlib.suppress(ConnectionError):
                    await writer.wait_closed()

        return handle

    async def _answer(
        self, kiosk: SimulatedKiosk, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Answer one request; False when the connection should close."""
        head = await reader.readuntil(b"\r\n\r\n")
        if len(head) > MAX_HEADER_BYTES:
            return False
        lines = head.decode("latin-1").split("\r\n")
        method, _, rest = lines[0].partition(" ")
        path = rest.partition(" ")[0]
        close = any(line.lower() == "connection: close" for line in lines[1:])
        if kiosk.kiosk_id not in self._servers:
            return False
        if method != "GET" or path.partition("?")[0] != "/metrics":
            writer.write(_response("404 Not Found", b"only /metrics\n", "text/plain", close))
        else:
            body = exposition(lambda: kiosk.health(self._clock())).encode("utf-8")
            writer.write(_response("200 OK", body, CONTENT_TYPE, close))
            self.scrapes += 1
        await writer.drain()
        return not close
