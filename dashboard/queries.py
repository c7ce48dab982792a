"""Every question the dashboard asks the DuckDB store, in SQL, in one place.

The store is opened read-only and reopened when the file changes (a refresh swaps it atomically),
so the dashboard never holds a stale view nor blocks a refresh. Aggregation happens here, in
DuckDB; pages only ever receive the few hundred points a chart draws.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.filters import Filters
from etl.store import StoreMissing

FIRM_SERIES = ("IDC", "Canalys", "Counterpoint", "Omdia")
ARTICLES = "Articles"
CONSENSUS = "Consensus"
TOTAL = "Market"
OTHERS = "Others"
TOP_VENDORS = 8  # vendors drawn when the user picks none
# Columns a user sees beside every plotted number (and exports carry).
PROVENANCE_COLUMNS = ("source", "url", "quote", "title", "publisher", "date")
MAX_PROVENANCE = 40
MAX_GRID_BLOCK = 1000  # rows one grid request may ask for: the grid pages, it never pulls the table


class Store:
    """A read-only handle on the store file that follows atomic swaps (inode/mtime change).

    One attached database per file version; each request gets its own cursor on it.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._key: tuple | None = None
        self._lock = threading.Lock()

    def _file_key(self) -> tuple:
        st = self.path.stat()
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the current file; safe to use from one request thread.

        The file is stat-ed under the lock, so two requests racing a swap agree on the version they open.
        """
        with self._lock:
            try:
                key = self._file_key()
            except FileNotFoundError:
                message = f"{self.path}: no store here (run `phonedash refresh` to build it)"
                raise StoreMissing(message) from None
            if self._con is None or key != self._key:
                con = _open_read_only(self.path)
                build_points_cache(con)
                self._con, self._key = con, key
            cur = self._con.cursor()
        try:
            cur.execute(f"USE {_ALIAS}")
            yield cur
        finally:
            cur.close()

    def close(self) -> None:
        """Release the attached file (tests and shutdown; a later connect() reopens it)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._key = None, None

    @property
    def version(self) -> tuple:
        """Changes whenever the file is swapped: a cache key for derived results."""
        try:
            return (str(self.path), *self._file_key())
        except OSError:
            return (str(self.path), None)


_ALIAS = "store"


def _open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Attach the file read-only into a fresh in-memory database: DuckDB caches databases by path
    within a process, and a cached one would keep showing the file as it was before a swap."""
    con = duckdb.connect()
    escaped = str(path).replace("'", "''")
    con.execute(f"ATTACH '{escaped}' AS {_ALIAS} (READ_ONLY)")
    con.execute(f"USE {_ALIAS}")
    return con


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return name in tables(con)


# ---------------------------------------------------------------------------------------------
# Filters -> SQL


def _where(
    f: Filters, *, default_markets: Sequence[str] = (), exclude_total: bool = False, alias: str = ""
) -> tuple[str, list]:
    """A WHERE fragment (without WHERE) and its parameters for the vendor/market/period filters."""
    p = f"{alias}." if alias else ""
    parts, params = ["TRUE"], []
    if f.vendors:
        parts.append(f"{p}vendor IN ({', '.join('?' * len(f.vendors))})")
        params += list(f.vendors)
    elif exclude_total:
        parts.append(f"{p}vendor <> '{TOTAL}'")
    markets = f.markets or tuple(default_markets)
    if markets:
        parts.append(f"{p}market IN ({', '.join('?' * len(markets))})")
        params += list(markets)
    if f.start_date:
        parts.append(f"{p}period_start >= ?")
        params.append(f.start_date)
    if f.end_date:
        parts.append(f"{p}period_end <= ?")
        params.append(f.end_date)
    return " AND ".join(parts), params


# Calendar quarters and years (LIKE is much cheaper than a regular expression on a million rows).
_QUARTER = "(period LIKE '____-Q_')"
_YEAR = "(length(period) = 4)"

# Aggregates turning the figures behind one plotted point into its provenance columns.
_NEWEST = "coalesce(as_of, TIMESTAMP '1900-01-01')"
# Aggregates for the figures behind one plotted point: every id (for the click), how many, whether
# any is in conflict, and the newest one (whose source, quote and link the exports show). Text
# columns are fetched for that one figure afterwards: aggregating them over a million rows is slow.
_POINT_AGG = f"""
    string_agg(figure_id::VARCHAR, ',') AS figure_ids,
    count(*) AS n_figures,
    coalesce(bool_or(conflict), FALSE) AS conflict,
    arg_max(figure_id::VARCHAR, {_NEWEST}) AS newest_id,
    max(as_of) AS date
