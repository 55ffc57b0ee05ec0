"""The CCCD QR parser against bad input: text decoded with the wrong character set, payloads
longer than a QR code holds, and text that cannot be written out as UTF-8."""

from __future__ import annotations

import unicodedata
from typing import Literal

import pytest

from kiosk.cccd_qr import MAX_PAYLOAD_BYTES, CitizenIdentity, QrRejection, parse_cccd_qr
from kiosk.session import KioskSession, QrOutcome, Screen

CARD_2021 = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)

NormalForm = Literal["NFC", "NFD", "NFKC", "NFKD"]


def _cp1252_as_windows_reads_it(data: bytes) -> str:
    """UTF-8 bytes read as Windows-1252, the five undefined bytes kept as C1 controls (as
    Windows and browsers do)."""
    return "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data
    )


@pytest.mark.parametrize(
    "wrong",
    [
        CARD_2021.encode("utf-8").decode("latin-1"),
        _cp1252_as_windows_reads_it(CARD_2021.encode("utf-8")),
    ],
    ids=["latin-1", "cp1252"],
)
def test_utf8_read_as_latin1_or_cp1252_is_repaired_and_says_so(wrong: str) -> None:
    assert "Nguyá»" in wrong

    result = parse_cccd_qr(wrong)

    assert isinstance(result, CitizenIdentity), result
    assert result.full_name == "Nguyễn Thị Lan"
    assert result.address == "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội"
    assert result.charset_repaired is True
    assert result.to_json()["charset_repaired"] is True
    assert "á»" not in result.raw


def test_a_clean_card_is_not_marked_repaired() -> None:
    result = parse_cccd_qr(CARD_2021)

    assert isinstance(result, CitizenIdentity)
    assert result.charset_repaired is False


def test_mojibake_that_cannot_be_repaired_is_refused() -> None:
    # The name read in the wrong character set, the address typed correctly: the two
    # cannot both be undone, so nothing is guessed.
    mixed = CARD_2021.replace("Nguyễn Thị Lan", "Nguyá»…n Thá»‹ Lan")

    result = parse_cccd_qr(mixed)

    assert isinstance(result, QrRejection)
    assert "character set" in result.reason


def test_genuine_latin1_letters_are_left_alone() -> None:
    # Every letter here is in Latin-1, but the text is not UTF-8 read as Latin-1.
    card = CARD_2021.replace("Nguyễn Thị Lan", "Lê Hà").replace("Nữ", "Nam")

    result = parse_cccd_qr(card)

    assert isinstance(result, CitizenIdentity), result
    assert (result.full_name, result.charset_repaired) == ("Lê Hà", False)


@pytest.mark.parametrize("size", [100_000, 1_000_000])
def test_a_payload_longer_than_a_qr_code_holds_is_refused_before_normalising(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    normalize = unicodedata.normalize

    def refuse_to_normalise_long_text(form: NormalForm, text: str) -> str:
        if len(text) > MAX_PAYLOAD_BYTES:
            raise AssertionError(f"normalised {len(text)} characters")
        return normalize(form, text)

    monkeypatch.setattr(unicodedata, "normalize", refuse_to_normalise_long_text)
    payload = "001184012345||N" + "\u0301" * size + "|15031984|Nữ|Hà Nội|10082021"

    result = parse_cccd_qr(payload)

    assert isinstance(result, QrRejection)
    assert "too long" in result.reason


def test_the_length_limit_counts_utf8_bytes_and_admits_a_full_qr_code() -> None:
    # A version-40 QR code holds 2,953 bytes; the limit leaves room above that.
    assert MAX_PAYLOAD_BYTES >= 2953
    long_address = "Hà Nội " * ((MAX_PAYLOAD_BYTES - 200) // len("Hà Nội ".encode()))
    card = CARD_2021.replace(
        "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội", long_address
    )
    too_long = CARD_2021 + "|" + "ệ" * (MAX_PAYLOAD_BYTES // 2)

    assert isinstance(parse_cccd_qr(card), CitizenIdentity)
    assert len(too_long) < MAX_PAYLOAD_BYTES < len(too_long.encode("utf-8"))
    assert isinstance(parse_cccd_qr(too_long), QrRejection)


def test_unrepairable_mojibake_in_the_extra_fields_is_kept_raw_as_they_are() -> None:
    # Fields after the seventh are never relied on; the name and address are clean.
    card = CARD_2021 + "|Ã©|Ăx|b"

    result = parse_cccd_qr(card)

    assert isinstance(result, CitizenIdentity), result
    assert result.extra_fields == ("Ã©", "Ăx", "b")
    assert result.charset_repaired is False


def test_a_lone_surrogate_is_refused_not_passed_on() -> None:
    result = parse_cccd_qr(CARD_2021.replace("Lan", "L\udcffan"))

    assert isinstance(result, QrRejection)
    assert "not valid text" in result.reason


def _to_identify(session: KioskSession) -> None:
    session.start()
    session.choose_procedure("dang-ky-tam-tru")
    session.begin()
    session.consent(True)
    assert session.screen is Screen.IDENTIFY


def test_the_camera_route_fills_the_form_with_the_repaired_name(session: KioskSession) -> None:
    _to_identify(session)

    outcome = session.qr_read(CARD_2021.encode("utf-8").decode("latin-1"))
    session.confirm_qr()

    assert outcome is QrOutcome.ID_CARD
    assert session.identity is not None
    assert session.identity.full_name == "Nguyễn Thị Lan"


def test_the_camera_route_never_fills_the_form_with_partial_mojibake(
    session: KioskSession,
) -> None:
    _to_identify(session)

    outcome = session.qr_read(CARD_2021.replace("Nguyễn Thị Lan", "Nguyá»…n Thá»‹ Lan"))

    assert outcome is QrOutcome.NOT_AN_ID_CARD
    assert session.identity is None
