"""Hanoi's commune-level units (wards and communes) as codes and names, from
``config/units/hanoi.toml``: for labelling kiosks by ward and checking ward codes."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kiosk.paths import CONFIG_DIR

HANOI_UNITS = CONFIG_DIR / "units" / "hanoi.toml"


@dataclass(frozen=True)
class Unit:
    """One ward (``phuong``) or commune (``xa``)."""

    code: str
    """The 5-digit national statistical code, e.g. ``00004``."""
    name: str
    """Its name, e.g. ``Phường Ba Đình``."""
    kind: str


def hanoi_units(path: Path = HANOI_UNITS) -> list[Unit]:
    """Every unit in the file, in its order (wards first).

    Raises ``ValueError`` naming the file when it cannot be read or a unit lacks a field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return [Unit(str(u["code"]), str(u["name"]), str(u["kind"])) for u in data["units"]]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: cannot read Hanoi's units ({exc!r})") from exc
