"""Looking up a dossier at the kiosk by the tracking code on the resident's receipt.

Pure logic: reading the code as typed (or from the receipt's QR code), the stages a dossier
goes through as the resident understands them, and what each stage tells them to do. Where
the facts come from (the outbox, the portal) is behind :class:`kiosk.ports.DossierDirectory`.

What a look-up shows is never personal: the procedure, dates and status only. Anyone holding
a receipt may see it, as on the city portal's own look-up page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

from kiosk.payment import PaymentState
from kiosk.result_delivery import DeliveryMethod
from kiosk.submission import CROCKFORD, TRACKING_CHARS, TRACKING_PREFIX, tracking_code_of
from kiosk.text import Message

# Crockford's base 32 reads the letters that look like digits as those digits, so a code
# typed with O for 0 or I for 1 still finds the dossier.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-–—_.·/]+")


class DossierStage(StrEnum):
    """Where a dossier is, in the resident's terms."""

    WAITING = "waiting"
    """Saved at the kiosk; the portal has not taken it yet (network or portal down)."""
    NOT_ACCEPTED = "not_accepted"
    """The portal refused to file it (the operator is told and follows it up)."""
    RECEIVED = "received"
    PROCESSING = "processing"
    RESULT_READY = "result_ready"
    MORE_DOCUMENTS = "additional_documents_needed"
    REJECTED = "rejected"


_PORTAL_STAGES = {
    stage.value: stage
    for stage in (
        DossierStage.RECEIVED,
        DossierStage.PROCESSING,
        DossierStage.RESULT_READY,
        DossierStage.MORE_DOCUMENTS,
        DossierStage.REJECTED,
    )
}


def stage_of_portal_status(status: str | None) -> DossierStage:
    """The stage a portal status means. A status this kiosk does not know yet is shown as
    being processed: the portal has the dossier and has not decided."""
    if status is None:
        return DossierStage.RECEIVED
    return _PORTAL_STAGES.get(status, DossierStage.PROCESSING)


@dataclass(frozen=True)
class StageEvent:
    """One step of the dossier's history: its stage, when, and the office's note if any."""

    stage: DossierStage
    at: datetime
    note: str = ""


@dataclass(frozen=True)
class DossierFacts:
    """What the kiosk knows of one dossier (nothing personal)."""

    tracking_code: str
    procedure_code: str
    submitted_at: datetime
    stage: DossierStage
    dossier_code: str | None = None
    history: tuple[StageEvent, ...] = ()
    as_of: datetime | None = None
    """When the portal last told the kiosk this status; None when it never has."""
    live: bool = False
    """True when the portal was asked during this look-up and answered."""
    elsewhere: bool = False
    """True when the dossier was made at another kiosk or office: the portal's public
    look-up answered, this kiosk's outbox did not know it."""
    payment: PaymentState | None = None
    """Whether the fee was paid, when the portal said (None: not known here)."""
    paid_at: datetime | None = None
    result_delivery: DeliveryMethod | None = None
    """How the result will be received, when known (the method only, never the address)."""
    next_step_note: str = ""
    """The office's own note on what to do next, when the portal gave one."""


class LookupFailure(StrEnum):
    """Why a look-up found nothing to show."""

    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"


class TrackingCodeSource(StrEnum):
    """Where a code to look up came from: the resident typed it, or showed a QR code."""

    TYPED = "typed"
    SCANNED = "scanned"


TYPE_THE_CODE = Message(
    "Ông/Bà vui lòng nhập mã hồ sơ in trên biên nhận.",
    "Please type the tracking code printed on your receipt.",
)
CODE_MALFORMED = Message(
    "Mã hồ sơ gồm chữ HN và 8 chữ hoặc số, ví dụ HN-7K3M-Q9PD. Ông/Bà vui lòng kiểm tra lại "
    "mã in trên biên nhận.",
    "A tracking code is HN followed by 8 letters or digits, for example HN-7K3M-Q9PD. "
    "Please check the code printed on your receipt.",
)
NOT_A_RECEIPT_QR = Message(
    "Mã QR này không phải mã trên biên nhận hồ sơ. Ông/Bà vui lòng đưa mã QR in trên biên nhận "
    "vào camera, hoặc nhập mã hồ sơ.",
    "This QR code is not the one on an application receipt. Please show the QR code printed "
    "on your receipt to the camera, or type the tracking code.",
)
NOT_FOUND = Message(
    "Chưa tìm thấy hồ sơ mang mã {code}, ở kiosk này cũng như trên Cổng dịch vụ công. "
    "Ông/Bà kiểm tra lại mã in trên biên nhận; nếu hồ sơ vừa nộp ở nơi khác, Ông/Bà thử lại "
    "sau ít phút, hoặc gọi tổng đài {hotline}.",
    "No application with the tracking code {code} was found, at this kiosk or on the public "
    "service portal. Please check the code printed on your receipt; if you applied elsewhere "
    "just now, try again in a few minutes, or call {hotline}.",
)
LOOKUP_UNAVAILABLE = Message(
    "Kiosk đang gặp sự cố kỹ thuật nên chưa tra cứu được. Hồ sơ của Ông/Bà không bị ảnh "
    "hưởng. Ông/Bà vui lòng thử lại sau, hoặc gọi tổng đài {hotline}.",
    "The kiosk has a technical fault and cannot look this up now. Your application is not "
    "affected. Please try again later, or call {hotline}.",
)


