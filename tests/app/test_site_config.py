"""The site configuration file, changed key by key: comments and other keys kept, the text
read back before it is used, and the file replaced all at once."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from kiosk.app.site_config import (
    SiteConfigError,
    StagedFile,
    changed_keys,
    read_site_config,
    toml_string,
    updated_text,
)
from kiosk.settings import DEFAULT_CONFIG

SITE = """\
# The Sông Hồng lobby.
[kiosk]
building_vi = "Tòa cũ"  # old name
hotline = "1022"

[ui]
language = "en"
"""


def test_a_new_file_holds_the_keys_in_the_order_of_the_defaults() -> None:
    text = updated_text(
        None, {("portal", "base_url"): "https://p.example", ("kiosk", "ward"): "00199"}
    )

    assert tomllib.loads(text) == {
        "schema_version": 1,
        "kiosk": {"ward": "00199"},
        "portal": {"base_url": "https://p.example"},
    }
    assert text.index("[kiosk]") < text.index("[portal]")
    assert text.startswith("# This kiosk's site configuration, written by `kiosk provision`")


def test_a_changed_key_changes_its_line_only_and_comments_stay() -> None:
    text = updated_text(SITE, {("kiosk", "building_vi"): "Tòa A", ("kiosk", "hotline"): "1022"})

    assert text == SITE.replace('building_vi = "Tòa cũ"  # old name', 'building_vi = "Tòa A"')


def test_a_new_key_joins_its_section_and_a_new_section_goes_at_the_end() -> None:
    text = updated_text(SITE, {("kiosk", "ward"): "00199", ("portal", "base_url"): "https://p"})

    assert text == SITE.replace('hotline = "1022"\n', 'hotline = "1022"\nward = "00199"\n') + (
        '\n[portal]\nbase_url = "https://p"\n'
    )


def test_the_defaults_file_itself_changes_by_one_line() -> None:
    defaults = DEFAULT_CONFIG.read_text(encoding="utf-8")

    text = updated_text(defaults, {("kiosk", "ward"): "00004"})

    assert text == defaults.replace('ward = "00199"', 'ward = "00004"')


@pytest.mark.parametrize(
    "site",
    [
        'kiosk = { building_vi = "Tòa cũ", hotline = "1022" }\n',
        '[kiosk]\nbuilding_vi = """Tòa\ncũ"""\nhotline = "1022"\n',
        'kiosk.building_vi = "Tòa cũ"\nkiosk.hotline = "1022"\n',
    ],
)
def test_a_layout_it_cannot_follow_is_written_anew_from_its_values(site: str) -> None:
    text = updated_text(site, {("kiosk", "building_vi"): "Tòa A"})

    assert tomllib.loads(text) == {"kiosk": {"building_vi": "Tòa A", "hotline": "1022"}}


def test_any_text_reads_back_as_itself() -> None:
    awkward = 'Tòa "A"\\B\tC\x01\x7f ngõ 12'

    text = updated_text(None, {("kiosk", "building_vi"): awkward})

    assert tomllib.loads(text)["kiosk"]["building_vi"] == awkward
    assert tomllib.loads(f"x = {toml_string(awkward)}")["x"] == awkward


def test_changed_keys_are_those_the_file_does_not_hold() -> None:
    values = tomllib.loads(SITE)
    changes = {("kiosk", "hotline"): "1022", ("kiosk", "ward"): "1", ("ui", "language"): "vi"}

    assert changed_keys(values, changes) == [("kiosk", "ward"), ("ui", "language")]


def test_a_file_that_is_not_toml_is_named_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text("[kiosk\n", encoding="utf-8")

    with pytest.raises(SiteConfigError, match=r"site\.toml: not valid TOML .*fix it or move it"):
        read_site_config(path)
    assert read_site_config(tmp_path / "none.toml") == (None, {})


def test_a_staged_file_replaces_the_old_one_at_once_keeping_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text("old = 1\n", encoding="utf-8")
    path.chmod(0o640)
    staged = StagedFile(path)

    staged.write("new = 2\n")
    assert path.read_text(encoding="utf-8") == "old = 1\n"  # not yet
    staged.commit()

    assert path.read_text(encoding="utf-8") == "new = 2\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["site.toml"]


def test_a_discarded_stage_leaves_the_old_file_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "etc" / "site.toml"
    staged = StagedFile(path)

    staged.write("new = 2\n")
    staged.discard()

    assert list(path.parent.iterdir()) == []
