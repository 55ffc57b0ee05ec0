"""The chip's ASN.1 files, as a hostile or worn card could hold them, parser by parser.

Valid files come from the card simulator (``hardware/simulators/card/files.py``); each test
also feeds plain random bytes. Parsers and what they may raise:

- :func:`~hardware.card_reader.mrz.parse_dg1` and :func:`~hardware.card_reader.mrz.parse_td1`:
  nothing; a :class:`MrzRejection` is returned;
- :func:`~hardware.card_reader.dg13.parse_dg13`: nothing; a :class:`Dg13Rejection`;
- :func:`~hardware.card_reader.dg2.face_image`: nothing; a :class:`FaceImageError`;
- :func:`~hardware.card_reader.icao.card_access.parse_card_access`: ``CardAccessError`` only;
- EF.SOD is not parsed by the kiosk (kept raw as evidence for the portal); the one thing
  read from it, as from every file, is its TLV head, by ``cccd_chip._tlv_total_length``:
  nothing; None for a malformed head.
"""

from __future__ import annotations

import io
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from hardware.card_reader.cccd_chip import _tlv_total_length
from hardware.card_reader.dg2 import face_image
from hardware.card_reader.dg13 import Dg13Rejection, parse_dg13
from hardware.card_reader.icao.card_access import (
    ID_PACE_ECDH_GM_AES_CBC_CMAC_128,
    ID_PACE_ECDH_GM_AES_CBC_CMAC_256,
    PaceInfo,
    choose_pace_info,
    parse_card_access,
)
from hardware.card_reader.icao.errors import CardAccessError
from hardware.card_reader.mrz import MrzRejection, parse_dg1, parse_td1
from hardware.simulators.card.chip import demo_identity
from hardware.simulators.card.files import (
    FID_DG1,
    FID_DG2,
    FID_DG13,
    FID_SOD,
    build_card_access,
    build_card_files,
    build_dg2,
    face_jpeg,
)
from kiosk.chip_data import ChipIdentity, FaceImageError, MrzData

from .mutations import mutated_bytes
from .profiles import fuzz_settings

TODAY = date(2026, 11, 23)
FILES = build_card_files(demo_identity(), date(2036, 3, 15)).files
CARD_ACCESS = build_card_access(
    [
        PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128, 2, 13),
        PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_256, 2, None),
        PaceInfo("0.4.0.127.0.7.2.2.4.2.9", 1, 99),
    ]
)


def file_bytes(valid: bytes) -> st.SearchStrategy[bytes]:
    """Random bytes, or ``valid`` mutated (most examples)."""
    return st.one_of(st.binary(max_size=300), mutated_bytes(valid), mutated_bytes(valid))


@fuzz_settings()
@given(file_bytes(FILES[FID_DG1]))
def test_dg1_is_an_mrz_or_a_rejection(data: bytes) -> None:
    result = parse_dg1(data, TODAY)
    assert isinstance(result, MrzData | MrzRejection)


@fuzz_settings()
@given(st.one_of(st.text(max_size=120), st.text(alphabet="ABCIVN0123456789<\n", max_size=95)))
def test_td1_text_is_an_mrz_or_a_rejection(text: str) -> None:
    assert isinstance(parse_td1(text, TODAY), MrzData | MrzRejection)


@fuzz_settings()
@given(file_bytes(FILES[FID_DG13]))
def test_dg13_is_an_identity_or_a_rejection(data: bytes) -> None:
    result = parse_dg13(data)
    assert isinstance(result, ChipIdentity | Dg13Rejection)


@fuzz_settings()
@given(file_bytes(FILES[FID_DG2][:400]))
def test_dg2_head_gives_a_picture_or_a_face_image_error(data: bytes) -> None:
    assert isinstance(face_image(data), bytes | FaceImageError)


@fuzz_settings(0.25)
@given(mutated_bytes(FILES[FID_DG2]))
def test_whole_dg2_mutated_gives_a_picture_or_a_face_image_error(data: bytes) -> None:
    assert isinstance(face_image(data), bytes | FaceImageError)


@fuzz_settings()
@given(file_bytes(CARD_ACCESS))
def test_card_access_is_pace_infos_or_a_card_access_error(data: bytes) -> None:
    try:
        infos = parse_card_access(data)
    except CardAccessError as error:
        assert str(error)
        return
    assert all(isinstance(info, PaceInfo) for info in infos)
    choose_pace_info(infos)


@fuzz_settings()
@given(file_bytes(FILES[FID_SOD][:16]))
def test_sod_and_every_file_head_give_a_length_or_none(head: bytes) -> None:
    total = _tlv_total_length(head[:8])
    assert total is None or total >= 2


def _jpeg2000(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 32), (200, 150, 120)).save(out, format="JPEG2000", no_jp2=kind == "j2k")
    return out.getvalue()


PICTURES = [face_jpeg("fuzz", (24, 32)), _jpeg2000("jp2"), _jpeg2000("j2k")]


@fuzz_settings(0.5)
@given(st.sampled_from(PICTURES).flatmap(mutated_bytes))
def test_a_mutated_picture_in_a_well_formed_dg2_is_shown_or_a_face_image_error(
    picture: bytes,
) -> None:
    """The BER is right, so Pillow's decoders face the mutated image bytes."""
    result = face_image(build_dg2(picture, 24, 32))
    assert isinstance(result, bytes | FaceImageError)
