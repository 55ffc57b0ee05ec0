"""Photos in, pages and documents out: a photo file read as a frame; a page written as a
PNG or JPEG; a document's pages written as one PDF (Pillow; each page a JPEG inside it)."""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from hardware.document.errors import PageImageError
from hardware.document.flatten import FlatPage
from hardware.document.frame_input import MAX_PIXELS, checked_frame

JPEG_QUALITY = 85
PAGE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".pdf": "PDF"}


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
    images = [Image.fromarray(cv2.cvtColor(page.image, cv2.COLOR_BGR2RGB)) for page in pages]
    out = io.BytesIO()
    images[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=pages[0].dpi,
        quality=JPEG_QUALITY,
    )
    return out.getvalue()


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
