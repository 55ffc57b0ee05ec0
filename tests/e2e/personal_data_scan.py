"""One scanner for issue 17's "no personal data where it must not be" tests.

A :class:`Scan` holds *needles* (what must not be found: a resident's facts as text, and
pictures as bytes) and *places* (where to look: log records with every field the journal
gets, what the process wrote to stdout and stderr, the kiosk's files as raw bytes, new
temporary files, every property of every object in the screens' QML tree and of the bridge's
views, the session's values, the receipt). :meth:`Scan.leaks` lists each needle found, where;
:meth:`Scan.summary` says what was scanned, for deploy/SECURITY.md.

How a needle is looked for (:func:`text_forms`, :func:`blob_forms`):

- a text in NFC and in NFD, each as UTF-8, as UTF-16-LE (Qt's own strings, an SQLite file in
  UTF-16) and JSON-escaped (``json.dumps``'s default ``\\uXXXX`` form);
- a picture or other binary content as slices of its bytes (from its middle, where a JPEG's
  entropy-coded data is), as slices of its base64 (aligned as base64 of the whole content
  is) and of its hex: a copy of the file, or one embedded in JSON or a log line, is found.

The gathering helpers (:func:`record_text`, :func:`qml_properties`, :func:`object_values`,
:func:`files_under`) are the same for every route, so a place scanned for one is scanned
for all.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import json
import logging
import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QByteArray, QObject, QSize, QUrl
from PySide6.QtQml import QJSValue
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.app.audit_log import JournalFields
from kiosk.app.on_screen import OnScreen
from kiosk.audit import NO_AUDIT, Audit
from kiosk.cccd_qr import CitizenIdentity
from kiosk.kiosk_address import KioskAddress
from kiosk.procedures import Catalogue, Procedure
from kiosk.session import SessionCounts
from ui.session_bridge import SessionBridge

BLOB_SLICES = 4
"""Slices of a binary needle looked for (each alone proves a copy)."""
BLOB_SLICE_BYTES = 48


def text_forms(text: str) -> tuple[bytes, ...]:
    """``text`` as it may be stored or logged: NFC and NFD, each as UTF-8, UTF-16-LE and
    JSON-escaped ASCII."""
    forms: set[bytes] = set()
    for normal_form in ("NFC", "NFD"):
        form = unicodedata.normalize(normal_form, text)
        forms.add(form.encode("utf-8"))
        forms.add(form.encode("utf-16-le"))
        forms.add(json.dumps(form)[1:-1].encode("ascii"))
    return tuple(sorted(forms))


def blob_forms(content: bytes) -> tuple[bytes, ...]:
    """Slices of ``content`` raw, of its base64 and of its hex, from its middle (a short
    content whole)."""
    encoded = base64.b64encode(content)
    hexed = content.hex().encode("ascii")
    if len(content) < 4 * BLOB_SLICE_BYTES:
        return (content, encoded, hexed)
    forms: list[bytes] = []
    for k in range(1, BLOB_SLICES + 1):
        at = len(content) * k // (BLOB_SLICES + 2)
        forms.append(content[at : at + BLOB_SLICE_BYTES])
        b64_at = (len(encoded) * k // (BLOB_SLICES + 2)) // 4 * 4
        forms.append(encoded[b64_at : b64_at + BLOB_SLICE_BYTES])
        forms.append(hexed[2 * at : 2 * at + BLOB_SLICE_BYTES])
    return tuple(forms)


@dataclass(frozen=True)
class Needle:
    what: str
    forms: tuple[bytes, ...]


@dataclass(frozen=True)
class Place:
    kind: str
    """What sort of place: "log record", "file", "screen property"…"""
    label: str
    """Which one (a path, a logger, an object's type and property)."""
    content: bytes


@dataclass
class Scan:
    """Needles and the places to look for them in."""

    facts: Mapping[str, str]
    """A resident's facts, by what they are: looked for as text."""
    blobs: Mapping[str, bytes] = field(default_factory=dict)
    """Pictures and other binary content, by what they are: looked for as bytes."""
    places: list[Place] = field(default_factory=list)

    @property
    def needles(self) -> list[Needle]:
        return [Needle(w, text_forms(t)) for w, t in self.facts.items()] + [
            Needle(w, blob_forms(b)) for w, b in self.blobs.items()
        ]

    def add(self, kind: str, label: str, content: str | bytes) -> None:
        raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        self.places.append(Place(kind, label, raw))

    def add_records(self, records: Iterable[logging.LogRecord]) -> None:
        for record in records:
            self.add("log record", f"{record.name} {record.levelname}", record_text(record))

    def add_files(self, kind: str, paths: Iterable[Path]) -> None:
        for path in paths:
            try:
                content = path.read_bytes()
            except (FileNotFoundError, PermissionError):
                continue  # gone since it was listed (another process's temporary file)
            self.add(kind, str(path), content)

    def add_values(self, kind: str, values: Iterable[tuple[str, str | bytes]]) -> None:
        for label, value in values:
            self.add(kind, label, value)

    def leaks(self) -> list[str]:
        """Each needle found, with where: empty when nothing was."""
        found: list[str] = []
        for needle in self.needles:
            for place in self.places:
                if any(form in place.content for form in needle.forms):
                    found.append(f"{needle.what} in {place.kind} {place.label[:160]}")
        return found

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per kind of place: how many, and how many bytes."""
        out: dict[str, tuple[int, int]] = {}
        for place in self.places:
            n, size = out.get(place.kind, (0, 0))
            out[place.kind] = (n + 1, size + len(place.content))
        return out

    def summary(self, route: str) -> str:
        """What was scanned and what was found, in one line."""
        kinds = ", ".join(
            f"{n} × {kind} ({size:,} B)" for kind, (n, size) in sorted(self.counts().items())
        )
        forms = sum(len(n.forms) for n in self.needles)
        return (
            f"{route}: scanned {kinds}; for {len(self.facts)} facts and {len(self.blobs)} binary "
            f"contents ({forms} byte patterns): {len(self.leaks())} found"
        )


# --- gathering ---------------------------------------------------------------------------
def record_text(record: logging.LogRecord) -> str:
    """A log record as everything it could send anywhere: its message, every attribute
    (``extra`` fields included), the journal's fields (:class:`JournalFields`), and the text of
    an exception it carries."""
    JournalFields().filter(record)
    parts = [record.getMessage(), *(repr(v) for v in vars(record).values())]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    return " ".join(parts)


class LogTrap(logging.Handler):
    """Keeps every record of every logger, at every level (installed on the root, and on any
    logger that does not propagate to it)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._ids: set[int] = set()
        self._installed: list[logging.Logger] = []
        self._root_level = logging.root.level

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) not in self._ids:
            self._ids.add(id(record))
            self.records.append(record)

    def install(self) -> LogTrap:
        logging.root.setLevel(logging.DEBUG)
        loggers: list[logging.Logger] = [logging.root]
        loggers += [
            lg
            for lg in logging.root.manager.loggerDict.values()
            if isinstance(lg, logging.Logger) and not lg.propagate
        ]
        for logger in loggers:
            logger.addHandler(self)
            self._installed.append(logger)
        return self

    def uninstall(self) -> None:
        for logger in self._installed:
            logger.removeHandler(self)
        logging.root.setLevel(self._root_level)


