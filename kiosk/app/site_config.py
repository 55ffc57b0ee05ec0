"""The kiosk's site configuration file (``/etc/kiosk/site.toml``), changed key by key.

``kiosk provision`` sets a few keys (the building, the ward, the portal, the printer) and
keeps everything else in the file as it was, comments included: each key is changed on its
own line, added to its section, or its section added at the end. A file whose layout this
cannot follow (a key spread over several lines, an inline table) is written anew from its
values instead, in the order of ``config/kiosk.toml``. Either way the new text is checked to
read back as exactly the intended values before it is used.

The file is replaced all at once (:class:`StagedFile`: a temporary file beside it, flushed to
disk, then renamed over it, with the old file's mode, owner and group), so a reader never sees
half of it and a failure leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.paths import DEFAULT_CONFIG

Changes = Mapping[tuple[str, str], str]
"""``{(section, key): value}``: the string values to set."""

NEW_FILE_HEADER = (
    "# This kiosk's site configuration, written by `kiosk provision`. Every key is documented\n"
    "# in kiosk/settings.py; the defaults are in config/kiosk.toml. Re-running\n"
    "# `kiosk provision` changes only the keys it sets and keeps the others.\n"
)
FILE_MODE = 0o644
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


class SiteConfigError(Exception):
    """The site file cannot be read, understood or written (the message says which and why)."""


def read_site_config(path: Path) -> tuple[str | None, dict[str, Any]]:
    """The file's text and values; ``(None, {})`` when there is no file yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"{path}: cannot be read ({exc})") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SiteConfigError(
            f"{path}: not valid TOML ({exc}); fix it or move it away, then run this again"
        ) from None


def changed_keys(values: Mapping[str, Any], changes: Changes) -> list[tuple[str, str]]:
    """The keys of ``changes`` whose value the file does not hold already."""
    return [
        (section, key)
        for (section, key), value in changes.items()
        if not isinstance(values.get(section), dict) or values[section].get(key) != value
    ]


def updated_text(text: str | None, changes: Changes) -> str:
    """The site file's text with ``changes`` made: line by line when the file allows it,
    else written anew from its values. Raises :class:`SiteConfigError` for values TOML cannot
    hold as written here."""
    values = tomllib.loads(text) if text is not None else {}
    wanted = _with_changes(values, changes)
    if text is None:
        wanted = {"schema_version": 1, **wanted}
        new = NEW_FILE_HEADER + render_toml(wanted)
    else:
        new = _edit_lines(text, changes)
        if _reads_as(new) != wanted:
            new = render_toml(wanted)
    if _reads_as(new) != wanted:
        raise SiteConfigError("the new configuration does not read back as intended")
    return new


