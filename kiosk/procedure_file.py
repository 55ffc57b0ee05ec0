"""Read procedure files (TOML) into :class:`~kiosk.procedures.Procedure` objects.

Everything is checked on load, and a file that does not validate stops loading with a
message naming the file and the key. Groups (``person``, ``address``) are expanded here into
one question per page, so the rest of the kiosk only ever sees plain questions.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from kiosk.payment import PaymentMethod
from kiosk.procedures import (
    MAX_MINUTES,
    MIN_MINUTES,
    WARD_PLACEHOLDER,
    CatalogueError,
    Choice,
    Condition,
    DateWhen,
    FeeRule,
    GroupType,
    IdentityField,
    PageFee,
    Prefill,
    Procedure,
    Question,
    QuestionType,
    WardOffice,
    estimated_minutes,
)
from kiosk.result_delivery import DeliveryMethod
from kiosk.text import Message

UNITS_DIR_NAME = "units"
HANOI_UNITS_FILE = "hanoi.toml"

_PERSON_PARTS: dict[str, tuple[QuestionType, Message, Message | None]] = {
    "full_name": (
        QuestionType.NAME,
        Message("Họ và tên", "Full name"),
        Message("Viết đầy đủ, có dấu.", "In full, with accents."),
    ),
    "date_of_birth": (
        QuestionType.DATE,
        Message("Ngày sinh", "Date of birth"),
        Message("Ví dụ: 15/03/1984", "For example: 15/03/1984"),
    ),
    "id_number": (
        QuestionType.CCCD,
        Message("Số định danh cá nhân (số CCCD), nếu có", "Personal ID number, if any"),
        Message("Gồm 12 chữ số. Bỏ trống nếu không có.", "12 digits. Leave empty if none."),
    ),
}
_ADDRESS_STREET = (
    Message("Số nhà, ngõ, đường phố hoặc thôn, xóm", "House number, lane, street or village"),
    Message("Ví dụ: Số 12 ngõ 34 phố Láng Hạ", "For example: 12, lane 34, Láng Hạ street"),
)


def load_procedures(directory: Path) -> list[Procedure]:
    """Every ``*.toml`` file of ``directory``, validated."""
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise CatalogueError(f"{directory}: no procedure files (*.toml)")
    units = _HanoiUnits(directory.parent / UNITS_DIR_NAME / HANOI_UNITS_FILE)
    return [load_procedure(f, units) for f in files]


def procedure_documents(directory: Path) -> list[dict[str, Any]]:
    """Every ``*.toml`` of ``directory`` (sorted by name) as JSON values, unvalidated: what
    the portal serves as its catalogue, and what :func:`procedures_from_documents` takes.

    Raises ``ValueError`` naming the file when one is not TOML."""
    documents = []
    for path in sorted(directory.glob("*.toml")):
        try:
            documents.append(json_values(tomllib.loads(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{path}: {exc}") from exc
    return documents


def json_values(value: Any) -> Any:
    """TOML values as JSON values (dates and times become ISO 8601 text)."""
    if isinstance(value, dict):
        return {str(k): json_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_values(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def load_procedure(path: Path, units: _HanoiUnits | None = None) -> Procedure:
    """Read and validate one procedure file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise CatalogueError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    units = units or _HanoiUnits(path.parent.parent / UNITS_DIR_NAME / HANOI_UNITS_FILE)
    return procedure_from_document(data, path, units)


def procedures_from_documents(documents: Any, config_dir: Path, origin: str) -> list[Procedure]:
    """Procedures from parsed documents (the keys of a procedure file), e.g. the portal's.

    ``documents`` must be a list of tables; ``origin`` names where they came from in errors
    (``catalogue from the portal``); ``config_dir`` holds ``units/hanoi.toml``.
    """
    if not isinstance(documents, list) or not documents:
        raise CatalogueError(f"{origin}: key 'procedures': must be a non-empty list of tables")
    units = _HanoiUnits(config_dir / UNITS_DIR_NAME / HANOI_UNITS_FILE)
    procedures = [
        procedure_from_document(d, Path(f"{origin}: procedures[{i}]"), units)
        for i, d in enumerate(documents)
    ]
    codes = [p.code for p in procedures]
    if len(set(codes)) != len(codes):
        raise CatalogueError(f"{origin}: two procedures share one code")
    return procedures


