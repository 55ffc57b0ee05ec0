"""Reading the tracking code a resident types or shows, and what each stage tells them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.dossier_lookup import (
    CODE_MALFORMED,
    NOT_A_RECEIPT_QR,
    STAGE_TEXT,
    TYPE_THE_CODE,
    DossierStage,
    TrackingCodeSource,
    read_tracking_code,
    stage_of_portal_status,
    with_hotline,
)
from kiosk.receipt import Receipt
from kiosk.submission import CROCKFORD, new_tracking_code

TYPED = TrackingCodeSource.TYPED
SCANNED = TrackingCodeSource.SCANNED


@pytest.mark.parametrize(
    "typed",
    [
        "HN-7K3M-Q9PD",
        "hn-7k3m-q9pd",
        "HN 7K3M Q9PD",
        "7K3MQ9PD",
        "  7k3m-q9pd ",
        "HN–7K3M–Q9PD",  # en dashes, as a phone keyboard makes them
    ],
)
def test_the_code_is_read_however_it_is_typed(typed):
    assert read_tracking_code(typed, TYPED) == "HN-7K3M-Q9PD"


def test_letters_that_look_like_digits_are_read_as_the_digits():
    assert read_tracking_code("HN-O1IL-Q9PD", TYPED) == "HN-0111-Q9PD"


@pytest.mark.parametrize("typed", ["HN-7K3M-Q9P", "HN-7K3M-Q9PDX", "HN-7K3M-Q9PU", "12345"])
def test_a_code_of_the_wrong_shape_is_explained(typed):
    assert read_tracking_code(typed, TYPED) == CODE_MALFORMED


def test_nothing_typed_asks_for_the_code():
    assert read_tracking_code("   ", TYPED) == TYPE_THE_CODE


def test_the_receipts_qr_code_gives_its_tracking_code():
    code = new_tracking_code()
    receipt = Receipt(
        title="BIÊN NHẬN HỒ SƠ",
        procedure_name="Đăng ký tạm trú",
        tracking_code=code,
        status_url="https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so",
        printed_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        kiosk_name="HN-KIOSK-1",
        receiving_office="UBND phường",
        processing_time="3 ngày",
        fee="Miễn phí",
        fee_payment="",
        result_delivery="Tại phường",
        applicant_id_masked="001******345",
        hotline="1022",
    )
    assert read_tracking_code(receipt.qr_payload, SCANNED) == code


@pytest.mark.parametrize(
    "payload",
    [
        # the QR code on the back of an ID card
        "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Hà Nội|01012021",
        "https://example.invalid/tra-cuu",
        "https://example.invalid/tra-cuu?ma=HN-UUUU-1234",
        "https://example.invalid/tra-cuu?ma=HN-12",
        "https://example.invalid/tra-cuu?other=1",
        "",
    ],
)
def test_any_other_qr_code_is_not_a_receipt(payload):
    assert read_tracking_code(payload, SCANNED) == NOT_A_RECEIPT_QR


@given(
    chars=st.text(alphabet=CROCKFORD, min_size=8, max_size=8),
    separators=st.lists(st.sampled_from(["", " ", "-", "  "]), min_size=3, max_size=3),
    prefix=st.booleans(),
    lower=st.booleans(),
)
def test_any_tracking_code_survives_being_typed_loosely(chars, separators, prefix, lower):
    code = f"HN-{chars[:4]}-{chars[4:]}"
    typed = ("HN" + separators[0] if prefix else "") + chars[:4] + separators[1] + chars[4:]
    typed = separators[2] + (typed.lower() if lower else typed)
    assert read_tracking_code(typed, TYPED) == code


def test_portal_statuses_map_to_stages_and_unknown_ones_to_processing():
    assert stage_of_portal_status("result_ready") is DossierStage.RESULT_READY
    assert stage_of_portal_status("additional_documents_needed") is DossierStage.MORE_DOCUMENTS
    assert stage_of_portal_status(None) is DossierStage.RECEIVED
    assert stage_of_portal_status("awaiting_signature") is DossierStage.PROCESSING


def test_every_stage_has_words_in_both_languages_with_the_hotline_filled_in():
    for stage in DossierStage:
        text = STAGE_TEXT[stage]
        for message in (text.title, with_hotline(text.next_step, "1022")):
            assert message.vi and message.en and message.vi != message.en
            assert "{" not in message.vi + message.en
