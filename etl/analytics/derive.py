"""What the store materialises at every refresh: the combined table and its comparisons."""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl.analytics.combine import combine
from etl.analytics.conflicts import conflicts
from etl.analytics.consensus import consensus
from etl.analytics.promises import promises
from etl.analytics.targets import targets_vs_actuals
from etl.analytics.timeline import entry_timeline


def derive_tables(tables: dict[str, pd.DataFrame], today: date | None = None) -> dict[str, pd.DataFrame]:
    """Frames to write as DuckDB tables of the same name: `all_figures`, `conflicts`,
    `consensus`, `entry_timeline`, and with the default preference and `today` (the refresh
    day), `targets` and `promises`. Columns hold scalars only (lists and details as JSON
    strings), so each frame maps straight onto a table."""
    all_figures = combine(tables)
    return {
        "all_figures": all_figures,
        "conflicts": conflicts(all_figures),
        "consensus": consensus(all_figures),
        "entry_timeline": entry_timeline(all_figures),
        "targets": targets_vs_actuals(all_figures, today=today),
        "promises": promises(all_figures, today=today),
    }
