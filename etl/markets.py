"""Market names in text: canonical names and aliases from data/reference/markets.csv, and
demonyms (etl/lexicon/demonyms.csv) where they qualify a market noun ("the Chinese market",
"American carriers", not "the Chinese company").

Regions markets.csv does not list (Greater China) are read and dropped, so "China" inside them
is never taken for China; "outside China" is flagged as excluded; "the world's largest" is no
market at all.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from etl import settings
from etl.lexicon import lists, phrase_pattern, rows

NAME = "name"
DEMONYM = "demonym"
EXCLUDED = "excluded"


@dataclass(slots=True)
class MarketMention:
    start: int
    end: int
    market: str
    kind: str  # name, demonym, excluded
    text: str = ""


@cache
def reference_markets() -> dict[str, str]:
    """Every spelling of a market -> canonical name, from data/reference/markets.csv."""
    names: dict[str, str] = {}
    with (settings.REFERENCE_DIR / "markets.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            canonical = row["market"].strip()
            names[canonical] = canonical
            for alias in (row.get("aliases") or "").split("|"):
                if alias.strip():
                    names[alias.strip()] = canonical
    return names


@cache
def _patterns() -> dict[str, object]:
    from etl.names import NameIndex

    demonyms = {row["word"]: row["market"] for row in rows("demonyms.csv")}
    names = {k: v for k, v in reference_markets().items() if k not in demonyms}
    lex = lists("markets.yaml")
    import yaml

    from etl.lexicon import HERE

    with (HERE / "markets.yaml").open(encoding="utf-8") as handle:
        superlative = yaml.safe_load(handle)["world_superlative"]
    blocked = lex["unlisted_regions"] + ["China Mobile", "China Unicom", "China Telecom", "America Movil"]
    everything: dict[str, tuple[str, str | None]] = {}
    for name in blocked:
        everything[name] = ("blocked", None)
    for name, market in demonyms.items():
        everything.setdefault(name, ("demonym", market))
    for name, market in names.items():
        everything.setdefault(name, ("name", market))
    nouns = phrase_pattern(lex["market_nouns"])
    return {
        "index": NameIndex(everything),
        "noun_after": re.compile(rf"\s+(?:smartphone\s+|phone\s+|handset\s+|mobile\s+)?(?:{nouns})"),
        "excluding": re.compile(r"(?:" + phrase_pattern(lex["excluding"]) + r")\s+(?:the\s+)?$"),
        "superlative": re.compile(superlative.replace("(?:the\\s+)?", "")),
    }


@lru_cache(maxsize=256)
def find_markets(text: str, base: int = 0) -> list[MarketMention]:
    """Market mentions in `text`, left to right (excluded ones flagged, unlisted regions dropped)."""
    pats = _patterns()
    out: list[MarketMention] = []
    low = None
    for s, e, (kind, market), word in pats["index"].find(text):  # type: ignore[union-attr]
        if kind == "blocked":
            continue
        if low is None:
            low = text.lower()
        if kind == "demonym" and not pats["noun_after"].match(low, e):  # type: ignore[union-attr]
            continue
        if market == "Global":
            at = low.find("world", s, e)
            if at >= 0 and pats["superlative"].match(low, at):  # type: ignore[union-attr]
                continue
        kind = DEMONYM if kind == "demonym" else NAME
        if pats["excluding"].search(low[max(0, s - 20) : s]):  # type: ignore[union-attr]
            kind = EXCLUDED
        out.append(MarketMention(base + s, base + e, market, kind, word))
    return out


def canonical_markets() -> frozenset[str]:
    return frozenset(reference_markets().values())
