"""Calendar bounds of figure periods, so figures of any granularity sit on one time axis.

The bounds of one period string come from etl.periods (fiscal `FYyyyy` placed April yyyy-1 to
March yyyy, the spec naming a fiscal year by the year it ends in); here they are applied to
whole columns.
"""

from __future__ import annotations

import pandas as pd

from etl import periods


def _bounds(period: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of one period string; NaT for anything unreadable."""
    if not isinstance(period, str):
        return pd.NaT, pd.NaT
    try:
        start, end = periods.period_bounds(period)
    except ValueError:
        return pd.NaT, pd.NaT
    return pd.Timestamp(start), pd.Timestamp(end)


def period_bounds(values: pd.Series) -> pd.DataFrame:
    """`period_start` and `period_end` (datetime64, midnight) for a column of period strings.

    Parsed once per distinct period and mapped back, so a million rows cost a few hundred
    parses.
    """
    table = {p: _bounds(p) for p in pd.unique(values.dropna())}
    starts = values.map({p: b[0] for p, b in table.items()})
    ends = values.map({p: b[1] for p, b in table.items()})
    return pd.DataFrame(
        {
            "period_start": pd.to_datetime(starts).astype("datetime64[us]"),
            "period_end": pd.to_datetime(ends).astype("datetime64[us]"),
        },
        index=values.index,
    )


def partial_date(values: pd.Series) -> pd.DataFrame:
    """Dates given as `YYYY-MM-DD`, `YYYY-MM` or `YYYY` -> (`date`, `estimated`).

    A month or a year alone becomes its first day, marked estimated: the curated tables
    give only that much where the page showed no full date.
    """
    text = values.astype("str").where(values.notna())
    full = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).astype(bool)
    month = text.str.fullmatch(r"\d{4}-\d{2}").fillna(False).astype(bool)
    year = text.str.fullmatch(r"\d{4}").fillna(False).astype(bool)
    padded = text.where(full, text.where(~month, text + "-01").where(~year, text + "-01-01"))
    padded = padded.where(full | month | year)
    dates = pd.to_datetime(padded, errors="coerce", format="%Y-%m-%d").astype("datetime64[us]")
    return pd.DataFrame({"date": dates, "estimated": (month | year) & dates.notna()}, index=values.index)
