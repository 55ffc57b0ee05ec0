"""Three procedures filled through the real QML screens, typed on the on-screen keyboard:
conditional questions that come and go, a wrong answer and its correction, photos of papers,
and Change from the check page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kiosk.submission import Submission
from ui.driver import ScreenDriver
from ui.tour import tap_past_result_choices

from .conftest import Screens, paper_photo

CARD = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)


@dataclass(frozen=True)
class Photo:
    """Take a photo of the paper on this page."""


@dataclass(frozen=True)
class Skip:
    """Leave this optional page empty."""


Answer = str | tuple[str, ...] | Photo | Skip


class Filler:
    """Answers whatever page the kiosk shows, the way a resident would."""

    def __init__(self, s: Screens) -> None:
        self.s = s
        self.d: ScreenDriver = s.driver
        self.asked: list[str] = []

    def open(self, code: str, search: str) -> None:
        """Home → search the catalogue → the procedure → consent → the card's QR code."""
        d = self.d
        d.tap("startButton")
        d.tap("catalogueSearch")
        d.type_on_keyboard(search)
        d.wait_until(
            lambda: self.s.bridge.catalogue.procedures()[0]["code"] == code, 5, "not found first"
        )
        d.tap(f"procedure_{code}")
        d.tap("introStartButton")
        d.tap("consentAgreeButton")
        d.wait_for("typeInsteadButton")
        self.s.qr.show(CARD)
        d.tap("confirmQrButton")
        d.wait_for("questionLabel")

    def question(self) -> dict[str, object]:
        q = self.s.bridge.form.question()
        assert isinstance(q, dict)
        return q

    def wait_question(self, question_id: str) -> None:
        self.d.wait_until(
            lambda: (
                self.s.bridge.property("screen") == "question"
                and self.question().get("id") == question_id
            ),
            10,
            f"question {question_id} never showed",
        )

    def give(self, answer: Answer) -> None:
        """Give the answer on the page shown, without pressing Continue."""
        q = self.question()
        d = self.d
        if isinstance(answer, Photo):
            d.tap("takePhotoButton")
            d.wait_for("photoTaken")
        elif isinstance(answer, Skip):
            pass
        elif isinstance(answer, tuple):
            for value in answer:
                d.tap(f"choice_{value}")
        elif q["type"] in ("choice", "yes_no"):
            d.tap(f"choice_{answer}")
        else:
            d.type_on_keyboard(answer)

    def next(self) -> None:
        """Press Continue and wait for the page to change."""
        before = self.question().get("id")
        self.d.tap("nextButton")
        self.d.wait_until(
            lambda: (
                self.s.bridge.property("screen") != "question"
                or self.question().get("id") != before
                or bool(self.s.bridge.property("error"))
            ),
            10,
            "Continue did nothing",
        )

    def fill(self, answers: dict[str, Answer]) -> None:
        """Answer every page until the check page."""
        while self.s.bridge.property("screen") == "question":
            qid = str(self.question()["id"])
            assert qid in answers, f"the kiosk asked {qid}, which this test did not expect"
            self.asked.append(qid)
            self.give(answers[qid])
            self.next()
            assert not self.s.bridge.property("error"), self.s.bridge.property("error")
        tap_past_result_choices(self.d, self.s.bridge)

    def review(self) -> dict[str, str]:
        rows = self.s.bridge.form.review_rows()
        return {str(r["id"]): str(r["value"]) for r in rows}

    def submit(self) -> Submission:
        self.d.tap("submitButton")
        self.d.wait_for("trackingCode")
        assert len(self.s.queue.queued) == 1
        return self.s.queue.queued[0]


CRIMINAL_RECORD: dict[str, Answer] = {
    "certificate_type": "form_1",
    "purpose": "Xin viec",
    "birth_place": "Ha Noi",
    "father.full_name": "Nguyen Van Binh",
    "mother.full_name": "Tran Thi Hoa",
    "has_spouse": "no",
    "residence_history": "Ha Noi tu 1984",
    "fee_group": "student",
    "fee_proof": Photo(),
    "copies": "1",
    "phone": "0912345678",
}


