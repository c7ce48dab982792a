"""A consensus value per key: the median of the sources' current values, with its band."""

from __future__ import annotations

import pandas as pd

from etl.analytics.conflicts import comparable
from etl.analytics.frames import KEY, conform, join_per_group

COLUMNS = [
    "vendor", "market", "period", "metric", "basis", "unit", "consensus", "min", "max",
    "n_sources", "sources", "conflict", "period_start", "period_end",
]  # fmt: skip
TYPES = {
    "consensus": "float64", "min": "float64", "max": "float64", "n_sources": "int64", "conflict": "bool",
    "period_start": "datetime64[us]", "period_end": "datetime64[us]",
}  # fmt: skip


def consensus(all_figures: pd.DataFrame) -> pd.DataFrame:
    """Per key (vendor, market, period, metric; margins also per basis), the median of the
    current values across series, `min`/`max` as its band, `n_sources` series behind it and
    `sources` naming them. Compares what conflicts() compares (point values, no pledges)."""
    if all_figures.empty:
        return conform(None, COLUMNS, TYPES)
    current = comparable(all_figures)
    current = current[current["is_current"]]
    if current.empty:
        return conform(None, COLUMNS, TYPES)
    stats = current.groupby(KEY, sort=False).agg(
        basis=("basis", "first"),
        unit=("unit", "first"),
        consensus=("value", "median"),
        min=("value", "min"),
        max=("value", "max"),
        n_sources=("series", "size"),
        conflict=("conflict", "any"),
        period_start=("period_start", "first"),
        period_end=("period_end", "first"),
    )
    names = join_per_group(current.sort_values("series", kind="stable"), KEY, "series")
    out = stats.reset_index().merge(names.rename(columns={"series": "sources"}), on=KEY)
    out["basis"] = out["basis"].where(out["metric"].eq("margin"))
    out = out.sort_values(["metric", "vendor", "market", "period"], kind="stable").reset_index(drop=True)
    return conform(out, COLUMNS, TYPES)
