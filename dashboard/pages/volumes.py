"""/volumes: shipments or share per vendor over time, from the chosen source series."""

from __future__ import annotations

from dash import Dash, Input, html

from dashboard import charts, queries
from dashboard.components.cards import chart_card, chart_outputs, chart_values, page_head
from dashboard.components.controls import controls, register_url_sync, url_state
from dashboard.filters import Filters

PAGE = "volumes"
PATH = "/volumes"
NAME = "Volumes"
TITLE = "Volumes · phonedash"
ORDER = 1
FIELDS = ("series", "vendors", "markets", "period_from", "period_to", "granularity", "measure", "mode")


def layout(**query) -> html.Div:
    filters = Filters.from_query(query)
    options = queries.cached_choices(queries.current_store())
    return html.Div(
        [
            *url_state(PAGE),
            page_head(
                "Shipments by vendor",
                "Quarterly or yearly smartphone shipments per vendor from one research firm, the figures "
                "read from articles, or the consensus (median) of the firms with its min–max band. "
                "Ringed points are where sources disagree; click any point for its source.",
            ),
            controls(
                PAGE,
                FIELDS,
                filters,
                options,
                {"vendors": f"{queries.TOP_VENDORS} biggest vendors", "markets": "Global"},
            ),
            chart_card(PAGE, "volumes", "Shipments", height=520),
            html.P(
                [
                    "Years a series only gives as quarters are the sum of its four quarters; shares "
                    "it does not "
                    "publish are the vendor's units over the market total. Both are marked as "
                    "derived in the panel."
                ],
                className="footnote",
            ),
        ]
    )


def render(store: queries.Store, query: str) -> tuple:
    """Figure, empty-state and export menu for a query string (a plain function, tested directly)."""
    filters = Filters.from_query(query or "")
    with store.connect() as con:
        # The page needs no text columns: a click looks its figures up by id.
        frame = queries.volume_points(con, filters, provenance=False)
    figure = charts.chart_figure("volumes", frame, filters)
    empty = None
    if frame.empty:
        empty = (
            "No figures match these filters.",
            f"The {filters.series} series has nothing for this vendor, market and period choice — "
            "widen the period, clear the vendor list or pick another source.",
        )
    return chart_values("volumes", figure, filters, empty)


def register_callbacks(app: Dash) -> None:
    register_url_sync(app, PAGE, FIELDS)

    @app.callback(*chart_outputs(PAGE, "volumes"), Input(f"{PAGE}-query", "data"))
    def _chart(query):
        return render(queries.current_store(), query)
