"""What "Nghe" reads aloud on each screen, in both languages, and what it never reads."""

import pytest

from kiosk.payment import (
    FAILURE_TEXT,
    PaymentFailure,
    PaymentRequest,
    PaymentState,
    PaymentStatus,
)
from kiosk.result_delivery import DELIVERY_TEXT, DeliveryMethod
from kiosk.screen_reading import screen_text
from kiosk.session import KioskSession, Screen
from kiosk.submission import Submission
from kiosk.text import Message
from tests.result_choices import past_result_choices, screen_now

from .test_session import TAM_TRU, identity, to_identify

ADDRESS = "Căn 907, Tòa C, Phường Láng"
LANDLORD = "Phạm Quốc Việt"
PHONE = "0987654321"
TYPED = (ADDRESS, LANDLORD, PHONE)


def said(text: str) -> str:
    """A screen's words as they are said ("Ông/Bà" is "Ông Bà")."""
    return text.replace("Ông/Bà", "Ông Bà")


def card_facts() -> tuple[str, ...]:
    person = identity()
    born = person.date_of_birth
    return (
        person.full_name,
        person.id_number,
        person.address,
        born.strftime("%d/%m/%Y"),
        born.strftime("%d%m%Y"),
        born.isoformat(),
    )


def test_the_home_screen_says_what_the_kiosk_does_and_how_to_begin(session):
    vi = screen_text(session, "vi")
    en = screen_text(session, "en")
    assert vi.startswith("Dịch vụ công trực tuyến. Nộp hồ sơ thủ tục hành chính ngay tại sảnh")
    assert "«Bắt đầu»" in vi
    assert en.startswith("Online public services. Submit applications for public services")
    assert "“Start”" in en
    assert "Dịch vụ" not in en


def test_the_catalogue_reads_every_procedure_as_a_numbered_option_in_order(session):
    session.start()
    names = [p.name for p in session.catalogue.procedures]
    assert len(names) > 2
    vi = screen_text(session, "vi")
    en = screen_text(session, "en")
    assert vi.startswith("Chọn thủ tục. Ông Bà muốn làm thủ tục nào?")
    assert en.startswith("Choose a procedure. Which procedure do you need?")
    for text, language, option in ((vi, "vi", "Lựa chọn"), (en, "en", "Option")):
        spoken = [f"{option} {i}: {n.in_language(language)}." for i, n in enumerate(names, 1)]
        at = [text.index(s) for s in spoken]
        assert at == sorted(at)


def test_a_text_question_reads_its_number_label_hint_and_what_to_do(session):
    to_identify(session)
    session.card_read(identity())
    assert session.question_id == "stay_address"
    assert screen_text(session, "vi") == (
        "Câu 1 trên 4. Địa chỉ nơi Ông Bà đăng ký tạm trú. Số căn hộ, tòa nhà, phường. "
        "Ví dụ: Căn 1205, Tòa A, Phường Láng. Gõ câu trả lời rồi bấm «Tiếp tục»."
    )
    q = session.current_question
    assert q is not None and q.hint is not None
    en = screen_text(session, "en")
    assert en.startswith(f"Question 1 of 4. {q.label.en}")
    assert q.hint.en in en
    assert en.endswith("Type your answer, then press “Continue”.")


def test_a_choice_question_reads_its_options_in_order(session):
    to_identify(session)
    session.card_read(identity())
    session.answer(ADDRESS)
    session.answer("12")
    assert session.question_id == "housing_basis"
    assert screen_text(session, "vi") == (
        "Câu 3 trên 4. Ông Bà ở tại đây theo hình thức nào? "
        "Lựa chọn 1: Thuê nhà. Lựa chọn 2: Ở nhà người thân. Lựa chọn 3: Ở nhờ, mượn nhà. "
        "Chạm vào lựa chọn rồi bấm «Tiếp tục»."
    )
    q = session.current_question
    assert q is not None
    options = " ".join(f"Option {i}: {c.label.en}." for i, c in enumerate(q.options, 1))
    assert f"{q.label.en} {options} Touch your choice" in screen_text(session, "en")


def test_a_question_with_an_error_reads_the_error_last_but_never_the_wrong_answer(session):
    to_identify(session)
    session.card_read(identity())
    session.answer(ADDRESS)
    wrong = session.answer("731")
    assert wrong is not None and session.error is not None
    for language in ("vi", "en"):
        text = screen_text(session, language)
        note = "Lưu ý: " if language == "vi" else "Please note: "
        error = said(session.error.in_language(language))
        assert text.endswith(note + error)
        assert "731" not in text


