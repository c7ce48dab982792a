"""combine(): one table of all figures, with restatements resolved per source."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from analytics_tables import article, event, figure, shipment, tables, target

from etl.analytics import FIGURE_COLUMNS, combine, derive_tables, period_bounds

REQUIRED = [
    "figure_id", "series", "source_kind", "source", "vendor", "market", "period", "metric", "value",
    "unit", "qualifier", "value_low", "value_high", "status", "basis", "as_of", "url", "quote",
    "article", "title", "publisher", "note", "period_start", "period_end", "is_current", "conflict",
]  # fmt: skip


def _current(frame: pd.DataFrame) -> dict[str, float]:
    rows = frame[frame["is_current"]]
    return dict(zip(rows["source"], rows["value"], strict=True))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [shipment("IDC", "Xiaomi", "2017-Q4", 100e6, "2018-02-01"),
             shipment("IDC", "Xiaomi", "2017-Q4", 98e6, "2019-01-28")],
            {"IDC": 98e6}, id="later-release-wins",
        ),
        pytest.param(
            [shipment("IDC", "Xiaomi", "2017-Q4", 98e6, "2019-01-28"),
             shipment("IDC", "Xiaomi", "2017-Q4", 100e6, "2018-02-01")],
            {"IDC": 98e6}, id="input-order-irrelevant",
        ),
        pytest.param(
            [shipment("IDC", "Xiaomi", "2017-Q4", 99e6, "2019-01-28"),
             shipment("IDC", "Xiaomi", "2017-Q4", 97e6, "2019-01-28", estimated=True)],
            {"IDC": 99e6}, id="real-date-beats-estimate-of-same-day",
        ),
        pytest.param(
            [shipment("IDC", "Xiaomi", "2017-Q4", 99e6, "2019-01-28"),
             shipment("Counterpoint", "Xiaomi", "2017-Q4", 90e6, "2018-01-28")],
            {"IDC": 99e6, "Counterpoint": 90e6}, id="each-firm-its-own-series",
        ),
        pytest.param(
            [shipment("Canalys", "Apple", "2024-Q4", 70e6, "2025-01-20"),
             shipment("Omdia", "Apple", "2024-Q4", 71e6, "2026-01-20")],
            {"Omdia": 71e6}, id="omdia-continues-canalys",
        ),
    ],
)  # fmt: skip
def test_restatement_current_is_latest_as_of(rows, expected):
    combined = combine(tables(shipments=rows))
    assert _current(combined) == expected
    assert len(combined) == len(rows)  # history stays visible
    assert (~combined["is_current"]).sum() == len(rows) - len(expected)


def test_omdia_rows_belong_to_the_canalys_series_under_their_own_name():
    combined = combine(tables(shipments=[shipment("Omdia", "Apple", "2025-Q1", 58e6, "2025-04-15")]))
    assert combined.loc[0, ["series", "source", "source_kind"]].tolist() == ["Canalys", "Omdia", "firm"]


def test_history_of_one_key_does_not_touch_another_key():
    rows = [
        shipment("IDC", "Apple", "2018-Q1", 52e6, "2018-05-01"),
        shipment("IDC", "Apple", "2018-Q1", 52.2e6, "2019-05-01"),
        shipment("IDC", "Apple", "2018-Q2", 41e6, "2018-08-01"),
        shipment("IDC", "Apple", "2018-Q1", 15.7, "2018-05-01", metric="market_share"),
    ]
    combined = combine(tables(shipments=rows)).set_index(["period", "metric", "value"])
    assert combined.loc[("2018-Q1", "shipments", 52e6), "is_current"] == False  # noqa: E712
    assert combined["is_current"].sum() == 3


def test_columns_types_and_stable_ids():
    base = tables(
        shipments=[shipment("IDC", "Apple", "2018-Q1", 52e6, "2018-05-01")],
        targets=[
            target("Xiaomi", "2018", 100e6, "Lei Jun", "2017-07-07", qualifier="at_least", actual=118.7e6)
        ],
        events=[event("Xiaomi", "Spain", "2017-11", "entered", "2017-11-08")],
        figures=[figure("a1", "shipments", "Xiaomi", "2017-Q4", 28e6, qualifier="approx")],
        articles=[article("a1", "2018-07-03", url="https://news.example/a1")],
    )
    first, second = combine(base), combine(base)
    assert set(REQUIRED) <= set(first.columns) and list(first.columns) == list(FIGURE_COLUMNS)
    assert first["figure_id"].is_unique
    assert first["figure_id"].tolist() == second["figure_id"].tolist()
    assert set(first["source_kind"]) == {"firm", "company", "press", "article"}
    for name in ("as_of", "period_start", "period_end"):
        assert pd.api.types.is_datetime64_any_dtype(first[name])
    for name in ("is_current", "conflict", "is_pledge", "as_of_estimated"):
        assert first[name].dtype == bool
    assert not any(isinstance(v, list | dict) for column in first for v in first[column])


def test_repeated_figure_gets_its_own_id():
    same = figure("a1", "shipments", "Xiaomi", "2017-Q4", 28e6)
    combined = combine(tables(figures=[same, same], articles=[article("a1", "2018-07-03")]))
    assert combined["figure_id"].is_unique


def test_article_figures_carry_their_article():
    combined = combine(
        tables(
            figures=[figure("a1", "shipments", "Xiaomi", "2017-Q4", 28e6, quote="Xiaomi moved 28 million.")],
            articles=[article("a1", "2018-07-03", url="https://news.example/a1")],
        )
    )
    row = combined.iloc[0]
    assert (row["series"], row["source"], row["source_kind"]) == ("Articles", "a1", "article")
    assert (row["title"], row["publisher"], row["url"]) == (
        "Title a1",
        "Example Wire",
        "https://news.example/a1",
    )
    assert row["as_of"] == pd.Timestamp("2018-07-03") and row["quote"] == "Xiaomi moved 28 million."


@pytest.mark.parametrize(
    ("vendor", "stated_by", "kind", "series", "has_actual"),
    [
        ("Xiaomi", "Lei Jun", "company", "Company", True),
        ("Xiaomi", "Xiaomi (Lei Jun remarks)", "company", "Company", True),
        ("Huawei", "Colin Giles, Huawei CBG", "company", "Company", True),
        ("Xiaomi", "Industry sources (Digitimes)", "analyst", "Industry sources (Digitimes)", False),
        ("OPPO", "OPPO (per Digitimes sources)", "analyst", "OPPO (per Digitimes sources)", False),
        ("Xiaomi", "Blog citing Xiaomi results", "analyst", "Blog citing Xiaomi results", False),
        ("Market", "IDC", "firm", "IDC", False),
    ],
    ids=["spokesperson", "vendor-named", "executive-and-vendor", "industry-sources", "hedged-vendor", "blog",
         "research-firm"],
)  # fmt: skip
def test_targets_stater_kind_and_company_actuals(vendor, stated_by, kind, series, has_actual):
    combined = combine(tables(targets=[target(vendor, "2018", 100e6, stated_by, "2017-07-07", actual=118e6)]))
    stated = combined[combined["metric"].eq("shipments_target")].iloc[0]
    assert (stated["source_kind"], stated["series"], stated["source"]) == (kind, series, stated_by)
    actuals = combined[combined["metric"].eq("shipments")]
    assert len(actuals) == int(has_actual)
    if has_actual:
        actual = actuals.iloc[0]
        assert (actual["series"], actual["value"], actual["period"]) == ("Company", 118e6, "2018")
        assert actual["as_of"] == pd.Timestamp("2019-01-31") and actual["as_of_estimated"]


def test_two_targets_sharing_an_actual_give_one_company_figure():
    rows = [
        target("Xiaomi", "2014", 40e6, "Lei Jun (Weibo)", "2013-12-31", qualifier="at_least", actual=61.12e6),
        target("Xiaomi", "2014", 60e6, "Lei Jun (Weibo)", "2014-03-30", actual=61.12e6),
    ]
    combined = combine(tables(targets=rows))
    assert combined["metric"].eq("shipments").sum() == 1
    targets = combined[combined["metric"].eq("shipments_target")].set_index("value")
    assert targets["is_current"].to_dict() == {40e6: False, 60e6: True}  # the raised target is current


@pytest.mark.parametrize(
    ("period", "qualifier", "stated_on", "is_pledge"),
    [
        (None, "at_most", "2018-07-03", True),
        ("2018", "at_most", "2018-04-25", True),
        ("2018", "at_most", "2019-03-19", False),
        ("2018", "at_least", "2018-01-10", True),
        ("2018", "exact", "2018-04-25", False),
    ],
    ids=["open-ended-cap", "dated-cap", "reported-after-period", "floor", "exact-is-a-report"],
)
def test_pledge_is_a_bound_stated_before_its_period_ended(period, qualifier, stated_on, is_pledge):
    row = figure("p1", "margin", "Xiaomi", period, 5.0, qualifier=qualifier, basis="hardware_net")
    combined = combine(tables(figures=[row], articles=[article("p1", stated_on)]))
    assert bool(combined.loc[0, "is_pledge"]) is is_pledge


def test_event_dates_given_as_month_or_year_are_estimated():
    rows = [
        event("Xiaomi", "US", "2019", "planned", "2018-07-04"),
        event("Xiaomi", "India", "2014-07", "planned", "2014-07"),
    ]
    combined = combine(tables(events=rows)).set_index("market")
    assert (
        combined.loc["US", "as_of"] == pd.Timestamp("2018-07-04")
        and not combined.loc["US", "as_of_estimated"]
    )
    assert (
        combined.loc["India", "as_of"] == pd.Timestamp("2014-07-01")
        and combined.loc["India", "as_of_estimated"]
    )
    assert set(combined["source"]) == {"events.example"}


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2018", "2018-01-01", "2018-12-31"),
        ("2018-Q4", "2018-10-01", "2018-12-31"),
        ("2018-H1", "2018-01-01", "2018-06-30"),
        ("2016-02", "2016-02-01", "2016-02-29"),
        ("FY2019", "2018-04-01", "2019-03-31"),
        ("FY2019-Q1", "2018-04-01", "2018-06-30"),
        ("FY2019-H2", "2018-10-01", "2019-03-31"),
        ("2018-13", None, None),
        ("next year", None, None),
        (None, None, None),
    ],
)
def test_period_bounds(period, start, end):
    bounds = period_bounds(pd.Series([period], dtype="str"))
    expected = [pd.Timestamp(start), pd.Timestamp(end)] if start else [pd.NaT, pd.NaT]
    got = [bounds.loc[0, "period_start"], bounds.loc[0, "period_end"]]
    assert got == expected or (start is None and bounds.isna().all(axis=None))


def test_empty_tables_give_an_empty_typed_frame():
    combined = combine(tables())
    assert combined.empty and list(combined.columns) == list(FIGURE_COLUMNS)
    assert combine({}).empty


@pytest.mark.parametrize(
    "base",
    [tables(), tables(shipments=[shipment("IDC", "Apple", "2018-Q1", 52e6, "2018-05-01")])],
    ids=["no-rows", "no-conflicts-targets-or-events"],
)
def test_empty_derived_tables_still_have_typed_columns(base):
    con = duckdb.connect()
    for name, frame in derive_tables(base).items():
        con.register("frame", frame)
        types = {row[0]: row[1] for row in con.execute("DESCRIBE SELECT * FROM frame").fetchall()}
        con.unregister("frame")
        assert '"NULL"' not in types.values() and "NULL" not in types.values(), (name, types)
        assert types.get("period_start", "TIMESTAMP").startswith("TIMESTAMP"), name
