"""The cue phrase lists of etl/lexicon/cues.yaml as compiled patterns, built once per process."""

from __future__ import annotations

import re
from functools import cache

from etl.lexicon import lists, phrase_pattern


@cache
def cue(name: str) -> re.Pattern[str]:
    """Any phrase of list `name`, anywhere (case-insensitive)."""
    return re.compile(phrase_pattern(lists("cues.yaml")[name]), re.IGNORECASE)


@cache
def cue_at_start(name: str) -> re.Pattern[str]:
    """A phrase of list `name` at the start of a text, after optional spaces and articles."""
    return re.compile(r"^\s*(?:a\s+|an\s+|the\s+)?(?:" + phrase_pattern(lists("cues.yaml")[name]) + r")", re.IGNORECASE)


@cache
def cue_at_end(name: str) -> re.Pattern[str]:
    """A phrase of list `name` ending a text (before optional spaces)."""
    return re.compile(r"(?:" + phrase_pattern(lists("cues.yaml")[name]) + r")\s*$", re.IGNORECASE)


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The rightmost match of `pattern` in `text`."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - we want the last one
        pass
    return found


def has(name: str, text: str) -> bool:
    return cue(name).search(text) is not None
