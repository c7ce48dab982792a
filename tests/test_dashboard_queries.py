"""The store questions behind each page, asked of a store built from data/reference plus our own
sample articles (tests/dashboard_store.py)."""

from __future__ import annotations

import duckdb
import pytest
from dashboard_store import shared_store

from dashboard import charts, queries
from dashboard.filters import Filters
from etl.store import StoreMissing


@pytest.fixture(scope="module")
def con():
    store = queries.Store(shared_store())
    with store.connect() as cursor:
        yield cursor


def test_articles_series_point_carries_its_sentence(con) -> None:
    frame = queries.volume_points(con, Filters(series="Articles", vendors=("Xiaomi",)))
    point = frame[frame["period"] == "2017-Q4"].iloc[0]
    assert point["value"] == pytest.approx(28.0)
    rows = queries.provenance(con, point["figure_ids"].split(","))
    assert "28 million handsets" in rows["quote"].iloc[0]
    assert rows["title"].iloc[0] == "Xiaomi sets a bold goal for the year"


def test_firm_series_shows_current_values_only(con) -> None:
    frame = queries.volume_points(
        con, Filters(vendors=("Market",), period_from="2017-Q4", period_to="2017-Q4")
    )
    assert len(frame) == 1  # IDC restated 2017-Q4: one point, the later value
    ids = frame["figure_ids"].iloc[0].split(",")
    assert queries.provenance(con, ids)["is_current"].all()


def test_default_vendors_are_the_biggest_without_totals(con) -> None:
    frame = queries.volume_points(con, Filters(period_from="2019", period_to="2019"))
    assert frame["vendor"].nunique() <= queries.TOP_VENDORS
    assert not frame["vendor"].isin(["Market", "Others"]).any()
    stacked = queries.volume_points(con, Filters(period_from="2019", period_to="2019", mode="stacked"))
    assert "Others" in set(stacked["vendor"])


def test_year_from_four_quarters_is_marked_derived(con) -> None:
    yearly = queries.volume_points(con, Filters(vendors=("Xiaomi",), granularity="year"))
    quarterly = queries.volume_points(con, Filters(vendors=("Xiaomi",)))
    derived = yearly[yearly["derived"]]
    assert not derived.empty
    row = derived.iloc[0]
    quarters = quarterly[quarterly["period"].str.startswith(row["period"] + "-Q")]
    assert len(quarters) == 4
    assert row["value"] == pytest.approx(quarters["value"].sum())
    assert len(row["figure_ids"].split(",")) == 4


def test_share_published_or_computed_from_units(con) -> None:
    share = queries.volume_points(con, Filters(vendors=("Apple",), measure="share"), measure="share")
    assert share["unit"].eq("%").all()
    assert share["value"].between(0, 100).all()


def test_consensus_is_the_median_inside_its_band(con) -> None:
    frame = queries.volume_points(con, Filters(series="Consensus", vendors=("Xiaomi",)))
    assert (frame["value_low"] <= frame["value"]).all() and (frame["value"] <= frame["value_high"]).all()
    assert (frame["n_sources"] > 1).any()


def test_period_filter_bounds_the_points(con) -> None:
    frame = queries.volume_points(con, Filters(period_from="2018-Q2", period_to="2018-Q3"))
    assert set(frame["period"]) == {"2018-Q2", "2018-Q3"}


def test_filter_matching_nothing_gives_an_empty_frame(con) -> None:
    frame = queries.volume_points(con, Filters(vendors=("Xiaomi",), period_from="2005", period_to="2006"))
    assert frame.empty


def test_targets_xiaomi_2018_met_with_actual_above_100_million(con) -> None:
    frame = queries.target_rows(con, Filters(vendors=("Xiaomi",), period_from="2018", period_to="2018"))
    row = frame[frame["target"] == 100e6].iloc[0]
    assert row["status"] == "met" and row["actual"] > 100e6
    ids = row["figure_ids"].split(",")
    found = queries.provenance(con, ids)
    assert set(found["metric"]) == {"shipments_target", "shipments"}


def test_targets_follow_another_preference(con) -> None:
    frame = queries.target_rows(con, Filters(vendors=("Xiaomi",), prefer=("Counterpoint",)))
    with_actual = frame.dropna(subset=["actual"])
    assert not with_actual.empty and with_actual["actual_source"].eq("Counterpoint").all()


def test_promises_list_the_unrealised_us_plan(con) -> None:
    frame = queries.promise_rows(con, Filters(vendors=("Xiaomi",), markets=("US",)))
    plan = frame[(frame["kind"] == "market_entry") & (frame["promised_period"] == "2019")]
    assert plan["outcome"].iloc[0] == "not realised"


def test_entry_events_merge_sources(con) -> None:
    frame = queries.entry_events(con, Filters(vendors=("Xiaomi",), markets=("US",)))
    assert set(frame["status"]) >= {"planned"}
    assert frame["figure_ids"].str.len().gt(0).all()


def test_margins_include_the_open_ended_cap(con) -> None:
    frame = queries.margin_points(con, Filters(vendors=("Xiaomi",)))
    cap = frame[frame["is_pledge"] & frame["period"].isna()]
    assert cap["value"].tolist() == [5.0]


