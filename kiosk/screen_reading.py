"""What the "Nghe" (Listen) button reads aloud on each screen, in the resident's language.

A pure function of the session (and of what the screen lists: the procedures a search found,
whether the rating is still offered): the screen's title and what it asks, the question on it
(its group, label and hint), the options in order ("Lựa chọn 1: …"), the fee and how to pay it
on the confirmation, and the error if there is one.

Privacy in a lobby: the kiosk stands where neighbours wait for the lift, so what it says aloud
is only what the kiosk itself wrote. Never the resident's typed answers, never anything read
from the ID card (name, ID number, date of birth, address, face), never the tracking code of
their dossier; the check page reads its instructions, not its rows. The tests assert it.

The words follow the screens' own texts (``ui/qml/screens/``), written for the ear: "Ông/Bà"
is said "Ông Bà", "Câu 2/5" is said "Câu 2 trên 5".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kiosk import consent_words
from kiosk.fee_payment import PaymentPhase
from kiosk.fees import fee_due, money
from kiosk.payment import FAILURE_TEXT, other_ways
from kiosk.procedures import Procedure, Question, QuestionType
from kiosk.rating import FACES
from kiosk.result_delivery import DELIVERY_TEXT
from kiosk.session import KioskSession, Screen
from kiosk.submission import Submission
from kiosk.text import Message

HOME = (
    Message("Dịch vụ công trực tuyến.", "Online public services."),
    Message(
        "Nộp hồ sơ thủ tục hành chính ngay tại sảnh tòa nhà.",
        "Submit applications for public services right here in the lobby.",
    ),
    Message(
        "Đăng ký tạm trú, khai sinh, lý lịch tư pháp và nhiều thủ tục khác. "
        "Ông/Bà chỉ cần mang theo thẻ căn cước.",
        "Temporary residence, birth registration, criminal record certificates and more. "
        "All you need is your citizen ID card.",
    ),
    Message(
        "Bấm nút «Bắt đầu» ở dưới màn hình để làm hồ sơ, hoặc «Tra cứu hồ sơ đã nộp».",
        "Press “Start” at the bottom of the screen to apply, or “Look up a submitted application”.",
    ),
)
CATALOGUE = (
    Message("Chọn thủ tục.", "Choose a procedure."),
    Message(
        "Ông/Bà muốn làm thủ tục nào? Chạm vào tên thủ tục.",
        "Which procedure do you need? Touch its name.",
    ),
)
PREPARE = Message("Ông/Bà cần chuẩn bị:", "You will need:")
INTRO_NEXT = Message(
    "Khi đã sẵn sàng, bấm «Bắt đầu làm hồ sơ».", "When you are ready, press “Start application”."
)
CONSENT_TITLE = Message("Đồng ý sử dụng thông tin.", "Consent to use your information.")
CONSENT_CHOICE = Message(
    "Bấm «Đồng ý và tiếp tục», hoặc «Không đồng ý» để quay về màn hình chính.",
    "Press “Agree and continue”, or “Do not agree” to go back to the home screen.",
)
IDENTIFY = (
    Message("Đọc thẻ căn cước.", "Read your ID card."),
    Message(
        "Ông/Bà vui lòng đưa mặt sau thẻ căn cước, có mã QR, vào trước camera ở phía trên màn "
        "hình; hoặc đặt thẻ lên đầu đọc thẻ bên dưới màn hình.",
        "Please hold the back of your ID card, with the QR code, to the camera above the "
        "screen; or put the card on the card reader below the screen.",
    ),
    Message(
        "Không dùng thẻ thì bấm «Không dùng thẻ, tự nhập thông tin».",
        "Without the card, press “Type my details instead”.",
    ),
)
QUESTION_NUMBER = Message("Câu {number} trên {total}.", "Question {number} of {total}.")
OPTION = Message("Lựa chọn {number}: {label}.", "Option {number}: {label}.")
PAPER = Message("Giấy tờ: {name}.", "Paper: {name}.")
PAPER_HOW = Message(
    "Đặt giấy tờ trước camera để chụp từng trang.",
    "Hold the paper to the camera to photograph it page by page.",
)
TYPE_ANSWER = Message(
    "Gõ câu trả lời rồi bấm «Tiếp tục».", "Type your answer, then press “Continue”."
)
PICK_ANSWER = Message(
    "Chạm vào lựa chọn rồi bấm «Tiếp tục».", "Touch your choice, then press “Continue”."
)
PICK_ANSWERS = Message(
    "Chạm vào một hoặc nhiều lựa chọn rồi bấm «Tiếp tục».",
    "Touch one or more choices, then press “Continue”.",
)
ERROR = Message("Lưu ý: {error}", "Please note: {error}")
REVIEW = (
    Message("Kiểm tra lại thông tin.", "Check your information."),
    Message(
        "Ông/Bà vui lòng đọc lại từng dòng trên màn hình. Bấm «Sửa» để sửa một câu trả lời. "
        "Khi mọi thông tin đã đúng, bấm «Gửi hồ sơ».",
        "Please read each line on the screen. Press “Change” to change an answer. When "
        "everything is right, press “Submit”.",
    ),
)
DELIVERY = (
    Message("Cách nhận kết quả.", "How you receive the result."),
    Message(
        "Ông/Bà muốn nhận kết quả thế nào? Chạm vào lựa chọn rồi bấm «Tiếp tục». Nếu gửi qua "
        "bưu điện, kiểm tra lại địa chỉ nhận trên màn hình.",
        "How would you like to receive the result? Touch your choice, then press “Continue”. "
        "If it is posted, check the address on the screen.",
    ),
)
NOTIFY = (
    Message("Nhận thông báo về hồ sơ.", "News of your application."),
    Message(
        "Ông/Bà có muốn được báo qua tin nhắn SMS hoặc Zalo khi hồ sơ có tiến triển không? "
        "Nếu muốn, chọn SMS hoặc Zalo, nhập số điện thoại di động rồi bấm «Đồng ý nhận thông "
        "báo». Nếu không, bấm «Không, cảm ơn»: hồ sơ vẫn được xử lý bình thường.",
        "Would you like to be told by SMS or Zalo when your application moves on? If so, "
        "choose SMS or Zalo, type your mobile number and press “Agree to notifications”. If "
        "not, press “No, thank you”: your application is processed the same.",
    ),
)
SUBMITTING = (Message("Đang lưu hồ sơ của Ông/Bà.", "Saving your application."),)
CONFIRMATION = (
    Message("Kiosk đã nhận hồ sơ.", "The kiosk has received your application."),
    Message(
        "Mã hồ sơ in trên màn hình và trên biên nhận; Ông/Bà hãy giữ biên nhận để tra cứu.",
        "The application code is on the screen and on the receipt; keep the receipt to look it up.",
    ),
    Message(
        "Kiosk gửi hồ sơ đến {office}. Thời hạn giải quyết: {time}. Nhận kết quả: {result}.",
        "The kiosk sends the application to {office}. Processing time: {time}. Result: {result}.",
    ),
    Message("Xong thì bấm «Hoàn tất».", "When you are done, press “Finish”."),
)
NOTHING_FOUND = Message(
    "Không tìm thấy thủ tục nào. Ông/Bà thử gõ từ khác, ví dụ: khai sinh.",
    "No procedure found. Try another word, for example: birth.",
)
FEE_MAKING = Message(
    "Lệ phí {amount}. Kiosk đang tạo mã VietQR để Ông/Bà chuyển khoản.",
    "Fee: {amount}. The kiosk is making the VietQR code for a bank transfer.",
)
FEE_UNPAID = Message(
    "Lệ phí {amount}, chưa thanh toán. Để chuyển khoản, mở ứng dụng ngân hàng trên điện thoại, "
    "chọn quét mã QR và đưa điện thoại vào mã VietQR trên màn hình; số tiền và nội dung chuyển "
    "khoản có sẵn trong mã.",
    "Fee: {amount}, not paid yet. To pay by bank transfer, open your bank's app on your phone, "
    "choose to scan a QR code and hold the phone to the VietQR code on the screen; the amount "
    "and the transfer's purpose are in the code.",
)
FEE_PAID = Message("Lệ phí {amount}: đã thanh toán.", "Fee: {amount}: paid.")
PAY_OTHERWISE = Message("Hoặc: {ways}.", "Or: {ways}.")
RATING = Message(
    "Nếu muốn, Ông/Bà chạm vào một khuôn mặt ở cuối trang để cho biết dùng kiosk thế nào: "
    "{faces}. Không bắt buộc.",
    "If you like, touch a face at the end of the page to say how the kiosk was: {faces}. "
    "It is optional.",
)
LOOKUP = (
    Message("Tra cứu hồ sơ.", "Look up an application."),
    Message(
        "Ông/Bà nhập mã hồ sơ in trên biên nhận, bắt đầu bằng HN, rồi bấm «Tra cứu»; hoặc đưa "
        "mã QR trên biên nhận vào trước camera phía trên màn hình.",
        "Type the application code printed on the receipt, starting with HN, then press "
        "“Look up”; or hold the QR code on the receipt to the camera above the screen.",
    ),
)

_SPOKEN = {"Ông/Bà": "Ông Bà", "Ông/\u2060Bà": "Ông Bà"}
"""How the screens' written forms are said."""
_PICKED = (QuestionType.CHOICE, QuestionType.YES_NO, QuestionType.MULTI_CHOICE)


