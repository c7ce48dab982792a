"""Periods as reports state them, resolved against the publication date.

Calendar ("Q4 2017", "4Q17", "the fourth quarter of 2017", "October to December 2017", "H1 2018"),
relative ("this year", "last quarter", "the third quarter", "a year earlier", "the same quarter")
and fiscal ("fiscal 2017", "its fiscal first quarter of 2018", "the first half of the fiscal year
that ends in March 2020"). `find_periods` only reads the text; `resolve` turns a mention into a
`Period` given the publication date and the period the text is currently talking about.

Spec: a fiscal year is named by the calendar year in which it ends; "the third quarter" is the
most recent third quarter not after publication unless the text makes another year clear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from etl.lexicon import lists, phrase_pattern

# A fiscal year FYyyyy is placed April yyyy-1 .. March yyyy (as etl.analytics.spans does): its
# real start month is not in the record, and this only decides whether it is over yet.
FISCAL_START_MONTH = 4

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Period:
    """A resolved period: calendar or fiscal year, quarter (`Q`), half (`H`) or month (`M`)."""

    year: int
    kind: str = "Y"
    n: int = 0
    fiscal: bool = False

    def __str__(self) -> str:
        prefix = "FY" if self.fiscal else ""
        if self.kind == "Q":
            return f"{prefix}{self.year}-Q{self.n}"
        if self.kind == "H":
            return f"{prefix}{self.year}-H{self.n}"
        if self.kind == "M":
            return f"{self.year}-{self.n:02d}"
        return f"{prefix}{self.year}"

    def bounds(self) -> tuple[date, date]:
        """First and last day."""
        # months since year 0 of the first month
        first_month = (self.year - 1) * 12 + FISCAL_START_MONTH - 1 if self.fiscal else self.year * 12
        if self.kind == "Q":
            first_month += 3 * (self.n - 1)
            length = 3
        elif self.kind == "H":
            first_month += 6 * (self.n - 1)
            length = 6
        elif self.kind == "M":
            first_month += self.n - 1
            length = 1
        else:
            length = 12
        start = date(first_month // 12, first_month % 12 + 1, 1)
        after = first_month + length
        end = date(after // 12, after % 12 + 1, 1) - timedelta(days=1)
        return start, end

    def shifted(self, years: int = 0, steps: int = 0) -> Period:
        """The same kind of period `years` years (and `steps` quarters/halves/months) away."""
        if steps and self.kind in ("Q", "H", "M"):
            size = {"Q": 4, "H": 2, "M": 12}[self.kind]
            index = self.year * size + self.n - 1 + steps
            return replace(self, year=index // size + years, n=index % size + 1)
        return replace(self, year=self.year + years)


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a period string of the contract (`2017`, `2017-Q4`, `2018-H1`,
    `2018-07`, `FY2018`, `FY2018-Q1`); ValueError for anything else."""
    parsed = parse_period(period)
    if parsed is None:
        raise ValueError(f"not a period: {period!r}")
    return parsed.bounds()


_PERIOD_STRING = re.compile(r"^(FY)?(\d{4})(?:-(?:([QH])([1-4])|(\d{2})))?$")


def parse_period(text: str) -> Period | None:
    """The `Period` a contract period string names, or None."""
    m = _PERIOD_STRING.match(text.strip()) if text else None
    if not m:
        return None
    fiscal, year = bool(m.group(1)), int(m.group(2))
    if m.group(3):
        n = int(m.group(4))
        if m.group(3) == "H" and n > 2:
            return None
        return Period(year, m.group(3), n, fiscal)
    if m.group(5):
        month = int(m.group(5))
        return None if fiscal or not 1 <= month <= 12 else Period(year, "M", month)
    return Period(year, "Y", 0, fiscal)


@dataclass(slots=True)
class PeriodMention:
    """A period phrase as written. `rel` says how it resolves:
    `abs` (year given), `this`/`last`/`next` (relative to publication, by `kind`), `recent`
    (the latest such quarter/half/month not after publication), `ctx` (the period being
    talked about: "the quarter", "the full year"), `shift` (`years` before a base period:
    "a year earlier"), `step` (`steps` quarters from the period being talked about:
    "the previous quarter"), `date` (a day: an event's date, not a figure's period), `latest` (the
    latest whole quarter/half before publication: "the past three months"), `ana` (points back
    to the year being talked about: "that year", "that summer"; `n` is 1 for "year"), `span` (a
    rolling stretch with no contract period: "the past 12 months") and `part` (part of a year:
    "January to September", "Q1-Q3")."""

    start: int
    end: int
    text: str
    rel: str
    kind: str = "Y"
    n: int = 0
    year: int | None = None
    fiscal: bool = False
    years: int = 0
    steps: int = 0
    month: int = 0  # `date` mentions and fiscal quarters "which ended in September"

    @property
    def is_shift(self) -> bool:
        return self.rel in ("shift", "step")


_M = (
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b"
)
_ORD = r"(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
_Y4 = r"(?:19[89]\d|20\d\d)"
_YY = rf"(?:{_Y4}|\d\d)"
_FISC = r"(?:fiscal|financial)"
_ML = (
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b"
)
_WORDS = lists("periods.yaml")
_Q4_NICK = phrase_pattern(_WORDS["q4_nicknames"])
_TRAILING = phrase_pattern(_WORDS["trailing_spans"])
_SEASONS = phrase_pattern(_WORDS["seasons"])
_MONTH_NOUNS = phrase_pattern(_WORDS["month_modified_nouns"])
_NOT_AMOUNT = (
    r"(?![\w%]|[.,]\d|\s*(?:million|billion|mn|bn|per\s?cent|percent|%|units|phones|smartphones|yuan|won))"
)

