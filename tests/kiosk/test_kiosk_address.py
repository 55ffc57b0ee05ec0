"""The kiosk's own building and ward: what a question marked ``prefill = "kiosk_address"``
starts with, so a resident staying in the flats above need not type the building."""

from __future__ import annotations

import tomllib

import pytest

from kiosk.kiosk_address import APARTMENT_INVALID, APARTMENT_NEEDED, KioskAddress
from kiosk.procedure_file import procedures_from_documents
from kiosk.procedures import CatalogueError, Prefill, Procedure
from kiosk.session import KioskSession
from kiosk.settings import CONFIG_DIR
from kiosk.units import hanoi_units

from .test_session import TAM_TRU, identity, to_identify

TAM_TRU_FILE = CONFIG_DIR / "procedures" / "dang-ky-tam-tru.toml"
BUILDING = "Tòa A, Chung cư Sông Hồng, 12 Láng Hạ"
LANG = "00199"


@pytest.fixture
def address() -> KioskAddress:
    return KioskAddress.of(BUILDING, LANG, hanoi_units())


def test_the_address_names_the_ward_from_its_code(address: KioskAddress) -> None:
    assert address.ward_name == "Phường Láng"
    assert address.line() == "Tòa A, Chung cư Sông Hồng, 12 Láng Hạ, Phường Láng, Hà Nội"


def test_a_building_that_names_its_ward_and_city_is_not_repeated() -> None:
    address = KioskAddress.of("Tòa nhà mẫu, Phường Láng, Hà Nội", LANG, hanoi_units())

    assert address.line() == "Tòa nhà mẫu, Phường Láng, Hà Nội"


def test_a_text_question_marked_kiosk_address_starts_with_the_kiosk_building(
    address: KioskAddress,
) -> None:
    procedure = _with_question(
        'id = "here"\ntype = "long_text"\nlabel_vi = "Ở đây"\nlabel_en = "Here"\n'
        'prefill = "kiosk_address"\n',
    )

    assert address.answer_for(procedure.question("here")) == address.line()
    assert address.answer_for(procedure.question("phone")) == ""  # not marked: empty
    # the flat in this building is asked as a number, never typed over a pre-filled line
    assert address.answer_for(procedure.question("stay_address")) == ""


def test_without_the_kiosk_address_nothing_is_suggested(session: KioskSession) -> None:
    to_identify(session)
    session.card_read(identity())

    assert session.default_answer("stay_address") == ""


def test_the_shipped_file_asks_the_stay_address_as_a_flat_in_this_building(
    session: KioskSession,
) -> None:
    procedure = session.catalogue.get(TAM_TRU)
    assert procedure is not None
    assert procedure.question("stay_address").prefill is Prefill.KIOSK_APARTMENT
    assert procedure.question("permanent_address").prefill is None


def test_a_flat_number_becomes_the_whole_address_line(address: KioskAddress) -> None:
    assert address.apartment_line(" 1205 ") == f"Căn hộ 1205, {address.line()}"
    assert address.apartment_line("12a05") == f"Căn hộ 12A05, {address.line()}"
    assert address.apartment_line("T1-1205") == f"Căn hộ T1-1205, {address.line()}"
    assert address.apartment_in(f"Căn hộ 12A05, {address.line()}") == "12A05"
    assert address.apartment_in("Số 5 ngõ 12 Chùa Bộc") is None  # another address
    assert address.apartment_in(f"Căn hộ 1205, Tòa B, {address.line()}") is None


@pytest.mark.parametrize("typed", ["", "   "])
def test_no_flat_number_says_to_type_it_or_choose_another_address(
    address: KioskAddress, typed: str
) -> None:
    assert address.apartment_line(typed) is APARTMENT_NEEDED
    assert "Địa chỉ khác" in APARTMENT_NEEDED.vi and "Another address" in APARTMENT_NEEDED.en


@pytest.mark.parametrize("typed", ["12,05", "Căn hộ 1205", "12345678901", "-12", "12--05"])
def test_a_flat_number_that_is_not_one_is_refused_with_an_example(
    address: KioskAddress, typed: str
) -> None:
    assert address.apartment_line(typed) is APARTMENT_INVALID
    assert "12A05" in APARTMENT_INVALID.vi and "12A05" in APARTMENT_INVALID.en


def test_the_flat_is_answered_in_the_session_as_the_whole_line(
    session: KioskSession, address: KioskAddress
) -> None:
    session.kiosk_address = address
    to_identify(session)
    session.card_read(identity())

    assert session.default_answer("stay_address") == ""  # asked as a flat, not pre-typed
    line = address.apartment_line("1205")
    assert isinstance(line, str)
    assert session.answer(line) is None
    assert session.review_rows("vi")[5].value == line


def _with_question(question: str) -> Procedure:
    """The temporary-residence procedure with one question more (Hanoi's units as shipped)."""
    text = TAM_TRU_FILE.read_text(encoding="utf-8") + "\n[[questions]]\n" + question
    (procedure,) = procedures_from_documents([tomllib.loads(text)], CONFIG_DIR, "p.toml")
    return procedure


def test_an_address_group_starts_with_the_ward_and_the_building(
    address: KioskAddress,
) -> None:
    hanoi = _with_question(
        'id = "here"\ntype = "address"\nlabel_vi = "Ở đây"\nlabel_en = "Here"\n'
        'prefill = "kiosk_address"\n',
    )

    assert address.answer_for(hanoi.question("here.commune")) == "Phường Láng"
    assert address.answer_for(hanoi.question("here.street")) == BUILDING
    elsewhere = KioskAddress.of(BUILDING, "99999", hanoi_units())  # no such ward
    assert elsewhere.answer_for(hanoi.question("here.commune")) == ""


def test_an_address_group_outside_hanoi_starts_with_the_city_too(
    address: KioskAddress,
) -> None:
    anywhere = _with_question(
        'id = "here"\ntype = "address"\nscope = "any"\nlabel_vi = "Ở đây"\n'
        'label_en = "Here"\nprefill = "kiosk_address"\n',
    )

    assert address.answer_for(anywhere.question("here.province")) == "Thành phố Hà Nội"
    assert address.answer_for(anywhere.question("here.commune")) == "Phường Láng"
    assert address.answer_for(anywhere.question("here.street")) == BUILDING


@pytest.mark.parametrize(
    ("kind", "prefill"),
    [
        ("phone", "kiosk_address"),
        ("text", "elsewhere"),
        ("person", "kiosk_address"),
        ("phone", "kiosk_apartment"),
        ("number", "kiosk_apartment"),
        ("address", "kiosk_apartment"),
    ],
)
def test_prefill_on_a_question_that_cannot_take_it_is_refused(kind: str, prefill: str) -> None:
    question = f'id = "x"\ntype = "{kind}"\nlabel_vi = "x"\nlabel_en = "x"\nprefill = "{prefill}"\n'
    with pytest.raises(CatalogueError, match=r"key 'questions\[\d+\]\.prefill'"):
        _with_question(question)
