"""The tracking code a resident types or shows as a receipt's QR code, read by the look-up
(:func:`kiosk.dossier_lookup.read_tracking_code`).

Allowed outcome: the code in its one written form (``HN-XXXX-XXXX``, Crockford's alphabet)
or a :class:`~kiosk.text.Message` for the resident; the function documents no exception, so
any raise fails.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kiosk.dossier_lookup import NOT_A_RECEIPT_QR, TrackingCodeSource, read_tracking_code
from kiosk.submission import CROCKFORD
from kiosk.text import Message

from .profiles import fuzz_settings

CODE = re.compile(rf"HN-[{CROCKFORD}]{{4}}-[{CROCKFORD}]{{4}}")
LOOKUP_URL = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma="
NOISE = st.sampled_from(
    [" ", "-", "–", "_", ".", "/", "·", "\t", "\u00a0", "\u200b", "?", "&", "#"]
)
CODE_CHARS = st.text(alphabet=CROCKFORD + "oilOIL" + "UuÀàĐđ١", min_size=6, max_size=10)


@st.composite
def typed_codes(draw: st.DrawFn) -> str:
    """A code as a hurried resident types it: any case, noise anywhere, prefix or not."""
    chars = list(draw(CODE_CHARS))
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        chars.insert(draw(st.integers(min_value=0, max_value=len(chars))), draw(NOISE))
    text = "".join(chars)
    text = text.lower() if draw(st.booleans()) else text
    return draw(st.sampled_from(["", "HN", "hn-", "HN -", "NH"])) + text


@st.composite
def scanned_codes(draw: st.DrawFn) -> str:
    """A receipt's QR code, or something like it: another address, broken URLs, two codes."""
    code = draw(st.one_of(typed_codes(), st.text(max_size=20)))
    base = draw(
        st.sampled_from(
            [
                LOOKUP_URL,
                "http://[::1]/?ma=",
                "http://[::1/?ma=",
                "http://[x]?ma=",
                "?ma=",
                "ma=",
                "https://a.b/?x=1&ma=",
                "https://a.b/?ma=A&ma=",
                "https://a.b/%zz?ma=",
                "https://a.b:99999/?ma=",
                "file:///?ma=",
                "",
            ]
        )
    )
    return base + code + draw(st.sampled_from(["", "&x=1", "#frag", "&ma=X", "%", "%FF"]))


def check(text: str, source: TrackingCodeSource) -> None:
    result = read_tracking_code(text, source)
    if isinstance(result, str):
        assert CODE.fullmatch(result), result
    else:
        assert isinstance(result, Message) and result.vi and result.en


@fuzz_settings()
@given(st.text(max_size=80), st.sampled_from(TrackingCodeSource))
def test_any_text_is_a_code_or_a_message(text: str, source: TrackingCodeSource) -> None:
    check(text, source)


@fuzz_settings()
@given(typed_codes())
def test_typed_codes_are_a_code_or_a_message(text: str) -> None:
    check(text, TrackingCodeSource.TYPED)


@fuzz_settings()
@given(scanned_codes())
def test_scanned_codes_are_a_code_or_a_message(text: str) -> None:
    check(text, TrackingCodeSource.SCANNED)


def test_finding_a_scanned_address_with_a_broken_ipv6_host_is_a_message() -> None:
    """F7 (fixed in kiosk/dossier_lookup.py read_tracking_code)."""
    assert read_tracking_code("http://[?ma=x", TrackingCodeSource.SCANNED) is NOT_A_RECEIPT_QR
