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


def phrase_pattern(phrases: list[str] | tuple[str, ...]) -> str:
    """One regex alternation for literal phrases: longest first, any run of spaces or a hyphen
    between words, word boundaries at both ends where the phrase starts/ends with a word char."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = [re.escape(w) for w in phrase.split()]
        body = r"[\s\-]+".join(words)
        head = r"\b" if re.match(r"\w", phrase) else ""
        tail = r"\b" if re.search(r"\w$", phrase) else ""
        parts.append(f"{head}{body}{tail}")
    return "|".join(parts) if parts else r"(?!x)x"


def compile_phrases(phrases: list[str] | tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """`phrase_pattern` compiled (case-insensitive unless told otherwise)."""
    return re.compile(phrase_pattern(phrases), flags)
