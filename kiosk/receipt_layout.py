"""Lay a :class:`~kiosk.receipt.Receipt` out as printable blocks for a thermal printer.

Text is rendered here, with the bundled Noto Sans font, into 1-bit rasters: thermal printers'
built-in fonts have no Vietnamese diacritics, so every letter travels as pixels. The QR code
is not rasterised; it travels as data and the printer draws it (``GS ( k``), which costs a
few dozen bytes instead of kilobytes.

:func:`render_blocks` draws the same blocks into one picture, exactly as they print, so the
simulator, the tests and a technician can see a receipt without paper.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFont

from kiosk.receipt import Receipt

REGULAR_FONT = "NotoSans-Regular.ttf"
BOLD_FONT = "NotoSans-Bold.ttf"
QR_QUIET_ZONE_MODULES = 4
QR_ERROR_LEVEL = "m"
# The QR should be big enough for an old phone held at arm's length, yet leave a margin.
QR_MAX_WIDTH_FRACTION = 0.8
QR_MAX_MODULE_DOTS = 8
# Paper edges: thermal heads print to the edge, but the paper cutter and guides do not.
_MARGIN_FRACTION = 0.02
_LINE_GAP_FRACTION = 0.18


@dataclass(frozen=True)
class RasterBlock:
    """A strip of pixels as wide as the paper: mode ``"1"``, black ink on white."""

    image: Image.Image


@dataclass(frozen=True)
class QrBlock:
    """A QR code the printer draws itself, centred, ``module_size`` dots per module."""

    data: str
    module_size: int


@dataclass(frozen=True)
class CutBlock:
    """The end of the receipt: feed and cut."""


Block = RasterBlock | QrBlock | CutBlock


@dataclass(frozen=True)
class _Fonts:
    title: ImageFont.FreeTypeFont
    body: ImageFont.FreeTypeFont
    body_bold: ImageFont.FreeTypeFont
    small: ImageFont.FreeTypeFont
    code: ImageFont.FreeTypeFont


def _load_fonts(width_dots: int, font_dir: Path) -> _Fonts:
    # Sizes grow a little with paper width, but body text stays >= 24 px tall even on 58 mm.
    # Wider paper gets slightly larger text, not proportionally larger: more words per line
    # reads better than the same lines blown up, and every text pixel costs printer data.
    scale = width_dots / 384
    body = max(24, round(26 * scale**0.3))

    def font(name: str, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(font_dir / name), size)

    return _Fonts(
        title=font(BOLD_FONT, round(body * 1.35)),
        body=font(REGULAR_FONT, body),
        body_bold=font(BOLD_FONT, body),
        small=font(REGULAR_FONT, max(24, body - 2)),
        code=font(BOLD_FONT, round(body * 1.9)),
    )


def _fit(font: ImageFont.FreeTypeFont, text: str, max_width: float) -> ImageFont.FreeTypeFont:
    """``font`` shrunk until ``text`` fits on one line: a tracking code read aloud over the
    phone must never be split."""
    size = font.size
    while size > 12 and font.font_variant(size=size).getlength(text) > max_width:
        size -= 1
    return font.font_variant(size=size)


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Split ``text`` into lines no wider than ``max_width`` as measured with ``font``.

    Words are kept whole; only a single word wider than the line is broken, letter by letter.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        if font.getlength(word) <= max_width:
            current = word
            continue
        for piece in _break_word(word, font, max_width):
            if current:
                lines.append(current)
            current = piece
    if current:
        lines.append(current)
    return lines


def _break_word(word: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and font.getlength(piece + char) > max_width:
            pieces.append(piece)
            piece = ""
        piece += char
    if piece:
        pieces.append(piece)
    return pieces


def _text_raster(
    lines: Sequence[str],
    font: ImageFont.FreeTypeFont,
    width_dots: int,
    *,
    centre: bool = False,
    space_after: int = 0,
) -> RasterBlock:
    """Render lines into one paper-wide 1-bit raster."""
    ascent, descent = font.getmetrics()
    gap = round(font.size * _LINE_GAP_FRACTION)
    line_height = ascent + descent + gap
    height = max(1, line_height * len(lines) + space_after)
    margin = round(width_dots * _MARGIN_FRACTION)
    canvas = Image.new("L", (width_dots, height), 255)
    draw = ImageDraw.Draw(canvas)
    for index, line in enumerate(lines):
        x = (width_dots - font.getlength(line)) / 2 if centre else margin
        draw.text((x, index * line_height + ascent), line, font=font, fill=0, anchor="ls")
    return RasterBlock(_to_one_bit(canvas))


def _to_one_bit(image: Image.Image) -> Image.Image:
    # A plain threshold: dithering the anti-aliased edges would print as grey fuzz.
    return image.point(lambda value: 255 if value >= 128 else 0).convert(
        "1", dither=Image.Dither.NONE
    )


def _label_value(
    label: str, value: str, fonts: _Fonts, width_dots: int, usable: float
) -> RasterBlock:
    """A bold label followed by its value, wrapped as one paragraph.

    The label and value share the first line when they fit, like a form: "Lệ phí: Miễn phí".
    """
    text = f"{label}: {value}" if value else label
    label_text = f"{label}:" if value else label
    # The label prints bold, which is wider: leave room for the difference.
    extra = fonts.body_bold.getlength(label_text) - fonts.body.getlength(label_text)
    lines = wrap_text(text, fonts.body, usable - extra)
    ascent, descent = fonts.body.getmetrics()
    gap = round(fonts.body.size * _LINE_GAP_FRACTION)
    line_height = ascent + descent + gap
    margin = round(width_dots * _MARGIN_FRACTION)
    canvas = Image.new("L", (width_dots, line_height * len(lines)), 255)
    draw = ImageDraw.Draw(canvas)
    for index, line in enumerate(lines):
        y = index * line_height + ascent
        if index == 0 and line.startswith(label_text):
            # The label in bold; the value keeps its regular-weight position after it.
            draw.text((margin, y), label_text, font=fonts.body_bold, fill=0, anchor="ls")
            rest = line[len(label_text) :]
            rest_x = margin + fonts.body_bold.getlength(label_text)
            draw.text((rest_x, y), rest, font=fonts.body, fill=0, anchor="ls")
        else:
            draw.text((margin, y), line, font=fonts.body, fill=0, anchor="ls")
    return RasterBlock(_to_one_bit(canvas))


def _rule(width_dots: int, height: int = 14) -> RasterBlock:
    """A thin dashed separator, drawn in the middle of a short strip."""
    canvas = Image.new("L", (width_dots, height), 255)
    draw = ImageDraw.Draw(canvas)
    margin = round(width_dots * _MARGIN_FRACTION)
    y = height // 2
    for x in range(margin, width_dots - margin, 12):
        draw.line((x, y, min(x + 6, width_dots - margin), y), fill=0, width=2)
    return RasterBlock(_to_one_bit(canvas))


def qr_module_size(data: str, width_dots: int) -> int:
    """The largest module size (dots) at which the QR, quiet zone included, fits the paper."""
    modules = int(_qr_matrix(data).shape[0]) + 2 * QR_QUIET_ZONE_MODULES
    size = int(width_dots * QR_MAX_WIDTH_FRACTION) // modules
    return max(1, min(QR_MAX_MODULE_DOTS, size))


def layout_receipt(receipt: Receipt, width_dots: int, font_dir: Path) -> list[Block]:
    """The receipt as blocks, top to bottom, for paper ``width_dots`` dots wide."""
    fonts = _load_fonts(width_dots, font_dir)
    usable = width_dots - 2 * round(width_dots * _MARGIN_FRACTION)
    blocks: list[Block] = [
        _text_raster(
            wrap_text(receipt.title, fonts.title, usable),
            fonts.title,
            width_dots,
            centre=True,
            space_after=4,
        ),
        _text_raster(
            wrap_text(receipt.procedure_name, fonts.body_bold, usable),
            fonts.body_bold,
            width_dots,
            centre=True,
        ),
        _rule(width_dots),
        _text_raster(["Mã hồ sơ"], fonts.body, width_dots, centre=True),
        _text_raster(
            [receipt.tracking_code],
            _fit(fonts.code, receipt.tracking_code, usable),
            width_dots,
            centre=True,
        ),
        QrBlock(receipt.qr_payload, qr_module_size(receipt.qr_payload, width_dots)),
        _text_raster(
            wrap_text("Quét mã để tra cứu tình trạng hồ sơ", fonts.small, usable),
            fonts.small,
            width_dots,
            centre=True,
        ),
        _rule(width_dots),
    ]
    rows = [
        ("Thời gian", receipt.printed_at.strftime("%d/%m/%Y %H:%M")),
        ("Số CCCD", receipt.applicant_id_masked),
        ("Nơi tiếp nhận", receipt.receiving_office),
        ("Thời hạn giải quyết", receipt.processing_time),
        ("Lệ phí", receipt.fee),
        *([("Cách nộp lệ phí", receipt.fee_payment)] if receipt.fee_payment else []),
        ("Nhận kết quả", receipt.result_delivery),
        *([("Nhận thông báo", receipt.notification)] if receipt.notification else []),
        ("Kiosk", receipt.kiosk_name),
    ]
    blocks.extend(_label_value(label, value, fonts, width_dots, usable) for label, value in rows)
    blocks.append(_rule(width_dots))
    if receipt.vietqr_payload:
        blocks.extend(_vietqr_blocks(receipt, fonts, width_dots, usable))
    blocks.append(_label_value("Tổng đài hỗ trợ", receipt.hotline, fonts, width_dots, usable))
    blocks.append(
        _text_raster(
            wrap_text(receipt.footer, fonts.small, usable), fonts.small, width_dots, centre=True
        )
    )
    blocks.append(CutBlock())
    return blocks


def _vietqr_blocks(receipt: Receipt, fonts: _Fonts, width_dots: int, usable: float) -> list[Block]:
    """The fee's VietQR code, for any bank's app, and the transfer it asks for in words
    (to type it in by hand, or to check it)."""
    payload = receipt.vietqr_payload
    return [
        _text_raster(
            wrap_text("Thanh toán lệ phí bằng VietQR", fonts.body_bold, usable),
            fonts.body_bold,
            width_dots,
            centre=True,
        ),
        QrBlock(payload, qr_module_size(payload, width_dots)),
        _text_raster(
            wrap_text("Quét mã bằng ứng dụng ngân hàng (NAPAS 247)", fonts.small, usable),
            fonts.small,
            width_dots,
            centre=True,
        ),
        *(
            _label_value(label, value, fonts, width_dots, usable)
            for label, value in receipt.vietqr_rows
        ),
        _rule(width_dots),
    ]


def _vietnamese_letter_groups() -> list[str]:
    """Each vowel in its six tones, then đ; lower case, then upper case."""
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    lower = ["".join(unicodedata.normalize("NFC", v + t) for t in tones) for v in vowels] + ["đ"]
    return lower + [group.upper() for group in lower]


VIETNAMESE_LETTER_GROUPS = _vietnamese_letter_groups()
VIETNAMESE_LETTERS = "".join(VIETNAMESE_LETTER_GROUPS)
"""The 146 letters a Vietnamese receipt may need: 12 vowels in 6 tones, and đ, in both cases."""


def _ruler(width_dots: int, height: int = 48) -> RasterBlock:
    """A frame at the paper's printable edges with a tick every 8 dots (1 mm at 203 dpi)."""
    canvas = Image.new("L", (width_dots, height), 255)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, width_dots - 1, height - 1), outline=0, width=2)
    for x in range(0, width_dots, 8):
        tick = height // 2 if x % 80 == 0 else height // 4
        draw.line((x, 0, x, tick), fill=0, width=1)
    return RasterBlock(_to_one_bit(canvas))


