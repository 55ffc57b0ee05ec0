"""Procedure files and the catalogue: the shipped TOML files mutated, the portal's catalogue
documents with types swapped, the stored last-good catalogue damaged, the Hanoi units list
damaged.

Parsers and what they may raise:

- :func:`kiosk.procedure_file.load_procedure` (one TOML file) and
  :func:`~kiosk.procedure_file.procedure_from_document` (one parsed document):
  ``CatalogueError`` only;
- :func:`~kiosk.procedure_file.procedures_from_documents` (the portal's catalogue, which
  :meth:`CatalogueStore.accept` validates with it): ``CatalogueError`` only;
- :class:`kiosk.catalogue_store.CatalogueStore` reading its stored ``catalogue.json``:
  nothing; a damaged copy is logged and the shipped files are used.
"""

from __future__ import annotations

import copy
import json
import shutil
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.catalogue_store import STORE_FILE, CatalogueStore
from kiosk.procedure_file import (
    HANOI_UNITS_FILE,
    UNITS_DIR_NAME,
    _HanoiUnits,
    load_procedure,
    procedure_from_document,
    procedures_from_documents,
)
from kiosk.procedures import CatalogueError, Procedure

from .mutations import mutated_bytes, mutated_tree, toml_text
from .profiles import fuzz_settings

