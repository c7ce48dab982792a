"""Shipments or market share per vendor over time: lines or stacked bars, conflicts ringed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import base_figure, empty_figure
from dashboard.filters import Filters
from dashboard.theme import CONFLICT, vendor_colour

_DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
_TOTAL_LAST = {"Others": 1, "Market": 2}


def y_title(measure: str) -> str:
    return "Market share (%)" if measure == "share" else "Shipments (million units)"


def title(filters: Filters) -> str:
    what = "Market share" if filters.measure == "share" else "Smartphone shipments"
    per = "per year" if filters.granularity == "year" else "per quarter"
    series = (
        "consensus of research firms"
        if filters.series == "Consensus"
        else ("figures from articles" if filters.series == "Articles" else filters.series)
    )
    return f"{what} by vendor, {per} — {series}"


def hover_source(frame: pd.DataFrame, series: str = "") -> pd.Series:
    """Who stands behind a point, short: the article's title or the firm, else the series name;
    "+ N more" where several figures stand behind it."""
    src = frame["source"].astype("string")
    if "title" in frame:
        src = frame["title"].astype("string").fillna(src)
    n = pd.Series(frame.get("n_figures", 1), index=frame.index).fillna(1).astype(int)
    label = src.fillna(series).str.slice(0, 60)
    return label.where(n <= 1, label + " + " + (n - 1).astype(str) + " more")


def vendor_order(frame: pd.DataFrame) -> list[str]:
    """Biggest vendors first (by their latest value), Others and the market total last."""
    latest = frame.sort_values("period_start").groupby("vendor")["value"].last()
    return sorted(latest.index, key=lambda v: (_TOTAL_LAST.get(v, 0), -latest[v]))


def figure(frame: pd.DataFrame, filters: Filters) -> go.Figure:
    if frame.empty:
        return empty_figure(
            "No figures match these filters",
            f"The {filters.series} series has no {filters.measure} figures for this vendor, market and "
            "period selection. Widen the period or pick another series.",
            title=title(filters),
        )
    share = filters.measure == "share"
    stacked = filters.mode == "stacked"
    unit = "%" if share else " million units"
    fig = base_figure(title(filters))
    markets = list(dict.fromkeys(frame["market"]))
    # Per point: the figure ids (what a click sends back) and a hover line, as flat arrays.
    frame = frame.assign(
        figure_ids=frame["figure_ids"].fillna("").astype(str),
        hover=(frame["period"].astype(str) + "<br>" + hover_source(frame, filters.series)).astype(str),
    )
    drawn = frame if stacked else with_gaps(frame)
    hover = f"<b>%{{meta}}</b> %{{text}}<br>%{{y:,.1f}}{unit}<extra>click for sources</extra>"
    groups = dict(list(drawn.groupby(["vendor", "market"], sort=False)))
    traces = []
    for vendor in vendor_order(frame):
        colour = vendor_colour(vendor)
        for i, market in enumerate(markets):
            part = groups.get((vendor, market))
            if part is None:
                continue
            part = part.sort_values("period_start")
            name = vendor if len(markets) == 1 else f"{vendor} · {market}"
            common = dict(
                x=part["period_start"].to_numpy(),
                y=part["value"].to_numpy(dtype=float),
                name=name,
                legendgroup=name,
                meta=name,
                customdata=part["figure_ids"].to_numpy(dtype=str),
                text=part["hover"].to_numpy(dtype=str),
                hovertemplate=hover,
            )
            if stacked:
                outline = np.where(part["conflict"].fillna(False).astype(bool), CONFLICT, "rgba(0,0,0,0)")
                traces.append(go.Bar(marker=dict(color=colour, line=dict(color=outline, width=2)), **common))
                continue
            error = None
            if filters.series == "Consensus" and {"value_low", "value_high"} <= set(part.columns):
                error = dict(
                    type="data",
                    symmetric=False,
                    color=colour,
                    thickness=1,
                    width=3,
                    array=(part["value_high"] - part["value"]).to_numpy(dtype=float),
                    arrayminus=(part["value"] - part["value_low"]).to_numpy(dtype=float),
                )
            traces.append(
                go.Scatter(
                    mode="lines+markers",
                    line=dict(color=colour, width=2.2, dash=_DASHES[i % len(_DASHES)]),
                    marker=dict(size=6, color=colour),
                    error_y=error,
                    connectgaps=False,
                    **common,
                )
            )
    conflicted = frame[frame["conflict"].fillna(False).astype(bool)]
    if not stacked and not conflicted.empty:
        traces.append(
            go.Scatter(
                x=conflicted["period_start"].to_numpy(),
                y=conflicted["value"].to_numpy(dtype=float),
                name="Sources disagree",
                mode="markers",
                marker=dict(symbol="circle-open", size=11, color=CONFLICT, line=dict(width=1.5)),
                customdata=conflicted["figure_ids"].to_numpy(dtype=str),
                text=(conflicted["vendor"] + " " + conflicted["period"].astype(str)).to_numpy(dtype=str),
                hovertemplate="<b>%{text}</b>: sources disagree<extra>click for every side</extra>",
            )
        )
    fig.add_traces(traces)
    fig.update_layout(barmode="stack" if stacked else None, bargap=0.15, legend_title_text="")
    fig.update_yaxes(title_text=y_title(filters.measure), rangemode="tozero", ticksuffix="%" if share else "")
    long = _span_years(frame) > 3
    fig.update_xaxes(
        title_text="Year" if filters.granularity == "year" else "Quarter",
        type="date",
        tickformat="%Y" if long else "Q%q %Y",
    )
    return fig


def with_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """Each vendor's rows plus empty rows for the periods the chart shows but the series skipped for
    that vendor (firms list only the top five), so its line breaks there instead of bridging."""
    periods = frame[["period", "period_start"]].drop_duplicates("period")
    spans = frame.groupby(["vendor", "market"], sort=False)["period_start"].agg(["min", "max"]).reset_index()
    grid = spans.merge(periods, how="cross")
    grid = grid[(grid["period_start"] >= grid["min"]) & (grid["period_start"] <= grid["max"])]
    if len(grid) == len(frame):
        return frame
    return grid[["vendor", "market", "period", "period_start"]].merge(
        frame, on=["vendor", "market", "period", "period_start"], how="left"
    )


def _span_years(frame: pd.DataFrame) -> float:
    starts = pd.to_datetime(frame["period_start"])
    return (starts.max() - starts.min()).days / 365.25