def procedure_from_document(data: Any, path: Path, units: _HanoiUnits) -> Procedure:
    """Validate one procedure document; ``path`` names it in errors."""
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: must be a table")
    reader = _Reader(path, data)
    questions: list[Question] = []
    for i, table in enumerate(reader.list_of_tables("questions")):
        questions.extend(_questions(_Reader(path, table, f"questions[{i}]"), units))
    _check_questions(path, questions)
    fee_rules = tuple(
        FeeRule(r.text("question"), r.text("equals"), r.amount("fee_vnd"))
        for r in (
            _Reader(path, t, f"fee_rules[{i}]")
            for i, t in enumerate(reader.list_of_tables("fee_rules", required=False))
        )
    )
    ids = {q.id for q in questions}
    for i, rule in enumerate(fee_rules):
        if rule.question_id not in ids:
            raise CatalogueError(f"{path}: key 'fee_rules[{i}].question': no such question")
    page_fee = _page_fee(path, data, ids)
    return Procedure(
        page_fee=page_fee,
        minutes=_minutes(reader, questions),
        ward_office=_ward_office(reader, questions),
        code=reader.text("code"),
        version=reader.integer("version"),
        name=reader.message("name"),
        summary=reader.message("summary"),
        area=reader.text("area"),
        area_name=reader.message("area_name"),
        receiving_office=reader.message("receiving_office"),
        fee_vnd=reader.amount("fee_vnd"),
        fee_note=reader.message("fee_note"),
        processing_time=reader.message("processing_time"),
        result_delivery=reader.message("result_delivery"),
        online_level=reader.choice("online_level", ("fully", "partly")),
        documents=tuple(
            _Reader(path, d, f"documents[{i}]").message("name")
            for i, d in enumerate(reader.list_of_tables("documents", required=False))
        ),
        questions=tuple(questions),
        fee_rules=fee_rules,
        source=reader.text("source", required=False),
        note=reader.text("note", required=False),
        delivery_methods=_methods(reader, "result_delivery", DeliveryMethod, DEFAULT_DELIVERY),
        payment_methods=_payment_methods(reader, fee_rules, page_fee),
        notify=reader.flag("notify", default=False),
    )


DEFAULT_DELIVERY = (DeliveryMethod.OFFICE,)
"""``result_delivery`` when a file does not say: collected at the office."""
DEFAULT_PAYMENT = (PaymentMethod.CASH_AT_OFFICE,)
"""``payment`` when a file with a fee does not say: cash at the office."""

_M = TypeVar("_M", DeliveryMethod, PaymentMethod)


def _methods(r: _Reader, key: str, kind: type[_M], default: tuple[_M, ...]) -> tuple[_M, ...]:
    """A list of ways (``["office", "post"]``): each known, none twice, the first the
    default; ``default`` when the file does not say."""
    if key not in r.data:
        return default
    raw = r.data[key]
    allowed = ", ".join(f'"{m.value}"' for m in kind)
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
        raise r._fail(key, f"must be a non-empty list of {allowed}, the default first")
    unknown = [v for v in raw if v not in {m.value for m in kind}]
    if unknown:
        raise r._fail(key, f"{unknown[0]!r} is not one of {allowed}")
    if len(set(raw)) != len(raw):
        raise r._fail(key, "names a way twice")
    return tuple(kind(v) for v in raw)


def _payment_methods(
    r: _Reader, fee_rules: tuple[FeeRule, ...], page_fee: PageFee | None
) -> tuple[PaymentMethod, ...]:
    """``payment``: how a fee may be paid; only for a procedure that can cost something."""
    can_cost = r.amount("fee_vnd") > 0 or any(f.fee_vnd for f in fee_rules) or page_fee
    if not can_cost:
        if "payment" in r.data:
            raise r._fail("payment", "the procedure has no fee: remove the key")
        return ()
    return _methods(r, "payment", PaymentMethod, DEFAULT_PAYMENT)


