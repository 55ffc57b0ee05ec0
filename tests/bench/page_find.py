"""``page_find``: the paper scanner's live preview and its capture, on one core.

The frames are 1280×720 synthetic photos of an A4 and an A5 page held at six angles over a
cluttered desk, with a shadow, a little blur and sensor noise (``tests/hardware/
document_photos.py``), made before any timing. OpenCV is held to one thread while measuring.

- value: frames per second through ``scanner.analyse_frame`` (the corners, blur, glare,
  page size and hint of one preview frame), the median of the passes over all frames;
- ``capture_to_pdf_ms``: one page from the frame to a one-page PDF's bytes
  (``capture_page`` on the outline the preview found, then ``document_pdf``), median over
  the frames, with its min and max; ``pdf_kb_per_page`` beside it;
- ``corner_error_max_pct``: the worst corner's distance from the truth over all frames, in %
  of the page's diagonal (the tests' bar: 2 %).
"""

from __future__ import annotations

import time

import cv2
import numpy as np

from hardware.document.document_file import document_pdf
from hardware.document.scanner import analyse_frame, capture_page
from tests.bench.results import Figure, median, with_samples
from tests.hardware.document_photos import Photo, held_corners, photograph, render_page

UNIT = "frames/s"
TARGET_FPS = 15.0
TARGET = f"≥ {TARGET_FPS:.0f} frames/s on one core (a live outline); capture-to-PDF per page"
POSES = (  # centre, height square on, tilts (radians), turn (degrees)
    ((640, 360), 600, 0.35, 0.2, 5),
    ((600, 370), 560, -0.4, 0.1, -12),
    ((650, 360), 540, 0.5, 0.3, -25),
    ((660, 350), 520, 0.2, -0.45, 20),
    ((640, 360), 640, 0.0, 0.0, 0),
    ((620, 360), 600, 0.6, 0.0, 0),
)


def bench_photos() -> list[Photo]:
    """Twelve 1280×720 photos: each pose with an A4 and an A5 page."""
    pages = {paper: render_page(paper) for paper in ("A4", "A5")}
    photos = []
    for index, (centre, height, tilt_x, tilt_y, turn) in enumerate(POSES):
        corners = held_corners(centre, height, tilt_x=tilt_x, tilt_y=tilt_y, turn_deg=turn)
        for paper, page in pages.items():
            photos.append(photograph(page, corners, seed=index * 2 + len(paper)))
    return photos


def measure(quick: bool) -> Figure:
    """Frames per second of the preview's analysis; capture-to-PDF ms per page."""
    passes = 5 if quick else 20
    photos = bench_photos()
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        analyses = [analyse_frame(photo.frame) for photo in photos]  # warm
        rates: list[float] = []
        for _ in range(passes):
            start = time.perf_counter()
            for photo in photos:
                analyse_frame(photo.frame)
            rates.append(len(photos) / (time.perf_counter() - start))
        capture_ms: list[float] = []
        sizes: list[int] = []
        for _ in range(max(1, passes // 5)):
            for photo, analysis in zip(photos, analyses, strict=True):
                start = time.perf_counter()
                pdf = document_pdf([capture_page(photo.frame, analysis.outline)])
                capture_ms.append((time.perf_counter() - start) * 1000)
                sizes.append(len(pdf))
    finally:
        cv2.setNumThreads(threads)
    errors = []
    for photo, analysis in zip(photos, analyses, strict=True):
        assert analysis.outline is not None, "a benchmark photo's page was not found"
        worst = np.linalg.norm(analysis.outline.corners - photo.corners, axis=1).max()
        errors.append(float(worst) / photo.diagonal * 100)
    figure = with_samples(Figure(key="page_find", unit=UNIT, target=TARGET), rates)
    assert figure.value is not None
    figure.met = figure.value >= TARGET_FPS
    capture = median(capture_ms)
    figure.extra = {
        "capture_to_pdf_ms": capture,
        "capture_to_pdf_ms_min": min(capture_ms),
        "capture_to_pdf_ms_max": max(capture_ms),
        "pdf_kb_per_page": median(sizes) / 1024,
        "corner_error_max_pct": max(errors),
        "frames": len(photos),
    }
    figure.note = (
        f"{figure.value:.0f} frames/s ({1000 / figure.value:.1f} ms a frame) over "
        f"{len(photos)} frames, one thread; capture to PDF {capture:.0f} ms a page, "
        f"{median(sizes) / 1024:.0f} KB; worst corner {max(errors):.2f} % of the diagonal"
    )
    return figure
