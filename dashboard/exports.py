"""Every chart as a file: PNG, SVG, PDF, interactive HTML, or its rows as CSV/XLSX with provenance.

One function makes the bytes (`export_payload`); the CLI writes them to disk (`export_chart`,
`export_all`) and the Flask routes send them (`register_export_routes`), so a download from the UI
and `phonedash export` give the same file for the same filters.

Besides the six charts there are two tables: `conflicts` (sources that disagree, from the
analytics) and the data of `targets`, which is the targets-against-actuals table.
"""

from __future__ import annotations

import atexit
import functools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, kaleido_server
from dashboard.charts import CHART_NAMES
from dashboard.export_formats import DATA_FORMATS, FORMATS, figure_to_html, frame_to_csv, frame_to_xlsx
from dashboard.filters import FilterError, Filters, period_bounds

# The six charts plus the analytics tables that only export data.
TABLE_NAMES = ("conflicts",)
EXPORT_NAMES = CHART_NAMES + TABLE_NAMES

# Columns each data export must carry, beyond the chart's own (provenance travels with the data).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "conflicts": ("vendor", "metric", "market", "period", "values", "sources"),
    "targets": ("vendor", "market", "period", "target", "actual", "actual_source", "attainment", "status"),
}


class ExportError(Exception):
    """An export that cannot be made; `str()` is one line for the user."""


class UnknownExport(ExportError):
    """No such chart, or the chart has no such format (HTTP 404, CLI exit 2)."""


@dataclass(frozen=True)
class ExportFile:
    """The bytes of one export, with what an HTTP response needs to send them."""

    content: bytes
    media_type: str
    filename: str


def formats_for(name: str) -> tuple[str, ...]:
    """The formats `name` exports to: charts every format, analytics tables their data only."""
    if name in CHART_NAMES:
        return tuple(FORMATS)
    if name in TABLE_NAMES:
        return DATA_FORMATS
    return ()


def check_export(name: str, fmt: str) -> None:
    """Raise UnknownExport unless `name` is an export that knows `fmt`."""
    if name not in EXPORT_NAMES:
        raise UnknownExport(f"unknown chart {name!r} (choose from {', '.join(EXPORT_NAMES)})")
    if fmt not in formats_for(name):
        choices = ", ".join(formats_for(name))
        raise UnknownExport(f"{name} cannot be exported as {fmt!r} (choose from {choices})")


def filename_for(name: str, fmt: str) -> str:
    return f"phonedash-{name}.{fmt}"


# --- building the bytes --------------------------------------------------------------------------


def render_chart(name: str, fmt: str, frame: pd.DataFrame, figure_factory: Callable) -> bytes:
    """The bytes of a chart export from its frame; the figure is only built for picture formats."""
    kind = FORMATS[fmt].kind
    if kind == "data":
        frame = _with_required(name, frame)
        return frame_to_csv(frame) if fmt == "csv" else frame_to_xlsx(frame, sheet=name)
    figure = for_export(figure_factory(), frame)
    if kind == "html":
        return figure_to_html(figure, title=f"phonedash — {figure.layout.title.text or name}")
    return kaleido_server.render_image(figure, fmt)


def source_line(frame: pd.DataFrame, limit: int = 3) -> str:
    """ "Source: IDC" / "Sources: IDC, Canalys, Counterpoint and 4 more": the chart's evidence,
    most-cited first, for the caption an exported picture carries away with it."""
    if "source" not in frame.columns or frame.empty:
        return "Source: phonedash"
    counts = frame["source"].dropna().astype(str).str.strip()
    names = [n for n in counts[counts != ""].value_counts().index]
    if not names:
        return "Source: phonedash"
    shown = ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")
    return f"{'Source' if len(names) == 1 else 'Sources'}: {shown} · via phonedash"


