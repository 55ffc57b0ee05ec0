"""Procedures (thủ tục hành chính) and their questions, loaded from versioned data files.

A procedure is data, not code: one TOML file per procedure under ``config/procedures/``.
Adding a procedure needs no code change. A file that does not validate stops loading with
a message naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.text import Message


class QuestionType(StrEnum):
    """The kinds of answer a question accepts."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    PHONE = "phone"


class IdentityField(StrEnum):
    """Facts known from the ID card; a question bound to one is not asked when known."""

    FULL_NAME = "full_name"
    ID_NUMBER = "id_number"
    DATE_OF_BIRTH = "date_of_birth"
    SEX = "sex"
    ADDRESS = "address"


@dataclass(frozen=True)
class Choice:
    """One option of a single-choice question."""

    value: str
    label: Message


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier answer equals a value."""

    question_id: str
    equals: str


@dataclass(frozen=True)
class Question:
    """One question of a procedure's form, shown on its own page."""

    id: str
    type: QuestionType
    label: Message
    hint: Message | None = None
    required: bool = True
    choices: tuple[Choice, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    max_length: int = 200
    identity: IdentityField | None = None
    show_if: Condition | None = None


@dataclass(frozen=True)
class Procedure:
    """A procedure the kiosk can submit, at one version.

    ``note`` says where a detail is uncertain; it is data, not decoration.
    """

    code: str
    version: int
    name: Message
    summary: Message
    area: str
    area_name: Message
    receiving_office: Message
    fee_vnd: int
    fee_note: Message
    processing_time: Message
    result_delivery: Message
    online_level: str
    documents: tuple[Message, ...]
    questions: tuple[Question, ...]
    source: str = ""
    note: str = ""

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if there is none: a bug in the caller)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


class CatalogueError(Exception):
    """A procedure file that cannot be used, with the file and the key at fault."""


class Catalogue:
    """The procedures installed on this kiosk, by code."""

    def __init__(self, procedures: list[Procedure]) -> None:
        self._by_code = {p.code: p for p in procedures}
        if len(self._by_code) != len(procedures):
            raise CatalogueError("two procedure files share one code")

    @property
    def procedures(self) -> list[Procedure]:
        """All procedures, ordered by area and then Vietnamese name."""
        return sorted(self._by_code.values(), key=lambda p: (p.area, p.name.vi))

    def get(self, code: str) -> Procedure | None:
        """The procedure with this code, if installed."""
        return self._by_code.get(code)

    @classmethod
    def load(cls, directory: Path) -> Catalogue:
        """Load every ``*.toml`` file of ``directory``."""
        files = sorted(directory.glob("*.toml"))
        if not files:
            raise CatalogueError(f"{directory}: no procedure files (*.toml)")
        return cls([load_procedure(f) for f in files])


def load_procedure(path: Path) -> Procedure:
    """Read and validate one procedure file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    reader = _Reader(path, data)
    questions = tuple(
        _question(_Reader(path, q, f"questions[{i}]"))
        for i, q in enumerate(reader.list_of_tables("questions"))
    )
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise CatalogueError(f"{path}: key 'questions': two questions share one id")
    for q in questions:
        if q.show_if and q.show_if.question_id not in ids[: ids.index(q.id)]:
            raise CatalogueError(
                f"{path}: key 'questions.{q.id}.show_if': must name an earlier question"
            )
    return Procedure(
        code=reader.text("code"),
        version=reader.integer("version"),
        name=reader.message("name"),
        summary=reader.message("summary"),
        area=reader.text("area"),
        area_name=reader.message("area_name"),
        receiving_office=reader.message("receiving_office"),
        fee_vnd=reader.integer("fee_vnd"),
        fee_note=reader.message("fee_note"),
        processing_time=reader.message("processing_time"),
        result_delivery=reader.message("result_delivery"),
        online_level=reader.choice("online_level", ("fully", "partly")),
        documents=tuple(
            _Reader(path, d, f"documents[{i}]").message("name")
            for i, d in enumerate(reader.list_of_tables("documents", required=False))
        ),
        questions=questions,
        source=reader.text("source", required=False),
        note=reader.text("note", required=False),
    )


def _question(r: _Reader) -> Question:
    qtype = QuestionType(r.choice("type", tuple(t.value for t in QuestionType)))
    choices = tuple(
        Choice(value=c.text("value"), label=c.message("label"))
        for c in (
            _Reader(r.path, d, f"{r.prefix}.choices[{i}]")
            for i, d in enumerate(r.list_of_tables("choices", required=False))
        )
    )
    if qtype is QuestionType.CHOICE and not choices:
        raise CatalogueError(f"{r.path}: key '{r.prefix}.choices': a choice needs options")
    identity = r.text("identity", required=False)
    show_if = r.data.get("show_if")
    condition = None
    if show_if is not None:
        c = _Reader(r.path, show_if, f"{r.prefix}.show_if")
        condition = Condition(question_id=c.text("question"), equals=c.text("equals"))
    return Question(
        id=r.text("id"),
        type=qtype,
        label=r.message("label"),
        hint=r.message("hint") if "hint_vi" in r.data else None,
        required=bool(r.data.get("required", True)),
        choices=choices,
        min_value=r.optional_integer("min"),
        max_value=r.optional_integer("max"),
        max_length=r.optional_integer("max_length") or 200,
        identity=IdentityField(identity) if identity else None,
        show_if=condition,
    )


class _Reader:
    """Typed access to a TOML table that names the file and key when something is wrong."""

    def __init__(self, path: Path, data: Any, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise CatalogueError(f"{path}: key '{prefix}': expected a table")
        self.path = path
        self.data: dict[str, Any] = data
        self.prefix = prefix

    def _key(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def _fail(self, key: str, what: str) -> CatalogueError:
        return CatalogueError(f"{self.path}: key '{self._key(key)}': {what}")

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "missing or not a non-empty string")
        return value

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(key, "missing or not a whole number")
        return value

    def optional_integer(self, key: str) -> int | None:
        return None if self.data.get(key) is None else self.integer(key)

    def message(self, key: str) -> Message:
        return Message(vi=self.text(f"{key}_vi"), en=self.text(f"{key}_en"))

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise self._fail(key, f"must be one of {', '.join(allowed)}")
        return value

    def list_of_tables(self, key: str, *, required: bool = True) -> list[Any]:
        value = self.data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not value:
            raise self._fail(key, "missing or not a list of tables")
        return value