class TempWatch:
    """The temporary directories a kiosk may write to: a private ``$TMPDIR`` (so other
    processes' files do not mix in), and whatever appears in the system's ``/tmp``."""

    def __init__(self, private: Path, system: Path = Path("/tmp")) -> None:
        self.private = private
        self.system = system
        self._before = set(system.iterdir())
        self._saved = (os.environ.get("TMPDIR"), tempfile.tempdir)
        os.environ["TMPDIR"] = str(private)
        tempfile.tempdir = str(private)

    def restore(self) -> None:
        env, cached = self._saved
        if env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = env
        tempfile.tempdir = cached

    def private_files(self) -> list[Path]:
        """Every file of the private temporary directory."""
        return files_under(self.private)

    def new_system_files(self) -> list[Path]:
        """Every file of the entries new in ``/tmp`` (other processes' too: a hit there is
        worth a look either way)."""
        found: list[Path] = []
        for p in sorted(set(self.system.iterdir()) - self._before):
            found += [p] if p.is_file() else files_under(p)
        return found


class ProcessOutput:
    """Everything the process wrote to stdout and stderr (Qt's and QML's messages too) since
    the test began, kept across reads of pytest's ``capfd``."""

    def __init__(self, capfd: pytest.CaptureFixture[str]) -> None:
        self._capfd = capfd
        self._text = ""

    def read(self) -> str:
        captured = self._capfd.readouterr()
        self._text += captured.out + captured.err
        return self._text


def files_under(root: Path, *, skip: tuple[Path, ...] = ()) -> list[Path]:
    """Every regular file below ``root``, except below the folders in ``skip``."""
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and not any(s in p.parents for s in skip)
    )


def kiosk_files(data_dir: Path) -> list[Path]:
    """The kiosk's own files in its data directory: not the simulated portal's store (the
    city's side) nor the catalogue, the procedures' public text, whose examples
    ("Ví dụ: 0912345678", "15/03/1984") happen to be the test citizen's phone and birth date."""
    return files_under(data_dir, skip=(data_dir / "portal", data_dir / "catalogue"))


NOT_TEXT = frozenset({"fontInfo"})
"""Properties that are never a text: a font's metrics (read on an item made without a JS
engine, inside a control, it only prints a warning)."""


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, QUrl):
        return value.toString() or None
    if isinstance(value, QByteArray):
        return bytes(value.data()).decode("utf-8", "replace") or None
    if isinstance(value, QJSValue):
        return value.toString() or None
    if isinstance(value, (list, tuple, dict)):
        try:
            return json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            return repr(value)
    return None


def _qt_children(obj: QObject) -> list[QObject]:
    children = list(obj.children())
    if isinstance(obj, QQuickItem):
        children += obj.childItems()
    if isinstance(obj, QQuickWindow):
        children.append(obj.contentItem())
    return children