def test_criminal_record_questions_come_and_go_with_changes_from_the_check_page(screens):
    f = Filler(screens)
    f.open("cap-phieu-ly-lich-tu-phap", "ly lich")
    f.fill(CRIMINAL_RECORD)
    assert "spouse.full_name" not in f.asked  # no spouse: not asked
    assert f.asked[-3] == "fee_proof"  # a student is asked for proof
    assert f.review()["fee_proof"] == "Đã chụp 1 trang"

    # Yes, there is a spouse after all: the kiosk asks the new question, then returns.
    f.d.tap("change_has_spouse")
    f.wait_question("has_spouse")
    f.give("yes")
    f.next()
    f.wait_question("spouse.full_name")
    f.give("Le Van Cuong")
    f.next()
    f.d.wait_for("submitButton")
    # Not a student after all: the proof (and its photo) disappear from the application.
    f.d.tap("change_fee_group")
    f.wait_question("fee_group")
    f.give("none")
    f.next()
    f.d.wait_for("submitButton")
    rows = f.review()
    assert "fee_proof" not in rows and rows["spouse.full_name"] == "Le Van Cuong"

    submission = f.submit()
    assert submission.answers["spouse"] == {"full_name": "Le Van Cuong"}
    assert "fee_proof" not in submission.answers and submission.attachments == ()
    assert screens.queue.files == {}  # the stale photo is not stored
    assert submission.fee_vnd == 200_000  # the full fee, not the student's
    assert submission.applicant["id_number"] == "001184012345"  # from the card, not asked
    assert "full_name" not in f.asked and "id_number" not in f.asked


BIRTH: dict[str, Answer] = {
    "relationship": "grandparent",  # the mother's details typed (a mother's are the card's)
    "child_name": "Nguyen Minh An",
    "child_date_of_birth": "01/10/2026",
    "child_sex": "male",
    "child_ethnicity": "Kinh",
    "birth_place": "Benh vien Bach Mai",
    "birth_notice": Photo(),
    "mother.full_name": "Nguyen Thi Lan",
    "mother.date_of_birth": "15/03/1984",
    "mother.id_number": "001184012345",
    "father_known": "no",
    "phone": "0987654321",
}


def test_birth_registration_wrong_answers_are_explained_and_corrected(screens):
    f = Filler(screens)
    d = f.d
    f.open("dang-ky-khai-sinh", "KHAI SINH")
    answers = dict(BIRTH)
    while f.question()["id"] != "child_date_of_birth":
        f.asked.append(str(f.question()["id"]))
        f.give(answers.pop(str(f.question()["id"])))
        f.next()

    # A birth date in the future: the kiosk says why and how to fix it.
    d.type_on_keyboard("01/10/2030")
    f.next()
    assert "chưa đến" in str(screens.bridge.property("error"))
    d.erase_on_keyboard(len("01/10/2030"))
    f.give(answers.pop("child_date_of_birth"))
    f.next()
    f.wait_question("child_sex")
    for qid in ("child_sex", "child_ethnicity", "birth_place"):
        f.give(answers.pop(qid))
        f.next()

    # The birth notice: Continue without a photo is refused; a photo taken again replaces
    # the first.
    f.wait_question("birth_notice")
    d.tap("nextButton")
    d.wait_until(lambda: bool(screens.bridge.property("error")), 5, "no error")
    assert "Chụp ảnh" in str(screens.bridge.property("error"))
    f.give(answers.pop("birth_notice"))
    first = f.question()["photoSha"]
    d.tap("retakePhotoButton")
    d.tap("takePhotoButton")
    d.wait_until(lambda: f.question()["photoSha"] not in ("", first), 5, "no second photo")
    assert screens.session.pages("birth_notice") == []  # none kept yet: the one shown is checked
    second_page = paper_photo(screens.qr.photos_taken)
    f.next()  # Continue keeps the page on screen, and the paper is made of it
    document = screens.session.photo("birth_notice")
    assert document is not None and screens.documents.made[-1] == [second_page]
    second = document.sha256

    # A mother's ID number that does not fit her birth date is refused with the reason.
    for qid in ("mother.full_name", "mother.date_of_birth"):
        f.wait_question(qid)
        f.give(answers.pop(qid))
        f.next()
    f.wait_question("mother.id_number")
    d.type_on_keyboard("001190012345")
    f.next()
    assert "1984" in str(screens.bridge.property("error")) or "năm sinh" in str(
        screens.bridge.property("error")
    )
    d.erase_on_keyboard(12)
    f.give(answers.pop("mother.id_number"))
    f.next()
    f.fill(answers)
    assert "father.full_name" not in f.asked and "marriage_certificate" not in f.asked

    submission = f.submit()
    assert submission.answers["child_date_of_birth"] == "2026-10-01"
    assert submission.answers["birth_notice"] == second
    assert submission.attachments == (second,)
    assert hashlib.sha256(screens.queue.files[second]).hexdigest() == second
    assert submission.answers["mother"]["id_number"] == "001184012345"
    assert "father" not in submission.answers


