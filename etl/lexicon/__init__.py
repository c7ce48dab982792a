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
    text (`text.lower()` keeps offsets for the text this extractor reads). A lookahead on the
    possible first characters lets the regex engine skip most positions quickly, which
    matters: an IGNORECASE alternation is an order of magnitude slower."""
    items = {p if case_sensitive else p.lower() for p in phrases if p}
    if not items:
        return r"(?!x)x"
    parts = []
    for phrase in sorted(items, key=len, reverse=True):
        words = [re.escape(w) for w in phrase.split()]
        body = r"[\s\-]+".join(words)
        head = r"\b" if re.match(r"\w", phrase) else ""
        tail = r"\b" if re.search(r"\w$", phrase) else ""
        parts.append(f"{head}{body}{tail}")
    first = "".join(sorted({re.escape(p[0]) for p in items}))
    return f"(?=[{first}])(?:{'|'.join(parts)})"


def compile_phrases(phrases: list[str] | tuple[str, ...], case_sensitive: bool = False) -> re.Pattern[str]:
    """`phrase_pattern` compiled; unless `case_sensitive`, for lowercased text."""
    return re.compile(phrase_pattern(phrases, case_sensitive))