_LOW_PARTS: list[tuple[str, str]] = [
    ("fhe", rf"(?P<fhe_ord>first|second)\s+half\s+of\s+(?:the\s+|its\s+)?{_FISC}\s+year\s+"
            rf"(?:that\s+|which\s+)?"
            rf"(?:ends|ending|ended|to)\s+(?:in\s+)?(?P<fhe_m>{_ML})\s+(?P<fhe_y>{_Y4})"),
    ("fye", rf"(?:the\s+)?(?:previous\s+|last\s+|current\s+)?{_FISC}\s+year,?\s+(?:that\s+|which\s+)?"
            rf"(?:ends|ending|ended|closed|closes|closing|to)\s+(?:at\s+the\s+end\s+of\s+|in\s+)?"
            rf"(?P<fye_m>{_ML})\s+(?P<fye_y>{_Y4})"),
    ("fqe", rf"(?:its\s+|the\s+)?{_FISC}\s+(?P<fqe_ord>{_ORD})[\s-]quarter,?\s+(?:which|that)\s+"
            rf"(?:ended|ends)\s+"
            rf"(?:in\s+)?(?P<fqe_m>{_ML})"),
    ("fq", rf"(?:its\s+|the\s+)?{_FISC}\s+(?P<fq_ord>{_ORD})[\s-]quarter(?:\s+(?:of\s+)?(?:{_FISC}\s+)?"
           rf"(?:year\s+)?(?P<fq_y>{_Y4}))?"),
    ("fqr", rf"(?:its\s+|the\s+)?(?P<fqr_ord>{_ORD})\s+{_FISC}[\s-]quarter(?:\s+(?:of\s+)?(?:{_FISC}\s+)?"
            rf"(?:year\s+)?(?P<fqr_y>{_Y4}))?"),
    ("fqq", rf"{_FISC}\s+q(?P<fqq_n>[1-4])(?:\s+(?P<fqq_y>{_Y4}))?"),
    ("fqa", rf"\bfq(?P<fqa_n>[1-4])\s*['’]?(?P<fqa_y>{_YY})?\b"),
    ("fqb", rf"\bq(?P<fqb_n>[1-4])\s+fy\s?['’]?(?P<fqb_y>{_YY})\b"),
    ("fqo", rf"(?P<fqo_ord>{_ORD})(?:[\s-]quarter)?\s+of\s+(?:its\s+|the\s+)?{_FISC}(?:\s+year)?\s+"
            rf"(?P<fqo_y>{_Y4})"),
    ("fho", rf"(?P<fho_ord>first|second)\s+half\s+of\s+{_FISC}(?:\s+year)?\s+(?P<fho_y>{_Y4})"),
    ("fyw", rf"\b{_FISC}\s+(?:year\s+)?(?P<fyw_y>{_Y4})(?:\s+as\s+a\s+whole)?,?\s+(?:which\s+|that\s+)?"
            rf"(?:ended|ends|ending|closed|closes|ran\s+to|runs\s+to|to)\s+(?:in\s+|on\s+|at\s+the\s+end\s+of\s+)?"
            rf"(?P<fyw_m>{_ML})(?:\s+\d{{1,2}}\b)?(?:,?\s+(?P<fyw_y2>{_Y4}))?"),
    ("fy", rf"\b{_FISC}\s+(?:year\s+)?(?P<fy_y>{_Y4})\b"),
    ("fyb", rf"\bfy\s?['’]?(?P<fyb_y>{_YY})\b"),
    ("cal", rf"\bcalendar(?:[\s-]year)?\s+(?P<cal_y>{_Y4})\b"),
    ("cq2", rf"(?P<cq2_ord>{_ORD})\s+calendar[\s-]quarter"
            rf"(?:\s+of\s+(?:calendar\s+(?:year\s+)?)?(?P<cq2_y>{_Y4}))?"),
    ("cq3", rf"\bcalendar[\s-](?:year\s+)?(?P<cq3_ord>{_ORD})[\s-]quarter(?:\s+(?:of\s+)?(?P<cq3_y>{_Y4}))?"),
    ("cq4", rf"\b(?:calendar\s+q|cq)(?P<cq4_n>[1-4])(?:\s*['’](?P<cq4_yy>\d\d)|\s+(?P<cq4_y>{_Y4}))?\b"),
    ("hq", rf"(?:\b(?P<hq_y>{_Y4})(?:['’]s)?\s+)?{_Q4_NICK}[\s-]+quarter(?:\s+of\s+(?P<hq_y2>{_Y4}))?"),
    ("qq", rf"\bq(?P<qq_a>[1-4])\s*(?:-|–|to|through)\s*q(?P<qq_b>[1-4])"
           rf"(?:\s+(?:of\s+)?(?P<qq_y>{_Y4})|\s*['’](?P<qq_yy>\d\d))?\b"),
    ("qry", rf"(?P<qry_ord>{_ORD})[\s-]quarter\s+of\s+"
            rf"(?P<qry_rel>this|last|next|the\s+same|the|that)\s+year"),
    ("qy", rf"(?P<qy_ord>{_ORD})[\s-]quarter(?:\s+of|,)?\s+(?:calendar\s+(?:year\s+)?)?(?P<qy_y>{_Y4})"),
    ("qa", rf"\bq(?P<qa_n>[1-4])(?:\s?(?P<qa_y>{_Y4})|\s?['’](?P<qa_yy>\d\d))\b"),
    ("qb", rf"\b(?P<qb_n>[1-4])q\s?['’]?(?P<qb_y>{_Y4}|\d\d)\b"),
    ("qc", rf"\b(?P<qc_y>{_Y4})(?:['’]s)?\s+(?P<qc_ord>{_ORD})[\s-]quarter"),
    ("qd", rf"\b(?P<qd_y>{_Y4})\s+q(?P<qd_n>[1-4])\b"),
    ("qe", rf"\b(?:the\s+)?quarter\s+(?:that\s+|which\s+)?(?:ended|ending|ends|to)\s+(?:in\s+)?"
           rf"(?P<qe_m>{_ML})(?:\s+(?P<qe_y>{_Y4}))?"),
    ("tm", rf"(?P<tm_w>first|last|final)\s+(?:three|3)\s+months\s+of\s+"
           rf"(?:(?P<tm_y>{_Y4})|(?P<tm_rel>this|last|the)\s+year)"),
    ("sm", rf"(?P<sm_w>first|last|final)\s+six\s+months\s+of\s+"
           rf"(?:(?P<sm_y>{_Y4})|(?P<sm_rel>this|last|the)\s+year)"),
    ("lm", r"\b(?:the\s+)?(?:last|past|latest|most\s+recent|final)\s+(?P<lm_n>three|3|six|6)\s+months\b"
           r"(?!\s+of\b)"),
    ("fm", r"\bthe\s+first\s+(?P<fm_n>three|3|six|6)\s+months\b(?!\s+of\b)"),
    ("trail", _TRAILING),
    ("hy", rf"(?P<hy_ord>first|second|1st|2nd)[\s-]half\s+(?:of\s+)?(?P<hy_y>{_Y4})"),
    ("hry", r"(?P<hry_ord>first|second)[\s-]half\s+of\s+(?P<hry_rel>this|last|next|the)\s+year"),
    ("ha", rf"\bh(?P<ha_n>[12])(?:\s?(?P<ha_y>{_Y4})|\s?['’](?P<ha_yy>\d\d))\b"),
    ("hb", rf"\b(?P<hb_n>[12])h\s?['’]?(?P<hb_y>{_Y4}|\d\d)\b"),
    ("sq", rf"\bthe\s+same\s+(?P<sq_k>quarter|period|half|month)(?:\s+of\s+(?P<sq_y>{_Y4})"
           r"|\s+(?P<sq_shift>a\s+year\s+(?:earlier|ago|before)|last\s+year|of\s+last\s+year"
           r"|of\s+the\s+previous\s+year|of\s+the\s+year\s+before))?"),
    ("yaq", r"\bthe\s+year[\s-](?:ago|earlier)\s+(?P<yaq_k>quarter|period|half)"),
    ("lq", r"\blast\s+quarter\b(?!\s+(?:of|in\s+which|since|that|when|ever))"),
    ("pq", r"\bthe\s+(?:previous|prior|preceding)\s+quarter\b"),
    ("tq", r"\b(?:this|the\s+current)\s+quarter\b"),
    ("nq", r"\bnext\s+quarter\b"),
    ("q0", rf"(?P<q0_ord>{_ORD})[\s-]quarter\b(?!\s+(?:since|in\s+which|that|when|ever))"),
    ("q1", r"\bq(?P<q1_n>[1-4])\b(?!\s*['’]?\d)"),
    ("h0", r"(?P<h0_ord>first|second|1st|2nd)[\s-]half\b"),
    ("h1", r"\bh(?P<h1_n>[12])\b"),
    ("cq", r"\b(?:the|that)\s+quarter\b"),
    ("ry", r"\b(?P<ry>this|last|next)\s+year\b"),
    ("sy", r"\b(?:the\s+(?:previous|prior|preceding)\s+year|the\s+year\s+(?:before|earlier))\b"),
    ("ya", r"\b(?P<ya_n>a|one|two|three)\s+years?\s+(?:earlier|ago|before)\b"),
    ("ye", r"\byear[\s-](?:earlier|ago)\b"),
    ("ana", rf"\b(?:that|the\s+same)\s+(?:year\b|{_SEASONS})"),
    ("fyr", r"\b(?:the\s+)?(?:full|whole|entire)[\s-]year\b(?!\s+(?:earlier|ago|before))"
            r"|\bthe\s+(?:whole\s+)?year\s+as\s+a\s+whole\b"
            r"|\b(?:for|over|of)\s+the\s+year\b|\b(?:finish|end|close)(?:ed|es|s)?\s+the\s+year\b"
            r"|\bthe\s+end\s+of\s+the\s+year\b|\byear[\s-]end\b"),
    ("part", rf"\b(?:first|last)\s+(?:(?:two|three|\d+)\s+quarters|(?:two|four|five|seven|eight|nine|ten"
             rf"|eleven|\d+)\s+months|\w+\s+weeks)\s+of\s+"
             rf"(?:{_Y4}|this\s+year|the\s+year|last\s+year)"),
    ("since", rf"\bsince\s+(?:{_Y4}|[1-4]q\d\d|q[1-4]\s+{_Y4}|the\s+\w+\s+quarter\s+of\s+{_Y4})"),
    ("onw", rf"\bfrom\s+{_Y4}\s+onwards?\b"),
    ("year", rf"(?=[12])(?<![\w$£€.,])(?P<year>{_Y4}){_NOT_AMOUNT}"),
]  # fmt: skip

