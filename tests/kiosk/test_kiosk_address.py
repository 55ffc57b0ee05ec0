"""The kiosk's own building and ward: what a question marked ``prefill = "kiosk_address"``
starts with, so a resident staying in the flats above need not type the building."""

from __future__ import annotations

import tomllib

import pytest

from kiosk.kiosk_address import KioskAddress
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


def test_the_temporary_residence_stay_address_starts_with_the_kiosk_building(
    session: KioskSession, address: KioskAddress
) -> None:
    session.kiosk_address = address
    to_identify(session)
    session.card_read(identity())

    assert session.question_id == "stay_address"
    assert session.default_answer("stay_address") == address.line()
    assert session.default_answer("phone") == ""  # not marked: starts empty
    assert "stay_address" not in session.answers  # a suggestion, not an answer

    assert session.answer(f"Căn 1205, {address.line()}") is None
    assert session.answers["stay_address"] == f"Căn 1205, {address.line()}"
    assert session.default_answer("stay_address") == ""  # answered: the answer shows


def test_without_the_kiosk_address_nothing_is_suggested(session: KioskSession) -> None:
    to_identify(session)
    session.card_read(identity())

    assert session.default_answer("stay_address") == ""


def test_the_shipped_file_marks_the_stay_address(session: KioskSession) -> None:
    procedure = session.catalogue.get(TAM_TRU)
    assert procedure is not None
    assert procedure.question("stay_address").prefill is Prefill.KIOSK_ADDRESS
    assert procedure.question("permanent_address").prefill is None


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
    [("phone", "kiosk_address"), ("text", "elsewhere"), ("person", "kiosk_address")],
)
def test_prefill_on_a_question_that_cannot_take_it_is_refused(kind: str, prefill: str) -> None:
    question = f'id = "x"\ntype = "{kind}"\nlabel_vi = "x"\nlabel_en = "x"\nprefill = "{prefill}"\n'
    with pytest.raises(CatalogueError, match=r"key 'questions\[\d+\]\.prefill'"):
        _with_question(question)