def screen_text(
    session: KioskSession,
    language: str,
    *,
    listed: Sequence[Procedure] | None = None,
    rating_offered: bool = True,
) -> str:
    """What to read aloud for the screen ``session`` is on, in ``language`` ("vi", "en").

    ``listed``: the procedures the catalogue shows (those a search found; all without one).
    ``rating_offered``: the confirmation still offers the faces (not rated nor skipped).

    Only the kiosk's own words: titles, instructions, questions, options, errors and the
    chosen procedure's public facts; never an answer, card data or the tracking code (nor
    the transfer's purpose, which carries it)."""
    parts = _parts(session, listed, rating_offered)
    if session.error is not None:
        parts.append(_fill(ERROR, error=session.error))
    return _speakable(" ".join(_in(parts, language)))


def _parts(
    session: KioskSession, listed: Sequence[Procedure] | None, rating_offered: bool
) -> list[Message]:
    screen, procedure = session.screen, session.procedure
    if screen is Screen.HOME:
        return list(HOME)
    if screen is Screen.CATALOGUE:
        shown = session.catalogue.procedures if listed is None else listed
        return [*CATALOGUE, *(_options(p.name for p in shown) if shown else [NOTHING_FOUND])]
    if screen is Screen.INTRO and procedure is not None:
        return _intro(procedure)
    if screen is Screen.CONSENT:
        return _consent(session.retention_days)
    if screen is Screen.IDENTIFY:
        return list(IDENTIFY)
    if screen is Screen.QUESTION and session.current_question is not None:
        number, total = session.progress
        return [
            _fill(QUESTION_NUMBER, number=str(number), total=str(total)),
            *_question(session.current_question),
        ]
    if screen is Screen.REVIEW:
        return list(REVIEW)
    if screen is Screen.DELIVERY:
        return [*DELIVERY, *_options(DELIVERY_TEXT[m] for m in session.delivery_methods)]
    if screen is Screen.NOTIFY:
        return list(NOTIFY)
    if screen is Screen.SUBMITTING:
        return list(SUBMITTING)
    if screen is Screen.CONFIRMATION and procedure is not None:
        return [
            *_confirmation(procedure, session.office_of(procedure), session.submission),
            *_fee(session, procedure),
            *([_fill(RATING, faces=_listed(FACES.values()))] if rating_offered else []),
        ]
    if screen is Screen.LOOKUP:
        return list(LOOKUP)
    return []