_MONTH_LEADS = ("in", "In", "by", "By", "from", "From", "during", "During", "until", "Until", "last", "Last",
                "early",
                "Early",
                "mid", "Mid", "late", "Late", "since", "Since", "end of", "End of")  # fmt: skip
# Month names are read capitalised only ("may" and "march" are verbs too).
_MONTH_PARTS: list[tuple[str, str]] = [
    ("mr", rf"(?:[Bb]etween\s+)?(?P<mr_a>{_M})[\s\-–]*(?:to|through|and|-|–)[\s\-–]*(?P<mr_b>{_M})"
           rf"(?:\s+(?:quarter|period|months))?(?:\s+(?:of\s+)?(?P<mr_y>{_Y4}))?"),
    ("tme", rf"(?:three|3)\s+months\s+(?:to|ended|ending|through)\s+(?P<tme_m>{_M})(?:\s+(?P<tme_y>{_Y4}))?"),
    ("sme", rf"(?:[Ss]ix|6)\s+months\s+(?:to|ended|ending|through)\s+(?P<sme_m>{_M})(?:\s+\d{{1,2}},?)?"
            rf"(?:\s+(?P<sme_y>{_Y4}))?"),
    ("eq", rf"\b[Tt]he\s+(?P<eq_m>March|June|September|December)\s+quarter(?:\s+of\s+(?P<eq_y>{_Y4}))?"),
    ("date1", rf"\b(?P<d1_d>\d{{1,2}})\s+(?P<d1_m>{_M})(?:,?\s+(?P<d1_y>{_Y4}))?"),
    ("date2", rf"(?P<d2_m>{_M})\s+(?P<d2_d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:million|billion|per|%))"
              rf"(?:,?\s+(?P<d2_y>{_Y4}))?"),
    ("my", rf"(?P<my_m>{_M})\s+(?P<my_y>{_Y4})\b"),
    ("mo", "(?:" + "|".join(f"(?<=\\b{w}[ -])" for w in _MONTH_LEADS) + rf")(?P<mo_m>{_M})"),
    ("mmod", rf"(?P<mmod_m>{_M})(?=(?:['’]s)?\s+(?:(?:smartphone|phone|handset)\s+)?(?:{_MONTH_NOUNS})\b)"),
]  # fmt: skip

