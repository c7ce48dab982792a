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
        ordered = sorted(spellings, key=len, reverse=True)
        body = "|".join(r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", n)) for n in ordered)
        first = "".join(sorted({re.escape(n[0]) for n in ordered}))
        self._pattern = re.compile(rf"(?=[{first}])(?<![\w\-])(?:{body})(?!\w)") if ordered else None

    def find(self, text: str) -> list[tuple[int, int, V, str]]:
        """(start, end, value, text) of each name in `text`, left to right, longest first."""
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            value = self._index.get(key_of(m.group(0)))
            if value is not None:
                out.append((m.start(), m.end(), value, m.group(0)))
        return out
