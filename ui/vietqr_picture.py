"""The VietQR code as a picture for the screen (the receipt's is drawn by the printer)."""

from __future__ import annotations

import io

QUIET_ZONE_MODULES = 4
ERROR_LEVEL = "m"


def vietqr_png(payload: str, scale: int = 12) -> bytes:
    """``payload`` as a black-on-white QR code PNG, ``scale`` pixels per module, with the
    quiet zone bank apps need around it."""
    import segno  # here: 40 ms of imports the home screen's first frame need not wait for

    buffer = io.BytesIO()
    code = segno.make(payload, error=ERROR_LEVEL, micro=False)
    code.save(buffer, kind="png", scale=scale, border=QUIET_ZONE_MODULES)
    return buffer.getvalue()
