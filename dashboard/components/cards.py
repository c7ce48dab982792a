"""Cards: a chart with its title, export menu, loading indicator and explained empty state; KPI tiles."""

from __future__ import annotations

from dash import dcc, html

from dashboard.theme import TEMPLATE

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def graph_id(page: str, chart: str) -> dict:
    """Pattern id every chart shares, so one callback serves the evidence panel for all of them."""
    return {"type": "chart", "index": f"{page}-{chart}"}


def chart_card(page: str, chart: str, title: str, *, hint: str = "", height: int = 480) -> html.Section:
    """A card whose figure, export menu and empty note a page callback fills in."""
    key = f"{page}-{chart}"
    return html.Section(
        [
            html.Header(
                [
                    html.Div(
                        [
                            html.H2(title, id=f"{key}-title", className="card-title"),
                            html.P(hint, className="card-hint") if hint else None,
                        ]
                    ),
                    html.Div(id=f"{key}-export", className="card-actions"),
                ],
                className="card-head",
            ),
            html.Div(id=f"{key}-empty", className="empty-note", hidden=True, role="status"),
            dcc.Loading(
                dcc.Graph(
                    id=graph_id(page, chart),
                    config=GRAPH_CONFIG,
                    className="chart",
                    figure={"layout": {"template": TEMPLATE, "height": height}},
                    style={"minHeight": f"{height}px"},
                ),
                type="dot",
                color="#1f4ed8",
                delay_show=150,
            ),
        ],
        className="card chart-card",
        id=f"{key}-card",
    )


def empty_note(message: str, hint: str) -> list:
    return [html.Strong(message), html.Span(" " + hint)]


def kpi(label: str, value: str, detail: str = "", *, kpi_id: str | None = None) -> html.Div:
    return html.Div(
        [
            html.Div(label, className="kpi-label"),
            html.Div(value, className="kpi-value"),
            html.Div(detail, className="kpi-detail") if detail else None,
        ],
        className="card kpi",
        id=kpi_id or f"kpi-{label.lower().replace(' ', '-')}",
    )


def chart_outputs(page: str, chart: str) -> list:
    """Outputs a chart callback fills: figure, empty note (hidden, text), export menu, card title."""
    from dash import Output

    key = f"{page}-{chart}"
    return [
        Output(graph_id(page, chart), "figure"),
        Output(f"{key}-empty", "hidden"),
        Output(f"{key}-empty", "children"),
        Output(f"{key}-export", "children"),
        Output(f"{key}-title", "children"),
    ]


def chart_values(chart: str, figure, filters, empty: tuple[str, str] | None) -> tuple:
    """The values for `chart_outputs`. The figure's own title (kept for exports) moves to the card
    head; an explained note replaces silence when nothing matches."""
    from dashboard.components.controls import export_menu

    title = figure.layout.title.text or ""
    figure.update_layout(title=None, margin=dict(t=72))
    menu = export_menu(chart, filters)
    if empty:
        return figure, False, empty_note(*empty), menu, title
    return figure, True, [], menu, title


def page_head(title: str, lead: str) -> html.Div:
    return html.Div([html.H1(title), html.P(lead, className="lead")], className="page-head")
