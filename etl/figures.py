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
from etl.lexicon import lists, phrase_pattern, rows
from etl.lookahead import compiled
from etl.markets import EXCLUDED, MarketMention, find_markets
from etl.numbers import PERCENT, UNITS, Quantity, find_quantities
from etl.periods import Period, PeriodMention, find_periods, is_over, resolve
from etl.qualifiers import qualifier, strip_qualifiers
from etl.sentences import TITLE, Sentence
from etl.vendors import MODEL, NAME, VendorMention, find_vendors, parent_of

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
    r"[,;:()\[\]]|\s[-–—]\s|\s(?:" + phrase_pattern(lists("cues.yaml")["clause_breaks"]) + r")\s+(?=\w)"
)
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
    r"^\s*(?:share\s+)?(?:of|in)\s+(?:(?:its|their|his|her)\b|the\s+(?:company['’]s|group['’]s|firm['’]s)"
    r"|(?:the\s+)?[\d.,]+\s*(?:million|billion|mn|bn|m\b))"
)
_UNKNOWN_OWNER = compiled(r"\b([A-Z][A-Za-z&-]+)(?:['’]s\s+\w*\s*|\s+at\s+|\s*\(\s*|\s+with\s+)$")
_MARKET_BEFORE = re.compile(r"(?:\b(?:in|of|across|within|for|on)\s+(?:the\s+)?(?:\w+\s+)?|^\s*)$")
_FRAME_START = re.compile(r"^\s*(?:(?:in|across|within|for|at\s+home\s+in)\s+(?:the\s+)?)?$")
_MARGIN_TAIL = re.compile(r"^\s*(?:(?:net|gross|operating|profit|hardware|pre-tax)\s+)*margins?\b")
_SHARE_TAIL = re.compile(
    r"^\s*(?:(?:market\s+)?share\b|of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:market|shipments|sales)\b|each\b)"
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
    periods = [p for p in find_periods(text) if p.rel != "frame_only"]
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
    if ctx.main_market is None and sent.kind != TITLE:
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
        return MARGIN
    prefix = text[: slot.q.start]
    window = lead if i else prefix
    explicit_share = bool(cue("share").search(window) or _SHARE_TAIL.match(tail))
    if previous is not None and previous.kind == MARGIN and not explicit_share:
        return MARGIN
    # Not a vendor's share of smartphone shipments: an OS, revenue, a subset, another product.
    if _OS.search(window[-60:]) or _SUBSET_TAIL.match(tail):
        return "skip"
    if _NOT_SHARE.search(slot.clause) or (not explicit_share and _NOT_SHARE.search(window)):
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
        return previous.kind
    # A bare percent of a vendor ("Apple's 14 per cent", "slipped to 14.1 percent"): a share only
    # where shares are being discussed around it, or where the vendor's name touches it.
    slot.default_share = True
    return SHARE


_OF_TAIL = re.compile(r"^\s*of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?")


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
    if _DIFFERENCE.match(slot.tail):
        return "skip"
    core = strip_qualifiers(slot.lead)
    if not _LEVEL_END.search(core) and ends_with("growth_before", core):
        return "skip"  # "grew by 12 million units": a change, not a level
    if _CUMULATIVE.search(slot.tail[:80]) or _CUMULATIVE.search(slot.lead[-40:]):
        return "skip"
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
    in_lead = [v for v in vendors if lead_start <= v.start and v.end <= q.start and v.role in (NAME, MODEL)]
    # a name touching the number owns it ("Apple's 77.3 million", "Sharp at 12.3%", "Samsung (21.8%)")
    candidates = []
    for v in reversed(in_lead):
        between = text[v.end : q.start]
        if v.role == MODEL:
            if len(between) < 60:
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
    if _OTHERS.search(lead):
        slot.owners, slot.owner_how = (OTHERS,), "others"
        return
    if _GROUPS.search(lead):
        slot.kind = "skip"
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
    if (anaphor_start is not None or after_anaphor) and antecedent:
        slot.owners, slot.owner_how = (antecedent,), "anaphor"
        slot.owner_end = anaphor_end
        return
    if slot.kind == UNITS and (
        cue("market_total").search(prefix[-300:])
        or cue("market_total").search(slot.clause)
        or _ANALYSTS.search(orig[max(0, q.start - 300) : q.start])
    ):
        slot.owners, slot.owner_how = (MARKET,), "market"
        return
    if slot.kind == MARGIN and ctx.vendor and not speaker:
        slot.owners, slot.owner_how = (ctx.vendor,), "anaphor"
        return


_LIST_SEP = re.compile(r"\s*(?:units\s*|phones\s*|smartphones\s*)?(?:,|and|,\s*and|or)\s*$")
_TURN = compiled(r"\b(?:against|versus|vs\.?|compared\s+(?:with|to)|whereas|while)\b")
_ANAPHOR_AFTER = re.compile(
    r"^\s*(?:units|phones|smartphones|handsets|iphones)?\s*(?:that\s+|which\s+)?(?:it|the\s+company)\s+"
    r"(?:had\s+|has\s+)?(?:shipped|sold|moved|reported|delivered)\b"
)


def _respectively(slots: list[_Slot], text: str, vendors: list[VendorMention]) -> None:
    """ "Oppo, Vivo and Xiaomi shipped 30, 25 and 20 million units respectively": the k names
    before a list of k numbers own them in order."""
    at = text.find("respectively")
    if at < 0:
        return
    run: list[_Slot] = []
    for slot in slots:
        if slot.q.start > at:
            break
        if run and not _LIST_SEP.match(slot.lead):
            run = []
        run.append(slot)
    if len(run) < 2:
        return
    lead_start = run[0].q.start - len(run[0].lead)
    names = [v for v in vendors if lead_start <= v.start < run[0].q.start and v.role == NAME]
    group = _coordinated(names, text)
    if len(group) == len(run):
        for slot, vendor in zip(run, group, strict=True):
            slot.owners, slot.owner_how = (vendor,), "respectively"


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


_NAME_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and|&)\s*")


