"""Find QR codes in camera frames and return their text.

zxing-cpp does the work. Its ``.bytes`` are used rather than its ``.text``: CCCD cards write
UTF-8 without an ECI marker, and decoders that guess the character set can turn Vietnamese
into Japanese. pyzbar is kept as a second opinion for frames zxing-cpp misses, behind a guard
against exactly that mis-guess (zbar reads "Nữ" as "N盻ｯ").

What the text means (an ID card, a URL, garbage) is decided by the core, not here.
"""

from __future__ import annotations

import logging
import re

import cv2
import numpy as np
import zxingcpp

logger = logging.getLogger(__name__)

DOWNSCALED_WIDTH = 640
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


def _zxing_texts(image: np.ndarray) -> list[str]:
    texts: list[str] = []
    # Made per call, not kept in a module global: nanobind reports a global instance as a
    # leak at interpreter exit, after the test summary.
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    for barcode in zxingcpp.read_barcodes(image, formats=qr_only):
        raw = bytes(barcode.bytes)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            # Not UTF-8 (say an ECI-tagged Latin-1 code): zxing's own transcoding then knows best.
            text = str(barcode.text)
        if text and text not in texts:
            texts.append(text)
    return texts


class QrScanner:
    """Decodes every QR code in a frame into text."""

    def __init__(self, use_zbar_fallback: bool = True) -> None:
        self.use_zbar_fallback = use_zbar_fallback

    def decode(self, frame: np.ndarray) -> list[str]:
        """The texts of the QR codes in ``frame`` (BGR or grey); empty when there are none."""
        grey = _grey(frame)
        height, width = grey.shape[:2]
        small = grey
        # A small picture first: quick, and enough for a card held close to the camera.
        if width > DOWNSCALED_WIDTH:
            scale = DOWNSCALED_WIDTH / width
            small = cv2.resize(
                grey, (DOWNSCALED_WIDTH, round(height * scale)), interpolation=cv2.INTER_AREA
            )
            texts = _zxing_texts(small)
            if texts:
                return texts
        texts = _zxing_texts(grey)
        if texts or not self.use_zbar_fallback:
            return texts
        # zbar only on the small picture: on the full frame it costs 50–140 ms, paid on every
        # frame without a code while the identify screen is up (measured by `make bench`).
        return self._zbar_texts(small)

    def _zbar_texts(self, grey: np.ndarray) -> list[str]:
        from pyzbar.pyzbar import ZBarSymbol
        from pyzbar.pyzbar import decode as zbar_decode

        texts: list[str] = []
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
            if repaired not in texts:
                texts.append(repaired)
        return texts
