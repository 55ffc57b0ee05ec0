"""How long a procedure takes at the kiosk is the procedure's own (``minutes``), checked on
load; the office by the kiosk's ward is declared whole or refused, naming the key."""

import shutil
from pathlib import Path

import pytest

from kiosk.procedure_file import load_procedure
from kiosk.procedures import MAX_MINUTES, MIN_MINUTES, CatalogueError, estimated_minutes
from kiosk.settings import CONFIG_DIR

TAM_TRU_FILE = CONFIG_DIR / "procedures" / "dang-ky-tam-tru.toml"
SHIPPED_MINUTES = "minutes = 4\n"


def write(tmp_path: Path, text: str) -> Path:
    """The text as a procedure file beside a copy of the Hanoi units list."""
    folder = tmp_path / "procedures"
    folder.mkdir(exist_ok=True)
    shutil.copytree(CONFIG_DIR / "units", tmp_path / "units", dirs_exist_ok=True)
    path = folder / "p.toml"
    path.write_text(text, encoding="utf-8")
    return path


def tam_tru(replace: str, by: str) -> str:
    text = TAM_TRU_FILE.read_text(encoding="utf-8")
    assert replace in text, f"the shipped file no longer has {replace!r}"
    return text.replace(replace, by)


def test_the_shipped_files_say_their_own_minutes_and_they_differ(catalogue):
    minutes = {p.code: p.minutes for p in catalogue.procedures}
    assert minutes["dang-ky-tam-tru"] == 4
    assert minutes["dang-ky-khai-sinh"] == 8  # two parents, a child, two papers
    assert all(MIN_MINUTES <= m <= MAX_MINUTES for m in minutes.values())


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("0", "from 2 to 60"),
        ("1", "from 2 to 60"),
        ("-4", "from 2 to 60"),
        ("61", "from 2 to 60"),
        ("480", "from 2 to 60"),
        ('"4"', "whole number"),
        ("4.5", "whole number"),
        ("true", "whole number"),
    ],
)
def test_a_time_no_resident_spends_is_refused_naming_the_file_and_key(tmp_path, value, says):
    path = write(tmp_path, tam_tru(SHIPPED_MINUTES, f"minutes = {value}\n"))
    with pytest.raises(CatalogueError, match=r"p\.toml: key 'minutes': ") as refused:
        load_procedure(path)
    assert says in str(refused.value)


def test_without_minutes_the_time_is_estimated_from_the_questions_and_papers(tmp_path):
    procedure = load_procedure(write(tmp_path, tam_tru(SHIPPED_MINUTES, "")))
    assert procedure.minutes == estimated_minutes(procedure.questions)
    assert MIN_MINUTES <= procedure.minutes <= MAX_MINUTES


def test_the_estimate_grows_with_the_questions_and_the_papers(catalogue):
    tam_tru_questions = catalogue.get("dang-ky-tam-tru").questions
    birth_questions = catalogue.get("dang-ky-khai-sinh").questions  # more, and two papers
    assert estimated_minutes(birth_questions) > estimated_minutes(tam_tru_questions)
    assert estimated_minutes(()) == MIN_MINUTES  # consent, the card and the check page


@pytest.mark.parametrize(
    ("replace", "by", "key"),
    [
        ('receiving_office_at_ward_en = "The police of {ward}"\n', "", "at_ward_en"),
        ('receiving_office_ward_from = "stay_address"\n', "", "ward_from"),
        ('"Công an {ward}"', '"Công an phường"', "at_ward_vi"),
        ('"The police of {ward}"', '"{ward} {ward}"', "at_ward_en"),
        ('ward_from = "stay_address"', 'ward_from = "no_such"', "ward_from"),
        ('ward_from = "stay_address"', 'ward_from = "stay_months"', "ward_from"),
    ],
)
def test_an_office_by_the_ward_declared_wrongly_is_refused_naming_the_key(
    tmp_path, replace, by, key
):
    path = write(tmp_path, tam_tru(replace, by))
    with pytest.raises(CatalogueError, match=rf"p\.toml: key 'receiving_office_{key}'"):
        load_procedure(path)