# Which words a sentence must hold for a part to be tried at all (most sentences skip most).
_KEYS: dict[str, tuple[str, ...]] = {
    "fhe": ("half",), "fye": ("fiscal", "financial"), "fqe": ("quarter",), "fq": ("quarter",),
    "fqq": ("fiscal", "financial"), "fqr": ("fiscal", "financial"), "fqa": ("fq",), "fqb": ("fy",),
    "fqo": ("fiscal", "financial"), "fho": ("half",), "fy": ("fiscal", "financial"),
    "fyw": ("fiscal", "financial"), "fyb": ("fy",), "cal": ("calendar",),
    "cq2": ("calendar",), "cq3": ("calendar",), "cq4": ("calendar", "q"), "hq": ("quarter",), "qq": ("q",),
    "lm": ("months",), "fm": ("months",), "trail": ("months", "weeks"), "ana": ("year", *_WORDS["seasons"]),
    "qry": ("quarter",), "qy": ("quarter",), "qa": ("q",), "qb": ("q",), "qc": ("quarter",), "qd": ("q",),
    "qe": ("quarter",), "tm": ("months",), "sm": ("months",), "hy": ("half",), "hry": ("half",),
    "ha": ("h",), "hb": ("h",),
    "sq": ("same",), "yaq": ("year",), "lq": ("quarter",), "pq": ("quarter",), "tq": ("quarter",),
    "nq": ("quarter",), "q0": ("quarter",), "q1": ("q",), "h0": ("half",), "h1": ("h",), "cq": ("quarter",),
    "ry": ("year",), "sy": ("year",), "ya": ("year",), "ye": ("year",), "fyr": ("year",),
    "part": ("quarters", "months", "weeks"), "since": ("since",), "onw": ("onward",), "year": ("19", "20"),
}  # fmt: skip


def _first_letters(phrases: list[str]) -> str:
    return "".join(sorted({p[0].lower() for p in phrases}))


