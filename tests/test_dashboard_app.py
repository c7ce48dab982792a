"""The app factory, its routes, page layouts and callbacks called as plain functions."""

from __future__ import annotations

import json
import re

import dash
import pytest
from dash import no_update
from dashboard_store import shared_store

from dashboard import queries
from dashboard.app import create_app, health
from dashboard.components import controls, provenance_panel
from dashboard.filters import Filters
from dashboard.pages import PAGES, entries, margins, overview, sources, targets, volumes

PATHS = {"/", "/volumes", "/targets", "/margins", "/entries", "/sources"}


@pytest.fixture(scope="module")
def app():
    return create_app(shared_store())


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def store():
    return queries.Store(shared_store())


def test_every_page_is_registered_with_a_404(app) -> None:
    registered = {page["path"] for page in dash.page_registry.values()}
    assert registered >= PATHS
    assert any(module.endswith("not_found_404") for module in dash.page_registry)


def test_healthz_reports_the_store(client) -> None:
    response = client.get("/healthz")
    body = json.loads(response.data)
    assert response.status_code == 200 and body["ok"] is True
    assert body["figures"] > 2000 and body["articles"] == 2


def test_healthz_without_a_store_is_503(tmp_path) -> None:
    body, code = health(queries.Store(tmp_path / "missing.duckdb"))
    assert code == 503 and body["ok"] is False
    assert "missing.duckdb: no store" in body["error"]


@pytest.mark.parametrize("path", sorted(PATHS | {"/no-such-page"}))
def test_pages_are_served_without_any_cdn(client, path: str) -> None:
    html = client.get(path).data.decode()
    assert 'rel="stylesheet"' in html or "<link" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and not [u for u in urls if u.startswith(("http:", "https:", "//"))]


def test_two_apps_in_one_process_each_have_their_callbacks(app, tmp_path) -> None:
    from dashboard_store import build_store

    other = create_app(build_store(tmp_path / "other.duckdb", samples=False))
    other_client = other.server.test_client()
    other_client.get("/")  # the pages router is set up on the first request, as in `app`
    assert len(other.callback_map) == len(app.callback_map) > 10
    assert json.loads(other_client.get("/healthz").data)["articles"] == 0  # its own store, not app's


@pytest.mark.parametrize("page", [p for p in PAGES if p.PATH in PATHS], ids=lambda p: p.PATH)
def test_layout_builds_controls_from_the_query(app, page) -> None:
    with app.server.test_request_context(page.PATH):
        layout = page.layout(vendor="Xiaomi,Apple", series="Canalys")
    found = {}

    def walk(node):
        if getattr(node, "id", None) is not None and hasattr(node, "value"):
            found[node.id] = node.value
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str):
                walk(child)

    walk(layout)
    if "vendors" in page.FIELDS:
        assert found[f"{page.PAGE}-vendors"] == ["Xiaomi", "Apple"]
    if "series" in page.FIELDS:
        assert found[f"{page.PAGE}-series"] == "Canalys"


SYNC = [
    pytest.param(
        ("vendors", "series"),
        "url",
        "?vendor=Xiaomi&series=Articles",
        [[], "IDC"],
        (no_update, "vendor=Xiaomi&series=Articles", [["Xiaomi"], "Articles"]),
        id="url-sets-controls",
    ),
    pytest.param(
        ("vendors", "series"),
        "control",
        "",
        [["Xiaomi"], "IDC"],
        ("?vendor=Xiaomi", "vendor=Xiaomi", [no_update, no_update]),
        id="control-writes-url",
    ),
    pytest.param(
        ("vendors", "series"),
        "control",
        "?vendor=Xiaomi",
        [["Xiaomi"], "IDC"],
        (no_update, "vendor=Xiaomi", [no_update, no_update]),
        id="no-change-no-history-entry",
    ),
    pytest.param(
        ("vendors",), "control", "?vendor=Xiaomi", [[]], ("", "", [no_update]), id="cleared-filter-clears-url"
    ),
    pytest.param(
        ("vendors",),
        "control",
        "?vendor=Apple&series=Canalys",
        [["Xiaomi"]],
        ("?vendor=Xiaomi&series=Canalys", "vendor=Xiaomi&series=Canalys", [no_update]),
        id="fields-not-on-the-page-are-kept",
    ),
    pytest.param(
        ("vendors",),
        None,
        "?vendor=Apple",
        [["Apple"]],
        (no_update, "vendor=Apple", [no_update]),
        id="initial-call-writes-nothing",
    ),
]


