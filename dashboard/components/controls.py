"""Filter controls whose state lives in the URL query string.

Each page lists the `Filters` fields it offers; `controls()` draws them and `register_url_sync()`
keeps them, the URL and a `dcc.Store` holding the canonical query in step (back button included).
"""

from __future__ import annotations

from collections.abc import Sequence

from dash import Dash, Input, Output, ctx, dcc, html, no_update

from dashboard.filters import GRANULARITIES, MEASURES, MODES, SERIES, Filters

LABELS = {
    "vendors": "Vendors",
    "markets": "Markets",
    "period_from": "From",
    "period_to": "To",
    "series": "Source",
    "granularity": "Period",
    "measure": "Measure",
    "mode": "Chart",
    "prefer": "Actual from (in order)",
}
PREFERABLE = ("IDC", "Canalys", "Omdia", "Counterpoint", "Company", "Articles")
SERIES_LABELS = {"Articles": "From articles", "Consensus": "Consensus (median)"}
_OPTION_LABELS = {
    "granularity": {"quarter": "Quarters", "year": "Years"},
    "measure": {"units": "Units", "share": "Share %"},
    "mode": {"lines": "Lines", "stacked": "Stacked"},
}
_SEGMENTED = {"granularity": GRANULARITIES, "measure": MEASURES, "mode": MODES}


def control_id(page: str, field: str) -> str:
    return f"{page}-{field}"


def url_id(page: str) -> str:
    return f"{page}-url"


def query_store_id(page: str) -> str:
    return f"{page}-query"


def controls(
    page: str,
    fields: Sequence[str],
    filters: Filters,
    options: dict[str, list[str]],
    placeholders: dict[str, str] | None = None,
) -> html.Div:
    """The filter bar: dropdowns for lists and periods, segmented radios for the small choices."""
    items = []
    for field in fields:
        cid = control_id(page, field)
        value = _control_value(filters, field)
        if field in ("vendors", "markets"):
            placeholder = (placeholders or {}).get(
                field, "All vendors" if field == "vendors" else "All markets"
            )
            widget = dcc.Dropdown(
                id=cid,
                options=options.get(field, []),
                value=list(value),
                multi=True,
                placeholder=placeholder,
                clearable=True,
                className="dd",
            )
        elif field in ("period_from", "period_to"):
            widget = dcc.Dropdown(
                id=cid,
                options=options.get("periods", []),
                value=value,
                clearable=True,
                placeholder="earliest" if field == "period_from" else "latest",
                className="dd dd-period",
            )
        elif field == "prefer":
            widget = dcc.Dropdown(
                id=cid,
                options=list(PREFERABLE),
                value=list(value),
                multi=True,
                placeholder="IDC, Canalys, Omdia, Counterpoint, Company",
                className="dd dd-prefer",
            )
        elif field == "series":
            widget = dcc.Dropdown(
                id=cid,
                options=[{"label": SERIES_LABELS.get(s, s), "value": s} for s in SERIES],
                value=value,
                clearable=False,
                className="dd dd-series",
            )
        else:
            widget = dcc.RadioItems(
                id=cid,
                value=value,
                className="segmented",
                inputClassName="seg-input",
                labelClassName="seg-label",
                options=[{"label": _OPTION_LABELS[field][o], "value": o} for o in _SEGMENTED[field]],
            )
        items.append(
            html.Div(
                [html.Label(LABELS[field], htmlFor=cid, className="ctl-label"), widget],
                className=f"ctl ctl-{field}",
            )
        )
    return html.Div(items, className="filter-bar", role="search")


def _control_value(filters: Filters, field: str):
    value = getattr(filters, field)
    return list(value) if isinstance(value, tuple) else value


def filters_from_values(fields: Sequence[str], values: Sequence, base: Filters | None = None) -> Filters:
    """The Filters a set of control values describe (fields not on the page keep `base`'s value)."""
    changes = {}
    for field, value in zip(fields, values, strict=True):
        if field in ("vendors", "markets", "prefer"):
            changes[field] = tuple(value or ())
        elif field in ("period_from", "period_to"):
            changes[field] = value or None
        else:
            changes[field] = value or getattr(Filters(), field)
    return (base or Filters()).with_(**changes)


def sync(fields: Sequence[str], trigger: str | None, search: str | None, values: Sequence) -> tuple:
    """The URL-state rule, as a plain function: (new search or no_update, canonical query, control values).

    A change in the URL (page load, back/forward) sets the controls; a change in a control
    rewrites the URL, adding a history entry only when the query really changes.
    """
    keep = [no_update] * len(fields)
    if trigger == "url":
        f = Filters.from_query(search or "")
        return no_update, f.to_query(), [_control_value(f, field) for field in fields]
    base = Filters.from_query(search or "")
    f = filters_from_values(fields, values, base)
    query = f.to_query()
    if trigger is None:
        return no_update, query, keep
    new_search = f"?{query}" if query else ""
    return (new_search if new_search != (search or "") else no_update), query, keep


def url_state(page: str) -> list:
    """The page's own URL mirror (no reload) and the store its charts listen to."""
    return [dcc.Location(id=url_id(page), refresh=False), dcc.Store(id=query_store_id(page))]


def register_url_sync(app: Dash, page: str, fields: Sequence[str]) -> None:
    """One circular callback per page: URL <-> controls, and the canonical query for the charts."""
    ids = [control_id(page, f) for f in fields]
    props = ["value"] * len(ids)

    @app.callback(
        Output(url_id(page), "search"),
        Output(query_store_id(page), "data"),
        *[Output(i, p) for i, p in zip(ids, props, strict=True)],
        Input(url_id(page), "search"),
        *[Input(i, p) for i, p in zip(ids, props, strict=True)],
    )
    def _sync(search, *values):
        trig = ctx.triggered_id
        kind = "url" if trig == url_id(page) else (None if trig is None else "control")
        new_search, query, control_values = sync(fields, kind, search, values)
        return (new_search, query, *control_values)


def export_menu(chart: str, filters: Filters) -> html.Details | None:
    """A small menu of export links (PNG, SVG, PDF, HTML, CSV, XLSX); None when the chart has none."""
    from dashboard.exports import export_links

    links = export_links(chart, filters)
    if not links:
        return None
    return html.Details(
        [
            html.Summary("Export", className="btn btn-ghost", title="Download this chart or its data"),
            html.Div(
                [html.A(label, href=href, className="menu-item", download="") for label, href in links],
                className="menu",
            ),
        ],
        className="export-menu",
        id={"type": "export-menu", "chart": chart},
    )
