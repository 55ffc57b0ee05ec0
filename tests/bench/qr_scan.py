"""``qr_scan``: frames per second through the kiosk's QR scanner, beside plain zxing-cpp.

The frames are 1280×720 grey pictures of the demo ID card (``write_demo_frames``), turned,
shrunk, blurred and noised in a temporary folder before any timing starts.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from hardware.qr_scanner import QrScanner
from hardware.simulators.demo_frames import DEMO_CCCD_PAYLOAD, write_demo_frames
from tests.bench.results import Figure, median, with_samples

ANGLES_DEG = (0.0, 8.0, -12.0, 25.0, 40.0, -60.0, 90.0, 170.0)
SCALES = (1.0, 0.9, 0.8)
BLUR_SIGMAS = (0.0, 0.7, 1.2)
NOISE_SDS = (0.0, 5.0, 10.0)


def read_grey(path: Path) -> np.ndarray:
    """A PNG as a grey array."""
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise OSError(f"cannot read {path}")
    return np.asarray(image)


def bench_frames(out_dir: Path) -> list[np.ndarray]:
    """24 grey 1280×720 frames of the card: every angle at every scale, blur and noise
    varying from frame to frame."""
    card_frames = [read_grey(p) for p in write_demo_frames(out_dir)[1:]]
    rng = np.random.default_rng(20261123)
    frames: list[np.ndarray] = []
    for i, (angle, scale) in enumerate((a, s) for a in ANGLES_DEG for s in SCALES):
        base = card_frames[i % len(card_frames)]
        height, width = base.shape
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, scale)
        frame = cv2.warpAffine(base, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE)
        sigma = BLUR_SIGMAS[i % len(BLUR_SIGMAS)]
        if sigma:
            frame = cv2.GaussianBlur(frame, (0, 0), sigma)
        noise = NOISE_SDS[(i // len(BLUR_SIGMAS)) % len(NOISE_SDS)]
        if noise:
            noisy = frame.astype(np.float32) + rng.normal(0, noise, frame.shape)
            frame = np.clip(noisy, 0, 255).astype(np.uint8)
        frames.append(np.ascontiguousarray(frame))
    return frames


def zxing_full_frame(frame: np.ndarray) -> list[str]:
    """The baseline: zxing-cpp, QR codes only, on the whole frame, bytes read as UTF-8."""
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    return [
        bytes(b.bytes).decode("utf-8", errors="replace")
        for b in zxingcpp.read_barcodes(frame, formats=qr_only)
    ]


def _pass(decode: object, frames: list[np.ndarray]) -> tuple[float, int]:
    """Frames per second over one pass, and how many frames gave the card's payload."""
    found = 0
    start = time.perf_counter()
    for frame in frames:
        if DEMO_CCCD_PAYLOAD in decode(frame):  # type: ignore[operator]
            found += 1
    return len(frames) / (time.perf_counter() - start), found


def measure(quick: bool) -> Figure:
    """Alternate passes of the scanner and the baseline over the same frames."""
    passes = 3 if quick else 7
    with tempfile.TemporaryDirectory(prefix="bench-qr-") as tmp:
        frames = bench_frames(Path(tmp))
    scanner = QrScanner()
    ours: list[float] = []
    theirs: list[float] = []
    ours_found = theirs_found = 0
    for _ in range(passes):
        fps, ours_found = _pass(scanner.decode, frames)
        ours.append(fps)
        fps, theirs_found = _pass(zxing_full_frame, frames)
        theirs.append(fps)
    figure = Figure(
        key="qr_scan",
        unit="frames/s",
        target="≥ 3× the baseline's frame rate, no fewer codes decoded",
        baseline=median(theirs),
    )
    with_samples(figure, ours)
    assert figure.ratio is not None
    figure.met = figure.ratio >= 3.0 and ours_found >= theirs_found
    figure.extra = {
        "frames": len(frames),
        "decoded": ours_found,
        "baseline_decoded": theirs_found,
        "baseline_min": min(theirs),
        "baseline_max": max(theirs),
    }
    figure.note = (
        f"{len(frames)} frames (turned {min(ANGLES_DEG):g}..{max(ANGLES_DEG):g}°, scale "
        f"{min(SCALES):g}..{max(SCALES):g}, blur σ ≤ {max(BLUR_SIGMAS):g}, noise σ ≤ "
        f"{max(NOISE_SDS):g}); decoded {ours_found}/{len(frames)} vs baseline "
        f"{theirs_found}/{len(frames)}; n = passes over all frames"
    )
    return figure
