"""Any other path: say so, and offer the way back."""

from __future__ import annotations

from dash import Dash, dcc, html

PATH = "/404"
NAME = "Not found"
TITLE = "Not found · phonedash"
ORDER = 99


def layout(**_query) -> html.Div:
    return html.Div(
        [
            html.H1("Page not found"),
            html.P("There is no page at this address. The dashboard has these:", className="lead"),
            html.Ul(
                [
                    html.Li(dcc.Link(label, href=href))
                    for href, label in (
                        ("/", "Overview"),
                        ("/volumes", "Volumes"),
                        ("/targets", "Targets"),
                        ("/margins", "Margins"),
                        ("/entries", "Market entries"),
                        ("/sources", "Sources"),
                    )
                ],
                className="link-list",
            ),
        ],
        className="card not-found",
        id="not-found",
    )


def register_callbacks(app: Dash) -> None:
    """No callbacks."""
