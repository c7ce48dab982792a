"""The cue phrase lists of etl/lexicon/cues.yaml as compiled patterns, built once per process.

All patterns here match lowercased text (see etl.lexicon.phrase_pattern): callers pass
`text.lower()` or a slice of it.
"""

from __future__ import annotations

import re
from functools import cache

from etl.lexicon import lists, phrase_pattern


@cache
def cue(name: str) -> re.Pattern[str]:
    """Any phrase of list `name`, anywhere."""
    return re.compile(phrase_pattern(lists("cues.yaml")[name]))


@cache
def cue_at_start(name: str) -> re.Pattern[str]:
    """A phrase of list `name` at the start of a text, after optional spaces and an article."""
    return re.compile(r"\s*(?:a\s+|an\s+|the\s+)?(?:" + phrase_pattern(lists("cues.yaml")[name]) + r")")


@cache
def _at_end(name: str) -> re.Pattern[str]:
    return re.compile(r"(?:" + phrase_pattern(lists("cues.yaml")[name]) + r")\s*$")


def ends_with(name: str, text: str) -> bool:
    """Whether lowercased `text` ends with a phrase of list `name` (only its tail is scanned)."""
    return _at_end(name).search(text[-40:]) is not None


def starts_with(name: str, text: str) -> bool:
    """Whether lowercased `text` starts with a phrase of list `name`."""
    return cue_at_start(name).match(text) is not None


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The rightmost match of `pattern` in `text`."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - we want the last one
        pass
    return found


def has(name: str, text: str) -> bool:
    """Whether lowercased `text` holds a phrase of list `name`."""
    return cue(name).search(text) is not None
