"""Vendor names in text: canonical names and aliases from data/reference/vendors.csv, plus the
brands and descriptors of etl/lexicon/brands.csv ("the iPhone maker"), product models and lines
(etl/lexicon/models.yaml) and the roles a name plays in a sentence.

A name followed by a job title ("Honor president Zhao Ming") is a speaker, not a figure's
owner; a sub-brand inside a parent's figure ("including its Honor brand") is `included`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from etl import settings
from etl.lexicon import lists, phrase_pattern, rows

NAME = "name"
MODEL = "model"
SPEAKER = "speaker"
INCLUDED = "included"


@dataclass(slots=True)
class VendorMention:
    start: int
    end: int
    vendor: str | None  # canonical name; None for a model of no known vendor
    role: str  # name, model, speaker, included
    possessive: bool = False
    text: str = ""


@cache
def reference_vendors() -> dict[str, tuple[str, str]]:
    """Every spelling of a vendor -> (canonical name, kind) from data/reference/vendors.csv."""
    names: dict[str, tuple[str, str]] = {}
    with (settings.REFERENCE_DIR / "vendors.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            canonical, kind = row["vendor"].strip(), (row.get("kind") or "vendor").strip()
            if kind == "total":
                continue  # Market and Others are never spelled out as names
            names[canonical] = (canonical, kind)
            for alias in (row.get("aliases") or "").split("|"):
                if alias.strip():
                    names[alias.strip()] = (canonical, kind)
    return names


@cache
def canonical_vendors() -> frozenset[str]:
    """Canonical names the contract accepts (including Market and Others)."""
    with (settings.REFERENCE_DIR / "vendors.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(row["vendor"].strip() for row in csv.DictReader(handle))


@cache
def _spellings() -> dict[str, str]:
    spellings = {name: canonical for name, (canonical, _kind) in reference_vendors().items()}
    for row in rows("brands.csv"):
        spellings[row["name"]] = row["vendor"]
    return spellings


# Words that can start or end a model name: the model patterns run only where one appears.
_MODEL_WORDS = frozenset(
    [
        "Galaxy",
        "Xperia",
        "Redmi",
        "Mi",
        "Mate",
        "nova",
        "Nova",
        "Pixel",
        "iPhone",
        "Reno",
        "Find",
        "Nord",
        "Blade",
        "Lumia",
        "Moto",
        "Phone",
        "Note",
        "Zenfone",
        "ROG",
        "Honor",
        "Magic",
        "Camon",
        "series",
        "range",
        "family",
        "line",
        "lineup",
        "models",
        "model",
        "brand",
    ]
)


@cache
def _model_hint() -> re.Pattern[str]:
    """A word that can start or end a model name, or a short model code ("P30", "A52"): the
    model patterns run only in sentences holding one."""
    first = "".join(sorted({w[0] for w in _MODEL_WORDS} | set(_CODE_LETTERS)))
    words = phrase_pattern(sorted(_MODEL_WORDS), case_sensitive=True)
    return re.compile(rf"(?=[{first}])\b(?:[{_CODE_LETTERS}]\d|{words})")


_CODE_LETTERS = "PASMJXVYK"


@cache
def _patterns() -> dict[str, object]:
    from etl.names import NameIndex

    spellings = _spellings()
    models = re.compile("|".join(f"(?:{p})" for p in lists("models.yaml")["patterns"]))
    cues = lists("cues.yaml")
    titles = re.compile(
        r"(?:['’]s)?\s+(?:[a-z][\w-]*\s+){0,2}(?:" + phrase_pattern(cues["speaker_titles"]) + r")"
    )
    import yaml

    from etl.lexicon import HERE

    with (HERE / "vendors.yaml").open(encoding="utf-8") as handle:
        vendor_lex = yaml.safe_load(handle)
    ambiguous = {
        name: (re.compile(spec["after"]), bool(spec.get("always")))
        for name, spec in vendor_lex["ambiguous"].items()
    }
    included = re.compile(
        r"(?:" + phrase_pattern(vendor_lex["included_before"]) + r")\s+(?:its\s+|the\s+|their\s+)?$"
    )
    return {
        "names": NameIndex(spellings),
        "index": {" ".join(n.split()).lower(): v for n, v in spellings.items()},
        "models": models,
        "titles": titles,
        "ambiguous": ambiguous,
        "included": included,
    }


_POSSESSIVE = re.compile(r"['’]s?\b")


@lru_cache(maxsize=256)
def find_vendors(text: str, base: int = 0) -> list[VendorMention]:
    """Vendor names and product models in `text` (one sentence), left to right."""
    pats = _patterns()
    out: list[VendorMention] = []
    taken: list[tuple[int, int]] = []
    if _model_hint().search(text) is not None:
        for m in pats["models"].finditer(text):  # type: ignore[union-attr]
            out.append(VendorMention(base + m.start(), base + m.end(), None, MODEL, False, m.group(0)))
            taken.append((m.start(), m.end()))
    low = None
    for s, e, canonical, word in pats["names"].find(text):  # type: ignore[union-attr]
        if any(a <= s < b or a < e <= b for a, b in taken):
            continue
        rule = pats["ambiguous"].get(word)  # type: ignore[union-attr]
        if rule is not None:
            after_ok = rule[0].match(text, e) is not None
            sentence_start = not text[:s].strip() or text[:s].rstrip().endswith((":", '"', "“"))
            if not after_ok and (sentence_start or not rule[1]):
                continue
        if low is None:
            low = text.lower()
        possessive = bool(_POSSESSIVE.match(text, e))
        role = NAME
        if pats["titles"].match(low, e):  # type: ignore[union-attr]
            role = SPEAKER
        elif pats["included"].search(low[max(0, s - 30) : s]):  # type: ignore[union-attr]
            role = INCLUDED
        out.append(VendorMention(base + s, base + e, canonical, role, possessive, word))
    out.sort(key=lambda v: v.start)
    return out


@cache
def origins() -> dict[str, tuple[str, ...]]:
    """Origin word (lowercased: "korean", "shenzhen") -> the vendors from there (etl/lexicon/origins.csv)."""
    out: dict[str, list[str]] = {}
    for row in rows("origins.csv"):
        out.setdefault(row["origin"].strip().lower(), []).append(row["vendor"].strip())
    return {origin: tuple(names) for origin, names in out.items()}


@cache
def _descriptor() -> re.Pattern[str]:
    places = phrase_pattern(list(origins()))
    nouns = phrase_pattern(lists("cues.yaml")["company_nouns"])
    return re.compile(
        rf"\bthe\s+(?P<origin>{places})(?:[\s-]+(?:based|headquartered))?\s+(?:[a-z][\w-]*\s+){{0,2}}?"
        rf"(?:{nouns})(?![\w-])"
    )


def find_descriptors(low: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, vendors it may mean) of each origin descriptor ("the korean group") in a
    lowercased sentence: a company named by where it comes from, not by its name."""
    found = []
    for m in _descriptor().finditer(low):
        origin = " ".join(m.group("origin").replace("-", " ").split())
        found.append((m.start(), m.end(), origins().get(origin, ())))
    return found


def vendor_of(name: str) -> str | None:
    """The canonical vendor for a spelling ("HMD Global" -> "Nokia"), or None."""
    return _patterns()["index"].get(" ".join(name.split()).lower())  # type: ignore[union-attr]


@cache
def parents() -> dict[str, tuple[str, int | None]]:
    """Sub-brand -> (parent, last year it was counted inside the parent or None for always)."""
    out: dict[str, tuple[str, int | None]] = {}
    for row in rows("subbrands.csv"):
        until = row.get("until") or ""
        out[row["brand"]] = (row["parent"], int(until) if until.strip() else None)
    return out


def parent_of(vendor: str, year: int | None) -> str | None:
    """The parent a brand's figures were counted under in `year` (Honor -> Huawei until 2020)."""
    entry = parents().get(vendor)
    if entry is None:
        return None
    parent, until = entry
    if until is not None and year is not None and year > until:
        return None
    return parent
