"""Filters <-> URL query string: what a bookmark, an export link and the CLI share."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.filters import FilterError, Filters, period_bounds

PARSED = [
    pytest.param("", Filters(), id="empty-is-default"),
    pytest.param("?vendor=Apple,Xiaomi", Filters(vendors=("Apple", "Xiaomi")), id="comma-list"),
    pytest.param("vendor=Apple&vendor=Xiaomi", Filters(vendors=("Apple", "Xiaomi")), id="repeated-key"),
    pytest.param("vendor=Apple,,Apple", Filters(vendors=("Apple",)), id="duplicates-and-blanks-dropped"),
    pytest.param("series=canalys", Filters(series="Canalys"), id="choice-case-insensitive"),
    pytest.param("series=Gartner", Filters(), id="unknown-choice-falls-back"),
    pytest.param("from=2015&to=2018-Q2", Filters(period_from="2015", period_to="2018-Q2"), id="periods"),
    pytest.param("from=last-year", Filters(), id="bad-period-ignored"),
    pytest.param(
        "granularity=year&measure=share&mode=stacked",
        Filters(granularity="year", measure="share", mode="stacked"),
        id="view-choices",
    ),
    pytest.param(
        "market=US&prefer=Canalys,Company",
        Filters(markets=("US",), prefer=("Canalys", "Company")),
        id="market-and-preference",
    ),
]


@pytest.mark.parametrize(("query", "expected"), PARSED)
def test_from_query(query: str, expected: Filters) -> None:
    assert Filters.from_query(query) == expected


@pytest.mark.parametrize(("query", "expected"), PARSED)
def test_query_round_trips(query: str, expected: Filters) -> None:
    assert Filters.from_query(expected.to_query()) == expected


def test_from_mapping_as_dash_pages_passes_it() -> None:
    # dash pages gives single values as str and repeated ones as lists
    query = {"vendor": ["Apple", "Samsung"], "series": "Articles", "from": "2017"}
    assert Filters.from_query(query) == Filters(
        vendors=("Apple", "Samsung"), series="Articles", period_from="2017"
    )


def test_to_query_omits_defaults_and_keeps_commas_readable() -> None:
    assert Filters().to_query() == ""
    assert (
        Filters(vendors=("Apple", "Xiaomi"), series="Canalys").to_query()
        == "vendor=Apple,Xiaomi&series=Canalys"
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("series=Gartner", "series", id="series"),
        pytest.param("granularity=week", "granularity", id="granularity"),
        pytest.param("to=Q4-2018", "to", id="period"),
        pytest.param("from=2019-13", "from", id="month-13"),
        pytest.param("from=2019-00", "from", id="month-00"),
    ],
)
def test_strict_names_the_bad_key(query: str, message: str) -> None:
    with pytest.raises(FilterError, match=message):
        Filters.from_query(query, strict=True)


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        pytest.param("2017", date(2017, 1, 1), date(2017, 12, 31), id="year"),
        pytest.param("2017-Q4", date(2017, 10, 1), date(2017, 12, 31), id="quarter"),
        pytest.param("2016-Q1", date(2016, 1, 1), date(2016, 3, 31), id="leap-quarter"),
        pytest.param("2018-H1", date(2018, 1, 1), date(2018, 6, 30), id="half"),
        pytest.param("2020-02", date(2020, 2, 1), date(2020, 2, 29), id="month"),
    ],
)
def test_period_bounds(period: str, first: date, last: date) -> None:
    assert period_bounds(period) == (first, last)


@pytest.mark.parametrize(
    "period",
    [
        pytest.param("2019-13", id="month-13"),
        pytest.param("2019-00", id="month-00"),
        pytest.param("0000", id="year-0"),
        pytest.param("9999-12", id="past-date-max"),
        pytest.param("2019-Q5", id="quarter-5"),
    ],
)
def test_period_bounds_rejects_with_a_filter_error(period: str) -> None:
    with pytest.raises(FilterError):
        period_bounds(period)


def test_with_changes_lists_and_start_end_dates() -> None:
    f = Filters().with_(vendors=["Xiaomi"], period_from="2017-Q2", period_to="2018")
    assert f.vendors == ("Xiaomi",)
    assert (f.start_date, f.end_date) == (date(2017, 4, 1), date(2018, 12, 31))
