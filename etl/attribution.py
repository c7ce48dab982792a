"""Who a sentence says a figure comes from: a research firm named in it, else None.

Not scored; it tells sources apart when two trackers give the same key different values."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from etl.lexicon import phrase_pattern, rows


@cache
def _firms() -> tuple[re.Pattern[str], dict[str, str]]:
    names = {r["name"]: r["canonical"] for r in rows("analysts.csv")}
    return re.compile(phrase_pattern(list(names))), {k.lower(): v for k, v in names.items()}


@lru_cache(maxsize=256)
def attribution(sentence: str) -> str | None:
    """The first research firm the sentence names (canonical spelling), or None."""
    pattern, index = _firms()
    m = pattern.search(sentence)
    if m is None:
        return None
    name = index.get(" ".join(m.group(0).split()).lower())
    return None if name in ("Reuters", "Bloomberg", "Wall Street") else name
