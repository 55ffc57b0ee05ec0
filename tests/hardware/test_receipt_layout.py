"""The receipt layout, its rendering, and its ESC/POS bytes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from hardware.printer.escpos_encoding import decode_escpos, encode_blocks
from kiosk.receipt import Receipt
from kiosk.receipt_layout import (
    VIETNAMESE_LETTERS,
    CutBlock,
    QrBlock,
    RasterBlock,
    _load_fonts,
    _to_one_bit,
    layout_receipt,
    layout_test_page,
    render_blocks,
    wrap_text,
)

WIDTHS = [384, 576]
VIETNAMESE = "Đăng ký tạm trú — ỹ ữ ộ ẫ"


def _ink(image: Image.Image) -> np.ndarray:
    return ~np.array(image.convert("1"), dtype=bool)


def _gs_k_store_payloads(data: bytes) -> list[bytes]:
    """The data of every GS ( k QR 'store' command (cn '1', fn 80) in the stream."""
    payloads = []
    start = 0
    while (start := data.find(b"\x1d(k", start)) != -1:
        length = data[start + 3] | data[start + 4] << 8
        body = data[start + 5 : start + 5 + length]
        if body[:2] == b"1P":
            payloads.append(body[3:])
        start += 5 + length
    return payloads


@pytest.mark.parametrize("width", WIDTHS)
def test_every_raster_block_is_as_wide_as_the_paper(
    receipt: Receipt, font_dir: Path, width: int
) -> None:
    blocks = layout_receipt(receipt, width, font_dir)

    rasters = [b for b in blocks if isinstance(b, RasterBlock)]
    assert rasters
    assert all(b.image.width == width and b.image.mode == "1" for b in rasters)
    assert isinstance(blocks[-1], CutBlock)
    assert sum(isinstance(b, QrBlock) for b in blocks) == 1


def test_vietnamese_procedure_name_is_drawn_with_its_diacritics(
    receipt: Receipt, font_dir: Path
) -> None:
    blocks = layout_receipt(receipt, 384, font_dir)
    bold = ImageFont.truetype(str(font_dir / "NotoSans-Bold.ttf"), 26)
    expected = Image.new("L", (int(bold.getlength(VIETNAMESE)) + 4, 60), 255)
    ImageDraw.Draw(expected).text((0, 40), VIETNAMESE, font=bold, fill=0, anchor="ls")
    expected_ink = _ink(expected.point(lambda v: 255 if v >= 128 else 0))
    expected_ink = expected_ink[:, expected_ink.any(axis=0)]
    expected_ink = expected_ink[expected_ink.any(axis=1)]

    procedure = next(
        b.image for b in blocks[1:] if isinstance(b, RasterBlock) and _ink(b.image).any()
    )
    found = _ink(procedure)
    found = found[:, found.any(axis=0)]
    found = found[found.any(axis=1)]
    assert found.shape == expected_ink.shape
    assert (found == expected_ink).mean() > 0.99


def test_the_printed_qr_code_leads_to_the_status_page(receipt: Receipt, font_dir: Path) -> None:
    picture = render_blocks(layout_receipt(receipt, 384, font_dir), 384)

    decoded = zxingcpp.read_barcodes(picture.convert("L"))

    assert [bytes(b.bytes).decode("utf-8") for b in decoded] == [receipt.qr_payload]


def test_escpos_bytes_carry_the_tracking_code_in_the_qr_store_command(
    receipt: Receipt, font_dir: Path
) -> None:
    data = encode_blocks(layout_receipt(receipt, 384, font_dir), 384)

    stored = _gs_k_store_payloads(data)
    assert stored == [receipt.qr_payload.encode("utf-8")]
    assert receipt.tracking_code.encode() in stored[0]
    assert data.startswith(b"\x1b@")


@pytest.mark.parametrize("width", WIDTHS)
def test_decoding_the_escpos_bytes_gives_back_the_rendered_receipt(
    receipt: Receipt, font_dir: Path, width: int
) -> None:
    blocks = layout_receipt(receipt, width, font_dir)

    decoded = decode_escpos(encode_blocks(blocks, width), width)
    rendered = render_blocks(blocks, width)

    assert decoded.size == rendered.size
    assert np.array_equal(np.array(decoded.convert("1")), np.array(rendered.convert("1")))


@pytest.mark.parametrize("width", WIDTHS)
def test_a_typical_receipt_is_less_than_40_kilobytes_of_printer_data(
    receipt: Receipt, font_dir: Path, width: int
) -> None:
    data = encode_blocks(layout_receipt(receipt, width, font_dir), width)

    assert len(data) < 40_000


def test_a_long_address_wraps_inside_the_paper_without_splitting_words(font_dir: Path) -> None:
    font = ImageFont.truetype(str(font_dir / "NotoSans-Regular.ttf"), 26)
    text = "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội"

    lines = wrap_text(text, font, 360)

    assert len(lines) > 1
    assert " ".join(lines) == text
    assert all(font.getlength(line) <= 360 for line in lines)


def test_a_word_wider_than_the_paper_is_broken_rather_than_cut_off(font_dir: Path) -> None:
    font = ImageFont.truetype(str(font_dir / "NotoSans-Regular.ttf"), 26)
    word = "Nghiêng" * 12

    lines = wrap_text(word, font, 300)

    assert "".join(lines) == word
    assert all(font.getlength(line) <= 300 for line in lines)


def test_the_tracking_code_is_never_split_across_lines(receipt: Receipt, font_dir: Path) -> None:
    long_code = replace(receipt, tracking_code="HN-7K3M-Q9PD-WXYZ")
    blocks = layout_receipt(long_code, 384, font_dir)
    # The code's raster is the one right before the QR block: one line of text.
    index = next(i for i, b in enumerate(blocks) if isinstance(b, QrBlock))
    code_block = blocks[index - 1]
    assert isinstance(code_block, RasterBlock)
    rows_with_ink = _ink(code_block.image).any(axis=1)
    # One line of the code's type is about 50 dots tall; two would be over 100.
    assert 0 < rows_with_ink.sum() < 80


def _glyph(char: str, font_dir: Path) -> np.ndarray:
    """One letter alone, rendered 1-bit with the receipt's body font, cropped to its ink."""
    font = _load_fonts(384, font_dir).body
    ascent, descent = font.getmetrics()
    canvas = Image.new("L", (int(font.getlength(char)) + 8, ascent + descent + 8), 255)
    ImageDraw.Draw(canvas).text((4, ascent + 4), char, font=font, fill=0, anchor="ls")
    ink = np.array(_to_one_bit(canvas).convert("L"))
    ys, xs = np.where(ink < 128)
    return ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def test_the_bundled_font_draws_every_vietnamese_letter_distinctly(font_dir: Path) -> None:
    missing = _glyph("\U000f0000", font_dir)  # a private-use code point: the "no glyph" box
    seen: dict[bytes, str] = {}
    for char in VIETNAMESE_LETTERS:
        glyph = _glyph(char, font_dir)
        assert not np.array_equal(glyph, missing), f"{char!r} has no glyph"
        key = glyph.shape[0].to_bytes(2) + glyph.tobytes()
        assert key not in seen, f"{char!r} prints exactly like {seen.get(key)!r}"
        seen[key] = char
    assert len(VIETNAMESE_LETTERS) == 146


def test_the_test_page_prints_every_vietnamese_letter_a_qr_code_and_a_cut(font_dir: Path) -> None:
    printed_at = datetime(2026, 11, 23, 10, 0)
    blocks = layout_test_page(384, font_dir, printed_at, "HN-KIOSK-DEMO")
    data = encode_blocks(blocks, 384)
    page = np.array(decode_escpos(data, 384).convert("L"))
    for char in VIETNAMESE_LETTERS:
        score = cv2.matchTemplate(page, _glyph(char, font_dir), cv2.TM_CCOEFF_NORMED).max()
        assert score > 0.9, f"{char!r} is not on the printed test page ({score:.2f})"
    assert b"KIOSK-TEST HN-KIOSK-DEMO 2026-11-23T10:00" in data
    assert data.endswith(b"\x1dV\x00")  # GS V 0: full cut
