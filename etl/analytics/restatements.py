"""Which value of a source is current: for one series and key, the one published last.

A real publication date beats an estimated one of the same day (the estimate is a rule of
thumb, see shipments-notes.md); a remaining tie goes to the row that comes last in the input,
so the choice is stable across refreshes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.analytics.frames import KEY, basis_key, flag

RESTATEMENT_KEY = ["series", *KEY, "status", "is_pledge"]
_NO_DATE_DAYS = -1_000_000  # an undated figure is older than any dated one


def mark_current(frame: pd.DataFrame) -> pd.Series:
    """Boolean Series: True for exactly one row per (series, vendor, market, period, metric,
    margin basis, entry status, pledge-or-report)."""
    if frame.empty:
        return pd.Series(False, index=frame.index, dtype=bool)
    as_of = pd.to_datetime(frame["as_of"])
    days = np.where(as_of.isna(), _NO_DATE_DAYS, as_of.to_numpy("datetime64[D]").astype("int64"))
    real_date = ~flag(frame["as_of_estimated"], missing=True).to_numpy()
    position = np.arange(len(frame), dtype="int64")
    score = (days * 2 + real_date) * (len(frame) + 1) + position
    keyed = frame.assign(basis_key=basis_key(frame))[RESTATEMENT_KEY].copy()
    keyed["_score"] = score
    best = keyed.groupby(RESTATEMENT_KEY, dropna=False, sort=False)["_score"].transform("max")
    return pd.Series(best.to_numpy() == score, index=frame.index, dtype=bool)