@pytest.mark.parametrize(("fields", "trigger", "search", "values", "expected"), SYNC)
def test_url_sync_rule(fields, trigger, search, values, expected) -> None:
    assert controls.sync(fields, trigger, search, values) == expected


def test_volumes_callback_draws_the_articles_series(store) -> None:
    figure, hidden, _note, menu, title = volumes.render(store, "series=Articles&vendor=Xiaomi")
    assert [t.name for t in figure.data][:1] == ["Xiaomi"]
    assert hidden is True and "figures from articles" in title
    assert menu is not None  # the chart card's export links


def test_volumes_callback_explains_an_empty_result(store) -> None:
    figure, hidden, note, _menu, _title = volumes.render(store, "vendor=Xiaomi&from=2005&to=2006")
    assert hidden is False and "No figures match" in str(note)
    assert figure.layout.meta == {"empty": True}


@pytest.mark.parametrize("page", [margins, entries, sources], ids=lambda p: p.PATH)
def test_chart_pages_render(store, page) -> None:
    figure, hidden, _note, _menu, title = page.render(store, "vendor=Xiaomi")
    assert figure.data and hidden is True and title


def test_targets_page_renders_chart_summary_and_promises(store) -> None:
    *_chart, summary, promises = targets.render(store, "vendor=Xiaomi")
    assert "met" in str(summary)
    assert "not realised" in str(promises) and "enter US" in str(promises)


def test_overview_shows_latest_quarter_and_counts(store) -> None:
    body = str(overview.render(store, ""))
    assert "Articles loaded" in body and "Top vendors" in body and "Biggest movers" in body


def test_sources_rows_add_a_link_column(store) -> None:
    page = sources.rows(store, "vendor=Xiaomi", "closing quarter", {"startRow": 0, "endRow": 10})
    assert page["rowCount"] == 1
    assert page["rowData"][0]["link"] == "[open](https://example.test/xiaomi-goal)"


@pytest.mark.parametrize(
    ("url", "link"),
    [
        pytest.param("https://a.test/x?q=1&r=2#top", "[open](https://a.test/x?q=1&r=2#top)", id="plain"),
        pytest.param("https://a.test/Foo_(bar)", "[open](https://a.test/Foo_%28bar%29)", id="parentheses"),
        pytest.param("https://a.test/a b", "[open](https://a.test/a%20b)", id="space"),
        pytest.param("https://a.test/a%20b", "[open](https://a.test/a%20b)", id="already-escaped"),
        pytest.param("https://a.test/<x>", "[open](https://a.test/%3Cx%3E)", id="angle-brackets"),
    ],
)
def test_sources_link_cell_survives_markdown(url: str, link: str) -> None:
    assert sources.markdown_link(url) == link


def test_click_opens_the_panel_with_the_quote(app, store) -> None:
    with store.connect() as con:
        ids = queries.volume_points(con, Filters(series="Articles", vendors=("Xiaomi",)))["figure_ids"].iloc[
            0
        ]
    with app.server.test_request_context("/volumes"):
        drawer, children = provenance_panel.panel_for({"points": [{"customdata": [ids, "2017-Q4"]}]})
        assert provenance_panel.panel_for({"points": [{"x": 1}]}) is None
    assert drawer == "drawer open"
    assert "closing quarter of 2017" in str(children)