def qml_properties(roots: Iterable[QObject]) -> list[tuple[str, str]]:
    """Every text-like property (strings, URLs, byte arrays, JS values, lists and maps) of
    every object below ``roots``: QML items and their non-visual children alike, as
    ``(type.property, text)``."""
    found: list[tuple[str, str]] = []
    seen: set[int] = set()  # the C++ objects' addresses (Python wrappers come and go)
    stack = list(roots)
    while stack:
        obj = stack.pop()
        address = int(shiboken6.getCppPointer(obj)[0])
        if address in seen:
            continue
        seen.add(address)
        meta = obj.metaObject()
        for i in range(meta.propertyCount()):
            name = str(meta.property(i).name())  # a str at run time (the stubs say bytes)
            if name in NOT_TEXT:
                continue
            try:
                text = _as_text(obj.property(name))
            except (RuntimeError, TypeError, ValueError):
                continue
            if text:
                found.append((f"{meta.className()}.{name}", text))
        stack.extend(_qt_children(obj))
    return found


def object_values(
    root: object, *, skip: Callable[[object], bool] = lambda _: False, depth: int = 8
) -> Iterator[tuple[str, str | bytes]]:
    """Every string, byte string and date reachable from ``root`` through dataclass fields,
    attributes, mappings and sequences (``skip`` prunes a branch), as ``(path, value)``."""
    seen: set[int] = set()

    def walk(obj: object, path: str, left: int) -> Iterator[tuple[str, str | bytes]]:
        if obj is None or isinstance(obj, (bool, int, float, enum.Enum)) or skip(obj):
            return
        if isinstance(obj, (str, bytes)):
            yield path, obj
            return
        if isinstance(obj, date):
            yield path, obj.isoformat()
            yield path, obj.strftime("%d/%m/%Y")
            return
        if left == 0 or id(obj) in seen or callable(obj):
            return
        seen.add(id(obj))
        if isinstance(obj, Mapping):
            for key, value in obj.items():
                yield from walk(key, f"{path}[key]", left - 1)
                yield from walk(value, f"{path}[{key!r}]", left - 1)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for n, value in enumerate(obj):
                yield from walk(value, f"{path}[{n}]", left - 1)
        elif dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                yield from walk(getattr(obj, f.name, None), f"{path}.{f.name}", left - 1)
        elif hasattr(obj, "__dict__"):
            for name, value in vars(obj).items():
                yield from walk(value, f"{path}.{name}", left - 1)

    yield from walk(root, type(root).__name__, depth)


# --- the whole kiosk ---------------------------------------------------------------------
def without_accents(text: str) -> str:
    """``Nguyễn Thị Lan`` → ``Nguyen Thi Lan`` (as a log written in ASCII would have it)."""
    plain = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", plain) if not unicodedata.combining(c))


def card_facts(identity: CitizenIdentity) -> dict[str, str]:
    """What an ID card tells of its holder, as it may be written anywhere."""
    born = identity.date_of_birth
    return {
        "name": identity.full_name,
        "name without accents": without_accents(identity.full_name),
        "id number": identity.id_number,
        "birth date": born.strftime("%d/%m/%Y"),
        "birth date (ISO)": born.isoformat(),
        "birth date (compact)": born.strftime("%d%m%Y"),
        "card address": identity.address,
    }


def _not_personal(obj: object) -> bool:
    """Parts of the session that hold no resident's data, whose public text (the procedures'
    examples) would be mistaken for it, and the audit trail's logger (its records are scanned
    as log records)."""
    kinds = (Catalogue, Procedure, SessionCounts, KioskAddress, Audit, logging.Logger)
    return isinstance(obj, kinds) or obj is NO_AUDIT


def session_values(bridge: SessionBridge) -> list[tuple[str, str | bytes]]:
    """Every string, byte string and date the resident's session holds."""
    return list(object_values(bridge.session, skip=_not_personal))


def pictures_held(bridge: SessionBridge) -> list[str]:
    """The screens' in-memory pictures (receipt, photo of a paper, face) that still hold one
    (a provider with none serves a single white pixel)."""
    held = []
    for provider in bridge.image_providers():
        image = provider.requestImage("0", QSize(), QSize())
        if image.width() > 1 or image.height() > 1:
            held.append(provider.provider_id)
    return held


def scan_the_kiosk(
    scan: Scan, on_screen: OnScreen, trap: LogTrap, temp: TempWatch, output: str
) -> Scan:
    """Add every place of a kiosk on screen to ``scan``: the log records (with the journal's
    fields), the process's ``output`` (stdout and stderr), the kiosk's files, new temporary
    files, the screens' QML tree with the bridge's views, and the session."""
    bridge = on_screen.bridge
    scan.add_records(trap.records)
    scan.add("process output", "stdout and stderr", output)
    scan.add_files("kiosk file", kiosk_files(on_screen.app.data_dir))
    scan.add_files("temporary file ($TMPDIR)", temp.private_files())
    scan.add_files("temporary file (new in /tmp)", temp.new_system_files())
    roots: list[QObject] = [*on_screen.window.engine.rootObjects(), bridge]
    scan.add_values("screen property", qml_properties(roots))
    scan.add_values("session value", session_values(bridge))
    return scan
