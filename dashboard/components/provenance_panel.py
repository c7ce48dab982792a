"""One callback for every chart: a click on a mark opens the drawer with the figures behind it."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, ctx, no_update

from dashboard import provenance, queries


def panel_for(click: dict | None) -> tuple[str, list] | None:
    """(drawer class, content) for a click, or None when the click carries no figure ids."""
    ids = provenance.ids_from_click(click)
    if not ids:
        return None
    with queries.current_store().connect() as con:
        rows = queries.provenance(con, ids)
    return "drawer open", provenance.panel_children(rows)


def register(app: Dash) -> None:
    @app.callback(
        Output("prov-drawer", "className"),
        Output("prov-body", "children"),
        Input({"type": "chart", "index": ALL}, "clickData"),
        Input("prov-close", "n_clicks"),
        prevent_initial_call=True,
    )
    def _open(clicks, _close):
        trig = ctx.triggered_id
        if trig == "prov-close":
            return "drawer", no_update
        if not isinstance(trig, dict):
            return no_update, no_update
        click = next((c for c in (ctx.triggered or []) if c.get("value")), {}).get("value")
        found = panel_for(click)
        return found if found else (no_update, no_update)
