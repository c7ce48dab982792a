"""Where a number came from: find it in its quote (to highlight it) and lay out the evidence panel."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd
from dash import html

# A number as reports print it, with the scale word or percent sign that may follow.
_NUMBER = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<gap>\s?)(?P<scale>%|per\s?cent\b|percent\b|pc\b|million\b|mln\b|mn\b|m\b|billion\b|bn\b|b\b|"
    r"thousand\b|k\b)?",
    re.IGNORECASE,
)
_SCALES = {
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "thousand": 1e3,
    "k": 1e3,
}
_JOINERS = re.compile(r"^\s*(?:to|-|–|and|or)\s*$", re.IGNORECASE)

METRIC_LABELS = {
    "shipments": "Shipments",
    "shipments_target": "Shipment target",
    "market_share": "Market share",
    "margin": "Margin",
    "market_entry": "Market entry",
}
QUALIFIER_WORDS = {
    "approx": "about ",
    "at_least": "at least ",
    "at_most": "at most ",
    "exact": "",
    "range": "",
}


def _candidates(quote: str) -> list[tuple[int, int, float, bool]]:
    """(start, end, value read, is_percent) for every number in the quote; a bare number borrows the
    scale of the number it is paired with ("35 to 40 million")."""
    found = []
    matches = list(_NUMBER.finditer(quote))
    for i, m in enumerate(matches):
        num = float(m.group("num").replace(",", ""))
        scale_word = (m.group("scale") or "").lower().replace(" ", "")
        end = m.end() if scale_word else m.end("num")
        if not scale_word and i + 1 < len(matches):
            nxt = matches[i + 1]
            if _JOINERS.match(quote[m.end("num") : nxt.start()]):
                scale_word = (nxt.group("scale") or "").lower().replace(" ", "")
        percent = scale_word in ("%", "percent", "pc") or scale_word.startswith("per")
        factor = 1.0 if percent else _SCALES.get(scale_word, 1.0)
        found.append((m.start(), end, num * factor, percent))
    return found


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(b), 1e-9)


def number_spans(quote: str, values: Sequence[float | None], unit: str | None) -> list[tuple[int, int]]:
    """Character spans of the quote's numbers that state one of `values` (value, low, high).

    Units figures are plain counts (28 million -> 28000000); percents are numbers (5.0).
    Where no number matches (a figure written in words), nothing is highlighted.
    """
    wanted = [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not quote or not wanted:
        return []
    is_percent = unit in ("percent", "%")
    spans = []
    for start, end, read, percent in _candidates(quote):
        if is_percent and not percent and any(_close(read, w, 0.001) for w in wanted):
            spans.append((start, end))  # "5 per cent" may sit after "margin of"; bare 5 still counts
        elif percent == is_percent and any(_close(read, w, 0.02) for w in wanted):
            spans.append((start, end))
    return spans


def highlight(quote: str, values: Sequence[float | None], unit: str | None) -> list:
    """The quote as Dash children with the stated number(s) wrapped in <mark>."""
    spans = number_spans(quote, values, unit)
    out: list = []
    pos = 0
    for start, end in spans:
        if start < pos:
            continue
        if start > pos:
            out.append(quote[pos:start])
        out.append(html.Mark(quote[start:end], className="figure-number"))
        pos = end
    if pos < len(quote):
        out.append(quote[pos:])
    return out


def format_value(row: pd.Series | dict) -> str:
    """'about 28.0 million units', '5.0% (at most)', 'planned' — one figure, as a person reads it."""
    get = row.get
    if get("metric") == "market_entry":
        return str(get("status") or "event").replace("_", " ")
    value = get("value")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    qual = QUALIFIER_WORDS.get(str(get("qualifier") or ""), "")
    if get("unit") in ("percent", "%"):
        text = f"{value:.1f}%"
        if get("qualifier") == "range" and _present(get("value_low")):
            text = f"{get('value_low'):.1f}–{get('value_high'):.1f}%"
    else:
        text = f"{value / 1e6:,.1f} million units"
        if get("qualifier") == "range" and _present(get("value_low")):
            text = f"{get('value_low') / 1e6:,.1f}–{get('value_high') / 1e6:,.1f} million units"
    return qual + text


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value is not pd.NA


def _text(value) -> str:
    if not _present(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def figure_card(row: pd.Series | dict) -> html.Div:
    """One figure's evidence: quote with the number marked and the article, or the firm and its URL."""
    get = row.get
    head = " · ".join(
        x
        for x in (
            _text(get("vendor")),
            METRIC_LABELS.get(_text(get("metric")), _text(get("metric"))),
            _text(get("market")),
            _text(get("period")) or "open-ended",
        )
        if x
    )
    badges = []
    # "Superseded" means a source restated its own figure; every article is its own source.
    restated = get("is_current") is False or get("is_current") == 0
    if restated and _text(get("source_kind")) != "article":
        badges.append(
            html.Span("superseded", className="badge badge-muted", title="A later release restated it")
        )
    # Presence first: bool(pd.NA) raises. bool() rather than `is True`: frames give numpy booleans.
    if _present(get("conflict")) and bool(get("conflict")):
        badges.append(html.Span("sources disagree", className="badge badge-conflict"))
    body: list = [
        html.Div([html.Span(head, className="prov-key"), *badges], className="prov-head"),
        html.Div(format_value(row), className="prov-value"),
    ]
    quote = _text(get("quote"))
    url = _text(get("url"))
    if quote:
        body.append(
            html.Blockquote(
                highlight(quote, [get("value"), get("value_low"), get("value_high")], _text(get("unit"))),
                className="prov-quote",
            )
        )
        meta = [x for x in (_text(get("publisher")), _text(get("as_of"))) if x]
        title = _text(get("title")) or _text(get("article")) or url
        body.append(
            html.Div(
                [
                    html.A(title, href=url, target="_blank", rel="noopener", className="prov-title")
                    if url
                    else html.Span(title, className="prov-title"),
                    html.Span(" — " + ", ".join(meta) if meta else "", className="prov-meta"),
                ]
            )
        )
    else:
        firm = _text(get("source")) or _text(get("series"))
        kind = "Research firm" if _text(get("source_kind")) == "firm" else "Source"
        when = _text(get("as_of"))
        body.append(
            html.Div(
                [
                    html.Span(f"{kind}: ", className="prov-label"),
                    html.Strong(firm),
                    html.Span(f" — published {when}" if when else "", className="prov-meta"),
                ]
            )
        )
        if url:
            body.append(html.A(url, href=url, target="_blank", rel="noopener", className="prov-url"))
    note = _text(get("note"))
    if note:
        body.append(html.Div(note, className="prov-note"))
    return html.Div(body, className="prov-card")


def panel_children(rows: pd.DataFrame, heading: str = "") -> list:
    """The panel's content for the figures behind one clicked point."""
    if rows is None or rows.empty:
        return [
            html.P(
                "No stored figure stands behind this mark (it may have been refreshed away).",
                className="muted",
            )
        ]
    n = len(rows)
    intro = heading or f"{n} figure{'s' if n != 1 else ''} behind this point"
    return [html.P(intro, className="prov-intro"), *[figure_card(r) for _, r in rows.iterrows()]]


def ids_from_click(click: dict | None) -> list[str]:
    """Figure ids carried in a clicked point's customdata (first element, comma-joined)."""
    if not click or not click.get("points"):
        return []
    custom = click["points"][0].get("customdata")
    if isinstance(custom, list | tuple):
        custom = custom[0] if custom else ""
    return [p for p in str(custom or "").split(",") if p.strip()]