CONFIG = Path(__file__).resolve().parents[2] / "config"
PROCEDURE_FILES = sorted((CONFIG / "procedures").glob("*.toml"))
DOCUMENTS = [tomllib.loads(p.read_text(encoding="utf-8")) for p in PROCEDURE_FILES]
UNITS_PATH = CONFIG / UNITS_DIR_NAME / HANOI_UNITS_FILE
UNITS = _HanoiUnits(UNITS_PATH)
# A shipped procedure with a Hanoi address question, so the units list is read.
WITH_ADDRESS = next(
    p for p in PROCEDURE_FILES if 'scope = "hanoi"' in p.read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz-procedures")


@fuzz_settings(0.5)
@given(st.sampled_from(DOCUMENTS).flatmap(mutated_tree))
def test_a_procedure_document_with_values_swapped_is_a_procedure_or_a_catalogue_error(
    document: object,
) -> None:
    try:
        procedure = procedure_from_document(document, Path("fuzz.toml"), UNITS)
    except CatalogueError as error:
        assert "fuzz.toml" in str(error)
        return
    assert isinstance(procedure, Procedure)


@fuzz_settings(0.25)
@given(st.sampled_from(DOCUMENTS).flatmap(mutated_tree))
def test_a_procedure_file_with_values_swapped_loads_or_raises_a_catalogue_error(
    folder: Path, document: object
) -> None:
    path = folder / "procedure.toml"
    path.write_text(toml_text(document), encoding="utf-8")
    try:
        load_procedure(path, UNITS)
    except CatalogueError as error:
        assert str(path) in str(error)


@fuzz_settings(0.5)
@given(st.sampled_from(PROCEDURE_FILES).map(Path.read_bytes).flatmap(mutated_bytes))
def test_a_procedure_file_with_bytes_mutated_loads_or_raises_a_catalogue_error(
    folder: Path, data: bytes
) -> None:
    path = folder / "procedure.toml"
    path.write_bytes(data)
    try:
        load_procedure(path, UNITS)
    except CatalogueError as error:
        assert str(path) in str(error)


def test_finding_a_procedure_file_that_is_not_utf8_raises_a_catalogue_error(
    tmp_path: Path,
) -> None:
    """F3 (fixed in kiosk/procedure_file.py load_procedure)."""
    path = tmp_path / "procedure.toml"
    path.write_bytes(b"\xff")
    with pytest.raises(CatalogueError, match=r"procedure\.toml: not UTF-8 text"):
        load_procedure(path, UNITS)


def test_finding_a_units_file_that_is_not_utf8_raises_a_catalogue_error(
    tmp_path: Path,
) -> None:
    """F3, the units list (fixed in kiosk/procedure_file.py _HanoiUnits.choices)."""
    units_path = tmp_path / "units.toml"
    units_path.write_bytes(b"\xff")
    with pytest.raises(CatalogueError, match=r"units\.toml is not UTF-8 text"):
        load_procedure(WITH_ADDRESS, _HanoiUnits(units_path))


@fuzz_settings(0.25)
@given(mutated_tree(DOCUMENTS[:3], max_changes=4))
def test_the_portals_catalogue_with_values_swapped_is_procedures_or_a_catalogue_error(
    documents: object,
) -> None:
    try:
        procedures = procedures_from_documents(documents, CONFIG, "catalogue from the portal")
    except CatalogueError as error:
        assert "catalogue from the portal" in str(error)
        return
    assert all(isinstance(p, Procedure) for p in procedures)


@fuzz_settings(0.25)
@given(st.data())
def test_a_damaged_units_list_gives_procedures_or_a_catalogue_error(
    folder: Path, data: st.DataObject
) -> None:
    original = UNITS_PATH.read_bytes()
    units_bytes = data.draw(
        st.one_of(
            mutated_bytes(original[:2000]),
            st.builds(
                lambda tree: toml_text(tree).encode(),
                mutated_tree(tomllib.loads(original.decode())),
            ),
        ),
        label="units",
    )
    units_path = folder / "units.toml"
    units_path.write_bytes(units_bytes)
    try:
        load_procedure(WITH_ADDRESS, _HanoiUnits(units_path))
    except CatalogueError:
        return


@pytest.fixture(scope="module")
def config_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fuzz-config-copy")
    shutil.copytree(CONFIG / "procedures", target / "procedures")
    shutil.copytree(CONFIG / UNITS_DIR_NAME, target / UNITS_DIR_NAME)
    return target


def _stored(draw_tree: object) -> bytes:
    return json.dumps(draw_tree).encode()


@fuzz_settings(0.1)
@given(
    st.one_of(
        st.binary(max_size=100),
        mutated_bytes(
            _stored({"etag": '"v1"', "received_at": "2026-11-23", "procedures": DOCUMENTS[:2]})
        ),
        mutated_tree(
            {"etag": '"v1"', "received_at": "2026-11-23", "procedures": DOCUMENTS[:2]}
        ).map(_stored),
    )
)
def test_a_damaged_stored_catalogue_falls_back_to_the_shipped_files(
    config_copy: Path, folder: Path, stored: bytes
) -> None:
    store_dir = folder / "store"
    store_dir.mkdir(exist_ok=True)
    (store_dir / STORE_FILE).write_bytes(stored)
    store = CatalogueStore(config_copy, store_dir, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC))
    assert store.catalogue is not None


def _with_nested_person_fields() -> dict[str, object]:
    """The first shipped procedure with a person group, its ``fields`` holding a list."""
    for document in DOCUMENTS:
        for question in document.get("questions", []):
            if question.get("type") == "person":
                broken = copy.deepcopy(document)
                next(q for q in broken["questions"] if q.get("type") == "person")["fields"] = [[]]
                return broken
    raise AssertionError("no shipped procedure has a person group")


def test_finding_a_person_group_with_nested_fields_raises_a_catalogue_error() -> None:
    """F4 (fixed in kiosk/procedure_file.py _person)."""
    with pytest.raises(CatalogueError, match="fields"):
        procedures_from_documents([_with_nested_person_fields()], CONFIG, "catalogue")


def test_finding_a_stored_catalogue_with_nested_person_fields_falls_back(
    config_copy: Path, tmp_path: Path
) -> None:
    """F4 at start-up: the store logs the refusal and uses the shipped files."""
    stored = {"etag": '"v1"', "procedures": [_with_nested_person_fields()]}
    (tmp_path / STORE_FILE).write_text(json.dumps(stored), encoding="utf-8")
    store = CatalogueStore(config_copy, tmp_path, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC))
    assert store.version.name == "shipped"
