"""A publication date for an article that carries none, inferred from its own text.

An article cannot report as over a period that had not ended when it was written, so the
latest period the text reports in the past tense ("shipped 95 million in the first half of
2018") bounds the date from below; so does the latest full date it names ("1 August 2018").
The inferred date is the day after that bound: the earliest date consistent with the text,
which resolves "this year" and "last year" as a reader would. No clue, no date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from etl.periods import Period, find_periods
from etl.sentences import split_sentences

PAST_WORDS = re.compile(
    r"\b(?:shipped|sold|moved|was|were|had|grew|fell|rose|reached|took|held|ended|finished|posted|reported"
    r"|counted|delivered|launched|entered|began|started|shrank|declined|climbed|slid|overtook|ranked|became"
    r"|made|stood|accounted|captured|recorded|came|totall?ed|amounted|led)\b",
    re.IGNORECASE,
)
FUTURE_WORDS = re.compile(
    r"\b(?:will|would|expects?|expected\s+to|plans?|planned|planning|aims?|aiming|target\w*|goal|forecasts?"
    r"|wants?|hopes?|could|should|may|might|next|in\s+mind|intends?|projected|guidance|due)\b",
    re.IGNORECASE,
)


def infer_published(text: str) -> date | None:
    """The earliest publication date the text allows, or None when it gives no clue."""
    bounds: list[date] = []
    for sent in split_sentences(text):
        for m in find_periods(sent.text):
            if m.rel == "date" and m.year:
                day = _day(m.text, m.year, m.month)
                if day is not None:
                    bounds.append(day)
                continue
            if m.rel != "abs" or m.year is None:
                continue
            before = sent.text[max(0, m.start - 80) : m.start]
            after = re.split(r"[,;:]|\b(?:and|but|while|as)\b", sent.text[m.end : m.end + 25])[0]
            clause_before = re.split(r"[;:,]", before)[-1]
            past = _last(PAST_WORDS, clause_before)
            future = _last(FUTURE_WORDS, clause_before)
            if FUTURE_WORDS.search(after) or (future is not None and (past is None or future > past)):
                continue
            if past is not None or PAST_WORDS.search(after):
                end = Period(m.year, m.kind, m.n, m.fiscal).bounds()[1]
                bounds.append(end + timedelta(days=1))
    return max(bounds) if bounds else None


def _last(pattern: re.Pattern[str], text: str) -> int | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last one
        pass
    return found.start() if found else None


def _day(text: str, year: int, month: int) -> date | None:
    found = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", text.replace(str(year), ""))
    if not found:
        return None
    try:
        return date(year, month, int(found.group(1)))
    except ValueError:
        return None