def layout_test_page(
    width_dots: int, font_dir: Path, printed_at: datetime, kiosk_name: str
) -> list[Block]:
    """A technician's test page: the paper edges, every Vietnamese letter, a QR code, a cut."""
    fonts = _load_fonts(width_dots, font_dir)
    usable = width_dots - 2 * round(width_dots * _MARGIN_FRACTION)
    qr_text = f"KIOSK-TEST {kiosk_name} {printed_at:%Y-%m-%dT%H:%M}"
    letters = " ".join(VIETNAMESE_LETTER_GROUPS)
    return [
        _text_raster(["TRANG IN THỬ"], fonts.title, width_dots, centre=True, space_after=4),
        _ruler(width_dots),
        _label_value("Thời gian", printed_at.strftime("%d/%m/%Y %H:%M"), fonts, width_dots, usable),
        _label_value("Kiosk", kiosk_name, fonts, width_dots, usable),
        _label_value("Khổ giấy", f"{width_dots} điểm", fonts, width_dots, usable),
        _rule(width_dots),
        _text_raster(wrap_text(letters, fonts.body, usable), fonts.body, width_dots),
        _text_raster(
            wrap_text(
                "Trăm năm trong cõi người ta, chữ tài chữ mệnh khéo là ghét nhau.",
                fonts.body,
                usable,
            ),
            fonts.body,
            width_dots,
        ),
        _rule(width_dots),
        QrBlock(qr_text, qr_module_size(qr_text, width_dots)),
        _text_raster(["Mã QR in bằng lệnh của máy in"], fonts.small, width_dots, centre=True),
        _ruler(width_dots),
        CutBlock(),
    ]