"""
_POINT_REAGG = """
    string_agg(figure_ids, ',') AS figure_ids,
    sum(n_figures)::BIGINT AS n_figures,
    bool_or(conflict) AS conflict,
    arg_max(newest_id, coalesce(date, TIMESTAMP '1900-01-01')) AS newest_id,
    max(date) AS date
"""
# The same for small groups (market-entry events without the analytics' timeline): all sources.
_PROV_AGG = """
    string_agg(DISTINCT figure_id::VARCHAR, ',') AS figure_ids,
    count(*) AS n_figures,
    coalesce(bool_or(conflict), FALSE) AS conflict,
    string_agg(DISTINCT source, '; ') AS source,
    string_agg(DISTINCT url, ' ') AS url,
    string_agg(DISTINCT quote, ' | ') AS quote,
    string_agg(DISTINCT title, ' | ') AS title,
    string_agg(DISTINCT publisher, '; ') AS publisher,
    max(as_of) AS date
"""
_POINT_VALUE = (
    "(qualifier IS NULL OR qualifier IN ('exact', 'approx', 'range')) AND NOT coalesce(is_pledge, FALSE)"
)


def _tagged(series: str | None) -> tuple[str, list]:
    """all_figures rows tagged with the view series they belong to (`series=None`: every view).

    A firm series shows its current values (restated ones are history; Omdia's rows are also in
    the Canalys series they continue); Articles shows every article's figure (each article is its
    own source); Consensus takes every series' current point values, as the analytics do."""
    current = "coalesce(is_current, TRUE)"
    firms = ", ".join(f"'{s}'" for s in FIRM_SERIES)
    parts = {
        ARTICLES: f"SELECT '{ARTICLES}' AS view, * FROM all_figures WHERE series = '{ARTICLES}'",
        "firm": f"SELECT series AS view, * FROM all_figures WHERE source_kind = 'firm' AND {current}",
        "firm_source": f"SELECT source AS view, * FROM all_figures WHERE source_kind = 'firm' AND {current} "
        "AND source <> series",
        CONSENSUS: f"SELECT '{CONSENSUS}' AS view, * FROM all_figures WHERE {current} AND {_POINT_VALUE}",
    }
    if series is None:
        return " UNION ALL ".join(parts.values()), []
    if series in (ARTICLES, CONSENSUS):
        return parts[series], []
    if series in FIRM_SERIES:
        return f"SELECT * FROM ({parts['firm']} UNION ALL {parts['firm_source']}) WHERE view = ?", [series]
    raise ValueError(f"unknown series {series!r} (one of {firms}, {ARTICLES}, {CONSENSUS})")


def points_sql(series: str | None) -> tuple[str, list]:
    """One row per view series, vendor, market, period and metric (calendar quarters and years of
    units and shares): the median value and its min-max band, how many series and figures stand
    behind it, their ids, whether any is in conflict, and the newest figure."""
    tagged, params = _tagged(series)
    sql = f"""
        SELECT view AS series, vendor, market, period, metric, min(period_start) AS period_start,
               max(period_end) AS period_end, median(value) AS value, min(value) AS value_low,
               max(value) AS value_high, count(DISTINCT series) AS n_sources, FALSE AS derived,
               {_POINT_AGG}
        FROM ({tagged})
        WHERE metric IN ('shipments', 'market_share') AND value IS NOT NULL AND ({_QUARTER} OR {_YEAR})
        GROUP BY view, vendor, market, period, metric
    """
    return sql, params


POINTS_CACHE = "memory.points"


def build_points_cache(con: duckdb.DuckDBPyConnection) -> bool:
    """Aggregate every view series once per store version into the connection's in-memory
    database, so a filter change only reads the (small) points table. False if the store has no
    all_figures table (an old store): queries then aggregate on the fly."""
    if "all_figures" not in tables(con):
        return False
    sql, params = points_sql(None)
    con.execute(
        f"CREATE OR REPLACE TABLE {POINTS_CACHE} AS {sql} ORDER BY series, market, vendor, period", params
    )
    return True


def _has_points_cache(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'memory' AND table_name = 'points'"
        ).fetchone()[0]
    )


