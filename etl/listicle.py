"""Figures that head a list item: "94.9 million." standing alone, then a sentence saying what
the number is ("That is how many phones X shipped in 2023", "X's share of the market for the
year, a record").

Neither part states a figure by itself. The two are read as the one sentence they stand for
("X shipped 94.9 million phones in 2023", "X's share of the market for the year was 8.1 per
cent, a record"); the record quotes both as they stand in the text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from etl.sentences import Sentence

# A sentence that is nothing but an amount: "94.9 million.", "8.1 per cent.", "28.2m."
_BARE = re.compile(
    r"^(?P<amount>(?:(?:about|around|almost|nearly|over|more\s+than|some|roughly|close\s+to)\s+)?"
    r"[$£€]?\d[\d.,]*\s*(?:%|per\s*cent|percent|m|mn|bn|k|million|billion|thousand)"
    r"(?:\s+(?:units|phones|smartphones|handsets))?)\s*[.:!]?$",
    re.IGNORECASE,
)
_VERBS = (
    r"shipped|sold|moved|delivered|held|took|had|controlled|captured|claimed|won|commanded|grabbed"
    r"|accounted\s+for|expects\s+to\s+ship|plans\s+to\s+ship|aims\s+to\s+ship"
)
# "That is how many smartphones Transsion shipped in 2023" -> subject, verb, amount, object, tail.
_HOW_MANY = re.compile(
    r"^(?:that|this|it)(?:['’]s|\s+is|\s+was)\s+(?:roughly\s+|about\s+)?how\s+(?:many|much)\s+"
    rf"(?P<obj>.+?)\s+(?P<subj>(?:(?:the|its|their)\s+\w+|it|they|[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*))"
    rf"\s+(?P<verb>{_VERBS})\b(?P<tail>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# A clause with a finite verb is a statement of its own, not a description of the number.
_FINITE = re.compile(
    r"\b(?:is|was|are|were|has|have|had|will|would|can|could|did|does|do|how|that|which|"
    r"shipped|sold|grew|rose|fell|took|held|moved|reached|hit|made|set|said|says)\b"
    r"|(?<!\bthe\s)(?<!\bits\s)(?<!\ba\s)(?<!\ban\s)\b\w{3,}ed\b",  # "the combined total" is no verb
    re.IGNORECASE,
)
_CAPITAL = re.compile(r"^[\"'“‘(]?[A-Z]")


def headed_sentence(head: Sentence, next_sent: Sentence | None) -> Sentence | None:
    """The sentence a bare heading number and the sentence after it stand for, or None."""
    if (
        next_sent is None
        or next_sent.kind != head.kind
        or next_sent.block not in (head.block, head.block + 1)
    ):
        return None
    bare = _BARE.match(head.text)
    if bare is None:
        return None
    amount = bare.group("amount")
    text = next_sent.text
    how = _HOW_MANY.match(text)
    if how is not None:
        obj = how.group("obj")
        joined = f"{how.group('subj')} {how.group('verb')} {amount} {obj}{how.group('tail')}"
        return replace(next_sent, text=joined[0].upper() + joined[1:])
    if not _CAPITAL.match(text):
        return None
    comma = text.find(",")
    cut = comma if comma > 0 else len(text.rstrip(".!?"))
    description = text[:cut]
    if _FINITE.search(description) or len(description.split()) > 14:
        return None
    return replace(next_sent, text=f"{description} was {amount}{text[cut:]}")
