"""The frame around every page: header with navigation, the page container, the evidence drawer."""

from __future__ import annotations

import json

import dash
from dash import dcc, html

NAV = (
    ("/", "Overview"),
    ("/volumes", "Volumes"),
    ("/targets", "Targets"),
    ("/margins", "Margins"),
    ("/entries", "Entries"),
    ("/sources", "Sources"),
)


def header() -> html.Header:
    return html.Header(
        [
            html.Div(
                [
                    dcc.Link(
                        [
                            html.Span("◧", className="brand-mark", **{"aria-hidden": "true"}),
                            html.Span("phonedash", className="brand-name"),
                        ],
                        href="/",
                        className="brand",
                    ),
                    html.Nav(
                        [
                            dcc.Link(label, href=href, className="nav-link", id=f"nav-{label.lower()}")
                            for href, label in NAV
                        ],
                        className="nav",
                        **{"aria-label": "Pages"},
                    ),
                ],
                className="topbar-inner",
            ),
        ],
        className="topbar",
    )


def drawer() -> html.Aside:
    """Slides in from the right (from the bottom on phones) with the figures behind a clicked mark."""
    return html.Aside(
        [
            html.Div(
                [
                    html.H2("Where this number comes from", className="drawer-title"),
                    html.Button(
                        "×",
                        id="prov-close",
                        className="btn-close",
                        title="Close",
                        n_clicks=0,
                        **{"aria-label": "Close"},
                    ),
                ],
                className="drawer-head",
            ),
            dcc.Loading(html.Div(id="prov-body", className="drawer-body"), type="dot", color="#1f4ed8"),
        ],
        id="prov-drawer",
        className="drawer",
        role="complementary",
        **{"aria-label": "Provenance"},
    )


def layout() -> html.Div:
    return html.Div(
        [
            header(),
            html.Main(dash.page_container, className="page"),
            drawer(),
        # An empty graph in the frame makes the browser fetch and compile plotly.js while the
        # first page's callbacks run, instead of after them (about half a second sooner charts).
        dcc.Graph(id="plotly-warmup", style={"display": "none"}, config={"staticPlot": True}),
            html.Footer(
                [
                    html.Span("phonedash — every number with its source. "),
                    html.A("Health", href="/healthz", className="muted"),
                ],
                className="footer",
            ),
        ],
        className="app",
    )


def register(app: dash.Dash) -> None:
    """Mark the nav link of the current page (client-side: no round trip on navigation)."""
    ids = [f"nav-{label.lower()}" for _, label in NAV]
    app.clientside_callback(
        """
        function(pathname) {
            const hrefs = HREFS;
            const path = (pathname || "/").replace(/\\/+$/, "") || "/";
            return hrefs.map(h => (h === path ? "nav-link active" : "nav-link"));
        }
        """.replace("HREFS", json.dumps([href for href, _ in NAV])),
        [dash.Output(i, "className") for i in ids],
        dash.Input("_pages_location", "pathname"),
    )
