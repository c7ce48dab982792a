"""/ : the latest quarter at a glance — market total, leaders, movers, newest market entries,
and how much is loaded and how fresh."""

from __future__ import annotations

import math

import pandas as pd
from dash import Dash, Input, Output, dcc, html

from dashboard import queries
from dashboard.components.cards import GRAPH_CONFIG, graph_id, kpi, page_head
from dashboard.components.controls import controls, register_url_sync, url_state
from dashboard.figures.overview import leaders_figure
from dashboard.filters import Filters
from dashboard.theme import vendor_colour

PAGE = "overview"
PATH = "/"
NAME = "Overview"
TITLE = "phonedash — smartphone market, every number sourced"
ORDER = 0
FIELDS = ("series",)
STATUS_WORDS = {
    "planned": "plans to enter",
    "entered": "entered",
    "blocked": "blocked in",
    "exit_planned": "plans to leave",
    "exited": "left",
}


def layout(**query) -> html.Div:
    filters = Filters.from_query(query)
    return html.Div(
        [
            *url_state(PAGE),
            html.Div(
                [
                    page_head(
                        "The smartphone market at a glance",
                        "The latest quarter from the chosen research firm, the vendors that moved most "
                        "against a year earlier, and the newest market-entry news. Click any bar for "
                        "its source.",
                    ),
                    controls(PAGE, FIELDS, filters, {}),
                ],
                className="head-row",
            ),
            dcc.Loading(html.Div(id=f"{PAGE}-body"), type="dot", color="#1f4ed8"),
        ]
    )


def _pct(value: float) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:+.1f}%"


def movers(leaders: pd.DataFrame, n: int = 3) -> list:
    rows = leaders[~leaders["vendor"].isin(["Market", "Others"])].dropna(subset=["change_pct"])
    if rows.empty:
        return [html.P("No year-earlier figures to compare with.", className="muted")]
    ranked = rows.sort_values("change_pct", ascending=False)
    picks = pd.concat([ranked.head(n), ranked.tail(n)]).drop_duplicates("vendor")
    items = []
    for _, r in picks.iterrows():
        up = r["change_pct"] >= 0
        items.append(
            html.Li(
                [
                    html.Span(className="swatch", style={"background": vendor_colour(r["vendor"])}),
                    html.Span(r["vendor"], className="mover-name"),
                    html.Span(f"{r['value']:.1f} M", className="mover-value"),
                    html.Span(_pct(r["change_pct"]), className=f"delta {'up' if up else 'down'}"),
                ],
                className="mover",
            )
        )
    return [html.Ul(items, className="movers")]


def events_list(events: pd.DataFrame) -> list:
    if events.empty:
        return [html.P("No market-entry events loaded.", className="muted")]
    items = []
    for _, e in events.iterrows():
        link = str(e["url"]).split(" ")[0] if isinstance(e["url"], str) else ""
        link = link.split(";")[0].strip()
        what = f"{e['vendor']} {STATUS_WORDS.get(e['status'], e['status'])} {e['market']}"
        items.append(
            html.Li(
                [
                    html.Span(str(e["period"] or ""), className="event-when"),
                    html.A(what, href=link, target="_blank", rel="noopener")
                    if link.startswith("http")
                    else html.Span(what),
                    html.Span(
                        f" — {e['note']}" if isinstance(e.get("note"), str) and e["note"] else "",
                        className="muted",
                    ),
                ],
                className=f"event event-{e['status']}",
            )
        )
    return [html.Ul(items, className="events")]


def render(store: queries.Store, query: str) -> list:
    filters = Filters.from_query(query or "")
    series = filters.series
    with store.connect() as con:
        facts = queries.store_facts(con)
        period = queries.latest_quarter(con, series)
        leaders = queries.quarter_leaders(con, series, period) if period else pd.DataFrame()
        events = queries.newest_events(con)
    total = leaders[leaders["vendor"] == "Market"] if not leaders.empty else leaders
    total_text, total_detail = "–", "no market total in this series"
    if not total.empty:
        t = total.iloc[0]
        total_text = f"{t['value']:,.1f} M"
        total_detail = f"units shipped in {period} · {_pct(t['change_pct'])} on a year earlier".rstrip(" ·")
    updated = str(facts.get("updated_at") or "")[:16].replace("T", " ")
    tiles = html.Div(
        [
            kpi(f"Market, {period or 'latest quarter'}", total_text, total_detail, kpi_id="kpi-market"),
            kpi(
                "Articles loaded",
                f"{facts.get('articles', 0):,}",
                f"newest from {facts['newest_article']}" if facts.get("newest_article") else "",
                kpi_id="kpi-articles",
            ),
            kpi(
                "Figures",
                f"{facts.get('figures', 0):,}",
                f"{facts.get('article_figures', 0):,} read from articles",
                kpi_id="kpi-figures",
            ),
            kpi("Last refresh", updated or "–", "store " + str(store.path.name), kpi_id="kpi-fresh"),
        ],
        className="kpis",
    )
    chart = html.Section(
        [
            dcc.Graph(
                id=graph_id(PAGE, "leaders"),
                figure=_untitled(leaders_figure(leaders, period, series)),
                config=GRAPH_CONFIG,
                className="chart",
            ),
        ],
        className="card chart-card",
    )
    chart_title = html.H2(
        f"Top vendors, {period} — {series}" if period else "Top vendors", className="card-title"
    )
    chart.children.insert(0, html.Header(chart_title, className="card-head"))
    side = html.Div(
        [
            html.Section(
                [
                    html.H2("Biggest movers", className="card-title"),
                    html.P(f"Units in {period} against a year earlier", className="card-hint"),
                    *(movers(leaders) if not leaders.empty else [html.P("–")]),
                ],
                className="card",
            ),
            html.Section(
                [
                    html.H2("Newest market-entry events", className="card-title"),
                    *events_list(events),
                    dcc.Link("All market entries →", href="/entries", className="more"),
                ],
                className="card",
            ),
        ],
        className="side",
    )
    return [tiles, html.Div([chart, side], className="overview-grid")]


def _untitled(fig):
    fig.update_layout(title=None, margin=dict(t=24))
    return fig


def register_callbacks(app: Dash) -> None:
    register_url_sync(app, PAGE, FIELDS)

    @app.callback(Output(f"{PAGE}-body", "children"), Input(f"{PAGE}-query", "data"))
    def _body(query):
        return render(queries.current_store(), query)
