"""How many figures each source series contributes, per metric (the /sources page's chart)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import base_figure, empty_figure
from dashboard.filters import Filters

TITLE = "Figures by source and metric"
METRIC_COLOURS = {
    "shipments": "#1f4ed8",
    "market_share": "#16a34a",
    "shipments_target": "#f97316",
    "margin": "#7c3aed",
    "market_entry": "#dc2626",
}
METRIC_LABELS = {
    "shipments": "Shipments",
    "market_share": "Market share",
    "shipments_target": "Targets",
    "margin": "Margins",
    "market_entry": "Market entries",
}


def counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts per series and metric, from either a counts frame or the figure table itself."""
    if {"series", "metric", "figures"} <= set(frame.columns):
        return frame[["series", "metric", "figures"]]
    return frame.groupby(["series", "metric"], as_index=False).size().rename(columns={"size": "figures"})


def figure(frame: pd.DataFrame, filters: Filters) -> go.Figure:
    if frame.empty:
        return empty_figure(
            "No figures match these filters", "Clear a filter to see every source.", title=TITLE
        )
    table = counts(frame)
    # Many small third-party sources: keep the big ones, fold the rest into "Other sources".
    totals = table.groupby("series")["figures"].sum().sort_values(ascending=False)
    keep = set(totals.index[:8])
    table = table.assign(series=table["series"].where(table["series"].isin(keep), "Other sources"))
    table = table.groupby(["series", "metric"], as_index=False)["figures"].sum()
    order = [s for s in totals.index if s in keep] + (["Other sources"] if len(totals) > len(keep) else [])
    fig = base_figure(TITLE, height=max(300, 34 * len(order) + 140))
    for metric, colour in METRIC_COLOURS.items():
        part = table[table["metric"] == metric]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                y=part["series"],
                x=part["figures"],
                orientation="h",
                name=METRIC_LABELS[metric],
                marker_color=colour,
                hovertemplate="%{y}: %{x:,} " + METRIC_LABELS[metric].lower() + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend_title_text="")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], type="category", title_text=None)
    fig.update_xaxes(title_text="Figures (count)")
    return fig
