"""Figures in Markdown pipe tables (the ingest turns HTML tables into the same rows).

A vendor table has one column naming vendors (or "Others", "Total") and value columns whose
headers say what they hold: shipments with a unit ("2017 shipments (m)", "Q2 2019 shipments
(millions)") or shares ("market share", or cells ending in %), each possibly with its own
period. Growth and rank columns are skipped. What a header leaves open (period, market, unit
scale) comes from the caption or the text around the table, then from the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.context import Context
from etl.figures import MARKET, OTHERS, SHARE, SHIPMENTS, TARGET, Figure
from etl.markets import EXCLUDED, find_markets
from etl.numbers import PERCENT, UNITS, parse_amount
from etl.periods import Period, find_periods, is_over, resolve
from etl.sentences import Sentence
from etl.vendors import INCLUDED, NAME, find_vendors

_RULE = re.compile(r"^:?-{2,}:?$")
_VENDOR_HEADER = re.compile(
    r"\b(?:vendors?|brands?|compan(?:y|ies)|manufacturers?|makers?|oems?)\b", re.IGNORECASE
)
_SKIP_HEADER = re.compile(
    r"\b(?:growth|change|chg|yoy|y/y|qoq|increase|decrease|decline|rank|ranking|position|revenue|asp|price)\b|^#$",
    re.IGNORECASE,
)
_SHARE_HEADER = re.compile(r"\bshare\b|%", re.IGNORECASE)
_UNITS_HEADER = re.compile(
    r"\b(?:shipments?|units|volumes?|sales|sold|shipped|sell-in|sell-through)\b", re.IGNORECASE
)
_SCALES = (
    (re.compile(r"\((?:in\s+)?(?:m|mn|mln|millions?|million\s+units|units,?\s+m(?:illions)?)\)|\bin\s+millions\b"
                r"|\bmillions\s+of\s+units\b|\bmillion\s+units\b", re.IGNORECASE), 1e6),
    (re.compile(r"\((?:in\s+)?(?:bn|b|billions?)\)|\bin\s+billions\b", re.IGNORECASE), 1e9),
    (re.compile(r"\((?:in\s+)?(?:k|000s|'000|thousands?)\)|\bin\s+thousands\b", re.IGNORECASE), 1e3),
)  # fmt: skip
# A scale word set off in a header: "Units (000s)", "Shipments, thousands", "(mn units)", "Sales, m".
_HEADER_SCALE = re.compile(
    r"(?:\(|,\s*|\bin\s+)(?:units?[,\s]+)?(?:in\s+)?(?P<word>millions?|mn|mln|m|billions?|bn|b|thousands?|k|000s?|'000s?)"
    r"(?:\s+(?:of\s+)?units)?\s*(?:\)|$)",
    re.IGNORECASE,
)
_HEADER_SCALES = {"m": 1e6, "b": 1e9, "t": 1e3, "k": 1e3, "0": 1e3, "'": 1e3}
_OTHERS_CELL = re.compile(
    r"^\W*(?:others?|other\s+(?:brands|vendors)|rest(?:\s+of\s+(?:the\s+)?market)?)\W*$", re.I
)
_TOTAL_CELL = re.compile(r"^\W*(?:total|market|all(?:\s+vendors)?|industry|overall)\W*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,%])")
_PERCENT_WORD = re.compile(r"\bper\s?cent\b|\bpercent")
_MISSING = re.compile(r"^\W*(?:n/?a|na|-|–|—|nil|none)?\W*$", re.IGNORECASE)


@dataclass(slots=True)
class _Column:
    index: int
    unit: str  # units or percent
    scale: float
    period: Period | None


def cells(row: str) -> list[str]:
    """The cells of one pipe row, without the outer pipes and padding."""
    body = row.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in body.split("|")]


def _scale(text: str, header: bool = False) -> float | None:
    """The unit scale a caption or (with `header`) a column header states."""
    for pattern, scale in _SCALES:
        if pattern.search(text):
            return scale
    word = _HEADER_SCALE.search(text) if header else None
    if word is not None:
        return _HEADER_SCALES[word.group("word")[0].lower()]
    return None


def table_figures(
    rows: list[Sentence], before: list[Sentence], after: list[Sentence], ctx: Context
) -> list[tuple[Sentence, Figure]]:
    """Figures of one table. `rows` are its pipe rows in order (header first); `before` and
    `after` the sentences of the paragraphs around it (caption, units note, source line)."""
    around = [*reversed(before), *after]
    grid = [(row, cells(row.text)) for row in rows]
    grid = [(row, cs) for row, cs in grid if not all(_RULE.match(c) or not c for c in cs)]
    if len(grid) < 2:
        return []
    header = grid[0][1]
    body = grid[1:]
    vendor_col = _vendor_column(header, body)
    if vendor_col is None:
        return _transposed_figures(header, body, around, after, ctx)
    around_text = " ".join(s.text for s in around)
    caption_period = _caption_period(around, ctx)
    text_scale = _scale(around_text)
    caption_unit = _caption_unit(around[:1] + after[:1])
    columns = []
    for index, head in enumerate(header):
        if index == vendor_col or _SKIP_HEADER.search(head):
            continue
        values = [cs[index] for _, cs in body if index < len(cs)]
        signed = sum(1 for v in values if re.match(r"^\s*[+\-−]\d", v))
        if signed > len(values) / 2:
            continue  # a change column
        percent_cells = sum(1 for v in values if v.rstrip("* ").endswith("%"))
        if _SHARE_HEADER.search(head) or percent_cells > len(values) / 2:
            unit, scale = PERCENT, 1.0
        elif _UNITS_HEADER.search(head) or _scale(head, header=True):
            unit = UNITS
            scale = _scale(head, header=True) or text_scale or _guess_scale(values)
        elif caption_unit is not None:  # "China smartphone sales share by brand (%)" over period columns
            unit = caption_unit
            scale = 1.0 if unit == PERCENT else (text_scale or _guess_scale(values))
        else:
            continue
        mentions = [m for m in find_periods(head) if m.rel not in ("date", "frame_only")]
        period = resolve(mentions[0], ctx.published, ctx.frame) if mentions else _header_year(head)
        columns.append(_Column(index, unit, scale, period))
    if not columns:
        return []
    _share_header_periods(columns, caption_period, ctx.frame)
    market = _table_market(around, ctx)
    out: list[tuple[Sentence, Figure]] = []
    for row, cs in body:
        if vendor_col >= len(cs):
            continue
        vendor = _row_vendor(cs[vendor_col])
        if vendor is None:
            continue
        for col in columns:
            if col.index >= len(cs) or _MISSING.match(cs[col.index]):
                continue
            value = parse_amount(cs[col.index])
            if value is None:
                continue
            if col.unit == PERCENT:
                if vendor == MARKET:
                    continue
                metric, amount = SHARE, value
            else:
                amount = value * col.scale
                over = is_over(col.period, ctx.published) if col.period is not None else None
                metric = TARGET if over is False else SHIPMENTS
            out.append(
                (
                    row,
                    Figure(
                        metric=metric,
                        vendor=vendor,
                        market=market,
                        period=col.period,
                        value=amount,
                        unit=col.unit,
                        qualifier="exact",
                        confidence=0.9 if col.period is not None else 0.6,
                    ),
                )
            )
    return out


def _transposed_figures(
    header: list[str],
    body: list[tuple[Sentence, list[str]]],
    around: list[Sentence],
    after: list[Sentence],
    ctx: Context,
) -> list[tuple[Sentence, Figure]]:
    """A table turned on its side: vendors head the columns and each row is a period ("| Quarter |
    Apple | Samsung |" over "| Q1 2020 | 14% | 21% |"). A cell is its column's vendor's figure for
    its row's period; whether it counts units or shares comes from the cells and the caption."""
    vendors = {i: _row_vendor(head) for i, head in enumerate(header)}
    vendors = {i: v for i, v in vendors.items() if v is not None}
    if len(vendors) < 2:
        return []
    period_col = next((i for i in range(len(header)) if i not in vendors), None)
    if period_col is None:
        return []
    around_text = " ".join(s.text for s in around)
    caption_unit = _caption_unit(around[:1] + after[:1])
    values = [cs[i] for _, cs in body for i in vendors if i < len(cs)]
    percent_cells = sum(1 for v in values if v.rstrip("* ").endswith("%"))
    if percent_cells > len(values) / 2 or _SHARE_HEADER.search(header[period_col]):
        unit, scale = PERCENT, 1.0
    elif caption_unit is not None or _UNITS_HEADER.search(header[period_col]):
        unit = caption_unit or UNITS
        scale = 1.0 if unit == PERCENT else (_scale(around_text) or _guess_scale(values))
    else:
        return []
    market = _table_market(around, ctx)
    out: list[tuple[Sentence, Figure]] = []
    for row, cs in body:
        if period_col >= len(cs):
            continue
        mentions = [m for m in find_periods(cs[period_col]) if m.rel not in ("date", "frame_only")]
        period = resolve(mentions[0], ctx.published, ctx.frame) if mentions else _header_year(cs[period_col])
        if period is None:
            continue  # a row that names no period ("Total", "Change") is not one period's figure
        over = is_over(period, ctx.published)
        for index, vendor in vendors.items():
            if index >= len(cs) or _MISSING.match(cs[index]):
                continue
            value = parse_amount(cs[index])
            if value is None or (unit == PERCENT and vendor == MARKET):
                continue
            metric = SHARE if unit == PERCENT else (TARGET if over is False else SHIPMENTS)
            amount = value if unit == PERCENT else value * scale
            figure = Figure(metric, vendor, market, period, amount, unit, "exact", confidence=0.85)
            out.append((row, figure))
    return out


def _share_header_periods(columns: list[_Column], caption: Period | None, frame: Period | None) -> None:
    """Columns whose header names no period ("| Vendor | Q4 2020 units (m) | Share |") belong to
    the period a header to their left names (a group's first column carries the period), else
    the caption's, else the period a header to their right names, else the text's."""
    dated = [c for c in columns if c.period is not None]
    for col in columns:
        if col.period is not None:
            continue
        left = [c for c in dated if c.index < col.index]
        right = [c for c in dated if c.index > col.index]
        col.period = left[-1].period if left else (caption or (right[0].period if right else frame))


def _header_year(head: str) -> Period | None:
    """A bare year in a header ("2018 units (000s)") is the column's year, never a count."""
    year = _YEAR.search(head)
    return Period(int(year.group(0))) if year else None


def _caption_unit(captions: list[Sentence]) -> str | None:
    """What the value columns hold when their headers only name periods: the caption says."""
    for sent in captions:
        if _SHARE_HEADER.search(sent.text) or _PERCENT_WORD.search(sent.text.lower()):
            return PERCENT
        if _UNITS_HEADER.search(sent.text) or _scale(sent.text):
            return UNITS
    return None


def _vendor_column(header: list[str], body: list[tuple[Sentence, list[str]]]) -> int | None:
    for index, head in enumerate(header):
        if _VENDOR_HEADER.search(head):
            return index
    best, best_hits = None, 0
    for index in range(len(header)):
        hits = sum(1 for _, cs in body if index < len(cs) and _row_vendor(cs[index]) is not None)
        if hits > best_hits:
            best, best_hits = index, hits
    return best if best_hits >= max(2, len(body) // 2) else None


def _row_vendor(cell: str) -> str | None:
    clean = cell.replace("*", "").strip()
    if _OTHERS_CELL.match(clean):
        return OTHERS
    if _TOTAL_CELL.match(clean):
        return MARKET
    for v in find_vendors(clean):
        if v.role == NAME and v.vendor:
            return v.vendor
        if v.role == INCLUDED:
            continue
    return None


def _guess_scale(values: list[str]) -> float:
    """Unit counts without a stated scale: small numbers are millions (trackers' convention)."""
    numbers = [n for n in (parse_amount(v) for v in values) if n is not None]
    return 1e6 if numbers and max(numbers) < 10_000 else 1.0


def _caption_period(around: list[Sentence], ctx: Context) -> Period | None:
    for sent in around:
        for m in find_periods(sent.text):
            if m.rel in ("date", "frame_only") or m.is_shift or m.kind == "M":
                continue
            resolved = resolve(m, ctx.published, ctx.frame)
            if resolved is not None:
                return resolved
    return None


def _table_market(around: list[Sentence], ctx: Context) -> str:
    for sent in around:
        found = [m for m in find_markets(sent.text) if m.kind != EXCLUDED]
        if found:
            return found[0].market
    return ctx.focus_market or "Global"