def test_the_review_reads_what_to_do_and_none_of_the_answers_or_card_data(session):
    to_identify(session)
    session.card_read(identity())
    session.answer(ADDRESS)
    session.answer("12")
    session.answer("rent")
    session.answer(LANDLORD)
    session.answer(PHONE)
    past_result_choices(session)
    assert session.screen is Screen.REVIEW
    vi = screen_text(session, "vi")
    assert vi.startswith("Kiểm tra lại thông tin. Ông Bà vui lòng đọc lại từng dòng")
    assert screen_text(session, "en").startswith("Check your information.")
    for language in ("vi", "en"):
        text = screen_text(session, language)
        for secret in (*TYPED, *card_facts()):
            assert secret not in text


def to_confirmation(session: KioskSession) -> Submission:
    """Temporary residence (7.000 đồng, VietQR, cash or later) submitted, on its confirmation."""
    to_identify(session)
    session.card_read(identity())
    for answer in (ADDRESS, "12", "rent", LANDLORD, PHONE):
        session.answer(answer)
    past_result_choices(session)
    submission = session.submit()
    session.submitted()
    return submission


def test_the_confirmation_reads_where_the_application_goes_but_not_its_code(session):
    submission = to_confirmation(session)
    procedure = session.procedure
    assert procedure is not None and session.screen is Screen.CONFIRMATION
    vi = screen_text(session, "vi")
    en = screen_text(session, "en")
    assert vi.startswith("Kiosk đã nhận hồ sơ.")
    assert said(f"Kiosk gửi hồ sơ đến {procedure.receiving_office.vi}.") in vi
    assert en.startswith("The kiosk has received your application.")
    assert f"Processing time: {procedure.processing_time.en}." in en
    for text in (vi, en):
        assert submission.tracking_code not in text
        assert submission.tracking_code.removeprefix("HN-") not in text


def test_the_confirmation_reads_the_fee_as_the_vietqr_panel_shows_it_never_the_purpose(session):
    submission = to_confirmation(session)
    code = submission.tracking_code
    payment = session.payment
    assert payment.begin(submission.local_id)
    vi, en = screen_text(session, "vi"), screen_text(session, "en")
    assert "Lệ phí 7.000 đồng. Kiosk đang tạo mã VietQR" in vi
    assert "Fee: 7,000 VND. The kiosk is making the VietQR code" in en

    purpose = f"LE PHI {code}"
    request = PaymentRequest("PAY-1", code, "970415", "113366668888", 7000, purpose)
    assert payment.requested(submission.local_id, request)
    vi, en = screen_text(session, "vi"), screen_text(session, "en")
    assert "Lệ phí 7.000 đồng, chưa thanh toán. Để chuyển khoản, mở ứng dụng ngân hàng" in vi
    assert "Fee: 7,000 VND, not paid yet. To pay by bank transfer" in en
    assert "Hoặc: Nộp tiền mặt tại bộ phận một cửa; Thanh toán sau" in vi
    for text in (vi, en):
        assert code not in text and code.removeprefix("HN-") not in text

    assert payment.checked(submission.local_id, PaymentStatus("PAY-1", PaymentState.PAID))
    vi, en = screen_text(session, "vi"), screen_text(session, "en")
    assert "Lệ phí 7.000 đồng: đã thanh toán." in vi and "chưa thanh toán" not in vi
    assert "Fee: 7,000 VND: paid." in en and "Hoặc:" not in vi


def test_the_confirmation_reads_why_there_is_no_code_and_the_other_ways(session):
    submission = to_confirmation(session)
    assert session.payment.begin(submission.local_id)
    session.payment.requested(submission.local_id, PaymentFailure.UNAVAILABLE)
    vi = screen_text(session, "vi")
    assert said(FAILURE_TEXT[PaymentFailure.UNAVAILABLE].vi) in vi
    assert "Hoặc: Nộp tiền mặt tại bộ phận một cửa" in vi


def test_the_confirmation_reads_the_delivery_chosen_but_not_the_address_typed(session):
    to_identify(session)
    session.card_read(identity())
    for answer in (ADDRESS, "12", "rent", LANDLORD, PHONE):
        session.answer(answer)
    if session.screen is Screen.DELIVERY and DeliveryMethod.POST in session.delivery_methods:
        assert session.choose_delivery(DeliveryMethod.POST, "Số 9 ngõ 8 phố Huế")
    past_result_choices(session)
    session.submit()
    session.submitted()
    chosen = session.submission.result_delivery if session.submission else None
    assert chosen is not None
    vi = screen_text(session, "vi")
    assert f"Nhận kết quả: {DELIVERY_TEXT[chosen.method].vi}." in vi
    assert "phố Huế" not in vi


def test_the_rating_is_read_while_the_faces_show(session):
    to_confirmation(session)
    vi = screen_text(session, "vi")
    assert "chạm vào một khuôn mặt" in vi and "Rất không hài lòng" in vi
    en = screen_text(session, "en", rating_offered=False)
    assert "face" not in en


