"""The analytics on the shipped data (data/reference alone), as the issue's acceptance asks."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pandas as pd
import pytest
from analytics_tables import article, figure, tables

from etl.analytics import combine, conflicts, derive_tables, promises, targets_vs_actuals
from etl.reference import load_reference

TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def reference() -> dict[str, pd.DataFrame]:
    return load_reference()


@pytest.fixture(scope="module")
def all_figures(reference) -> pd.DataFrame:
    return combine(reference)


def test_xiaomi_2018_target_of_100_million_met(all_figures):
    table = targets_vs_actuals(all_figures, today=TODAY)
    row = table[(table["vendor"] == "Xiaomi") & (table["period"] == "2018") & (table["target"] == 100e6)]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["status"] == "met" and row["actual"] > 100e6 and row["attainment"] > 100
    assert row["actual_source"] == "IDC" and row["derived"]  # IDC has no FY2018 Xiaomi row: quarters summed


def test_idc_2017_q4_market_total_is_among_the_conflicts(all_figures):
    found = conflicts(all_figures)
    row = found[
        (found["vendor"] == "Market") & (found["period"] == "2017-Q4") & (found["metric"] == "shipments")
    ]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["kind"] in ("within_source", "both") and "IDC" in row["sources"]
    values = {side["value"] for side in json.loads(row["sides"]) if side["series"] == "IDC"}
    assert {403.5e6, 394.6e6} <= values  # the preliminary figure and its restatement


def test_seed_plan_for_the_us_in_2019_not_realised(reference):
    seed = "000_fb7a288068d0faf3"
    base = dict(reference)
    base.update(
        {
            name: frame
            for name, frame in tables(
                figures=[figure(seed, "market_entry", "Xiaomi", "2019", market="US", status="planned")],
                articles=[article(seed, "2018-07-03")],
            ).items()
            if name in ("figures", "articles")
        }
    )
    table = promises(combine(base), today=TODAY)
    row = table[
        (table["vendor"] == "Xiaomi") & (table["market"] == "US") & (table["promised_period"] == "2019")
    ]
    assert len(row) == 1
    assert row.iloc[0]["outcome"] == "not realised"
    assert seed in row.iloc[0]["promise_source"]  # merged with events.csv's row for the same plan


def test_xiaomi_hardware_margin_cap_kept(all_figures):
    table = promises(all_figures, today=TODAY)
    row = table[(table["vendor"] == "Xiaomi") & (table["kind"] == "margin_cap")]
    assert row["outcome"].tolist() == ["kept"]


def test_derived_tables_load_into_duckdb(reference):
    derived = derive_tables(reference, today=TODAY)
    assert {"all_figures", "conflicts", "consensus", "entry_timeline", "targets", "promises"} <= set(derived)
    con = duckdb.connect()
    for name, frame in derived.items():
        assert not frame.empty, name
        for column in frame.columns:
            assert not frame[column].map(lambda v: isinstance(v, list | dict | tuple)).any(), (name, column)
        con.register("frame", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame').fetchall()
        con.unregister("frame")
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0] == len(frame)
    ids = con.execute("SELECT count(DISTINCT figure_id) = count(*) FROM all_figures").fetchall()[0][0]
    assert ids
