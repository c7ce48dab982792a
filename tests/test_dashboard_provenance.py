"""Finding the stated number in its quote, and the evidence panel built around it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from dash import html

from dashboard.provenance import figure_card, format_value, highlight, ids_from_click, number_spans


def marked(quote: str, values: list, unit: str) -> list[str]:
    return [quote[a:b] for a, b in number_spans(quote, values, unit)]


SPANS = [
    pytest.param("It moved some 28 million phones.", [28e6], "units", ["28 million"], id="million-word"),
    pytest.param("Shipments hit 28.1m in the quarter.", [28.1e6], "units", ["28.1m"], id="m-suffix"),
    pytest.param(
        "The market reached 1,472.4 million units.",
        [1472.4e6],
        "units",
        ["1,472.4 million"],
        id="thousands-separator",
    ),
    pytest.param("A 1.47bn total.", [1.47e9], "units", ["1.47bn"], id="bn-suffix"),
    pytest.param(
        "Between 35 to 40 million handsets.",
        [37.5e6, 35e6, 40e6],
        "units",
        ["35", "40 million"],
        id="range-borrows-scale",
    ),
    pytest.param("Never more than 5 per cent on hardware.", [5.0], "percent", ["5 per cent"], id="per-cent"),
    pytest.param("A share of 17.3% in 2017.", [17.3], "percent", ["17.3%"], id="percent-sign"),
    pytest.param(
        "Up 28 million from 20 million.", [20e6], "units", ["20 million"], id="picks-the-right-number"
    ),
    pytest.param("It shipped twenty million phones.", [20e6], "units", [], id="number-in-words-not-marked"),
    pytest.param("In 2017 it sold 28 million.", [2017.0], "units", ["2017"], id="plain-count"),
    pytest.param("Share rose 5 points to 12%.", [12.0], "percent", ["12%"], id="percent-not-points"),
    pytest.param("", [28e6], "units", [], id="no-quote"),
    pytest.param("It moved 28 million.", [None, float("nan")], "units", [], id="no-value"),
]


@pytest.mark.parametrize(("quote", "values", "unit", "expected"), SPANS)
def test_number_spans(quote: str, values: list, unit: str, expected: list[str]) -> None:
    assert marked(quote, values, unit) == expected


def test_highlight_wraps_the_number_in_mark() -> None:
    parts = highlight("It moved some 28 million phones.", [28e6], "units")
    assert parts[0] == "It moved some "
    assert isinstance(parts[1], html.Mark) and parts[1].children == "28 million"
    assert parts[2] == " phones."


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            {"metric": "shipments", "value": 28e6, "unit": "units", "qualifier": "approx"},
            "about 28.0 million units",
            id="approx-units",
        ),
        pytest.param(
            {"metric": "margin", "value": 5.0, "unit": "percent", "qualifier": "at_most"},
            "at most 5.0%",
            id="cap",
        ),
        pytest.param(
            {
                "metric": "shipments",
                "value": 37.5e6,
                "unit": "units",
                "qualifier": "range",
                "value_low": 35e6,
                "value_high": 40e6,
            },
            "35.0–40.0 million units",
            id="range",
        ),
        pytest.param({"metric": "market_entry", "status": "exit_planned"}, "exit planned", id="event"),
        pytest.param({"metric": "shipments", "value": None}, "–", id="no-value"),
    ],
)
def test_format_value(row: dict, expected: str) -> None:
    assert format_value(row) == expected


def _texts(component) -> str:
    """All text inside a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, str):
        return component
    if isinstance(component, list | tuple):
        return " ".join(_texts(c) for c in component)
    return _texts(getattr(component, "children", None))


def test_article_card_shows_quote_title_publisher_date_and_link() -> None:
    row = pd.Series(
        {
            "vendor": "Xiaomi",
            "metric": "shipments",
            "market": "Global",
            "period": "2017-Q4",
            "value": 28e6,
            "unit": "units",
            "qualifier": "approx",
            "source_kind": "article",
            "quote": "It moved some 28 million phones.",
            "title": "A sample headline",
            "publisher": "Example Wire",
            "as_of": pd.Timestamp("2018-03-20"),
            "url": "https://example.test/a",
            "is_current": True,
            "conflict": True,
        }
    )
    card = figure_card(row)
    text = _texts(card)
    for part in (
        "It moved some",
        "28 million",
        "A sample headline",
        "Example Wire",
        "2018-03-20",
        "sources disagree",
    ):
        assert part in text
    links = [c for c in _walk(card) if isinstance(c, html.A)]
    assert links[0].href == "https://example.test/a"


@pytest.mark.parametrize(
    ("conflict", "badge"),
    [
        pytest.param(True, True, id="true"),
        pytest.param(np.True_, True, id="numpy-true"),
        pytest.param(False, False, id="false"),
        pytest.param(None, False, id="none"),
        pytest.param(pd.NA, False, id="pd-na"),
        pytest.param(float("nan"), False, id="nan"),
    ],
)
def test_conflict_badge_only_for_a_true_conflict(conflict, badge: bool) -> None:
    row = {"vendor": "Apple", "metric": "shipments", "period": "2013-Q2", "value": 31.2e6, "unit": "units"}
    text = _texts(figure_card({**row, "conflict": conflict}))
    assert ("sources disagree" in text) is badge


def test_curated_card_shows_firm_and_url() -> None:
    row = {
        "vendor": "Apple",
        "metric": "shipments",
        "market": "Global",
        "period": "2013-Q2",
        "value": 31.2e6,
        "unit": "units",
        "qualifier": "exact",
        "source_kind": "firm",
        "source": "Canalys",
        "quote": None,
        "url": "https://example.test/firm",
        "as_of": pd.Timestamp("2013-07-28"),
        "is_current": False,
    }
    text = _texts(figure_card(row))
    assert "Research firm" in text and "Canalys" in text and "superseded" in text
    assert "https://example.test/firm" in text


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            yield from _walk(child)


@pytest.mark.parametrize(
    ("click", "ids"),
    [
        pytest.param({"points": [{"customdata": ["a,b", "2017-Q4"]}]}, ["a", "b"], id="list-customdata"),
        pytest.param({"points": [{"customdata": "a"}]}, ["a"], id="scalar-customdata"),
        pytest.param({"points": [{"x": 1}]}, [], id="no-customdata"),
        pytest.param(None, [], id="no-click"),
    ],
)
def test_ids_from_click(click, ids) -> None:
    assert ids_from_click(click) == ids
