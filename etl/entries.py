"""Market-entry events: a vendor entering, planning to enter, being blocked from, announcing
its exit from, or leaving a market.

Each status has its verbs (etl/lexicon/entries.yaml); the market follows the verb ("entered
the UK market", "began selling its smartphones officially in Spain"); the vendor is the
sentence's subject or the company last named. A dropped carrier deal is a block only under
political pressure stated in or beside the sentence. The period is the event's own date
phrase; an undated event counts only where the article reports it as news (headline, lead,
or words like "on Monday"), dated with the publication year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.context import Context
from etl.lexicon import HERE, lists, phrase_pattern, rows
from etl.lookahead import compiled
from etl.markets import EXCLUDED, MarketMention, find_markets
from etl.periods import PeriodMention, event_year, find_periods
from etl.sentences import TITLE, Sentence
from etl.vendors import NAME, find_vendors

ENTERED, PLANNED, BLOCKED, EXIT_PLANNED, EXITED = "entered", "planned", "blocked", "exit_planned", "exited"
_GAP = r"(?:[\w'’()+-]+\s+){0,8}?"
_NEWS_BLOCKS = 2  # headline, standfirst or first paragraph: an undated event there is news
_WORD = re.compile(r"[a-z]+")
# Around a plan's verb: dated by the next such month ("will ... from July"), unless the plan itself
# was the event ("announced its exit in April").
_FUTURE = re.compile(
    r"\bto\s+\w+$|^to\b|\b(?:will|plans?|planning|intends|expects|is\s+set|aims?|coming)\b", re.IGNORECASE
)
_PAST = re.compile(r"\b(?:announced|voted|decided|decision|confirmed)\b", re.IGNORECASE)


@cache
def _rules() -> dict:
    import yaml

    with (HERE / "entries.yaml").open(encoding="utf-8") as handle:
        lex = yaml.safe_load(handle)

    def compile_status(status: str) -> list[tuple[re.Pattern[str], bool, bool]]:
        out = []
        for body in lex[status]:
            needs_market = body.endswith("NEEDS_MARKET")
            market_before = body.startswith("MARKET_BEFORE")  # "German sales restarted"
            body = body.replace("NEEDS_MARKET", "").replace("MARKET_BEFORE", "").replace("MARKET_GAP", _GAP)
            out.append((compiled(body), needs_market, market_before))
        return out

    statuses = (ENTERED, PLANNED, EXIT_PLANNED, EXITED, BLOCKED)
    return {
        "verbs": {status: compile_status(status) for status in statuses},
        "needs_novelty": compiled("|".join(lex["needs_novelty"])),
        "novelty": compiled(r"\b(?:" + "|".join(lex["novelty"]) + r")\b"),
        "planned_noun": compiled(lex["planned_noun"]),
        "intent": compiled(lex["intent"]),
        "carrier_drop": compiled(lex["carrier_drop"]),
        "carrier": _carrier_words(lex["carrier_words"]),
        "pressure": compiled(lex["pressure"]),
        "not_real": compiled(lex["not_real"], re.IGNORECASE),  # read on the original text
        "chain": compiled(lex["chain"]),
        "future_before": compiled(lex["future_before"]),
        "forced": compiled(lex["forced"]),
        "followed": compiled(lex["followed"]),
        "status_words": _status_words(lex["status_words"]),
        "recency": compiled(lex["recency"]),
        "same_time": compiled(lex["same_time"]),
        "regions": frozenset(lex["regions"]),
        "relative_step": compiled(lex["relative_step"]),
        "enumeration": compiled(lex["enumeration"]),
        "carriers": {r["name"]: r["market"] for r in rows("carriers.csv")},
        "model": re.compile("|".join(f"(?:{p})" for p in lists("models.yaml")["patterns"])),
    }


def entry_events(sent: Sentence, sentences: list[Sentence], ctx: Context) -> list[dict]:
    """Market-entry records stated in one sentence (dicts of the figure record's fields)."""
    text = sent.text
    rules = _rules()
    low = text.lower()
    if len(low) != len(text):
        return []
    triggered = _triggered(low, rules["status_words"])
    if not triggered and _carrier(text, low) is None:
        return []
    found: list[tuple[str, int, int, list[MarketMention]]] = []  # status, verb start, verb end, markets
    markets = [m for m in find_markets(text) if m.kind != EXCLUDED]
    periods = _anchored(low, [p for p in find_periods(text) if p.rel != "frame_only"], ctx)
    carrier_event = _carrier_block(sent, sentences, markets, low)
    exit_words = EXIT_PLANNED in triggered or EXITED in triggered
    if not markets and carrier_event is None and not exit_words:
        return []  # every event but an exit or a dropped carrier deal names its market
    for status, patterns in rules["verbs"].items():
        if status not in triggered:
            continue
        for pattern, needs_market, market_before in patterns:
            for m in pattern.finditer(low):
                if rules["not_real"].search(text[max(0, m.start() - 40) : m.start()]):
                    continue
                if market_before:
                    after = [mm for mm in markets if m.start() - 3 <= mm.end <= m.start()]
                else:
                    after = _markets_after(text, m.end(), markets)
                if not after and status in (EXITED, EXIT_PLANNED):
                    after = _market_in_clause(low, m.end(), markets)  # "stopped selling its X in India"
                if not after:  # a market inside the phrase: "halted Xiaomi's Indian sales"
                    after = [mm for mm in markets if m.start() <= mm.start and mm.end <= m.end()][:1]
                if after and status == EXITED and rules["model"].search(text, m.start(), after[0].start):
                    continue  # one model taken off sale ("halted sales of the Galaxy Note 7") is no exit
                if after:
                    after = after + _enumerated(text, low, after[-1], markets)
                if after and status in (ENTERED, EXITED):
                    after = after + _chained(text, low, after[-1], markets, periods)
                if status in (ENTERED, PLANNED) or needs_market:
                    if not after:
                        continue
                    product_level = status == ENTERED and rules["needs_novelty"].search(m.group(0))
                    if product_level and not rules["novelty"].search(low):
                        continue  # a product going on sale is an entry only the first time
                if status == BLOCKED:
                    after = (
                        after
                        or [mm for mm in markets if m.end() <= mm.start < m.end() + 60][:1]
                        or [mm for mm in markets if mm.start < m.start()][-1:]
                    )
                    if not after:
                        continue
                before_verb = low[max(0, m.start() - 30) : m.start()]
                if status == ENTERED and rules["future_before"].search(before_verb):
                    status_here = PLANNED  # "will go on sale in France": not yet
                elif status == EXITED and rules["future_before"].search(before_verb):
                    status_here = EXIT_PLANNED  # "is set to quit India"
                elif status == EXITED and _forced(sent, sentences, rules):
                    status_here = BLOCKED  # stopped selling under a court injunction or a ban
                else:
                    status_here = status
                found.append((status_here, m.start(), m.end(), after))
    if not any(f[0] == PLANNED for f in found) and markets:
        noun = rules["planned_noun"].search(low)
        if (
            noun
            and rules["intent"].search(low)
            and markets
            and not rules["not_real"].search(text[: noun.start()])
        ):
            found.append((PLANNED, noun.start(), noun.end(), markets[:1]))
    if carrier_event is not None:
        found.append(carrier_event)
    if not found:
        return []
    vendors = [v for v in find_vendors(text) if v.role == NAME and v.vendor]
    out: list[dict] = []
    taken: set[tuple[str, str, str]] = set()
    for status, start, end, event_markets in sorted(found, key=lambda f: f[1]):
        inside = [v.vendor for v in vendors if start <= v.start < end]
        # the vendor a court or ban acts on: "a court halted Xiaomi's sales", "forced OnePlus to"
        subject = inside[0] if status == BLOCKED and inside else _subject(vendors, start, ctx)
        if subject is None:
            continue
        # "OPPO has stopped selling ..., and its sister brand OnePlus has followed"
        followers = [v.vendor for v in vendors if v.start > end and rules["followed"].match(low, v.end)]
        for vendor in dict.fromkeys([subject, *followers]):
            event = _Event(vendor, status, start, end, event_markets)
            out.extend(_event_records(event, text, periods, sent, ctx, taken, first=not out))
    return out


def _status_words(lists: dict[str, list[str]]) -> tuple[dict[str, frozenset[str]], tuple]:
    """The statuses each status word (a whole run of a-z) cues, and the statuses in list order."""
    by_word: dict[str, set[str]] = {}
    for status, words in lists.items():
        for word in words:
            if _WORD.fullmatch(word):  # anything else could never equal a word of the sentence
                by_word.setdefault(word, set()).add(status)
    return {w: frozenset(s) for w, s in by_word.items()}, tuple(lists)


def _triggered(low: str, status_words: tuple) -> list[str]:
    """The statuses whose cue words the lowercased sentence holds, in list order."""
    by_word, order = status_words
    # a status word is a whole run of a-z: look the sentence's runs up in the word table
    words = by_word.keys() & _WORD.findall(low)
    if not words:
        return []
    hit: set[str] = set()
    for word in words:
        hit |= by_word[word]
    return [status for status in order if status in hit]


def _carrier_words(words: list[str]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The pattern for carrier names in a sentence as written, and their lowercase spellings
    (a cheap substring test first: most sentences name no carrier)."""
    spellings = [*words, *(w[0].upper() + w[1:] for w in words if w[:1].islower())]
    lowercase = {w.lower() for w in spellings}
    shortest = tuple(sorted(w for w in lowercase if not any(o != w and o in w for o in lowercase)))
    return re.compile(phrase_pattern(spellings, case_sensitive=True)), shortest


def _carrier(text: str, low: str) -> re.Match[str] | None:
    pattern, lowercase = _rules()["carrier"]
    if not any(word in low for word in lowercase):
        return None
    return pattern.search(text)


@dataclass(slots=True)
class _Event:
    vendor: str
    status: str
    start: int  # the verb's span in the sentence
    end: int
    markets: list[MarketMention]


def _event_records(
    event: _Event,
    text: str,
    periods: list[PeriodMention],
    sent: Sentence,
    ctx: Context,
    taken: set[tuple[str, str, str]],
    first: bool,
) -> list[dict]:
    """One record per market of an event, dated by the event's own date phrase, else (for news
    only) by the publication year."""
    out: list[dict] = []
    status, start, end = event.status, event.start, event.end
    names = [m.market for m in event.markets] or ["Global"]
    for index, market in enumerate(dict.fromkeys(names)):
        if (event.vendor, status, market) in taken:
            continue
        where = event.markets[index] if index < len(event.markets) else None
        verb = text[max(0, start - 25) : end]
        future = status in (PLANNED, EXIT_PLANNED) and bool(_FUTURE.search(verb)) and not _PAST.search(verb)
        future = future or (status == PLANNED and bool(_rules()["future_before"].search(verb.lower())))
        year, dated = _event_year(text, start, end, where, event.markets, periods, ctx, first, future)
        if not dated:
            year, dated = _same_time(text, periods, ctx)
        if not dated:
            if not _is_news(sent, text):
                continue
            year = ctx.published.year if ctx.published else None
        taken.add((event.vendor, status, market))
        out.append(
            {
                "metric": "market_entry",
                "vendor": event.vendor,
                "market": market,
                "period": str(year) if year is not None else None,
                "value": None,
                "unit": None,
                "qualifier": "exact",
                "value_low": None,
                "value_high": None,
                "status": status,
                "basis": None,
                "attribution": None,
                "confidence": 0.8 if dated and year is not None else (0.6 if year is not None else 0.4),
            }
        )
    return out


def _forced(sent: Sentence, sentences: list[Sentence], rules: dict) -> bool:
    """Whether a stop in sales was forced: a court, an injunction or a ban in or beside the sentence."""
    near = [s for s in sentences if s.block == sent.block and abs(s.index - sent.index) <= 1] or [sent]
    return any(rules["forced"].search(s.text.lower()) for s in near)


_MARKET_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and|&|or)\s*(?:the\s+)?")
_ARTICLE_GAP = re.compile(r"\s*(?:the\s+)?")


def _markets_after(text: str, pos: int, markets: list[MarketMention]) -> list[MarketMention]:
    """The market right after a verb, with any markets coordinated with it ("France and Italy")."""
    out: list[MarketMention] = []
    cursor = pos
    for m in markets:
        if m.start < pos:
            continue
        gap = text[cursor : m.start]
        limit = 4 if not out else 8
        if out and not _MARKET_LIST_GAP.fullmatch(gap):
            break
        if not out and len(gap) > limit + 6 and not _ARTICLE_GAP.fullmatch(gap):
            break
        out.append(m)
        cursor = m.end
    return out


_IN_MARKET = re.compile(r"\b(?:in|from|of|to)\s+(?:the\s+)?$")


def _market_in_clause(low: str, pos: int, markets: list[MarketMention]) -> list[MarketMention]:
    """A market named later in the verb's clause ("in India"), before any clause break."""
    for m in markets:
        if m.start < pos or m.start > pos + 60:
            continue
        gap = low[pos : m.start]
        if re.search(r"[,;:]", gap) or not _IN_MARKET.search(gap):
            return []
        return [m]
    return []


_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _anchored(low: str, periods: list[PeriodMention], ctx: Context) -> list[PeriodMention]:
    """Dates the sentence gives relative to an earlier date of its own, resolved against that date:
    "in May 2019 and in the UK the following month" (June 2019), "in 2018 and Italy the next year",
    and a bare month after a dated one ("in May 2019, before Spain in October": October 2019, where
    that is not after publication)."""
    if not any(p.rel == "abs" and p.year for p in periods):
        return periods
    steps = list(_rules()["relative_step"].finditer(low))
    pub = ctx.published
    out: list[PeriodMention] = []
    anchor: tuple[int, int | None] | None = None  # (year, month or None)
    items = sorted([(p.start, p) for p in periods] + [(m.start(), m) for m in steps], key=lambda x: x[0])
    for _, item in items:
        if isinstance(item, re.Match):
            if anchor is None:
                continue
            n = int(item.group("n")) if (item.group("n") or "").isdigit() else _COUNTS.get(item.group("n"), 1)
            unit = item.group("unit1") or item.group("unit2")
            year, month = anchor
            if unit.startswith("month"):
                if month is None:
                    continue
                year, month = year + (month - 1 + n) // 12, (month - 1 + n) % 12 + 1
            else:
                year += n
            out = [p for p in out if not (item.start() <= p.start < item.end())]
            out.append(PeriodMention(item.start(), item.end(), item.group(0), "abs", "M" if month else "Y",
                                     month or 0, year))
            anchor = (year, month)
            continue
        p = item
        if any(m.start() <= p.start < m.end() for m in steps) and anchor is not None:
            continue  # read as a step from the earlier date instead
        if p.rel == "abs" and p.year:
            anchor = (p.year, p.n if p.kind == "M" else None)
        elif p.rel == "recent" and p.kind == "M" and not p.year and anchor is not None:
            year = anchor[0] + (1 if anchor[1] is not None and p.n < anchor[1] else 0)
            if pub is None or (year, p.n) <= (pub.year, pub.month):
                p = PeriodMention(p.start, p.end, p.text, "abs", "M", p.n, year)
                anchor = (year, p.n)
        out.append(p)
    return out


def _enumerated(
    text: str, low: str, region: MarketMention, markets: list[MarketMention]
) -> list[MarketMention]:
    """The countries a region's event goes on to list ("in Europe, starting with five markets, among
    them Poland, Spain and the UK"): where the text names a country and its region, both count."""
    rules = _rules()
    if region.market not in rules["regions"]:
        return []
    later = [m for m in markets if m.start >= region.end]
    if not later:
        return []
    gap = low[region.end : later[0].start]
    if len(gap) > 100 or re.search(r"[;.]", gap) or not rules["enumeration"].search(gap):
        return []
    out = [later[0]]
    for m in later[1:]:
        if not re.fullmatch(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?", text[out[-1].end : m.start]):
            break
        out.append(m)
    return [m for m in out if m.market != region.market]


def _chained(
    text: str, low: str, last: MarketMention, markets: list[MarketMention], periods: list[PeriodMention]
) -> list[MarketMention]:
    """Markets that continue an event after its first market's date: "France in May, followed by
    the UK in June and Spain in October". A plain "and" continues it only where the next market
    carries its own date, so "entered India in 2014 and the US market shrank" stays one event."""
    rules = _rules()
    out: list[MarketMention] = []
    cursor = last.end
    for i, m in enumerate(markets):
        if m.start < cursor:
            continue
        gap = low[cursor : m.start]
        dated_gap = [p for p in periods if cursor <= p.start and p.end <= m.start]
        for p in reversed(dated_gap):  # blank the date phrases out of the gap
            gap = gap[: p.start - cursor] + gap[p.end - cursor :]
        link = rules["chain"].fullmatch(gap)
        if link is None or not (dated_gap or link.group("then")):
            break
        following = markets[i + 1].start if i + 1 < len(markets) else len(text)
        own_date = any(m.end <= p.start < following and p.start - m.end < 25 for p in periods)
        if not link.group("then") and not own_date:
            break
        out.append(m)
        cursor = m.end
    return out


def _subject(vendors: list, start: int, ctx: Context) -> str | None:
    before = [v for v in vendors if v.end <= start]
    if before:
        return before[0].vendor
    if vendors:
        return vendors[0].vendor
    return ctx.vendor


def _event_year(
    text: str,
    start: int,
    end: int,
    where: MarketMention | None,
    markets: list[MarketMention],
    periods: list[PeriodMention],
    ctx: Context,
    first: bool,
    future: bool,
) -> tuple[int | None, bool]:
    """The year of the event and whether the text dates it at all. A date phrase after the
    market (before the next market) is the market's own; a frame opening the sentence ("In
    November it opened ...") dates the sentence's first event; else one in the verb's clause."""
    pub = ctx.published
    if where is not None:
        following = [m for m in markets if m.start > where.start]
        stop = following[0].start if following else len(text)
        own = [
            p for p in periods if where.end <= p.start < stop and not _is_clause_far(text, where.end, p.start)
        ]
        if own:
            return event_year(own[0], pub, ctx.frame, future), True
        if following and re.fullmatch(
            r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", text[where.end : following[0].start]
        ):
            # "France and Italy in May": a date after the list dates each market in it
            tail_periods = [
                p
                for p in periods
                if p.start >= following[-1].end and not _is_clause_far(text, following[-1].end, p.start)
            ]
            if tail_periods:
                return event_year(tail_periods[0], pub, ctx.frame, future), True
    clause_start = max(text.rfind(",", 0, start), text.rfind(";", 0, start), 0)
    opening = [p for p in periods if p.end <= start and (p.start < 25 or p.start >= clause_start)]
    if opening and first:
        return event_year(opening[-1], pub, ctx.frame, future), True
    near = [p for p in periods if end <= p.start and not _is_clause_far(text, end, p.start)]
    if near:
        return event_year(near[0], pub, ctx.frame, future), True
    return None, False


def _same_time(text: str, periods: list[PeriodMention], ctx: Context) -> tuple[int | None, bool]:
    """An event dated by reference to an earlier date ("that summer", "the same year"): the
    year of the last date the sentence names before it, else of the period being talked about."""
    anaphor = _rules()["same_time"].search(text.lower())
    if anaphor is None:
        return None, False
    years = [p.year for p in periods if p.end <= anaphor.start() and p.year]
    if years:
        return years[-1], True
    if ctx.frame is not None:
        return ctx.frame.year, True
    return None, False


def _is_clause_far(text: str, a: int, b: int) -> bool:
    """Whether a clause boundary lies between two positions."""
    gap = text[a:b]
    return (
        bool(re.search(r"[;:]|,\s+(?:which|who|and|but|while|although|as|a|the|following|after)\b", gap))
        or len(gap) > 60
    )


def _is_news(sent: Sentence, text: str) -> bool:
    return sent.kind == TITLE or sent.block <= _NEWS_BLOCKS or _rules()["recency"].search(text) is not None


def _carrier_block(
    sent: Sentence, sentences: list[Sentence], markets: list[MarketMention], low: str
) -> tuple[str, int, int, list[MarketMention]] | None:
    """A carrier deal dropped under political pressure: a block from the carrier's market."""
    rules = _rules()
    text = sent.text
    carrier = _carrier(text, low)
    if carrier is None:
        return None
    drop = rules["carrier_drop"].search(low)
    if drop is None:
        return None
    if rules["not_real"].search(text[max(0, drop.start() - 40) : drop.start()]):
        return None
    near = [s for s in sentences if s.block == sent.block and abs(s.index - sent.index) <= 1]
    if not any(rules["pressure"].search(s.text.lower()) for s in near):
        return None
    market = rules["carriers"].get(carrier.group(0))
    candidates = [m for m in markets if market is None or m.market == market]
    if market is not None and not candidates:
        candidates = [MarketMention(carrier.start(), carrier.end(), market, "carrier", carrier.group(0))]
    if not candidates:
        return None
    return (BLOCKED, drop.start(), drop.end(), candidates[:1])
