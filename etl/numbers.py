"""Numbers in every written form: "28.1m", "1.47bn", "28,100,000", "a quarter of a billion",
"35 to 40 million", "between 250 million and 260 million", "7 per cent", "7%", "seven percent".

`find_quantities` reads a stretch of text once with precompiled patterns and returns what each
number says (value, unit, range bounds, money), with offsets, so the figure rules never touch
number syntax. The word lists live in etl/lexicon/numbers.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.lexicon import lists, phrase_pattern

UNITS = "units"
PERCENT = "percent"


@dataclass(slots=True)
class Quantity:
    """One number as stated. `unit` is `units` (a count with a scale word, or a plain count of a
    million or more), `percent`, or None (a bare number: a table cell, a year, a small count)."""

    start: int
    end: int
    value: float
    unit: str | None
    low: float | None = None
    high: float | None = None
    money: bool = False
    signed: bool = False  # "+20%", "-16%": a change, not a level
    scaled: bool = False  # had a scale word ("million", "m", "bn")
    text: str = ""

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None


@cache
def _lexicon() -> dict:
    import yaml

    from etl.lexicon import HERE

    with (HERE / "numbers.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    words = {**lex["units"], **lex["tens"]}
    unit_words = "|".join(sorted(lex["units"], key=len, reverse=True))
    tens_words = "|".join(lex["tens"])
    word_number = rf"(?:(?:{tens_words})(?:[\s-](?:{unit_words}))?|{unit_words})"
    long_scales = r"(?:thousand|million|billion|trillion)s?"
    short_scales = r"(?:mn|mln|bn|tn)"
    pct = phrase_pattern([w for w in lex["percent_words"] if w != "%"])
    currency = "|".join(re.escape(c) for c in sorted(lex["currency_before"], key=len, reverse=True))
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    fractions = "|".join(
        r"\s+".join(map(re.escape, f.split())) for f in sorted(lex["fractions"], key=len, reverse=True)
    )
    number = re.compile(
        rf"""
        (?<![\w.,])(?P<cur>(?:{currency})\s?)?
        (?P<sign>[+\-−](?=\d))?
        (?:
            (?P<frac>{fractions})\s+(?P<fscale>{long_scales})\b
          | (?P<num>{digits})
            (?:
                \s*(?P<pct1>%)
              | \s?(?P<pct2>{pct})
              | \s?(?P<lscale>{long_scales})\b
              | \s?(?P<sscale>{short_scales})\b
              | (?P<tscale>[mbk])\b(?![’'.]\w)
            )?
          | \b(?P<word>{word_number}|an?)\s+(?:(?P<wscale>{long_scales})\b|(?P<wpct>{pct}))
        )
        (?![\w%]|[.,]\d)
        """,
        re.IGNORECASE | re.VERBOSE,
    )
    after_currency = re.compile(
        r"\s*(?:" + phrase_pattern(lex["currency_after"]) + r")", re.IGNORECASE
    )
    joiner = re.compile(r"\s*(?:to|-|–|—|and)\s*$", re.IGNORECASE)
    return {
        "number": number,
        "currency_after": after_currency,
        "joiner": joiner,
        "words": words,  # type: ignore[dict-item]
    }


_DIGIT_OR_WORD = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|a million|a billion|half a|quarter of a|third of a)\b",
    re.IGNORECASE,
)


def has_number(text: str) -> bool:
    """Cheap pre-check: whether a stretch of text can hold a number at all."""
    return _DIGIT_OR_WORD.search(text) is not None


def _word_value(word: str) -> float:
    words = _patterns()["words"]
    word = word.lower()
    if word in ("a", "an"):
        return 1.0
    total = 0.0
    for part in re.split(r"[\s-]+", word):
        total += words.get(part, 0)  # type: ignore[union-attr]
    return total


def _scale(token: str | None) -> float:
    if not token:
        return 1.0
    return float(_lexicon()["scales"].get(token.lower(), 1.0))


def _fraction(token: str) -> float:
    key = " ".join(token.lower().split())
    return float(_lexicon()["fractions"][key])


def parse_amount(cell: str) -> float | None:
    """A plain number as written in a table cell ("1,472.4", "**317.3**", "40.6%"); None if the
    cell holds no number."""
    match = re.search(r"[+\-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+\-−]?\d+(?:\.\d+)?", cell)
    if not match:
        return None
    return float(match.group(0).replace(",", "").replace("−", "-"))


def _atom(match: re.Match[str], base: int) -> Quantity | None:
    g = match.groupdict()
    money = bool(g["cur"])
    signed = bool(g["sign"])
    unit: str | None = None
    scaled = False
    if g["frac"]:
        value = _fraction(g["frac"]) * _scale(g["fscale"])
        unit, scaled = UNITS, True
    elif g["word"]:
        if g["wscale"]:
            value = _word_value(g["word"]) * _scale(g["wscale"])
            unit, scaled = UNITS, True
        else:
            if g["word"].lower() in ("a", "an"):
                return None
            value = _word_value(g["word"])
            unit = PERCENT
    else:
        raw = g["num"]
        value = float(raw.replace(",", ""))
        if g["pct1"] or g["pct2"]:
            unit = PERCENT
        elif g["lscale"] or g["sscale"] or g["tscale"]:
            value *= _scale(g["lscale"] or g["sscale"] or g["tscale"])
            unit, scaled = UNITS, True
        elif "," in raw and value >= 100_000:
            unit = UNITS  # "28,100,000": a count written out in full
    if signed and g["sign"] in "-−":
        value = -value
    start = match.start("sign") if g["sign"] else match.start() + (len(g["cur"]) if g["cur"] else 0)
    if g["cur"]:
        start = match.start()
    return Quantity(
        start=base + start,
        end=base + match.end(),
        value=value,
        unit=unit,
        money=money,
        signed=signed,
        scaled=scaled,
        text=match.group(0),
    )


def _is_year(q: Quantity) -> bool:
    return q.unit is None and not q.money and q.value.is_integer() and 1900 <= q.value <= 2099 and "," not in q.text


def find_quantities(text: str, base: int = 0) -> list[Quantity]:
    """Every number in `text` with what it states; offsets are `base` + position in `text`.
    Years ("2017") are left out: they are periods, read by etl.periods."""
    pats = _patterns()
    atoms: list[Quantity] = []
    for match in pats["number"].finditer(text):
        q = _atom(match, base)
        if q is None or _is_year(q):
            continue
        if not q.money and pats["currency_after"].match(text, q.end - base):
            q.money = True
        atoms.append(q)
    return _merge_ranges(text, base, atoms)


_BEFORE_RANGE_BLOCK = re.compile(
    r"(?:\bfrom|\bby|\bgrew|\brose|\bfell|\bup|\bdown|\bincreased|\bdecreased|\bjumped|\bclimbed|\bdropped)\s*$",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\bbetween\s*$", re.IGNORECASE)


def _merge_ranges(text: str, base: int, atoms: list[Quantity]) -> list[Quantity]:
    """Join "35 to 40 million", "38 to 38.5 per cent" and "between 250 million and 260 million"
    into one range quantity: value = midpoint, low/high = bounds."""
    if len(atoms) < 2:
        return atoms
    joiner = _patterns()["joiner"]
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms):
            b = atoms[i + 1]
            between = text[a.end - base : b.start - base]
            before = text[max(0, a.start - base - 12) : a.start - base]
            is_between = _BETWEEN.search(before) is not None
            word = between.strip().lower()
            ok_join = joiner.match(between) is not None and (word != "and" or is_between)
            if (
                ok_join
                and b.unit is not None
                and a.unit in (None, b.unit)
                and a.money == b.money
                and not a.signed
                and not b.signed
                and not _BEFORE_RANGE_BLOCK.search(before)
            ):
                low = a.value if a.unit else a.value * (_scale_of(b) if b.scaled else 1.0)
                high = b.value
                if low < high:
                    start = a.start
                    if is_between:
                        start = a.start - (len(before) - before.lower().rfind("between"))
                    out.append(
                        Quantity(
                            start=start,
                            end=b.end,
                            value=(low + high) / 2,
                            unit=b.unit,
                            low=low,
                            high=high,
                            money=b.money,
                            scaled=b.scaled,
                            text=text[start - base : b.end - base],
                        )
                    )
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _scale_of(q: Quantity) -> float:
    """The scale a scaled quantity was written with ("40 million" -> 1e6)."""
    m = re.search(r"(thousand|million|billion|trillion)s?|\b(mn|mln|bn|tn)\b|\d([mbk])\b", q.text, re.IGNORECASE)
    if not m:
        return 1.0
    return _scale(m.group(1) or m.group(2) or m.group(3))
