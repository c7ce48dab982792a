"""Targets against actuals: each `shipments_target` next to the shipments actually reported
for the same vendor, market and period, from the source the user prefers.

Decisions (so the status can be explained):
- A source with four current quarters of a calendar year and no yearly figure gets their
  sum as its yearly actual, marked `derived`; a source's own yearly figure wins over a sum.
- The bar for `met` is the target's value; for a `range` it is the low bound (reaching the
  bottom of a stated range meets it), for `at_least` the stated floor, for `at_most` ("up
  to") the stated ceiling. `attainment` is the actual in percent of that bar, so
  attainment >= 100 exactly when the status is `met`. No tolerance: 139 against 140 missed.
- `pending`: the target's period has not ended by `today`; `unknown`: it has, and no
  preferred source has an actual (or the target has no period).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from etl.analytics.frames import conform, flag, join_per_group

PREFERENCE = ("IDC", "Canalys", "Omdia", "Counterpoint", "Company")
COLUMNS = [
    "figure_id", "vendor", "market", "period", "target", "target_low", "qualifier",
    "target_source", "target_series", "target_kind", "target_as_of", "target_is_current",
    "target_quote_or_url", "actual", "actual_source", "actual_source_detail", "actual_url",
    "actual_as_of", "derived", "attainment", "status", "period_start", "period_end",
]  # fmt: skip
TYPES = {
    "target": "float64", "target_low": "float64", "actual": "float64", "attainment": "float64",
    "target_as_of": "datetime64[us]", "actual_as_of": "datetime64[us]", "period_start": "datetime64[us]",
    "period_end": "datetime64[us]", "target_is_current": "bool", "derived": "bool",
}  # fmt: skip
_PLACE = ["vendor", "market"]


def _yearly_sums(quarters: pd.DataFrame, yearly: pd.DataFrame) -> pd.DataFrame:
    """Four current quarters of one series and calendar year, summed where the series has no
    yearly figure of its own (columns of `quarters`, `derived` True)."""
    none = quarters.iloc[:0].assign(derived=True)
    if quarters.empty:
        return none
    quarters = quarters.assign(year=quarters["period"].str.slice(0, 4)).sort_values("period", kind="stable")
    group = ["series", *_PLACE, "year"]
    sums = quarters.groupby(group, sort=False).agg(
        value=("value", "sum"), n=("period", "nunique"), as_of=("as_of", "max")
    )
    sums = sums[sums["n"].eq(4)].reset_index()
    own = yearly[["series", *_PLACE, "period"]].rename(columns={"period": "year"}).assign(_own=True)
    sums = sums.merge(own.drop_duplicates(), on=group, how="left")
    sums = sums[sums["_own"].isna()].drop(columns=["_own", "n"])
    if sums.empty:
        return none
    used = quarters.merge(sums[group], on=group)
    for column in ("url", "source"):
        distinct = used.drop_duplicates([*group, column])
        sums = sums.merge(join_per_group(distinct, group, column), on=group, how="left")
    return sums.rename(columns={"year": "period"}).assign(derived=True)


def _candidates(all_figures: pd.DataFrame, wanted: pd.DataFrame) -> pd.DataFrame:
    """Every current shipments figure (direct or summed) that could answer a wanted
    (vendor, market, period)."""
    shipments = all_figures[
        all_figures["metric"].eq("shipments") & all_figures["is_current"] & all_figures["value"].notna()
    ]
    years = wanted["period"].str.extract(r"^(\d{4})$", expand=False).dropna()
    places = wanted[_PLACE].drop_duplicates()
    shipments = shipments.merge(places, on=_PLACE)
    fields = ["series", "source", *_PLACE, "period", "value", "url", "as_of"]
    direct = shipments.merge(wanted[[*_PLACE, "period"]].drop_duplicates(), on=[*_PLACE, "period"])[fields]
    is_quarter = shipments["period"].str.fullmatch(r"\d{4}-Q[1-4]").fillna(False).astype(bool)
    quarters = shipments[is_quarter & shipments["period"].str.slice(0, 4).isin(set(years))][fields]
    yearly = shipments[shipments["period"].isin(set(years))]
    derived = _yearly_sums(quarters, yearly)
    return pd.concat([direct.assign(derived=False), derived[[*fields, "derived"]]], ignore_index=True)


def _rank(candidates: pd.DataFrame, preference: Sequence[str]) -> pd.Series:
    """Position of the first preference naming the candidate's series or source; NaN if none."""
    order = {name: i for i, name in reversed(list(enumerate(preference)))}
    by_series = candidates["series"].map(order)
    by_source = candidates["source"].map(order)
    return pd.concat([by_series, by_source], axis=1).min(axis=1)


def targets_vs_actuals(
    all_figures: pd.DataFrame,
    preference: Sequence[str] = PREFERENCE,
    today: date | None = None,
) -> pd.DataFrame:
    """Every shipments target (current and superseded, see `target_is_current`) with its
    actual from the first source in `preference` (series names such as `IDC`, `Canalys`,
    `Counterpoint`, `Company`, `Articles`, or a firm kept in `source` such as `Omdia`)."""
    targets = all_figures[all_figures["metric"].eq("shipments_target")].reset_index(drop=True)
    if targets.empty:
        return conform(None, COLUMNS, TYPES)
    targets["_row"] = np.arange(len(targets))
    candidates = _candidates(all_figures, targets)
    candidates = candidates.assign(rank=_rank(candidates, preference)).dropna(subset=["rank"])
    chosen = (
        targets[["_row", *_PLACE, "period"]]
        .merge(candidates, on=[*_PLACE, "period"])
        .sort_values(["_row", "rank", "derived"], kind="stable")
        .drop_duplicates("_row")
    )
    out = targets.merge(
        chosen[["_row", "series", "source", "value", "url", "as_of", "derived"]].rename(
            columns={
                "series": "actual_source",
                "source": "actual_source_detail",
                "value": "actual",
                "url": "actual_url",
                "as_of": "actual_as_of",
            }
        ),
        on="_row",
        how="left",
    ).sort_values("_row")
    bar = out["value_low"].where(out["qualifier"].eq("range") & out["value_low"].notna(), out["value"])
    moment = pd.Timestamp(today or date.today())
    over = out["period_end"].notna() & (out["period_end"] < moment)
    out["attainment"] = (out["actual"] / bar * 100).round(1)
    out["status"] = np.select(
        [out["period_end"].isna(), ~over, out["actual"].isna(), out["actual"] >= bar],
        ["unknown", "pending", "unknown", "met"],
        "missed",
    )
    out["derived"] = flag(out["derived"])
    out = out.rename(
        columns={
            "value": "target",
            "source": "target_source",
            "series": "target_series",
            "source_kind": "target_kind",
            "as_of": "target_as_of",
            "is_current": "target_is_current",
        }
    )
    out["target_low"] = bar
    out["target_quote_or_url"] = out["quote"].fillna(out["url"])
    return conform(out, COLUMNS, TYPES)
