"""The card's end of vsmartcard's vpcd protocol: how a simulated card sits on a virtual reader.

pcscd with the ``vsmartcard-vpcd`` driver listens on 127.0.0.1:35963 for "Virtual PCD 00 00";
a card connects there and then answers messages until it disconnects (is pulled). Every
message is a 2-byte big-endian length plus payload; a 1-byte payload is a control code
(0 power off, 1 power on, 2 reset, 4 get ATR, which wants the ATR back), anything longer a
command APDU, which wants the response APDU back.

This is the project's own code, written from the vpcd protocol notes; it does not use
vsmartcard's (GPL) Python.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable

VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963
CONTROL_POWER_OFF = 0
CONTROL_POWER_ON = 1
CONTROL_RESET = 2
CONTROL_ATR = 4

# An APDU's answer, or None to drop the connection (the card was pulled meanwhile).
ApduHandler = Callable[[bytes], bytes | None]
# A control code's answer, or None when the code wants none.
ControlHandler = Callable[[int], bytes | None]


class VpcdLink:
    """One connection to vpcd: the card is on the virtual reader while it is open."""

    def __init__(self, sock: socket.socket) -> None:
        self._socket: socket.socket | None = sock
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @classmethod
    def connect(cls, host: str, port: int, timeout_s: float) -> VpcdLink | None:
        """Connect to vpcd, retrying until ``timeout_s``; None if nothing listens."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                sock = socket.create_connection((host, port), timeout=2.0)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    return None
                time.sleep(0.1)
        sock.settimeout(None)
        # vpcd answers one message at a time: Nagle's algorithm would only add delay.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock)

    def serve(self, on_apdu: ApduHandler, on_control: ControlHandler) -> None:
        """Answer vpcd's messages on a daemon thread until either side disconnects."""
        sock = self._socket
        if sock is None:
            return
        self._thread = threading.Thread(
            target=self._serve, args=(sock, on_apdu, on_control), daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        """Disconnect (the card leaves the reader); safe to call more than once."""
        with self._lock:
            sock, self._socket = self._socket, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def join(self, timeout_s: float) -> None:
        """Wait for the serving thread to end, unless this is that thread."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=timeout_s)

    @staticmethod
    def _serve(sock: socket.socket, on_apdu: ApduHandler, on_control: ControlHandler) -> None:
        try:
            while True:
                header = _receive(sock, 2)
                if header is None:
                    return
                (length,) = struct.unpack(">H", header)
                payload = _receive(sock, length)
                if payload is None:
                    return
                if length == 1:
                    answer = on_control(payload[0])
                else:
                    answer = on_apdu(payload)
                    if answer is None:
                        return
                if answer is not None:
                    sock.sendall(struct.pack(">H", len(answer)) + answer)
        except OSError:
            return


def _receive(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        try:
            chunk = sock.recv(size - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data
