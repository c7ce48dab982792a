"""Figures stated in one sentence of prose: shipments, shipment targets, market shares, margins.

A sentence is cut at its numbers: each number has a lead (the words since the previous number)
and a tail (the words up to the next one). What a number measures, whose it is, where and when
are read from those, in the order a reader would: words touching the number first, then the
rest of the sentence, then what earlier sentences established (etl.context).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl.context import OTHER, PHONE, Context
from etl.cues import cue, cue_at_start, ends_with, last_match
from etl.dating import FUTURE_WORDS, PAST_WORDS
from etl.lexicon import lists, phrase_pattern, rows
from etl.lookahead import compiled
from etl.markets import EXCLUDED, MarketMention, find_markets
from etl.numbers import PERCENT, UNITS, Quantity, find_quantities
from etl.periods import Period, PeriodMention, find_periods, is_over, mark_event_dates, resolve
from etl.qualifiers import qualifier, strip_qualifiers
from etl.sentences import TITLE, Sentence
from etl.vendors import MODEL, NAME, SPEAKER, VendorMention, find_descriptors, find_vendors, parent_of

SHIPMENTS, TARGET, SHARE, MARGIN = "shipments", "shipments_target", "market_share", "margin"
MARKET, OTHERS = "Market", "Others"

# What a percent is, before its owner is known.
GROWTH, POINTS = "growth", "points"


@dataclass(slots=True)
class Figure:
    metric: str
    vendor: str
    market: str
    period: Period | None
    value: float
    unit: str
    qualifier: str
    low: float | None = None
    high: float | None = None
    basis: str | None = None
    default_share: bool = False
    confidence: float = 0.9
    # offsets of the number inside the sentence (for ordering and tests)
    at: int = 0


@dataclass(slots=True)
class _Slot:
    """One number of the sentence and what the rules decided about it."""

    q: Quantity
    lead: str
    tail: str
    clause: str  # the tail up to the first clause break: its own period and market live here
    kind: str | None = None  # growth, points, share, margin, units, skip
    owners: tuple[str, ...] = ()
    owner_end: int | None = None  # where the owner's name ends in the sentence
    owner_how: str = ""  # adjacent, lead, right, inherit, anaphor, market, others
    market: str | None = None
    market_how: str = ""
    period: Period | None = None
    period_how: str = ""
    comparison: bool = False  # introduced by from/than/against: its period does not set the frame
    skip: bool = False
    cue: str | None = None  # "ship" or "target": the verb that governs a units figure
    shifted: bool = False  # its period is a shift of another ("a year earlier")
    basis: str | None = None
    default_share: bool = False


_CLAUSE_END = re.compile(
    r"[,;:()\[\]]|\s[-–—]\s|\s(?!as\s+(?:recently|late|early|long\s+ago|far\s+back|of)\b)(?:"
    + phrase_pattern(lists("cues.yaml")["clause_breaks"])
    + r")\s+(?=\w)"
)  # "as recently as the first quarter" dates the number; it opens no new clause
_COMPARE_LEAD = compiled(
    r"\b(?:from|than|against|versus|vs\.?|compared\s+(?:with|to)|compares\s+with|below|above|on)\s+(?:the\s+|its\s+|a\s+)?"
    r"(?:\w+\s+){0,2}$"
)
_FROM_END = compiled(r"\bfrom\s*$")
_LEVEL_END = compiled(r"\b(?:to|from|at|of|was|is|were|be)\s*$")
_SHIFT_AS_REFERENCE = compiled(r"\b(?:on|from|over|than|against|versus|vs|with|to)\s*$")
_SEP_IN_LEAD = compiled(r"[,;:]|\b(?:from|than|against|versus|compared|below|above)\b")
_ADJACENT = re.compile(
    r"^(?:['’]s?)?(?:\s*\(|\s+at|\s*:|\s*,\s*(?:which|who)\s+(?:\w+\s+){0,2}|\s+(?:with|on|had|held|took|shipped|sold"
    r"|moved|has|have)(?:\s+(?:a|an|the|its))?)?\s*(?:(?:about|around|some|roughly|nearly|almost|just|only|more\s+than"
    r"|over|under|close\s+to|less\s+than|a\s+record|record)\s+)*$"
)
_EACH = compiled(r"\beach\b")


def _has_each(text: str) -> bool:
    return "each" in text and _EACH.search(text) is not None  # the substring test rules out most texts


_TOGETHER = compiled(r"\b(?:together|combined|between\s+them|jointly)\b")
_FIGURE_ANAPHOR = re.compile(r"\s*(?:" + phrase_pattern(lists("cues.yaml")["figure_anaphors"]) + ")")
_SUBSET_TAIL = re.compile(
    r"^\s*(?:share\s+)?(?:of\s+(?:them|those|these)\b|(?:of|in)\s+(?:(?:its|their|his|her)\b"
    r"|the\s+(?:company['’]s|group['’]s|firm['’]s)"
    r"|(?:the\s+)?[\d.,]+\s*(?:million|billion|mn|bn|m\b)))"
)
_UNKNOWN_OWNER = compiled(r"\b([A-Z][A-Za-z&-]+)(?:['’]s\s+\w*\s*|\s+at\s+|\s*\(\s*|\s+with\s+)$")
_MARKET_BEFORE = re.compile(r"(?:\b(?:in|of|across|within|for|on)\s+(?:the\s+)?(?:\w+\s+)?|^\s*)$")
_FRAME_START = re.compile(r"^\s*(?:(?:in|across|within|for|at\s+home\s+in)\s+(?:the\s+)?)?$")
_MARGIN_TAIL = re.compile(r"^\s*(?:(?:net|gross|operating|profit|hardware|pre-tax)\s+)*margins?\b")
# A business other than phones named as the holder of a margin: "its internet services business",
# "the IoT segment's", "advertising margin".
_SEGMENT = re.compile(
    r"\b(?:"
    + phrase_pattern(lists("cues.yaml")["non_phone_segments"])
    + r")(?:\s+(?:business(?:es)?|segment|unit|division|arm|operations?|products?)\b|['’]s\b"
    r"|(?=\s+(?:(?:net|gross|operating|profit)\s+)*margins?\b))"
)
_COMPANY_WIDE = re.compile(
    r"\b(?:"
    + phrase_pattern(lists("cues.yaml")["company_wide"])
    + r")\b|\b[a-z]+['’]s\s+(?:[\w-]+\s+)?margin"
)
_SHARE_TAIL = re.compile(
    r"^\s*(?:(?:market\s+)?share\b|of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:market|shipments|sales)\b|each\b"
    r"|(?:[\w-]+\s+)?(?:slice|stake|portion|piece|chunk|cut)\s+(?:of|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}"
    r"(?:market|shipments|sales|total|volumes?)\b"
    r"|of\s+(?:all\s+|the\s+)*(?:[\w-]+\s+){0,2}?(?:smartphones|phones|handsets|units)\s+(?:shipped|sold|delivered)\b)"
)
# "103 million phones, or 28.7%", "33.6 million phones (9.3 per cent)", "25.3 million, a 7 per cent share":
# a percent set right after a unit count restates that count as a share
_SHARE_OF_COUNT = re.compile(
    r"^\s*(?:units|phones|smartphones|handsets|iphones|devices)?\s*(?:,\s*(?:or|and)?|\(|\s[-–—]|\bor|\bfor)"
    r"\s*(?:(?:a|an|good\s+for|for|giving\s+it|equal\s+to|equivalent\s+to|about|around|some|roughly|nearly"
    r"|almost|just|over|under)\s+)*$"
)
# "giving it 19.2% of the total": a share when nothing else in the clause says otherwise
_WEAK_SHARE_TAIL = re.compile(r"^\s*of\s+(?:the\s+)?(?:[\w-]+\s+)?(?:total|volume|volumes)\b")
_OTHERS = re.compile(phrase_pattern(lists("cues.yaml")["others"]))
_GROUPS = re.compile(phrase_pattern(lists("cues.yaml")["groups"]))
_OPAQUE = re.compile(phrase_pattern(lists("cues.yaml")["opaque_frames"]))
_ANAPHOR = re.compile(r"(?:" + phrase_pattern(lists("cues.yaml")["company_anaphors"]) + r")")
_ANALYSTS = re.compile(phrase_pattern([r["name"] for r in rows("analysts.csv")], case_sensitive=True))

# A phone noun, not as the modifier of a company or business ("the phone maker", "its handset unit").
_PHONE_WORDS = re.compile(
    "(?:" + phrase_pattern(lists("cues.yaml")["phone_nouns"]) + r")(?!\s*(?:maker|makers|business|market|unit"
    r"|division|brand))"
)
_OTHER_PRODUCTS = re.compile(phrase_pattern(lists("cues.yaml")["other_products"]))
_PRODUCT_WORDS = re.compile(f"(?P<phone>{_PHONE_WORDS.pattern})|(?P<other>{_OTHER_PRODUCTS.pattern})")
_OTHER_COUNTS = re.compile(phrase_pattern(lists("cues.yaml")["other_counts"]))
_SUBSET_MODS = re.compile(phrase_pattern(lists("cues.yaml")["subset_modifiers"]))
_OS = re.compile(phrase_pattern(lists("cues.yaml")["operating_systems"]))
_NOT_SHARE = re.compile(phrase_pattern(lists("cues.yaml")["not_a_share"]))
_HABITUAL = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:" + phrase_pattern(lists("cues.yaml")["habitual"]) + r")\b"
    r"(?!\s+(?:earlier|ago|before|later|after))"
)
_DIFFERENCE = re.compile(
    r"\s*(?:" + phrase_pattern(lists("cues.yaml")["difference_after"]) + r")\s+(?:[\w-]+\s+)?"
    r"(?:than\b|units|phones|smartphones|handsets)"
)
_CUMULATIVE = cue("cumulative")
_SHIP_OR_TARGET = compiled(
    r"(?P<target>"
    + phrase_pattern(lists("cues.yaml")["target"])
    + r")|(?P<ship>"
    + phrase_pattern(lists("cues.yaml")["ship_past"])
    + r")"
)
_SHIPPED_AFTER = re.compile(
    r"^\s*(?:units|phones|smartphones|handsets|iphones)?\s*(?:\w+\s+)?(?:that\s+|which\s+)?(?:it|they)?\s*"
    r"(?:had\s+|has\s+)?(?:shipped|sold|moved|reported|counted|delivered)\b"
)
_CONSENSUS_AFTER = cue_at_start("consensus_after")
_BASIS = tuple(
    (name, re.compile(phrase_pattern(lists("cues.yaml")[f"basis_{name}"])))
    for name in ("hardware", "gross", "operating", "net")
)
_PLEDGE = cue("pledge")


def _clause(tail: str) -> str:
    m = _CLAUSE_END.search(tail)
    return tail[: m.start()] if m else tail


def sentence_figures(sent: Sentence, ctx: Context) -> list[Figure]:
    """Every shipments, target, share and margin figure stated in one prose sentence."""
    text = sent.text
    low = text.lower()
    if len(low) != len(text):  # keep offsets aligned for the rare character whose lowercase is longer
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    quantities = [q for q in find_quantities(text) if q.unit is not None]
    vendors = find_vendors(text)
    periods = mark_event_dates(low, [p for p in find_periods(text) if p.rel != "frame_only"])
    _update_domain_start(ctx, sent)
    if not any(q.unit in (UNITS, PERCENT) and not q.money for q in quantities):
        _remember(ctx, low, vendors, periods, [], sent)
        return []
    markets = find_markets(text)
    slots = []
    for i, q in enumerate(quantities):
        lead = low[(quantities[i - 1].end if i else 0) : q.start]
        tail = low[q.end : (quantities[i + 1].start if i + 1 < len(quantities) else len(low))]
        slots.append(_Slot(q, lead, tail, _clause(tail)))
    for i in range(len(slots)):
        _classify(slots, i, low, sent, ctx)
    for i, slot in enumerate(slots):
        if slot.kind is None or slot.q.money:
            continue
        _own(slots, i, low, vendors, ctx, text)  # also for numbers that are not figures: later ones inherit
    _respectively(slots, low, vendors)
    for i, slot in enumerate(slots):
        if slot.kind in (None, "skip", GROWTH, POINTS) or not slot.owners:
            continue
        _when(slots, i, low, periods, sent, ctx)
    figures: list[Figure] = []
    for i, slot in enumerate(slots):
        if slot.kind in (None, "skip", GROWTH, POINTS) or not slot.owners or slot.skip:
            continue
        _where(slots, i, low, markets, vendors, ctx)
        figures.extend(_build(slots, i, low, sent, ctx))
    if ctx.main_market is None and sent.kind != TITLE and sent.block <= _LEDE_BLOCKS:
        # only an opening statistic sets the article's market: one further down is local to its paragraph
        ctx.main_market = _first_stated_market(slots, low, markets, vendors)
    _remember(ctx, low, vendors, periods, slots, sent)
    if TRACE is not None:
        TRACE.append((text, slots, str(ctx.frame)))
    return figures


# Set to a list to collect (sentence, slots, frame) while debugging the rules; None in use.
TRACE: list | None = None


# --- what a number measures ---------------------------------------------------------------------


def _classify(slots: list[_Slot], i: int, text: str, sent: Sentence, ctx: Context) -> None:
    slot = slots[i]
    q = slot.q
    if q.money:
        slot.kind = "skip"
        return
    if q.unit == PERCENT:
        slot.kind = _percent_kind(slots, i, text, ctx)
    elif q.unit == UNITS:
        slot.kind = _units_kind(slots, i, text, ctx)


def _percent_kind(slots: list[_Slot], i: int, text: str, ctx: Context) -> str:
    slot = slots[i]
    q, lead, tail = slot.q, slot.lead, slot.tail
    if q.signed:
        return GROWTH
    if cue_at_start("points_after").match(tail):
        return POINTS
    core = strip_qualifiers(lead)
    level = _LEVEL_END.search(core) is not None
    if not level and ends_with("growth_before", core):
        return GROWTH
    if cue_at_start("growth_after").match(tail) and not _SHARE_TAIL.match(tail):
        return GROWTH
    previous = next((s for s in reversed(slots[:i]) if s.q.unit == PERCENT and s.kind), None)
    if cue("margin").search(lead) or _MARGIN_TAIL.match(tail):
        return "skip" if _segment_margin(lead if i else text[: q.start]) else MARGIN
    prefix = text[: slot.q.start]
    window = lead if i else prefix
    explicit_share = bool(cue("share").search(window) or _SHARE_TAIL.match(tail))
    if i and slots[i - 1].q.unit == UNITS and slots[i - 1].kind == UNITS and _SHARE_OF_COUNT.match(lead):
        explicit_share = True
    if previous is not None and previous.kind == MARGIN and not explicit_share:
        return MARGIN
    # Not a vendor's share of smartphone shipments: an OS, revenue, a subset, another product.
    if _OS.search(window[-60:]) or _SUBSET_TAIL.match(tail):
        return "skip"
    market_slice = _SHARE_TAIL.match(tail) is not None  # "a 19 per cent stake of the market"
    if (_NOT_SHARE.search(slot.clause) and not market_slice) or (
        not explicit_share and _NOT_SHARE.search(window)
    ):
        return "skip"
    if _OF_TAIL.match(tail) and _SUBSET_MODS.search(slot.clause[:40]):
        return "skip"
    if _SHARE_OF_SUBSET.search(window[-80:]) or _SUBSET_COUNT_BEFORE.search(window[-50:]):
        return "skip"  # "its share of the premium segment", "of 5G phones"
    if _domain_before(text, slot.q.start, ctx) == OTHER:
        return "skip"
    if explicit_share or _WEAK_SHARE_TAIL.match(tail):
        return SHARE
    if previous is not None and previous.kind in (GROWTH, SHARE, MARGIN):
        # only as sure a share as the one it follows
        slot.default_share = previous.kind == SHARE and previous.default_share
        return previous.kind
    # A bare percent of a vendor ("Apple's 14 per cent", "slipped to 14.1 percent"): a share only
    # where shares are being discussed around it, or where the vendor's name touches it.
    slot.default_share = True
    return SHARE


_OF_TAIL = re.compile(r"^\s*of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?")


def _segment_margin(lead: str) -> bool:
    """Whether the margin before a number is a non-phone business's (spec: not the vendor's): the
    last segment named in the sentence up to the number, with no company-wide word after it."""
    lead = lead[max(lead.rfind(";"), lead.rfind(". ")) + 1 :]
    segment = last_match(_SEGMENT, lead)
    if segment is None:
        return False
    return _COMPANY_WIDE.search(lead, segment.end()) is None


def _units_kind(slots: list[_Slot], i: int, text: str, ctx: Context) -> str:
    slot = slots[i]
    head = slot.clause[:60]
    # the noun the count is of
    first_words = " ".join(head.split()[:5])
    other = _OTHER_PRODUCTS.search(first_words) or _OTHER_COUNTS.search(first_words)
    phone = _PHONE_WORDS.search(first_words)
    if other and (phone is None or other.start() < phone.start()):
        return "skip"
    if phone is not None and _SUBSET_MODS.search(first_words[: phone.start()]):
        return "skip"
    if phone is None and _domain_before(text, slot.q.start, ctx) == OTHER:
        return "skip"  # "units" of whatever product the sentence is about
    if _SUBSET_TAIL.match(slot.tail):
        return "skip"
    verb = last_match(_UNITS_VERB, slot.lead[-60:])
    if verb is not None and verb.lastgroup == "other":
        return "skip"  # "recalled some 2.5 million handsets": not a sale
    if _DIFFERENCE.match(slot.tail):
        return "skip"
    core = strip_qualifiers(slot.lead)
    if not _LEVEL_END.search(core) and ends_with("growth_before", core):
        return "skip"  # "grew by 12 million units": a change, not a level
    if _CUMULATIVE.search(slot.tail[:80]) or _CUMULATIVE.search(slot.lead[-40:]):
        return "skip"
    if _PART_OF.search(slot.lead[-60:]):
        return "skip"  # "of which 20 million were ...": a part of the figure before it
    if _SUBSET_COUNT_BEFORE.search(slot.lead[-50:]):
        return "skip"  # "shipments of 5G smartphones reached 20 million"
    after_noun = head[phone.end() :] if phone is not None else head
    if _HABITUAL.match(after_noun):
        return "skip"
    return UNITS


@lru_cache(maxsize=256)
def _products(text: str) -> tuple[tuple[int, str], ...]:
    """(position, PHONE or OTHER) of every product word of a lowercased sentence."""
    return tuple(
        (m.start(), PHONE if m.lastgroup == "phone" else OTHER) for m in _PRODUCT_WORDS.finditer(text)
    )


def _domain_before(text: str, pos: int, ctx: Context) -> str:
    """The product the sentence is about up to `pos` (else the paragraph's)."""
    domain = ctx.block_domain
    for at, kind in _products(text):
        if at >= pos:
            break
        domain = kind
    return domain


# --- whose it is -------------------------------------------------------------------------------


def _own(
    slots: list[_Slot], i: int, text: str, vendors: list[VendorMention], ctx: Context, orig: str
) -> None:
    """Who owns number i. `text` is the lowercased sentence, `orig` as written."""
    slot = slots[i]
    q = slot.q
    lead_start = slots[i - 1].q.end if i else 0
    # after "against", "versus", "while" a new owner is named: names before it belong to the
    # numbers before it ("13.7 million Motorola phones ..., against 12 million for LG")
    turn = last_match(_TURN, text[lead_start : q.start]) if i else None
    if turn is not None:
        lead_start += turn.end()
    asides = [span for span in _asides(text) if span[1] <= q.start]
    previous_end = slots[i - 1].q.end if i else -1
    in_lead = [
        v
        for v in vendors
        if lead_start <= v.start
        and v.end <= q.start
        and v.role in (NAME, MODEL)
        and not any(a <= v.start < b for a, b in asides)
        # "70.4 million for Samsung and 60.5 million ...": Samsung is the earlier number's
        and not (i and _RIGHT_FOR.match(text[previous_end : v.start]))
    ]
    if any(v.role == MODEL and _MODEL_NEXT.match(text, q.end, v.start) for v in vendors if v.start >= q.end):
        slot.kind = "skip"  # "2.5 million Note 7 handsets": one model's count
        return
    # a name touching the number owns it ("Apple's 77.3 million", "Sharp at 12.3%", "Samsung (21.8%)")
    candidates = []
    for v in reversed(in_lead):
        between = text[v.end : q.start]
        for a, b in reversed(asides):  # "OPPO, which now counts OnePlus: 16%": the aside does not part them
            if v.end <= a:
                between = between[: a - v.end] + between[b - v.end :]
        if v.role == MODEL:
            if len(between) < 60 and not _MODEL_RELEASE.search(between):
                slot.kind = "skip"  # a model or product line owns it
                return
            continue
        if _ADJACENT.match(between):
            candidates = [v]
            slot.owner_how = "adjacent"
            break
        compared = ends_with("comparison_before", text[max(lead_start, v.start - 25) : v.start])
        if not compared:
            candidates.append(v)
    if candidates and slot.owner_how != "adjacent":
        slot.owner_how = "lead"
        candidates = [candidates[0]]
    unknown = _UNKNOWN_OWNER.search(orig[max(lead_start, q.start - 50) : q.start])
    if (
        unknown
        and not _known_word(unknown.group(1))
        and (not candidates or candidates[0].end <= max(lead_start, q.start - 50) + unknown.start())
    ):
        slot.kind = "skip"
        return
    if candidates:
        owner = candidates[0]
        slot.owners = (owner.vendor,)  # type: ignore[assignment]
        slot.owner_end = owner.end
        names_in_lead = [v for v in in_lead if v.role == NAME]
        if _has_each(slot.tail[:12]) or _has_each(slot.lead):
            group = _coordinated(names_in_lead, text)
            if len(group) > 1:
                slot.owners = tuple(group)
        elif _TOGETHER.search(slot.lead) or _TOGETHER.search(slot.clause[:30]):
            distinct = {v.vendor for v in names_in_lead}
            slot.owners = _combined(distinct, ctx)
        return
    # a name right after the number: "18.4 per cent for Samsung", "9.2 million Xiaomi phones"
    right = _right_owner(slot, text, vendors)
    if right is not None:
        slot.owners, slot.owner_end, slot.owner_how = (right.vendor,), right.end, "right"
        return
    lead = slot.lead if i else text[: q.start]
    if _has_each(lead) and ctx.last_vendors:
        slot.owners, slot.owner_how = tuple(ctx.last_vendors), "each"
        return
    others = last_match(_OTHERS, lead)
    if others is not None:
        slot.owners, slot.owner_how = (OTHERS,), "others"
        slot.owner_end = q.start - len(lead) + others.end()
        return
    if _GROUPS.search(lead) or _ORIGIN_GROUP.search(lead):
        slot.kind = "skip"  # "the top five", "Chinese phone makers": several vendors at once
        return
    if _MARKET_SUBJECT.search(lead):  # "..., and the market as a whole shrank to 1.4 billion"
        slot.owners, slot.owner_how = (MARKET,), "market"
        return
    previous = next((s for s in reversed(slots[:i]) if s.owners), None)
    if previous is not None:
        # through a growth number ("Xiaomi's shipments in Europe jumped 48% to 4.3 million"), the
        # owner's words still frame this number; past another figure they belong to that one
        through = previous.kind in (GROWTH, POINTS) and previous.owner_how in ("adjacent", "lead")
        slot.owners, slot.owner_end = previous.owners, previous.owner_end
        slot.owner_how = "through" if through else "inherit"
        restated = last_match(_ANAPHOR, slot.lead)
        if restated is not None:  # "..., although it was still ... with roughly 10 percent"
            slot.owner_end, slot.owner_how = lead_start + restated.end(), "anaphor"
        return
    prefix = text[: q.start]
    answered = _asked_about(ctx) if i == 0 and not _BULLET.sub("", prefix) else None
    if answered is not None:  # "How many phones does Sony expect to sell?" / "Four million units ..."
        slot.owners, slot.owner_how = (answered,), "anaphor"
        return
    if _FIGURE_ANAPHOR.match(text) and ctx.last_owner:
        slot.owners, slot.owner_how = (ctx.last_owner,), "figure-anaphor"
        return
    near = max(0, q.start - 250)
    found = last_match(_ANAPHOR, text[near : q.start])
    anaphor_start = near + found.start() if found is not None else None
    anaphor_end = near + found.end() if found is not None else None
    after_anaphor = _ANAPHOR_AFTER.match(slot.tail)
    speaker = any(v.role not in (NAME, MODEL) for v in vendors if v.end <= q.start)
    earlier = [
        v
        for v in vendors
        if v.role == NAME and v.vendor and anaphor_start is not None and v.end <= anaphor_start
    ]
    antecedent = earlier[0].vendor if earlier else ctx.vendor
    described = _described(text, near, q.start, vendors, ctx)
    if described is not None and (anaphor_start is None or described[0] >= anaphor_start):
        # "The Korean group moved 78.2 million units": the vendor of that origin named last
        if described[1] is not None:
            slot.owners, slot.owner_how, slot.owner_end = (described[1],), "anaphor", described[2]
        return
    if (anaphor_start is not None or after_anaphor) and antecedent:
        slot.owners, slot.owner_how = (antecedent,), "anaphor"
        slot.owner_end = anaphor_end
        return
    if slot.kind == UNITS and (
        _names_market(prefix[-300:])
        or _names_market(slot.clause)
        or _ANALYSTS.search(orig[max(0, q.start - 300) : q.start])
    ):
        slot.owners, slot.owner_how = (MARKET,), "market"
        return
    person = last_match(_PERSON, text[near : q.start])
    if person is not None and not _MARKET_SUBJECT.search(text[near + person.end() : q.start]):
        # "For 2015 he is aiming at 100 million": an executive speaks for the company he leads
        spoken = next((v.vendor for v in reversed(vendors) if v.role == SPEAKER and v.end <= q.start), None)
        if spoken or ctx.speaker_vendor:
            slot.owners, slot.owner_how = (spoken or ctx.speaker_vendor,), "anaphor"  # type: ignore[assignment]
            slot.owner_end = near + person.end()
            return
    if slot.kind == MARGIN and ctx.vendor and not speaker:
        slot.owners, slot.owner_how = (ctx.vendor,), "anaphor"
        return


_BULLET = re.compile(r"[\s*#>•·\-–—]|\d+[.)]\s")


def _asked_about(ctx: Context) -> str | None:
    """The one vendor a question (or a lead-in ending in a colon) just before names: a sentence that
    opens with its number answers it."""
    if not ctx.carry_over or not ctx.sentences or ctx.index < 1:
        return None
    asked = {v.vendor for v in find_vendors(ctx.sentences[ctx.index - 1].text) if v.role == NAME and v.vendor}
    return asked.pop() if len(asked) == 1 else None


_NOT_THE_MARKET = re.compile(
    r"\s*(?:leader|leaders|leadership|share|shares|position|watcher|watchers|tracker)\b"
)


def _names_market(text: str) -> bool:
    """Whether lowercased `text` names the whole market ("shipments", "the industry"), not "the
    market leader" or "market share"."""
    return any(not _NOT_THE_MARKET.match(text, m.end()) for m in cue("market_total").finditer(text))


def _described(
    text: str, start: int, end: int, vendors: list[VendorMention], ctx: Context
) -> tuple[int, str | None, int] | None:
    """The last origin descriptor ("the Korean group") in text[start:end] as (start, vendor, end):
    the vendor of that origin named most recently (in this sentence, then before), else the only
    vendor of that origin; vendor None where it stays ambiguous."""
    found = [d for d in find_descriptors(text) if start <= d[0] and d[1] <= end]
    if not found:
        return None
    at, stop, options = found[-1]
    named = [v.vendor for v in reversed(vendors) if v.role == NAME and v.vendor and v.end <= at]
    for name in named + ctx.recent_vendors:
        if name in options:
            return at, name, stop
    return at, (options[0] if len(options) == 1 else None), stop


_ORIGIN_GROUP = re.compile(
    r"(?:"
    + phrase_pattern([r["word"] for r in rows("demonyms.csv")] + ["local", "domestic", "foreign", "overseas"])
    + r")\s+(?:[\w-]+\s+)?(?:brands|vendors|makers|manufacturers|players|companies|firms|oems|rivals|names)\b"
)
_PERSON = re.compile(phrase_pattern(lists("cues.yaml")["person_anaphors"]))
_MARKET_SUBJECT = re.compile(
    r"(?:^|[,;:(]|\s[-–—]|\b(?:and|while|whereas|but|meanwhile))\s*(?:the\s+)?"
    r"(?:(?:overall|whole|total|entire|global|worldwide|international|smartphone|phone|handset|mobile|industry|"
    + phrase_pattern([r["word"] for r in rows("demonyms.csv")])
    + r")\s+){0,3}"
    r"(?:market|industry|phone\s+makers|smartphone\s+makers|handset\s+makers|vendors|manufacturers|"
    r"(?:total|overall|industry|global|worldwide|market)\s+(?:shipments|volumes?|sales))"
    r"(?:\s+as\s+a\s+whole|\s+overall|\s+itself|\s+collectively|\s+together|\s+combined)?"
    r"\s+(?!share|leader)(?:[a-z]+\s+){0,4}$"
)


_MODEL_NEXT = re.compile(r"\s*(?:units\s+of\s+(?:the\s+)?|of\s+(?:the\s+|its\s+)?)?$")
_UNITS_VERB = re.compile(
    "(?P<ship>"
    + phrase_pattern(lists("cues.yaml")["ship_past"] + lists("cues.yaml")["target"])
    + ")|(?P<other>"
    + phrase_pattern(lists("cues.yaml")["not_a_sale"])
    + ")"
)


# Between a model and a number: the talk turns back to the company ("after the Note 7 recall, but its 20%")
_MODEL_RELEASE = re.compile(r"\b(?:but|while|whereas|although|though|yet|its|it|their)\b")


# An aside set off by commas or brackets after a name ("Huawei, whose count folds in Honor, shipped",
# "OPPO (which now includes OnePlus) took"): names inside it are not the subject of what follows.
_ASIDE = re.compile(
    r"(?:,\s*|\s[-–—]\s*|\()(?:(?:(?:and|now|still|also)\s+)?(?:"
    + phrase_pattern(lists("cues.yaml")["aside_openers"])
    + r")\b[^,;:()–—]*?"
    # an appositive naming a relation: ", Huawei's former budget brand,", "(OPPO's sister company)"
    + r"|[^,;:()–—]{0,50}?\b(?:"
    + phrase_pattern(lists("cues.yaml")["aside_relations"])
    + r")\s*"
    # an appositive that describes the subject by its relation ("realme, the budget brand that grew
    # out of OPPO, says"): the relation noun opens it, the other company follows
    + r"|(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}?(?:"
    + phrase_pattern(lists("cues.yaml")["aside_relations"])
    + r")\s+(?:that|which|once|originally|first)?\s*[^,;:()–—]{0,60}?)(?:,|:|\s[-–—]\s|\))"
)


@lru_cache(maxsize=64)
def _asides(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each comma- or bracket-bounded aside of a lowercased sentence."""
    return tuple((m.start(), m.end()) for m in _ASIDE.finditer(text))


_LIST_SEP = re.compile(r"\s*(?:units\s*|phones\s*|smartphones\s*)?(?:,|and|,\s*and|or)\s*$")
_TURN = compiled(r"\b(?:against|versus|vs\.?|compared\s+(?:with|to)|whereas|while)\b")
_ANAPHOR_AFTER = re.compile(
    r"^\s*(?:units|phones|smartphones|handsets|iphones)?\s*(?:that\s+|which\s+)?(?:it|the\s+company)\s+"
    r"(?:had\s+|has\s+)?(?:shipped|sold|moved|reported|delivered)\b"
)


def _respectively(slots: list[_Slot], text: str, vendors: list[VendorMention]) -> None:
    """ "Oppo, Vivo and Xiaomi shipped 30, 25 and 20 million units respectively", "Xiaomi and Apple
    on 14% and 12%": the k names right before a list of k numbers own them in order (with or
    without "respectively"); a second list of k numbers after it ("up from 13% and 11%") too."""
    names = [v for v in vendors if v.role == NAME and v.vendor]
    runs: list[list[_Slot]] = []
    for slot in slots:
        if slot.kind in (None, "skip"):
            runs.append([])
            continue
        if runs and runs[-1] and _LIST_SEP.match(slot.lead) and slot.q.unit == runs[-1][-1].q.unit:
            runs[-1].append(slot)
        else:
            runs.append([slot])
    explicit = "respectively" in text
    group: list[str] = []
    for run in runs:
        if len(run) < 2:
            group = [] if run else group
            continue
        first = run[0]
        lead_start = first.q.start - len(first.lead)
        in_lead = [v for v in names if lead_start <= v.start < first.q.start]
        if in_lead:
            gap = text[in_lead[-1].end : first.q.start]
            close = explicit or (_PAIR_GAP.match(gap) is not None)
            group = _coordinated(in_lead, text) if close else []
        if len(group) != len(run) or len(set(group)) != len(group):
            group = []
            continue
        around = first.lead + " " + run[-1].clause[:20]
        if _EACH.search(around) or _TOGETHER.search(around):
            group = []
            continue
        for slot, vendor in zip(run, group, strict=True):
            slot.owners, slot.owner_how = (vendor,), "respectively"


# Between a list of names and the list of numbers they own: a few words, no clause break.
_PAIR_GAP = re.compile(
    r"^(?:['’]s?)?\s*(?:\(|:|\s)?\s*(?:[a-z-]+\s+){0,4}(?:(?:about|around|some|roughly)\s+)?$"
)


@lru_cache(maxsize=512)
def _known_word(word: str) -> bool:
    """Capitalised words that are not an unknown company: sentence openers, analysts, markets."""
    if word in _COMMON_CAPS:
        return True
    if _ANALYSTS.fullmatch(word):
        return True
    return bool(find_markets(word)) or bool(find_vendors(word))


_COMMON_CAPS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "For",
        "With",
        "By",
        "It",
        "Its",
        "This",
        "That",
        "These",
        "Those",
        "Its",
        "And",
        "But",
        "Or",
        "As",
        "Of",
        "To",
        "From",
        "Over",
        "Under",
        "About",
        "Around",
        "Some",
        "Roughly",
        "Nearly",
        "Just",
        "Only",
        "More",
        "Less",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "H1",
        "H2",
        "Total",
        "Others",
        "Other",
        "Shipments",
        "Revenue",
        "Gross",
        "Net",
        "Operating",
        "Market",
        "Share",
        "Vendors",
        "Globally",
        "Worldwide",
        "Overall",
        "Last",
        "Next",
        "This",
        "Between",
        "According",
        "Counterpoint",
    ]
)


# between two names of one list: "and", a comma, "and its sister brand"
_COORDINATION = re.compile(r"\s*(?:,|and|,\s*and|&)(?:\s+(?:its|their)\s+(?:[\w-]+\s+){0,2}?)?\s*")


def _coordinated(names: list[VendorMention], text: str) -> list[str]:
    """The vendors of a list right before the number ("vivo and OPPO 19 percent each")."""
    if not names:
        return []
    group = [names[-1]]
    for v in reversed(names[:-1]):
        gap = text[v.end : group[-1].start]
        if _COORDINATION.fullmatch(gap):
            group.append(v)
        else:
            break
    return [v.vendor for v in reversed(group) if v.vendor]


def _combined(vendors: set[str | None], ctx: Context) -> tuple[str, ...]:
    """A figure several named vendors share: only a brand with its parent stays (the parent's)."""
    names = {v for v in vendors if v}
    if len(names) <= 1:
        return tuple(names)
    year = ctx.frame.year if ctx.frame else (ctx.published.year if ctx.published else None)
    parents = {parent_of(v, year) for v in names}
    for v in names:
        others = names - {v}
        if all(parent_of(o, year) == v for o in others):
            return (v,)
    _ = parents
    return ()


_RIGHT_FOR = re.compile(
    r"^\s*(?:units\s+|phones\s+|smartphones\s+|handsets\s+)?(?:share\s+)?(?:for|from|by)\s+$"
)
_RIGHT_NOUN = re.compile(r"^\s+$")
_RIGHT_SHIPPED = re.compile(r"^\s*(?:units|phones|smartphones|handsets)\s+(?:that\s+)?$")


def _right_owner(slot: _Slot, text: str, vendors: list[VendorMention]) -> VendorMention | None:
    q = slot.q
    limit = q.end + len(slot.clause)
    for v in vendors:
        if v.start < q.end or v.start > limit or v.role != NAME:
            continue
        between = text[q.end : v.start]
        after = text[v.end : v.end + 30]
        if _RIGHT_FOR.match(between):
            return v
        if _RIGHT_NOUN.match(between) and _PHONE_WORDS.match(after.lstrip()):
            return v
        if _RIGHT_SHIPPED.match(between) and re.match(
            r"^\s*(?:had\s+|has\s+)?(?:shipped|sold|moved)\b", after
        ):
            return v
        break
    return None


# --- when ----------------------------------------------------------------------------------------


def _when(
    slots: list[_Slot], i: int, text: str, periods: list[PeriodMention], sent: Sentence, ctx: Context
) -> None:
    slot = slots[i]
    q = slot.q
    pub = ctx.published
    core_lead = strip_qualifiers(slot.lead)
    slot.comparison = _is_comparison(slot.lead)
    bare_from = _FROM_END.search(core_lead) is not None
    previous = next((s for s in reversed(slots[:i]) if s.period is not None), None)
    anchor = _anchor(slots, i, text, periods, pub, ctx)
    talk = ctx.frame_for(slot.owners)  # the period in focus, as it applies to this owner

    def usable(m: PeriodMention) -> bool:
        return m.rel not in ("date", "frame_only")

    def settle(m: PeriodMention, how: str) -> None:
        if m.is_shift:
            before_numbers = m.start < slots[0].q.start
            origin = talk if before_numbers else (previous.period if previous is not None else talk)
            slot.period = resolve(m, pub, talk, origin)
            slot.shifted = True
            if bare_from or _FROM_END.search(text[: m.start]):
                ctx.block_shift = m.years
        elif m.rel == "part":  # "in January-September": a year-to-date stretch is never a figure
            slot.period, slot.skip = None, True
        else:
            frame = anchor if (anchor is not None or not m.fiscal) else talk
            if m.rel in ("ctx", "ana", "latest") and frame is None:
                frame = talk
            if m.rel == "ctx" and m.kind in ("Q", "H") and frame is not None and frame.kind != m.kind:
                # "in the quarter" after a year was named in passing: the last figure's quarter
                held = ctx.figure_frame
                if held is not None and held.kind == m.kind and held.fiscal == frame.fiscal:
                    frame = held
            if m.rel == "ctx" and m.kind == "Y" and frame is None and pub is not None:
                # "for the full year" with nothing said yet: a year reported as done is the last one
                frame = Period(pub.year - 1 if _reports_done(text) else pub.year)
            slot.period = resolve(m, pub, frame)
        slot.period_how = how

    if slot.kind == UNITS and _tally_to_date(text, periods):
        slot.skip = True  # "by mid-December it had sold a million": a running total, not a period's
        return
    # 1. its own clause: "153 million in 2017", "9 per cent a year earlier"
    clause_end = q.end + len(slot.clause)
    own = [m for m in periods if q.end <= m.start < clause_end + 1 and usable(m)]
    if i and slots[i - 1].period_how == "past-yardstick":  # the 17% of "16% against 17% in Q1 2021"
        slot.comparison = True
        shift = [m for m in own if m.is_shift]
        if shift:
            settle(shift[0], "own")
        else:
            slot.period, slot.period_how = None, "yardstick"
        return
    if own:
        settle(own[0], "own")
        return
    # 2. a period closing a list the number opens: "Apple's 77.3 million edged Samsung's 74.1 million in Q4"
    for j in range(i + 1, len(slots)):
        same_list = (
            _LIST_SEP.match(slots[j].lead) and slots[j].q.unit == q.unit and slots[j].kind == slot.kind
        )
        if (_SEP_IN_LEAD.search(slots[j].lead) and not same_list) or _in_brackets(slots[j].lead):
            break
        end_j = slots[j].q.end + len(slots[j].clause)
        found = [m for m in periods if slots[j].q.end <= m.start and m.end <= end_j + 1 and usable(m)]
        if found:
            settle(found[0], "list")
            return
    # 2b. "16% against 17% in the first quarter of 2021": a period closing the comparison that
    # follows an undated figure is the figure's; the yardstick keeps only a shift it names itself
    trailing = _trailing_after_yardstick(slots, i, text, periods)
    if trailing is not None:
        settle(trailing, "past-yardstick")
        return
    # 3. a bare "from 17 percent": the comparison the paragraph has been making, else unknown
    if bare_from:
        dated = [m for m in periods if q.end <= m.start < clause_end + 1 and m.rel == "date"]
        if dated and previous is not None and not previous.comparison:
            # "9 million, down from the 10 million it forecast in April": an earlier call on the
            # same period, dated by when it was made
            slot.period, slot.period_how, slot.comparison = previous.period, "revision", True
            return
        if ctx.block_shift and talk is not None:
            slot.period, slot.period_how, slot.shifted = (
                talk.shifted(years=-ctx.block_shift),
                "paragraph",
                True,
            )
        else:
            slot.skip = True
        return
    # 4. the nearest period before it that frames its clause
    chosen = _before(slots, i, text, periods)
    if chosen is not None:
        settle(chosen, "before")
        return
    single = _sentence_period(slots, periods, text)
    if single is not None:
        settle(single, "sentence")
        return
    if sent.kind == TITLE:
        slot.skip = True  # a headline restates the body; without its own period it cannot be placed
        return
    if _OPAQUE.search(text[: q.start]):
        slot.period, slot.period_how = None, "opaque"
        return
    slot.period, slot.period_how = talk, "frame"


# A plain yardstick after a figure ("16% against 17%"): no "up from", "than", "compared with".
_YARDSTICK_LEAD = compiled(
    r"^(?:\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:market|shipments))?\s*(?:,\s*)?(?:against|versus|vs\.?)\s*$"
)


def _trailing_after_yardstick(
    slots: list[_Slot], i: int, text: str, periods: list[PeriodMention]
) -> PeriodMention | None:
    """The period that closes the sentence after number i's bare yardstick, where number i has
    none of its own or before it: "Samsung held 16% against 17% in the first quarter of 2021"
    dates the 16%; "a year earlier" beside the 17% dates only the 17%."""
    if i + 1 >= len(slots) or slots[i].q.unit != slots[i + 1].q.unit:
        return None
    nxt = slots[i + 1]
    if not _YARDSTICK_LEAD.match(strip_qualifiers(nxt.lead)):
        return None
    if _before(slots, i, text, periods) is not None:
        return None
    clause_end = nxt.q.end + len(nxt.clause)
    found = [
        m for m in periods if nxt.q.end <= m.start < clause_end + 1 and m.rel not in ("date", "frame_only")
    ]
    fixed = [m for m in found if not m.is_shift]
    if len(fixed) != 1 or text[fixed[0].end :].strip(" .;:!?\n") or len(slots) > i + 2:
        return None
    return fixed[0]


_POINT_LEAD = re.compile(
    r"\b(?:by|as\s+of|as\s+at)\s+(?:the\s+(?:end|close|middle)\s+of\s+|mid-?|early\s+|late\s+)?$"
)
_PERFECT = re.compile(
    r"\b(?:had|has|have)\s+(?:already\s+|now\s+)?(?:sold|shipped|moved|delivered|passed|topped|crossed)\b"
)


def _tally_to_date(text: str, periods: list[PeriodMention]) -> bool:
    """Whether a sentence counts units up to a day or month ("by mid-December it had sold ...",
    "as of June 30 it has shipped ..."): a cumulative total, which no period owns."""
    if _PERFECT.search(text) is None or FUTURE_WORDS.search(text) is not None:
        return False
    return any(m.kind == "M" and _POINT_LEAD.search(text[: m.start]) for m in periods)


def _reports_done(text: str) -> bool:
    """Whether a sentence reports results (past tense, no goal or forecast word)."""
    return PAST_WORDS.search(text) is not None and FUTURE_WORDS.search(text) is None


_COMPARATIVE_LEAD = re.compile(
    r"^\s*(?:per\s*cent|percent|%)?\s*(?:\w+\s+)?(?:more|fewer|less|higher|lower|up|down|above|below)"
    r"\s+(?:than|on|from)\b"
)


def _is_comparison(lead: str) -> bool:
    """Whether a number is the yardstick of a comparison ("up from 9 per cent", "fewer than the
    430.7 million", "2.3 per cent more than the 1.44 billion")."""
    return bool(_COMPARE_LEAD.search(strip_qualifiers(lead)) or _COMPARATIVE_LEAD.match(lead))


def _sentence_period(slots: list[_Slot], periods: list[PeriodMention], text: str) -> PeriodMention | None:
    """The one period a sentence names outside any number's own clause or comparison ("Samsung
    led with 22.1%, followed by Huawei (17.6%), in the first quarter of 2019")."""
    claimed = [(s.q.end, s.q.end + len(s.clause)) for s in slots]
    claimed += _bare_asides(slots, text)
    free = [
        m
        for m in periods
        if not m.is_shift
        and m.rel not in ("date", "frame_only")
        and not any(a <= m.start < b + 1 for a, b in claimed)
        and not _REFERENCE_BEFORE.search(text[: m.start])
    ]
    if len(free) == 1 or (free and len({(m.rel, m.kind, m.n, m.year) for m in free}) == 1):
        return free[0]
    return None


def _bare_asides(slots: list[_Slot], text: str) -> list[tuple[int, int]]:
    """Asides that state no number ("The brand, which Huawei sold in 2020, had 20%"): a date in
    one dates the aside, not the figures around it."""
    spans = _asides(text) + _trailing_relative(text)
    return [span for span in spans if not any(span[0] <= s.q.start < span[1] for s in slots)]


# A relative clause that runs to the end of the sentence ("..., which had led in the holiday quarter.")
_TRAILING_RELATIVE = re.compile(r"(?:,\s*|\s[-–—]\s*)(?:which|who|whose|when|where)\b[^;:()]*$")


@lru_cache(maxsize=64)
def _trailing_relative(text: str) -> tuple[tuple[int, int], ...]:
    m = _TRAILING_RELATIVE.search(text)
    return ((m.start(), m.end()),) if m else ()


def _before(slots: list[_Slot], i: int, text: str, periods: list[PeriodMention]) -> PeriodMention | None:
    """The nearest period before number i that can be its own: not one an earlier comparison
    ("up from 73% in 2017") or an earlier number's shift ("17% more than a year earlier") took."""
    q = slots[i].q
    earlier = [(s.q.end, s.q.end + len(s.clause), s.comparison) for s in slots[:i]]
    lead_start = q.start - len(slots[i].lead)
    asides = _bare_asides(slots, text)
    for m in reversed(periods):
        if m.end > q.start or m.rel in ("date", "frame_only"):
            continue
        if any(a <= m.start < b for a, b in asides):
            continue  # "The brand, which Huawei sold in 2020, had 20%": the aside's date is not the figure's
        inside = [t for t in earlier if t[0] <= m.start < t[1] + 1]
        if any(t[2] for t in inside):
            continue
        if m.is_shift:
            if inside or _SHIFT_AS_REFERENCE.search(text[: m.start]):
                continue
            if m.start > slots[0].q.start and m.start < lead_start:
                continue
        return m
    return None


def _anchor(
    slots: list[_Slot], i: int, text: str, periods: list[PeriodMention], pub, ctx: Context
) -> Period | None:
    """An explicit period earlier in the sentence that later mentions lean on ("in 2016 ... the
    third quarter", "from 2020, when ... over the year")."""
    q = slots[i].q
    found = None
    asides = _bare_asides(slots, text)
    for m in periods:
        if m.end > q.start:
            break
        if m.rel == "abs" and not m.is_shift and not any(a <= m.start < b for a, b in asides):
            found = m
    slot_period = next(
        (
            s.period
            for s in reversed(slots[:i])
            if s.period is not None and not s.comparison and not s.shifted
        ),
        None,
    )
    explicit = resolve(found, pub) if found is not None else None
    if slot_period is not None and (found is None or (slots[i - 1].q.start > found.start if i else False)):
        return slot_period
    if found is not None and _REFERENCE_BEFORE.search(text[: found.start]):
        slots[i].comparison = True  # "barely changed from 2020, when ...": a look back, not the talk's period
    return explicit


# --- where ---------------------------------------------------------------------------------------


def _where(
    slots: list[_Slot],
    i: int,
    text: str,
    markets: list[MarketMention],
    vendors: list[VendorMention],
    ctx: Context,
) -> None:
    slot = slots[i]
    q = slot.q
    usable = [
        m for m in markets if m.kind != EXCLUDED and not _HEDGE.search(text[max(0, m.start - 60) : m.start])
    ]
    owner_end = slot.owner_end if slot.owner_end is not None and slot.owner_end <= q.start else None
    lead_start = q.start - len(slot.lead)
    # 1. between the owner's name and the number: "Huawei's share of the Chinese market reached 27%"
    if owner_end is not None and slot.owner_how in ("adjacent", "lead", "anaphor", "through", "others"):
        window_start = owner_end if slot.owner_how == "through" else max(owner_end, lead_start)
        between = [m for m in usable if window_start <= m.start and m.end <= q.start]
        if between:
            slot.market, slot.market_how = between[-1].market, "between"
            return
    # 2. its own clause: "8.2 million smartphones in India", "53% of US smartphone shipments"
    clause_end = q.end + len(slot.clause)
    for m in usable:
        if q.end <= m.start < clause_end:
            before = text[q.end : m.start]
            if _MARKET_BEFORE.search(before) or m.text.lower() in ("worldwide", "globally"):
                slot.market, slot.market_how = m.market, "own"
                return
    # 3. the list it belongs to: "vivo and OPPO 19 percent each" after "36 percent of the Chinese market"
    previous = next(
        (s for s in reversed(slots[:i]) if s.market is not None and s.market_how != "carry"), None
    )
    if previous is not None:
        slot.market, slot.market_how = previous.market, "list"
        return
    # 4. a sentence frame ("In India, ...", "Globally, ...") or, for a market total, any market before it
    first_entity = min([v.start for v in vendors if v.role == NAME] + [q.start])
    for m in usable:
        if m.end <= first_entity and _FRAME_START.match(text[: m.start]):
            slot.market, slot.market_how = m.market, "frame"
            return
    if slot.owners == (MARKET,):
        before = [m for m in usable if m.end <= q.start]
        if before:
            slot.market, slot.market_how = before[-1].market, "before"
            return
    # 5. the paragraph's, the headline's, else the world
    if ctx.block_market:
        slot.market, slot.market_how = ctx.block_market, "carry"
    elif ctx.focus_market:
        slot.market, slot.market_how = ctx.focus_market, "carry"
    elif ctx.main_market:
        slot.market, slot.market_how = ctx.main_market, "carry"
    else:
        slot.market, slot.market_how = "Global", "default"


_LEDE_BLOCKS = 2  # the headline is block 0: the first two paragraphs open the article
# "unclear whether that covers China alone": a place the text only wonders about
_HEDGE = cue("hedges")


def _first_stated_market(
    slots: list[_Slot], text: str, markets: list[MarketMention], vendors: list[VendorMention]
) -> str | None:
    """The market a statistic of this sentence is explicitly about, if any: a figure's own market,
    or the market a growth number is stated for ("worldwide smartphone shipments fell 7%")."""
    for slot in slots:
        if slot.market is not None and slot.market_how in ("between", "own", "frame", "before"):
            return slot.market
        if slot.kind is None or slot.q.money:
            continue
        usable = [m for m in markets if m.kind != EXCLUDED]
        clause_end = slot.q.end + len(slot.clause)
        for m in usable:
            if slot.q.end <= m.start < clause_end and _MARKET_BEFORE.search(text[slot.q.end : m.start]):
                return m.market
        lead_start = slot.q.start - len(slot.lead)
        if not any(lead_start <= v.start < slot.q.start and v.role == NAME for v in vendors):
            before = [m for m in usable if lead_start <= m.start and m.end <= slot.q.start]
            if before:
                return before[-1].market
    return None


# --- records -------------------------------------------------------------------------------------


def _build(slots: list[_Slot], i: int, text: str, sent: Sentence, ctx: Context) -> list[Figure]:
    slot = slots[i]
    q = slot.q
    lead = slot.lead if i else text[: q.start]
    if i and _COMPARATIVE_AFTER_NUMBER.match(lead):
        lead = ""  # "1.8% fewer than the 348.2 million": a comparison, not a bound
    qual = qualifier(q, lead, slot.tail)
    confidence = 0.95
    if slot.owner_how in ("anaphor", "figure-anaphor", "each", "inherit"):
        confidence -= 0.1
    if slot.period_how in ("frame", "paragraph-comparison"):
        confidence -= 0.1
    if slot.market_how == "carry":
        confidence -= 0.05
    if ctx.published is None:
        confidence -= 0.1
    if slot.kind == UNITS:
        metric = _units_metric(slots, i, text, ctx)
        if metric is None:
            return []
        value, unit, basis = q.value, UNITS, None
    elif slot.kind == SHARE:
        metric, value, unit, basis = SHARE, q.value, PERCENT, None
        if slot.owners == (MARKET,):
            return []
        if ctx.share_nearby is None:
            ctx.share_nearby = _speaks_of_shares(ctx.sentences, ctx.index)
        if slot.default_share and not ctx.share_nearby and slot.owner_how != "adjacent":
            prior = next((s for s in reversed(slots[:i]) if s.kind == SHARE), None)
            if not (slot.owner_how == "inherit" and prior is not None and prior.owner_how == "adjacent"):
                return []  # a bare percent stands as a share only beside its vendor's name or share talk
    elif slot.kind == MARGIN:
        metric, value, unit = MARGIN, q.value, PERCENT
        basis = _basis(slot, text)
        previous = next((s for s in reversed(slots[:i]) if s.kind == MARGIN), None)
        if basis is None and previous is not None:
            basis = previous.basis
        slot.basis = basis
        if _is_pledge(slot, text):
            slot.period = None
            if qual == "exact":
                qual = "at_most"
        if slot.owners == (MARKET,) or slot.owners == (OTHERS,):
            return []
    else:
        return []
    if slot.period is None and slot.period_how == "" and metric != MARGIN:
        confidence -= 0.1
    out = []
    for owner in slot.owners:
        out.append(
            Figure(
                metric=metric,
                vendor=owner,
                market=slot.market or "Global",
                period=slot.period,
                value=value,
                unit=unit,
                qualifier=qual,
                low=q.low,
                high=q.high,
                basis=basis,
                confidence=round(max(0.05, min(1.0, confidence)), 2),
                at=q.start,
            )
        )
    return out


# "the 16.5 million it had set as its goal": a relative clause that makes a number a target
_TARGET_AFTER = re.compile(
    r"\s*(?:units|phones|smartphones|handsets)?\s*(?:that\s+|which\s+)?(?:it|they|the\s+company|\w+)\s+"
    r"(?:had\s+|has\s+)?(?:set|targeted|aimed\s+for|planned|forecast|predicted|promised|pledged|guided|budgeted"
    r"|projected|expected)\b"
)
# "clearing the 60 million goal", "its 25 million sales target": the number names a goal
_GOAL_AFTER = compiled(
    r"^\s*(?:units?\s+|phones?\s+|smartphones?\s+|handsets?\s+|devices?\s+)?(?:-\s*)?(?:(?:sales|shipments?|shipping"
    r"|unit|annual|full-year|internal|own|original|initial|official)\s+)*(?:goal|target|objective|ambition|forecast"
    r"|projection|guidance|estimate|plan)s?\b"
)
_RUNNING_TOTAL = cue("running_total")
_PART_OF = compiled(r"\b(?:of\s+(?:which|whom|these|those|them)|among\s+(?:them|these|those))\b[^,;.]*$")
_MODAL_BEFORE = compiled(r"\b(?:will|would|to|'ll|could|should|might|may|set\s+to)\s+(?:\w+\s+)?$")
_SHARE_OF_SUBSET = compiled(
    r"\bshare\s+of\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,2}?(?:segment|band|tier|category|channel|"
    + phrase_pattern(lists("cues.yaml")["subset_modifiers"])
    + r")"
)
_SUBSET_COUNT_BEFORE = re.compile(
    r"\b(?:"
    + phrase_pattern(lists("cues.yaml")["subset_modifiers"])
    + r")\s+(?:smart)?(?:phones?|handsets?|models?|devices?)\b"
)
_COMPARATIVE_AFTER_NUMBER = re.compile(
    r"^\s*(?:units|phones|smartphones)?\s*(?:fewer|more|less|higher|lower)\s+than\b"
)


_SHARE_WORDS = compiled(
    r"(?=[smvtrlcfpw])\b(?:shares?|market|markets|shipments|vendors?|top\s+(?:five|three|spot)|ranked|ranking|leader|led"
    # a place in the ranking: "came second with 18%", "in third place"
    r"|(?:came|finished|placed|sat|stood|was)\s+(?:first|second|third|fourth|fifth)"
    r"|(?:first|second|third|fourth|fifth)\s+place)\b"
)


def _speaks_of_shares(sentences: list[Sentence], i: int) -> bool:
    """Whether sentence i or a neighbour in its paragraph speaks of market shares."""
    if not sentences:
        return True
    block = sentences[i].block
    return any(
        s.block == block and _SHARE_WORDS.search(s.text.lower()) for s in sentences[max(0, i - 1) : i + 2]
    )


def _units_metric(slots: list[_Slot], i: int, text: str, ctx: Context) -> str | None:
    slot = slots[i]
    q = slot.q
    cue_kind = None
    if _CONSENSUS_AFTER.match(slot.tail) or _TARGET_AFTER.match(slot.tail) or _GOAL_AFTER.match(slot.tail):
        cue_kind = "target"
    elif _SHIPPED_AFTER.match(slot.tail):
        cue_kind = "ship"
    else:
        window = (slot.lead if i else text[: q.start])[-200:]  # the governing verb is near
        found = last_match(_SHIP_OR_TARGET, window)
        if found is None and i:
            previous = next((s for s in reversed(slots[:i]) if s.kind == UNITS and s.owners), None)
            if previous is not None:
                cue_kind = previous.cue
            if cue_kind is None:
                found = last_match(_SHIP_OR_TARGET, text[max(0, q.start - 300) : q.start])
        if found is not None:
            cue_kind = "target" if found.lastgroup == "target" else "ship"
            if cue_kind == "ship" and _MODAL_BEFORE.search(
                found.string[max(0, found.start() - 30) : found.start()]
            ):
                cue_kind = "target"  # "will hit", "expected to reach"
            if cue_kind == "ship" and found.group(0).endswith("of"):
                # a noun ("shipments of"): the verb governing it decides ("expects iPhone shipments of")
                head = found.string[max(0, found.start() - 40) : found.start()]
                verb = last_match(_SHIP_OR_TARGET, head)
                governed = verb is not None and not _CLAUSE_END.search(head[verb.end() :])
                if governed and verb.lastgroup == "target":  # type: ignore[union-attr]
                    cue_kind = "target"
    slot.cue = cue_kind
    if cue_kind != "target" and _RUNNING_TOTAL.search((slot.lead if i else text[: q.start])[-120:]):
        return None  # "by mid-December it had sold a million": a running total, not the period's figure
    over = is_over(slot.period, ctx.published) if slot.period is not None else None
    if cue_kind == "target":
        return TARGET
    if over is False:
        return None if cue_kind == "ship" else TARGET  # shipped in a period not over: a running total
    return SHIPMENTS


def _basis(slot: _Slot, text: str) -> str | None:
    window = (slot.lead + " " + slot.clause[:40]).lower()
    hardware = _BASIS[0][1].search(window) is not None
    for name, pattern in _BASIS[1:]:
        if pattern.search(window):
            if name == "net" and hardware:
                return "hardware_net"
            return name
    return "hardware_net" if hardware else None


def _is_pledge(slot: _Slot, text: str) -> bool:
    return bool(_PLEDGE.search(slot.lead) or _PLEDGE.search(slot.clause[:40]))


# --- memory for the next sentence ------------------------------------------------------------


def _update_domain_start(ctx: Context, sent: Sentence) -> None:
    ctx.enter_block(sent.block)


def _remember(
    ctx: Context,
    text: str,
    vendors: list[VendorMention],
    periods: list[PeriodMention],
    slots: list[_Slot],
    sent: Sentence,
) -> None:
    names = [v for v in vendors if v.role == NAME and v.vendor]
    if names:
        ctx.vendor = names[0].vendor
        ctx.last_vendors = list(dict.fromkeys(v.vendor for v in names if v.vendor))
        for v in names:
            if v.vendor in ctx.recent_vendors:
                ctx.recent_vendors.remove(v.vendor)
            ctx.recent_vendors.insert(0, v.vendor)  # type: ignore[arg-type]
    _remember_speaker(ctx, text, sent.text, vendors, names)
    made = [s for s in slots if s.owners and not s.skip and s.kind in (UNITS, SHARE, MARGIN)]
    if made:
        ctx.last_owner = made[-1].owners[-1]
        own_markets = [s.market for s in made if s.market and s.market_how not in ("carry", "default")]
        if own_markets:
            ctx.block_market = own_markets[-1]
    framing = next(
        (
            s
            for s in made
            if s.period is not None
            and not s.comparison
            and not s.shifted
            and s.period.kind != "M"
            and not _in_brackets(s.lead)
        ),
        None,
    )
    if framing is not None and framing.period is not None:
        ctx.set_figure_frame(framing.period, framing.owners[0])
    elif not made:
        named = _named_period(text, periods, slots, ctx)
        if named is not None:
            ctx.set_mention_frame(named, ctx.vendor)
    if not made and ctx.block_market is None and _RANKING.search(text):
        # "The tracker put vivo first in China": the paragraph is about that market
        places = {m.market for m in find_markets(sent.text) if m.kind != EXCLUDED}
        if len(places) == 1:
            ctx.block_market = places.pop()
    products = _products(text)
    if products:
        ctx.block_domain = products[-1][1]
    ctx.carry_over = text.rstrip(" \t\n*_\"”’").endswith((":", "?"))


def _remember_speaker(
    ctx: Context, text: str, orig: str, vendors: list[VendorMention], names: list[VendorMention]
) -> None:
    """Whose executive is speaking, for a later "he expects ...": a company's titled speaker
    ("Xiaomi's founder", "chief executive Lei Jun" beside a named company); an analyst ends it."""
    spoken = next((v.vendor for v in vendors if v.role == SPEAKER and v.vendor), None)
    if spoken:
        ctx.speaker_vendor = spoken
    elif ("analyst" in text and _ANALYST_VOICE.search(text)) or (
        _POSSESSIVE_AT.search(orig) is not None  # most sentences have no possessive to test for
        and any(_POSSESSIVE_AT.match(orig, m.end()) for m in _ANALYSTS.finditer(orig))
    ):
        ctx.speaker_vendor = None
    elif names and _TITLE_WORDS.search(text):
        ctx.speaker_vendor = names[0].vendor


_TITLE_WORDS = re.compile(phrase_pattern(lists("cues.yaml")["speaker_titles"]))
_ANALYST_VOICE = re.compile(r"\banalysts?\b")
_POSSESSIVE_AT = re.compile(r"['’]s\s+[A-Z]")  # "IDC's Ryan Reith": an analyst firm's person speaking


_RANKING = compiled(
    r"(?=[flstbrn])\b(?:first|second|third|fourth|fifth|top|largest|biggest|leader|leads|lead|led|ranked|number\s+one)\b"
)
_REFERENCE_BEFORE = compiled(
    r"\b(?:than|from|on|against|versus|vs\.?|compared\s+(?:with|to)|since|over)\s+(?:the\s+)?$"
)


def _in_brackets(lead: str) -> bool:
    """Whether a number sits inside brackets opened before it ("18% (20% in Q3)"): an aside
    about another period, which neither borrows the line's period nor lends it its own."""
    opened = lead.rfind("(")
    return opened >= 0 and ")" not in lead[opened:]


# A period named as what something came after or differs from: background, not the talk's period.
_BACKGROUND_BEFORE = re.compile(
    r"\b(?:after|following|followed|follows|before|preceding|preceded|unlike|since|than|from|versus"
    r"|compared\s+(?:with|to))\s+(?:(?:a|an|the|its|their)\s+)?(?:[a-z-]+\s+)?$"
)
_PLUPERFECT = re.compile(  # "had led", "had been", "had sold": what happened before the talk's period
    r"\bhad\s+(?:(?:already|long|once|previously|also|briefly)\s+)?[a-z]+(?:ed|en|eld|old|ent|ade|ught|ung)\b"
)
_CLAUSE_MARK = re.compile(r"[,;:()]|\s[-–—]\s")


def _clause_before(text: str, pos: int) -> str:
    """The text of the clause that runs up to `pos`."""
    start = max(0, pos - 80)
    marks = [m.end() for m in _CLAUSE_MARK.finditer(text, start, pos)]
    return text[marks[-1] if marks else start : pos]


def _named_period(text: str, periods: list[PeriodMention], slots: list[_Slot], ctx: Context) -> Period | None:
    """The period a sentence without figures moves the talk to ("It was a weak 4Q17"), if any:
    not a comparison's ("weaker than last year") nor a shift."""
    tails = [(s.q.end, s.q.end + len(s.clause)) for s in slots if _is_comparison(s.lead)]
    for m in periods:
        if m.is_shift or m.rel in ("date", "frame_only") or m.kind == "M":
            continue
        if any(a <= m.start < b + 1 for a, b in tails) or _REFERENCE_BEFORE.search(text[: m.start]):
            continue
        if _BACKGROUND_BEFORE.search(text, max(0, m.start - 60), m.start) or _PLUPERFECT.search(
            _clause_before(text, m.start)
        ):
            continue  # background: "the fall followed a strong 2024", "Samsung had led in the Q4"
        if m.rel in ("span", "part") or any(a <= m.start < b for a, b in _bare_asides(slots, text)):
            continue
        frame = ctx.frame if (m.rel in ("ctx", "ana", "latest") or m.fiscal) else None
        resolved = resolve(m, ctx.published, frame)
        opens = _SENTENCE_FRAME.match(text[: m.start]) or text.rstrip(" *_\"”’").endswith((":", "?"))
        if resolved is not None and _looks_back(resolved, ctx) and not opens:
            continue  # "Demand was weak in 2024 too": an earlier period recalled, not the talk moved back
        if resolved is not None:
            return resolved
    return None


# A period that opens its sentence frames what follows ("In 2024, ...", "Back in the first quarter").
_SENTENCE_FRAME = re.compile(
    r"^[\s*_#>\"“]*(?:(?:and|but|so|yet|back|even|then|turning\s+to|looking\s+at|as\s+for)\s+)*"
    r"(?:(?:in|during|for|throughout|over|across)\s+)?(?:the\s+)?(?:(?:whole|full|entire)\s+)?$"
)


def _looks_back(period: Period, ctx: Context) -> bool:
    """Whether a period ended before the one the last figure was stated for."""
    held = ctx.figure_frame
    if held is None or period.fiscal != held.fiscal:
        return False
    return period.bounds()[1] < held.bounds()[0]
