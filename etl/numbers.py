"""Numbers in every written form: "28.1m", "1.47bn", "28,100,000", "a quarter of a billion",
"35 to 40 million", "between 250 million and 260 million", "7 per cent", "7%", "seven percent".

`find_quantities` reads a stretch of text once with precompiled patterns and returns what each
number says (value, unit, range bounds, money), with offsets, so the figure rules never touch
number syntax. The word lists live in etl/lexicon/numbers.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from etl.lexicon import phrase_pattern

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
def _patterns() -> dict[str, object]:
    """Patterns over lowercased text: digit numbers with their unit, the words before a scale or
    percent word that make a number ("a quarter of a", "seven"), currencies around a number."""
    lex = _lexicon()
    unit_words = "|".join(sorted(lex["units"], key=len, reverse=True))
    tens_words = "|".join(lex["tens"])
    word_number = rf"(?:(?:{tens_words})(?:[\s-](?:{unit_words}))?|{unit_words}|an?)"
    fractions = "|".join(
        r"\s+".join(map(re.escape, f.split())) for f in sorted(lex["fractions"], key=len, reverse=True)
    )
    pct = phrase_pattern([w for w in lex["percent_words"] if w != "%"])
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    number = re.compile(
        rf"""(?=[\d+\-−])(?<![\w.,])
        (?P<sign>[+\-−](?=\d))?
        (?P<num>{digits})
        (?:
            \s*(?P<pct1>%)
          | \s?(?P<pct2>{pct})
          | \s?(?P<lscale>(?:thousand|million|billion|trillion)s?)\b
          | \s?(?P<sscale>mn|mln|bn|tn)\b
          | (?P<tscale>[mbk])\b(?![’'.]\w)
        )?
        (?![\w%]|[.,]\d)""",
        re.VERBOSE,
    )
    if tuple(number.groupindex) != _NUMBER_GROUPS or number.groups != len(_NUMBER_GROUPS):
        raise ValueError("the number pattern's groups must be exactly _NUMBER_GROUPS, in order")
    scale_word = re.compile(
        rf"(?=[mbtp])(?:(?P<scale>(?:thousand|million|billion|trillion)s?)\b|(?P<pct>{pct}))"
    )
    words_before = re.compile(rf"(?:^|(?<=[^\w]))(?:(?P<frac>{fractions})|(?P<word>{word_number}))\s+$")
    currency = "|".join(re.escape(c.lower()) for c in sorted(lex["currency_before"], key=len, reverse=True))
    return {
        "number": number,
        "scale_word": scale_word,
        "words_before": words_before,
        "currency_before": re.compile(rf"(?:{currency})\s?$"),
        "currency_after": re.compile(r"\s*(?:" + phrase_pattern(lex["currency_after"]) + r")"),
        "joiner": re.compile(r"\s*(?:to|-|–|—|and)\s*$"),
    }


_DIGIT = re.compile(r"\d")


def has_number(text: str) -> bool:
    """Cheap pre-check: whether a stretch of text can hold a number at all."""
    low = text.lower()
    return any(c.isdigit() for c in text) or "million" in low or "billion" in low or "per" in low


def _word_value(word: str) -> float:
    lex = _lexicon()
    words = {**lex["units"], **lex["tens"]}
    word = word.lower()
    if word in ("a", "an"):
        return 1.0
    return float(sum(words.get(part, 0) for part in re.split(r"[\s-]+", word)))


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


_NUMBER_GROUPS = ("sign", "num", "pct1", "pct2", "lscale", "sscale", "tscale")


def _atom(match: re.Match[str], low: str, base: int, currency_before: re.Pattern[str]) -> Quantity | None:
    """What one digit number states; None for a year (a period, read by etl.periods)."""
    sign, raw, pct1, pct2, lscale, sscale, tscale = match.groups()  # the order of _NUMBER_GROUPS
    value = float(raw.replace(",", "")) if "," in raw else float(raw)
    unit: str | None = None
    scaled = False
    if pct1 or pct2:
        unit = PERCENT
    elif lscale or sscale or tscale:
        value *= _scale(lscale or sscale or tscale)
        unit, scaled = UNITS, True
    elif "," in raw and value >= 100_000:
        unit = UNITS  # "28,100,000": a count written out in full
    start, end = match.span()
    money = False
    if not sign:
        cur = currency_before.search(low, max(0, start - 5), start)
        if cur:
            money = True
            start -= len(cur.group(0))
    elif sign in "-−":
        value = -value
    if unit is None and not money and value.is_integer() and 1900 <= value <= 2099 and "," not in raw:
        return None
    text = low[start:end]
    return Quantity(base + start, base + end, value, unit, None, None, money, bool(sign), scaled, text)


def _word_atoms(low: str, base: int) -> list[Quantity]:
    """Numbers written in words before a scale or percent word: "a quarter of a billion",
    "more than a million", "three percent"."""
    pats = _patterns()
    out = []
    for m in pats["scale_word"].finditer(low):  # type: ignore[union-attr]
        window_start = max(0, m.start() - 40)
        if not low[window_start : m.start()].rstrip()[-1:].isalpha():
            continue  # a number word ends in a letter: "12.3 million" has none before its scale
        w = pats["words_before"].search(low, window_start, m.start())  # type: ignore[union-attr]
        if w is None:
            continue
        if m.group("pct"):
            if w.group("frac") or w.group("word") in ("a", "an"):
                continue
            value, unit, scaled = _word_value(w.group("word")), PERCENT, False
        elif w.group("frac"):
            value, unit, scaled = _fraction(w.group("frac")) * _scale(m.group("scale")), UNITS, True
        else:
            value, unit, scaled = _word_value(w.group("word")) * _scale(m.group("scale")), UNITS, True
        out.append(
            Quantity(
                base + w.start(), base + m.end(), value, unit, scaled=scaled, text=low[w.start() : m.end()]
            )
        )
    return out


@lru_cache(maxsize=256)
def find_quantities(text: str, base: int = 0) -> list[Quantity]:
    """Every number in `text` with what it states; offsets are `base` + position in `text`.
    Years ("2017") are left out: they are periods, read by etl.periods."""
    pats = _patterns()
    low = text.lower()
    if len(low) != len(text):  # keep offsets aligned for the rare character whose lowercase is longer
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    atoms: list[Quantity] = []
    digits = _DIGIT.search(text) is not None
    if not digits and "million" not in low and "billion" not in low and "per" not in low:
        return atoms
    currency_after = pats["currency_after"]
    if digits:  # a number in figures needs a digit
        currency_before = pats["currency_before"]
        for match in pats["number"].finditer(low):  # type: ignore[union-attr]
            q = _atom(match, low, base, currency_before)  # type: ignore[arg-type]
            if q is None:
                continue
            if not q.money and currency_after.match(low, q.end - base):  # type: ignore[union-attr]
                q.money = True
            atoms.append(q)
    if "million" in low or "billion" in low or "thousand" in low or "per" in low:
        words = _word_atoms(low, base)
        if words:
            atoms = sorted(atoms + words, key=lambda q: q.start)
            for q in words:
                if currency_after.match(low, q.end - base):  # type: ignore[union-attr]
                    q.money = True
    return _merge_ranges(low, base, atoms)


_BEFORE_RANGE_BLOCK = re.compile(
    r"(?:\bfrom|\bby|\bgrew|\brose|\bfell|\bup|\bdown|\bincreased|\bdecreased|\bjumped|\bclimbed|\bdropped)\s*$"
)
_BETWEEN = re.compile(r"\bbetween\s*$")


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
    m = re.search(r"(thousand|million|billion|trillion)s?|\b(mn|mln|bn|tn)\b|\d([mbk])\b", q.text.lower())
    if not m:
        return 1.0
    return _scale(m.group(1) or m.group(2) or m.group(3))