@dataclass(frozen=True)
class StageText:
    """What the resident reads about a stage: a short title and what happens next."""

    title: Message
    next_step: Message


STAGE_TEXT: dict[DossierStage, StageText] = {
    DossierStage.WAITING: StageText(
        Message("Đã lưu tại kiosk, đang chờ gửi", "Saved at the kiosk, waiting to be sent"),
        Message(
            "Kiosk chưa gửi được hồ sơ lên Cổng dịch vụ công vì mất kết nối. Hồ sơ đã được "
            "lưu an toàn và sẽ tự động được gửi khi có kết nối; Ông/Bà không cần làm gì thêm.",
            "The kiosk has not been able to send your application to the portal because the "
            "connection is down. It is stored safely and will be sent automatically when the "
            "connection is back; you do not need to do anything.",
        ),
    ),
    DossierStage.NOT_ACCEPTED: StageText(
        Message("Cổng dịch vụ công chưa nhận hồ sơ", "Not accepted by the portal"),
        Message(
            "Cổng dịch vụ công chưa tiếp nhận hồ sơ này. Cán bộ vận hành kiosk đã được báo "
            "và sẽ liên hệ với Ông/Bà. Ông/Bà có thể gọi tổng đài {hotline} để được hướng dẫn.",
            "The public service portal has not accepted this application. The kiosk's "
            "operators have been told and will contact you. You can call {hotline} for help.",
        ),
    ),
    DossierStage.RECEIVED: StageText(
        Message("Cơ quan đã tiếp nhận", "Received by the office"),
        Message(
            "Hồ sơ đã đến cơ quan giải quyết và đang chờ xử lý. Ông/Bà không cần làm gì thêm.",
            "Your application has reached the office and is waiting to be handled. You do "
            "not need to do anything.",
        ),
    ),
    DossierStage.PROCESSING: StageText(
        Message("Đang giải quyết", "Being processed"),
        Message(
            "Cán bộ đang giải quyết hồ sơ. Khi có kết quả, Ông/Bà sẽ được báo theo cách nhận "
            "kết quả đã chọn.",
            "An officer is handling your application. When there is a result, you will be "
            "told in the way you chose to receive it.",
        ),
    ),
    DossierStage.RESULT_READY: StageText(
        Message("Đã có kết quả", "Result ready"),
        Message(
            "Hồ sơ đã có kết quả. Ông/Bà nhận kết quả theo cách đã chọn khi nộp hồ sơ; nếu "
            "nhận trực tiếp, Ông/Bà mang theo thẻ căn cước và biên nhận này.",
            "Your result is ready. Receive it the way you chose when you applied; if you "
            "collect it in person, bring your ID card and this receipt.",
        ),
    ),
    DossierStage.MORE_DOCUMENTS: StageText(
        Message("Cần bổ sung giấy tờ", "More documents needed"),
        Message(
            "Cơ quan cần Ông/Bà bổ sung giấy tờ (xem ghi chú của cơ quan bên dưới). Ông/Bà "
            "mang giấy tờ đến cơ quan tiếp nhận hồ sơ, hoặc gọi tổng đài {hotline}.",
            "The office needs more documents from you (see the office's note below). Take "
            "them to the office that received the application, or call {hotline}.",
        ),
    ),
    DossierStage.REJECTED: StageText(
        Message("Hồ sơ không được giải quyết", "Application refused"),
        Message(
            "Cơ quan đã từ chối giải quyết hồ sơ (xem lý do bên dưới). Ông/Bà có thể gọi "
            "tổng đài {hotline} để được hướng dẫn nộp lại.",
            "The office has refused the application (see the reason below). You can call "
            "{hotline} to be told how to apply again.",
        ),
    ),
}


def with_hotline(message: Message, hotline: str, **values: str) -> Message:
    """``message`` with its ``{hotline}`` (and any other named gap) filled in."""
    return Message(
        message.vi.format(hotline=hotline, **values), message.en.format(hotline=hotline, **values)
    )


def read_tracking_code(text: str, source: TrackingCodeSource) -> str | Message:
    """The tracking code in what the resident typed, or in a receipt's QR code (the portal's
    look-up address with ``?ma=CODE``); else what is wrong, for the resident.

    Typing is forgiving: any case, spaces or dashes anywhere, the ``HN`` prefix optional, and
    O/I/L read as 0/1 as Crockford's alphabet intends.
    """
    raw = text.strip()
    if source is TrackingCodeSource.SCANNED:
        if "?" not in raw:
            return NOT_A_RECEIPT_QR
        try:
            query = urlsplit(raw).query
        except ValueError:  # e.g. "Invalid IPv6 URL": not an address the portal printed
            return NOT_A_RECEIPT_QR
        codes = parse_qs(query).get("ma", [])
        if len(codes) != 1:
            return NOT_A_RECEIPT_QR
        raw = codes[0]
    if not raw:
        return TYPE_THE_CODE
    compact = _SEPARATORS.sub("", raw.upper())
    if (
        compact.startswith(TRACKING_PREFIX)
        and len(compact) == len(TRACKING_PREFIX) + TRACKING_CHARS
    ):
        compact = compact[len(TRACKING_PREFIX) :]
    chars = compact.translate(_LOOKALIKES)
    if len(chars) != TRACKING_CHARS or any(c not in CROCKFORD for c in chars):
        return NOT_A_RECEIPT_QR if source is TrackingCodeSource.SCANNED else CODE_MALFORMED
    return tracking_code_of(chars)
