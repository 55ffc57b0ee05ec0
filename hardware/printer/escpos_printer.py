"""The real receipt printer, spoken to in ESC/POS through python-escpos.

A connection is opened per job and closed after it: printers get power-cycled, cables get
pulled, and a kiosk that holds a stale socket all day prints nothing. Everything a person
can cause (paper out, cover open, cable out, printer off) comes back as a
:class:`PrintResult`; nothing here raises for it.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from hardware.printer.escpos_encoding import encode_blocks
from hardware.printer.interface import PrintResult, StatusWatchers
from kiosk.ports import PrinterState, PrinterStatus
from kiosk.receipt import Receipt
from kiosk.receipt_layout import Block, layout_receipt

logger = logging.getLogger(__name__)

Connection = Literal["network", "file", "usb", "serial"]
DEFAULT_NETWORK_PORT = 9100
DEFAULT_SERIAL_BAUD = 9600
# DLE EOT n: real-time status. 1 = printer, 2 = offline cause, 4 = roll paper sensor.
STATUS_REQUESTS = (1, 2, 4)
_DLE_EOT = b"\x10\x04"
# Every status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not one.
_STATUS_FIXED_MASK = 0x93
_STATUS_FIXED_BITS = 0x12
_OFFLINE = 0x08
_COVER_OPEN = 0x04
_AUTOCUTTER_OR_UNRECOVERABLE_ERROR = 0x40
_PAPER_NEAR_END = 0x0C
_PAPER_END = 0x60
# States in which sending a job would only lose it.
_CANNOT_PRINT = {PrinterState.NO_PAPER, PrinterState.COVER_OPEN, PrinterState.ERROR}


def interpret_status(reply: bytes) -> PrinterStatus:
    """The printer state from its replies to DLE EOT 1, 2 and 4 (in that order).

    A short or malformed reply says nothing for sure: ``UNKNOWN``, not broken.
    """
    if len(reply) < len(STATUS_REQUESTS) or any(
        byte & _STATUS_FIXED_MASK != _STATUS_FIXED_BITS for byte in reply[:3]
    ):
        return PrinterStatus(PrinterState.UNKNOWN, "no valid status reply")
    printer, offline_cause, paper = reply[0], reply[1], reply[2]
    if paper & _PAPER_END:
        return PrinterStatus(PrinterState.NO_PAPER, "roll paper end")
    if offline_cause & _COVER_OPEN:
        return PrinterStatus(PrinterState.COVER_OPEN, "cover open")
    if offline_cause & _AUTOCUTTER_OR_UNRECOVERABLE_ERROR:
        return PrinterStatus(PrinterState.ERROR, "printer reports an error")
    if printer & _OFFLINE:
        return PrinterStatus(PrinterState.ERROR, "printer offline")
    if paper & _PAPER_NEAR_END:
        return PrinterStatus(PrinterState.PAPER_NEAR_END, "roll paper near end")
    return PrinterStatus(PrinterState.READY)


def query_status(sock: socket.socket, timeout_s: float) -> PrinterStatus:
    """Ask a connected printer for its status over ``sock``, waiting at most ``timeout_s``."""
    previous_timeout = sock.gettimeout()
    sock.settimeout(timeout_s)
    reply = b""
    try:
        sock.sendall(b"".join(_DLE_EOT + bytes((n,)) for n in STATUS_REQUESTS))
        while len(reply) < len(STATUS_REQUESTS):
            chunk = sock.recv(16)
            if not chunk:
                if not reply:
                    return PrinterStatus(PrinterState.DISCONNECTED, "printer closed the connection")
                break
            reply += chunk
    except TimeoutError:
        pass  # many printers (and print servers) never answer: that is UNKNOWN, not an error
    except OSError as error:
        return PrinterStatus(PrinterState.DISCONNECTED, _describe(error))
    finally:
        sock.settimeout(previous_timeout)
    return interpret_status(reply)


def _parse_host_port(target: str) -> tuple[str, int]:
    host, _, port = target.rpartition(":")
    if not host:
        return target, DEFAULT_NETWORK_PORT
    return host, int(port)


class EscposReceiptPrinter:
    """A thermal receipt printer over the network (port 9100), a device file, USB or serial.

    ``target`` is ``host:port`` for network, ``/dev/usb/lp0`` for file, ``"04b8:0e15"``
    (vendor:product, hex) for USB and ``/dev/ttyUSB0:19200`` for serial.
    """

    def __init__(
        self,
        connection: Connection,
        target: str,
        width_dots: int,
        font_dir: Path,
        *,
        timeout_s: float = 10.0,
        status_timeout_s: float = 0.5,
    ) -> None:
        self.connection = connection
        self.target = target
        self.width_dots = width_dots
        self.font_dir = font_dir
        self.timeout_s = timeout_s
        self.status_timeout_s = status_timeout_s
        self._watchers = StatusWatchers()

    def watch(self, on_state: Callable[[PrinterState], None]) -> None:
        """Tell ``on_state`` every state this printer reports from now on."""
        self._watchers.add(on_state)

    def print_receipt(self, receipt: Receipt) -> PrintResult:
        """Lay out, encode and send one receipt. Never raises for device trouble."""
        return self.print_blocks(layout_receipt(receipt, self.width_dots, self.font_dir))

    def print_blocks(self, blocks: Sequence[Block]) -> PrintResult:
        """Encode and send laid-out blocks (a receipt, a test page)."""
        return self._watchers.result(self._print(blocks))

    def status(self) -> PrinterStatus:
        """The printer state; only network printers can answer, others say ``UNKNOWN``."""
        return self._watchers.status(self._status())

    def _print(self, blocks: Sequence[Block]) -> PrintResult:
        data = encode_blocks(blocks, self.width_dots)
        try:
            device = self._open()
        except (OSError, _escpos_error(), RuntimeError, ValueError) as error:
            return self._failure(error)
        try:
            status = PrinterStatus(PrinterState.UNKNOWN)
            sock = getattr(device, "device", None) if self.connection == "network" else None
            if isinstance(sock, socket.socket):
                status = query_status(sock, self.status_timeout_s)
                if _cannot_print(status, "printer.refused"):
                    return PrintResult(False, status)
            device._raw(data)
            if isinstance(sock, socket.socket) and status.state is not PrinterState.UNKNOWN:
                # The kernel accepts the whole job into its buffer even if the printer is
                # about to drop the connection; asking again tells whether it really took it.
                status = query_status(sock, self.status_timeout_s)
                if _cannot_print(status, "printer.interrupted"):
                    return PrintResult(False, status)
        except (OSError, _escpos_error()) as error:
            return self._failure(error)
        finally:
            _close_quietly(device)
        logger.info("job sent to printer (%d bytes)", len(data), extra={"event": "printer.sent"})
        return PrintResult(True, status)

    def _status(self) -> PrinterStatus:
        if self.connection == "file":
            if not Path(self.target).exists():
                return PrinterStatus(PrinterState.DISCONNECTED, f"{self.target} does not exist")
            return PrinterStatus(PrinterState.UNKNOWN, "device file present")
        if self.connection != "network":
            return PrinterStatus(PrinterState.UNKNOWN, f"no status over {self.connection}")
        try:
            host, port = _parse_host_port(self.target)
        except ValueError:
            return PrinterStatus(PrinterState.ERROR, f"bad printer address {self.target!r}")
        try:
            with socket.create_connection((host, port), timeout=self.status_timeout_s) as sock:
                return query_status(sock, self.status_timeout_s)
        except OSError as error:
            return PrinterStatus(PrinterState.DISCONNECTED, _describe(error))

    def _open(self) -> Any:
        """The python-escpos printer for this connection, opened."""
        # Imported here: the USB and serial back-ends need pyusb / pyserial only when used.
        from escpos import printer as escpos_printer

        device: Any
        if self.connection == "network":
            host, port = _parse_host_port(self.target)
            device = escpos_printer.Network(host, port, timeout=self.timeout_s)
        elif self.connection == "file":
            device = escpos_printer.File(self.target)
        elif self.connection == "usb":
            if not escpos_printer.Usb.is_usable():
                raise RuntimeError("USB printing needs pyusb, which is not installed")
            vendor, _, product = self.target.partition(":")
            device = escpos_printer.Usb(int(vendor, 16), int(product, 16))
        elif self.connection == "serial":
            if not escpos_printer.Serial.is_usable():
                raise RuntimeError("serial printing needs pyserial, which is not installed")
            port_name, _, baud = self.target.rpartition(":")
            if not port_name:
                port_name, baud = self.target, str(DEFAULT_SERIAL_BAUD)
            device = escpos_printer.Serial(port_name, baudrate=int(baud), timeout=self.timeout_s)
        else:
            raise ValueError(f"unknown printer connection {self.connection!r}")
        device.open()
        return device

    def _failure(self, error: Exception) -> PrintResult:
        state = PrinterState.ERROR
        if isinstance(error, (OSError, _escpos_error())) and _is_disconnection(error):
            state = PrinterState.DISCONNECTED
        detail = _describe(error)
        logger.warning("receipt not printed (%s over %s): %s", state, self.connection, detail)
        return PrintResult(False, PrinterStatus(state, detail))


def _escpos_error() -> type[Exception]:
    """python-escpos's base error, imported when first needed: loading python-escpos takes a
    third of a second that the kiosk's start cannot spare before the home screen shows."""
    from escpos.exceptions import Error

    error: type[Exception] = Error
    return error


def _cannot_print(status: PrinterStatus, event: str) -> bool:
    """Whether ``status`` rules printing out; if so, say so in the journal for the operator."""
    if status.state in _CANNOT_PRINT or status.state is PrinterState.DISCONNECTED:
        logger.warning("printer %s: %s", status.state, status.detail, extra={"event": event})
        return True
    return False


def _is_disconnection(error: Exception) -> bool:
    from escpos.exceptions import DeviceNotFoundError

    return isinstance(error, DeviceNotFoundError | ConnectionError | TimeoutError) or (
        isinstance(error, OSError) and not isinstance(error, PermissionError)
    )


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}".strip()


def _close_quietly(device: Any) -> None:
    try:
        device.close()
    except (OSError, _escpos_error()):
        logger.debug("printer connection did not close cleanly", exc_info=True)