def _intro(procedure: Procedure) -> list[Message]:
    return [
        _sentence(procedure.name),
        _sentence(procedure.summary),
        _sentence(procedure.time_at_kiosk()),
        PREPARE,
        *(_sentence(d) for d in procedure.documents),
        INTRO_NEXT,
    ]


def _question(question: Question) -> list[Message]:
    parts = [_sentence(question.group_label)] if question.group_label is not None else []
    parts.append(_sentence(question.label))
    if question.hint is not None:
        parts.append(_sentence(question.hint))
    if question.type is QuestionType.ATTACHMENT:
        if question.document is not None:
            parts.append(_fill(PAPER, name=question.document))
        parts.append(PAPER_HOW)
    elif question.type in _PICKED:
        parts.extend(_options(c.label for c in question.options))
        multi = question.type is QuestionType.MULTI_CHOICE
        parts.append(PICK_ANSWERS if multi else PICK_ANSWER)
    else:
        parts.append(TYPE_ANSWER)
    return parts


def _consent(retention_days: int | None) -> list[Message]:
    parts = [CONSENT_TITLE, _sentence(consent_words.HEADING)]
    for heading, text in consent_words.consent_rows(retention_days):
        parts.extend((_sentence(heading), _sentence(text)))
    return [*parts, CONSENT_CHOICE]