def render_toml(values: Mapping[str, Any]) -> str:
    """``values`` as TOML: top-level keys first, then one table per section, sections and
    keys in the order of ``config/kiosk.toml`` (others after them)."""
    order = _default_order()
    lines: list[str] = []
    scalars = {k: v for k, v in values.items() if not isinstance(v, dict)}
    lines += [f"{_key(k)} = {toml_value(v)}" for k, v in _ordered(scalars, order.get("", []))]
    for section, table in _ordered(
        {k: v for k, v in values.items() if isinstance(v, dict)}, list(order)
    ):
        if lines:
            lines.append("")
        lines.append(f"[{_key(section)}]")
        for key, value in _ordered(table, order.get(section, [])):
            if isinstance(value, dict):
                raise SiteConfigError(f"key '{section}.{key}': nested tables are not written here")
            lines.append(f"{_key(key)} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def toml_value(value: Any) -> str:
    """One TOML value: a string, a whole number, a number, true/false, or a list of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise SiteConfigError(f"cannot write a value of type {type(value).__name__} as TOML")


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (quotes, backslashes and control characters escaped)."""
    out = []
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


class StagedFile:
    """A file's new content, written beside it and flushed to disk, put in place by
    :meth:`commit` (one rename) or thrown away by :meth:`discard`. Writing the stage first
    shows that the file can be written before anything depends on it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self._staged = False

    def write(self, text: str) -> None:
        """Stage ``text`` (again, if staged already). Raises :class:`SiteConfigError`."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            old: os.stat_result | None = None
            with contextlib.suppress(FileNotFoundError):
                old = self.path.stat()
            mode = FILE_MODE if old is None else old.st_mode & 0o777
            fd = os.open(self._temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
            self._staged = True
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                os.fchmod(out.fileno(), mode)  # as the old file was, whatever the umask
                if old is not None:
                    # The kiosk's user may read it through its group: keep owner and group.
                    with contextlib.suppress(PermissionError):
                        os.fchown(out.fileno(), old.st_uid, old.st_gid)
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            self.discard()
            raise SiteConfigError(f"{self.path}: cannot be written ({exc})") from None

    def commit(self) -> None:
        """Put the staged text in place of the file, durably. Raises :class:`SiteConfigError`
        (the old file is then as it was)."""
        try:
            self._temporary.replace(self.path)
        except OSError as exc:
            self.discard()
            raise SiteConfigError(f"{self.path}: cannot be replaced ({exc})") from None
        self._staged = False
        with contextlib.suppress(OSError):
            directory = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)

    def discard(self) -> None:
        """Throw the staged text away (nothing happens if there is none)."""
        if self._staged:
            with contextlib.suppress(FileNotFoundError):
                self._temporary.unlink()
            self._staged = False


# --- editing line by line ----------------------------------------------------------------
def _edit_lines(text: str, changes: Changes) -> str:
    lines = text.splitlines()
    values = tomllib.loads(text)
    for (section, key), value in changes.items():
        table = values.get(section)
        if isinstance(table, dict) and table.get(key) == value:
            continue
        assignment = f"{_key(key)} = {toml_value(value)}"
        bounds = _section_bounds(lines, section)
        if bounds is None:
            if lines and lines[-1].strip():
                lines.append("")
            lines += [f"[{_key(section)}]", assignment]
            continue
        start, end = bounds
        key_line = re.compile(rf"^\s*{re.escape(_key(key))}\s*=")
        found = next((i for i in range(start + 1, end) if key_line.match(lines[i])), None)
        if found is not None:
            lines[found] = assignment
        else:
            last = max(
                (i for i in range(start + 1, end) if lines[i].strip() and "=" in lines[i]),
                default=start,
            )
            lines.insert(last + 1, assignment)
    return "\n".join(lines) + "\n"


def _section_bounds(lines: list[str], section: str) -> tuple[int, int] | None:
    """The header line of ``[section]`` and the line after its last (None: no such header)."""
    for i, line in enumerate(lines):
        match = _HEADER.match(line)
        if match and match.group(1) == section:
            end = next((j for j in range(i + 1, len(lines)) if _ANY_HEADER.match(lines[j])), None)
            return i, len(lines) if end is None else end
    return None


def _reads_as(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _with_changes(values: Mapping[str, Any], changes: Changes) -> dict[str, Any]:
    result = {k: dict(v) if isinstance(v, dict) else v for k, v in values.items()}
    for (section, key), value in changes.items():
        table = result.get(section)
        if not isinstance(table, dict):
            table = result[section] = {}
        table[key] = value
    return result


def _default_order() -> dict[str, list[str]]:
    """Section → keys, as ``config/kiosk.toml`` lists them (``""``: the top-level keys)."""
    try:
        defaults = tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    order: dict[str, list[str]] = {"": []}
    for key, value in defaults.items():
        if isinstance(value, dict):
            order[key] = list(value)
        else:
            order[""].append(key)
    return order


def _ordered(table: Mapping[str, Any], order: list[str]) -> list[tuple[str, Any]]:
    known = [(k, table[k]) for k in order if k in table]
    return known + [(k, v) for k, v in table.items() if k not in order]


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)
