"""The TD1 MRZ and DG13 parsers: real values, rare diacritics, and garbage of every kind."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardware.card_reader.dg13 import Dg13Rejection, parse_dg13
from hardware.card_reader.mrz import MrzRejection, parse_dg1, parse_td1
from hardware.simulators.card.files import (
    build_dg1,
    build_dg13,
    dg13_fields,
    mrz_lines,
    mrz_name,
)
from kiosk.cccd_qr import CitizenIdentity, Sex
from kiosk.chip_data import ChipIdentity, MrzData

from .conftest import TODAY

FUZZ = settings(max_examples=300, deadline=None, database=None)

# ICAO Doc 9303 Part 5, the TD1 specimen.
SPECIMEN = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)


def test_the_icao_td1_specimen_parses_with_its_check_digits() -> None:
    mrz = parse_td1("\n".join(SPECIMEN), today=TODAY)

    assert isinstance(mrz, MrzData)
    assert mrz.document_number == "D23145890"
    assert mrz.date_of_birth == date(1974, 8, 12)
    assert mrz.date_of_expiry == date(2012, 4, 15)
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")


def test_a_wrong_check_digit_is_named() -> None:
    broken = (SPECIMEN[0], SPECIMEN[1][:6] + "3" + SPECIMEN[1][7:], SPECIMEN[2])

    result = parse_td1("".join(broken), today=TODAY)

    assert result == MrzRejection("the date of birth's check digit is wrong")


def test_a_cccd_mrz_round_trips_through_dg1(lan: CitizenIdentity) -> None:
    lines = mrz_lines(lan, "240315")

    mrz = parse_dg1(build_dg1(lines), today=TODAY)

    assert isinstance(mrz, MrzData)
    assert lines[0].startswith("IDVNM184012345")
    assert mrz.document_number == "184012345"
    assert mrz.optional_data_1.startswith("001184012345")
    assert mrz.date_of_birth == date(1984, 3, 15)
    assert mrz.date_of_expiry == date(2024, 3, 15)
    assert (mrz.surname, mrz.given_names, mrz.sex) == ("NGUYEN", "THI LAN", "F")


def test_a_card_without_expiry_has_filler_and_no_date(khanh: CitizenIdentity) -> None:
    mrz = parse_td1("".join(mrz_lines(khanh, "<<<<<<")), today=TODAY)

    assert isinstance(mrz, MrzData)
    assert mrz.date_of_expiry is None
    assert mrz.date_of_birth == date(1960, 9, 2)


def test_mrz_names_drop_diacritics_and_write_d_for_đ() -> None:
    assert mrz_name("Nguyễn Thị Ngọc Hường") == "NGUYEN<<THI<NGOC<HUONG"
    assert mrz_name("Đặng Quốc Khánh") == "DANG<<QUOC<KHANH"


def test_dg1_that_is_not_dg1_is_rejected() -> None:
    assert isinstance(parse_dg1(b"\x75\x00"), MrzRejection)
    assert isinstance(parse_dg1(b"\x61\x03\x5f\x1f"), MrzRejection)


def test_dg13_of_the_demo_citizen_parses_by_field_number(lan: CitizenIdentity) -> None:
    identity = parse_dg13(build_dg13(dg13_fields(lan, date(2024, 3, 15))))

    assert isinstance(identity, ChipIdentity)
    assert identity.id_number == "001184012345"
    assert identity.full_name == "Nguyễn Thị Lan"
    assert identity.date_of_birth == date(1984, 3, 15)
    assert identity.sex is Sex.FEMALE
    assert identity.place_of_residence == lan.address
    assert identity.issue_date == date(2021, 8, 10)
    assert identity.expiry_text == "15/03/2024"
    assert (identity.father_name, identity.mother_name) == ("Nguyễn Văn Hùng", "Trần Thị Mai")


@pytest.mark.parametrize("name", ["Nguyễn Thị Ngọc Hường", "Đặng Quốc Khánh", "Ưng Hoàng Phúc"])
def test_dg13_keeps_rare_diacritics_exactly(name: str) -> None:
    identity = parse_dg13(build_dg13({1: "001301012345", 2: name, 13: (f"{name} cha", "Mẹ")}))

    assert isinstance(identity, ChipIdentity)
    assert identity.full_name == name
    assert identity.father_name == f"{name} cha"


def test_dg13_with_missing_fields_leaves_them_none() -> None:
    identity = parse_dg13(build_dg13({2: "Đặng Quốc Khánh", 4: "Nam", 16: "mới"}))

    assert isinstance(identity, ChipIdentity)
    assert identity.id_number is None
    assert identity.date_of_birth is None
    assert identity.sex is Sex.MALE
    assert identity.unknown_fields == ((16, "mới"),)


def test_dg13_field_13_with_flat_names_reads_the_same() -> None:
    # Some writers put the parents' names straight after the number, not in a SEQUENCE.
    from asn1crypto import core

    from hardware.card_reader.dg13 import Dg13FieldSet, Dg13Values

    entry = Dg13Values([core.Integer(13), core.UTF8String("Cha"), core.UTF8String("Mẹ")])
    fields = Dg13FieldSet([entry])
    content = Dg13Values([core.Integer(0), core.ObjectIdentifier("2.16.704.1.13"), fields])
    raw = content.dump()
    identity = parse_dg13(b"\x6d" + bytes([len(raw)]) + raw)

    assert isinstance(identity, ChipIdentity)
    assert (identity.father_name, identity.mother_name) == ("Cha", "Mẹ")


def test_dg13_that_is_not_dg13_is_rejected() -> None:
    assert parse_dg13(b"\x61\x00") == Dg13Rejection("the file is not DG13 ([APPLICATION 13])")
    assert isinstance(parse_dg13(b""), Dg13Rejection)
    assert isinstance(parse_dg13(b"\x6d\x03\x02\x01\x00"), Dg13Rejection)


@FUZZ
@given(st.text())
def test_no_text_crashes_the_mrz_parser(text: str) -> None:
    assert isinstance(parse_td1(text, today=TODAY), MrzData | MrzRejection)


@FUZZ
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=90, max_size=90))
def test_no_mrz_shaped_text_crashes_the_mrz_parser(text: str) -> None:
    assert isinstance(parse_td1(text, today=TODAY), MrzData | MrzRejection)


@FUZZ
@given(st.binary())
def test_no_bytes_crash_the_dg1_parser(data: bytes) -> None:
    assert isinstance(parse_dg1(data, today=TODAY), MrzData | MrzRejection)


@FUZZ
@given(st.binary())
def test_no_bytes_crash_the_dg13_parser(data: bytes) -> None:
    assert isinstance(parse_dg13(data), ChipIdentity | Dg13Rejection)


_VALID_DG13 = build_dg13(
    {
        1: "001184012345",
        2: "Nguyễn Thị Ngọc Hường",
        3: "15/03/1984",
        4: "Nữ",
        9: "Số 12 ngõ 34 phố Láng Hạ",
        13: ("Nguyễn Văn Hùng", "Trần Thị Mai"),
    }
)


@settings(
    max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_VALID_DG13) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=6,
    ),
    st.integers(0, len(_VALID_DG13)),
)
def test_no_corruption_of_a_real_dg13_crashes_the_parser(
    flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(_VALID_DG13)
    for index, value in flips:
        data[index] = value
    result = parse_dg13(bytes(data[: max(cut, 1)]))

    assert isinstance(result, ChipIdentity | Dg13Rejection)


@FUZZ
@given(
    st.dictionaries(
        st.integers(1, 40),
        st.text(min_size=1) | st.tuples(st.text(min_size=1), st.text(min_size=1)),
        max_size=16,
    )
)
def test_any_dg13_we_build_reads_back_field_by_field(
    fields: dict[int, str | tuple[str, str]],
) -> None:
    result = parse_dg13(build_dg13(fields))

    assert isinstance(result, ChipIdentity)
    name = fields.get(2)
    if isinstance(name, str) and name.split():
        import unicodedata

        assert result.full_name == " ".join(unicodedata.normalize("NFC", name).split())
