"""targets_vs_actuals(): each shipments target next to the actual from the preferred source."""

from __future__ import annotations

from datetime import date

import pytest
from analytics_tables import article, figure, shipment, tables, target

from etl.analytics import combine, targets_vs_actuals

TODAY = date(2026, 1, 1)
GOAL = target("Xiaomi", "2018", 100e6, "Lei Jun", "2017-07-07", qualifier="at_least")


def _quarters(firm, values, year="2018", vendor="Xiaomi"):
    return [
        shipment(firm, vendor, f"{year}-Q{q}", v, f"{year}-{3 * q:02d}-28") for q, v in enumerate(values, 1)
    ]


def _only(frame):
    assert len(frame) == 1
    return frame.iloc[0]


@pytest.mark.parametrize(
    ("rows", "actual", "derived"),
    [
        (_quarters("IDC", [28e6, 31.9e6, 33.8e6, 28.6e6]), 122.3e6, True),
        (_quarters("IDC", [28e6, 31.9e6, 33.8e6]), None, False),
        ([*_quarters("IDC", [28e6, 31.9e6, 33.8e6, 28.6e6]),
          shipment("IDC", "Xiaomi", "2018", 122.6e6, "2019-02-01")], 122.6e6, False),
        (_quarters("IDC", [28e6, 31.9e6, 33.8e6, 28.6e6], vendor="Huawei"), None, False),
        (_quarters("IDC", [28e6, 31.9e6, 33.8e6, 28.6e6], year="2017"), None, False),
    ],
    ids=["four-quarters-summed", "three-quarters-not-enough", "own-yearly-wins", "other-vendor",
         "other-year"],
)  # fmt: skip
def test_yearly_actual_from_quarters(rows, actual, derived):
    row = _only(targets_vs_actuals(combine(tables(shipments=rows, targets=[GOAL])), today=TODAY))
    assert (row["actual"] == pytest.approx(actual)) if actual else row["actual"] != row["actual"]
    assert bool(row["derived"]) is derived
    assert row["status"] == ("met" if actual else "unknown")


def test_derived_actual_lists_its_quarters_and_uses_current_values():
    rows = _quarters("IDC", [28e6, 31.9e6, 33.8e6, 28.6e6])
    rows.append(shipment("IDC", "Xiaomi", "2018-Q3", 34.3e6, "2018-10-28"))  # superseded by 33.8 (later)
    rows[2]["as_of"] = "2019-11-08"
    row = _only(targets_vs_actuals(combine(tables(shipments=rows, targets=[GOAL])), today=TODAY))
    assert row["actual"] == pytest.approx(122.3e6)
    assert row["actual_url"].count("https://idc.example/Xiaomi/2018-Q") == 4


PREFERENCE_ROWS = [
    shipment("IDC", "Xiaomi", "2018", 122.6e6, "2019-02-01"),
    shipment("Counterpoint", "Xiaomi", "2018", 119e6, "2019-02-01"),
    shipment("Omdia", "Xiaomi", "2018", 120.3e6, "2019-02-01"),
]
COMPANY_GOAL = target("Xiaomi", "2018", 100e6, "Lei Jun", "2017-07-07", qualifier="at_least", actual=118.7e6)


@pytest.mark.parametrize(
    ("shipments", "preference", "source", "actual"),
    [
        (PREFERENCE_ROWS, None, "IDC", 122.6e6),
        (PREFERENCE_ROWS[1:], None, "Canalys", 120.3e6),
        (PREFERENCE_ROWS, ("Counterpoint", "IDC"), "Counterpoint", 119e6),
        (PREFERENCE_ROWS, ("Omdia",), "Canalys", 120.3e6),
        (PREFERENCE_ROWS, ("Company", "IDC"), "Company", 118.7e6),
        ([], None, "Company", 118.7e6),
        (PREFERENCE_ROWS, ("Gartner",), None, None),
    ],
    ids=["idc-first", "then-canalys-series", "user-order", "omdia-by-source-name", "company-first",
         "company-last-resort", "nothing-preferred"],
)  # fmt: skip
def test_preference_order(shipments, preference, source, actual):
    combined = combine(tables(shipments=shipments, targets=[COMPANY_GOAL]))
    kwargs = {} if preference is None else {"preference": preference}
    row = _only(targets_vs_actuals(combined, today=TODAY, **kwargs))
    if source is None:
        assert row["status"] == "unknown" and row["actual_source"] != row["actual_source"]
    else:
        assert (row["actual_source"], row["actual"]) == (source, actual)


@pytest.mark.parametrize(
    ("qualifier", "value", "low", "high", "actual", "period", "status", "attainment"),
    [
        ("exact", 100e6, None, None, 120e6, "2018", "met", 120.0),
        ("exact", 100e6, None, None, 99e6, "2018", "missed", 99.0),
        ("at_least", 100e6, None, None, 100e6, "2018", "met", 100.0),
        ("approx", 140e6, None, None, 139.3e6, "2018", "missed", 99.5),
        ("range", 100e6, 90e6, 110e6, 95e6, "2018", "met", 105.6),
        ("range", 100e6, 90e6, 110e6, 89e6, "2018", "missed", 98.9),
        ("exact", 100e6, None, None, None, "2018", "unknown", None),
        ("exact", 100e6, None, None, None, "2030", "pending", None),
        ("exact", 100e6, None, None, 50e6, "2025-Q4", "missed", 50.0),
        ("exact", 100e6, None, None, 50e6, "2026-Q1", "pending", 50.0),
        ("exact", 100e6, None, None, None, None, "unknown", None),
    ],
    ids=["met", "missed", "at-least-reached", "no-tolerance", "range-low-bound-met", "range-below-low",
         "no-actual", "not-over", "quarter-over", "quarter-running", "no-period"],
)  # fmt: skip
def test_status_and_attainment(qualifier, value, low, high, actual, period, status, attainment):
    goal = figure("g1", "shipments_target", "Xiaomi", period, value, qualifier=qualifier, low=low, high=high)
    firms = [] if actual is None else [shipment("IDC", "Xiaomi", period, actual, "2019-02-01")]
    combined = combine(tables(shipments=firms, figures=[goal], articles=[article("g1", "2017-12-01")]))
    row = _only(targets_vs_actuals(combined, today=TODAY))
    assert row["status"] == status
    assert (row["attainment"] == attainment) if attainment else row["attainment"] != row["attainment"]
    assert row["target_low"] == (low or value)
    assert row["target_quote_or_url"] == "A sentence of g1 about Xiaomi."


def test_every_target_kept_with_its_revision_state():
    revised = [
        target("Sony", "FY2018", 10e6, "Sony", "2018-04-27", actual=6.5e6),
        target("Sony", "FY2018", 6.5e6, "Sony", "2019-02-01", actual=6.5e6),
    ]
    table = targets_vs_actuals(combine(tables(targets=revised)), today=TODAY).set_index("target")
    assert table["status"].to_dict() == {10e6: "missed", 6.5e6: "met"}
    assert table["target_is_current"].to_dict() == {10e6: False, 6.5e6: True}
    assert set(table["actual_source"]) == {"Company"}