def for_export(figure: go.Figure, frame: pd.DataFrame) -> go.Figure:
    """A copy laid out to stand alone: the title with a source line under it at the top, and the
    legend in a column on the right, where a long legend pushes the plot aside instead of running
    into the title (on the page the card shows the title and the legend sits above the plot)."""
    fig = go.Figure(figure)
    fig.update_layout(
        title=dict(
            text=fig.layout.title.text or "",
            subtitle=dict(text=source_line(frame), font=dict(size=12)),
            x=0,
            xanchor="left",
            xref="container",
            y=1,
            yanchor="top",
            yref="container",
            pad=dict(t=16, l=16),
        ),
        legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"),
        margin=dict(t=84),
    )
    return fig


def export_payload(name: str, fmt: str, filters: Filters, store_path: str | os.PathLike) -> ExportFile:
    """Query the store for `name` under `filters` and encode it as `fmt`."""
    check_export(name, fmt)
    frame, figure_factory = _load(name, filters, Path(store_path))
    content = render_chart(name, fmt, frame, figure_factory)
    return ExportFile(content, FORMATS[fmt].media_type, filename_for(name, fmt))


def _write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def export_chart(
    name: str, fmt: str, filters: Filters | None, store_path: str | os.PathLike, out: str | os.PathLike
) -> Path:
    """Write one export to `out` (parent folders created); returns the path written."""
    return _write(Path(out), export_payload(name, fmt, filters or Filters(), store_path).content)


def export_all(
    store_path: str | os.PathLike,
    out_dir: str | os.PathLike,
    filters: Filters | None = None,
    formats: tuple[str, ...] | None = None,
) -> list[Path]:
    """Every export in every format it knows (or only `formats`) into `out_dir` as NAME.FMT;
    each chart is queried and drawn once for all its formats."""
    out, filters = Path(out_dir), filters or Filters()
    written: list[Path] = []
    for name in EXPORT_NAMES:
        wanted = [fmt for fmt in formats_for(name) if not formats or fmt in formats]
        if not wanted:
            continue
        frame, figure_factory = _load(name, filters, Path(store_path))
        figure_once = functools.cache(figure_factory)
        for fmt in wanted:
            written.append(_write(out / f"{name}.{fmt}", render_chart(name, fmt, frame, figure_once)))
    return written


# --- reading the store ---------------------------------------------------------------------------


def _load(name: str, filters: Filters, store: Path) -> tuple[pd.DataFrame, Callable]:
    """The rows behind an export and a thunk building its figure (kept lazy: data needs none)."""
    if not store.exists():
        raise ExportError(f"{store}: no store (run `phonedash refresh` first)")
    with _store_for(store).connect() as con:
        if name == "conflicts":
            return _filter_rows(_conflicts_frame(con), filters), _no_figure
        frame = charts.chart_frame(name, con, filters)
    return frame, lambda: charts.chart_figure(name, frame, filters)


_stores: dict[Path, object] = {}
_stores_lock = threading.Lock()


def _store_for(path: Path):
    """One read-only `queries.Store` per file, shared by every export request (it follows swaps)."""
    from dashboard.queries import Store

    key = path.resolve()
    with _stores_lock:
        if key not in _stores:
            _stores[key] = Store(key)
        return _stores[key]


def close_stores() -> None:
    """Close the shared export stores (at shutdown, so no DuckDB handle outlives the interpreter)."""
    with _stores_lock:
        for store in _stores.values():
            store.close()
        _stores.clear()


atexit.register(close_stores)


def _no_figure():
    raise UnknownExport("this export has no figure")


def _conflicts_frame(con) -> pd.DataFrame:
    """Sources that disagree: the store's `conflicts` table (written by the analytics on refresh)."""
    from dashboard.queries import has_table

    if not has_table(con, "conflicts"):
        raise ExportError("the store has no conflicts table (run `phonedash refresh`)")
    return con.execute("SELECT * FROM conflicts").df()


