"""Sources that disagree: the same key (vendor, market, period, metric) with values further
apart than a tolerance, either between sources' current values or within one source's own
history (a restatement, or two articles printing different numbers).

Only point values are compared: `at_least`/`at_most` figures are bounds, not values, and
pledges are promises, not figures; a range counts as its midpoint. Everything runs on
integer key codes, so a million figures cost a few groupbys.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.analytics.frames import KEY, basis_key, conform, flag, format_values, host, join_codes, json_objects

UNIT_TOLERANCE = 0.02  # relative to the smaller value: 100 vs 102 agree, 100 vs 102.1 do not
PERCENT_TOLERANCE = 0.5  # percentage points
COMPARED_METRICS = ("shipments", "market_share", "margin")
POINT_QUALIFIERS = ("exact", "approx", "range")

COLUMNS = [
    "vendor", "market", "period", "metric", "basis", "unit", "kind", "n_sides", "n_sources",
    "min_value", "max_value", "spread", "spread_pct", "values", "sources", "sides",
    "period_start", "period_end",
]  # fmt: skip
TYPES = {
    "n_sides": "int64", "n_sources": "int64", "min_value": "float64", "max_value": "float64",
    "spread": "float64", "spread_pct": "float64", "period_start": "datetime64[us]",
    "period_end": "datetime64[us]",
}  # fmt: skip
SIDE_FIELDS = [
    "series",
    "source",
    "value",
    "as_of",
    "url_or_quote",
    "url",
    "quote",
    "is_current",
    "figure_id",
]


def comparable_mask(frame: pd.DataFrame) -> pd.Series:
    """Rows whose value can be compared with another source's: see the module docstring."""
    return (
        frame["metric"].isin(COMPARED_METRICS)
        & frame["value"].notna()
        & frame["period"].notna()
        & (frame["qualifier"].isna() | frame["qualifier"].isin(POINT_QUALIFIERS))
        & ~frame["is_pledge"].astype(bool)
    )


# What the comparisons read: selecting these first spares copying quotes, titles and notes.
NEEDED = [
    "vendor", "market", "period", "metric", "basis", "unit", "series", "source", "source_kind",
    "value", "as_of", "url", "quote", "is_current", "conflict", "figure_id", "period_start", "period_end",
]  # fmt: skip


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparable rows (columns `NEEDED`), with the `basis_key` column the key needs."""
    rows = frame.loc[comparable_mask(frame), [c for c in NEEDED if c in frame.columns]]
    return rows.assign(basis_key=basis_key(rows))


def beyond_tolerance(low: pd.Series, high: pd.Series, metric: pd.Series) -> pd.Series:
    """True where `high - low` exceeds the tolerance of the metric (units relative, percent
    absolute); a difference exactly at the tolerance still agrees."""
    units = np.asarray(metric == "shipments")
    low_values = np.asarray(low, dtype="float64")
    tolerance = np.where(units, UNIT_TOLERANCE * np.abs(low_values), PERCENT_TOLERANCE)
    spread = np.asarray(high, dtype="float64") - low_values
    return pd.Series(spread > tolerance * (1 + 1e-9) + 1e-12, index=getattr(low, "index", None))


def _disagreement(rows: pd.DataFrame, kid: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Per key code: `across` and `within` flags; and per row: whether its series disagrees
    with itself on its key."""
    units = rows["metric"].eq("shipments").to_numpy()
    table = pd.DataFrame({"kid": kid, "value": rows["value"].to_numpy(), "units": units})
    sid = pd.factorize(rows["series"])[0]
    pair = kid.astype("int64") * (sid.max() + 1) + sid
    current = rows["is_current"].to_numpy()
    now = table[current].groupby("kid")["value"].agg(["min", "max"])
    is_units = table.groupby("kid")["units"].first()
    across = beyond_tolerance(now["min"], now["max"], np.where(is_units.loc[now.index], "shipments", "share"))
    spans = (
        table.assign(pair=pair)
        .groupby("pair")
        .agg(kid=("kid", "first"), min=("value", "min"), max=("value", "max"), units=("units", "first"))
    )
    own = beyond_tolerance(spans["min"], spans["max"], np.where(spans["units"], "shipments", "share"))
    flags = pd.DataFrame({"across": across}).join(
        spans.loc[own.to_numpy()].groupby("kid").size().rename("within") > 0, how="outer"
    )
    flags = flags.apply(flag)
    flags = flags[flags["across"] | flags["within"]]
    row_disagrees = pd.Series(pair).isin(spans.index[own.to_numpy()]).to_numpy()
    return flags, row_disagrees