_ORDER = {name: i for i, (name, _body) in enumerate(_LOW_PARTS + _MONTH_PARTS)}
# The characters each part can start with: a lookahead on them lets the regex engine pass over
# most positions without trying the part at all.
_FIRST: dict[str, str] = {
    "fhe": "fs", "fye": "tf", "fqe": "itf", "fq": "itf", "fqq": "f", "fqr": "itfsl1234", "fqa": "f",
    "fqb": "q",
    "fqo": "fstl1234", "fho": "fs", "fy": "f", "fyw": "f", "fyb": "f", "cal": "c",
    "cq2": "fstl1234", "cq3": "c", "cq4": "c", "hq": "12" + _first_letters(_WORDS["q4_nicknames"]), "qq": "q",
    "lm": "tlpfm", "fm": "t", "trail": _first_letters(_WORDS["trailing_spans"]), "ana": "t",
    "qry": "fstl1234",
    "qy": "fstl1234", "qa": "q", "qb": "1234", "qc": "12", "qd": "12", "qe": "qt", "tm": "fl",
    "sm": "fl", "hy": "fs12", "hry": "fs", "ha": "h", "hb": "12", "sq": "t", "yaq": "t", "lq": "l",
    "pq": "t", "tq": "t", "nq": "n", "q0": "fstl1234", "q1": "q", "h0": "fs12", "h1": "h", "cq": "t",
    "ry": "tln", "sy": "t", "ya": "ato", "ye": "y", "fyr": "tfoyecw", "part": "fl", "since": "s",
    "onw": "f", "year": "12", "mr": "BJFMASOND", "tme": "t3", "sme": "sS6", "eq": "Tt", "date1": "0123456789",
    "date2": "JFMASOND", "my": "JFMASOND", "mo": "JFMASOND", "mmod": "JFMASOND",
}  # fmt: skip


@cache
def _group_patterns() -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """One regex per set of required words, over lowercased text."""
    groups: dict[tuple[str, ...], list[str]] = {}
    firsts: dict[tuple[str, ...], set[str]] = {}
    for name, body in _LOW_PARTS:
        groups.setdefault(_KEYS[name], []).append(f"(?=[{_FIRST[name]}])(?P<_{name}>{body})")
        firsts.setdefault(_KEYS[name], set()).update(_FIRST[name])
    return [
        (keys, re.compile(f"(?=[{''.join(sorted(firsts[keys]))}])(?:{'|'.join(parts)})"))
        for keys, parts in groups.items()
    ]


@cache
def _month_pattern() -> re.Pattern[str]:
    first = "".join(sorted({c for name, _ in _MONTH_PARTS for c in _FIRST[name]}))
    parts = "|".join(f"(?=[{_FIRST[name]}])(?P<_{name}>{body})" for name, body in _MONTH_PARTS)
    return re.compile(f"(?=[{first}])(?:{parts})")


_HAS_MONTH = re.compile(rf"(?=[JFMASOND]){_M}")
# Every month name of _M starts with one of these: substring tests rule out most sentences.
_MONTH_HEADS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CODE_PAIR = re.compile(r"[qh1-4](?=[qh1-4])")  # a run that may hold "q3", "3q", "h1", "1h"


def _has_code(low: str) -> bool:
    """Whether lowercased text holds a period code ("q3", "3q", "h1", "1h", "fy", "fq") anywhere:
    substring tests and a scan that skips every character outside q, h, 1-4."""
    if "fy" in low or "fq" in low:
        return True
    return any((low[m.start()] in "qh") != (low[m.end()] in "qh") for m in _CODE_PAIR.finditer(low))


_KEYWORDS = re.compile(
    r"(?=[qhfcmsywo12])(?:quarters|quarter|half|fiscal|financial|calendar|months|same|year|weeks|since|onward|19|20)"
    rf"|{_SEASONS}"
)


_HINT = re.compile(
    r"(?=[\dqhymfjasondcw])(?:\d|quarter|half|year|month|fiscal|financial|jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
    r"|nov|dec|since|onward|summer|winter|spring|autumn)"
)


def _year_relative(kind: str, n: int, rel: str, make):
    """ "the first three months of this year": a quarter or half of a year named relative to now."""
    if rel == "the":
        return make("ctx_year", kind, n)
    return make("abs_rel", kind, n, years={"this": 0, "last": -1}[rel])


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


