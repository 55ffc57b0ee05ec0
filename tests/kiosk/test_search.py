"""Search ignores accents and case, and puts the best match first."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.search import fold, matches, search_procedures


@pytest.mark.parametrize("query", ["tam tru", "TẠM TRÚ", "tạm trú", "  Tam   TRU ", "dang ky tam"])
def test_temporary_residence_is_found_however_it_is_typed(catalogue, query):
    found = search_procedures(catalogue.procedures, query)
    assert found and found[0].code == "dang-ky-tam-tru"


def test_english_names_are_searched_too(catalogue):
    assert search_procedures(catalogue.procedures, "temporary")[0].code == "dang-ky-tam-tru"


def test_a_query_that_matches_nothing_finds_nothing(catalogue):
    assert search_procedures(catalogue.procedures, "xyz khong co") == []


def test_folding_removes_every_vietnamese_mark_and_lowers_case():
    assert (
        fold("Đặng Quốc Khánh — NGUYỄN Thị Ngọc Hường") == "dang quoc khanh — nguyen thi ngoc huong"
    )
    assert matches("o cho dua", "Phường Ô Chợ Dừa")
    assert not matches("o cho dua x", "Phường Ô Chợ Dừa")


@given(st.text())
def test_folding_is_idempotent_and_leaves_no_combining_marks(text):
    import unicodedata

    once = fold(text)
    assert fold(once) == once
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", once))
