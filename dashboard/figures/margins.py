"""Margins per vendor over time, with pledges and caps drawn as limits (dashed lines)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import base_figure, click_data, empty_figure
from dashboard.filters import Filters
from dashboard.theme import vendor_colour

TITLE = "Margins by vendor, with pledges and caps"
BASIS_SYMBOLS = {"hardware_net": "diamond", "net": "circle", "gross": "square", "operating": "triangle-up"}
BASIS_LABELS = {"hardware_net": "hardware net", "net": "net", "gross": "gross", "operating": "operating"}


def _is_limit(frame: pd.DataFrame) -> pd.Series:
    if "is_pledge" in frame:
        return frame["is_pledge"].fillna(False).astype(bool)
    return frame["qualifier"].isin(["at_most", "at_least"]) & frame["period"].isna()


def figure(frame: pd.DataFrame, filters: Filters) -> go.Figure:
    if frame.empty:
        return empty_figure(
            "No margin figures match these filters",
            "Margins are reported for few vendors; clear the vendor filter or widen the period.",
            title=TITLE,
        )
    fig = base_figure(TITLE)
    frame = frame.assign(x=pd.to_datetime(frame["period_start"]).fillna(pd.to_datetime(frame["date"])))
    limits = frame[_is_limit(frame)]
    points = frame[~_is_limit(frame)].sort_values("x")
    right_edge = max(pd.to_datetime(frame["x"]).max(), pd.Timestamp.today().normalize())
    for (vendor, basis), part in points.groupby(["vendor", points["basis"].fillna("unstated")], sort=True):
        colour = vendor_colour(vendor)
        name = f"{vendor} ({BASIS_LABELS.get(basis, basis)})"
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["value"],
                name=name,
                legendgroup=vendor,
                mode="lines+markers",
                line=dict(color=colour, width=1.6),
                marker=dict(symbol=BASIS_SYMBOLS.get(basis, "circle"), size=9, color=colour),
                customdata=click_data(part.assign(src=part["source"].fillna("")), "period", "src"),
                hovertemplate=f"<b>{name}</b> %{{customdata[1]}}<br>%{{y:.1f}}%<br>%{{customdata[2]}}"
                "<extra>click for sources</extra>",
            )
        )
    for _, row in limits.iterrows():
        colour = vendor_colour(row["vendor"])
        word = "cap" if row["qualifier"] == "at_most" else "floor"
        start = (
            pd.to_datetime(row["period_start"])
            if pd.notna(row["period_start"])
            else pd.to_datetime(row["date"])
        )
        end = pd.to_datetime(row["period_end"]) if pd.notna(row["period_end"]) else right_edge
        if pd.isna(start):
            continue
        when = row["period"] if isinstance(row["period"], str) else "open-ended"
        label = f"{row['vendor']} {word} {row['value']:.0f}% ({when})"
        custom = click_data(pd.DataFrame([row]).assign(src=label), "period", "src")[0]
        fig.add_trace(
            go.Scatter(
                x=[start, end],
                y=[row["value"], row["value"]],
                mode="lines+markers",
                name=label,
                legendgroup=row["vendor"],
                line=dict(color=colour, dash="dash", width=2),
                marker=dict(symbol="line-ew", size=12, line=dict(width=2, color=colour)),
                customdata=[custom, custom],
                hovertemplate=f"<b>{label}</b><br>pledged %{{customdata[2]}}<extra>click for sources</extra>",
            )
        )
    fig.update_yaxes(title_text="Margin (%)", ticksuffix="%", rangemode="tozero")
    fig.update_xaxes(title_text="Period", type="date")
    fig.update_layout(legend_title_text="")
    return fig
