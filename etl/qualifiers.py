"""Qualifiers of a stated number: exact, approx ("about", "some", "nearly"), at_least ("more
than", "topped", "or more"), at_most ("under", "up to", "never more than", "a 5 per cent
ceiling"), or range. Read from the words right before and after the number."""

from __future__ import annotations

import re
from functools import lru_cache

from etl.lookahead import compiled
from etl.numbers import Quantity

EXACT, APPROX, AT_LEAST, AT_MOST, RANGE = "exact", "approx", "at_least", "at_most", "range"

_NEGATED_MORE = compiled(
    r"\b(?:never|not|no|won['’]t|will\s+not|cannot)\b[^.;]{0,60}?\b(?:more\s+than|exceed(?:s|ing)?|above|over"
    r"|higher\s+than|beyond)\s*(?:a\s+|the\s+)?$"
)
_CAP_AT = compiled(r"\b(?:cap|caps|capped|capping|ceiling|limit|limits|limited)\b[^.;]{0,50}?\bat\s*$")
_AT_MOST = compiled(
    r"\b(?:less\s+than|fewer\s+than|under|below|up\s+to|as\s+high\s+as|as\s+many\s+as|as\s+much\s+as|at\s+most"
    r"|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|a\s+max(?:imum)?\s+of|just\s+under|just\s+below"
    r"|never\s+more\s+than|not\s+exceeding|not\s+above)\s*(?:a\s+|the\s+)?$"
)
_AT_LEAST = compiled(
    r"\b(?:more\s+than|over|above|at\s+least|upwards\s+of|in\s+excess\s+of|north\s+of|just\s+over|topped|tops"
    r"|passed|passes|surpassed|exceeded|exceeding|beyond|a\s+minimum\s+of|no\s+fewer\s+than|no\s+less\s+than"
    r"|better\s+than|well\s+over)\s*(?:a\s+|the\s+)?$"
)
_APPROX = compiled(
    r"(?:\b(?:about|around|some|roughly|nearly|almost|close\s+to|approximately|an\s+estimated|estimated|circa"
    r"|approx\.?|just\s+about|more\s+or\s+less|in\s+the\s+region\s+of|something\s+like|upward\s+of)|~|\bc\.)"
    r"\s*(?:a\s+|the\s+)?$"
)
_TAIL_AT_LEAST = re.compile(r"^\s*(?:per\s*cent|percent|%)?\s*(?:or\s+more|or\s+above|or\s+higher|plus\b|\+)")
_TAIL_AT_MOST = re.compile(
    r"^\s*(?:per\s*cent|percent|%)?\s*(?:or\s+less|or\s+fewer|or\s+below|or\s+lower|at\s+most|ceiling|cap\b|limit\b)"
)
_TAIL_APPROX = re.compile(r"^\s*(?:units|phones|smartphones|handsets)?\s*or\s+so\b")


def qualifier(q: Quantity, lead: str, tail: str) -> str:
    """The qualifier of quantity `q`, given the lowercased sentence text before it (`lead`) and
    after it (`tail`)."""
    if q.is_range:
        return RANGE
    lead = lead[-80:]
    if _NEGATED_MORE.search(lead) or _CAP_AT.search(lead) or _AT_MOST.search(lead):
        return AT_MOST
    if _AT_LEAST.search(lead):
        return AT_LEAST
    if _APPROX.search(lead):
        return APPROX
    if _TAIL_AT_LEAST.match(tail):
        return AT_LEAST
    if _TAIL_AT_MOST.match(tail):
        return AT_MOST
    if _TAIL_APPROX.match(tail):
        return APPROX
    return EXACT


_STRIP = compiled(
    r"(?:\b(?:a|an|the|just|only|some|about|around|roughly|nearly|almost|close\s+to|approximately|an\s+estimated"
    r"|estimated|more\s+than|less\s+than|fewer\s+than|over|under|above|below|at\s+least|at\s+most|up\s+to|a\s+further"
    r"|another|a\s+record|record|further|still|as\s+much\s+as|as\s+many\s+as|well)\s*)+$"
)


@lru_cache(maxsize=1024)
def strip_qualifiers(lead: str) -> str:
    """Lowercased `lead` without the qualifier and article words that end it ("rose by more than "
    -> "rose by"). Only the last 60 characters are scanned."""
    head, end = lead[:-60], lead[-60:]
    return (head + _STRIP.sub("", end.rstrip())).rstrip()
