"""systemd's unit-file syntax, read as systemd reads it, for the tests and the benchmark:
sections, ``Key=value`` lines (a key may repeat; an empty value resets a list), comments
starting with ``#`` or ``;``, a trailing backslash continuing a line, drop-ins applied over the
unit in order; and time spans (``500ms``, ``10``, ``1min 30s``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD_DIR = ROOT / "deploy" / "systemd"
KIOSK_UNIT = SYSTEMD_DIR / "kiosk.service"
EGLFS_DROP_IN = SYSTEMD_DIR / "kiosk.service.d" / "eglfs.conf"

_TIME_UNITS = {
    "us": 1e-6,
    "usec": 1e-6,
    "ms": 1e-3,
    "msec": 1e-3,
    "": 1.0,
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "m": 60.0,
    "min": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
    "month": 30.44 * 86400.0,
    "months": 30.44 * 86400.0,
}
_SPAN = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)")


class UnitSyntaxError(ValueError):
    """A line systemd would not read as part of a unit file."""


@dataclass
class UnitFile:
    """The assignments of a unit file (and its drop-ins), in order, per section."""

    path: Path
    sections: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, *drop_ins: Path) -> UnitFile:
        """The unit at ``path`` with ``drop_ins`` applied over it, in that order."""
        unit = cls(path)
        for source in (path, *drop_ins):
            unit._parse(source)
        return unit

    def _parse(self, source: Path) -> None:
        section: str | None = None
        pending = ""
        for number, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            line = pending + raw.strip() if pending else raw.strip()
            if line.endswith("\\"):
                pending = line[:-1] + " "
                continue
            pending = ""
            if not line or line[0] in "#;":
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
                self.sections.setdefault(section, [])
                continue
            key, sep, value = line.partition("=")
            if not sep or section is None or not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", key.strip()):
                raise UnitSyntaxError(f"{source}:{number}: not a Key=value line: {raw!r}")
            self.sections[section].append((key.strip(), value.strip()))
        if pending:
            raise UnitSyntaxError(f"{source}: ends with a continued line")

    def values(self, section: str, key: str) -> list[str]:
        """Every value assigned to ``key``, after the last empty assignment (a reset)."""
        out: list[str] = []
        for k, v in self.sections.get(section, []):
            if k == key:
                out = [] if v == "" else [*out, v]
        return out

    def value(self, section: str, key: str, default: str | None = None) -> str | None:
        """The value that counts: the last assigned (None or ``default`` if none)."""
        found = self.values(section, key)
        return found[-1] if found else default

    def keys(self, section: str) -> list[str]:
        """The keys assigned in ``section``, each once, in order."""
        return list(dict.fromkeys(k for k, _ in self.sections.get(section, [])))

    def environment(self) -> dict[str, str]:
        """``Environment=`` of [Service], as the process would see it (later wins)."""
        env: dict[str, str] = {}
        for assignment in self.values("Service", "Environment"):
            for word in assignment.split():
                name, _, val = word.partition("=")
                env[name] = val
        return env

    def unset_environment(self) -> set[str]:
        """The names ``UnsetEnvironment=`` removes."""
        return {w for v in self.values("Service", "UnsetEnvironment") for w in v.split()}

    def exec_start(self) -> list[str]:
        """The command line of the ``ExecStart=`` that counts, split into words."""
        command = self.value("Service", "ExecStart")
        if command is None:
            raise UnitSyntaxError(f"{self.path}: no ExecStart=")
        return command.split()

    def seconds(self, section: str, key: str) -> float | None:
        """A time span setting in seconds (None when not set)."""
        text = self.value(section, key)
        return None if text is None else timespan(text)


def timespan(text: str) -> float:
    """systemd's time span in seconds: ``500ms``, ``10``, ``1min 30s``…"""
    total, pos = 0.0, 0
    text = text.strip()
    while pos < len(text):
        match = _SPAN.match(text, pos)
        if match is None or match.group(2) not in _TIME_UNITS:
            raise UnitSyntaxError(f"not a time span: {text!r}")
        total += float(match.group(1)) * _TIME_UNITS[match.group(2)]
        pos = match.end()
    if not text:
        raise UnitSyntaxError("an empty time span")
    return total