def _qr_matrix(data: str, error: str = QR_ERROR_LEVEL) -> np.ndarray:
    """The QR modules as a boolean matrix (True = dark), without quiet zone.

    ``boost_error=False`` because a printer's own QR encoder does not raise the error level
    on its own; the picture must match what the printer draws.
    """
    qr = segno.make_qr(data, error=error, boost_error=False)
    return np.array(qr.matrix, dtype=bool)


def qr_image(
    data: str, module_size: int, error: str = QR_ERROR_LEVEL, border: int = 0
) -> Image.Image:
    """The QR code of ``data`` as a mode ``"1"`` picture, ``border`` modules of quiet zone."""
    matrix = np.pad(_qr_matrix(data, error), border, constant_values=False)
    pixels = np.kron(matrix, np.ones((module_size, module_size), dtype=bool))
    # Mode "1": 255 is white paper, 0 is ink.
    return Image.fromarray(np.where(pixels, 0, 255).astype(np.uint8), mode="L").convert(
        "1", dither=Image.Dither.NONE
    )


def render_blocks(blocks: Sequence[Block], width_dots: int) -> Image.Image:
    """One mode ``"1"`` picture of exactly what prints, ending at the first cut."""
    pieces: list[tuple[Image.Image, int]] = []
    for block in blocks:
        if isinstance(block, CutBlock):
            break
        if isinstance(block, RasterBlock):
            pieces.append((block.image, 0))
        else:
            picture = qr_image(block.data, block.module_size, border=QR_QUIET_ZONE_MODULES)
            pieces.append((picture, (width_dots - picture.width) // 2))
    height = sum(image.height for image, _ in pieces)
    page = Image.new("1", (width_dots, max(1, height)), 1)
    y = 0
    for image, x in pieces:
        page.paste(image.convert("1"), (x, y))
        y += image.height
    return page
