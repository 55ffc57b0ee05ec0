"""DG2 of an eMRTD chip (the face): the JPEG inside its biometric data block.

DG2 nests an ISO/IEC 19794-5 facial record in BER templates (``75 { 7F61 { 7F60 { … 5F2E }
} }``); the kiosk only wants the image, so this walks the BER with asn1crypto's parser to
the block and takes the JPEG from its start marker. Anything unreadable gives no image, never
an exception.
"""

from __future__ import annotations

from asn1crypto import parser


def face_jpeg(dg2: bytes) -> bytes:
    """The JPEG inside DG2's biometric data block (5F2E/7F2E); empty if there is none."""
    try:
        block = _find_tlv(dg2, {0x2E}, depth=0)
    except (ValueError, TypeError):
        return b""
    if block is None:
        return b""
    start = block.find(b"\xff\xd8\xff")
    return block[start:] if start >= 0 else b""


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
