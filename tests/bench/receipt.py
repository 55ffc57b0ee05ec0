"""``receipt``: lay one receipt out and encode it as ESC/POS, the work behind every print."""

from __future__ import annotations

import time

from hardware.printer.escpos_encoding import encode_blocks
from kiosk.procedures import Catalogue
from kiosk.receipt import Receipt, ReceiptContext, build_receipt
from kiosk.receipt_layout import layout_receipt
from kiosk.settings import FONT_DIR, PROCEDURES_DIR, load_settings
from tests.bench.outbox_commit import sample_submission
from tests.bench.results import Figure, median, with_samples

PROCEDURE_CODE = "dang-ky-tam-tru"


def sample_receipt() -> Receipt:
    """The receipt of a typical submission, with the shipped settings' kiosk details."""
    settings = load_settings(environ={})
    procedure = Catalogue.load(PROCEDURES_DIR).get(PROCEDURE_CODE)
    assert procedure is not None
    context = ReceiptContext(
        kiosk_name=f"{settings.kiosk.id} · {settings.kiosk.building_vi}",
        hotline=settings.kiosk.hotline,
        status_url=settings.portal.status_url,
    )
    return build_receipt(sample_submission(), procedure, context)


def render_and_encode(receipt: Receipt, width_dots: int) -> bytes:
    """What a print costs before the bytes leave for the printer."""
    return encode_blocks(layout_receipt(receipt, width_dots, FONT_DIR), width_dots)


def measure(quick: bool) -> Figure:
    """Median milliseconds per receipt, and its size in bytes."""
    n = 15 if quick else 60
    width_dots = load_settings(environ={}).printer.width_dots
    receipt = sample_receipt()
    render_and_encode(receipt, width_dots)  # fonts and modules loaded once, as in the kiosk
    times: list[float] = []
    sizes: list[int] = []
    for _ in range(n):
        start = time.perf_counter()
        data = render_and_encode(receipt, width_dots)
        times.append((time.perf_counter() - start) * 1000)
        sizes.append(len(data))
    figure = with_samples(Figure(key="receipt", unit="ms", target="≤ 100 ms and ≤ 40 KB"), times)
    size = int(median(sizes))
    assert figure.value is not None
    figure.met = figure.value <= 100 and size <= 40 * 1024
    figure.extra = {"bytes": size, "width_dots": width_dots}
    figure.note = f"{size} bytes ({size / 1024:.1f} KB) of ESC/POS at {width_dots} dots"
    return figure
