"""conflicts() and consensus(): sources that disagree beyond tolerance, and the median."""

from __future__ import annotations

import json

import pytest
from analytics_tables import article, figure, shipment, tables

from etl.analytics import combine, conflicts, consensus


def _two_firms(metric, low, high):
    return [
        shipment("IDC", "Samsung", "2018-Q1", low, "2018-05-01", metric=metric),
        shipment("Counterpoint", "Samsung", "2018-Q1", high, "2018-05-02", metric=metric),
    ]


@pytest.mark.parametrize(
    ("metric", "low", "high", "in_conflict"),
    [
        ("shipments", 100e6, 102e6, False),
        ("shipments", 100e6, 102.1e6, True),
        ("shipments", 100e6, 100e6, False),
        ("market_share", 18.4, 18.9, False),
        ("market_share", 18.4, 18.95, True),
        ("market_share", 1.0, 1.5, False),
        ("market_share", 1.0, 1.51, True),
    ],
    ids=["units-2pc-agrees", "units-2.1pc-conflicts", "units-equal", "share-0.5pp-agrees",
         "share-0.55pp-conflicts", "small-share-0.5pp-agrees", "small-share-0.51pp-conflicts"],
)  # fmt: skip
@pytest.mark.parametrize("how", ["across_sources", "within_source"])
def test_tolerance_edges(metric, low, high, in_conflict, how):
    rows = _two_firms(metric, low, high)
    if how == "within_source":  # the same firm restating its figure
        rows[1] = shipment("IDC", "Samsung", "2018-Q1", high, "2019-05-01", metric=metric)
    combined = combine(tables(shipments=rows))
    found = conflicts(combined)
    assert len(found) == int(in_conflict)
    assert combined["conflict"].all() == in_conflict
    if in_conflict:
        row = found.iloc[0]
        assert (row["vendor"], row["metric"], row["period"], row["kind"]) == (
            "Samsung",
            metric,
            "2018-Q1",
            how,
        )
        assert (row["min_value"], row["max_value"]) == (low, high)


def test_kinds_and_sides():
    rows = [
        shipment("IDC", "Market", "2017-Q4", 403.5e6, "2018-02-02"),
        shipment("IDC", "Market", "2017-Q4", 394.6e6, "2019-01-28"),
        shipment("Counterpoint", "Market", "2017-Q4", 380e6, "2018-01-28"),
        shipment("Canalys", "Market", "2017-Q4", 381e6, "2018-01-30"),
        shipment("Canalys", "Market", "2017-Q3", 380e6, "2017-10-30"),
    ]
    found = conflicts(combine(tables(shipments=rows)))
    assert len(found) == 1
    row = found.iloc[0]
    assert row["kind"] == "both" and row["n_sides"] == 4 and row["n_sources"] == 3
    sides = json.loads(row["sides"])
    assert sorted(s["value"] for s in sides) == [380e6, 381e6, 394.6e6, 403.5e6]
    assert {s["source"] for s in sides} == {"IDC", "Counterpoint", "Canalys"}
    assert all({"source", "value", "as_of", "url_or_quote"} <= set(s) for s in sides)
    preliminary = next(s for s in sides if s["value"] == 403.5e6)
    assert preliminary["as_of"] == "2018-02-02" and preliminary["is_current"] is False
    assert len(row["values"].split("; ")) == len(row["sources"].split("; ")) == 4
    assert "403.5M" in row["values"] and "IDC (idc.example)" in row["sources"]
    assert row["spread"] == pytest.approx(23.5e6) and row["spread_pct"] == pytest.approx(6.18, abs=0.01)


def test_history_of_an_agreeing_series_is_not_a_side():
    rows = [
        shipment("IDC", "Apple", "2018-Q1", 52.0e6, "2018-05-01"),
        shipment("IDC", "Apple", "2018-Q1", 52.2e6, "2019-05-01"),
        shipment("Counterpoint", "Apple", "2018-Q1", 56e6, "2018-05-01"),
    ]
    found = conflicts(combine(tables(shipments=rows)))
    assert found.iloc[0]["kind"] == "across_sources"
    assert sorted(json.loads(found.iloc[0]["sides"]), key=lambda s: s["value"])[0]["value"] == 52.2e6


