"""Calendar bounds of figure periods, so figures of any granularity sit on one time axis.

Fiscal periods (`FYyyyy`) follow the spec: named by the calendar year they end in. Their
start month is not in the record, so an April-March year is assumed (the common case in
the data: Sony, Lenovo); a fiscal figure is therefore placed to within a few months.
"""

from __future__ import annotations

import re

import pandas as pd

FISCAL_START_MONTH = 4  # April: the fiscal year FYyyyy runs April yyyy-1 .. March yyyy

_PERIOD = re.compile(r"^(?P<fy>FY)?(?P<year>\d{4})(?:-(?:(?P<kind>[QH])(?P<n>[1-4])|(?P<month>\d{2})))?$")


def _bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of one period string; NaT for anything unreadable."""
    match = _PERIOD.match(period.strip()) if isinstance(period, str) else None
    if not match:
        return pd.NaT, pd.NaT
    year = int(match["year"])
    if match["month"]:
        if match["fy"] or not 1 <= int(match["month"]) <= 12:
            return pd.NaT, pd.NaT
        start, months = pd.Timestamp(year, int(match["month"]), 1), 1
    else:
        start = pd.Timestamp(year, 1, 1)
        months = 12
        if match["fy"]:
            start = pd.Timestamp(year - 1, FISCAL_START_MONTH, 1)
        if match["kind"] == "Q":
            start, months = start + pd.DateOffset(months=3 * (int(match["n"]) - 1)), 3
        elif match["kind"] == "H":
            if int(match["n"]) > 2:
                return pd.NaT, pd.NaT
            start, months = start + pd.DateOffset(months=6 * (int(match["n"]) - 1)), 6
    end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    return start, end


def period_bounds(periods: pd.Series) -> pd.DataFrame:
    """`period_start` and `period_end` (datetime64, midnight) for a column of period strings.

    Parsed once per distinct period and mapped back, so a million rows cost a few hundred
    parses.
    """
    uniques = pd.unique(periods.dropna())
    table = {p: _bounds(p) for p in uniques}
    starts = periods.map({p: b[0] for p, b in table.items()})
    ends = periods.map({p: b[1] for p, b in table.items()})
    return pd.DataFrame(
        {
            "period_start": pd.to_datetime(starts).astype("datetime64[us]"),
            "period_end": pd.to_datetime(ends).astype("datetime64[us]"),
        },
        index=periods.index,
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
