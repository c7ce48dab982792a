"""Stores the dashboard tests (unit, browser) and the benchmark build: the shipped reference data
plus a few article figures written for the tests, in the store's own schema."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl.schema import SCHEMA_VERSION, TABLES
from etl.settings import REFERENCE_DIR

# Our own sample articles (not from any corpus): one per kind of figure the pages draw.
SAMPLE_ARTICLES = [
    dict(article_id="sample-xiaomi-q4", source="samples/sample-xiaomi-q4.txt", format="text",
         title="Xiaomi sets a bold goal for the year", url="https://example.test/xiaomi-goal",
         publisher="Example Wire", published=date(2018, 3, 20)),
    dict(article_id="sample-us-plans", source="samples/sample-us-plans.txt", format="text",
         title="A phone maker eyes America", url="https://example.test/us-plans",
         publisher="Example Daily", published=date(2018, 3, 21)),
]
SAMPLE_FIGURES = [
    # article, metric, vendor, market, period, value, unit, qualifier, status, basis, quote
    ("sample-xiaomi-q4", "shipments", "Xiaomi", "Global", "2017-Q4", 28_000_000, "units", "approx", None, None,
     "The company moved roughly 28 million handsets in the closing quarter of 2017."),
    ("sample-xiaomi-q4", "shipments_target", "Xiaomi", "Global", "2018", 100_000_000, "units", "approx", None,
     None, "Its chief says the goal for 2018 is 100 million phones."),
    ("sample-us-plans", "market_entry", "Xiaomi", "US", "2019", None, None, "exact", "planned", None,
     "Executives said they hope to begin selling handsets in the United States during 2019."),
    ("sample-us-plans", "margin", "Xiaomi", "Global", None, 5.0, "percent", "at_most", None, "hardware_net",
     "The firm repeated that its hardware profit will stay at 5 percent or below."),
]


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE {name} ({columns})")


def load_reference(con: duckdb.DuckDBPyConnection, reference_dir: Path = REFERENCE_DIR) -> None:
    for table, file in (("ref_shipments", "shipments.csv"), ("ref_targets", "targets.csv"),
                        ("ref_events", "events.csv")):
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        con.execute(f"INSERT INTO {table} BY NAME SELECT {', '.join(cols)} FROM read_csv_auto(?, all_varchar=true)",
                    [str(reference_dir / file)])


def load_samples(con: duckdb.DuckDBPyConnection) -> None:
    now = datetime(2024, 1, 1)
    for a in SAMPLE_ARTICLES:
        n = sum(1 for f in SAMPLE_FIGURES if f[0] == a["article_id"])
        con.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, NULL, FALSE, ?, ?, ?)",
            [a["article_id"], a["source"], a["format"], a["title"], a["url"], a["publisher"], a["published"],
             "sha256-" + a["article_id"], n, now],
        )
    for art, metric, vendor, market, period, value, unit, qual, status, basis, quote in SAMPLE_FIGURES:
        source = next(a["source"] for a in SAMPLE_ARTICLES if a["article_id"] == art)
        con.execute(
            "INSERT INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL, ?, 0, ?, 0.9)",
            [art, source, metric, vendor, market, period, value, unit, qual, status, basis, quote, len(quote)],
        )
    con.execute("INSERT INTO meta VALUES ('updated_at', ?), ('schema_version', ?)",
                [now.isoformat(), SCHEMA_VERSION])


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """Derived tables: the analytics' own where it exists, else a faithful-enough SQL stand-in."""
    try:
        from etl.analytics import derive_tables
    except ImportError:
        derive_tables = None
    if derive_tables is not None:
        frames = {t: con.execute(f"SELECT * FROM {t}").df() for t in TABLES}
        for name, frame in derive_tables(frames).items():
            con.register("_frame", frame)
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _frame")
            con.unregister("_frame")
        return
    con.execute(_FALLBACK_ALL_FIGURES)


