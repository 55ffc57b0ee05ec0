"""Photos in, pages and documents out: a photo file read as a frame; a page written as a
PNG or JPEG; a document's pages written as one PDF, each page a JPEG inside it as it is
(DCTDecode, as img2pdf does: no second encoding), with no date or other varying field, so the
same pages always make the same bytes (the portal names an attachment by their SHA-256)."""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from hardware.document.errors import PageImageError
from hardware.document.flatten import ISO_A_ASPECT, ISO_A_TOLERANCE, FlatPage
from hardware.document.frame_input import MAX_PIXELS, checked_frame

JPEG_QUALITY = 85
PAGE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".pdf": "PDF"}
POINTS_PER_INCH = 72.0
A4_POINTS = (595.276, 841.89)
"""A4's width and height in PDF points (210 × 297 mm)."""
OTHER_PAPER_DPI = 150.0
"""The resolution a page of another shape prints at (as :class:`FlatPage` has it)."""


@dataclass(frozen=True)
class PdfPage:
    """One page of a PDF: a JPEG (baseline or progressive, grey or colour) and the size it
    prints at, in points."""

    jpeg: bytes
    width_px: int
    height_px: int
    grey: bool
    width_pt: float
    height_pt: float


def read_photo(path: Path) -> np.ndarray:
    """The photo at ``path`` as a BGR frame. Raises :class:`PageImageError` when the file
    cannot be read or is not a picture the pipeline takes."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PageImageError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    return decode_photo(data, str(path))


def decode_photo(data: bytes, name: str = "the photo") -> np.ndarray:
    """``data`` (PNG, JPEG, or anything Pillow reads) as a BGR frame; its size is checked
    before the pixels are decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PageImageError(f"{name}: the picture is too large") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise PageImageError(f"{name}: not a picture (PNG or JPEG)") from exc
    if width * height > MAX_PIXELS:
        raise PageImageError(f"{name}: {width}×{height} pixels is too large a picture")
    frame = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if frame is None:
        frame = _decode_with_pillow(data, name)
    return checked_frame(frame)


def _decode_with_pillow(data: bytes, name: str) -> np.ndarray:
    try:
        with Image.open(io.BytesIO(data)) as image:
            rgb = np.asarray(image.convert("RGB"))
    except (OSError, ValueError, SyntaxError) as exc:
        raise PageImageError(f"{name}: the picture is damaged") from exc
    return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))


def page_bytes(page: FlatPage, kind: str) -> bytes:
    """``page`` encoded as ``kind`` ("PNG", "JPEG" or "PDF")."""
    if kind == "PDF":
        return document_pdf([page])
    extension = ".png" if kind == "PNG" else ".jpg"
    params = [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY] if kind == "JPEG" else []
    ok, encoded = cv2.imencode(extension, page.image, params)
    if not ok:
        raise PageImageError(f"the page could not be encoded as {kind}")
    return bytes(encoded.tobytes())


def document_pdf(pages: Sequence[FlatPage]) -> bytes:
    """One PDF holding ``pages`` in order, each at its own resolution (an A-series page at
    A4 size)."""
    if not pages:
        raise PageImageError("a document needs at least one page")
    pdf_pages = []
    for page in pages:
        height, width = page.image.shape[:2]
        points = POINTS_PER_INCH / page.dpi  # per pixel
        pdf_pages.append(
            PdfPage(page_bytes(page, "JPEG"), width, height, False, width * points, height * points)
        )
    return jpeg_pdf(pdf_pages)


def print_size(width_px: int, height_px: int) -> tuple[float, float]:
    """The size, in points, a page of these pixels prints at: A4 (either way up) when its
    shape is an A-series sheet's, 1:√2 within 7 % (as :mod:`.flatten` recognises one); else
    at :data:`OTHER_PAPER_DPI`."""
    aspect = height_px / width_px
    for target, size in ((ISO_A_ASPECT, A4_POINTS), (1 / ISO_A_ASPECT, A4_POINTS[::-1])):
        if abs(aspect - target) / target < ISO_A_TOLERANCE:
            return size
    points = POINTS_PER_INCH / OTHER_PAPER_DPI  # per pixel
    return width_px * points, height_px * points


def open_jpeg(data: bytes, name: str = "the picture") -> Image.Image:
    """``data`` as a decoded Pillow image, checked to be a whole JPEG of at most
    :data:`~hardware.document.frame_input.MAX_PIXELS`; raises :class:`PageImageError`
    naming ``name`` otherwise."""
    if not data.startswith(b"\xff\xd8\xff"):
        raise PageImageError(f"{name} is not a JPEG picture (it lacks JPEG's first bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PageImageError(f"{name}: the picture is too large") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise PageImageError(f"{name} is not a JPEG picture") from exc
    width, height = image.size
    if image.format != "JPEG":
        raise PageImageError(f"{name} is not a JPEG picture")
    if width * height > MAX_PIXELS:
        raise PageImageError(f"{name}: {width}×{height} pixels is too large a picture")
    try:
        image.load()
    except (OSError, ValueError, SyntaxError) as exc:
        raise PageImageError(f"{name} is a damaged JPEG picture (cannot be decoded)") from exc
    return image


def jpeg_pdf(pages: Sequence[PdfPage]) -> bytes:
    """One PDF (1.4) of ``pages`` in order, each JPEG filling its page as it is. Nothing in
    it varies but the pages: the same pages give the same bytes."""
    if not pages:
        raise PageImageError("a document needs at least one page")
    kids = " ".join(f"{3 + 3 * index} 0 R" for index in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
    ]
    for index, page in enumerate(pages):
        number = 3 + 3 * index
        width, height = _number(page.width_pt), _number(page.height_pt)
        colours = "/DeviceGray" if page.grey else "/DeviceRGB"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}]"
            f" /Resources << /XObject << /Im0 {number + 1} 0 R >> >>"
            f" /Contents {number + 2} 0 R >>".encode()
        )
        objects.append(
            _stream(
                f"/Type /XObject /Subtype /Image /Width {page.width_px} /Height {page.height_px}"
                f" /ColorSpace {colours} /BitsPerComponent 8 /Filter /DCTDecode",
                page.jpeg,
            )
        )
        objects.append(_stream("", f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode()))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _stream(entries: str, data: bytes) -> bytes:
    head = f"<< {entries} /Length {len(data)} >>" if entries else f"<< /Length {len(data)} >>"
    return head.encode() + b"\nstream\n" + data + b"\nendstream"


def _number(value: float) -> str:
    """A PDF real: at most three decimals, no trailing zeros."""
    if not math.isfinite(value) or value <= 0:
        raise PageImageError(f"a page cannot be {value} points wide or tall")
    return f"{value:.3f}".rstrip("0").rstrip(".")


def write_page(page: FlatPage, path: Path) -> None:
    """Write ``page`` to ``path``, as PNG, JPEG or PDF by its extension. Raises
    :class:`PageImageError` for another extension or a file that cannot be written."""
    kind = PAGE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise PageImageError(f"{path}: write a .png, .jpg or .pdf file")
    try:
        path.write_bytes(page_bytes(page, kind))
    except OSError as exc:
        raise PageImageError(f"{path}: cannot write the file ({exc.strerror or exc})") from exc