def conflict_mask(frame: pd.DataFrame) -> pd.Series:
    """True for every row whose key is in conflict (what the charts mark)."""
    if frame.empty:
        return pd.Series(False, index=frame.index, dtype=bool)
    kid = frame.assign(basis_key=basis_key(frame)).groupby(KEY, sort=False, dropna=False).ngroup().to_numpy()
    usable = comparable_mask(frame).to_numpy()
    if not usable.any():
        return pd.Series(False, index=frame.index, dtype=bool)
    flags, _ = _disagreement(frame[usable], kid[usable])
    return pd.Series(np.isin(kid, flags.index.to_numpy()), index=frame.index, dtype=bool)


def _side_label(sides: pd.DataFrame) -> pd.Series:
    """`IDC (gizchina.com)`, `Lei Jun (fonearena.com)`, or an article's id."""
    where = host(sides["url"])
    label = sides["source"].astype("str") + (" (" + where + ")").fillna("")
    return label.where(~sides["source_kind"].eq("article"), sides["source"].astype("str"))


def conflicts(all_figures: pd.DataFrame) -> pd.DataFrame:
    """One row per key in conflict (columns: `COLUMNS`).

    `kind` is `across_sources` (current values of different series disagree),
    `within_source` (one series' own values disagree: a restatement, or two articles), or
    `both`. `values` and `sources` are aligned `; `-joined lists, one item per side;
    `sides` is a JSON array of objects with `SIDE_FIELDS`. Sides are every series' current
    value plus the whole history of a series that disagrees with itself. `spread` is
    max - min (units or percentage points), `spread_pct` relative to the smaller value.
    """
    rows = comparable(all_figures)
    if rows.empty:
        return conform(None, COLUMNS, TYPES)
    kid = rows.groupby(KEY, sort=False).ngroup().to_numpy()
    flags, row_disagrees = _disagreement(rows, kid)
    if flags.empty:
        return conform(None, COLUMNS, TYPES)
    keep = np.isin(kid, flags.index.to_numpy()) & (rows["is_current"].to_numpy() | row_disagrees)
    sides = rows[keep].assign(kid=kid[keep], series_code=pd.factorize(rows["series"][keep], sort=True)[0])
    sides = sides.sort_values(["kid", "series_code", "as_of", "value"], kind="stable", na_position="first")
    codes = sides["kid"].to_numpy()
    detail = sides.assign(url_or_quote=sides["url"].fillna(sides["quote"]))[SIDE_FIELDS]
    stats = sides.groupby("kid", sort=False).agg(
        **{k: (k, "first") for k in ["vendor", "market", "period", "metric", "basis", "unit"]},
        n_sides=("value", "size"),
        n_sources=("series", "nunique"),
        min_value=("value", "min"),
        max_value=("value", "max"),
        period_start=("period_start", "first"),
        period_end=("period_end", "first"),
    )
    stats["values"] = join_codes(codes, format_values(sides["value"], sides["metric"]))
    stats["sources"] = join_codes(codes, _side_label(sides))
    stats["sides"] = "[" + join_codes(codes, json_objects(detail), sep=",") + "]"
    stats = stats.join(flags)
    stats["kind"] = np.select(
        [stats["across"] & stats["within"], stats["across"]], ["both", "across_sources"], "within_source"
    )
    stats["spread"] = stats["max_value"] - stats["min_value"]
    low = stats["min_value"].where(stats["min_value"] != 0)
    stats["spread_pct"] = (stats["spread"] / low.abs() * 100).round(2)
    stats["basis"] = stats["basis"].where(stats["metric"].eq("margin"))
    stats = stats.sort_values(["metric", "vendor", "market", "period"], kind="stable")
    return conform(stats, COLUMNS, TYPES)
