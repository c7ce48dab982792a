"""The ETL commands of `phonedash`: extract, refresh, status (dashboard/cli.py adds serve and export).

Exit status: 0 when every input was read, 1 when some failed (each named on stderr in one
line), 2 for usage errors. No command prints a traceback for bad input.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from etl.model import FIGURE_FIELDS, Failure

app = typer.Typer(
    name="phonedash",
    help="Smartphone-market figures from articles: extract, store, chart.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        envvar="PHONEDASH_STORE",
        show_envvar=True,
        help="DuckDB store file (default data/phonedash.duckdb).",
    ),
]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="YYYY-MM-DD",
        help="Publication date for every input, over the source's own (resolves 'this year').",
    ),
]


def _say_failure(failure: Failure | str) -> None:
    line = str(failure).replace("\r", " ").replace("\n", " ")
    typer.echo(f"phonedash: {line}", err=True)


def _one_line(exc: BaseException) -> str:
    from etl.refresh import one_line

    return one_line(exc)


def _stdout_closed() -> None:
    """The reader of stdout went away (`| head`): stop quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(1)


# --- extract -----------------------------------------------------------------------------------


def _format_value(record: dict) -> str:
    value = record.get("value")
    if value is None:
        return ""
    if record.get("unit") == "percent":
        return f"{value:g}%"
    return f"{value:,.0f}"


def _table(records: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=200, no_color=True)
    table = Table(show_lines=False)
    for name in (
        "article",
        "metric",
        "vendor",
        "market",
        "period",
        "value",
        "qualifier",
        "status/basis",
        "quote",
    ):
        table.add_column(name, overflow="fold", max_width=60 if name == "quote" else None)
    for r in records:
        table.add_row(
            str(r.get("article", "")),
            str(r.get("metric", "")),
            str(r.get("vendor", "")),
            str(r.get("market", "")),
            str(r.get("period") or ""),
            _format_value(r),
            str(r.get("qualifier") or ""),
            str(r.get("status") or r.get("basis") or ""),
            str(r.get("quote", "")),
        )
    console.print(table)
    console.print(f"{len(records)} figure record(s)")


def _ordered(record: dict) -> dict:
    """Contract fields first, in contract order, then any extra fields the extractor added."""
    out = {k: record.get(k) for k in FIGURE_FIELDS}
    out.update((k, v) for k, v in record.items() if k not in out and k != "source")
    return out


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(metavar="PATH|URL...", help="Files, folders, feeds or URLs.")
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    published: PublishedOption = None,
    store: StoreOption = None,  # accepted like every command; extract writes nothing
) -> None:
    """Print the figure records in articles; writes nothing."""
    from etl.refresh import enumerate_inputs, read_file

    when = _parse_date(published)
    files, failures = enumerate_inputs(inputs, absolute=False)
    for failure in failures:
        _say_failure(failure)
    failed = len(failures)
    records: list[dict] = []
    writer = csv.writer(sys.stdout, lineterminator="\n") if format is Format.csv else None
    try:
        if writer:
            writer.writerow(FIGURE_FIELDS)
        for file in files:
            outcome = read_file(file, None, when)
            if outcome.failure:
                _say_failure(outcome.failure)
                failed += 1
                continue
            for record in outcome.records:
                if format is Format.jsonl:
                    sys.stdout.write(json.dumps(_ordered(record), ensure_ascii=False, default=str) + "\n")
                elif writer:
                    writer.writerow(["" if record.get(k) is None else record.get(k) for k in FIGURE_FIELDS])
                else:
                    records.append(record)
        if format is Format.table:
            _table(records)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_closed()
    raise typer.Exit(1 if failed else 0)


# --- refresh -----------------------------------------------------------------------------------


class _Bar:
    """A rich progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.progress = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        if self.progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("reading"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("reading", total=total)
        self.progress.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@app.command("refresh")
def refresh_command(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(metavar="[PATH|URL...]", help="Inputs to refresh (default data/articles)."),
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Re-read every input; the store then holds exactly these inputs.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as a JSON object.")] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).")
    ] = None,
    published: PublishedOption = None,
    store: StoreOption = None,
) -> None:
    """Update the store from articles, incrementally and atomically."""
    from etl.refresh import refresh

    when = _parse_date(published)
    bar = _Bar(enabled=sys.stderr.isatty() and not as_json)
    try:
        result = refresh(inputs or None, store=store, full=full, jobs=jobs, published=when, on_progress=bar)
    except KeyboardInterrupt:
        bar.close()
        _say_failure("refresh interrupted; the store is unchanged")
        raise typer.Exit(130) from None
    except Exception as exc:  # the store could not be written: it is left as it was
        bar.close()
        _say_failure(f"refresh failed, store unchanged: {_one_line(exc)}")
        raise typer.Exit(1) from None
    bar.close()
    for failure in result.failures:
        _say_failure(failure)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        typer.echo(
            f"{result.store}: {result.new} new, {result.changed} changed, {result.unchanged} unchanged, "
            f"{result.removed} removed, {result.failed} failed; "
            f"{result.articles} articles, {result.figures} figures ({result.duration_s:.2f} s)"
        )
    raise typer.Exit(1 if result.failed else 0)


# --- status ------------------------------------------------------------------------------------


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as a JSON object.")] = False,
    store: StoreOption = None,
) -> None:
    """Counts and freshness of the store (built from data/ first when there is none)."""
    from etl.settings import store_path
    from etl.store import store_status

    path = store_path(store)
    failed = 0
    try:
        if not path.is_file():
            from etl.refresh import refresh

            built = refresh(None, store=path, if_missing=True)
            for failure in built.failures:
                _say_failure(failure)
            failed = built.failed
        info = store_status(path)
    except Exception as exc:
        _say_failure(f"{path}: {_one_line(exc)}")
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, default=str))
    else:
        typer.echo(f"store       {info['store']}")
        typer.echo(f"articles    {info['articles']}")
        typer.echo(f"figures     {info['figures']}")
        typer.echo(f"files       {info['files']}")
        typer.echo(f"updated_at  {info['updated_at']}")
        others = {
            k: v for k, v in info["tables"].items() if k not in ("articles", "figures", "files", "meta")
        }
        typer.echo("tables      " + ", ".join(f"{k} {v}" for k, v in sorted(others.items())))
    raise typer.Exit(1 if failed else 0)