def test_two_articles_disagreeing_is_a_conflict_with_quotes():
    figures = [
        figure("a1", "shipments", "Xiaomi", "2017-Q4", 28e6, quote="Xiaomi moved 28 million."),
        figure("a2", "shipments", "Xiaomi", "2017-Q4", 31e6, quote="Xiaomi shipped 31 million."),
    ]
    found = conflicts(
        combine(tables(figures=figures, articles=[article("a1", "2018-01-05"), article("a2", "2018-02-01")]))
    )
    sides = json.loads(found.iloc[0]["sides"])
    assert found.iloc[0]["kind"] == "within_source" and found.iloc[0]["sources"] == "a1; a2"
    assert [s["url_or_quote"] for s in sides] == ["Xiaomi moved 28 million.", "Xiaomi shipped 31 million."]


@pytest.mark.parametrize(
    ("qualifier", "in_conflict"),
    [("at_least", False), ("at_most", False), ("approx", True), ("exact", True)],
)
def test_bounds_are_not_values(qualifier, in_conflict):
    combined = combine(
        tables(
            shipments=[shipment("IDC", "Xiaomi", "2018", 122e6, "2019-02-01")],
            figures=[figure("a1", "shipments", "Xiaomi", "2018", 100e6, qualifier=qualifier)],
            articles=[article("a1", "2019-01-10")],
        )
    )
    assert len(conflicts(combined)) == int(in_conflict)


def test_margins_of_different_bases_do_not_conflict():
    figures = [
        figure("a1", "margin", "Xiaomi", "2018", 1.0, basis="hardware_net"),
        figure("a2", "margin", "Xiaomi", "2018", 6.2, basis="gross"),
    ]
    combined = combine(
        tables(figures=figures, articles=[article("a1", "2019-03-19"), article("a2", "2019-03-20")])
    )
    assert conflicts(combined).empty


def test_conflict_flag_marks_only_the_disputed_key():
    rows = [*_two_firms("shipments", 70e6, 80e6), shipment("IDC", "Apple", "2018-Q1", 52e6, "2018-05-01")]
    combined = combine(tables(shipments=rows))
    assert combined.groupby("vendor")["conflict"].all().to_dict() == {"Apple": False, "Samsung": True}


@pytest.mark.parametrize(
    ("values", "median", "low", "high"),
    [
        ({"IDC": 100e6, "Canalys": 110e6, "Counterpoint": 90e6}, 100e6, 90e6, 110e6),
        ({"IDC": 100e6, "Canalys": 104e6}, 102e6, 100e6, 104e6),
        ({"IDC": 100e6}, 100e6, 100e6, 100e6),
    ],
    ids=["three-sources", "even-count", "one-source"],
)
def test_consensus_median_and_band(values, median, low, high):
    rows = [shipment(firm, "Apple", "2019", value, "2020-02-01") for firm, value in values.items()]
    rows.append(shipment("IDC", "Apple", "2019", 101e6, "2020-01-01"))  # superseded: not counted
    table = consensus(combine(tables(shipments=rows)))
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["consensus"], row["min"], row["max"], row["n_sources"]) == (median, low, high, len(values))
    assert row["sources"] == "; ".join(sorted(values))
    assert bool(row["conflict"]) is (high - low > 0.02 * low)


def test_consensus_keeps_keys_apart():
    rows = [
        shipment("IDC", "Apple", "2019", 191e6, "2020-02-01"),
        shipment("IDC", "Apple", "2019", 13.9, "2020-02-01", metric="market_share"),
        shipment("IDC", "Apple", "2019-Q4", 73.8e6, "2020-02-01"),
    ]
    table = consensus(combine(tables(shipments=rows)))
    assert sorted(zip(table["period"], table["metric"], strict=True)) == [
        ("2019", "market_share"), ("2019", "shipments"), ("2019-Q4", "shipments")
    ]  # fmt: skip
