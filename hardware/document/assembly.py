"""One paper's pages as one PDF no larger than the configured limit
(:class:`kiosk.ports.DocumentAssembler`).

The pages (JPEGs, as the camera's ``capture_page`` gives them) go into the PDF as they are
when the whole fits. When it does not, every page is encoded again, the same way for all:
first at lower JPEG qualities (:data:`QUALITIES`), then with fewer pixels, a step of
:data:`SHRINK_STEP` at a time, never below :data:`LEGIBLE_LONG_SIDE` on the long side (an
A4 page at 150 dpi, where small print stays legible; a page that came smaller keeps its
pixels). The first that fits is the document; when even the smallest does not,
:class:`~kiosk.ports.DocumentTooLargeError` says by how much. The same pages always give the
same bytes (no date in the PDF, a deterministic encoder), so the document's SHA-256, its
name at the portal, is stable.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from PIL import Image, ImageOps

from hardware.document.document_file import (
    JPEG_QUALITY,
    PdfPage,
    jpeg_pdf,
    open_jpeg,
    print_size,
)
from hardware.document.errors import PageImageError
from hardware.document.flatten import A4_LONG_INCHES
from kiosk.ports import DocumentTooLargeError

QUALITIES = (70, 55, 40)
"""The JPEG qualities tried in turn, all pages alike; 40 is the lowest at which print in a
150 dpi page keeps clean edges."""
SHRUNK_QUALITIES = (55, 40)
"""The qualities tried at each smaller size."""
LEGIBLE_DPI = 150
LEGIBLE_LONG_SIDE = round(A4_LONG_INCHES * LEGIBLE_DPI)
"""1754 px: the fewest pixels on a page's long side that keep an A4 page at 150 dpi."""
SHRINK_STEP = 0.8
"""Each smaller size has this share of the last one's long side."""
EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class _Encoding:
    """How every page is written in one attempt: ``quality`` None keeps the JPEGs as given
    (a page that cannot be is encoded at the camera's quality); ``scale`` shrinks the long
    side (each page kept at its legible minimum)."""

    quality: int | None
    scale: float = 1.0


@dataclass(frozen=True)
class _Page:
    """A page as given, decoded, with the size it prints at (kept however it is encoded)."""

    data: bytes
    image: Image.Image
    width_pt: float
    height_pt: float
    as_given: bool
    """Whether the JPEG can go into the PDF as it is: grey or colour (not CMYK), upright."""

    @property
    def long_side(self) -> int:
        return max(self.image.size)

    @property
    def legible_long_side(self) -> int:
        return min(self.long_side, LEGIBLE_LONG_SIDE)

    def pdf_page(self, encoding: _Encoding) -> PdfPage:
        if encoding.quality is None and self.as_given:
            width, height = self.image.size
            grey = self.image.mode == "L"
            return PdfPage(self.data, width, height, grey, self.width_pt, self.height_pt)
        image = self.image
        long_side = max(self.legible_long_side, math.floor(self.long_side * encoding.scale))
        if long_side < self.long_side:
            shrink = long_side / self.long_side
            width, height = image.size
            size = (max(1, round(width * shrink)), max(1, round(height * shrink)))
            image = image.resize(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        quality = JPEG_QUALITY if encoding.quality is None else encoding.quality
        image.save(out, "JPEG", quality=quality, optimize=True, subsampling="4:2:0")
        width, height = image.size
        grey = image.mode == "L"
        return PdfPage(out.getvalue(), width, height, grey, self.width_pt, self.height_pt)


class PdfAssembler:
    """:class:`kiosk.ports.DocumentAssembler`: a paper's JPEG pages as one PDF of at most
    ``max_bytes`` (``[documents] max_document_bytes``)."""

    def __init__(self, max_bytes: int) -> None:
        if max_bytes <= 0:
            raise ValueError(f"the limit of a document must be positive, not {max_bytes} bytes")
        self.max_bytes = max_bytes

    def assemble(self, pages: Sequence[bytes]) -> bytes:
        """One PDF of ``pages`` (JPEGs, in order), no larger than :attr:`max_bytes`.

        Raises :class:`~hardware.document.errors.PageImageError` (a ``ValueError``) when
        there is no page or a page is not a whole JPEG, and
        :class:`~kiosk.ports.DocumentTooLargeError` when the pages cannot fit."""
        if not pages:
            raise PageImageError("a document needs at least one page")
        read = [_read(data, f"page {n} of {len(pages)}") for n, data in enumerate(pages, 1)]
        sizes = []
        for encoding in _encodings(read):
            pdf = jpeg_pdf([page.pdf_page(encoding) for page in read])
            if len(pdf) <= self.max_bytes:
                return pdf
            sizes.append(len(pdf))
        raise DocumentTooLargeError(_too_large(len(read), min(sizes), self.max_bytes))


def _read(data: bytes, name: str) -> _Page:
    image = open_jpeg(bytes(data), name)
    upright = image.getexif().get(EXIF_ORIENTATION, 1) == 1
    as_given = upright and image.mode in ("L", "RGB")
    if not upright:
        image = ImageOps.exif_transpose(image)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    width_pt, height_pt = print_size(*image.size)
    return _Page(bytes(data), image, width_pt, height_pt, as_given)


def _encodings(pages: Sequence[_Page]) -> Iterator[_Encoding]:
    """The attempts, largest first: as given; lower qualities; then smaller sizes until every
    page is at its legible minimum."""
    yield _Encoding(None)
    for quality in QUALITIES:
        yield _Encoding(quality)
    scale = 1.0
    while any(page.long_side * scale > page.legible_long_side for page in pages):
        scale *= SHRINK_STEP
        for quality in SHRUNK_QUALITIES:
            yield _Encoding(quality, scale)


def _too_large(count: int, smallest: int, limit: int) -> str:
    pages = "1 page" if count == 1 else f"{count} pages"
    return (
        f"a document of {pages} takes {smallest:,} bytes even at its smallest (JPEG quality "
        f"{min(QUALITIES + SHRUNK_QUALITIES)}, no page shrunk below {LEGIBLE_DPI} dpi on A4, "
        f"under which print is no longer legible); the limit is {limit:,} bytes ([documents] "
        "max_document_bytes in the kiosk's configuration): raise the limit, or have the paper "
        "submitted as two documents"
    )
