"""etl.lookahead: the first-character lookahead never changes what a pattern matches."""

from __future__ import annotations

import re

import pytest

from etl.lookahead import first_chars, with_lookahead

TEXT = (
    "Samsung has entered the Indian market, and Xiaomi's shipments rose 12% from 9.5 million "
    "a year earlier; vivo, at 14.2%, each quarter capped at 30, while OPPO will enter Spain."
)


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        pytest.param(r"\b(?:to|from)\s*$", "ft", id="word-boundary-then-choice"),
        pytest.param(r"(?:has\s+|have\s+)?entered\s+", "eh", id="optional-prefix"),
        pytest.param(r"(?:a+)?b", "ab", id="optional-repeat"),
        pytest.param(r"(?<![\w$])(?:19|20)\d\d", "12", id="lookbehind-skipped"),
        pytest.param(r"[A-C]x|y", "ABCy", id="small-range"),
        pytest.param(r"\s*of", None, id="category-unknown"),
        pytest.param(r"(?:x)?y*", None, id="may-match-empty"),
        pytest.param(r"(?i)abc", None, id="case-insensitive"),
        pytest.param(r"[^a]b", None, id="negated-set"),
    ],
)
def test_first_chars(pattern: str, chars: str | None) -> None:
    assert first_chars(pattern) == (frozenset(chars) if chars is not None else None)


@pytest.mark.parametrize(
    ("pattern", "wrapped"),
    [
        pytest.param(r"\beach\b", True, id="boundary-first"),
        pytest.param(r"(?:will|plans?)\s+enter\b", False, id="choice-of-literals-left-alone"),
        pytest.param(r"entered\s+(?:the\s+)?", False, id="literal-prefix-left-alone"),
        pytest.param(r"\b(?:capped|cap)\b[^.;]{0,50}?\bat\s*$", True, id="end-anchored"),
        pytest.param(r"\s*(?:per\s*cent|%)", False, id="unknown-left-alone"),
    ],
)
def test_with_lookahead_keeps_matches(pattern: str, wrapped: bool) -> None:
    fast = with_lookahead(pattern)
    assert (fast != pattern) is wrapped
    plain, ahead = re.compile(pattern), re.compile(fast)
    matched = 0
    low = TEXT.lower()
    for cut in range(len(low)):
        for text in (low[cut:], low[:cut]):
            found = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in ahead.finditer(text)] == found
            matched += len(found)
    assert matched  # the text exercises the pattern
