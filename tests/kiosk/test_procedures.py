"""Procedures are data files; a bad file names itself and the key at fault."""

from pathlib import Path

import pytest

from kiosk.procedure_file import load_procedure
from kiosk.procedures import Catalogue, CatalogueError, IdentityField, QuestionType
from kiosk.settings import CONFIG_DIR

TAM_TRU_FILE = CONFIG_DIR / "procedures" / "dang-ky-tam-tru.toml"


def test_the_shipped_temporary_residence_procedure_loads_with_its_facts(catalogue):
    p = catalogue.get("dang-ky-tam-tru")
    assert p is not None
    assert p.name.vi == "Đăng ký tạm trú"
    assert p.fee_vnd == 7000
    assert p.online_level == "partly"
    assert p.question("full_name").identity is IdentityField.FULL_NAME
    assert p.question("landlord_name").show_if.values == ("rent",)
    assert p.question("phone").type is QuestionType.PHONE
    assert p.note  # uncertain details are said so in the data


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_key_names_the_file_and_the_key(tmp_path):
    broken = TAM_TRU_FILE.read_text(encoding="utf-8").replace('name_en = "Temporary', 'x = "T')
    path = write(tmp_path, broken)
    with pytest.raises(CatalogueError, match=r"p\.toml: key 'name_en'"):
        load_procedure(path)


def test_a_condition_on_a_later_question_is_refused(tmp_path):
    text = (
        TAM_TRU_FILE.read_text(encoding="utf-8")
        .replace('equals = "rent" }', 'equals = "rent" }\n')
        .replace('question = "housing_basis"', 'question = "phone"')
    )
    with pytest.raises(CatalogueError, match="show_if"):
        load_procedure(write(tmp_path, text))


def test_a_choice_question_without_options_is_refused(tmp_path):
    text = TAM_TRU_FILE.read_text(encoding="utf-8").replace(
        'id = "phone"\ntype = "phone"', 'id = "phone"\ntype = "choice"'
    )
    with pytest.raises(CatalogueError, match=r"questions\[\d+\]\.choices"):
        load_procedure(write(tmp_path, text))


def test_an_empty_folder_is_not_a_catalogue(tmp_path):
    with pytest.raises(CatalogueError, match="no procedure files"):
        Catalogue.load(tmp_path)
