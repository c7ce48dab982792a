"""The Dash app: `create_app(store_path)` builds one (tests build their own); `server` is the
WSGI entry for `gunicorn dashboard.app:server`, built on first access from `etl.settings.store_path()`
(the store is built from data/ first if there is none)."""

from __future__ import annotations

import json
from pathlib import Path

import dash
from dash import Dash
from flask import Response

from dashboard import queries
from dashboard.components import provenance_panel, shell
from dashboard.exports import register_export_routes
from dashboard.pages import PAGES
from etl.store import ensure_store

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(store_path: str | Path | None = None, *, warm_exports: bool = False) -> Dash:
    """A Dash app reading the store at `store_path` (default: etl.settings.store_path()).

    Everything the browser loads (scripts, CSS) is served by the app itself: no CDN, works offline.
    `warm_exports` starts the kaleido browser on the first request, so image exports answer fast
    (off for apps built by tests).
    """
    from etl import settings

    path = settings.store_path(store_path)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS),
        serve_locally=True,
        external_stylesheets=[],
        external_scripts=[],
        suppress_callback_exceptions=True,
        title="phonedash",
        update_title=None,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Smartphone market figures, every number sourced"},
        ],
    )
    store = queries.Store(path)
    app.server.config[queries.STORE_KEY] = store
    for page in PAGES:
        dash.register_page(
            page.__name__,
            path=page.PATH,
            name=page.NAME,
            title=page.TITLE,
            order=page.ORDER,
            layout=page.layout,
        )
    app.layout = shell.layout
    for page in PAGES:
        page.register_callbacks(app)
    provenance_panel.register(app)
    shell.register(app)
    _add_health(app, store)
    register_export_routes(app.server, path, warm=warm_exports)
    return app


def health(store: queries.Store) -> tuple[dict, int]:
    """Store status for /healthz: 200 when the store opens and holds the tables the pages read.

    Reads through the app's own Store handle, so a probe never reopens (or re-aggregates) the file.
    """
    status: dict = {"store": str(store.path)}
    try:
        with store.connect() as con:
            facts = queries.store_facts(con)
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return {**status, "ok": False, "error": error}, 503
    missing = sorted({"all_figures", "articles", "meta"} - set(facts["tables"]))
    ok = not missing
    body = {
        **status,
        "ok": ok,
        "articles": facts.get("articles"),
        "figures": facts.get("figures"),
        "updated_at": facts.get("updated_at"),
        "schema_version": facts.get("schema_version"),
    }
    if missing:
        body["missing_tables"] = missing
    return _jsonable(body), 200 if ok else 503


def _jsonable(value):
    return json.loads(json.dumps(value, default=str))


def _add_health(app: Dash, store: queries.Store) -> None:
    def healthz() -> Response:
        body, code = health(store)
        return Response(json.dumps(body), status=code, mimetype="application/json")

    app.server.add_url_rule("/healthz", endpoint="phonedash_healthz", view_func=healthz)


def _build_default_app() -> Dash:
    from etl import settings

    path = settings.store_path()
    if not path.exists():
        ensure_store(path)
    return create_app(path, warm_exports=True)


_default_app: Dash | None = None


def __getattr__(name: str):
    """`dashboard.app.server` is built on first access (PEP 562), not at import: importing the
    factory stays cheap, and gunicorn (`dashboard.app:server`) builds it once per worker."""
    global _default_app
    if name == "server":
        if _default_app is None:
            _default_app = _build_default_app()
        return _default_app.server
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