def _minutes(r: _Reader, questions: list[Question]) -> int:
    """``minutes``: about how long the procedure takes at the kiosk (estimated from its
    questions and papers when the file does not say)."""
    if "minutes" not in r.data:
        return estimated_minutes(questions)
    minutes = r.integer("minutes")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise r._fail(
            "minutes",
            f"{minutes} is not a time a resident spends at the kiosk: write a whole number "
            f"of minutes from {MIN_MINUTES} to {MAX_MINUTES}",
        )
    return minutes


_WARD_OFFICE_KEYS = ("receiving_office_at_ward_vi", "receiving_office_at_ward_en")
_WARD_FROM_KEY = "receiving_office_ward_from"


def _ward_office(r: _Reader, questions: list[Question]) -> WardOffice | None:
    """``receiving_office_at_ward_vi``/``_en`` (with ``{ward}``) and
    ``receiving_office_ward_from``, the question or address group whose answer must be in
    the kiosk's ward for that office to be named; all three or none."""
    present = [k for k in (*_WARD_OFFICE_KEYS, _WARD_FROM_KEY) if k in r.data]
    if not present:
        return None
    for key in (*_WARD_OFFICE_KEYS, _WARD_FROM_KEY):
        if key not in r.data:
            raise r._fail(
                key,
                f"missing: {', '.join(present)} need(s) it too (the office by the kiosk's "
                f"ward, in Vietnamese and English, and the question that decides it)",
            )
    office = r.message("receiving_office_at_ward")
    for key, text in zip(_WARD_OFFICE_KEYS, (office.vi, office.en), strict=True):
        if text.count(WARD_PLACEHOLDER) != 1:
            raise r._fail(key, f"must hold {WARD_PLACEHOLDER} once, where the ward's name goes")
    decided_by = r.text(_WARD_FROM_KEY)
    by_id = {q.id: q for q in questions}
    named = by_id.get(decided_by)
    commune = by_id.get(f"{decided_by}.commune")
    if named is not None and named.type not in _PREFILLABLE:
        raise r._fail(_WARD_FROM_KEY, f"{decided_by} is not a text or long_text question")
    if named is None and (commune is None or commune.group != decided_by):
        raise r._fail(
            _WARD_FROM_KEY, f"{decided_by} is neither a text question nor an address group"
        )
    return WardOffice(office, decided_by)


def _page_fee(path: Path, data: dict[str, Any], ids: set[str]) -> PageFee | None:
    if "page_fee" not in data:
        return None
    r = _Reader(path, data["page_fee"], "page_fee")
    fee = PageFee(
        pages_question=r.text("pages_question"),
        first_pages=r.integer("first_pages"),
        first_page_fee_vnd=r.amount("first_page_fee_vnd"),
        later_page_fee_vnd=r.amount("later_page_fee_vnd"),
        cap_per_copy_vnd=r.amount("cap_per_copy_vnd") if "cap_per_copy_vnd" in r.data else None,
        copies_question=r.text("copies_question", required=False) or None,
    )
    for key in ("pages_question", "copies_question"):
        named = getattr(fee, key)
        if named is not None and named not in ids:
            raise CatalogueError(f"{path}: key 'page_fee.{key}': no such question")
    return fee


def _check_questions(path: Path, questions: list[Question]) -> None:
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise CatalogueError(f"{path}: key 'questions': two questions share one id")
    for index, q in enumerate(questions):
        for key, condition in (("show_if", q.show_if), ("is_applicant_if", q.applicant_if)):
            if condition is None:
                continue
            earlier = {e.id: e for e in questions[:index] if e.group is None or e.group != q.group}
            target = earlier.get(condition.question_id)
            if target is None:
                raise CatalogueError(
                    f"{path}: key 'questions.{q.id}.{key}': must name an earlier question"
                )
            offered = {c.value for c in target.options}
            if offered and not set(condition.values) <= offered:
                raise CatalogueError(
                    f"{path}: key 'questions.{q.id}.{key}': "
                    f"{target.id} never has the value(s) {', '.join(condition.values)}"
                )


