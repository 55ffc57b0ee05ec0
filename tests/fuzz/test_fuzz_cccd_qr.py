"""The CCCD QR parser (:func:`kiosk.cccd_qr.parse_cccd_qr`) against any text.

Allowed outcomes: a :class:`CitizenIdentity` or a :class:`QrRejection`; the parser documents
no exception at all, so any raise fails.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from hardware.simulators.card.chip import DEMO_QR
from kiosk.cccd_qr import CitizenIdentity, QrRejection, parse_cccd_qr

from .profiles import fuzz_settings

FIELDS = DEMO_QR.split("|")
# Text a field could be swapped for: digits of every length, dates good and bad, words.
FIELD_VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789", max_size=14),
    st.sampled_from(
        [
            "",
            " ",
            "Nam",
            "NỮ",
            "nu\u0302\u0303",
            "29022001",
            "29022000",
            "31042020",
            "00000000",
            "99999999",
            "\ufeff",
            "|",
            "０１２３４５６７８９０１",
            "١٢٣٤٥٦٧٨٩٠١٢",
            "://",
            "000201",
        ]
    ),
)


def check(payload: str) -> None:
    result = parse_cccd_qr(payload)
    assert isinstance(result, CitizenIdentity | QrRejection)
    if isinstance(result, QrRejection):
        assert result.reason
    else:
        assert re.fullmatch(r"\d{12}", result.id_number)
        assert result.full_name


@fuzz_settings()
@given(st.text(max_size=400))
def test_any_text_is_an_identity_or_a_rejection(payload: str) -> None:
    check(payload)


@fuzz_settings()
@given(st.binary(max_size=300))
def test_any_bytes_decoded_as_a_scanner_would_are_an_identity_or_a_rejection(data: bytes) -> None:
    check(data.decode("utf-8", errors="replace"))
    check(data.decode("latin-1"))


@fuzz_settings()
@given(st.data())
def test_the_demo_payload_with_fields_swapped_is_an_identity_or_a_rejection(
    data: st.DataObject,
) -> None:
    fields = list(FIELDS)
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        action = data.draw(st.sampled_from(["swap", "swap", "drop", "add", "pad"]))
        index = data.draw(st.integers(min_value=0, max_value=max(0, len(fields) - 1)))
        if action == "swap" and fields:
            fields[index] = data.draw(FIELD_VALUES)
        elif action == "drop" and fields:
            del fields[index]
        elif action == "add":
            fields.insert(index, data.draw(FIELD_VALUES))
        elif fields:
            fields[index] = f"  {fields[index]}\t"
    check("|".join(fields))


@fuzz_settings(0.25)
@given(st.integers(min_value=0, max_value=100_000), st.sampled_from(["|", "1", "\u0301", " "]))
def test_long_payloads_are_an_identity_or_a_rejection(length: int, filler: str) -> None:
    check(DEMO_QR + filler * length)
    check(filler * length)
