"""Comparisons over the store's frames: one table of all figures, restatements, conflicts,
consensus, targets against actuals, promises and the market-entry timeline.

Pure functions over pandas frames: no I/O, no dash or plotly, so they are tested on small
frames and called alike by the store refresh, the dashboard and the export CLI.
"""

from etl.analytics.combine import COLUMNS as FIGURE_COLUMNS
from etl.analytics.combine import combine, empty_figures
from etl.analytics.conflicts import (
    COMPARED_METRICS,
    PERCENT_TOLERANCE,
    UNIT_TOLERANCE,
    beyond_tolerance,
    conflicts,
)
from etl.analytics.consensus import consensus
from etl.analytics.derive import derive_tables
from etl.analytics.promises import promises
from etl.analytics.spans import period_bounds
from etl.analytics.targets import PREFERENCE, targets_vs_actuals
from etl.analytics.timeline import entry_timeline

__all__ = [
    "COMPARED_METRICS",
    "FIGURE_COLUMNS",
    "PERCENT_TOLERANCE",
    "PREFERENCE",
    "UNIT_TOLERANCE",
    "beyond_tolerance",
    "combine",
    "conflicts",
    "consensus",
    "derive_tables",
    "empty_figures",
    "entry_timeline",
    "period_bounds",
    "promises",
    "targets_vs_actuals",
]
