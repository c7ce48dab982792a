"""/targets: every shipment target next to the actual, and the Promises view (pledges and plans
against what followed)."""

from __future__ import annotations

import math

import pandas as pd
from dash import Dash, Input, Output, html

from dashboard import charts, queries
from dashboard.components.cards import chart_card, chart_outputs, chart_values, page_head
from dashboard.components.controls import controls, register_url_sync, url_state
from dashboard.filters import Filters

PAGE = "targets"
PATH = "/targets"
NAME = "Targets"
TITLE = "Targets and promises · phonedash"
ORDER = 2
FIELDS = ("vendors", "markets", "period_from", "period_to", "prefer")
OUTCOME_CLASS = {
    "met": "ok",
    "kept": "ok",
    "realised": "ok",
    "missed": "bad",
    "broken": "bad",
    "not realised": "bad",
    "pending": "info",
    "unknown": "muted",
    "no evidence": "muted",
}
PROMISE_KINDS = {
    "margin_cap": "Margin cap",
    "margin_floor": "Margin floor",
    "market_entry": "Market entry",
    "market_exit": "Market exit",
}


def layout(**query) -> html.Div:
    filters = Filters.from_query(query)
    options = queries.cached_choices(queries.current_store())
    return html.Div(
        [
            *url_state(PAGE),
            page_head(
                "Targets and promises",
                "Each shipment target a vendor (or an analyst) stated, against what it actually shipped: "
                "the bar is the actual, the tick the target. The actual comes from the first source "
                "in the order you "
                "choose; a year given only as quarters is their sum.",
            ),
            controls(PAGE, FIELDS, filters, options),
            html.Div(id=f"{PAGE}-summary", className="summary-row"),
            chart_card(PAGE, "targets", "Targets against actuals"),
            html.Section(
                [
                    html.Header(
                        html.Div(
                            [
                                html.H2("Promises", className="card-title", id="promises"),
                                html.P(
                                    "Margin pledges and caps against the margins reported later; "
                                    "planned market entries "
                                    "and exits against whether they happened.",
                                    className="card-hint",
                                ),
                            ]
                        ),
                        className="card-head",
                    ),
                    html.Div(id=f"{PAGE}-promises", className="table-wrap"),
                ],
                className="card",
                id="promises-card",
            ),
        ]
    )


def summary(frame: pd.DataFrame) -> list:
    """Counts of met / missed / pending / unknown as small tiles."""
    if frame.empty:
        return []
    counts = frame["status"].value_counts()
    return [
        html.Div(
            [html.Span(str(int(counts.get(s, 0))), className="tile-n"), html.Span(label)],
            className=f"tile tile-{OUTCOME_CLASS[s]}",
        )
        for s, label in (
            ("met", "met"),
            ("missed", "missed"),
            ("pending", "pending"),
            ("unknown", "no actual"),
        )
    ]


def _links(text: object) -> list:
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return []
    out = []
    for i, part in enumerate(p.strip() for p in str(text).split(";") if p.strip()):
        if part.startswith("http"):
            host = part.split("/")[2].removeprefix("www.")
            out.append(html.A(host, href=part, target="_blank", rel="noopener", title=part))
        else:
            out.append(html.Span(part))
        out.append(html.Span(" · ") if i >= 0 else None)
    return out[:-1]


def promises_table(frame: pd.DataFrame) -> html.Div | html.Table:
    if frame.empty:
        return html.Div("No pledges or plans match these filters.", className="empty-note")
    head = html.Thead(
        html.Tr(
            [html.Th(h) for h in ("Vendor", "Promise", "For", "Made", "Outcome", "What followed", "Sources")]
        )
    )
    rows = []
    for _, r in frame.iterrows():
        made = r["promised_on"]
        made = made.date().isoformat() if isinstance(made, pd.Timestamp) and not pd.isna(made) else ""
        outcome = str(r["outcome"])
        rows.append(
            html.Tr(
                [
                    html.Td(r["vendor"]),
                    html.Td(
                        [
                            html.Span(PROMISE_KINDS.get(str(r["kind"]), str(r["kind"])), className="kind"),
                            html.Br(),
                            str(r["promise"]),
                        ]
                    ),
                    html.Td(str(r["promised_period"]) if pd.notna(r["promised_period"]) else "open-ended"),
                    html.Td(made),
                    html.Td(
                        html.Span(outcome, className=f"badge badge-{OUTCOME_CLASS.get(outcome, 'muted')}")
                    ),
                    html.Td(str(r["evidence"]) if pd.notna(r["evidence"]) else "", className="evidence"),
                    html.Td(
                        [
                            html.Div(["Promise: ", *_links(r["promise_source"])]),
                            html.Div(["Evidence: ", *_links(r["evidence_source"])])
                            if pd.notna(r["evidence_source"])
                            else None,
                        ],
                        className="sources",
                    ),
                ],
                className=f"promise-{OUTCOME_CLASS.get(outcome, 'muted')}",
            )
        )
    return html.Table([head, html.Tbody(rows)], className="table", id="promises-table")


def render(store: queries.Store, query: str) -> tuple:
    filters = Filters.from_query(query or "")
    with store.connect() as con:
        frame = charts.chart_frame("targets", con, filters)
        promises = queries.promise_rows(con, filters)
    empty = None
    if frame.empty:
        empty = (
            "No targets match these filters.",
            "No shipment target was stated for this vendor, market and period; clear a filter.",
        )
    return (
        *chart_values("targets", charts.chart_figure("targets", frame, filters), filters, empty),
        summary(frame),
        promises_table(promises),
    )


def register_callbacks(app: Dash) -> None:
    register_url_sync(app, PAGE, FIELDS)

    @app.callback(
        *chart_outputs(PAGE, "targets"),
        Output(f"{PAGE}-summary", "children"),
        Output(f"{PAGE}-promises", "children"),
        Input(f"{PAGE}-query", "data"),
    )
    def _chart(query):
        return render(queries.current_store(), query)
