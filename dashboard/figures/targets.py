"""Targets against actuals: one row per target, the actual as a bar coloured by outcome and the
target as a tick, so a miss or a beat reads at a glance."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import base_figure, click_data, empty_figure
from dashboard.filters import Filters
from dashboard.theme import INK, TARGET_STATUS_COLOURS

COLUMNS = (
    "figure_ids",
    "vendor",
    "market",
    "period",
    "target",
    "actual",
    "actual_source",
    "attainment",
    "status",
    "derived",
    "qualifier",
    "target_source",
    "target_is_current",
    "source",
    "url",
    "quote",
    "title",
    "publisher",
    "date",
    "actual_url",
)
TITLE = "Shipment targets against actual shipments"
STATUS_LABELS = {"met": "Met", "missed": "Missed", "pending": "Pending", "unknown": "No actual yet"}


def targets_frame(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Targets next to actuals (from the store's `targets` table, or recomputed for another
    actual-source preference), with the ids of the target and actual figures for the panel."""
    from dashboard import queries

    return queries.target_rows(con, filters)


def row_label(frame: pd.DataFrame) -> pd.Series:
    market = frame["market"].where(frame["market"] != "Global", "")
    label = frame["vendor"] + " " + frame["period"].fillna("?") + market.map(lambda m: f" · {m}" if m else "")
    # Superseded targets of the same key stay distinct rows.
    dup = label.groupby(label).cumcount()
    return label.where(dup == 0, label + " (" + frame["target_source"].fillna("") + ")")


def figure(frame: pd.DataFrame, filters: Filters) -> go.Figure:
    if frame.empty:
        return empty_figure(
            "No targets match these filters",
            "No shipment target was stated for this vendor, market and period selection.",
            title=TITLE,
        )
    frame = frame.sort_values(["vendor", "period", "target"], kind="stable").reset_index(drop=True)
    labels = row_label(frame)
    height = max(360, 26 * len(frame) + 140)
    fig = base_figure(TITLE, height=height)
    custom = click_data(frame, "period", "vendor")
    for status, colour in TARGET_STATUS_COLOURS.items():
        mask = frame["status"] == status
        if not mask.any():
            continue
        part = frame[mask]
        fig.add_trace(
            go.Bar(
                y=labels[mask],
                x=part["actual"].fillna(0) / 1e6,
                orientation="h",
                name=STATUS_LABELS[status],
                marker=dict(color=colour, opacity=0.85),
                customdata=[custom[i] for i in part.index],
                text=[f"{a:.0f}%" if pd.notna(a) else "" for a in part["attainment"]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{y}</b><br>actual %{x:,.1f} million units<br>attainment %{text}"
                "<extra>" + STATUS_LABELS[status] + "</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=frame["target"] / 1e6,
            mode="markers",
            name="Target",
            marker=dict(symbol="line-ns", size=18, line=dict(width=3, color=INK), color=INK),
            customdata=custom,
            hovertemplate="<b>%{y}</b><br>target %{x:,.1f} million units<extra>click for sources</extra>",
        )
    )
    fig.update_layout(barmode="overlay", bargap=0.35, legend_title_text="", margin=dict(r=48))
    fig.update_xaxes(title_text="Shipments (million units)", rangemode="tozero")
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(labels)[::-1], type="category", title_text=None
    )
    return fig