def _with_required(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in REQUIRED_COLUMNS.get(name, ()) if c not in frame.columns]
    if missing:
        raise ExportError(f"{name}: the analytics table lacks column(s) {', '.join(missing)}")
    return frame


def _filter_rows(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Vendor, market and period-range filters on a plain table (analytics exports)."""
    keep = pd.Series(True, index=frame.index)
    if filters.vendors and "vendor" in frame:
        keep &= frame["vendor"].isin(filters.vendors)
    if filters.markets and "market" in frame:
        keep &= frame["market"].isin(filters.markets)
    if "period" in frame and (filters.period_from or filters.period_to):
        keep &= frame["period"].map(lambda p: _period_in(p, filters)).astype(bool)
    return frame[keep].reset_index(drop=True)


def _period_in(period: object, filters: Filters) -> bool:
    """Inside the range, as the charts read it: starts on/after `from`, ends on/before `to`."""
    if not isinstance(period, str):
        return False
    try:
        start, end = period_bounds(period)
    except FilterError:
        return False
    if filters.start_date and start < filters.start_date:
        return False
    return not (filters.end_date and end > filters.end_date)


# --- the UI: links and HTTP routes ---------------------------------------------------------------

EXPORT_ROUTE = "/export/<name>.<fmt>"


def export_href(name: str, fmt: str, filters: Filters | None = None) -> str:
    """The URL of one export under `filters` (same query string as the page's own URL)."""
    query = (filters or Filters()).to_query()
    return f"/export/{name}.{fmt}" + (f"?{query}" if query else "")


def export_links(chart_name: str, filters: Filters | None = None) -> list[tuple[str, str]]:
    """(label, href) for each format of `chart_name`, for a chart card's export menu."""
    links = [(FORMATS[fmt].label, export_href(chart_name, fmt, filters)) for fmt in formats_for(chart_name)]
    if chart_name == "targets":
        links.append(("Conflicts CSV", export_href("conflicts", "csv", filters)))
    return links


def register_export_routes(server, store_path: str | os.PathLike, *, warm: bool = False) -> None:
    """Add GET /export/<name>.<fmt>?<filters> to a Flask server.

    Answers 404 (one line) for an unknown chart or format, 400 (one line) for a bad filter value,
    500 (one line) when the export itself fails. With `warm`, the first request to the app starts
    the kaleido browser in the background (in the worker that serves, after any fork), so the
    first image export does not pay Chromium's start-up; off by default so that apps built by
    tests start no browser they do not use. `phonedash serve` warms the browser itself.
    """
    from flask import Response, request

    store = Path(store_path)

    def _text(message: str, status: int) -> Response:
        return Response(message + "\n", status=status, mimetype="text/plain")

    def export_view(name: str, fmt: str) -> Response:
        try:
            check_export(name, fmt)
            filters = Filters.from_query(request.query_string.decode("utf-8", "replace"), strict=True)
        except UnknownExport as exc:
            return _text(str(exc), 404)
        except FilterError as exc:
            return _text(f"bad filter: {exc}", 400)
        try:
            payload = export_payload(name, fmt, filters, store)
        except (ExportError, kaleido_server.ExportRenderError) as exc:
            return _text(f"export failed: {exc}", 500)
        except Exception as exc:  # noqa: BLE001 - logged in full, answered in one line
            server.logger.exception("export %s.%s failed", name, fmt)
            return _text(f"export failed: {_one_line(exc)}", 500)
        response = Response(payload.content, mimetype=None, content_type=payload.media_type)
        response.headers["Content-Disposition"] = f'attachment; filename="{payload.filename}"'
        response.headers["Cache-Control"] = "no-store"
        return response

    server.add_url_rule(EXPORT_ROUTE, endpoint="phonedash_export", view_func=export_view, methods=["GET"])

    if warm:
        started = threading.Event()

        def _warm_once() -> None:
            if not started.is_set():
                started.set()
                kaleido_server.warm_up_in_background()

        server.before_request(_warm_once)


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
