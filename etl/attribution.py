"""Who a sentence says a figure comes from: a research firm named in it, else None.

Not scored; it tells sources apart when two trackers give the same key different values. The
phrase pattern matches lowercased text (etl.lexicon.phrase_pattern), so sentences are lowered."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from etl.lexicon import phrase_pattern, rows


@cache
def _firms() -> tuple[re.Pattern[str], dict[str, str]]:
    names = {r["name"]: r["canonical"] for r in rows("analysts.csv")}
    return re.compile(phrase_pattern(list(names))), {k.lower(): v for k, v in names.items()}


_NOT_SOURCES = ("Reuters", "Bloomberg", "Wall Street")  # report or expect figures; don't track them


@lru_cache(maxsize=256)
def attribution(sentence: str) -> str | None:
    """The first research firm the sentence names (canonical spelling), or None."""
    pattern, index = _firms()
    m = pattern.search(sentence.lower())
    if m is None:
        return None
    name = index.get(" ".join(m.group(0).split()).lower())
    return None if name in _NOT_SOURCES else name


def firm_mentions(text: str) -> list[tuple[int, str]]:
    """Every research firm the text names, as (offset, canonical name), in order: a figure with no
    firm in its own sentence is the firm's last named before it ("IDC said ... It put ...")."""
    pattern, index = _firms()
    out = []
    for m in pattern.finditer(text.lower()):
        name = index.get(" ".join(m.group(0).split()).lower())
        if name and name not in _NOT_SOURCES:
            out.append((m.start(), name))
    return out
