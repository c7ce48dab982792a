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
from functools import cache

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
    demonyms = {row["word"]: row["market"] for row in rows("demonyms.csv")}
    names = {k: v for k, v in reference_markets().items() if k not in demonyms}
    lex = lists("markets.yaml")
    import yaml

    from etl.lexicon import HERE

    with (HERE / "markets.yaml").open(encoding="utf-8") as handle:
        superlative = yaml.safe_load(handle)["world_superlative"]

    def spelled(name: str) -> str:
        body = r"\s+".join(re.escape(w) for w in name.split())
        if name[:1].islower():
            body = f"[{name[0].upper()}{name[0]}]" + body[1:]
        tail = r"(?![\w])" if re.search(r"\w$", name) else ""
        return rf"(?<![\w-]){body}{tail}"

    blocked = lex["unlisted_regions"] + ["China Mobile", "China Unicom", "China Telecom", "America Movil"]
    alternatives = [f"(?P<blocked>{'|'.join(spelled(b) for b in sorted(blocked, key=len, reverse=True))})"]
    nouns = phrase_pattern(lex["market_nouns"])
    dem = "|".join(spelled(d) for d in sorted(demonyms, key=len, reverse=True))
    alternatives.append(rf"(?P<demonym>{dem})(?=\s+(?:smartphone\s+|phone\s+|handset\s+|mobile\s+)?(?:{nouns}))")
    alternatives.append(f"(?P<name>{'|'.join(spelled(n) for n in sorted(names, key=len, reverse=True))})")
    regex = re.compile("|".join(alternatives))
    index = {k.lower(): v for k, v in names.items()}
    index.update({k.lower(): v for k, v in demonyms.items()})
    excluding = re.compile(r"(?:" + phrase_pattern(lex["excluding"]) + r")\s+(?:the\s+)?$", re.IGNORECASE)
    return {
        "regex": regex,
        "index": index,
        "excluding": excluding,
        "superlative": re.compile(superlative, re.IGNORECASE),
    }


def find_markets(text: str, base: int = 0) -> list[MarketMention]:
    """Market mentions in `text`, left to right (excluded ones flagged, unlisted regions dropped)."""
    pats = _patterns()
    out: list[MarketMention] = []
    for m in pats["regex"].finditer(text):  # type: ignore[union-attr]
        if m.lastgroup == "blocked":
            continue
        word = m.group(0)
        market = pats["index"].get(" ".join(word.split()).lower())  # type: ignore[union-attr]
        if market is None:
            continue
        if market == "Global" and pats["superlative"].match(text, m.start()):  # type: ignore[union-attr]
            continue
        kind = DEMONYM if m.lastgroup == "demonym" else NAME
        if pats["excluding"].search(text[max(0, m.start() - 20) : m.start()]):  # type: ignore[union-attr]
            kind = EXCLUDED
        out.append(MarketMention(base + m.start(), base + m.end(), market, kind, word))
    return out


def canonical_markets() -> frozenset[str]:
    return frozenset(reference_markets().values())
