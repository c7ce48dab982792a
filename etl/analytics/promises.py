"""Promises against what followed: margin pledges and caps against the margins later
reported, planned market entries (and announced exits) against the events that followed.

Decisions:
- A pledge is a margin stated as `at_most`/`at_least` before its period ended (or with no
  period: open-ended). Evidence is every current reported margin of the same vendor,
  market and basis: for a dated pledge, periods inside the pledge's period; for an open-ended one,
  periods ending after the pledge was first made. Any value on the wrong side of the limit
  breaks it; otherwise evidence keeps it.
- A plan (`planned`, `exit_planned`) is realised by an `entered` (`exited`) event in the
  same vendor and market whose period ends on or after the day the plan was first
  reported; without one it is `pending` until the planned period is over, then
  `not realised`. Later blocks and exits are listed as evidence too.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from etl.analytics.frames import conform, day, format_values, join_per_group
from etl.analytics.timeline import entry_timeline

COLUMNS = [
    "kind", "vendor", "market", "promise", "promised_period", "promised_on", "outcome",
    "evidence", "promise_source", "evidence_source",
]  # fmt: skip
TYPES = {"promised_on": "datetime64[us]"}
PLAN_FOLLOWED_BY = {"planned": "entered", "exit_planned": "exited"}
_BOUND_WORDS = {"at_most": "at most ", "at_least": "at least ", "approx": "about "}
_PLEDGE_KEY = ["vendor", "market", "basis", "qualifier", "value", "period"]


def _label(frame: pd.DataFrame) -> pd.Series:
    """Where a figure came from, shortest readable: URL, else article id."""
    return frame["url"].fillna(frame["article"]).fillna(frame["source"]).astype("str")


def _margin_promises(all_figures: pd.DataFrame) -> pd.DataFrame:
    margins = all_figures[all_figures["metric"].eq("margin") & all_figures["value"].notna()]
    pledges = margins[margins["is_pledge"]]
    if pledges.empty:
        return pd.DataFrame(columns=COLUMNS)
    pledges = pledges.assign(label=_label(pledges), period=pledges["period"].fillna(""))
    pledges = pledges.assign(basis=pledges["basis"].fillna(""))
    grouped = pledges.groupby(_PLEDGE_KEY, sort=False).agg(
        promised_on=("as_of", "min"),
        period_start=("period_start", "first"),
        period_end=("period_end", "first"),
    )
    grouped = grouped.reset_index().merge(
        join_per_group(pledges.drop_duplicates([*_PLEDGE_KEY, "label"]), _PLEDGE_KEY, "label"),
        on=_PLEDGE_KEY,
        how="left",
    )
    grouped["_promise"] = np.arange(len(grouped))
    reports = margins[~margins["is_pledge"] & margins["is_current"] & margins["period"].notna()]
    reports = reports.assign(basis=reports["basis"].fillna(""), evidence_label=_label(reports))
    pairs = grouped.merge(
        reports[["vendor", "market", "basis", "period", "value", "qualifier", "source", "evidence_label",
                 "period_start", "period_end", "as_of", "metric"]],
        on=["vendor", "market", "basis"], suffixes=("", "_seen"),
    )  # fmt: skip
    dated = pairs["period"].ne("")
    inside = (pairs["period_start_seen"] >= pairs["period_start"]) & (
        pairs["period_end_seen"] <= pairs["period_end"]
    )
    after = pairs["period_end_seen"] >= pairs["promised_on"]
    pairs = pairs[np.where(dated, inside, after)]
    cap = pairs["qualifier"].eq("at_most")
    pairs = pairs.assign(
        broken=np.where(cap, pairs["value_seen"] > pairs["value"], pairs["value_seen"] < pairs["value"]),
        evidence=pairs["period_seen"]
        + ": "
        + pairs["qualifier_seen"].map(_BOUND_WORDS).fillna("")
        + format_values(pairs["value_seen"], pairs["metric"])
        + " ("
        + pairs["source"].astype("str")
        + ", "
        + day(pairs["as_of"]).fillna("undated")
        + ")",
    ).sort_values(["_promise", "period_start_seen"], kind="stable")
    verdict = pairs.groupby("_promise")["broken"].any()
    for column, frame in (
        ("evidence", pairs),
        ("evidence_label", pairs.drop_duplicates(["_promise", "evidence_label"])),
    ):
        grouped = grouped.merge(join_per_group(frame, ["_promise"], column), on="_promise", how="left")
    grouped["outcome"] = (
        grouped["_promise"].map(verdict).map({True: "broken", False: "kept"}).fillna("no evidence")
    )
    basis = grouped["basis"].replace("", "unstated basis")
    word = grouped["qualifier"].map({"at_most": "at most", "at_least": "at least"})
    shown = format_values(grouped["value"], pd.Series("margin", index=grouped.index))
    return pd.DataFrame(
        {
            "kind": np.where(grouped["qualifier"].eq("at_most"), "margin_cap", "margin_floor"),
            "vendor": grouped["vendor"],
            "market": grouped["market"],
            "promise": "margin " + word + " " + shown + " (" + basis + ")",
            "promised_period": grouped["period"].replace("", "open-ended"),
            "promised_on": grouped["promised_on"],
            "outcome": grouped["outcome"],
            "evidence": grouped["evidence"].fillna("no later margin reported on this basis"),
            "promise_source": grouped["label"],
            "evidence_source": grouped["evidence_label"],
        }
    )


def _entry_promises(all_figures: pd.DataFrame, today: pd.Timestamp) -> pd.DataFrame:
    timeline = entry_timeline(all_figures)
    plans = timeline[timeline["status"].isin(list(PLAN_FOLLOWED_BY))].reset_index(drop=True)
    if plans.empty:
        return pd.DataFrame(columns=COLUMNS)
    plans["_promise"] = np.arange(len(plans))
    plans["since"] = plans["first_reported"].fillna(plans["period_start"])
    plans["awaited"] = plans["status"].map(PLAN_FOLLOWED_BY)
    later = timeline[timeline["status"].isin(["entered", "exited", "blocked"])]
    pairs = plans[["_promise", "vendor", "market", "since", "awaited"]].merge(
        later[["vendor", "market", "status", "period", "period_end", "sources", "links"]],
        on=["vendor", "market"],
    )
    pairs = pairs[
        pairs["period_end"].isna() | pairs["since"].isna() | (pairs["period_end"] >= pairs["since"])
    ]
    pairs = pairs.assign(
        fulfils=pairs["status"].eq(pairs["awaited"]),
        evidence=pairs["status"] + " " + pairs["period"].fillna("undated") + " (" + pairs["sources"] + ")",
    ).sort_values(["_promise", "period_end"], kind="stable")
    realised = pairs.groupby("_promise")["fulfils"].any()
    plans = plans.merge(join_per_group(pairs, ["_promise"], "evidence"), on="_promise", how="left")
    plans = plans.merge(
        join_per_group(
            pairs.drop_duplicates(["_promise", "links"]).rename(columns={"links": "evidence_source"}),
            ["_promise"],
            "evidence_source",
        ),
        on="_promise",
        how="left",
    )
    over = plans["period_end"].notna() & (plans["period_end"] < today)
    done = plans["_promise"].isin(realised.index[realised.to_numpy()])
    plans["outcome"] = np.select([done, over], ["realised", "not realised"], "pending")
    return pd.DataFrame(
        {
            "kind": np.where(plans["status"].eq("planned"), "market_entry", "market_exit"),
            "vendor": plans["vendor"],
            "market": plans["market"],
            "promise": plans["status"].map({"planned": "enter", "exit_planned": "exit"})
            + " "
            + plans["market"],
            "promised_period": plans["period"],
            "promised_on": plans["first_reported"],
            "outcome": plans["outcome"],
            "evidence": plans["evidence"].fillna("no " + plans["awaited"] + " event followed"),
            "promise_source": plans["links"],
            "evidence_source": plans["evidence_source"],
        }
    )


def promises(all_figures: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """Each promise with its outcome (`kept`/`broken`/`no evidence` for margins;
    `realised`/`not realised`/`pending` for plans), what followed and where both come from.
    Columns: `COLUMNS`; sources and evidence are `; `-joined readable strings."""
    moment = pd.Timestamp(today or date.today())
    parts = [_margin_promises(all_figures), _entry_promises(all_figures, moment)]
    parts = [part for part in parts if not part.empty]
    return conform(pd.concat(parts, ignore_index=True) if parts else None, COLUMNS, TYPES)
