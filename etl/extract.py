"""One article in, figure records out: the extractor's single entry point.

`extract_figures` reads the article's cleaned text sentence by sentence, carrying a small
reading context (etl.context), and hands each sentence to the rules for prose figures
(etl.figures), tables (etl.tables) and market-entry events (etl.entries). Pure: no I/O beyond
the word lists loaded once per process.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from etl.attribution import attribution, firm_mentions
from etl.context import OTHER, PHONE, Context
from etl.cues import cue
from etl.entries import entry_events
from etl.figures import _OTHER_PRODUCTS, _PHONE_WORDS, MARGIN, Figure, sentence_figures  # noqa: PLC2701 - shared word patterns
from etl.listicle import headed_sentence
from etl.markets import EXCLUDED, find_markets
from etl.model import FIGURE_FIELDS, Article
from etl.sentences import ROW, TITLE, Sentence, split_sentences
from etl.tables import table_figures


def extract_figures(article: Article) -> list[dict]:
    """Every figure record in `article`: dicts with all keys of etl.model.FIGURE_FIELDS."""
    text = article.text
    sentences = split_sentences(text)
    ctx = Context(published=article.published)
    _headline_context(sentences, ctx)
    found: list[tuple[Sentence, Figure | dict]] = []
    i = 0
    while i < len(sentences):
        sent = sentences[i]
        if sent.kind == ROW:
            j = i
            while j < len(sentences) and sentences[j].kind == ROW and sentences[j].block == sent.block:
                j += 1
            before = [s for s in sentences[:i] if s.block == sent.block - 1 or (s.block == sent.block)]
            after = [s for s in sentences[j:] if s.block == sentences[j - 1].block + 1]
            k = j + len(after)
            if (
                after
                and k < len(sentences)
                and sentences[k].kind == ROW
                and sentences[k].block == after[-1].block + 1
            ):
                after = []  # the paragraph below is the next table's caption, not a note on this one
            ctx.enter_block(sent.block)
            found.extend(table_figures(sentences[i:j], before, after, ctx))
            i = j
            continue
        ctx.share_nearby = None  # asked lazily: only a bare percent needs it
        ctx.sentences, ctx.index = sentences, i
        headed = headed_sentence(sent, sentences[i + 1] if i + 1 < len(sentences) else None)
        if headed is not None:  # "94.9 million." then what it counts: read as one, quoted as both
            quote = Sentence(
                sent.start, headed.end, text[sent.start : headed.end], headed.block, headed.kind, headed.index
            )
            ctx.index = i + 1
            found.extend((quote, figure) for figure in sentence_figures(headed, ctx))
            found.extend((quote, event) for event in entry_events(headed, sentences, ctx))
            i += 2
            continue
        for figure in sentence_figures(sent, ctx):
            found.append((sent, figure))
        for event in entry_events(sent, sentences, ctx):
            found.append((sent, event))
        i += 1
    return _records(article, found)


def _headline_context(sentences: list[Sentence], ctx: Context) -> None:
    """The article's market and product domain, from its headline: a market the headline names
    alone (and not as the goal of an entry or exit) frames figures that name none."""
    titles = [s for s in sentences if s.kind == TITLE]
    if not titles:
        return
    text = " ".join(s.text for s in titles)
    named = [m for m in find_markets(text) if m.kind != EXCLUDED and m.market != "Global"]
    markets = {m.market for m in named if not _NOT_FOCUS_AFTER.match(text, m.end)}
    entry = cue("entry_words").search(text.lower())
    if len(markets) == 1 and len({m.market for m in named}) == 1 and not entry:
        ctx.focus_market = next(iter(markets))
    other = _OTHER_PRODUCTS.search(text)
    phone = _PHONE_WORDS.search(text)
    ctx.domain = OTHER if other and not phone else PHONE
    ctx.block_domain = ctx.domain


# A market named as the origin of a rule, not as what is measured: "despite US blacklist".
_NOT_FOCUS_AFTER = re.compile(
    r"(?:['’]s)?[\s-]+(?:sanctions?|blacklist|ban|bans|government|officials?|regulators?|lawmakers|trade|tariffs?"
    r"|entity|court|authorities|restrictions?|administration|president|stock|listing|ipo|shares|based|made)\b",
    re.IGNORECASE,
)


def _records(article: Article, found: list[tuple[Sentence, Figure | dict]]) -> list[dict]:
    out: list[dict] = []  # each with exactly the keys of FIGURE_FIELDS, in that order
    from_title: list[bool] = []
    seen: dict[tuple, int] = {}
    # A tracker story names its firm once ("according to IDC"); the figures after it are the firm's.
    firms = firm_mentions(article.text)
    firm_at = [pos for pos, _ in firms]
    for sent, item in found:
        record = {k: item.get(k) for k in FIGURE_FIELDS} if isinstance(item, dict) else _figure_record(item)
        record["article"] = article.id
        record["quote"] = sent.text
        record["char_start"] = sent.start
        record["char_end"] = sent.end
        record["attribution"] = record["attribution"] or attribution(sent.text)
        if record["attribution"] is None and record["metric"] != "market_entry" and firms:
            before = bisect_left(firm_at, sent.start)
            record["attribution"] = firms[before - 1][1] if before else firms[0][1]
        if article.published_inferred:
            record["confidence"] = round(max(0.05, record["confidence"] - 0.05), 2)
        title = sent.kind == TITLE
        key = _dedupe_key(record)
        if key in seen:
            at = seen[key]
            if record["confidence"] > out[at]["confidence"] or (from_title[at] and not title):
                out[at], from_title[at] = record, title
            continue
        seen[key] = len(out)
        out.append(record)
        from_title.append(title)
    return out


def _dedupe_key(record: dict) -> tuple:
    if record["metric"] == "market_entry":
        return ("market_entry", record["vendor"], record["market"], record["status"])
    return tuple(
        record.get(k) for k in ("metric", "vendor", "market", "period", "value", "qualifier", "basis")
    )


def _figure_record(f: Figure) -> dict:
    value = float(round(f.value)) if f.unit == "units" else round(f.value, 4)
    is_range = f.low is not None and f.high is not None
    return {
        "article": None,
        "metric": f.metric,
        "vendor": f.vendor,
        "market": f.market,
        "period": str(f.period) if f.period is not None else None,
        "value": value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "value_low": (float(round(f.low)) if f.unit == "units" else f.low) if is_range else None,
        "value_high": (float(round(f.high)) if f.unit == "units" else f.high) if is_range else None,
        "status": None,
        "basis": f.basis if f.metric == MARGIN else None,
        "attribution": None,
        "quote": None,
        "char_start": None,
        "char_end": None,
        "confidence": f.confidence,
    }
