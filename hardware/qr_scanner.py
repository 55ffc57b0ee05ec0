"""Find the QR code in a camera frame and return its text.

zxing-cpp does the work, asked for one code and no more, in passes ordered cheapest first
(``_passes``): a global threshold halfway between the frame's darkest and lightest, the same
on a sharpened copy, zxing's local-average binarizer, then light-on-dark. The first code found
ends the search: a resident holds up one card. Measured by ``make bench`` (``qr_scan``) on the
recorded frames and on the same frames dimmed, washed out and unevenly lit.

zxing-cpp's ``.bytes`` are used rather than its ``.text``: CCCD cards write UTF-8 without an
ECI marker, and decoders that guess the character set can turn Vietnamese into Japanese.
pyzbar is kept as a second opinion for frames zxing-cpp misses, behind a guard against exactly
that mis-guess (zbar reads "Nữ" as "N盻ｯ").

What the text means (an ID card, a URL, garbage) is decided by the core, not here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import cv2
import numpy as np
import zxingcpp

logger = logging.getLogger(__name__)

DOWNSCALED_WIDTH = 640  # zbar's picture
SHARPEN_BOX = 5  # px: a module and a bit of a card held at arm's length (a fast size in OpenCV)
# CJK ideographs, kana (full and half width), CJK punctuation and full-width forms: letters
# a Vietnamese or Latin payload never holds, but a Shift-JIS reading of UTF-8 is full of.
_JAPANESE = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_LATIN = re.compile("[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff]")


def looks_mojibake(text: str) -> bool:
    """True when ``text`` mixes Latin letters with Japanese ones, the sign of UTF-8 read
    as Shift-JIS. Purely Japanese text is left alone."""
    return bool(_JAPANESE.search(text)) and bool(_LATIN.search(text))


def repair_zbar_text(text: str) -> str | None:
    """Undo zbar's Shift-JIS reading of UTF-8 bytes, or ``None`` when the text is unusable.

    Clean text comes back unchanged; a repair is accepted only if it re-encodes and decodes
    without a single error and no longer looks like mojibake.
    """
    if not looks_mojibake(text):
        return text
    for codec in ("shift_jis", "cp932"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if not looks_mojibake(repaired):
            return repaired
    return None


def _grey(frame: np.ndarray) -> np.ndarray:
    if frame.ndim == 3:
        result: np.ndarray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        return result
    return frame


def _midpoint(grey: np.ndarray) -> float:
    """Halfway between the darkest and lightest parts of the frame, read on a quarter-size
    copy (cheap, and the resampling evens out single noisy pixels)."""
    height, width = grey.shape[:2]
    small = cv2.resize(
        grey, (max(1, width // 4), max(1, height // 4)), interpolation=cv2.INTER_LINEAR
    )
    darkest, lightest, _, _ = cv2.minMaxLoc(small)
    return float(darkest + lightest) / 2


def _threshold(grey: np.ndarray, level: float) -> np.ndarray:
    """Black and white at ``level``: a dim or washed-out card then looks like a well-lit one."""
    _, binary = cv2.threshold(grey, level, 255, cv2.THRESH_BINARY)
    return np.asarray(binary)


def _sharpened(grey: np.ndarray) -> np.ndarray:
    """An unsharp mask over a box blur (several times cheaper than a Gaussian): modules smeared
    by focus or motion get their edges back."""
    blurred = cv2.blur(grey, (SHARPEN_BOX, SHARPEN_BOX))
    return np.asarray(cv2.addWeighted(grey, 2.0, blurred, -1.0, 0))


def _passes(grey: np.ndarray) -> Iterator[tuple[np.ndarray, zxingcpp.Binarizer]]:
    """What to hand zxing-cpp, cheapest first: (picture, binarizer). Each picture is made only
    when the pass before it found nothing."""
    fixed = zxingcpp.Binarizer.FixedThreshold
    level = _midpoint(grey)
    binary = _threshold(grey, level)
    # 1. One threshold halfway between the frame's darkest and lightest: an evenly lit card,
    #    however bright or dim. The cheapest read there is.
    yield binary, fixed
    # 2. The same after sharpening: a blurred or noisy card.
    yield _threshold(_sharpened(grey), level), fixed
    # 3. zxing's local-average binarizer: a card lit unevenly, or a frame whose extremes are
    #    not the card's (a lamp, a black coat).
    yield grey, zxingcpp.Binarizer.LocalAverage
    # 4. Light on dark (a phone screen in dark mode), which zxing-cpp's defaults, and so this
    #    scanner before, also read.
    yield cv2.bitwise_not(binary), fixed


def _zxing_text(image: np.ndarray, binarizer: zxingcpp.Binarizer) -> str | None:
    """The first QR code zxing-cpp finds in ``image`` (one, at this size), or ``None``."""
    # Made per call, not kept in a module global: nanobind reports a global instance as a
    # leak at interpreter exit, after the test summary.
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    barcode = zxingcpp.read_barcode(
        image,
        formats=qr_only,
        try_rotate=True,
        try_downscale=False,
        try_invert=False,
        binarizer=binarizer,
    )
    if barcode is None:
        return None
    raw = bytes(barcode.bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Not UTF-8 (say an ECI-tagged Latin-1 code): zxing's own transcoding then knows best.
        text = str(barcode.text)
    return text or None


class QrScanner:
    """Finds the QR code in a frame and returns its text (one code per frame)."""

    def __init__(self, use_zbar_fallback: bool = True) -> None:
        self.use_zbar_fallback = use_zbar_fallback

    def decode(self, frame: np.ndarray) -> list[str]:
        """The text of the QR code in ``frame`` (BGR or grey) as a one-item list; empty when
        there is none.

        One code is enough (a resident holds up one card), so the search stops at the first:
        the passes of :func:`_passes` in turn, then zbar.
        """
        grey = np.ascontiguousarray(_grey(frame))
        for image, binarizer in _passes(grey):
            text = _zxing_text(image, binarizer)
            if text is not None:
                return [text]
        if not self.use_zbar_fallback:
            return []
        # zbar only on a small picture: on the full frame it costs 50–140 ms, paid on every
        # frame without a code while the identify screen is up (measured by `make bench`).
        return self._zbar_texts(_downscaled(grey))

    def _zbar_texts(self, grey: np.ndarray) -> list[str]:
        from pyzbar.pyzbar import ZBarSymbol
        from pyzbar.pyzbar import decode as zbar_decode

        for symbol in zbar_decode(grey, symbols=[ZBarSymbol.QRCODE]):
            raw = bytes(symbol.data)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            repaired = repair_zbar_text(text)
            if repaired is None:
                logger.info("zbar result dropped: text decoded in the wrong character set")
                continue
            if repaired:
                return [repaired]
        return []


def _downscaled(grey: np.ndarray) -> np.ndarray:
    height, width = grey.shape[:2]
    if width <= DOWNSCALED_WIDTH:
        return grey
    scale = DOWNSCALED_WIDTH / width
    small = cv2.resize(
        grey, (DOWNSCALED_WIDTH, round(height * scale)), interpolation=cv2.INTER_AREA
    )
    return np.asarray(small)