CERTIFIED_COPIES: dict[str, Answer] = {
    "document_kind": ("id_card", "other"),
    "document_other": "Hop dong lao dong",
    "foreign_issued": "no",
    "pages": "5",
    "copies": "3",
    "copy_format": "paper",
    "original_photo": Skip(),
    "phone": "0912345678",
}


def test_certified_copies_fee_follows_the_pages_and_an_optional_photo_can_be_skipped(screens):
    f = Filler(screens)
    f.open("chung-thuc-ban-sao", "chung thuc")
    f.fill(CERTIFIED_COPIES)
    assert "document_other" in f.asked and "legalised" not in f.asked
    rows = f.review()
    assert rows["original_photo"] == "Không chụp"
    assert rows["document_kind"] == "Thẻ căn cước, hộ chiếu, Giấy tờ khác"
    # The paper skipped is listed as missing above the answers, with a way to take it.
    papers = screens.bridge.form.papers()
    assert [(p["id"], p["missing"], p["status"]) for p in papers] == [
        ("original_photo", True, "Chưa chụp")
    ]
    f.d.wait_for("paper_original_photo")
    f.d.tap("takePaper_original_photo")
    f.wait_question("original_photo")
    f.d.tap("takePhotoButton")
    f.d.tap("usePhotoButton")
    f.d.tap("addPageButton")
    f.d.tap("takePhotoButton")
    f.d.tap("usePhotoButton")
    f.next()
    f.d.wait_for("submitButton")
    assert f.review()["original_photo"] == "Đã chụp 2 trang"
    assert screens.bridge.form.papers()[0]["status"] == "Đã chụp 2 trang"
    f.d.wait_until(lambda: f.d.find("takePaper_original_photo") is None, 5, "still missing")
    # Taken out again, for the rest of this test (which pays for no photo).
    f.d.tap("change_original_photo")
    f.wait_question("original_photo")
    f.d.tap("deletePage_2")
    f.d.tap("deletePage_1")
    f.next()
    f.d.wait_for("submitButton")

    # Fewer copies: Change, erase, type again.
    f.d.tap("change_copies")
    f.wait_question("copies")
    f.d.erase_on_keyboard(1)
    f.give("2")
    f.next()
    f.d.wait_for("submitButton")

    submission = f.submit()
    # 2 pages at 2,000 and 3 at 1,000 = 7,000 per copy, 2 copies.
    assert submission.fee_vnd == 14_000
    assert submission.answers["document_kind"] == "id_card,other"
    assert submission.answers["original_photo"] == "" and submission.attachments == ()