def _questions(r: _Reader, units: _HanoiUnits) -> list[Question]:
    kind = r.choice("type", (*(t.value for t in QuestionType), *(g.value for g in GroupType)))
    condition = _condition(r)
    if kind == GroupType.PERSON:
        _prefill(r, prefillable=False)
        return _person(r, condition)
    if kind == GroupType.ADDRESS:
        return _address(r, condition, units)
    qtype = QuestionType(kind)
    prefill = _prefill(r, prefillable=qtype in _PREFILLABLE)
    choices = tuple(
        Choice(value=c.text("value"), label=c.message("label"))
        for c in (
            _Reader(r.path, d, f"{r.prefix}.choices[{i}]")
            for i, d in enumerate(r.list_of_tables("choices", required=False))
        )
    )
    if qtype in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE) and not choices:
        raise CatalogueError(f"{r.path}: key '{r.prefix}.choices': a choice needs options")
    identity = r.text("identity", required=False)
    return [
        Question(
            id=r.identifier("id"),
            type=qtype,
            label=r.message("label"),
            hint=r.message("hint") if "hint_vi" in r.data else None,
            required=r.flag("required", default=True),
            choices=choices,
            min_value=r.optional_integer("min"),
            max_value=r.optional_integer("max"),
            max_length=r.optional_integer("max_length") or 200,
            when=DateWhen(r.choice("when", tuple(w.value for w in DateWhen), default="past")),
            identity=IdentityField(r.choice("identity", tuple(IdentityField)))
            if identity
            else None,
            show_if=condition,
            document=r.message("document") if qtype is QuestionType.ATTACHMENT else None,
            prefill=prefill,
        )
    ]


_PREFILLABLE = (QuestionType.TEXT, QuestionType.LONG_TEXT)
"""The question types ``prefill`` may mark (and address groups)."""


def _prefill(r: _Reader, *, prefillable: bool) -> Prefill | None:
    if "prefill" not in r.data:
        return None
    if not prefillable:
        raise r._fail("prefill", "only text, long_text and address questions can start filled")
    return Prefill(r.choice("prefill", tuple(p.value for p in Prefill)))


def _condition(r: _Reader, key: str = "show_if") -> Condition | None:
    show_if = r.data.get(key)
    if show_if is None:
        return None
    c = _Reader(r.path, show_if, f"{r.prefix}.{key}")
    if "in" in c.data:
        values = c.data["in"]
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) for v in values)
        ):
            raise CatalogueError(f"{r.path}: key '{c.prefix}.in': a list of values")
        return Condition(c.text("question"), tuple(values))
    return Condition(c.text("question"), (c.text("equals"),))


def _person(r: _Reader, condition: Condition | None) -> list[Question]:
    group = r.identifier("id")
    label = r.message("label")
    fields = r.data.get("fields", list(_PERSON_PARTS))
    if (
        not isinstance(fields, list)
        or not fields
        or not all(isinstance(f, str) and f in _PERSON_PARTS for f in fields)
    ):
        raise CatalogueError(
            f"{r.path}: key '{r.prefix}.fields': a list of {', '.join(_PERSON_PARTS)}"
        )
    required = r.flag("required", default=True)
    # is_applicant_if = { question = "relationship", equals = "mother" }: then the person is
    # the resident, whose name, birth date and ID number the card holds (not asked again)
    applicant_if = _condition(r, "is_applicant_if")
    return [
        Question(
            id=f"{group}.{part}",
            type=_PERSON_PARTS[part][0],
            label=_PERSON_PARTS[part][1],
            hint=_PERSON_PARTS[part][2],
            required=required and part != "id_number",
            max_length=12 if part == "id_number" else 200,
            show_if=condition,
            group=group,
            group_label=label,
            applicant_if=applicant_if,
            applicant_part=IdentityField(part) if applicant_if is not None else None,
        )
        for part in fields
    ]


