"""The charts by name: the frame behind each (with provenance columns) and the figure drawn from it.

Pages, exports and the CLI all go through these two functions, so an exported PNG or CSV is
exactly what the page shows for the same `Filters`.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from dashboard import queries
from dashboard.figures import entries, margins, sources, targets, volumes
from dashboard.filters import Filters

CHART_NAMES = ("volumes", "share", "targets", "margins", "entries", "sources")

TITLES = {
    "volumes": "Smartphone shipments by vendor",
    "share": "Market share by vendor",
    "targets": "Targets against actual shipments",
    "margins": "Margins, pledges and caps",
    "entries": "Market entries",
    "sources": "Figures by source",
}


def chart_frame(name: str, con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The data behind chart `name`, one row per plotted mark, with provenance columns
    (source, url, quote, title, publisher, date)."""
    if name == "volumes":
        return queries.volume_points(con, filters)
    if name == "share":
        return queries.volume_points(con, filters.with_(measure="share"), measure="share")
    if name == "targets":
        return targets.targets_frame(con, filters)
    if name == "margins":
        return queries.margin_points(con, filters)
    if name == "entries":
        return queries.entry_events(con, filters)
    if name == "sources":
        return queries.sources_table(con, filters)
    raise KeyError(f"unknown chart {name!r}; one of {', '.join(CHART_NAMES)}")


def chart_figure(name: str, frame: pd.DataFrame, filters: Filters) -> go.Figure:
    """A plotly figure of `frame` (from `chart_frame`); pure, so tests assert on `fig.to_dict()`."""
    if name == "volumes":
        return volumes.figure(frame, filters)
    if name == "share":
        return volumes.figure(frame, filters.with_(measure="share"))
    if name == "targets":
        return targets.figure(frame, filters)
    if name == "margins":
        return margins.figure(frame, filters)
    if name == "entries":
        return entries.figure(frame, filters)
    if name == "sources":
        return sources.figure(frame, filters)
    raise KeyError(f"unknown chart {name!r}; one of {', '.join(CHART_NAMES)}")
