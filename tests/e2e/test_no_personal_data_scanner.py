"""The scanner of tests/e2e/personal_data_scan.py finds what it is for, in every form it
promises, and nothing that is not there (the e2e scans' "0 found" means something)."""

from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.personal_data_scan import LogTrap, Scan, TempWatch, object_values, without_accents

NAME = "Nguyễn Thị Lan"
PICTURE = os.urandom(4096)


def found_in(content: bytes | str, facts: dict[str, str] | None = None) -> list[str]:
    scan = Scan(facts if facts is not None else {"name": NAME}, {"picture": PICTURE})
    scan.add("place", "test", content)
    return scan.leaks()


@pytest.mark.parametrize(
    "content",
    [
        unicodedata.normalize("NFC", NAME),
        unicodedata.normalize("NFD", NAME),
        json.dumps({"n": NAME}),  # \\u escapes
        json.dumps({"n": unicodedata.normalize("NFD", NAME)}),
        b"\x00" + NAME.encode("utf-16-le") + b"\x00",
    ],
    ids=["NFC", "NFD", "JSON NFC", "JSON NFD", "UTF-16"],
)
def test_a_name_is_found_in_every_form(content: str | bytes) -> None:
    assert found_in(content) == ["name in place test"]


@pytest.mark.parametrize(
    "content",
    [
        b"header" + PICTURE + b"trailer",
        json.dumps({"photo": base64.b64encode(PICTURE).decode()}),
        b"x" + PICTURE.hex().encode(),
        PICTURE[1200:2000],  # a fifth of it (any sixth and a slice holds one)
    ],
    ids=["raw", "base64 in JSON", "hex", "part"],
)
def test_a_picture_is_found_raw_in_base64_in_hex_and_in_part(content: str | bytes) -> None:
    assert found_in(content) == ["picture in place test"]


def test_nothing_is_found_where_nothing_is() -> None:
    assert found_in(os.urandom(65536) + "Nguyễn Văn An 001******345".encode()) == []
    assert without_accents("Đặng Thị Lan") == "Dang Thi Lan"


def test_a_short_binary_content_is_looked_for_whole() -> None:
    scan = Scan({}, {"dg1": b"short"})
    scan.add("place", "log", "dg1=" + base64.b64encode(b"short").decode())
    assert scan.leaks() == ["dg1 in place log"]


def test_log_records_give_every_field_even_from_a_logger_that_does_not_propagate() -> None:
    quiet = logging.getLogger("tests.quiet")
    quiet.propagate = False
    trap = LogTrap().install()
    try:
        quiet.debug("nothing here", extra={"who": NAME})
        try:
            raise ValueError(unicodedata.normalize("NFD", NAME))
        except ValueError:
            logging.getLogger("tests.loud").exception("failed")
    finally:
        trap.uninstall()
        quiet.propagate = True
    scan = Scan({"name": NAME})
    scan.add_records(trap.records)
    assert scan.leaks() == [
        "name in log record tests.quiet DEBUG",
        "name in log record tests.loud ERROR",
    ]


@dataclass
class Inner:
    answers: dict[str, str] = field(default_factory=dict)


@dataclass
class Outer:
    inner: Inner
    items: list[object]


def test_object_values_reach_nested_values_unless_pruned() -> None:
    root = Outer(Inner({"phone": "0912345678"}), [b"raw", ("deep", {"k": NAME})])
    values = dict(object_values(root))
    assert values["Outer.inner.answers['phone']"] == "0912345678"
    assert values["Outer.items[1][1]['k']"] == NAME
    assert "Outer.items[0]" in values
    pruned = dict(object_values(root, skip=lambda o: isinstance(o, Inner)))
    assert not any(k.startswith("Outer.inner") for k in pruned)


def test_temporary_files_are_watched_privately_and_in_tmp(tmp_path: Path) -> None:
    watch = TempWatch(tmp_path / "private")
    (tmp_path / "private").mkdir()
    try:
        assert tempfile.gettempdir() == str(tmp_path / "private")
        with tempfile.NamedTemporaryFile(delete=False) as private_file:
            private_file.write(b"x")
        fd, stray = tempfile.mkstemp(dir="/tmp", prefix="kiosk-scan-test-")
        os.close(fd)
        try:
            assert watch.private_files() == [Path(private_file.name)]
            assert Path(stray) in watch.new_system_files()
        finally:
            Path(stray).unlink()
    finally:
        watch.restore()
    assert tempfile.gettempdir() != str(tmp_path / "private")
