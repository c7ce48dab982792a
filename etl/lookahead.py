"""A first-character lookahead for hand-written patterns, derived from the pattern itself.

Python's regex engine tries a pattern at every position of the text; a pattern that opens
with a word boundary or an optional group pays for the whole attempt at each of them. A
lookahead on the characters a match can start with (`(?=[ehf])...`) rejects most positions in
one test: the entry verbs, qualifier and comparison patterns take a fifth to a half less
time. The set is read from the parsed pattern, so it stays right when the pattern changes;
where it cannot be told (a character category, a negated set, case-insensitive matching)
the pattern is left as it is. A lookahead that admits every possible first character never
changes what matches.
"""

from __future__ import annotations

import re

try:  # the standard library's own regex parser (Python 3.11+); without it no lookahead is added
    from re import _constants as sre  # noqa: PLC2701
    from re import _parser as sre_parse  # noqa: PLC2701
except ImportError:  # pragma: no cover - a Python that moved them
    sre = sre_parse = None  # type: ignore[assignment]

_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_SMALL_RANGE = 64  # a set with a wider character range is left unknown


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters any match of `pattern` starts with; None when that cannot be told or a
    match may be empty."""
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) or _GLOBAL_FLAGS.match(pattern):
        return None  # case-folded or verbose text, or inline flags the wrapper would displace
    found = _first(list(parsed))
    if found is None or found[1]:
        return None
    return frozenset(found[0])


def with_lookahead(pattern: str, flags: int = 0) -> str:
    """`pattern` behind a lookahead on its possible first characters; unchanged where that is
    unknown, or where the pattern opens with a character or a set of them, which the engine
    already skips to on its own (a literal prefix is searched for directly: a lookahead would
    only slow it down)."""
    chars = first_chars(pattern, flags)
    if not chars or not _opens_slowly(list(sre_parse.parse(pattern, flags))):
        return pattern
    return f"(?=[{''.join(re.escape(c) for c in sorted(chars))}])(?:{pattern})"


def _opens_slowly(items: list) -> bool:
    """Whether a pattern opens with something the engine must try at every position: a word
    boundary, a lookaround, an optional part, a choice not made on its first character."""
    if not items:
        return False
    op, av = items[0]
    if op is sre.SUBPATTERN:
        return _opens_slowly(list(av[3]))
    if op is sre.BRANCH:
        return not all(alt and alt[0][0] is sre.LITERAL for alt in av[1])
    return op not in (sre.LITERAL, sre.IN)


def _first(items: list) -> tuple[set[str], bool] | None:
    """(first characters, whether the sequence can match empty) of parsed items."""
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
            return out, False
        if op is sre.IN:
            chars = _charset(av)
            if chars is None:
                return None
            return out | chars, False
        if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: the first character comes after it
        if op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if add_flags & re.IGNORECASE:
                return None
            found = _first(list(sub))
        elif op is sre.BRANCH:
            found = _branch(av[1])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, sub = av
            found = _first(list(sub))
            if found is not None and low == 0:
                found = (found[0], True)
        else:
            return None  # any character, a negated literal, a back-reference, ...
        if found is None:
            return None
        out |= found[0]
        if not found[1]:
            return out, False
    return out, True


def _branch(alternatives: list) -> tuple[set[str], bool] | None:
    out: set[str] = set()
    empty = False
    for alternative in alternatives:
        found = _first(list(alternative))
        if found is None:
            return None
        out |= found[0]
        empty = empty or found[1]
    return out, empty


def _charset(items: list) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _SMALL_RANGE:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None  # a category (\s, \w, \d), a negation, a wide range
    return out


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile` of `pattern` behind its first-character lookahead (see `with_lookahead`)."""
    return re.compile(with_lookahead(pattern, flags), flags)
