"""Receipt blocks to ESC/POS bytes, and ESC/POS bytes back to a picture.

Encoding goes through python-escpos so the bytes are the ones its drivers are known to send.
Decoding is ours: it is what lets the simulator show exactly what a real printer would print,
and lets tests check the bytes rather than trust them.

Each text raster is sent as horizontal runs: runs with ink are cropped to their right-most ink
(rounded up to a byte) and blank runs shrink to an 8-dot-wide empty raster of the same height.
A raster advances the paper by exactly its height on every printer, unlike line feeds whose
unit varies by model, and this keeps a receipt's data around 20 KB instead of 60 KB.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from kiosk.receipt_layout import (
    QR_QUIET_ZONE_MODULES,
    Block,
    CutBlock,
    QrBlock,
    RasterBlock,
    qr_image,
)

if TYPE_CHECKING:
    from escpos.printer import Dummy

# python-escpos is imported where it is used, not at the top: loading its printer
# capabilities takes a third of a second, which the kiosk's start cannot spare before the
# home screen shows (the kiosk warms it up in the background right after).

ESC = 0x1B
GS = 0x1D
DLE = 0x10
FS = 0x1C
LF = 0x0A
# A common 80 mm profile that supports native QR and the full cut; its paper width is
# overridden per job, because python-escpos refuses images wider than the profile's paper.
BASE_PROFILE = "TM-T20II"
_ALIGN = {0: "left", 48: "left", 1: "center", 49: "center", 2: "right", 50: "right"}
_QR_ERROR_LEVELS = {48: "l", 49: "m", 50: "q", 51: "h"}
# Parameter byte counts of the single-purpose commands we step over without meaning.
_ESC_PARAMS = {
    ord(c): n
    for c, n in {
        "@": 0, "a": 1, "d": 1, "J": 1, "!": 1, "E": 1, "-": 1, "M": 1, "t": 1, "2": 0,
        "3": 1, "G": 1, "{": 1, "V": 1, "R": 1, "=": 1, "p": 3, "c": 2, "U": 1,
    }.items()
}  # fmt: skip
_GS_PARAMS = {
    ord(c): n
    for c, n in {"!": 1, "B": 1, "L": 2, "W": 2, "P": 2, "H": 1, "f": 1, "h": 1, "w": 1,
                 "a": 1, "b": 1, "r": 1, "I": 1}.items()
}  # fmt: skip


def preload() -> None:
    """Load python-escpos now (call it on a background thread once the screen is up), so
    the first receipt does not wait for it."""
    import escpos.printer  # noqa: F401


class EscposDecodeError(ValueError):
    """The bytes hold something this decoder cannot draw (plain text, unknown commands)."""


def _printer(width_dots: int) -> Dummy:
    from escpos.printer import Dummy

    printer = Dummy(profile=BASE_PROFILE)
    # The profile data is shared by every printer of that profile: copy before changing it.
    data = copy.deepcopy(printer.profile.profile_data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = width_dots
    printer.profile.profile_data = data
    return printer


def _row_runs(ink: np.ndarray) -> Iterator[tuple[int, int, bool]]:
    """(start, stop, has_ink) runs of consecutive rows."""
    has_ink: list[bool] = np.asarray(ink.any(axis=1), dtype=bool).tolist()
    start = 0
    for row in range(1, len(has_ink) + 1):
        if row == len(has_ink) or has_ink[row] != has_ink[start]:
            yield start, row, has_ink[start]
            start = row


def _raster_pieces(image: Image.Image) -> Iterator[Image.Image]:
    """The raster as cropped horizontal runs (see the module docstring)."""
    picture = image.convert("1")
    ink = ~np.array(picture, dtype=bool)
    for start, stop, has_ink in _row_runs(ink):
        if has_ink:
            last_column = int(np.nonzero(ink[start:stop].any(axis=0))[0].max())
            width = (last_column // 8 + 1) * 8
            yield picture.crop((0, start, width, stop))
        else:
            yield Image.new("1", (8, stop - start), 1)


def _blank(height: int) -> Image.Image:
    return Image.new("1", (8, height), 1)


def encode_blocks(blocks: Sequence[Block], width_dots: int | None = None) -> bytes:
    """The ESC/POS bytes that print ``blocks`` (init, rasters, native QR codes, cut).

    ``width_dots`` is the paper width; by default the widest raster's width.
    """
    rasters = [b.image.width for b in blocks if isinstance(b, RasterBlock)]
    width = width_dots or max(rasters, default=576)
    from escpos.constants import QR_ECLEVEL_M

    printer = _printer(width)
    printer.hw("INIT")
    for block in blocks:
        if isinstance(block, RasterBlock):
            for piece in _raster_pieces(block.image):
                printer.image(piece, impl="bitImageRaster")
        elif isinstance(block, QrBlock):
            # Printers draw no quiet zone around a native QR: feed it as blank rasters.
            quiet = _blank(QR_QUIET_ZONE_MODULES * block.module_size)
            printer.image(quiet, impl="bitImageRaster")
            printer.set(align="center")
            printer.qr(block.data, ec=QR_ECLEVEL_M, size=block.module_size, native=True)
            printer.set(align="left")
            printer.image(quiet, impl="bitImageRaster")
        elif isinstance(block, CutBlock):
            printer.cut()
    return bytes(printer.output)


@dataclass
class _QrState:
    data: bytes = b""
    module_size: int = 3
    error: str = "l"


@dataclass
class _Page:
    width: int
    pieces: list[tuple[Image.Image, int]]
    align: str = "left"

    def place(self, image: Image.Image) -> None:
        if self.align == "center":
            x = (self.width - image.width) // 2
        elif self.align == "right":
            x = self.width - image.width
        else:
            x = 0
        self.pieces.append((image, x))

    def picture(self) -> Image.Image:
        height = sum(image.height for image, _ in self.pieces)
        page = Image.new("1", (self.width, max(1, height)), 1)
        y = 0
        for image, x in self.pieces:
            page.paste(image, (x, y))
            y += image.height
        return page


def decode_escpos(data: bytes, width_dots: int) -> Image.Image:
    """Draw what ``data`` prints on paper ``width_dots`` wide, up to the first cut.

    The feed before the cut (``ESC d``) moves the last line past the cutter; it is blank
    paper and not drawn. Raises :class:`EscposDecodeError` on bytes it cannot draw.
    """
    page = _Page(width_dots, [])
    qr = _QrState()
    pos = 0
    end = len(data)

    def need(count: int) -> bytes:
        if pos + count > end:
            raise EscposDecodeError(f"command at byte {pos} is cut short")
        return data[pos : pos + count]

    while pos < end:
        byte = data[pos]
        if byte == ESC:
            command = need(2)[1]
            if command not in _ESC_PARAMS:
                raise EscposDecodeError(f"unknown command ESC 0x{command:02x} at byte {pos}")
            params = need(2 + _ESC_PARAMS[command])[2:]
            if command == ord("@"):
                page.align = "left"
            elif command == ord("a"):
                page.align = _ALIGN.get(params[0], "left")
            elif command == ord("J") and params[0]:
                page.place(_blank(params[0]))
            pos += 2 + len(params)
        elif byte == GS:
            command = need(2)[1]
            if command == ord("v"):
                header = need(8)
                if header[2] not in (0, 48):
                    raise EscposDecodeError(f"unknown raster GS v 0x{header[2]:02x}")
                mode = header[3] & 0x03
                width_bytes = header[4] | header[5] << 8
                height = header[6] | header[7] << 8
                bits = need(8 + width_bytes * height)[8:]
                page.place(_raster_image(bits, width_bytes, height, mode))
                pos += 8 + width_bytes * height
            elif command == ord("("):
                header = need(5)
                length = header[3] | header[4] << 8
                body = need(5 + length)[5:]
                if header[2] == ord("k"):
                    _qr_command(body, qr, page)
                pos += 5 + length
            elif command == ord("V"):
                # The cut ends the receipt; whatever follows belongs to the next one.
                return page.picture()
            elif command in _GS_PARAMS:
                pos += 2 + len(need(2 + _GS_PARAMS[command])[2:])
            else:
                raise EscposDecodeError(f"unknown command GS 0x{command:02x} at byte {pos}")
        elif byte == DLE:
            # DLE EOT n / DLE ENQ n: real-time status requests, no ink.
            pos += len(need(3))
        elif byte in (0x00, 0x0D):
            pos += 1
        else:
            raise EscposDecodeError(f"plain text or unknown byte 0x{byte:02x} at byte {pos}")
    return page.picture()


def _raster_image(bits: bytes, width_bytes: int, height: int, mode: int) -> Image.Image:
    """A GS v 0 raster as a mode "1" picture (bit 1 = ink), scaled for double density.

    Raises :class:`EscposDecodeError` for a raster with no rows or no columns."""
    if width_bytes == 0 or height == 0:
        raise EscposDecodeError(
            f"raster GS v 0 of {width_bytes} bytes by {height} rows has no dots to draw"
        )
    ink = np.unpackbits(np.frombuffer(bits, dtype=np.uint8)).reshape(height, width_bytes * 8)
    image = Image.fromarray(np.where(ink == 1, 0, 255).astype(np.uint8), mode="L")
    scale_x = 2 if mode & 0x01 else 1
    scale_y = 2 if mode & 0x02 else 1
    if scale_x != 1 or scale_y != 1:
        image = image.resize(
            (image.width * scale_x, image.height * scale_y), Image.Resampling.NEAREST
        )
    return image.convert("1", dither=Image.Dither.NONE)


def _qr_command(body: bytes, qr: _QrState, page: _Page) -> None:
    """Apply one GS ( k command (cn fn [m] data) for QR codes (cn = '1'); others are ignored."""
    if len(body) < 2 or body[0] != ord("1"):
        return
    function = body[1]
    if function == 67 and len(body) >= 3:  # module size
        qr.module_size = body[2]
    elif function == 69 and len(body) >= 3:  # error correction level
        qr.error = _QR_ERROR_LEVELS.get(body[2], "l")
    elif function == 80:  # store the data (after the m byte)
        qr.data = body[3:]
    elif function == 81 and qr.data:  # print the stored symbol
        try:
            text = qr.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EscposDecodeError(
                f"QR data is not UTF-8 text (byte {exc.start} of the stored data)"
            ) from None
        page.place(qr_image(text, qr.module_size, qr.error))
