"""/sources: every figure in a grid — sortable, filterable, searchable — paged from the server."""

from __future__ import annotations

from urllib.parse import quote

import dash_ag_grid as dag
from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboard import charts, queries
from dashboard.components.cards import chart_card, chart_outputs, chart_values, page_head
from dashboard.components.controls import controls, register_url_sync, url_state
from dashboard.filters import Filters

PAGE = "sources"
PATH = "/sources"
NAME = "Sources"
TITLE = "Sources · phonedash"
ORDER = 5
FIELDS = ("vendors", "markets", "period_from", "period_to")
BLOCK = 100

COLUMN_DEFS = [
    {"field": "vendor", "width": 110, "pinned": "left"},
    {"field": "metric", "width": 140},
    {"field": "market", "width": 100},
    {"field": "period", "width": 100},
    {
        "field": "value",
        "width": 130,
        "filter": "agNumberColumnFilter",
        "type": "rightAligned",
        "valueFormatter": {"function": "params.value == null ? '' : d3.format(',.4~r')(params.value)"},
    },
    {"field": "unit", "width": 90},
    {"field": "series", "headerName": "Source", "width": 140},
    {"field": "quote", "flex": 2, "minWidth": 280, "tooltipField": "quote"},
    {"field": "title", "headerName": "Article title", "flex": 1, "minWidth": 180, "tooltipField": "title"},
    {"field": "publisher", "width": 140},
    {"field": "as_of", "headerName": "Date", "width": 120},
    {
        "field": "link",
        "headerName": "Link",
        "width": 90,
        "cellRenderer": "markdown",
        "linkTarget": "_blank",
        "sortable": False,
        "filter": False,
    },
]
DEFAULT_COL = {
    "sortable": True,
    "resizable": True,
    "filter": "agTextColumnFilter",
    "filterParams": {"buttons": ["reset"], "debounceMs": 300, "maxNumConditions": 1},
}


def grid() -> dag.AgGrid:
    return dag.AgGrid(
        id=f"{PAGE}-grid",
        rowModelType="infinite",
        columnDefs=COLUMN_DEFS,
        defaultColDef=DEFAULT_COL,
        dashGridOptions={
            "cacheBlockSize": BLOCK,
            "maxBlocksInCache": 10,
            "rowBuffer": 0,
            "infiniteInitialRowCount": BLOCK,
            "tooltipShowDelay": 300,
            "enableCellTextSelection": True,
            "pagination": True,
            "paginationPageSize": BLOCK,
            "paginationPageSizeSelector": False,
        },
        style={"height": "560px", "width": "100%"},
        className="grid",
    )


def layout(**query) -> html.Div:
    filters = Filters.from_query(query)
    options = queries.cached_choices(queries.current_store())
    return html.Div(
        [
            *url_state(PAGE),
            page_head(
                "Every figure and where it comes from",
                "All figures in the store — research-firm series, curated targets and events, and the "
                "figures read from articles — with the sentence, article and link behind each. Sort "
                "or filter any "
                "column; search looks through vendors, quotes, titles and publishers.",
            ),
            controls(PAGE, FIELDS, filters, options),
            html.Section(
                [
                    html.Div(
                        [
                            dcc.Input(
                                id=f"{PAGE}-search",
                                type="search",
                                placeholder="Search quotes, titles, vendors…",
                                debounce=0.4,
                                className="search",
                            ),
                            html.Span(id=f"{PAGE}-count", className="muted count"),
                        ],
                        className="grid-bar",
                    ),
                    grid(),
                    dcc.Store(id=f"{PAGE}-grid-reset"),
                ],
                className="card",
            ),
            chart_card(PAGE, "sources", "Figures by source", height=360),
        ]
    )


def rows(store: queries.Store, query: str, search: str, request: dict | None) -> dict:
    """One block of rows for the grid's request (plain function for tests)."""
    filters = Filters.from_query(query or "")
    with store.connect() as con:
        page = queries.grid_page(con, filters, request or {"startRow": 0, "endRow": BLOCK}, search or "")
    for row in page["rowData"]:
        row["link"] = markdown_link(row["url"]) if row.get("url") else ""
    return page


# Characters a URL keeps as they are (RFC 3986 reserved, minus the parentheses, plus "%" so that
# existing escapes are not escaped twice).
URL_SAFE = ":/?#[]@!$&'*+,;=%~"


def markdown_link(url: str) -> str:
    """A markdown "[open](...)" cell; spaces, parentheses and angle brackets in the URL are
    percent-encoded because they would end the link destination early."""
    return f"[open]({quote(url, safe=URL_SAFE)})"



def render(store: queries.Store, query: str) -> tuple:
    filters = Filters.from_query(query or "")
    with store.connect() as con:
        counts = queries.source_counts(con, filters)
    empty = (
        ("No figures match these filters.", "Clear a filter to see every source.") if counts.empty else None
    )
    return chart_values("sources", charts.chart_figure("sources", counts, filters), filters, empty)


def register_callbacks(app: Dash) -> None:
    register_url_sync(app, PAGE, FIELDS)

    @app.callback(*chart_outputs(PAGE, "sources"), Input(f"{PAGE}-query", "data"))
    def _chart(query):
        return render(queries.current_store(), query)

    # New filters or search: drop the grid's cached blocks, so it asks the server again.
    app.clientside_callback(
        """
        function(query, search) {
            try {
                const api = dash_ag_grid.getApi("GRID");
                if (api) { api.purgeInfiniteCache(); }
            } catch (e) { /* grid not mounted yet: it will ask for rows itself */ }
            return window.dash_clientside.no_update;
        }
        """.replace("GRID", f"{PAGE}-grid"),
        Output(f"{PAGE}-grid-reset", "data"),
        Input(f"{PAGE}-query", "data"),
        Input(f"{PAGE}-search", "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(f"{PAGE}-grid", "getRowsResponse"),
        Output(f"{PAGE}-count", "children"),
        Input(f"{PAGE}-grid", "getRowsRequest"),
        State(f"{PAGE}-query", "data"),
        State(f"{PAGE}-search", "value"),
    )
    def _rows(request, query, search):
        if not request:
            return no_update, no_update
        page = rows(queries.current_store(), query, search, request)
        n = page["rowCount"]
        return page, f"{n:,} figure{'s' if n != 1 else ''}"
