"""/entries: the market-entry timeline, vendors against markets and time."""

from __future__ import annotations

from dash import Dash, Input, html

from dashboard import charts, queries
from dashboard.components.cards import chart_card, chart_outputs, chart_values, page_head
from dashboard.components.controls import controls, register_url_sync, url_state
from dashboard.filters import Filters

PAGE = "entries"
PATH = "/entries"
NAME = "Entries"
TITLE = "Market entries · phonedash"
ORDER = 4
FIELDS = ("vendors", "markets", "period_from", "period_to")


def layout(**query) -> html.Div:
    filters = Filters.from_query(query)
    options = queries.cached_choices(queries.current_store())
    return html.Div(
        [
            *url_state(PAGE),
            page_head(
                "Market entries",
                "Every reported entry, plan, block and exit, one mark per event however many sources report "
                "it. Hollow marks are plans; click one to see every source.",
            ),
            controls(PAGE, FIELDS, filters, options),
            chart_card(PAGE, "entries", "Market entries"),
        ]
    )


def render(store: queries.Store, query: str) -> tuple:
    filters = Filters.from_query(query or "")
    with store.connect() as con:
        frame = charts.chart_frame("entries", con, filters)
    empty = None
    if frame.empty or frame["period_start"].isna().all():
        empty = (
            "No market-entry events match these filters.",
            "Pick another vendor or market, or widen the period.",
        )
    return chart_values("entries", charts.chart_figure("entries", frame, filters), filters, empty)


def register_callbacks(app: Dash) -> None:
    register_url_sync(app, PAGE, FIELDS)

    @app.callback(*chart_outputs(PAGE, "entries"), Input(f"{PAGE}-query", "data"))
    def _chart(query):
        return render(queries.current_store(), query)
