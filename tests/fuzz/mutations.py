"""Structure-aware mutations shared by the fuzz modules: bytes flipped, cut and spliced;
document trees (parsed JSON or TOML) with a value swapped for one of another type, or gone."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

# Values of every JSON/TOML type, small, including the awkward ones (empty, huge, negative).
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["", " ", "0", "-1", "1e309", "nan", "Nam", "Nữ", "x" * 300]),
)
ANY_VALUE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=8,
)


@st.composite
def mutated_bytes(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few bytes flipped, replaced, cut, duplicated or inserted."""
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["flip", "set", "truncate", "insert", "delete", "dup"]))
        if not data:
            data.extend(draw(st.binary(min_size=1, max_size=8)))
            continue
        pos = draw(st.integers(min_value=0, max_value=len(data) - 1))
        if kind == "flip":
            data[pos] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif kind == "set":
            data[pos] = draw(st.sampled_from([0x00, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0xFF]))
        elif kind == "truncate":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(min_value=1, max_value=8))]
        else:
            end = min(len(data), pos + draw(st.integers(min_value=1, max_value=16)))
            data[pos:pos] = data[pos:end]
    return bytes(data)


def _paths(tree: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [prefix]
    if isinstance(tree, dict):
        for key, value in tree.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            out.extend(_paths(value, (*prefix, i)))
    return out


@st.composite
def mutated_tree(draw: st.DrawFn, original: Any, max_changes: int = 3) -> Any:
    """A deep copy of ``original`` with values replaced by others of any type, or removed."""
    tree = copy.deepcopy(original)
    for _ in range(draw(st.integers(min_value=1, max_value=max_changes))):
        paths = [p for p in _paths(tree) if p]
        if not paths:
            return draw(ANY_VALUE)
        path = draw(st.sampled_from(paths))
        parent = tree
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "wrap"]))
        if action == "delete":
            del parent[key]
        elif action == "wrap":
            parent[key] = [parent[key]] if draw(st.booleans()) else {"x": parent[key]}
        else:
            parent[key] = draw(ANY_VALUE)
    return tree


def toml_text(tree: Any) -> str:
    """``tree`` written as TOML (every table inline; None, which TOML lacks, as a string)."""
    if not isinstance(tree, dict):
        tree = {"value": tree}
    return "".join(f"{_toml_key(k)} = {_toml_value(v)}\n" for k, v in tree.items())


def _toml_key(key: Any) -> str:
    return json.dumps(str(key))


def _toml_value(value: Any) -> str:
    if value is None:
        return '"None"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value else "nan"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))
