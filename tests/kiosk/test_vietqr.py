"""VietQR payloads: written field by field as EMVCo and NAPAS say, read back and checked."""

from __future__ import annotations

import binascii
import io

import numpy as np
import pytest
import segno
import zxingcpp

from kiosk.vietqr import (
    Transfer,
    VietQrError,
    ascii_text,
    crc16,
    fields,
    parse,
    payload,
)

FEE = Transfer("970415", "113366668888", 7000, "HS2026ABCD le phi")


def test_a_published_payload_is_reproduced_exactly() -> None:
    # subiz/vietqr's README: 120,000 VND to VietinBank 0011001932418, "ủng hộ lũ lụt".
    transfer = Transfer("970415", "0011001932418", 120000, ascii_text("ủng hộ lũ lụt"))
    assert payload(transfer) == (
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
        "530370454061200005802VN62170813ung ho lu lut6304C15C"
    )


def test_every_field_in_order_with_its_length() -> None:
    code = payload(FEE)
    root = fields(code)
    assert [(f.tag, len(f.value)) for f in root] == [
        ("00", 2),
        ("01", 2),
        ("38", 56),
        ("53", 3),
        ("54", 4),
        ("58", 2),
        ("62", 21),
        ("63", 4),
    ]
    values = {f.tag: f for f in root}
    assert values["00"].value == "01"
    assert values["01"].value == "12"  # an amount: one payment
    account = {f.tag: f.value for f in values["38"].children}
    assert account == {
        "00": "A000000727",
        "01": "0006970415" + "0112113366668888",
        "02": "QRIBFTTA",
    }
    beneficiary = next(f for f in values["38"].children if f.tag == "01")
    assert [(f.tag, f.value) for f in beneficiary.children] == [
        ("00", "970415"),
        ("01", "113366668888"),
    ]
    assert values["53"].value == "704"
    assert values["54"].value == "7000"
    assert values["58"].value == "VN"
    assert [(f.tag, f.value) for f in values["62"].children] == [("08", "HS2026ABCD le phi")]
    # The CRC covers everything before it, its own id and length included.
    assert code.endswith("6304" + values["63"].value)
    assert values["63"].value == f"{binascii.crc_hqx(code[:-4].encode(), 0xFFFF):04X}"


def test_crc_is_ccitt_false_with_leading_zeros() -> None:
    assert crc16("123456789") == "29B1"  # the algorithm's published check value
    for text in ("", "6304", "000201010211"):
        assert crc16(text) == f"{binascii.crc_hqx(text.encode(), 0xFFFF):04X}"
    assert any(crc16(str(n)).startswith("0") for n in range(200))


def test_without_an_amount_the_code_is_static() -> None:
    code = payload(Transfer("970436", "0011001234567", None, ""))
    root = {f.tag: f.value for f in fields(code)}
    assert root["01"] == "11"
    assert "54" not in root and "62" not in root
    assert parse(code) == Transfer("970436", "0011001234567", None, "")


def test_read_back_gives_the_transfer() -> None:
    assert parse(payload(FEE)) == FEE


def test_the_qr_picture_decodes_to_the_payload() -> None:
    code = payload(FEE)
    buffer = io.BytesIO()
    segno.make(code, micro=False).save(buffer, kind="png", scale=4, border=4)
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))
    found = zxingcpp.read_barcodes(pixels)
    assert [r.text for r in found] == [code]


@pytest.mark.parametrize(
    ("transfer", "says"),
    [
        (Transfer("97041", "1", 1, ""), "not 6 digits"),
        (Transfer("97041X", "1", 1, ""), "not 6 digits"),
        (Transfer("970415", "", 1, ""), "1 to 19"),
        (Transfer("970415", "12 34", 1, ""), "1 to 19"),
        (Transfer("970415", "1" * 20, 1, ""), "1 to 19"),
        (Transfer("970415", "1", 0, ""), "from 1"),
        (Transfer("970415", "1", -5, ""), "from 1"),
        (Transfer("970415", "1", 10**13, ""), "from 1"),
        (Transfer("970415", "1", 1, "x" * 26), "at most 25"),
        (Transfer("970415", "1", 1, "lệ phí"), "ASCII"),
        (Transfer("970415", "1", 1, "", service="QRPUSH"), "neither"),
    ],
)
def test_values_that_cannot_be_a_code_are_refused(transfer: Transfer, says: str) -> None:
    with pytest.raises(VietQrError, match=says):
        payload(transfer)


def test_the_largest_values_fit() -> None:
    big = Transfer("970415", "9" * 19, 10**13 - 1, "y" * 25)
    assert parse(payload(big)) == big


def test_ascii_text_drops_every_vietnamese_mark() -> None:
    assert ascii_text("Lệ phí ĐĂNG KÝ tạm trú — hồ sơ") == "Le phi DANG KY tam tru ho so"
    assert ascii_text("Ưu đãi  ơ ư") == "Uu dai o u"


def _with_crc(body: str) -> str:
    return body + crc16(body)


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        (payload(FEE)[:-1] + "0", "CRC is"),
        (payload(FEE)[:-8], "does not end"),
        (_with_crc(payload(FEE)[:-4].replace("5303704", "5303840")), "currency"),
        (_with_crc(payload(FEE)[:-4].replace("5802VN", "5802TH")), "country"),
        (_with_crc(payload(FEE)[:-4].replace("010212", "010211")), "does not match"),
        (_with_crc(payload(FEE)[:-4].replace("A000000727", "A000000999")), "NAPAS"),
        (_with_crc("000201010212" + "3899" + "6304"), "only"),
        (_with_crc("000202" + payload(FEE)[6:-4]), "start with"),
        ("lệ" + payload(FEE), "ASCII"),
    ],
)
def test_a_broken_payload_says_what_is_wrong(broken: str, says: str) -> None:
    with pytest.raises(VietQrError, match=says):
        parse(broken)
