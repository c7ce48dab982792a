"""Stores the dashboard tests (unit, browser) and the benchmark build: the shipped reference data
plus a few article figures written for the tests, in the store's own schema."""

from __future__ import annotations

import functools
import tempfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl.schema import SCHEMA_VERSION, TABLES
from etl.settings import REFERENCE_DIR

TODAY = date(2026, 1, 1)  # fixed, so pending/met statuses do not move with the calendar

# Our own sample articles (not from any corpus): one per kind of figure the pages draw.
SAMPLE_ARTICLES = [
    dict(
        article_id="sample-xiaomi-q4",
        source="samples/sample-xiaomi-q4.txt",
        format="text",
        title="Xiaomi sets a bold goal for the year",
        url="https://example.test/xiaomi-goal",
        publisher="Example Wire",
        published=date(2018, 3, 20),
    ),
    dict(
        article_id="sample-us-plans",
        source="samples/sample-us-plans.txt",
        format="text",
        title="A phone maker eyes America",
        url="https://example.test/us-plans",
        publisher="Example Daily",
        published=date(2018, 3, 21),
    ),
]
SAMPLE_FIGURES = [
    # article, metric, vendor, market, period, value, unit, qualifier, status, basis, quote
    (
        "sample-xiaomi-q4",
        "shipments",
        "Xiaomi",
        "Global",
        "2017-Q4",
        28_000_000,
        "units",
        "approx",
        None,
        None,
        "The company moved roughly 28 million handsets in the closing quarter of 2017.",
    ),
    (
        "sample-xiaomi-q4",
        "shipments_target",
        "Xiaomi",
        "Global",
        "2018",
        100_000_000,
        "units",
        "approx",
        None,
        None,
        "Its chief says the goal for 2018 is 100 million phones.",
    ),
    (
        "sample-us-plans",
        "market_entry",
        "Xiaomi",
        "US",
        "2019",
        None,
        None,
        "exact",
        "planned",
        None,
        "Executives said they hope to begin selling handsets in the United States during 2019.",
    ),
    (
        "sample-us-plans",
        "margin",
        "Xiaomi",
        "Global",
        None,
        5.0,
        "percent",
        "at_most",
        None,
        "hardware_net",
        "The firm repeated that its hardware profit will stay at 5 percent or below.",
    ),
]


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE {name} ({columns})")


def load_reference(con: duckdb.DuckDBPyConnection, reference_dir: Path = REFERENCE_DIR) -> None:
    for table, file in (
        ("ref_shipments", "shipments.csv"),
        ("ref_targets", "targets.csv"),
        ("ref_events", "events.csv"),
    ):
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT {', '.join(cols)} FROM read_csv_auto(?, all_varchar=true)",
            [str(reference_dir / file)],
        )


def load_samples(con: duckdb.DuckDBPyConnection) -> None:
    now = datetime(2024, 1, 1)
    for a in SAMPLE_ARTICLES:
        n = sum(1 for f in SAMPLE_FIGURES if f[0] == a["article_id"])
        con.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, NULL, FALSE, ?, ?, ?)",
            [
                a["article_id"],
                a["source"],
                a["format"],
                a["title"],
                a["url"],
                a["publisher"],
                a["published"],
                "sha256-" + a["article_id"],
                n,
                now,
            ],
        )
    for art, metric, vendor, market, period, value, unit, qual, status, basis, quote in SAMPLE_FIGURES:
        source = next(a["source"] for a in SAMPLE_ARTICLES if a["article_id"] == art)
        con.execute(
            "INSERT INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL, ?, 0, ?, 0.9)",
            [
                art,
                source,
                metric,
                vendor,
                market,
                period,
                value,
                unit,
                qual,
                status,
                basis,
                quote,
                len(quote),
            ],
        )
    con.execute(
        "INSERT INTO meta VALUES ('updated_at', ?), ('schema_version', ?)", [now.isoformat(), SCHEMA_VERSION]
    )


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """The derived tables, written exactly as a refresh writes them (etl.analytics.derive_tables)."""
    from etl.analytics import derive_tables

    frames = {t: con.execute(f"SELECT * FROM {t}").df() for t in TABLES}
    for name, frame in derive_tables(frames, today=TODAY).items():
        con.register("_frame", frame)
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _frame")
        con.unregister("_frame")


def build_store(path: Path, *, samples: bool = True) -> Path:
    """A store at `path` from data/reference (+ the sample articles), with derived tables."""
    path = Path(path)
    con = duckdb.connect(str(path))
    try:
        create_schema(con)
        load_reference(con)
        if samples:
            load_samples(con)
        else:
            con.execute(
                "INSERT INTO meta VALUES ('updated_at', ?), ('schema_version', ?)",
                [datetime(2024, 1, 1).isoformat(), SCHEMA_VERSION],
            )
        derive(con)
    finally:
        con.close()
    return path


def frame_of(path: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


@functools.cache
def shared_store() -> Path:
    """One store per test process (built on first use), for tests that only read it."""
    root = Path(tempfile.mkdtemp(prefix="phonedash-dash-"))
    return build_store(root / "store.duckdb")
