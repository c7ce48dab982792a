"""Market-entry timeline: vendors and markets against time, one mark per event, shaped and
coloured by status."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import base_figure, click_data, empty_figure
from dashboard.filters import Filters
from dashboard.theme import STATUS_COLOURS, STATUS_SYMBOLS

TITLE = "Market entries, plans, blocks and exits"
STATUS_LABELS = {
    "planned": "Planned",
    "entered": "Entered",
    "blocked": "Blocked",
    "exit_planned": "Exit planned",
    "exited": "Exited",
}


def lane(frame: pd.DataFrame) -> pd.Series:
    return frame["vendor"] + " — " + frame["market"]


def figure(frame: pd.DataFrame, filters: Filters) -> go.Figure:
    dated = frame[frame["period_start"].notna()] if not frame.empty else frame
    if dated.empty:
        return empty_figure(
            "No market-entry events match these filters",
            "Try another vendor or market, or widen the period.",
            title=TITLE,
        )
    dated = dated.assign(lane=lane(dated))
    lanes = sorted(dated["lane"].unique(), key=lambda s: (s.split(" — ")[0].lower(), s))
    height = max(360, 22 * len(lanes) + 160)
    fig = base_figure(TITLE, height=height)
    for status, colour in STATUS_COLOURS.items():
        part = dated[dated["status"] == status]
        if part.empty:
            continue
        n = part["n_figures"] if "n_figures" in part else pd.Series(1, index=part.index)
        fig.add_trace(
            go.Scatter(
                x=part["period_start"],
                y=part["lane"],
                mode="markers",
                name=STATUS_LABELS.get(status, status),
                marker=dict(
                    symbol=STATUS_SYMBOLS[status], color=colour, size=12, line=dict(width=2, color=colour)
                ),
                customdata=click_data(
                    part.assign(n=n.astype(int), what=part["note"].fillna("")), "period", "n", "what"
                ),
                hovertemplate="<b>%{y}</b><br>"
                + STATUS_LABELS.get(status, status)
                + " %{customdata[1]}<br>%{customdata[3]}<br>%{customdata[2]} source(s)"
                "<extra>click for sources</extra>",
            )
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=lanes[::-1],
        type="category",
        title_text=None,
        tickfont=dict(size=11),
    )
    fig.update_xaxes(title_text="Date", type="date", mirror="allticks", showline=True, ticks="outside")
    fig.update_layout(legend_title_text="")
    return fig
