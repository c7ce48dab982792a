"""Sentence splitting with offsets into the article text.

The cleaned text has the headline first, paragraphs separated by blank lines and tables as
Markdown pipe rows, one row per line. Each table row, list item and heading is a unit of its
own; prose lines of one paragraph are read as one run (hard-wrapped text still splits
correctly) and cut at sentence ends. Quotes are the exact slices of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE = "title"
TEXT = "text"
ROW = "row"


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    block: int  # paragraph number: 0 is the headline
    kind: str  # "title", "text" or "row" (a table row)
    index: int = 0  # position in the article's sentence list


_BLOCKS = re.compile(r"\n[ \t]*\n\s*")
_ITEM = re.compile(r"^\s*(?:[-*•·▪–]|\d{1,2}[.)])\s+")
_ROW = re.compile(r"^\s*\|")
# A sentence ends at . ! or ? (plus closing quotes/brackets) before whitespace and a capital,
# digit or opening quote.
_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9£$€])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Inc|Corp|Co|Ltd|Plc|St|No|Nos|vs|etc|approx|incl|est|Jan|Feb|Mar|Apr|Jun|Jul"
    r"|Aug|Sep|Sept|Oct|Nov|Dec|Rs|Gov|Sen|Rep|Gen|Jr|Sr|U\.S|U\.K|e\.g|i\.e)|\b[A-Z])\.$"
)


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of an article, in order, with offsets into `text`."""
    out: list[Sentence] = []
    block = 0
    pos = 0
    for match in [*_BLOCKS.finditer(text), None]:
        end = match.start() if match else len(text)
        if end > pos:
            _split_block(text, pos, end, block, out)
            block += 1
        if match:
            pos = match.end()
    return out


def _split_block(text: str, start: int, end: int, block: int, out: list[Sentence]) -> None:
    kind_default = TITLE if block == 0 else TEXT
    run_start: int | None = None
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        line = text[pos:line_end]
        row = _ROW.match(line)
        marker = None if row else _ITEM.match(line)
        if row or marker:
            if run_start is not None:
                _split_run(text, run_start, pos, block, kind_default, out)
                run_start = None
            if row:
                _add(text, pos, line_end, block, ROW, out)
            else:
                _split_run(text, pos + marker.end(), line_end, block, kind_default, out)
        elif line.strip() and run_start is None:
            run_start = pos
        pos = line_end + 1
    if run_start is not None:
        _split_run(text, run_start, end, block, kind_default, out)


def _split_run(text: str, start: int, end: int, block: int, kind: str, out: list[Sentence]) -> None:
    pos = start
    for m in _END.finditer(text, start, end):
        cut = m.start() + 1
        if text[m.start()] == "." and _ABBREV.search(text[max(start, cut - 12) : cut]):
            continue
        # close any quote/bracket that belongs to the sentence
        while cut < m.end() and text[cut] in "\"'”’)]":
            cut += 1
        _add(text, pos, cut, block, kind, out)
        pos = m.end()
    _add(text, pos, end, block, kind, out)


# A run with no sentence end this long is not prose (a list, a dump, a scrape gone wrong): it is
# cut at clause marks so that per-sentence work stays bounded.
MAX_SENTENCE = 1500


def _add(text: str, start: int, end: int, block: int, kind: str, out: list[Sentence]) -> None:
    body = text[start:end]
    stripped = body.strip()  # str.strip() drops exactly the characters str.isspace() accepts
    if not stripped:
        return
    start += len(body) - len(body.lstrip())
    end = start + len(stripped)
    while end - start > MAX_SENTENCE:
        cut = max(text.rfind(mark, start, start + MAX_SENTENCE) for mark in ("; ", ", ", " "))
        cut = cut + 1 if cut > start else start + MAX_SENTENCE
        out.append(Sentence(start, cut, text[start:cut], block, kind, len(out)))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], block, kind, len(out)))
