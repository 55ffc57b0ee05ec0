"""Finding things the way residents type them: without accents, in any case.

"tam tru", "TẠM TRÚ" and "tạm trú" all find "Đăng ký tạm trú". The same matching serves
the touch screen's search box and ``kiosk catalog search``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from kiosk.procedures import Procedure


def fold(text: str) -> str:
    """Lower case, without tone marks or other diacritics, đ as d, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def matches(query: str, text: str) -> bool:
    """Whether every word of ``query`` is in ``text``, accents and case ignored."""
    folded = fold(text)
    return all(word in folded for word in fold(query).split())


def search_procedures(procedures: Iterable[Procedure], query: str) -> list[Procedure]:
    """The procedures matching ``query``, best first: the name over the summary and area,
    a whole-phrase match over scattered words, then the name where the words come first."""
    words = fold(query).split()
    if not words:
        return list(procedures)
    phrase = " ".join(words)
    scored: list[tuple[int, int, str, Procedure]] = []
    for p in procedures:
        names = fold(f"{p.name.vi} | {p.name.en}")
        rest = fold(f"{p.summary.vi} | {p.summary.en} | {p.area_name.vi} | {p.area_name.en}")
        if not all(w in names or w in rest or w in p.code for w in words):
            continue
        score = (100 if phrase in names else 0) + sum(10 if w in names else 3 for w in words)
        at = min((i for i in (n.find(words[0]) for n in names.split(" | ")) if i >= 0), default=999)
        scored.append((-score, at, fold(p.name.vi), p))
    return [p for *_, p in sorted(scored, key=lambda t: t[:3])]