def _bounds_sql(col: str) -> str:
    return f"""
        CASE WHEN regexp_matches({col}, '^\\d{{4}}-Q[1-4]$')
               THEN make_date(left({col},4)::INT, 3*right({col},1)::INT-2, 1)
             WHEN regexp_matches({col}, '^\\d{{4}}-H[12]$')
               THEN make_date(left({col},4)::INT, 6*right({col},1)::INT-5, 1)
             WHEN regexp_matches({col}, '^\\d{{4}}-\\d{{2}}$')
               THEN make_date(left({col},4)::INT, right({col},2)::INT, 1)
             WHEN regexp_matches({col}, '^\\d{{4}}$') THEN make_date({col}::INT, 1, 1) END"""


def _end_sql(col: str) -> str:
    return f"""
        CASE WHEN regexp_matches({col}, '^\\d{{4}}-Q[1-4]$') THEN ({_bounds_sql(col)} + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE
             WHEN regexp_matches({col}, '^\\d{{4}}-H[12]$') THEN ({_bounds_sql(col)} + INTERVAL 6 MONTH - INTERVAL 1 DAY)::DATE
             WHEN regexp_matches({col}, '^\\d{{4}}-\\d{{2}}$') THEN ({_bounds_sql(col)} + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE
             WHEN regexp_matches({col}, '^\\d{{4}}$') THEN make_date({col}::INT, 12, 31) END"""


_FALLBACK_ALL_FIGURES = f"""
CREATE OR REPLACE TABLE all_figures AS
WITH rows AS (
    SELECT source_firm AS series, 'firm' AS source_kind, source_firm AS source, vendor, market, period, metric,
           value, unit, 'exact' AS qualifier, NULL::DOUBLE AS value_low, NULL::DOUBLE AS value_high,
           NULL AS status, NULL AS basis, as_of, url, NULL AS quote, NULL AS article, NULL AS title,
           source_firm AS publisher, note
    FROM ref_shipments
    UNION ALL
    SELECT 'Targets', 'curated', stated_by, vendor, market, period, metric, value, unit, qualifier, NULL, NULL,
           NULL, CASE WHEN metric = 'margin' THEN 'hardware_net' END, stated_on, url, NULL, NULL, NULL, NULL, note
    FROM ref_targets
    UNION ALL
    SELECT 'Events', 'curated', 'events.csv', vendor, market, period, 'market_entry', NULL, NULL, 'exact', NULL,
           NULL, status, NULL, try_cast(published AS DATE), url, NULL, NULL, NULL, NULL, description
    FROM ref_events
    UNION ALL
    SELECT 'Articles', 'article', a.title, f.vendor, f.market, f.period, f.metric, f.value, f.unit, f.qualifier,
           f.value_low, f.value_high, f.status, f.basis, a.published, a.url, f.quote, f.article, a.title,
           a.publisher, NULL
    FROM figures f JOIN articles a ON a.article_id = f.article
),
numbered AS (
    SELECT row_number() OVER () AS figure_id, *, {_bounds_sql('period')} AS period_start,
           {_end_sql('period')} AS period_end
    FROM rows
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY series, source, vendor, market, period, metric
                                 ORDER BY as_of DESC NULLS LAST, figure_id DESC) = 1 AS is_current
    FROM numbered
),
spread AS (
    SELECT vendor, market, period, metric,
           (max(value) - min(value)) > CASE WHEN metric = 'market_share' THEN 0.5 ELSE 0.02 * min(value) END
             AS conflict
    FROM ranked WHERE is_current AND metric IN ('shipments', 'market_share') AND value IS NOT NULL
    GROUP BY vendor, market, period, metric HAVING count(*) > 1
)
SELECT r.*, coalesce(s.conflict, FALSE) AS conflict
FROM ranked r LEFT JOIN spread s USING (vendor, market, period, metric)
"""


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
            con.execute("INSERT INTO meta VALUES ('updated_at', ?), ('schema_version', ?)",
                        [datetime(2024, 1, 1).isoformat(), SCHEMA_VERSION])
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