def _ending_in(span: str, month_text: str, year_text: str | None, make):
    """A quarter or half named by the month it ends in ("the quarter ended June 30", "the six
    months to June"); a month that ends no such span names none."""
    size = 3 if span == "Q" else 6
    month = _month(month_text)
    if month % size:
        return None
    y = _year(year_text)
    return make("abs" if y else "recent", span, month // size, y)


def _ord(text: str) -> int:
    return ORDINALS[text.lower()]


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _quarter_of_months(a: int, b: int) -> tuple[str, int] | None:
    if b - a == 2 and a % 3 == 1:
        return "Q", (a + 2) // 3
    if b - a == 5 and a in (1, 7):
        return "H", 1 if a == 1 else 2
    return None


@lru_cache(maxsize=256)
def find_periods(text: str, base: int = 0) -> list[PeriodMention]:
    """Every period phrase in `text`, left to right; offsets are `base` + position. Where two
    phrases overlap, the one starting first wins, then the longer ("the last quarter of 2017"
    over "2017")."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lowercase changes length: keep offsets aligned
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not _HINT.search(low):
        return []
    found: list[re.Match[str]] = []
    present = set(_KEYWORDS.findall(low))
    if "quarters" in present:
        present.add("quarter")
    if _has_code(low):
        present.update(("q", "h", "fq", "fy"))
    for keys, pattern in _group_patterns():
        if not present.isdisjoint(keys):
            found.extend(pattern.finditer(low))
    if any(month in text for month in _MONTH_HEADS) and _HAS_MONTH.search(text):
        found.extend(_month_pattern().finditer(text))
    found.sort(key=lambda m: (m.start(), -(m.end() - m.start()), _ORDER[m.lastgroup[1:]]))
    out: list[PeriodMention] = []
    end = -1
    for m in found:
        if m.start() < end:
            continue
        mention = _mention(m, base, text)
        if mention is not None:
            if mention.rel == "ana":
                _bind_anaphor(mention, out)
            out.append(mention)
            end = m.end()
    return out


_EVENT_PREP = r"(?:in|on|during|at\s+the\s+(?:end|start|beginning)\s+of)\s+"
_EVENT_OBJECT = r"(?!(?:in|on|during|and|but|while|then|to|it|they)\s)[^\s,;:()]+\s+"  # "the Mate 60"
_EVENT_LEAD = r"(?:(?:early|late|mid)[\s-]+)?(?:the\s+|its\s+|this\s+|last\s+)?$"
_EVENT_BEFORE = re.compile(
    rf"(?:{phrase_pattern(_WORDS['launch_verbs'])})\s+(?:{_EVENT_OBJECT}){{0,4}}?(?:{_EVENT_PREP})?{_EVENT_LEAD}"
    rf"|(?:{phrase_pattern(_WORDS['statement_verbs'])})\s+(?:to\s+)?{_EVENT_PREP}{_EVENT_LEAD}"
)
_EVENT_WINDOW = 70


def mark_event_dates(text: str, mentions: list[PeriodMention]) -> list[PeriodMention]:
    """`mentions` with each period that a launch, sale or statement verb governs ("the model
    launched in April", "which went on sale in late September", "the 10 million it forecast in
    April", "said in January") turned into a `date`: it says when that event happened, so it
    is neither a figure's period nor the period the text is about. `text` is lowercased."""
    out = mentions
    for i, m in enumerate(mentions):
        if m.rel in ("date", "frame_only") or m.is_shift:
            continue
        if _EVENT_BEFORE.search(text, max(0, m.start - _EVENT_WINDOW), m.start) is None:
            continue
        if out is mentions:
            out = list(mentions)
        out[i] = replace(m, rel="date")
    return out


def _bind_anaphor(mention: PeriodMention, earlier: list[PeriodMention]) -> None:
    """ "Unveiled in June 2018 and on sale that summer": an anaphor takes the year of the last
    dated period before it in the same sentence."""
    for prior in reversed(earlier):
        if prior.rel in ("abs", "date") and prior.year:
            mention.rel, mention.kind, mention.year = "abs", "Y", prior.year
            mention.fiscal = prior.fiscal and mention.n == 1
            mention.n = 0
            return


def _mention(m: re.Match[str], base: int, source: str) -> PeriodMention | None:  # noqa: C901 - one branch per form
    name = m.lastgroup[1:] if m.lastgroup else ""
    g = m.group
    start, end, text = base + m.start(), base + m.end(), source[m.start() : m.end()]

    def make(rel: str, kind: str = "Y", n: int = 0, year: int | None = None, fiscal: bool = False, **kw):
        return PeriodMention(start, end, text, rel, kind, n, year, fiscal, **kw)

    if name == "year":  # the commonest form first
        return make("abs", "Y", 0, int(g("year")))
    if name == "fhe":
        return make("abs", "H", _ord(g("fhe_ord")), int(g("fhe_y")), True)
    if name == "fye":
        return make("abs", "Y", 0, int(g("fye_y")), True)
    if name == "fqe":
        return make("recent", "Q", _ord(g("fqe_ord")), None, True, month=_month(g("fqe_m")))
    if name == "fq":
        y = _year(g("fq_y"))
        return make("abs" if y else "recent", "Q", _ord(g("fq_ord")), y, True)
    if name == "fqr":
        y = _year(g("fqr_y"))
        return make("abs" if y else "recent", "Q", _ord(g("fqr_ord")), y, True)
    if name == "fqq":
        y = _year(g("fqq_y"))
        return make("abs" if y else "recent", "Q", int(g("fqq_n")), y, True)
    if name == "fqa":
        y = _year(g("fqa_y"))
        return make("abs" if y else "recent", "Q", int(g("fqa_n")), y, True)
    if name == "fqb":
        return make("abs", "Q", int(g("fqb_n")), _year(g("fqb_y")), True)
    if name == "fqo":
        return make("abs", "Q", _ord(g("fqo_ord")), int(g("fqo_y")), True)
    if name == "fho":
        return make("abs", "H", _ord(g("fho_ord")), int(g("fho_y")), True)
    if name == "fy":
        return make("abs", "Y", 0, int(g("fy_y")), True)
    if name == "fyw":  # "fiscal 2020, which ended in September": the year it ends names it
        return make("abs", "Y", 0, int(g("fyw_y2") or g("fyw_y")), True)
    if name in ("cq2", "cq3"):
        y = _year(g(f"{name}_y"))
        return make("abs" if y else "recent", "Q", _ord(g(f"{name}_ord")), y)
    if name == "cq4":
        y = _year(g("cq4_y") or g("cq4_yy"))
        return make("abs" if y else "recent", "Q", int(g("cq4_n")), y)
    if name == "hq":
        y = _year(g("hq_y") or g("hq_y2"))
        return make("abs" if y else "recent", "Q", 4, y)
    if name == "qq":
        a, b = int(g("qq_a")), int(g("qq_b"))
        y = _year(g("qq_y") or g("qq_yy"))
        span = {(1, 2): ("H", 1), (3, 4): ("H", 2), (1, 4): ("Y", 0)}.get((a, b))
        if span is None:
            return make("part") if b > a else None  # "Q1-Q3": a stretch of a year, not a period
        return make("abs" if y else "recent", span[0], span[1], y)
    if name == "lm":
        kind = "Q" if g("lm_n") in ("three", "3") else "H"
        return make("latest", kind)
    if name == "fm":
        kind = "Q" if g("fm_n") in ("three", "3") else "H"
        return make("recent", kind, 1)
    if name == "trail":
        return make("span")
    if name == "ana":
        return make("ana", "Y", 1 if text.lower().rstrip().endswith("year") else 0)
    if name == "fyb":
        return make("abs", "Y", 0, _year(g("fyb_y")), True)
    if name == "cal":
        return make("abs", "Y", 0, int(g("cal_y")))
    if name == "qry":
        rel = g("qry_rel").lower()
        n = _ord(g("qry_ord"))
        if rel in ("this", "last", "next"):
            return make("abs_rel", "Q", n, years={"this": 0, "last": -1, "next": 1}[rel])
        return make("ctx_year", "Q", n)
    if name == "qy":
        return make("abs", "Q", _ord(g("qy_ord")), int(g("qy_y")))
    if name == "qa":
        return make("abs", "Q", int(g("qa_n")), _year(g("qa_y") or g("qa_yy")))
    if name == "qb":
        return make("abs", "Q", int(g("qb_n")), _year(g("qb_y")))
    if name == "qc":
        return make("abs", "Q", _ord(g("qc_ord")), int(g("qc_y")))
    if name == "qd":
        return make("abs", "Q", int(g("qd_n")), int(g("qd_y")))
    if name == "mr":
        a, b = _month(g("mr_a")), _month(g("mr_b"))
        span = _quarter_of_months(a, b)
        if span is None:
            if (a, b) == (1, 12):
                span = ("Y", 0)
            else:  # "January to September": part of a year, not a period of the contract
                return make("part") if a == 1 and b > a else None
        y = _year(g("mr_y"))
        return make("abs" if y else "recent", span[0], span[1], y)
    if name == "qe":
        return _ending_in("Q", g("qe_m"), g("qe_y"), make)
    if name == "tm":
        n = 1 if g("tm_w").lower() == "first" else 4
        if g("tm_y"):
            return make("abs", "Q", n, int(g("tm_y")))
        return _year_relative("Q", n, g("tm_rel"), make)
    if name == "tme":
        return _ending_in("Q", g("tme_m"), g("tme_y"), make)
    if name == "sme":
        return _ending_in("H", g("sme_m"), g("sme_y"), make)
    if name == "sm":
        n = 1 if g("sm_w").lower() == "first" else 2
        if g("sm_y"):
            return make("abs", "H", n, int(g("sm_y")))
        return _year_relative("H", n, g("sm_rel"), make)
    if name == "eq":
        y = _year(g("eq_y"))
        return make("abs" if y else "recent", "Q", _month(g("eq_m")) // 3, y)
    if name == "hy":
        return make("abs", "H", _ord(g("hy_ord")), int(g("hy_y")))
    if name == "hry":
        rel = g("hry_rel").lower()
        n = _ord(g("hry_ord"))
        if rel == "the":
            return make("ctx_year", "H", n)
        return make("abs_rel", "H", n, years={"this": 0, "last": -1, "next": 1}[rel])
    if name == "ha":
        return make("abs", "H", int(g("ha_n")), _year(g("ha_y") or g("ha_yy")))
    if name == "hb":
        return make("abs", "H", int(g("hb_n")), _year(g("hb_y")))
    if name == "sq":
        kind = {"quarter": "Q", "half": "H", "month": "M", "period": ""}[g("sq_k").lower()]
        if g("sq_y"):
            return make("ctx_year", kind, 0, int(g("sq_y")))
        if g("sq_shift"):
            return make("shift", kind, years=1)
        return make("ctx", kind)
    if name == "yaq":
        return make("shift", "", years=1)
    if name == "lq":
        return make("last", "Q")
    if name == "pq":
        return make("step", "Q", steps=-1)
    if name == "tq":
        return make("this", "Q")
    if name == "nq":
        return make("next", "Q")
    if name == "q0":
        return make("recent", "Q", _ord(g("q0_ord")))
    if name == "q1":
        return make("recent", "Q", int(g("q1_n")))
    if name == "h0":
        return make("recent", "H", _ord(g("h0_ord")))
    if name == "h1":
        return make("recent", "H", int(g("h1_n")))
    if name == "cq":
        return make("ctx", "Q")
    if name == "ry":
        return make({"this": "this", "last": "last", "next": "next"}[g("ry").lower()], "Y")
    if name == "sy":
        return make("shift", "", years=1)
    if name == "ya":
        count = {"a": 1, "one": 1, "two": 2, "three": 3}[g("ya_n").lower()]
        return make("shift", "", years=count)
    if name == "ye":
        return make("shift", "", years=1)
    if name == "fyr":
        return make("ctx", "Y")
    if name in ("date1", "date2"):
        key = "d1" if name == "date1" else "d2"
        return make("date", "M", _month(g(f"{key}_m")), _year(g(f"{key}_y")), month=_month(g(f"{key}_m")))
    if name == "my":
        return make("abs", "M", _month(g("my_m")), int(g("my_y")))
    if name in ("mo", "mmod"):  # "in October", "October shipments": the latest October
        month = _month(g(f"{name}_m"))
        return make("recent", "M", month)
    if name in ("since", "onw", "part"):
        return make("frame_only")  # "since 2011", "from 2018 onwards": not a figure's period
    return None


def _started(period: Period, published: date) -> bool:
    return period.bounds()[0] <= published


def resolve(
    mention: PeriodMention,
    published: date | None,
    frame: Period | None = None,
    base: Period | None = None,
) -> Period | None:
    """The period a mention names. `frame` is the period the text is talking about (for
    "the quarter", "the full year", and a year for "the third quarter"); `base` is the period
    a shift counts from ("a year earlier" than `base`). None when it cannot be resolved."""
    rel, kind = mention.rel, mention.kind
    if rel == "abs":
        return Period(mention.year, kind, mention.n, mention.fiscal) if mention.year else None
    if rel in ("this", "last", "next"):
        if published is None:
            return None
        delta = {"this": 0, "last": -1, "next": 1}[rel]
        if kind == "Y":
            return Period(published.year + delta)
        current = Period(published.year, "Q", (published.month - 1) // 3 + 1)
        return current.shifted(steps=delta)
    if rel == "abs_rel":
        if published is None:
            return None
        return Period(published.year + mention.years, kind, mention.n)
    if rel == "ctx_year":
        year = mention.year
        if year is None:
            if frame is None:
                if published is None:
                    return None
                return _recent(replace(mention, rel="recent"), published, None)
            year = frame.year
        n = mention.n or (frame.n if frame is not None and frame.kind == kind else 0)
        if kind and n:
            return Period(
                year, kind, n, frame.fiscal if frame is not None and mention.year is None else False
            )
        return None
    if rel == "recent":
        return _recent(mention, published, frame)
    if rel == "latest":
        return _latest(kind, published, frame)
    if rel == "ana":
        if frame is None:
            return None
        return Period(frame.year, "Y", 0, frame.fiscal and mention.n == 1)
    if rel == "ctx":
        if frame is None:
            return Period(published.year) if kind == "Y" and published is not None else None
        if kind == "Y":
            return Period(frame.year, "Y", 0, frame.fiscal)
        if not kind or frame.kind == kind:
            return frame
        return None
    if rel == "shift":
        origin = base or frame
        if origin is None:
            return None
        if kind and origin.kind != kind and kind != "Y":
            return None
        return origin.shifted(years=-mention.years)
    if rel == "step":
        origin = base or frame
        if origin is None or origin.kind != kind:
            return None
        return origin.shifted(steps=mention.steps)
    return None


def _latest(kind: str, published: date | None, frame: Period | None) -> Period | None:
    """ "The last three months": the closing quarter (half) of a finished year being talked about,
    else the latest whole one before publication."""
    last = 4 if kind == "Q" else 2
    finished = is_over(frame, published) is not False if frame is not None else False
    if frame is not None and not frame.fiscal and frame.kind == "Y" and finished:
        return Period(frame.year, kind, last)
    if published is None:
        return None
    size = 12 // last
    return Period(published.year, kind, (published.month - 1) // size + 1).shifted(steps=-1)


def _recent(mention: PeriodMention, published: date | None, frame: Period | None) -> Period | None:
    """ "The third quarter": the frame's year where that quarter had begun by publication,
    else the latest one that had. Fiscal quarters take the frame's fiscal year, or the year of
    the month they "ended in"."""
    kind, n, fiscal = mention.kind, mention.n, mention.fiscal
    if fiscal:
        if frame is not None and frame.fiscal:
            return Period(frame.year, kind, n, True)
        if mention.month and published is not None and kind == "Q" and n == 4:
            year = published.year if mention.month <= published.month else published.year - 1
            return Period(year, "Q", 4, True)
        return None
    if frame is not None and not frame.fiscal:
        candidate = Period(frame.year, kind, n)
        if published is None or _started(candidate, published):
            return candidate
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        candidate = Period(year, kind, n)
        if _started(candidate, published):
            return candidate
    return None


def event_year(
    mention: PeriodMention, published: date | None, frame: Period | None = None, future: bool = False
) -> int | None:
    """The year an event phrase puts it in. Dates and months without a year are the latest
    such day not after publication, or for a plan (`future`) the next one; "a year ago"
    counts back from publication."""
    if mention.rel == "date" or (mention.rel == "recent" and mention.kind == "M"):
        if mention.year:
            return mention.year
        if published is None:
            return None
        if future:
            return (
                published.year
                if mention.month >= published.month or mention.n >= published.month
                else published.year + 1
            )
        month = mention.month or mention.n
        return published.year if month <= published.month else published.year - 1
    if mention.rel == "shift":
        return published.year - mention.years if published is not None else None
    leans = mention.rel in ("ctx", "ctx_year", "ana", "latest")
    period = resolve(mention, published, frame if leans else None)
    return period.year if period is not None else None


@lru_cache(maxsize=1024)
def is_over(period: Period, published: date | None) -> bool | None:
    """Whether a period had ended by publication (None when there is no date to judge by)."""
    if published is None:
        return None
    return period.bounds()[1] < published
