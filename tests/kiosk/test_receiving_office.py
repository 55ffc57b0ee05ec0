"""The receiving office by the kiosk's ward: "Công an Phường Láng" when the resident's own
answer places the matter in the kiosk's ward; the procedure's general words otherwise, and
always for an office that is not the ward's. The receipt prints the same."""

from dataclasses import replace
from datetime import UTC, datetime

from kiosk.receipt import ReceiptContext, build_receipt
from kiosk.receipt_layout import (
    _MARGIN_FRACTION,
    RasterBlock,
    _label_value,
    _load_fonts,
    layout_receipt,
)
from kiosk.settings import FONT_DIR
from kiosk.submission import Submission

WARD = "Phường Láng"
IN_THE_BUILDING = "Căn hộ 1205, Tòa nhà mẫu, Phường Láng, Hà Nội"
CONTEXT = ReceiptContext("HN-TEST-1 · Tòa A", "1022", "https://example.invalid/tra-cuu")


def submission(procedure, answers: dict[str, str]) -> Submission:
    return Submission(
        local_id="01JDEMO0000000000000000000",
        tracking_code="HN-7K3M-Q9PD",
        procedure_code=procedure.code,
        procedure_version=procedure.version,
        kiosk_id="HN-TEST-1",
        created_at=datetime(2026, 11, 23, 17, 30, tzinfo=UTC),
        applicant={"full_name": "Nguyễn Thị Lan", "id_number": "001184012345"},
        answers=answers,
        fee_vnd=7000,
    )


def test_a_stay_in_the_kiosks_ward_goes_to_that_wards_police(catalogue):
    tam_tru = catalogue.get("dang-ky-tam-tru")
    office = tam_tru.office_for({"stay_address": IN_THE_BUILDING}, WARD)
    assert (office.vi, office.en) == ("Công an Phường Láng", "The police of Phường Láng")


def test_without_a_ward_or_with_a_stay_elsewhere_the_general_words_stay(catalogue):
    tam_tru = catalogue.get("dang-ky-tam-tru")
    general = tam_tru.receiving_office
    assert general.vi == "Công an phường, xã nơi Ông/Bà đăng ký tạm trú"
    assert tam_tru.office_for({"stay_address": IN_THE_BUILDING}, "") == general
    assert tam_tru.office_for({}, WARD) == general
    for elsewhere in (
        "Số 5 ngõ 12 Chùa Bộc, Phường Kim Liên, Hà Nội",
        "Số 12 ngõ 34, Phường Láng Thượng, Quận Đống Đa",  # an older address: another ward
        "Số 12 ngõ 34 phố Láng Hạ, Hà Nội",
    ):
        assert tam_tru.office_for({"stay_address": elsewhere}, WARD) == general, elsewhere


def test_an_address_group_decides_by_its_commune(catalogue):
    business = catalogue.get("dang-ky-ho-kinh-doanh")
    here = business.office_for({"business_address.commune": WARD}, WARD)
    assert here.vi == "Ủy ban nhân dân Phường Láng (bộ phận đăng ký kinh doanh)"
    there = business.office_for({"business_address.commune": "Phường Kim Liên"}, WARD)
    assert there == business.receiving_office


def test_an_office_that_is_not_the_wards_keeps_its_own_words(catalogue):
    for code in ("cap-phieu-ly-lich-tu-phap", "doi-giay-phep-lai-xe", "chung-thuc-ban-sao"):
        procedure = catalogue.get(code)
        assert procedure.ward_office is None
        answers = {q.id: IN_THE_BUILDING for q in procedure.questions}
        assert procedure.office_for(answers, WARD) == procedure.receiving_office, code


def test_the_receipt_prints_the_wards_police_and_the_general_words_without_a_ward(catalogue):
    tam_tru = catalogue.get("dang-ky-tam-tru")
    submitted = submission(tam_tru, {"stay_address": IN_THE_BUILDING})
    with_ward = build_receipt(submitted, tam_tru, CONTEXT, WARD)
    assert with_ward.receiving_office == "Công an Phường Láng"
    assert with_ward.applicant_id_masked == "001******345"  # masking unchanged
    without = build_receipt(submitted, tam_tru, CONTEXT)
    assert without.receiving_office == tam_tru.receiving_office.vi


def test_the_rendered_receipt_draws_the_wards_police_on_its_office_line(catalogue):
    tam_tru = catalogue.get("dang-ky-tam-tru")
    receipt = build_receipt(
        submission(tam_tru, {"stay_address": IN_THE_BUILDING}), tam_tru, CONTEXT, WARD
    )
    width = 384
    fonts = _load_fonts(width, FONT_DIR)
    usable = width - 2 * round(width * _MARGIN_FRACTION)

    def office_line(office: str) -> bytes:
        return _label_value("Nơi tiếp nhận", office, fonts, width, usable).image.tobytes()

    drawn = [
        b.image.tobytes()
        for b in layout_receipt(receipt, width, FONT_DIR)
        if isinstance(b, RasterBlock)
    ]
    assert office_line("Công an Phường Láng") in drawn
    general = replace(receipt, receiving_office=tam_tru.receiving_office.vi)
    drawn_general = [
        b.image.tobytes()
        for b in layout_receipt(general, width, FONT_DIR)
        if isinstance(b, RasterBlock)
    ]
    assert office_line("Công an Phường Láng") not in drawn_general
