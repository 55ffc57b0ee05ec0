"""The simulated printer and the ESC/POS printer over a real TCP socket."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hardware.printer.escpos_encoding import decode_escpos
from hardware.printer.escpos_printer import EscposReceiptPrinter, interpret_status
from hardware.simulators.printer import SimulatedPrinter
from kiosk.ports import PrinterState, PrinterStatus
from kiosk.receipt import Receipt
from kiosk.receipt_layout import layout_receipt, render_blocks

# Replies to DLE EOT 1, 2, 4 from an Epson-compatible printer.
ONLINE = bytes((0x16, 0x12, 0x12))
PAPER_OUT = bytes((0x1E, 0x32, 0x72))
PAPER_NEAR_END = bytes((0x16, 0x12, 0x1E))
COVER_OPEN = bytes((0x1E, 0x16, 0x12))
STATUS_QUERY = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"


def _same_picture(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and np.array_equal(np.array(a.convert("1")), np.array(b.convert("1")))


class FakeNetworkPrinter:
    """A TCP listener on 127.0.0.1 that answers DLE EOT like a printer and records the rest."""

    def __init__(self, status_reply: bytes | None, drop_after: int | None = None) -> None:
        self.status_reply = status_reply
        self.drop_after = drop_after
        self.received = bytearray()
        self.done = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            with conn:
                self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        buffer = b""
        in_status_phase = True
        while chunk := conn.recv(65536):
            buffer += chunk
            while in_status_phase and len(buffer) >= 3 and buffer[:2] == b"\x10\x04":
                request = buffer[2]
                buffer = buffer[3:]
                if self.status_reply is not None:
                    conn.sendall(self.status_reply[{1: 0, 2: 1, 4: 2}[request]].to_bytes())
            if buffer and buffer[:2] != b"\x10\x04"[: len(buffer)]:
                in_status_phase = False
            if not in_status_phase:
                self.received += buffer
                buffer = b""
                if self.drop_after is not None and len(self.received) >= self.drop_after:
                    # Pulled cable / power cut mid-job: reset the connection, do not close it.
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
                    break
                if self.received.endswith(STATUS_QUERY) and self.status_reply is not None:
                    # A status query after the job: printers answer DLE EOT at any time.
                    del self.received[-len(STATUS_QUERY) :]
                    conn.sendall(self.status_reply)
        if self.received:
            self.done.set()

    def close(self) -> None:
        self._server.close()


@pytest.fixture
def fake_printer(request: pytest.FixtureRequest) -> Iterator[FakeNetworkPrinter]:
    server = FakeNetworkPrinter(getattr(request, "param", ONLINE))
    yield server
    server.close()


def _network_printer(port: int, font_dir: Path) -> EscposReceiptPrinter:
    return EscposReceiptPrinter(
        "network", f"127.0.0.1:{port}", 384, font_dir, timeout_s=5, status_timeout_s=0.3
    )


def test_simulated_printer_writes_the_png_of_exactly_what_the_bytes_print(
    tmp_path: Path, receipt: Receipt, font_dir: Path
) -> None:
    printer = SimulatedPrinter(tmp_path, 384, font_dir)

    result = printer.print_receipt(receipt)

    assert result.printed
    assert result.status.state is PrinterState.READY
    assert printer.printed == [tmp_path / "receipt-HN-7K3M-Q9PD.png"]
    written = Image.open(printer.printed[0])
    assert _same_picture(written, decode_escpos(printer.last_bytes, 384))
    assert _same_picture(written, render_blocks(layout_receipt(receipt, 384, font_dir), 384))


def test_simulated_printer_without_paper_prints_nothing_and_says_no_paper(
    tmp_path: Path, receipt: Receipt, font_dir: Path
) -> None:
    printer = SimulatedPrinter(tmp_path / "out", 384, font_dir)
    printer.set_status(PrinterStatus(PrinterState.NO_PAPER, "demo"))

    result = printer.print_receipt(receipt)

    assert not result.printed
    assert result.status.state is PrinterState.NO_PAPER
    assert printer.printed == []
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_network_printer_receives_the_receipt_bytes(
    fake_printer: FakeNetworkPrinter, receipt: Receipt, font_dir: Path
) -> None:
    printer = _network_printer(fake_printer.port, font_dir)

    result = printer.print_receipt(receipt)

    assert result.printed
    assert result.status.state is PrinterState.READY
    assert fake_printer.done.wait(10)
    received = decode_escpos(bytes(fake_printer.received), 384)
    assert _same_picture(received, render_blocks(layout_receipt(receipt, 384, font_dir), 384))


def test_online_printer_reports_ready(fake_printer: FakeNetworkPrinter, font_dir: Path) -> None:
    assert _network_printer(fake_printer.port, font_dir).status().state is PrinterState.READY


@pytest.mark.parametrize("fake_printer", [PAPER_OUT], indirect=True)
def test_printer_out_of_paper_reports_no_paper_and_keeps_the_job(
    fake_printer: FakeNetworkPrinter, receipt: Receipt, font_dir: Path
) -> None:
    printer = _network_printer(fake_printer.port, font_dir)

    assert printer.status().state is PrinterState.NO_PAPER
    result = printer.print_receipt(receipt)
    assert not result.printed
    assert result.status.state is PrinterState.NO_PAPER


@pytest.mark.parametrize("fake_printer", [None], indirect=True)
def test_printer_that_never_answers_status_is_unknown_not_broken(
    fake_printer: FakeNetworkPrinter, receipt: Receipt, font_dir: Path
) -> None:
    printer = _network_printer(fake_printer.port, font_dir)

    assert printer.status().state is PrinterState.UNKNOWN
    result = printer.print_receipt(receipt)
    assert result.printed
    assert fake_printer.done.wait(10)


def test_printer_offline_returns_disconnected_status(receipt: Receipt, font_dir: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    # The port is closed now: connecting is refused, as with a printer switched off.
    printer = _network_printer(port, font_dir)

    assert printer.status().state is PrinterState.DISCONNECTED
    result = printer.print_receipt(receipt)
    assert not result.printed
    assert result.status.state is PrinterState.DISCONNECTED


def test_missing_device_file_returns_disconnected_status(
    tmp_path: Path, receipt: Receipt, font_dir: Path
) -> None:
    printer = EscposReceiptPrinter("file", str(tmp_path / "no" / "lp0"), 384, font_dir)

    assert printer.status().state is PrinterState.DISCONNECTED
    result = printer.print_receipt(receipt)
    assert not result.printed
    assert result.status.state is PrinterState.DISCONNECTED


@pytest.mark.parametrize(
    ("reply", "state"),
    [
        (ONLINE, PrinterState.READY),
        (PAPER_OUT, PrinterState.NO_PAPER),
        (PAPER_NEAR_END, PrinterState.PAPER_NEAR_END),
        (COVER_OPEN, PrinterState.COVER_OPEN),
        (b"", PrinterState.UNKNOWN),
        (b"\xff\xff\xff", PrinterState.UNKNOWN),
    ],
)
def test_status_bytes_are_read_as_printer_states(reply: bytes, state: PrinterState) -> None:
    assert interpret_status(reply).state is state


def test_usb_printer_that_is_not_plugged_in_returns_a_status_instead_of_raising(
    receipt: Receipt, font_dir: Path
) -> None:
    printer = EscposReceiptPrinter("usb", "04b8:0e15", 384, font_dir)

    result = printer.print_receipt(receipt)

    assert not result.printed
    assert result.status.state in (PrinterState.DISCONNECTED, PrinterState.ERROR)
    assert result.status.detail


def test_a_connection_dropped_mid_job_is_reported_as_not_printed(
    receipt: Receipt, font_dir: Path
) -> None:
    server = FakeNetworkPrinter(ONLINE, drop_after=2000)
    try:
        result = _network_printer(server.port, font_dir).print_receipt(receipt)
    finally:
        server.close()

    assert not result.printed
    assert result.status.state is PrinterState.DISCONNECTED
    assert 0 < len(server.received) < 40_000
