"""Shipments or market share per vendor over time: lines or stacked bars, conflicts ringed."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import base_figure, click_data, empty_figure
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


def hover_source(frame: pd.DataFrame) -> pd.Series:
    """Who stands behind a point, short: the firm, or the article's title (or publisher)."""
    src = frame["source"].astype("string")
    if "title" in frame:
        src = frame["title"].astype("string").fillna(src)
    n = pd.Series(frame.get("n_figures", 1), index=frame.index).fillna(1).astype(int)
    label = src.fillna("").str.slice(0, 60)
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
    periods = frame[["period", "period_start"]].drop_duplicates("period").sort_values("period_start")
    period_label = "Year" if filters.granularity == "year" else "Quarter"
    for vendor in vendor_order(frame):
        for i, market in enumerate(markets):
            part = frame[(frame["vendor"] == vendor) & (frame["market"] == market)].sort_values(
                "period_start"
            )
            if part.empty:
                continue
            if not stacked:
                part = with_gaps(part, periods)
            name = vendor if len(markets) == 1 else f"{vendor} · {market}"
            hover = (
                f"<b>{name}</b> %{{customdata[1]}}<br>%{{y:,.1f}}{unit}"
                "<br>%{customdata[2]}<extra>click for sources</extra>"
            )
            custom = click_data(part.assign(src=hover_source(part)), "period", "src")
            colour = vendor_colour(vendor)
            if stacked:
                fig.add_trace(
                    go.Bar(
                        x=part["period_start"],
                        y=part["value"],
                        name=name,
                        legendgroup=name,
                        marker=dict(
                            color=colour,
                            line=dict(
                                color=[CONFLICT if c else "rgba(0,0,0,0)" for c in part["conflict"]], width=2
                            ),
                        ),
                        customdata=custom,
                        hovertemplate=hover,
                    )
                )
                continue
            error = None
            if filters.series == "Consensus" and {"value_low", "value_high"} <= set(part.columns):
                error = dict(
                    type="data",
                    symmetric=False,
                    array=part["value_high"] - part["value"],
                    arrayminus=part["value"] - part["value_low"],
                    color=colour,
                    thickness=1,
                    width=3,
                )
            fig.add_trace(
                go.Scatter(
                    x=part["period_start"],
                    y=part["value"],
                    name=name,
                    legendgroup=name,
                    mode="lines+markers",
                    line=dict(color=colour, width=2.2, dash=_DASHES[i % len(_DASHES)]),
                    marker=dict(size=6, color=colour),
                    error_y=error,
                    customdata=custom,
                    hovertemplate=hover,
                    connectgaps=False,
                )
            )
    conflicted = frame[frame["conflict"].fillna(False).astype(bool)]
    if not stacked and not conflicted.empty:
        fig.add_trace(
            go.Scatter(
                x=conflicted["period_start"],
                y=conflicted["value"],
                name="Sources disagree",
                mode="markers",
                marker=dict(symbol="circle-open", size=11, color=CONFLICT, line=dict(width=1.5)),
                customdata=click_data(conflicted.assign(src=conflicted["vendor"]), "period", "src"),
                hovertemplate="<b>%{customdata[2]}</b> %{customdata[1]}: sources disagree"
                "<extra>click for every side</extra>",
            )
        )
    fig.update_layout(barmode="stack" if stacked else None, bargap=0.15, legend_title_text="")
    fig.update_yaxes(title_text=y_title(filters.measure), rangemode="tozero", ticksuffix="%" if share else "")
    fig.update_xaxes(
        title_text=period_label,
        type="date",
        dtick="M12" if _span_years(frame) > 3 else None,
        tickformat="%Y" if _span_years(frame) > 3 else "Q%q %Y",
    )
    return fig


def with_gaps(part: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """The vendor's rows plus empty rows for periods the chart shows but the series skipped for
    this vendor (firms list only the top five), so the line breaks there instead of bridging."""
    span = periods["period_start"].between(part["period_start"].min(), part["period_start"].max())
    missing = periods[span & ~periods["period"].isin(part["period"])]
    if missing.empty:
        return part
    filler = missing.assign(vendor=part["vendor"].iloc[0], market=part["market"].iloc[0])
    return pd.concat([part, filler], ignore_index=True).sort_values("period_start", ignore_index=True)


def _span_years(frame: pd.DataFrame) -> float:
    starts = pd.to_datetime(frame["period_start"])
    return (starts.max() - starts.min()).days / 365.25
