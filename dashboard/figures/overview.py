"""The overview's chart: the latest quarter's vendors, biggest first, with their shares."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import base_figure, click_data, empty_figure
from dashboard.theme import vendor_colour


def leaders_figure(leaders: pd.DataFrame, period: str | None, series: str) -> go.Figure:
    title = f"Top vendors, {period} ({series})" if period else "Top vendors"
    rows = leaders[~leaders["vendor"].isin(["Market", "Others"])].head(8) if not leaders.empty else leaders
    if rows.empty:
        return empty_figure(
            "No quarterly shipments in this series", "Pick another source series.", title=title
        )
    fig = base_figure(title, height=max(280, 40 * len(rows) + 100))
    labels = [f"{s:.1f}%" if pd.notna(s) else "" for s in rows["share"]]
    fig.add_trace(
        go.Bar(
            y=rows["vendor"],
            x=rows["value"],
            orientation="h",
            marker_color=[vendor_colour(v) for v in rows["vendor"]],
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=click_data(rows.assign(period=period or ""), "period"),
            hovertemplate="<b>%{y}</b><br>%{x:,.1f} million units<br>share %{text}"
            "<extra>click for sources</extra>",
            showlegend=False,
        )
    )
    fig.update_yaxes(autorange="reversed", type="category", title_text=None)
    fig.update_xaxes(title_text="Shipments (million units)", rangemode="tozero")
    return fig
