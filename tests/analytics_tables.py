"""Builders of small base tables (store schema) for the analytics tests: one call per row,
only the fields a test cares about spelled out."""

from __future__ import annotations

import pandas as pd

SHIPMENTS = [
    "source_firm", "vendor", "market", "period", "metric", "value", "unit", "url", "published",
    "note", "as_of", "as_of_estimated",
]  # fmt: skip
TARGETS = [
    "vendor", "market", "period", "metric", "value", "unit", "qualifier", "stated_by", "stated_on",
    "url", "actual_value", "actual_url", "note",
]  # fmt: skip
EVENTS = ["vendor", "market", "period", "status", "description", "url", "published"]
FIGURES = [
    "article", "source", "metric", "vendor", "market", "period", "value", "unit", "qualifier",
    "value_low", "value_high", "status", "basis", "attribution", "quote", "char_start", "char_end",
    "confidence",
]  # fmt: skip
ARTICLES = ["article_id", "source", "format", "title", "url", "publisher", "published", "published_inferred"]


def shipment(firm, vendor, period, value, as_of, *, metric="shipments", market="Global", url=None,
             estimated=False, note=None):  # fmt: skip
    return dict(
        source_firm=firm, vendor=vendor, market=market, period=period, metric=metric, value=value,
        unit="units" if metric == "shipments" else "percent",
        url=url or f"https://{firm.lower()}.example/{vendor}/{period}/{as_of}",
        published=None, note=note, as_of=as_of, as_of_estimated=estimated,
    )  # fmt: skip


def target(vendor, period, value, stated_by, stated_on, *, metric="shipments_target", qualifier="exact",
           actual=None, market="Global", note=None):  # fmt: skip
    return dict(
        vendor=vendor, market=market, period=period, metric=metric, value=value,
        unit="units" if metric == "shipments_target" else "percent", qualifier=qualifier,
        stated_by=stated_by, stated_on=stated_on, url=f"https://news.example/{vendor}/{period}/{value}",
        actual_value=actual, actual_url=None if actual is None else f"https://results.example/{vendor}/{period}",
        note=note,
    )  # fmt: skip


def event(vendor, market, period, status, published, *, url=None):
    return dict(
        vendor=vendor, market=market, period=period, status=status, description=f"{vendor} {status}",
        url=url or f"https://events.example/{vendor}/{market}/{status}/{published}", published=published,
    )  # fmt: skip


def figure(article, metric, vendor, period, value=None, *, market="Global", qualifier="exact", status=None,
           basis=None, low=None, high=None, quote=None):  # fmt: skip
    unit = {"shipments": "units", "shipments_target": "units", "market_entry": None}.get(metric, "percent")
    return dict(
        article=article, source=f"articles/{article}.txt", metric=metric, vendor=vendor, market=market,
        period=period, value=value, unit=unit, qualifier=qualifier, value_low=low, value_high=high,
        status=status, basis=basis, attribution=None,
        quote=quote or f"A sentence of {article} about {vendor}.", char_start=0, char_end=10, confidence=0.9,
    )  # fmt: skip


def article(article_id, published, *, url=None):
    return dict(
        article_id=article_id, source=f"articles/{article_id}.txt", format="text",
        title=f"Title {article_id}", url=url, publisher="Example Wire", published=pd.Timestamp(published),
        published_inferred=False,
    )  # fmt: skip


def _frame(rows, columns, dates=()):
    frame = pd.DataFrame(list(rows), columns=columns)
    for name in dates:
        frame[name] = pd.to_datetime(frame[name])
    return frame


def tables(shipments=(), targets=(), events=(), figures=(), articles=()) -> dict[str, pd.DataFrame]:
    """The base tables as the store hands them over (empty ones included)."""
    return {
        "ref_shipments": _frame(shipments, SHIPMENTS, dates=["as_of"]),
        "ref_targets": _frame(targets, TARGETS, dates=["stated_on"]),
        "ref_events": _frame(events, EVENTS),
        "figures": _frame(figures, FIGURES),
        "articles": _frame(articles, ARTICLES, dates=["published"]),
    }
