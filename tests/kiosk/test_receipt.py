"""What a receipt says: Hanoi time, the masked ID, the status look-up in its QR code."""

from datetime import UTC, datetime

from kiosk.receipt import ReceiptContext, build_receipt
from kiosk.submission import Submission


def test_a_receipt_shows_hanoi_time_and_a_masked_id(catalogue):
    procedure = catalogue.get("dang-ky-tam-tru")
    submission = Submission(
        local_id="01JDEMO0000000000000000000",
        tracking_code="HN-7K3M-Q9PD",
        procedure_code=procedure.code,
        procedure_version=procedure.version,
        kiosk_id="HN-TEST-1",
        created_at=datetime(2026, 11, 23, 17, 30, tzinfo=UTC),
        applicant={"full_name": "Nguyễn Thị Lan", "id_number": "001184012345"},
        fee_vnd=7000,
    )
    context = ReceiptContext("HN-TEST-1 · Tòa A", "1022", "https://example.invalid/tra-cuu")
    receipt = build_receipt(submission, procedure, context)
    assert receipt.printed_at.strftime("%d/%m/%Y %H:%M") == "24/11/2026 00:30"
    assert receipt.applicant_id_masked == "001******345"
    assert "001184012345" not in repr(receipt)
    assert receipt.qr_payload == "https://example.invalid/tra-cuu?ma=HN-7K3M-Q9PD"
    assert receipt.fee.startswith("7.000")
    # no VietQR code was made for it: the other ways the procedure allows
    assert receipt.fee_payment == "Nộp tiền mặt tại bộ phận một cửa; hoặc thanh toán sau"
    assert receipt.result_delivery == procedure.result_delivery.vi  # no choice: the procedure's


def test_a_fee_set_by_a_rule_is_printed_as_an_amount_and_no_fee_as_free(catalogue):
    from kiosk.receipt import fee_text, format_vnd

    procedure = catalogue.get("dang-ky-tam-tru")
    assert format_vnd(1234567) == "1.234.567 đồng"
    assert fee_text(0, procedure) == "Miễn phí"
    assert fee_text(7000, procedure) == procedure.fee_note.vi
    assert fee_text(3500, procedure) == "3.500 đồng"