def volume_points(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    *,
    measure: str | None = None,
    top: int | None = TOP_VENDORS,
    provenance: bool = True,
) -> pd.DataFrame:
    """One row per plotted point of /volumes: vendor, market, period, value (million units or %).

    A year the series only gives as quarters is the sum of its four quarters (`derived`); a share
    the series does not publish is the vendor's units over the market total (`derived`). The
    Consensus series is the median of the firms' current values with its min-max band.
    `provenance=False` (the page, which looks figures up on click) skips the text columns.
    """
    measure = measure or f.measure
    where, params = _where(f, default_markets=("Global",))
    if _has_points_cache(con):
        source, source_params = POINTS_CACHE, []
    else:
        sql, source_params = points_sql(f.series)
        source = f"({sql})"
    base = f"""
        points AS (
            SELECT * EXCLUDE (series) FROM {source} WHERE series = ? AND {where}
        )"""
    params = [*source_params, f.series, *params]
    if f.granularity == "year":
        grain = f"""
        quarters AS (SELECT * FROM points WHERE {_QUARTER}),
        summed AS (
            SELECT vendor, market, left(period, 4) AS period, metric, min(period_start) AS period_start,
                   sum(value) AS value, sum(value_low) AS value_low, sum(value_high) AS value_high,
                   max(n_sources) AS n_sources, TRUE AS derived, {_POINT_REAGG}
            FROM quarters WHERE metric = 'shipments'
            GROUP BY vendor, market, left(period, 4), metric
            HAVING count(DISTINCT period) = 4
        ),
        grained AS (
            SELECT * FROM points WHERE {_YEAR}
            UNION ALL BY NAME
            SELECT s.* FROM summed s WHERE NOT EXISTS (
                SELECT 1 FROM points p WHERE {_YEAR.replace("period", "p.period")} AND p.vendor = s.vendor
                  AND p.market = s.market AND p.period = s.period AND p.metric = s.metric)
        )"""
    else:
        grain = f"grained AS (SELECT * FROM points WHERE {_QUARTER})"
    if measure == "share":
        final = f"""
        units AS (SELECT * FROM grained WHERE metric = 'shipments'),
        computed AS (
            SELECT u.vendor, u.market, u.period, 'market_share' AS metric, u.period_start,
                   100 * u.value / t.value AS value, 100 * u.value_low / t.value_low AS value_low,
                   100 * u.value_high / t.value_high AS value_high, u.n_sources, TRUE AS derived,
                   u.figure_ids || ',' || t.figure_ids AS figure_ids, u.n_figures + t.n_figures AS n_figures,
                   u.conflict OR t.conflict AS conflict, u.newest_id, u.date
            FROM units u JOIN units t ON t.vendor = '{TOTAL}' AND t.market = u.market AND t.period = u.period
            WHERE u.vendor <> '{TOTAL}' AND t.value > 0
        ),
        out AS (
            SELECT * FROM grained WHERE metric = 'market_share'
            UNION ALL BY NAME
            SELECT c.* FROM computed c WHERE NOT EXISTS (
                SELECT 1 FROM grained g WHERE g.metric = 'market_share' AND g.vendor = c.vendor
                  AND g.market = c.market AND g.period = c.period)
        )"""
        scale = 1.0
    else:
        final = "out AS (SELECT * FROM grained WHERE metric = 'shipments')"
        scale = 1e6
    if f.vendors:
        vendor_where = "TRUE"
    elif top:
        # No vendor chosen: the `top` biggest in view (plus Others when stacking, to fill the total).
        others = f" OR o.vendor = '{OTHERS}'" if f.mode == "stacked" else ""
        vendor_where = f"""(o.vendor IN (
            SELECT x.vendor FROM out x WHERE x.vendor NOT IN ('{TOTAL}', '{OTHERS}')
            GROUP BY x.vendor ORDER BY sum(x.value) DESC, x.vendor LIMIT {int(top)}){others})"""
    else:
        vendor_where = f"o.vendor <> '{TOTAL}'"
    if provenance:
        text = "p.source, p.url, p.quote, p.title, p.publisher"
        join = "LEFT JOIN all_figures p ON p.figure_id = o.newest_id"
    else:
        text = "NULL AS source, NULL AS url, NULL AS quote, NULL AS title, NULL AS publisher"
        join = ""
    sql = f"""
        WITH {base}, {grain}, {final}
        SELECT o.vendor, o.market, o.period, o.period_start, o.metric,
               o.value / {scale} AS value, o.value_low / {scale} AS value_low,
               o.value_high / {scale} AS value_high, o.n_sources, o.derived, o.figure_ids, o.n_figures,
               o.conflict, {text}, o.date
        FROM out o {join} WHERE {vendor_where}
        ORDER BY o.period_start, o.vendor, o.market
    """
    frame = con.execute(sql, params).df()
    frame.insert(0, "series", f.series)
    frame["unit"] = "%" if measure == "share" else "million units"
    return frame


