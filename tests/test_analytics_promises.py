"""promises() and entry_timeline(): what was promised against what followed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from analytics_tables import article, event, figure, tables, target

from etl.analytics import combine, entry_timeline, promises

TODAY = date(2026, 1, 1)
CAP = figure("pledge", "margin", "Xiaomi", None, 5.0, qualifier="at_most", basis="hardware_net")


def _margin_report(period, value, stated_on, basis="hardware_net", qualifier="exact"):
    return target("Xiaomi", period, value, "Xiaomi (annual results)", stated_on, metric="margin",
                  qualifier=qualifier, note=f"basis={basis}; reported")  # fmt: skip


@pytest.mark.parametrize(
    ("reports", "outcome", "evidence"),
    [
        ([_margin_report("2018", 1.0, "2019-03-19", qualifier="at_most")], "kept", "2018: at most 1%"),
        ([_margin_report("2018", 1.0, "2019-03-19"), _margin_report("2019", 6.0, "2020-03-31")], "broken",
         "2018: 1% (Xiaomi (annual results), 2019-03-19); 2019: 6%"),
        ([_margin_report("2018", 5.0, "2019-03-19")], "kept", "2018: 5%"),
        ([_margin_report("2018", 18.0, "2019-03-19", basis="gross")], "no evidence", "no later margin"),
        ([_margin_report("2016", 0.5, "2017-03-19")], "no evidence", "no later margin"),
        ([], "no evidence", "no later margin"),
    ],
    ids=["under-cap", "over-cap-later", "at-cap", "other-basis", "before-the-pledge", "nothing-reported"],
)  # fmt: skip
def test_open_ended_margin_cap(reports, outcome, evidence):
    base = tables(targets=reports, figures=[CAP], articles=[article("pledge", "2018-07-03")])
    row = promises(combine(base), today=TODAY).set_index("kind").loc["margin_cap"]
    assert (row["vendor"], row["promised_period"], row["outcome"]) == ("Xiaomi", "open-ended", outcome)
    assert row["promise"] == "margin at most 5% (hardware_net)"
    assert row["evidence"].startswith(evidence)
    assert row["promise_source"] == "pledge"


@pytest.mark.parametrize(
    ("qualifier", "reported", "period", "outcome"),
    [
        ("at_least", 8.0, "2019", "broken"),
        ("at_least", 12.0, "2019", "kept"),
        ("at_most", 4.0, "2019", "kept"),
        ("at_most", 4.0, "2020", "no evidence"),
    ],
    ids=["floor-broken", "floor-kept", "dated-cap-kept", "report-outside-dated-period"],
)
def test_dated_pledges(qualifier, reported, period, outcome):
    pledge = target("Xiaomi", "2019", 10.0 if qualifier == "at_least" else 5.0, "Lei Jun", "2019-01-10",
                    metric="margin", qualifier=qualifier, note="basis=gross")  # fmt: skip
    base = tables(
        targets=[pledge, _margin_report(period, reported, f"{int(period) + 1}-03-01", basis="gross")]
    )
    table = promises(combine(base), today=TODAY)
    assert table["outcome"].tolist() == [outcome]
    assert table["kind"].tolist() == ["margin_floor" if qualifier == "at_least" else "margin_cap"]


PLAN = event("Xiaomi", "US", "2019", "planned", "2018-07-04")


@pytest.mark.parametrize(
    ("followed", "plan", "outcome"),
    [
        ([event("Xiaomi", "US", "2020-03", "entered", "2020-03-10")], PLAN, "realised"),
        ([event("Xiaomi", "US", "2019-02", "entered", "2019-02-01")], PLAN, "realised"),
        ([], PLAN, "not realised"),
        ([event("Xiaomi", "US", "2015", "entered", "2015-05-01")], PLAN, "not realised"),
        ([event("Xiaomi", "UK", "2019-11", "entered", "2019-11-10")], PLAN, "not realised"),
        ([event("Xiaomi", "US", "2019-05", "blocked", "2019-05-01")], PLAN, "not realised"),
        ([], event("Xiaomi", "US", "2030", "planned", "2025-07-04"), "pending"),
        ([event("Xiaomi", "US", "2020", "exited", "2020-06-01")],
         event("Xiaomi", "US", "2020", "exit_planned", "2019-12-01"), "realised"),
    ],
    ids=["entered-later", "entered-early-in-period", "nothing-followed", "entered-before-plan",
         "other-market", "blocked-instead", "period-not-over", "exit-carried-out"],
)  # fmt: skip
def test_planned_market_entries(followed, plan, outcome):
    table = promises(combine(tables(events=[plan, *followed])), today=TODAY)
    row = table[table["kind"].isin(["market_entry", "market_exit"])].iloc[0]
    assert (row["vendor"], row["market"], row["promised_period"], row["outcome"]) == (
        "Xiaomi", "US", plan["period"], outcome
    )  # fmt: skip
    assert row["promise_source"] == plan["url"]
    if outcome == "realised":
        assert row["evidence_source"] == followed[0]["url"]
    if followed and followed[0]["status"] == "blocked":
        assert row["evidence"].startswith("blocked 2019-05")


def test_plan_from_article_and_table_is_one_promise():
    base = tables(
        events=[PLAN],
        figures=[figure("a1", "market_entry", "Xiaomi", "2019", market="US", status="planned")],
        articles=[article("a1", "2018-07-03", url="https://news.example/a1")],
    )
    row = promises(combine(base), today=TODAY).iloc[0]
    assert row["outcome"] == "not realised" and row["promised_on"].date() == date(2018, 7, 3)
    assert row["promise_source"] == f"https://news.example/a1; {PLAN['url']}"


def test_timeline_merges_the_same_event_from_every_source():
    base = tables(
        events=[PLAN, event("Xiaomi", "US", "2019", "planned", "2018-09-01"),
                event("Xiaomi", "India", "2014-07", "entered", "2014-07-15"),
                event("Xiaomi", "India", "2014-07", "planned", "2014-07")],
        figures=[figure("a1", "market_entry", "Xiaomi", "2019", market="US", status="planned",
                        quote="Xiaomi aims to launch in the US in 2019.")],
        articles=[article("a1", "2018-07-03")],
    )  # fmt: skip
    timeline = entry_timeline(combine(base)).set_index(["market", "status"])
    assert len(timeline) == 3
    us = timeline.loc[("US", "planned")]
    assert us["n_sources"] == 3 and us["first_reported"].date() == date(2018, 7, 3)
    assert us["sources"] == "a1; events.example"
    assert json.loads(us["quotes"]) == ["Xiaomi aims to launch in the US in 2019.", None, None]
    assert len(json.loads(us["figure_ids"])) == 3 and json.loads(us["urls"])[0] is None
    assert timeline.loc[("India", "entered"), "n_sources"] == 1