def test_the_catalogue_reads_what_a_search_found_or_that_nothing_was(session):
    session.start()
    some = list(session.catalogue.procedures)[1:3]
    vi = screen_text(session, "vi", listed=some)
    spoken = [f"Lựa chọn {i}: {p.name.vi}." for i, p in enumerate(some, 1)]
    assert vi.endswith(" ".join(spoken))
    assert "Lựa chọn 3" not in vi
    assert "Không tìm thấy thủ tục nào." in screen_text(session, "vi", listed=[])
    assert "No procedure found." in screen_text(session, "en", listed=[])


def test_the_error_on_a_screen_without_a_question_is_read_too(session):
    to_identify(session)
    session.error = Message("Thẻ chưa đọc được.", "The card could not be read.")
    assert screen_text(session, "vi").endswith("Lưu ý: Thẻ chưa đọc được.")
    assert screen_text(session, "en").endswith("Please note: The card could not be read.")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_screen_of_a_whole_visit_reads_an_answer_or_card_data(session, language):
    """Every screen a resident passes, typing the identity questions and with the card."""
    read: dict[str, str] = {}

    secrets = (*TYPED, *card_facts())

    def listen(s: KioskSession) -> None:
        text = screen_text(s, language)
        assert text, f"nothing to read on {s.screen}"
        assert "Ông/" not in text  # said "Ông Bà", not "Ông slash Bà"
        for secret in secrets:
            assert secret not in text, f"{s.screen}: {secret!r} read aloud"
        read[f"{s.screen}:{s.question_id}"] = text

    listen(session)
    to_identify(session)
    listen(session)
    session.card_read(identity())
    for answer in (ADDRESS, "12", "rent", LANDLORD, PHONE):
        listen(session)
        assert session.answer(answer) is None
    listen(session)  # the notification offer: its words, not the phone answered before
    assert session.screen is Screen.NOTIFY
    session.decline_to_notify()
    listen(session)
    session.submit()
    listen(session)
    session.submitted()
    listen(session)
    session.finish()
    session.look_up()
    listen(session)
    assert screen_now(session) is Screen.LOOKUP
    # and again typing the identity in (a birth date other than the hint's example)
    secrets = ("Lê Minh Tuấn", "001079004321", "02/11/1979", ADDRESS)
    to_identify(session)
    session.type_instead()
    for answer in (*secrets[:3], "male", ADDRESS):
        listen(session)
        assert session.answer(answer) is None, session.error
    listen(session)
    assert {"question:stay_address", "notify:None", "review:None", "lookup:None"} <= set(read)


def test_the_intro_and_consent_read_the_procedure_and_what_the_card_gives(session):
    session.start()
    session.choose_procedure(TAM_TRU)
    procedure = session.procedure
    assert procedure is not None
    vi = screen_text(session, "vi")
    assert vi.startswith(said(f"{procedure.name.vi}. "))
    assert "Ông Bà cần chuẩn bị:" in vi
    assert all(said(d.vi) in vi for d in procedure.documents)
    assert screen_text(session, "en").startswith(f"{procedure.name.en}. ")
    session.begin()
    assert "họ tên, số định danh cá nhân" in screen_text(session, "vi")
    assert "name, personal ID number" in screen_text(session, "en")


def test_consent_reads_how_long_the_kiosk_keeps_the_data_as_configured(session):
    session.retention_days = 45
    session.start()
    session.choose_procedure(TAM_TRU)
    session.begin()
    vi, en = screen_text(session, "vi"), screen_text(session, "en")
    assert "rồi thêm 45 ngày" in vi and "then 45 more days" in en
    assert "Số điện thoại Ông Bà cho" in vi and "The answers you type" in en
    session.retention_days = None
    assert "một số ngày theo cài đặt của kiosk" in screen_text(session, "vi")


def test_the_intro_reads_the_procedures_own_minutes(session):
    session.start()
    session.choose_procedure(TAM_TRU)
    procedure = session.procedure
    assert procedure is not None
    assert f"Khoảng {procedure.minutes} phút" in screen_text(session, "vi")
    assert f"About {procedure.minutes} minutes" in screen_text(session, "en")


def test_the_confirmation_names_the_wards_office_when_the_answers_place_it_there(session):
    from kiosk.kiosk_address import KioskAddress

    session.kiosk_address = KioskAddress("Tòa C", "00199", "Phường Láng")
    to_identify(session)
    session.card_read(identity())
    for answer in (ADDRESS, "12", "rent", LANDLORD, PHONE):
        session.answer(answer)
    past_result_choices(session)
    session.submit()
    session.submitted()
    assert "Kiosk gửi hồ sơ đến Công an Phường Láng." in screen_text(session, "vi")