def _coordinated(names: list[VendorMention], text: str) -> list[str]:
    """The vendors of a list right before the number ("vivo and OPPO 19 percent each")."""
    if not names:
        return []
    group = [names[-1]]
    for v in reversed(names[:-1]):
        gap = text[v.end : group[-1].start]
        if _NAME_LIST_GAP.fullmatch(gap):
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

    def usable(m: PeriodMention) -> bool:
        return m.rel not in ("date", "frame_only")

    def settle(m: PeriodMention, how: str) -> None:
        if m.is_shift:
            before_numbers = m.start < slots[0].q.start
            origin = ctx.frame if before_numbers else (previous.period if previous is not None else ctx.frame)
            slot.period = resolve(m, pub, ctx.frame, origin)
            slot.shifted = True
            if bare_from or _FROM_END.search(text[: m.start]):
                ctx.block_shift = m.years
        else:
            frame = anchor if (anchor is not None or not m.fiscal) else ctx.frame
            if m.rel == "ctx" and frame is None:
                frame = ctx.frame
            slot.period = resolve(m, pub, frame)
        slot.period_how = how

    # 1. its own clause: "153 million in 2017", "9 per cent a year earlier"
    clause_end = q.end + len(slot.clause)
    own = [m for m in periods if q.end <= m.start < clause_end + 1 and usable(m)]
    if own:
        settle(own[0], "own")
        return
    # 2. a period closing a list the number opens: "Apple's 77.3 million edged Samsung's 74.1 million in Q4"
    for j in range(i + 1, len(slots)):
        same_list = (
            _LIST_SEP.match(slots[j].lead) and slots[j].q.unit == q.unit and slots[j].kind == slot.kind
        )
        if _SEP_IN_LEAD.search(slots[j].lead) and not same_list:
            break
        end_j = slots[j].q.end + len(slots[j].clause)
        found = [m for m in periods if slots[j].q.end <= m.start and m.end <= end_j + 1 and usable(m)]
        if found:
            settle(found[0], "list")
            return
    # 3. a bare "from 17 percent": the comparison the paragraph has been making, else unknown
    if bare_from:
        if ctx.block_shift and ctx.frame is not None:
            slot.period, slot.period_how, slot.shifted = (
                ctx.frame.shifted(years=-ctx.block_shift),
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
    slot.period, slot.period_how = ctx.frame, "frame"


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


def _before(slots: list[_Slot], i: int, text: str, periods: list[PeriodMention]) -> PeriodMention | None:
    """The nearest period before number i that can be its own: not one an earlier comparison
    ("up from 73% in 2017") or an earlier number's shift ("17% more than a year earlier") took."""
    q = slots[i].q
    earlier = [(s.q.end, s.q.end + len(s.clause), s.comparison) for s in slots[:i]]
    lead_start = q.start - len(slots[i].lead)
    for m in reversed(periods):
        if m.end > q.start or m.rel in ("date", "frame_only"):
            continue
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
    for m in periods:
        if m.end > q.start:
            break
        if m.rel == "abs" and not m.is_shift:
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
    usable = [m for m in markets if m.kind != EXCLUDED]
    owner_end = slot.owner_end if slot.owner_end is not None and slot.owner_end <= q.start else None
    lead_start = q.start - len(slot.lead)
    # 1. between the owner's name and the number: "Huawei's share of the Chinese market reached 27%"
    if owner_end is not None and slot.owner_how in ("adjacent", "lead", "anaphor", "through"):
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
            return []
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
    r"(?:had\s+|has\s+)?(?:set|targeted|aimed\s+for|planned|forecast|predicted|promised|pledged)\b"
)
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
    r"\b(?:shares?|market|markets|shipments|vendors?|top\s+(?:five|three|spot)|ranked|ranking|leader|led)\b"
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
    if _CONSENSUS_AFTER.match(slot.tail) or _TARGET_AFTER.match(slot.tail):
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
    slot.cue = cue_kind
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
    made = [s for s in slots if s.owners and not s.skip and s.kind in (UNITS, SHARE, MARGIN)]
    if made:
        ctx.last_owner = made[-1].owners[-1]
        own_markets = [s.market for s in made if s.market and s.market_how not in ("carry", "default")]
        if own_markets:
            ctx.block_market = own_markets[-1]
    framing = next(
        (
            s.period
            for s in made
            if s.period is not None and not s.comparison and not s.shifted and s.period.kind != "M"
        ),
        None,
    )
    if framing is not None:
        ctx.set_figure_frame(framing)
    elif not made:
        named = _named_period(text, periods, slots, ctx)
        if named is not None:
            ctx.set_mention_frame(named)
    if not made and ctx.block_market is None and _RANKING.search(text):
        # "The tracker put vivo first in China": the paragraph is about that market
        places = {m.market for m in find_markets(sent.text) if m.kind != EXCLUDED}
        if len(places) == 1:
            ctx.block_market = places.pop()
    products = _products(text)
    if products:
        ctx.block_domain = products[-1][1]
    ctx.carry_over = text.rstrip().endswith((":", "?"))


_RANKING = compiled(
    r"\b(?:first|second|third|fourth|fifth|top|largest|biggest|leader|leads|led|ranked|number\s+one)\b"
)
_REFERENCE_BEFORE = compiled(
    r"\b(?:than|from|on|against|versus|vs\.?|compared\s+(?:with|to)|since|over)\s+(?:the\s+)?$"
)


def _named_period(text: str, periods: list[PeriodMention], slots: list[_Slot], ctx: Context) -> Period | None:
    """The period a sentence without figures moves the talk to ("It was a weak 4Q17"), if any:
    not a comparison's ("weaker than last year") nor a shift."""
    tails = [(s.q.end, s.q.end + len(s.clause)) for s in slots if _is_comparison(s.lead)]
    for m in periods:
        if m.is_shift or m.rel in ("date", "frame_only") or m.kind == "M":
            continue
        if any(a <= m.start < b + 1 for a, b in tails) or _REFERENCE_BEFORE.search(text[: m.start]):
            continue
        frame = ctx.frame if (m.rel == "ctx" or m.fiscal) else None
        resolved = resolve(m, ctx.published, frame)
        if resolved is not None:
            return resolved
    return None
