"""What a receipt says, independent of paper width, font or printer.

The layout (``kiosk.receipt_layout``) turns a :class:`Receipt` into printable blocks; the
printer drivers in ``hardware/`` turn those blocks into ESC/POS or a PNG.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from kiosk.cccd_qr import mask_id_number
from kiosk.procedures import Procedure
from kiosk.submission import Submission

HANOI_TIME = timezone(timedelta(hours=7), "ICT")
"""Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact."""


FEE_PAID_LATER = "Chưa nộp; cơ quan giải quyết sẽ thông báo cách nộp"
"""Payment at the kiosk (VietQR) is not there yet: the office says how to pay."""


@dataclass(frozen=True)
class Receipt:
    """The content of one printed receipt. Texts are Vietnamese, as printed.

    ``applicant_id_masked`` is already masked (first 3 and last 3 digits): the full ID number
    never reaches paper.
    """

    title: str
    procedure_name: str
    tracking_code: str
    status_url: str
    printed_at: datetime
    kiosk_name: str
    receiving_office: str
    processing_time: str
    fee: str
    fee_payment: str
    result_delivery: str
    applicant_id_masked: str
    hotline: str
    footer: str = "Xin cảm ơn Ông/Bà đã sử dụng dịch vụ công trực tuyến."

    @property
    def qr_payload(self) -> str:
        """The text of the QR code: the status look-up address for this tracking code."""
        return f"{self.status_url}?ma={self.tracking_code}"


@dataclass(frozen=True)
class ReceiptContext:
    """What the kiosk adds to every receipt: where it stands and where to get help."""

    kiosk_name: str
    hotline: str
    status_url: str
    building_contact: str = ""
    """Who in the building helps at the kiosk (the help panels say it; empty: nobody named)."""


def format_vnd(amount: int) -> str:
    """An amount as Vietnamese write it: ``7.000 đồng``."""
    return f"{amount:,} đồng".replace(",", ".")


def fee_text(fee_vnd: int, procedure: Procedure) -> str:
    """What the receipt says of the fee: the procedure's own note for its base fee."""
    if fee_vnd == 0:
        return "Miễn phí"
    return procedure.fee_note.vi if fee_vnd == procedure.fee_vnd else format_vnd(fee_vnd)


def build_receipt(submission: Submission, procedure: Procedure, context: ReceiptContext) -> Receipt:
    """The receipt of a queued submission, in Vietnamese, with the ID number masked."""
    return Receipt(
        title="BIÊN NHẬN HỒ SƠ",
        procedure_name=procedure.name.vi,
        tracking_code=submission.tracking_code,
        status_url=context.status_url,
        printed_at=submission.created_at.astimezone(HANOI_TIME),
        kiosk_name=context.kiosk_name,
        receiving_office=procedure.receiving_office.vi,
        processing_time=procedure.processing_time.vi,
        fee=fee_text(submission.fee_vnd, procedure),
        fee_payment=FEE_PAID_LATER if submission.fee_vnd else "",
        result_delivery=procedure.result_delivery.vi,
        applicant_id_masked=mask_id_number(str(submission.applicant.get("id_number", ""))),
        hotline=context.hotline,
    )
