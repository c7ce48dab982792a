"""Word lists the extractor reads, kept as data files beside this module.

Loaded once per process (module-level cache), so extraction pays for parsing them only on the
first article. Lists grow by editing the files, never the code.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


@cache
def lists(name: str) -> dict[str, list[str]]:
    """A YAML file of named phrase lists (`cues.yaml` -> {"growth_verbs": [...], ...})."""
    with (HERE / name).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return {key: [str(item) for item in (value or [])] for key, value in data.items()}


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """A CSV file of this folder as a tuple of row dicts (comment lines start with `#`)."""
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines))


def phrase_pattern(phrases: list[str] | tuple[str, ...], case_sensitive: bool = False) -> str:
    """One regex alternation for literal phrases: longest first, any run of spaces or a hyphen
    between words, word boundaries where a phrase starts/ends with a word character.

    Unless `case_sensitive`, the phrases are lowercased: match the pattern against lowercased
    text (`text.lower()` keeps offsets for the text this extractor reads).

    Built for the regex engine's speed, which matters: a lookahead on the possible first
    characters lets it skip most positions quickly, and the phrases are grouped by their first
    character behind one shared word boundary, so that each alternative opens with a literal
    the engine rejects at a glance (a word boundary opening every alternative is several times
    slower; an IGNORECASE alternation an order of magnitude). Grouping keeps the longest-first
    order within each first character, and phrases with different first characters never
    compete at one position, so what matches is exactly what the plain alternation matches."""
    items = {p if case_sensitive else p.lower() for p in phrases if p.strip()}
    if not items:
        return r"(?!x)x"
    word_start: dict[str, list[str]] = {}  # first character -> rest of each phrase, longest first
    other_start: dict[str, list[str]] = {}
    for phrase in sorted(items, key=len, reverse=True):
        words = phrase.split()
        rest = r"[\s\-]+".join([re.escape(words[0][1:]), *(re.escape(w) for w in words[1:])])
        tail = r"\b" if re.search(r"\w$", phrase) else ""
        groups = word_start if re.match(r"\w", phrase) else other_start
        groups.setdefault(phrase[0], []).append(rest + tail)
    parts = []
    if word_start:
        parts.append(rf"\b(?:{_by_first(word_start)})")
    if other_start:
        parts.append(_by_first(other_start))
    first = "".join(sorted({re.escape(p[0]) for p in items}))
    return f"(?=[{first}])(?:{'|'.join(parts)})"


def _by_first(groups: dict[str, list[str]]) -> str:
    return "|".join(f"{re.escape(c)}(?:{'|'.join(rests)})" for c, rests in groups.items())


def compile_phrases(phrases: list[str] | tuple[str, ...], case_sensitive: bool = False) -> re.Pattern[str]:
    """`phrase_pattern` compiled; unless `case_sensitive`, for lowercased text."""
    return re.compile(phrase_pattern(phrases, case_sensitive))
