"""/margins: reported margins per vendor over time, pledges and caps drawn as limits."""

from __future__ import annotations

from dash import Dash, Input, html

from dashboard import charts, queries
from dashboard.components.cards import chart_card, chart_outputs, chart_values, page_head
from dashboard.components.controls import controls, register_url_sync, url_state
from dashboard.filters import Filters

PAGE = "margins"
PATH = "/margins"
NAME = "Margins"
TITLE = "Margins · phonedash"
ORDER = 3
FIELDS = ("vendors", "period_from", "period_to")


def layout(**query) -> html.Div:
    filters = Filters.from_query(query)
    options = queries.cached_choices(queries.current_store())
    return html.Div(
        [
            *url_state(PAGE),
            page_head(
                "Margins, pledges and caps",
                "Margins vendors reported, by basis (hardware net, net, gross, operating); dashed lines are "
                "what they pledged — a cap like Xiaomi's 5% on hardware — across the period it covers.",
            ),
            controls(PAGE, FIELDS, filters, options),
            chart_card(PAGE, "margins", "Margins"),
        ]
    )


def render(store: queries.Store, query: str) -> tuple:
    filters = Filters.from_query(query or "")
    with store.connect() as con:
        frame = charts.chart_frame("margins", con, filters)
    empty = None
    if frame.empty:
        empty = (
            "No margin figures match these filters.",
            "Few vendors report margins: clear the vendor list or widen the period.",
        )
    return chart_values("margins", charts.chart_figure("margins", frame, filters), filters, empty)


def register_callbacks(app: Dash) -> None:
    register_url_sync(app, PAGE, FIELDS)

    @app.callback(*chart_outputs(PAGE, "margins"), Input(f"{PAGE}-query", "data"))
    def _chart(query):
        return render(queries.current_store(), query)