def _confirmation(
    procedure: Procedure, office: Message, submission: Submission | None
) -> list[Message]:
    received, code, sent, finish = CONFIRMATION
    chosen = submission.result_delivery if submission is not None else None
    facts = _fill(
        sent,
        office=office,
        time=procedure.processing_time,
        # The way chosen, never the postal address typed for it.
        result=DELIVERY_TEXT[chosen.method] if chosen is not None else procedure.result_delivery,
    )
    return [received, code, facts, finish]


def _fee(session: KioskSession, procedure: Procedure) -> list[Message]:
    """The fee as the confirmation shows it: the VietQR transfer (made, unpaid, paid, or why
    not) and the other ways to pay; without VietQR, what the office will do."""
    submission, payment = session.submission, session.payment
    if submission is None or submission.fee_vnd <= 0:
        return []
    if payment.phase is PaymentPhase.NONE:
        return [fee_due(submission.fee_vnd)]
    amount = money(submission.fee_vnd)
    if payment.phase is PaymentPhase.PAID:
        return [_fill(FEE_PAID, amount=amount)]
    if payment.phase is PaymentPhase.ASKING:
        parts = [_fill(FEE_MAKING, amount=amount)]
    elif payment.phase is PaymentPhase.FAILED and payment.failure is not None:
        parts = [FAILURE_TEXT[payment.failure]]
    else:
        parts = [_fill(FEE_UNPAID, amount=amount)]
    others = other_ways(procedure.payment_methods)
    if others:
        parts.append(_fill(PAY_OTHERWISE, ways=_listed(others, "; ")))
    return parts


def _listed(items: Iterable[Message], between: str = ", ") -> Message:
    """Words said one after another."""
    said = list(items)
    return Message(between.join(m.vi for m in said), between.join(m.en for m in said))


def _options(labels: Iterable[Message]) -> list[Message]:
    return [_fill(OPTION, number=str(i), label=label) for i, label in enumerate(labels, start=1)]


def _fill(template: Message, **values: str | Message) -> Message:
    """``template`` with its ``{name}`` places filled, each in the template's language."""

    def value(name: str, language: str) -> str:
        given = values[name]
        return given.in_language(language) if isinstance(given, Message) else given

    return Message(
        template.vi.format_map({n: value(n, "vi") for n in values}),
        template.en.format_map({n: value(n, "en") for n in values}),
    )


def _sentence(message: Message) -> Message:
    """The message ending as a sentence does, so the voice pauses after it."""
    return Message(_full_stop(message.vi), _full_stop(message.en))


def _full_stop(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!:…" else text + "."


def _in(parts: Iterable[Message], language: str) -> list[str]:
    return [text for text in (p.in_language(language) for p in parts) if text]


def _speakable(text: str) -> str:
    for written, said in _SPOKEN.items():
        text = text.replace(written, said)
    return text
