"""The simulated chip read in process with its face in each form ICAO 9303 allows, and with
a broken one: the read succeeds either way, with the picture to show or the reason there is
none (logged without personal data)."""

from __future__ import annotations

import io
import logging

import pytest
from PIL import Image

from hardware.card_reader.cccd_access import bac_candidates
from hardware.card_reader.cccd_chip import read_cccd_chip
from hardware.simulators.card.chip import CccdCardSimulator
from hardware.simulators.card.files import FaceFormat
from kiosk.cccd_qr import CitizenIdentity
from kiosk.chip_data import ChipRead, FaceImageError, FaceImageProblem

from .conftest import TODAY


def read(identity: CitizenIdentity, face: FaceFormat) -> ChipRead:
    card = CccdCardSimulator(identity, face=face)
    keys = bac_candidates(identity.id_number, identity.date_of_birth, identity.issue_date, TODAY)
    result = read_cccd_chip(card, keys)
    assert isinstance(result, ChipRead), result
    return result


@pytest.mark.parametrize(
    ("face", "shown_as"),
    [(FaceFormat.JPEG, "JPEG"), (FaceFormat.JP2, "PNG"), (FaceFormat.J2K, "PNG")],
)
def test_the_face_comes_through_in_every_form_icao_allows(
    lan: CitizenIdentity, face: FaceFormat, shown_as: str
) -> None:
    result = read(lan, face)

    assert isinstance(result.face, bytes)
    picture = Image.open(io.BytesIO(result.face))
    assert picture.format == shown_as
    assert picture.size == (96, 128)
    assert result.identity.full_name == lan.full_name


def test_a_broken_face_is_named_and_the_identity_still_read(
    lan: CitizenIdentity, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="hardware.card_reader.cccd_chip"):
        result = read(lan, FaceFormat.CORRUPT)

    assert result.face == FaceImageError(FaceImageProblem.CORRUPT, "jpeg")
    assert result.to_citizen_identity() is not None
    (record,) = [r for r in caplog.records if getattr(r, "event", "") == "chip_face_unreadable"]
    assert (record.reason, record.format) == ("corrupt", "jpeg")  # type: ignore[attr-defined]
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for personal in (lan.full_name, lan.id_number, lan.id_number[-9:], "840315"):
        assert personal not in logged
