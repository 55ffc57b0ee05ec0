"""The kiosk's configuration files, as a technician's typo or a damaged disk leaves them.

Parsers and what they may raise:

- :func:`kiosk.settings.load_settings` (the site file and ``KIOSK_<SECTION>__<KEY>``
  variables): ``SettingsError`` only;
- :func:`sync.enrolment.load_enrolment` (the stored credential): ``EnrolmentFileError``
  only (None when there is no file).

The findings F1 and F2 (README.md, fixed) keep a test each with the minimal example.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.settings import DEFAULT_CONFIG, Settings, SettingsError, load_settings
from sync.enrolment import Enrolment, EnrolmentFileError, load_enrolment

from .mutations import mutated_bytes, mutated_tree, toml_text
from .profiles import fuzz_settings

SITE_TEXT = DEFAULT_CONFIG.read_text(encoding="utf-8")
SITE = tomllib.loads(SITE_TEXT)
KEYS = [
    (section, key) for section, table in SITE.items() if isinstance(table, dict) for key in table
]
ENROLMENT = {
    "kiosk_id": "HN-KIOSK-0001",
    "credential": "s3cret",
    "portal": "https://portal.test",
    "enrolled_at": "2026-11-23T09:00:00+00:00",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz-config")


def _load(site: Path, environ: dict[str, str]) -> None:
    try:
        settings = load_settings(site, environ=environ)
    except SettingsError as error:
        assert str(site) in str(error) or "$KIOSK_" in str(error)
        return
    assert isinstance(settings, Settings)


@fuzz_settings(0.5)
@given(mutated_tree(SITE))
def test_a_site_file_with_values_swapped_loads_or_raises_a_settings_error(
    folder: Path, tree: object
) -> None:
    site = folder / "site.toml"
    site.write_text(toml_text(tree), encoding="utf-8")
    _load(site, {})


@fuzz_settings(0.5)
@given(mutated_bytes(SITE_TEXT.encode("utf-8")))
def test_a_site_file_with_bytes_mutated_loads_or_raises_a_settings_error(
    folder: Path, data: bytes
) -> None:
    site = folder / "site.toml"
    site.write_bytes(data)
    _load(site, {})


@fuzz_settings(0.5)
@given(
    st.dictionaries(
        st.one_of(
            st.sampled_from(KEYS).map(lambda k: f"KIOSK_{k[0].upper()}__{k[1].upper()}"),
            st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ_", max_size=20).map(
                lambda s: "KIOSK_" + s
            ),
        ),
        st.text(
            alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\0"),
            max_size=30,
        ),
        max_size=4,
    )
)
def test_kiosk_variables_load_or_raise_a_settings_error(
    folder: Path, environ: dict[str, str]
) -> None:
    site = folder / "empty.toml"
    site.write_text("", encoding="utf-8")
    _load(site, environ)


def test_finding_a_site_file_that_is_not_utf8_raises_a_settings_error(tmp_path: Path) -> None:
    """F1 (fixed in kiosk/settings.py _read_toml)."""
    site = tmp_path / "site.toml"
    site.write_bytes(b"\xff")
    with pytest.raises(SettingsError, match=r"site\.toml: not UTF-8 text"):
        load_settings(site, environ={})


def test_finding_a_variable_for_a_section_that_is_not_a_table_raises_a_settings_error(
    tmp_path: Path,
) -> None:
    """F2 (fixed in kiosk/settings.py load_settings)."""
    site = tmp_path / "site.toml"
    site.write_text("", encoding="utf-8")
    with pytest.raises(SettingsError, match="KIOSK_SCHEMA_VERSION__X"):
        load_settings(site, environ={"KIOSK_SCHEMA_VERSION__X": "1"})


def test_finding_a_variable_for_a_site_key_that_is_not_a_table_raises_a_settings_error(
    tmp_path: Path,
) -> None:
    """F2, the site-file variant: ``kiosk = 5`` then ``KIOSK_KIOSK__ID``."""
    site = tmp_path / "site.toml"
    site.write_text("kiosk = 5\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"\$KIOSK_KIOSK__ID: key 'kiosk' is a value"):
        load_settings(site, environ={"KIOSK_KIOSK__ID": "x"})


@st.composite
def enrolment_files(draw: st.DrawFn) -> bytes:
    choice = draw(st.sampled_from(["tree", "tree", "bytes", "raw"]))
    if choice == "tree":
        return json.dumps(draw(mutated_tree(ENROLMENT))).encode()
    if choice == "bytes":
        return draw(mutated_bytes(json.dumps(ENROLMENT).encode()))
    return draw(st.binary(max_size=100))


@fuzz_settings(0.5)
@given(enrolment_files())
def test_an_enrolment_file_loads_or_raises_an_enrolment_file_error(
    folder: Path, data: bytes
) -> None:
    path = folder / "enrolment.json"
    path.write_bytes(data)
    path.chmod(0o600)
    try:
        enrolment = load_enrolment(path)
    except EnrolmentFileError as error:
        assert str(path) in str(error)
        return
    assert isinstance(enrolment, Enrolment)
    assert enrolment.kiosk_id and enrolment.credential
