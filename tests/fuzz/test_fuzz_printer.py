"""The receipt printer's bytes: its status replies, and the ESC/POS the simulated printer
reads back.

Parsers and what they may raise:

- :func:`hardware.printer.escpos_printer.interpret_status` (the replies to DLE EOT 1, 2, 4)
  and :func:`~hardware.printer.escpos_printer.query_status` (the same over a socket): nothing;
  a :class:`PrinterStatus` (``UNKNOWN`` for a reply that says nothing for sure);
- :func:`hardware.printer.escpos_encoding.decode_escpos` (the simulated printer's reader):
  ``EscposDecodeError`` only.
"""

from __future__ import annotations

import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from hardware.printer.escpos_encoding import EscposDecodeError, decode_escpos, encode_blocks
from hardware.printer.escpos_printer import interpret_status, query_status
from kiosk.ports import PrinterState, PrinterStatus
from kiosk.receipt_layout import CutBlock, QrBlock, RasterBlock

from .mutations import mutated_bytes
from .profiles import fuzz_settings

WIDTH = 96
STATUS_BYTE = st.one_of(
    st.integers(min_value=0, max_value=255), st.sampled_from([0x12, 0x16, 0x1E, 0x72, 0x7E])
)
RECEIPT = encode_blocks(
    [
        RasterBlock(Image.new("1", (WIDTH, 16), 1)),
        QrBlock("https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=HN-7K3M-Q9PD", 3),
        CutBlock(),
    ],
    WIDTH,
)


@fuzz_settings()
@given(st.one_of(st.binary(max_size=8), st.lists(STATUS_BYTE, max_size=5).map(bytes)))
def test_any_status_reply_is_a_printer_status(reply: bytes) -> None:
    status = interpret_status(reply)
    assert isinstance(status, PrinterStatus)
    assert isinstance(status.state, PrinterState)


@fuzz_settings(0.25)
@given(st.lists(STATUS_BYTE, max_size=5).map(bytes), st.booleans())
def test_any_status_reply_over_a_socket_is_a_printer_status(reply: bytes, close: bool) -> None:
    ours, printer = socket.socketpair()
    try:
        printer.sendall(reply)
        if close or len(reply) < 3:
            printer.close()
        assert isinstance(query_status(ours, 0.5), PrinterStatus)
    finally:
        ours.close()
        printer.close()


@fuzz_settings(0.5)
@given(st.one_of(st.binary(max_size=200), mutated_bytes(RECEIPT), mutated_bytes(RECEIPT)))
def test_escpos_bytes_draw_a_picture_or_raise_an_escpos_decode_error(data: bytes) -> None:
    try:
        picture = decode_escpos(data, WIDTH)
    except EscposDecodeError as error:
        assert str(error)
        return
    assert picture.width == WIDTH


# GS ( k: store the QR data 0x80 (not UTF-8), then print the stored symbol.
QR_NOT_UTF8 = b"\x1d(k\x04\x001P0\x80" + b"\x1d(k\x03\x001Q0"


def test_finding_qr_data_that_is_not_utf8_raises_an_escpos_decode_error() -> None:
    """F5 (fixed in hardware/printer/escpos_encoding.py _qr_command)."""
    with pytest.raises(EscposDecodeError, match="QR data is not UTF-8"):
        decode_escpos(QR_NOT_UTF8, WIDTH)


# GS v 0, double width, 1 byte wide and 0 rows high.
EMPTY_DOUBLE_RASTER = b"\x1dv0\x01\x01\x00\x00\x00"


def test_finding_an_empty_double_density_raster_raises_an_escpos_decode_error() -> None:
    """F6 (fixed in hardware/printer/escpos_encoding.py _raster_image)."""
    with pytest.raises(EscposDecodeError, match="no dots to draw"):
        decode_escpos(EMPTY_DOUBLE_RASTER, WIDTH)
