"""What every figure shares: the template, the empty state, hover text, click payloads."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.theme import MUTED, TEMPLATE

HEIGHT = 480


def base_figure(title: str | None = None, height: int = HEIGHT) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, height=height, hovermode="closest", clickmode="event")
    if title:
        fig.update_layout(title=dict(text=title))
    return fig


def empty_figure(message: str, hint: str = "", title: str | None = None, height: int = 320) -> go.Figure:
    """A figure that says why it is empty (also in exports), instead of blank axes."""
    fig = base_figure(title, height=height)
    text = f"<b>{message}</b>" + (f"<br><span style='font-size:12px'>{hint}</span>" if hint else "")
    fig.add_annotation(
        text=text,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font=dict(size=15, color=MUTED),
        align="center",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(meta={"empty": True})
    return fig


def click_data(frame: pd.DataFrame, *extra: str) -> list[list]:
    """Per point: [figure ids, *extra columns] — the click handler looks the ids up server-side."""
    cols = ["figure_ids", *extra]
    return [[_plain(v) for v in row] for row in frame[cols].itertuples(index=False, name=None)]


def _plain(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value


def fmt_number(value: float | None, unit: str) -> str:
    """ "28.1 million units", "17.3%"; units given in millions."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit in ("%", "percent"):
        return f"{value:.1f}%"
    return f"{value:,.1f} million units" if value < 1000 else f"{value / 1000:,.2f} billion units"


def short_source(text: object, limit: int = 60) -> str:
    s = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"
