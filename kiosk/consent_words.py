"""What the consent screen tells a resident before the card is read: what the kiosk keeps,
why, where, who receives it, for how long, and what happens at Finish.

One place for these words: the screen shows them (``kiosk.consentRows``) and "Nghe" reads
them (:mod:`kiosk.screen_reading`). How long comes from ``[outbox] retention_days``: the
outbox keeps a dossier's personal data until the portal accepts it, then that many days.
"""

from __future__ import annotations

from kiosk.text import Message

HEADING = Message(
    "Kiosk đọc thẻ căn cước và giữ hồ sơ của Ông/Bà như sau",
    "How the kiosk reads your ID card and keeps your application",
)
WHAT = (
    Message("Kiosk giữ những gì", "What the kiosk keeps"),
    Message(
        "Thông tin đọc từ thẻ căn cước: họ tên, số định danh cá nhân, ngày sinh, giới tính, "
        "nơi thường trú. Các câu trả lời Ông/Bà nhập. Số điện thoại Ông/Bà cho. Ảnh giấy tờ "
        "Ông/Bà chụp.",
        "From your ID card: name, personal ID number, date of birth, sex, permanent address. "
        "The answers you type. The phone number you give. The photos of your papers.",
    ),
)
WHY = (
    Message("Để làm gì", "What for"),
    Message(
        "Chỉ để làm hồ sơ này. Thông tin trên thẻ được điền sẵn, Ông/Bà không phải gõ lại.",
        "Only for this application. Your card's details are filled in, so you need not type them.",
    ),
)
WHERE = (
    Message("Lưu ở đâu", "Where it is kept"),
    Message("Trên chính kiosk này, được mã hóa.", "On this kiosk, encrypted."),
)
WHO = (
    Message("Ai nhận thông tin", "Who receives it"),
    Message(
        "Chỉ cơ quan giải quyết hồ sơ, qua Cổng dịch vụ công Hà Nội.",
        "Only the office handling your application, through the Hanoi public-service portal.",
    ),
)
HOW_LONG = Message("Lưu bao lâu", "How long")
KEPT_FOR = Message(
    "Đến khi Cổng dịch vụ công nhận hồ sơ, rồi thêm {days} ngày. Sau đó kiosk xóa hết thông "
    "tin cá nhân; chỉ còn mã hồ sơ và tình trạng hồ sơ để tra cứu.",
    "Until the public-service portal accepts your application, then {days} more days. Then "
    "the kiosk deletes all personal data; only the application code and its status remain, "
    "for look-ups.",
)
KEPT_FOR_UNSET = Message(
    "Đến khi Cổng dịch vụ công nhận hồ sơ, rồi thêm một số ngày theo cài đặt của kiosk. Sau "
    "đó kiosk xóa hết thông tin cá nhân; chỉ còn mã hồ sơ và tình trạng hồ sơ để tra cứu.",
    "Until the public-service portal accepts your application, then a number of days set on "
    "this kiosk. Then the kiosk deletes all personal data; only the application code and its "
    "status remain, for look-ups.",
)
AT_FINISH = (
    Message("Khi Ông/Bà bấm Hoàn tất", "When you press Finish"),
    Message(
        "Kiosk xóa ngay mọi thứ trên màn hình và trong bộ nhớ, kể cả ảnh giấy tờ. Chỉ còn bản "
        "đã mã hóa nói trên, đến hết thời hạn.",
        "The kiosk at once clears the screen and its memory, photos of papers included. Only "
        "the encrypted copy above remains, until its time is up.",
    ),
)


def kept_for(retention_days: int | None) -> Message:
    """How long the personal data stays, with the configured days (unset: said in words)."""
    if not retention_days:
        return KEPT_FOR_UNSET
    return Message(KEPT_FOR.vi.format(days=retention_days), KEPT_FOR.en.format(days=retention_days))


def consent_rows(retention_days: int | None) -> tuple[tuple[Message, Message], ...]:
    """The consent screen's rows, each a heading and its text, in the order shown."""
    return (WHAT, WHY, WHERE, WHO, (HOW_LONG, kept_for(retention_days)), AT_FINISH)
