"""DG2's face in every form ICAO 9303 allows (JPEG, JPEG 2000 as JP2 and as a bare
codestream), and every face that cannot be shown named as such: broken, of an unknown
format, missing, or declaring more pixels than a face has (refused before decoding)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, Jpeg2KImagePlugin, JpegImagePlugin

from hardware.card_reader.dg2 import face_image
from hardware.simulators.card.files import FaceFormat, build_dg2, face_picture
from kiosk.chip_data import FaceImageError, FaceImageProblem


def shown(face: bytes | FaceImageError) -> Image.Image:
    assert isinstance(face, bytes), face
    picture = Image.open(io.BytesIO(face))
    picture.load()
    return picture


def test_a_jpeg_face_is_handed_on_as_the_chip_gave_it() -> None:
    jpeg = face_picture("001184012345", FaceFormat.JPEG)

    face = face_image(build_dg2(jpeg))

    assert face == jpeg
    assert shown(face).size == (96, 128)


@pytest.mark.parametrize("kind", [FaceFormat.JP2, FaceFormat.J2K])
def test_a_jpeg2000_face_is_shown_as_png(kind: FaceFormat) -> None:
    data = face_picture("001184012345", kind)
    signature = b"\x00\x00\x00\x0cjP  \r\n\x87\n" if kind is FaceFormat.JP2 else b"\xff\x4f\xff\x51"
    assert data.startswith(signature)

    picture = shown(face_image(build_dg2(data, image_type=1)))

    assert picture.format == "PNG"
    assert picture.size == (96, 128)
    centre = picture.convert("RGB").getpixel((48, 50))  # the drawn head, skin-coloured
    assert isinstance(centre, tuple) and centre[0] > centre[2]


@pytest.mark.parametrize(
    ("data", "image_format"),
    [
        (face_picture("x", FaceFormat.CORRUPT), "jpeg"),
        (face_picture("x", FaceFormat.JP2)[:200], "jp2"),
        (face_picture("x", FaceFormat.J2K)[:120], "j2k"),
        (b"\xff\xd8\xff" + bytes(64), "jpeg"),
    ],
    ids=["jpeg cut short", "jp2 cut short", "j2k cut short", "jpeg signature then zeros"],
)
def test_a_face_that_does_not_decode_is_corrupt(data: bytes, image_format: str) -> None:
    assert face_image(build_dg2(data)) == FaceImageError(FaceImageProblem.CORRUPT, image_format)


def test_a_face_in_another_format_is_unknown() -> None:
    png = io.BytesIO()
    Image.new("RGB", (96, 128)).save(png, format="PNG")

    face = face_image(build_dg2(png.getvalue()))

    assert face == FaceImageError(FaceImageProblem.UNKNOWN_FORMAT)


def test_a_dg2_without_a_biometric_data_block_has_no_face() -> None:
    no_block = b"\x75\x05\x7f\x61\x02\x02\x00"

    assert face_image(no_block) == FaceImageError(FaceImageProblem.MISSING)


def test_a_dg2_that_is_not_ber_is_corrupt() -> None:
    assert face_image(b"\x75\x84\xff\xff\xff\xff") == FaceImageError(FaceImageProblem.CORRUPT)


def _j2k_declaring(width: int, height: int) -> bytes:
    """A small real codestream whose SIZ marker declares ``width`` × ``height``."""
    data = bytearray(face_picture("x", FaceFormat.J2K))
    assert data[2:4] == b"\xff\x51"  # SIZ: FF51 Lsiz Rsiz Xsiz Ysiz …
    data[8:12] = width.to_bytes(4, "big")
    data[12:16] = height.to_bytes(4, "big")
    return bytes(data)


def _jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF0 declares ``width`` × ``height``."""
    data = bytearray(face_picture("x", FaceFormat.JPEG))
    sof = data.index(b"\xff\xc0")  # FFC0 Lf P Y X …
    data[sof + 5 : sof + 7] = height.to_bytes(2, "big")
    data[sof + 7 : sof + 9] = width.to_bytes(2, "big")
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "image_format"),
    [
        (_j2k_declaring(5_000, 5_000), "j2k"),  # below Pillow's own bomb limit
        (_j2k_declaring(60_000, 60_000), "j2k"),  # far beyond it
        (_jpeg_declaring(3_000, 3_000), "jpeg"),
    ],
    ids=["j2k 25 Mpx", "j2k 3.6 Gpx", "jpeg 9 Mpx"],
)
def test_a_face_declaring_too_many_pixels_is_refused_before_decoding(
    data: bytes, image_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(self: Image.Image) -> None:
        raise AssertionError("decoded a picture declaring too many pixels")

    monkeypatch.setattr(Jpeg2KImagePlugin.Jpeg2KImageFile, "load", never)
    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", never)

    face = face_image(build_dg2(data))

    assert face == FaceImageError(FaceImageProblem.TOO_LARGE, image_format)