def _address(r: _Reader, condition: Condition | None, units: _HanoiUnits) -> list[Question]:
    group = r.identifier("id")
    label = r.message("label")
    required = r.flag("required", default=True)
    scope = r.choice("scope", ("hanoi", "any"), default="hanoi")
    prefill = _prefill(r, prefillable=True)
    if prefill is Prefill.KIOSK_APARTMENT:
        raise r._fail("prefill", "kiosk_apartment marks a text or long_text question only")

    def part(name: str, qtype: QuestionType, text: Message, **kw: Any) -> Question:
        return Question(
            id=f"{group}.{name}",
            type=qtype,
            label=text,
            required=required,
            show_if=condition,
            group=group,
            group_label=label,
            prefill=prefill,
            **kw,
        )

    street = part("street", QuestionType.TEXT, _ADDRESS_STREET[0], hint=_ADDRESS_STREET[1])
    if scope == "hanoi":
        commune = part(
            "commune",
            QuestionType.CHOICE,
            Message("Phường, xã (Thành phố Hà Nội)", "Ward or commune (Hanoi)"),
            choices=units.choices(r.path, r.prefix),
        )
        return [commune, street]
    return [
        part("province", QuestionType.TEXT, Message("Tỉnh, thành phố", "Province or city")),
        part("commune", QuestionType.TEXT, Message("Phường, xã", "Ward or commune")),
        street,
    ]


class _HanoiUnits:
    """Hanoi's commune-level units, read once and only if a procedure asks for them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._choices: tuple[Choice, ...] | None = None

    def choices(self, asked_by: Path, key: str) -> tuple[Choice, ...]:
        if self._choices is None:
            try:
                data = tomllib.loads(self.path.read_text(encoding="utf-8"))
            except UnicodeDecodeError as exc:
                raise CatalogueError(
                    f"{asked_by}: key '{key}.scope': the Hanoi units list {self.path} "
                    f"is not UTF-8 text (byte {exc.start})"
                ) from exc
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise CatalogueError(
                    f"{asked_by}: key '{key}.scope': the Hanoi units list {self.path} "
                    f"cannot be read ({exc})"
                ) from exc
            reader = _Reader(self.path, data)
            names = [
                _Reader(self.path, u, f"units[{i}]").text("name")
                for i, u in enumerate(reader.list_of_tables("units"))
            ]
            self._choices = tuple(Choice(n, Message(n, n)) for n in names)
        return self._choices


class _Reader:
    """Typed access to a TOML table that names the file and key when something is wrong."""

    def __init__(self, path: Path, data: Any, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise CatalogueError(f"{path}: key '{prefix}': expected a table")
        self.path = path
        self.data: dict[str, Any] = data
        self.prefix = prefix

    def _fail(self, key: str, what: str) -> CatalogueError:
        where = f"{self.prefix}.{key}" if self.prefix else key
        return CatalogueError(f"{self.path}: key '{where}': {what}")

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "missing or not a non-empty string")
        return value

    def identifier(self, key: str) -> str:
        value = self.text(key)
        if not value.replace("_", "").isalnum() or not value.isascii() or value[0].isdigit():
            raise self._fail(key, "letters, digits and _ only (ASCII), not starting with a digit")
        return value

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(key, "missing or not a whole number")
        return value

    def amount(self, key: str) -> int:
        """A sum of money in VND (a whole number, not negative)."""
        value = self.integer(key)
        if value < 0:
            raise self._fail(key, "must not be negative")
        return value

    def optional_integer(self, key: str) -> int | None:
        return None if self.data.get(key) is None else self.integer(key)

    def flag(self, key: str, *, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def message(self, key: str) -> Message:
        return Message(vi=self.text(f"{key}_vi"), en=self.text(f"{key}_en"))

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        if default is not None and key not in self.data:
            return default
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