@pytest.mark.parametrize(
    ("request_", "search", "check"),
    [
        pytest.param({"startRow": 0, "endRow": 10}, "", lambda p: len(p["rowData"]) == 10, id="first-block"),
        pytest.param(
            {"startRow": 10, "endRow": 20, "sortModel": [{"colId": "value", "sort": "desc"}]},
            "",
            lambda p: p["rowData"][0]["value"] >= p["rowData"][-1]["value"],
            id="sorted-second-block",
        ),
        pytest.param(
            {
                "startRow": 0,
                "endRow": 50,
                "filterModel": {"vendor": {"filterType": "text", "type": "equals", "filter": "Xiaomi"}},
            },
            "",
            lambda p: {r["vendor"] for r in p["rowData"]} == {"Xiaomi"},
            id="column-filter",
        ),
        pytest.param(
            {"startRow": 0, "endRow": 50},
            "handsets in the closing",
            lambda p: p["rowCount"] == 1 and p["rowData"][0]["series"] == "Articles",
            id="search",
        ),
        pytest.param(
            {
                "startRow": 0,
                "endRow": 50,
                "filterModel": {"value": {"filterType": "number", "type": "greaterThan", "filter": 1e9}},
            },
            "",
            lambda p: all(r["value"] > 1e9 for r in p["rowData"]),
            id="number-filter",
        ),
        pytest.param(
            {
                "startRow": 0,
                "endRow": 50,
                "filterModel": {"nope; DROP TABLE x": {"type": "contains", "filter": "x"}},
            },
            "",
            lambda p: p["rowCount"] > 1000,
            id="unknown-column-ignored",
        ),
        pytest.param(
            {"startRow": 0, "endRow": 10**9},
            "",
            lambda p: len(p["rowData"]) == queries.MAX_GRID_BLOCK < p["rowCount"],
            id="block-capped",
        ),
        pytest.param(
            {"startRow": "x", "endRow": None},
            "",
            lambda p: len(p["rowData"]) == 100,
            id="junk-rows-default",
        ),
        pytest.param(
            {
                "startRow": 0,
                "endRow": 50,
                "filterModel": {"value": {"filterType": "number", "type": "greaterThan", "filter": "lots"}},
            },
            "",
            lambda p: p["rowCount"] > 1000,
            id="non-number-filter-skipped",
        ),
        pytest.param(
            {
                "startRow": 0,
                "endRow": 50,
                "filterModel": {
                    "value": {"filterType": "number", "type": "inRange", "filter": 1, "filterTo": {}}
                },
            },
            "",
            lambda p: p["rowCount"] > 1000,
            id="bad-range-skipped",
        ),
    ],
)
def test_grid_pages_server_side(con, request_, search, check) -> None:
    page = queries.grid_page(con, Filters(), request_, search)
    assert check(page)


def test_store_missing_is_a_one_line_error(tmp_path) -> None:
    store = queries.Store(tmp_path / "gone.duckdb")
    with pytest.raises(StoreMissing, match="gone.duckdb: no store"), store.connect():
        pass


def test_grid_never_sends_more_than_the_block(con) -> None:
    page = queries.grid_page(con, Filters(), {"startRow": 0, "endRow": 100})
    assert len(page["rowData"]) == 100 and page["rowCount"] > 2000


@pytest.mark.parametrize("chart", charts.CHART_NAMES)
def test_every_chart_frame_has_provenance_columns(con, chart: str) -> None:
    frame = charts.chart_frame(chart, con, Filters(vendors=("Xiaomi",)))
    assert not frame.empty
    if chart != "sources":
        assert "figure_ids" in frame
    assert set(queries.PROVENANCE_COLUMNS) <= set(frame.columns)
    assert charts.chart_figure(chart, frame, Filters(vendors=("Xiaomi",))).data


def test_store_follows_an_atomic_swap(tmp_path) -> None:
    from dashboard_store import build_store

    path = build_store(tmp_path / "a.duckdb")
    store = queries.Store(path)
    with store.connect() as c:
        before = c.execute("SELECT count(*) FROM all_figures").fetchone()[0]
    fresh = build_store(tmp_path / "b.duckdb", samples=False)
    fresh.replace(path)  # what a refresh does: a new file renamed over the old one
    with store.connect() as c:
        after = c.execute("SELECT count(*) FROM all_figures").fetchone()[0]
    assert after == before - 4


def test_store_is_read_only(con) -> None:
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM all_figures")


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param(Filters(), id="default"),
        pytest.param(Filters(series="Omdia"), id="omdia-rows-of-the-canalys-series"),
        pytest.param(Filters(series="Consensus", granularity="year"), id="consensus-years"),
        pytest.param(Filters(series="Articles", vendors=("Xiaomi",)), id="articles"),
        pytest.param(Filters(series="Counterpoint", measure="share", markets=("China",)), id="share-china"),
    ],
)
def test_points_cache_gives_what_the_raw_query_gives(con, filters: Filters) -> None:
    raw = duckdb.connect(str(shared_store()), read_only=True)
    try:
        uncached = queries.volume_points(raw, filters)
    finally:
        raw.close()
    cached = queries.volume_points(con, filters)
    key = ["vendor", "market", "period"]
    assert not cached.empty
    assert (
        cached.sort_values(key)[[*key, "value", "n_figures"]]
        .reset_index(drop=True)
        .equals(uncached.sort_values(key)[[*key, "value", "n_figures"]].reset_index(drop=True))
    )
