"""The declared schemas of the articles and figures frames: what they accept and what they refuse."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from etl.frames import (
    ARTICLE_COLUMNS,
    ARTICLES_SCHEMA,
    FIGURE_COLUMNS,
    FIGURES_SCHEMA,
    FrameError,
    articles_frame,
    figures_frame,
    figures_schema,
    split_valid,
)
from etl.model import FIGURE_FIELDS, Article

HASH = "ab" * 32


def article(**changes) -> Article:
    fields = {
        "id": "q4-note",
        "text": "Headline. Body.",
        "source": "/data/q4-note.md",
        "format": "markdown",
        "published": date(2018, 2, 1),
        "content_hash": HASH,
    }
    return Article(**{**fields, **changes})


def record(**changes) -> dict:
    base = {
        "article": "q4-note",
        "source": "/data/q4-note.md",
        "metric": "shipments",
        "vendor": "Samsung",
        "market": "Global",
        "period": "2017-Q4",
        "value": 74_400_000.0,
        "unit": "units",
        "qualifier": "exact",
        "value_low": None,
        "value_high": None,
        "status": None,
        "basis": None,
        "attribution": "IDC",
        "quote": "Samsung shipped 74.4 million phones in the quarter.",
        "char_start": 10,
        "char_end": 61,
        "confidence": 0.9,
    }
    return {**base, **changes}


VALID_RECORDS = {
    "shipments": record(),
    "shipments-range": record(qualifier="range", value=37.5e6, value_low=35e6, value_high=40e6),
    "target-approx": record(metric="shipments_target", period="2019", qualifier="approx", value=250e6),
    "share": record(metric="market_share", value=18.9, unit="percent"),
    "share-no-period": record(metric="market_share", value=18.9, unit="percent", period=None),
    "margin-cap": record(
        metric="margin", vendor="Xiaomi", value=5.0, unit="percent", qualifier="at_most", basis="hardware_net"
    ),
    "margin-loss": record(metric="margin", value=-3.5, unit="percent", basis="operating"),
    "entry": record(
        metric="market_entry", market="India", period="2014-07", value=None, unit=None, status="entered"
    ),
    "fiscal-half": record(period="FY2019-H1"),
    "month": record(period="2018-03"),
    "sell-through": record(basis="sell_through"),
    "no-offsets": record(char_start=None, char_end=None),
}


@pytest.mark.parametrize("rec", VALID_RECORDS.values(), ids=VALID_RECORDS.keys())
def test_valid_records_pass_and_keep_their_values(rec):
    df = figures_frame([rec])
    assert list(df.columns) == list(FIGURE_COLUMNS)
    row = df.iloc[0]
    assert row["metric"] == rec["metric"]
    if rec["value"] is None:
        assert pd.isna(row["value"])
    else:
        assert row["value"] == pytest.approx(rec["value"])


INVALID_RECORDS = {
    "unknown-metric": (record(metric="revenue"), "metric"),
    "unknown-qualifier": (record(qualifier="roughly"), "qualifier"),
    "shipments-without-value": (record(value=None), "value_iff_not_event"),
    "entry-with-value": (
        record(metric="market_entry", value=3.0, unit=None, status="entered"),
        "value_iff_not_event",
    ),
    "entry-without-status": (record(metric="market_entry", value=None, unit=None), "status_iff_event"),
    "status-on-shipments": (record(status="entered"), "status_iff_event"),
    "unknown-status": (record(metric="market_entry", value=None, unit=None, status="rumoured"), "status"),
    "range-without-bounds": (record(qualifier="range"), "bounds_iff_range"),
    "bounds-without-range": (record(value_low=1e6, value_high=2e6), "bounds_iff_range"),
    "value-outside-range": (
        record(qualifier="range", value=50e6, value_low=35e6, value_high=40e6),
        "bounds_iff_range",
    ),
    "share-over-100": (record(metric="market_share", value=140.0, unit="percent"), "share_is_percent"),
    "negative-units": (record(value=-5.0), "units_not_negative"),
    "share-in-units": (record(metric="market_share", value=20.0, unit="units"), "unit_fits_metric"),
    "shipments-in-percent": (record(unit="percent"), "unit_fits_metric"),
    "unknown-unit": (record(unit="phones"), "unit"),
    "shipment-basis-on-margin": (
        record(metric="margin", value=5.0, unit="percent", basis="sell_in"),
        "margin_basis_known",
    ),
    "confidence-over-1": (record(confidence=1.4), "confidence"),
    "no-confidence": (record(confidence=None), "confidence"),
    "two-digit-year": (record(period="17"), "period"),
    "quarter-5": (record(period="2017-Q5"), "period"),
    "offsets-reversed": (record(char_start=80, char_end=10), "offsets_ordered"),
    "negative-offset": (record(char_start=-1), "char_start"),
    "no-quote": (record(quote=None), "quote"),
    "no-vendor": (record(vendor=None), "vendor"),
}


@pytest.mark.parametrize(("rec", "named"), INVALID_RECORDS.values(), ids=INVALID_RECORDS.keys())
def test_invalid_records_are_refused_with_the_rule_named(rec, named):
    with pytest.raises(FrameError) as err:
        figures_frame([rec])
    message = str(err.value)
    assert named in message
    assert "\n" not in message


def test_vendors_and_markets_are_checked_against_the_reference_when_given():
    schema = figures_schema(vendors=["Samsung", "Apple", "Market"], markets=["Global", "India"])
    figures_frame([record()], schema=schema)
    with pytest.raises(FrameError, match="vendor"):
        figures_frame([record(vendor="Samsung Electronics")], schema=schema)
    with pytest.raises(FrameError, match="market"):
        figures_frame([record(market="Greater China")], schema=schema)


def test_extra_record_fields_are_dropped_not_refused():
    df = figures_frame([record(sentence_index=4, rule="verb-units")])
    assert list(df.columns) == list(FIGURE_COLUMNS)


def test_figure_columns_are_the_contract_fields_plus_source():
    assert [c for c in FIGURE_COLUMNS if c != "source"] == list(FIGURE_FIELDS)


def test_articles_frame_holds_metadata_counts_and_file():
    feed_item = article(
        id="wire#2", source="/data/wire.xml#2", format="rss", published=None, extra={"guid": "x"}
    )
    df = articles_frame(
        [article(), feed_item],
        files={"/data/wire.xml#2": "/data/wire.xml"},
        n_figures={"/data/q4-note.md": 3},
    )
    assert list(df.columns) == list(ARTICLE_COLUMNS)
    assert df["file"].tolist() == ["/data/q4-note.md", "/data/wire.xml"]
    assert df["n_figures"].tolist() == [3, 0]
    assert df.loc[0, "published"] == pd.Timestamp("2018-02-01")
    assert pd.isna(df.loc[1, "published"])
    assert df.loc[1, "extra"] == '{"guid": "x"}'


BAD_ARTICLES = {
    "unknown-format": (article(format="pdf"), "format"),
    "short-hash": (article(content_hash="abc"), "content_hash"),
    "no-hash": (article(content_hash=""), "content_hash"),
    "empty-id": (article(id=""), "article_id"),
}


@pytest.mark.parametrize(("art", "named"), BAD_ARTICLES.values(), ids=BAD_ARTICLES.keys())
def test_invalid_articles_are_refused(art, named):
    with pytest.raises(FrameError, match=named):
        articles_frame([art])


def test_two_articles_with_one_source_are_refused():
    with pytest.raises(FrameError, match="source"):
        articles_frame([article(), article(id="other")])


def test_split_valid_sets_apart_every_row_of_a_bad_source_and_keeps_the_rest():
    rows = [
        record(source="a.md"),
        record(source="b.md"),
        record(source="b.md", metric="market_share", value=250.0, unit="percent"),
        record(source="c.md", qualifier="nearly"),
    ]
    df = pd.DataFrame([{c: r.get(c) for c in FIGURE_COLUMNS} for r in rows])
    good, bad = split_valid(df, FIGURES_SCHEMA, "source")
    assert good["source"].tolist() == ["a.md"]
    assert set(bad) == {"b.md", "c.md"}
    assert "share_is_percent" in bad["b.md"]
    assert "qualifier" in bad["c.md"]


def test_split_valid_on_articles_keys_by_file():
    rows = [
        {**_row(article(source="/f/a.md")), "file": "/f/a.md"},
        {**_row(article(source="/f/feed.xml#1", format="rss")), "file": "/f/feed.xml"},
        {**_row(article(source="/f/feed.xml#2", format="gopher")), "file": "/f/feed.xml"},
    ]
    good, bad = split_valid(pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS)), ARTICLES_SCHEMA, "file")
    assert good["source"].tolist() == ["/f/a.md"]
    assert list(bad) == ["/f/feed.xml"]


def _row(a: Article) -> dict:
    from etl.frames import article_row

    return article_row(a)
