"""The `phonedash` console script: the ETL commands (etl.cli) plus `serve` and `export`.

Exit codes: 0 done, 1 the work failed (one line on stderr), 2 the command line was wrong.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from etl.cli import StoreOption, app


def _fail(message: str, code: int) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise (never a traceback)."""
    typer.echo(f"phonedash: {message}", err=True)
    return typer.Exit(code)


def _ready_store(store: Path | None) -> Path:
    """The store path, built from data/ first if there is none yet."""
    from etl import settings
    from etl.store import ensure_store

    path = settings.store_path(store)
    try:
        ensure_store(path)
    except Exception as exc:  # noqa: BLE001 - any failure becomes one line, exit 1
        raise _fail(f"{path}: cannot build the store: {_one_line(exc)}", 1) from None
    return path


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8050,
    store: StoreOption = None,
    debug: Annotated[bool, typer.Option(help="Dash debug mode: reloader and dev tools.")] = False,
) -> None:
    """Run the dashboard (building the store from data/ first if there is none)."""
    path = _ready_store(store)
    try:
        from dashboard.app import create_app

        dash_app = create_app(path)
    except Exception as exc:  # noqa: BLE001
        raise _fail(f"cannot start the dashboard: {_one_line(exc)}", 1) from None
    # Start Chromium for image exports now, in the process that serves (not the debug reloader's
    # watcher), so the first export is already fast.
    if not debug or os.environ.get("WERKZEUG_RUN_MAIN") == "true":
        from dashboard import kaleido_server

        kaleido_server.warm_up_in_background()
    # SIGTERM (docker stop, kill) exits like Ctrl-C, so atexit closes Chromium and its temp profile.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        dash_app.run(host=host, port=port, debug=debug)
    except OSError as exc:
        raise _fail(f"cannot listen on {host}:{port}: {_one_line(exc)}", 1) from None


@app.command()
def export(
    chart: Annotated[
        str | None,
        typer.Argument(help="volumes, share, targets, margins, entries, sources or conflicts."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="png, svg, pdf, html, csv or xlsx (default: from -o's suffix)."),
    ] = None,
    vendor: Annotated[list[str] | None, typer.Option(help="Only these vendors (repeatable).")] = None,
    market: Annotated[list[str] | None, typer.Option(help="Only these markets (repeatable).")] = None,
    period_from: Annotated[str | None, typer.Option(help="First period, e.g. 2016 or 2016-Q1.")] = None,
    period_to: Annotated[str | None, typer.Option(help="Last period, e.g. 2019-Q4.")] = None,
    series: Annotated[
        str | None, typer.Option(help="IDC, Canalys, Counterpoint, Omdia, Articles or Consensus.")
    ] = None,
    store: StoreOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (with --all: a folder).")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every chart in every format into the -o folder.")
    ] = False,
) -> None:
    """Write a chart as an image, interactive HTML, or its data with provenance (CSV/XLSX)."""
    from dashboard import exports
    from dashboard.export_formats import FORMATS
    from dashboard.filters import FilterError, Filters

    if output is None:
        raise _fail("export: -o/--output is required (a file, or a folder with --all)", 2)
    if fmt is not None and fmt.lower() not in FORMATS:
        raise _fail(f"export: unknown format {fmt!r} (choose from {', '.join(FORMATS)})", 2)
    fmt = fmt.lower() if fmt else None
    query: dict[str, list[str]] = {
        "vendor": list(vendor or ()),
        "market": list(market or ()),
        "from": [period_from] if period_from else [],
        "to": [period_to] if period_to else [],
        "series": [series] if series else [],
    }
    try:
        filters = Filters.from_query({k: v for k, v in query.items() if v}, strict=True)
    except FilterError as exc:
        message = str(exc)
        for key, option in (("from", "--period-from"), ("to", "--period-to"), ("series", "--series")):
            if message.startswith(f"{key}:"):
                message = option + message[len(key) :]
        raise _fail(f"export: {message}", 2) from None

    if all_:
        if chart is not None:
            raise _fail("export: give either CHART or --all, not both", 2)
        if output.exists() and not output.is_dir():
            raise _fail(f"export: {output} is a file; --all writes into a folder", 2)
        path = _ready_store(store)
        try:
            written = exports.export_all(path, output, filters, formats=(fmt,) if fmt else None)
        except Exception as exc:  # noqa: BLE001 - one line, never a traceback
            raise _fail(f"export: {_one_line(exc)}", 1) from None
        typer.echo(f"wrote {len(written)} files to {output}")
        return

    if chart is None:
        raise _fail("export: name a CHART (or use --all)", 2)
    if fmt is None:
        fmt = output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise _fail(f"export: give --format (cannot tell it from {output.name!r})", 2)
    try:
        exports.check_export(chart, fmt)
    except exports.UnknownExport as exc:
        raise _fail(f"export: {exc}", 2) from None
    path = _ready_store(store)
    try:
        written_path = exports.export_chart(chart, fmt, filters, path, output)
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        raise _fail(f"export: {_one_line(exc)}", 1) from None
    typer.echo(f"wrote {written_path}")


def main() -> None:
    app()
