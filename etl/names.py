"""Longest-match lookup of multi-word names ("United States", "HMD Global", "Middle East and
Africa") in text.

One case-sensitive regex alternation of the literal names, longest first, behind a lookahead
on their first characters (the engine skips every other position cheaply); the matched words
then key a dict. A name's spaces and hyphens match either ("Asia-Pacific", "Asia Pacific"); a
name written all in lowercase also matches capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Generic, TypeVar

V = TypeVar("V")
_WORD = re.compile(r"\w+(?:[&.]\w+)*")


def key_of(name: str) -> tuple[str, ...]:
    """The words of a name, as the dict key: separators and a trailing period do not count."""
    return tuple(_WORD.findall(name))


class NameIndex(Generic[V]):
    """Names -> values, found in text by longest match."""

    def __init__(self, names: Mapping[str, V]):
        self._index: dict[tuple[str, ...], V] = {}
        spellings: set[str] = set()
        for name, value in names.items():
            key = key_of(name)
            if not key:
                continue
            variants = [name]
            if name[:1].islower():
                variants.append(name[:1].upper() + name[1:])
            for variant in variants:
                self._index.setdefault(key_of(variant), value)
                spellings.add(variant)
        self._pattern = _pattern(spellings)
        self._by_text: dict[str, V | None] = {}  # each matched spelling's value, looked up once

    def find(self, text: str) -> list[tuple[int, int, V, str]]:
        """(start, end, value, text) of each name in `text`, left to right, longest first."""
        if self._pattern is None:
            return []
        out = []
        by_text = self._by_text
        for m in self._pattern.finditer(text):
            word = m.group(0)
            if word in by_text:
                value = by_text[word]
            else:
                if len(by_text) > 10_000:
                    by_text.clear()
                value = by_text[word] = self._index.get(key_of(word))
            if value is not None:
                out.append((m.start(), m.end(), value, word))
        return out


def _pattern(spellings: set[str]) -> re.Pattern[str] | None:
    """Longest spelling first. Spellings are grouped by their first character (each group in
    longest-first order): names with different first characters never compete at one position,
    so this matches exactly what the plain alternation does, and the engine rejects a group with
    one character test instead of one per name."""
    if not spellings:
        return None
    ordered = sorted(spellings, key=len, reverse=True)
    split = [re.split(r"[\s\-]+", name) for name in ordered]
    if any(not words[0] for words in split):  # a spelling opening with a separator: no grouping
        body = "|".join(r"[\s\-]+".join(map(re.escape, words)) for words in split)
    else:
        groups: dict[str, list[str]] = {}
        for words in split:
            rest = r"[\s\-]+".join([re.escape(words[0][1:]), *map(re.escape, words[1:])])
            groups.setdefault(words[0][0], []).append(rest)
        body = "|".join(f"{re.escape(c)}(?:{'|'.join(rests)})" for c, rests in groups.items())
    first = "".join(sorted({re.escape(n[0]) for n in ordered}))
    return re.compile(rf"(?=[{first}])(?<![\w\-])(?:{body})(?!\w)")
