"""The paper-scanning pipeline on garbage: any size (1 px, huge aspect), all black, all white,
noise, shapes, arrays of the wrong type; photo files mutated as bytes; corners anywhere.

Parsers and what they may raise:

- :func:`hardware.document.scanner.analyse_frame` (and ``page_finder.find_page``): a
  ``FrameAnalysis`` whose hint is one of ``PageHint``, or ``PageImageError`` for a picture
  it does not take; nothing else;
- :func:`hardware.document.flatten.flatten_page` with any corners (NaN, infinite, far outside,
  all in one point) and ``scanner.capture_page``: a ``FlatPage`` (8-bit BGR, at most 1754 px
  long) or ``PageImageError``;
- :func:`hardware.document.document_file.decode_photo` (a photo file's bytes, mutated PNG and
  JPEG): a BGR frame or ``PageImageError``.
"""

from __future__ import annotations

import zlib

import cv2
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from hardware.document.document_file import decode_photo
from hardware.document.errors import PageImageError
from hardware.document.flatten import MAX_LONG_SIDE, flatten_page
from hardware.document.page_finder import find_page
from hardware.document.scanner import analyse_frame, capture_page
from kiosk.document_hints import PageHint

from .mutations import mutated_bytes
from .profiles import fuzz_settings

SIDES = st.one_of(
    st.sampled_from([0, 1, 2, 15, 16, 17, 720, 1280, 4000]),
    st.integers(min_value=16, max_value=1400),
    st.integers(min_value=16, max_value=1400),
    st.integers(min_value=0, max_value=40),
)


@st.composite
def frames(draw: st.DrawFn) -> np.ndarray:
    """An array as a camera or a file might hand one over, or nearly: mostly 8-bit grey,
    BGR or BGRA, sometimes of another type or shape."""
    height, width = draw(SIDES), draw(SIDES)
    if height * width > 2_000_000:
        width = max(1, 2_000_000 // max(height, 1))
    channels = draw(st.sampled_from([None, None, 3, 3, 3, 3, 4, 1, 2]))
    shape = (height, width) if channels is None else (height, width, channels)
    dtype = draw(st.sampled_from([np.uint8] * 12 + [np.uint16, np.float32, np.bool_, np.int8]))
    fill = draw(st.sampled_from(["black", "white", "noise", "shapes", "stripes"]))
    rng = np.random.default_rng(draw(st.integers(min_value=0, max_value=2**32 - 1)))
    if fill == "black" or height * width == 0:
        array = np.zeros(shape, np.uint8)
    elif fill == "white":
        array = np.full(shape, 255, np.uint8)
    elif fill == "noise":
        array = rng.integers(0, 256, shape, dtype=np.uint8)
    elif fill == "stripes":
        array = np.zeros(shape, np.uint8)
        array[:: max(1, height // 7)] = 255
    else:
        array = np.full(shape, int(rng.integers(0, 256)), np.uint8)
        plane = np.ascontiguousarray(array if array.ndim == 2 else array[..., 0])
        for _ in range(int(rng.integers(1, 6))):
            points = rng.integers(-50, max(2, max(height, width)) + 50, (4, 2)).astype(np.int32)
            cv2.fillPoly(plane, [points], int(rng.integers(0, 256)))
        array = plane if channels is None else np.repeat(plane[..., None], channels, axis=2)
    return array.astype(dtype)


def _taken(frame: np.ndarray) -> bool:
    return (
        frame.dtype == np.uint8
        and (frame.ndim == 2 or (frame.ndim == 3 and frame.shape[2] in (1, 3, 4)))
        and min(frame.shape[:2]) >= 16
    )


@fuzz_settings(0.5)
@given(frames())
def test_any_frame_gets_an_analysis_or_a_typed_error(frame):
    try:
        analysis = analyse_frame(frame)
    except PageImageError as exc:
        assert str(exc)
        assert not _taken(frame)
        return
    assert _taken(frame)
    assert isinstance(analysis.hint, PageHint)
    assert np.isfinite([analysis.figures.blur, analysis.figures.glare]).all()
    if analysis.outline is not None:
        assert analysis.outline.corners.shape == (4, 2)
        assert np.isfinite(analysis.outline.corners).all()
        assert find_page(frame) is not None


CORNER = st.one_of(
    st.floats(min_value=-5000, max_value=5000),
    st.sampled_from([0.0, -1.0, 1e9, -1e9, float("nan"), float("inf"), float("-inf")]),
)


@fuzz_settings(0.25)
@given(frames(), st.lists(st.tuples(CORNER, CORNER), min_size=4, max_size=4))
def test_flattening_at_any_corners_gives_a_page_or_a_typed_error(frame, corners):
    try:
        page = flatten_page(frame, np.array(corners, dtype=np.float64))
    except PageImageError as exc:
        assert str(exc)
        return
    assert page.image.dtype == np.uint8 and page.image.ndim == 3 and page.image.shape[2] == 3
    assert 1 <= max(page.image.shape[:2]) <= MAX_LONG_SIDE


@fuzz_settings(0.25)
@given(frames())
def test_capturing_any_frame_gives_a_page_or_a_typed_error(frame):
    try:
        page = capture_page(frame)
    except PageImageError as exc:
        assert str(exc)
        return
    assert max(page.image.shape[:2]) <= MAX_LONG_SIDE


def _encoded(extension: str) -> bytes:
    image = np.full((120, 90, 3), 200, np.uint8)
    cv2.rectangle(image, (20, 15), (70, 100), (255, 255, 255), -1)
    ok, data = cv2.imencode(extension, image)
    assert ok
    return bytes(data.tobytes())


PNG, JPEG = _encoded(".png"), _encoded(".jpg")


@fuzz_settings(0.5)
@given(st.one_of(st.binary(max_size=64), mutated_bytes(PNG), mutated_bytes(JPEG)))
def test_any_photo_file_decodes_or_is_a_typed_error(data):
    try:
        frame = decode_photo(data)
    except PageImageError as exc:
        assert str(exc)
        return
    assert frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3


def test_a_photo_declaring_a_billion_pixels_is_refused_before_decoding():
    # a small PNG whose header claims 40 000 × 40 000 pixels
    header = bytearray(_encoded(".png"))
    header[16:24] = (40_000).to_bytes(4, "big") * 2
    header[29:33] = zlib.crc32(bytes(header[12:29])).to_bytes(4, "big")
    try:
        decode_photo(bytes(header))
    except PageImageError as exc:
        assert "too large" in str(exc)
    else:
        raise AssertionError("a 1.6-gigapixel photo was decoded")
