"""DG2 of an eMRTD chip (the face): the picture inside its biometric data block, ready to show.

DG2 nests an ISO/IEC 19794-5 facial record in BER templates (``75 { 7F61 { 7F60 { … 5F2E }
} }``); this walks the BER with asn1crypto's parser to the block and finds the image in it by
its signature. ICAO 9303 allows JPEG (``FF D8 FF``) and JPEG 2000, either as a JP2 file
(``00 00 00 0C 6A 50 20 20 0D 0A 87 0A``) or as a bare codestream (``FF 4F FF 51``).

Every image is decoded with Pillow before it is handed on, so a picture that will not show
is known here and not as a blank square on the screen: a JPEG goes on as the chip gave it,
JPEG 2000 (which Qt shows only with an extra plugin) as PNG. Decoding is bounded: the
dimensions the image declares are checked before a single pixel is decoded (a 30 kB file may
declare gigapixels). Whatever cannot be shown is a :class:`~kiosk.chip_data.FaceImageError`
with its reason, never an exception.
"""

from __future__ import annotations

import io

from asn1crypto import parser
from PIL import Image

from kiosk.chip_data import FaceImageError, FaceImageProblem

# A face on a chip is around 480 × 640; the largest ICAO profile still far below this.
MAX_FACE_PIXELS = 4_000_000
MAX_FACE_SIDE = 4_000

JPEG = "jpeg"
JP2 = "jp2"
J2K = "j2k"
SIGNATURES = {
    JPEG: b"\xff\xd8\xff",
    JP2: b"\x00\x00\x00\x0cjP  \r\n\x87\n",
    J2K: b"\xff\x4f\xff\x51",
}
PILLOW_FORMAT = {JPEG: "JPEG", JP2: "JPEG2000", J2K: "JPEG2000"}
# Pillow raises these for data that is not the image it claims to be.
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError)


def face_image(dg2: bytes) -> bytes | FaceImageError:
    """The face in DG2 as JPEG or PNG bytes, or why it cannot be shown."""
    try:
        block = _find_tlv(dg2, {0x2E}, depth=0)
    except (ValueError, TypeError):
        return FaceImageError(FaceImageProblem.CORRUPT)
    if block is None:
        return FaceImageError(FaceImageProblem.MISSING)
    found = _find_image(block)
    if found is None:
        return FaceImageError(FaceImageProblem.UNKNOWN_FORMAT)
    image_format, data = found
    return decode_face(image_format, data)


def decode_face(image_format: str, data: bytes) -> bytes | FaceImageError:
    """Decode ``data`` (``image_format`` one of :data:`SIGNATURES`) within the bounds: the
    JPEG itself, PNG for JPEG 2000, or why it cannot be shown."""
    try:
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMAT[image_format]]) as image:
            width, height = image.size
            if width > MAX_FACE_SIDE or height > MAX_FACE_SIDE or width * height > MAX_FACE_PIXELS:
                return FaceImageError(FaceImageProblem.TOO_LARGE, image_format)
            image.load()
            if image_format == JPEG:
                return data
            shown = image if image.mode in ("L", "RGB") else image.convert("RGB")
            out = io.BytesIO()
            shown.save(out, format="PNG")
            return out.getvalue()
    except Image.DecompressionBombError:
        return FaceImageError(FaceImageProblem.TOO_LARGE, image_format)
    except _DECODE_ERRORS:
        return FaceImageError(FaceImageProblem.CORRUPT, image_format)


def _find_image(block: bytes) -> tuple[str, bytes] | None:
    """The first image signature in the block, and the bytes from there on."""
    starts = [(block.find(sig), name) for name, sig in SIGNATURES.items() if sig in block]
    if not starts:
        return None
    start, name = min(starts)
    return name, block[start:]


def _find_tlv(data: bytes, tags: set[int], depth: int) -> bytes | None:
    """Depth-first search of BER data for an application-class tag number in ``tags``."""
    if depth > 6:
        return None
    pos = 0
    while pos < len(data):
        class_, method, tag, header, contents, trailer = parser.parse(data[pos:])
        pos += len(header) + len(contents) + len(trailer)
        if class_ == 1 and tag in tags:
            return bytes(contents)
        if method == 1:
            found = _find_tlv(bytes(contents), tags, depth + 1)
            if found is not None:
                return found
    return None