def margin_points(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Every margin figure (articles and curated), one row each; pledges have qualifier at_most/at_least."""
    where, params = _where(f)
    where = where.replace("period_start >= ?", "coalesce(period_start, DATE '9999-12-31') >= ?")
    where = where.replace("period_end <= ?", "coalesce(period_end, DATE '0001-01-01') <= ?")
    sql = f"""
        SELECT figure_id::VARCHAR AS figure_ids, vendor, market, period, period_start, period_end,
               value, qualifier, basis, series, source_kind, coalesce(conflict, FALSE) AS conflict,
               coalesce(is_pledge, FALSE) AS is_pledge,
               source, url, quote, title, publisher, as_of AS date, note
        FROM all_figures WHERE metric = 'margin' AND value IS NOT NULL AND {where}
        ORDER BY vendor, period_start NULLS FIRST
    """
    return con.execute(sql, params).df()


def entry_events(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Market-entry events, one row per vendor, market, status and period with all their sources
    (the analytics' `entry_timeline` where the store has it)."""
    where, params = _where(f)
    if has_table(con, "entry_timeline"):
        sql = f"""
            SELECT vendor, market, status, period, period_start, period_end,
                   array_to_string(from_json(figure_ids, '["VARCHAR"]'), ',') AS figure_ids,
                   n_sources AS n_figures, FALSE AS conflict, sources AS source, links AS url,
                   array_to_string(
                     list_filter(from_json(quotes, '["VARCHAR"]'), lambda q: q IS NOT NULL), ' | ')
                     AS quote, NULL::VARCHAR AS title, NULL::VARCHAR AS publisher, first_reported AS date,
                   notes AS note
            FROM entry_timeline WHERE {where}
            ORDER BY period_start NULLS LAST, vendor, market
        """
        return con.execute(sql, params).df()
    sql = f"""
        SELECT vendor, market, status, period, min(period_start) AS period_start,
               max(period_end) AS period_end, {_PROV_AGG},
               string_agg(DISTINCT note, ' | ') AS note
        FROM all_figures WHERE metric = 'market_entry' AND status IS NOT NULL AND {where}
        GROUP BY vendor, market, status, period
        ORDER BY period_start, vendor, market
    """
    return con.execute(sql, params).df()


def analytics_input(con: duckdb.DuckDBPyConnection, f: Filters, metrics: Sequence[str]) -> pd.DataFrame:
    """The all_figures rows the pure analytics functions need, pre-filtered in DuckDB by vendor and
    market (periods stay whole: a yearly target needs its quarters, an open pledge has none)."""
    where, params = _where(f.with_(period_from=None, period_to=None))
    marks = ", ".join("?" * len(metrics))
    return con.execute(
        f"SELECT * FROM all_figures WHERE metric IN ({marks}) AND {where}", list(metrics) + params
    ).df()


def target_rows(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Targets against actuals with the ids of the target figure and of the actual's figures.

    The store's `targets` table holds the default actual-source preference; another preference
    (`Filters.prefer`) is recomputed by the analytics on the filtered figures.
    """
    where, params = _where(f, alias="t", exclude_total=True)
    if not f.prefer and has_table(con, "targets"):
        source = "targets"
    else:
        from etl import analytics

        frame = analytics_input(con, f, ("shipments", "shipments_target"))
        prefer = f.prefer or analytics.PREFERENCE
        computed = analytics.targets_vs_actuals(frame, preference=prefer)
        con.register("_targets_now", computed)
        source = "_targets_now"
    sql = f"""
        WITH t AS (SELECT * FROM {source} t WHERE {where}),
        a AS (
            SELECT t.figure_id AS tid, t.period AS tperiod, string_agg(DISTINCT x.figure_id, ',') AS ids
            FROM t JOIN all_figures x
              ON x.metric = 'shipments' AND coalesce(x.is_current, TRUE) AND x.vendor = t.vendor
             AND x.market = t.market AND x.series = t.actual_source
             AND (x.period = t.period AND (NOT t.derived) AND x.source = t.actual_source_detail
                  OR t.derived AND regexp_matches(x.period, '^' || t.period || '-Q[1-4]$'))
            WHERE t.actual IS NOT NULL
            GROUP BY t.figure_id, t.period
        )
        SELECT t.figure_id || coalesce(',' || a.ids, '') AS figure_ids, t.vendor, t.market, t.period,
               t.target, t.actual, t.actual_source, t.attainment, t.status, t.derived, t.qualifier,
               t.target_source, t.target_is_current, t.target_source AS source,
               coalesce(f.url, t.target_quote_or_url) AS url, f.quote, f.title, f.publisher,
               t.target_as_of AS date, t.actual_url, t.actual_source_detail, t.period_start
        FROM t LEFT JOIN a ON a.tid = t.figure_id AND a.tperiod = t.period
        LEFT JOIN all_figures f ON f.figure_id = t.figure_id
        ORDER BY t.vendor, t.period, t.target
    """
    out = con.execute(sql, params).df()
    if source == "_targets_now":
        con.unregister("_targets_now")
    return out


def promise_rows(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Each promise (margin pledge or cap, planned entry or exit), what followed and the evidence."""
    where, params = _where(f.with_(period_from=None, period_to=None))
    if has_table(con, "promises"):
        return con.execute(
            f"SELECT * FROM promises WHERE {where} ORDER BY vendor, promised_on NULLS LAST", params
        ).df()
    from etl import analytics

    return analytics.promises(analytics_input(con, f, ("margin", "market_entry")))


def provenance(con: duckdb.DuckDBPyConnection, figure_ids: Sequence[str]) -> pd.DataFrame:
    """The figures behind a clicked point, newest first."""
    ids = [i for i in dict.fromkeys(str(x).strip() for x in figure_ids) if i][:MAX_PROVENANCE]
    if not ids:
        return pd.DataFrame()
    sql = f"""
        SELECT figure_id::VARCHAR AS figure_id, series, source_kind, source, vendor, market, period, metric,
               value, unit, qualifier, value_low, value_high, status, basis, as_of, url, quote, article,
               title, publisher, note, is_current, conflict
        FROM all_figures WHERE figure_id::VARCHAR IN ({", ".join("?" * len(ids))})
        ORDER BY as_of DESC NULLS LAST, series
    """
    return con.execute(sql, ids).df()


# ---------------------------------------------------------------------------------------------
# Choices for the filter controls


def choices(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Vendors (by volume), markets and periods present in the store, for dropdowns."""
    vendors = [
        r[0]
        for r in con.execute(
            f"SELECT vendor FROM all_figures WHERE vendor <> '{TOTAL}' GROUP BY vendor "
            "ORDER BY sum(CASE WHEN metric = 'shipments' THEN value ELSE 0 END) DESC, vendor"
        ).fetchall()
    ] + [TOTAL]  # the whole market last: chosen explicitly, never drawn by default
    markets = [
        r[0]
        for r in con.execute(
            "SELECT market FROM all_figures GROUP BY market ORDER BY market <> 'Global', count(*) "
            "DESC, market"
        ).fetchall()
    ]
    years = [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT left(period, 4) AS y FROM all_figures WHERE {_QUARTER} OR {_YEAR} ORDER BY y"
        ).fetchall()
    ]
    periods = []
    for y in years:
        periods += [y] + [f"{y}-Q{q}" for q in range(1, 5)]
    return {"vendors": vendors, "markets": markets, "periods": periods, "years": years}


# ---------------------------------------------------------------------------------------------
# Overview


def store_facts(con: duckdb.DuckDBPyConnection) -> dict:
    """How much is loaded and how fresh: for the overview's header and /healthz."""
    have = tables(con)
    facts: dict = {"tables": sorted(have)}
    if "articles" in have:
        row = con.execute("SELECT count(*), max(published) FROM articles").fetchone()
        facts["articles"], facts["newest_article"] = row[0], row[1]
    if "all_figures" in have:
        facts["figures"] = con.execute("SELECT count(*) FROM all_figures").fetchone()[0]
        facts["article_figures"] = con.execute(
            "SELECT count(*) FROM all_figures WHERE series = ?", [ARTICLES]
        ).fetchone()[0]
    elif "figures" in have:
        facts["figures"] = con.execute("SELECT count(*) FROM figures").fetchone()[0]
    if "meta" in have:
        facts.update({k: v for k, v in con.execute("SELECT key, value FROM meta").fetchall()})
    return facts


def latest_quarter(con: duckdb.DuckDBPyConnection, series: str, market: str = "Global") -> str | None:
    """The newest quarter for which the series gives a market total (else any vendor figure)."""
    tagged, params = _tagged(series)
    row = con.execute(
        f"""SELECT period FROM ({tagged})
            WHERE view = ? AND market = ? AND metric = 'shipments' AND {_QUARTER}
            ORDER BY (vendor = '{TOTAL}') DESC, period_start DESC LIMIT 1""",
        params + [series, market],
    ).fetchone()
    return row[0] if row else None


def quarter_leaders(
    con: duckdb.DuckDBPyConnection, series: str, period: str, market: str = "Global"
) -> pd.DataFrame:
    """Vendors' units in `period` and a year earlier, with shares of the market total."""
    year, q = period.split("-")
    prior = f"{int(year) - 1}-{q}"
    f = Filters(series=series, markets=(market,), vendors=(), period_from=prior, period_to=period)
    pts = volume_points(con, f.with_(vendors=()), measure="units", top=None, provenance=False)
    total = volume_points(con, f.with_(vendors=(TOTAL,)), measure="units", provenance=False)
    pts = pd.concat([pts, total], ignore_index=True)
    now = pts[pts["period"] == period].set_index("vendor")
    before = pts[pts["period"] == prior].set_index("vendor")["value"]
    out = now[["value", "figure_ids", "source", "url", "conflict"]].copy()
    out["prior"] = before.reindex(out.index)
    out["change_pct"] = 100 * (out["value"] / out["prior"] - 1)
    market_total = out["value"].get(TOTAL)
    out["share"] = 100 * out["value"] / market_total if market_total else float("nan")
    return out.reset_index().sort_values("value", ascending=False, ignore_index=True)


def newest_events(con: duckdb.DuckDBPyConnection, limit: int = 6) -> pd.DataFrame:
    return entry_events(con, Filters()).sort_values("period_start", ascending=False).head(limit)


# ---------------------------------------------------------------------------------------------
# /sources grid: server-side paging, sorting and filtering

GRID_COLUMNS = (
    "vendor",
    "metric",
    "market",
    "period",
    "value",
    "unit",
    "qualifier",
    "series",
    "quote",
    "title",
    "publisher",
    "as_of",
    "url",
    "figure_id",
)
_TEXT_OPS = {
    "contains": ("ILIKE", "%{}%"),
    "notContains": ("NOT ILIKE", "%{}%"),
    "equals": ("=", "{}"),
    "notEqual": ("<>", "{}"),
    "startsWith": ("ILIKE", "{}%"),
    "endsWith": ("ILIKE", "%{}"),
}
_NUMBER_OPS = {
    "equals": "=",
    "notEqual": "<>",
    "lessThan": "<",
    "lessThanOrEqual": "<=",
    "greaterThan": ">",
    "greaterThanOrEqual": ">=",
}


def _grid_condition(column: str, model: dict, params: list) -> str | None:
    if "operator" in model and "conditions" in model:
        parts = [c for c in (_grid_condition(column, m, params) for m in model["conditions"]) if c]
        joiner = " OR " if str(model["operator"]).upper() == "OR" else " AND "
        return "(" + joiner.join(parts) + ")" if parts else None
    kind, op = model.get("filterType", "text"), model.get("type", "contains")
    if kind == "number" and op in _NUMBER_OPS and model.get("filter") is not None:
        number = _number(model["filter"])
        if number is None:
            return None
        params.append(number)
        return f"{column} {_NUMBER_OPS[op]} ?"
    if kind == "number" and op == "inRange":
        low, high = _number(model.get("filter")), _number(model.get("filterTo"))
        if low is None or high is None:
            return None
        params += [low, high]
        return f"{column} BETWEEN ? AND ?"
    if op == "blank":
        return f"({column} IS NULL OR {column}::VARCHAR = '')"
    if op == "notBlank":
        return f"({column} IS NOT NULL AND {column}::VARCHAR <> '')"
    if op in _TEXT_OPS and model.get("filter") not in (None, ""):
        sql_op, pattern = _TEXT_OPS[op]
        params.append(pattern.format(str(model["filter"])))
        return f"{column}::VARCHAR {sql_op} ?"
    return None


def _number(value: object) -> float | None:
    """A client's filter value as a float, or None when it is not a number (the condition is skipped)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _row(value: object, default: int) -> int:
    try:
        return max(int(value), 0)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default


def grid_page(con: duckdb.DuckDBPyConnection, f: Filters, request: dict, search: str = "") -> dict:
    """One block of grid rows for AG Grid's infinite row model: {"rowData": [...], "rowCount": n}."""
    where, params = _where(f)
    clauses = [where]
    for column, model in (request.get("filterModel") or {}).items():
        if column in GRID_COLUMNS:
            cond = _grid_condition(column, model, params)
            if cond:
                clauses.append(cond)
    if search.strip():
        clauses.append(
            "(vendor || ' ' || metric || ' ' || market || ' ' || coalesce(period, '') || ' ' || "
            "coalesce(quote, '') || ' ' || coalesce(title, '') || ' ' || coalesce(publisher, '') "
            "|| ' ' || coalesce(series, '')) ILIKE ?"
        )
        params.append(f"%{search.strip()}%")
    order = []
    for item in request.get("sortModel") or []:
        if item.get("colId") in GRID_COLUMNS:
            direction = "DESC" if item.get("sort") == "desc" else "ASC"
            order.append(f"{item['colId']} {direction} NULLS LAST")
    order.append("figure_id")
    start = _row(request.get("startRow"), 0)
    end = min(max(_row(request.get("endRow"), start + 100), start), start + MAX_GRID_BLOCK)
    cond = " AND ".join(clauses)
    cols = ", ".join(c if c != "figure_id" else "figure_id::VARCHAR AS figure_id" for c in GRID_COLUMNS)
    rows = con.execute(
        f"SELECT {cols} FROM all_figures WHERE {cond} ORDER BY {', '.join(order)} LIMIT ? OFFSET ?",
        params + [end - start, start],
    ).df()
    count = con.execute(f"SELECT count(*) FROM all_figures WHERE {cond}", params).fetchone()[0]
    rows["as_of"] = rows["as_of"].astype("string")
    return {
        "rowData": rows.astype(object).where(rows.notna(), None).to_dict("records"),
        "rowCount": int(count),
    }


def source_counts(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Figures per source series and metric: the chart on /sources."""
    where, params = _where(f)
    return con.execute(
        f"""SELECT series, metric, count(*) AS figures, count(DISTINCT coalesce(article, url)) AS documents
            FROM all_figures WHERE {where} GROUP BY series, metric ORDER BY series, metric""",
        params,
    ).df()


def sources_table(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """The filtered figure table with provenance columns (exports; the grid pages it instead)."""
    where, params = _where(f)
    lim = f"LIMIT {int(limit)}" if limit else ""
    return con.execute(
        f"""SELECT figure_id::VARCHAR AS figure_id, series, vendor, metric, market, period, value, unit,
                   qualifier, status, basis, source, url, quote, title, publisher, as_of AS date, note
            FROM all_figures WHERE {where} ORDER BY vendor, metric, period_start NULLS LAST {lim}""",
        params,
    ).df()


# ---------------------------------------------------------------------------------------------
# The store of the app serving the current request

STORE_KEY = "PHONEDASH_STORE"


def current_store() -> Store:
    """The `Store` of the Dash app handling this request (set by `create_app`)."""
    from flask import current_app

    return current_app.config[STORE_KEY]


_CHOICES_CACHE: dict[tuple, dict] = {}
_CHOICES_LOCK = threading.Lock()


def cached_choices(store: Store) -> dict[str, list[str]]:
    """`choices()` once per store file version (dropdowns are built on every page render).

    Computed outside the lock (two first requests may both compute; the results are equal) and
    swapped in under it, so a reader never sees the cache between clear and fill.
    """
    key = store.version
    with _CHOICES_LOCK:
        found = _CHOICES_CACHE.get(key)
    if found is not None:
        return found
    with store.connect() as con:
        computed = choices(con)
    with _CHOICES_LOCK:
        _CHOICES_CACHE.clear()
        _CHOICES_CACHE[key] = computed
    return computed
