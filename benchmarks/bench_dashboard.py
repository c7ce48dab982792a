"""Dashboard speed on a generated store of 1,000,000 figure rows (prints figures; asserts nothing).

1. Filter change, server side: the /volumes chart callback answering a POST to
   /_dash-update-component (query in DuckDB, figure built, JSON serialised), over a series of
   varied filter changes; p50/p95/max in ms. Target: p95 < 100 ms.
2. /volumes time-to-interactive in headless Chromium: from navigation start until the chart
   has drawn its lines and no callback is pending; median and worst of fresh loads. Target: < 2 s.

Usage: python benchmarks/bench_dashboard.py [--rows N] [--changes N] [--loads N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from dashboard_store import build_store  # noqa: E402

from dashboard.filters import Filters  # noqa: E402
from etl.settings import REFERENCE_DIR  # noqa: E402

FIRMS = ("IDC", "Canalys", "Counterpoint", "Omdia")


def _names(file: str, column: str) -> list[str]:
    con = duckdb.connect()
    return [
        r[0]
        for r in con.execute(f"SELECT {column} FROM read_csv_auto(?)", [str(REFERENCE_DIR / file)]).fetchall()
    ]


def generate_store(path: Path, rows: int) -> Path:
    """The shipped reference data (with its derived tables), plus `rows` generated figures in
    `all_figures` spread over vendors, markets, quarters and years, firms and articles."""
    build_store(path)
    vendors = [v for v in _names("vendors.csv", "vendor")]
    markets = _names("markets.csv", "market")
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "CREATE TEMP TABLE v AS SELECT unnest(?) AS name, generate_subscripts(?, 1) - 1 AS k",
            [vendors, vendors],
        )
        con.execute(
            "CREATE TEMP TABLE m AS SELECT unnest(?) AS name, generate_subscripts(?, 1) - 1 AS k",
            [markets, markets],
        )
        nv, nm = len(vendors), len(markets)
        # Research firms: a full grid of their usual coverage (12 vendors, 10 markets, 2010-2025,
        # quarters and years, units and shares), a tenth of it restated (older value kept as history).
        con.execute("""
            CREATE TEMP TABLE firm AS
            SELECT f.s AS series, v.k::INT AS vk, m.k::INT AS mk, y.y::INT AS year, q.q::INT AS quarter,
                   q.q = 0 AS yearly, met.metric, hash(f.s, v.k, m.k, y.y, q.q, met.metric) AS h
            FROM (VALUES ('IDC'), ('Canalys'), ('Counterpoint'), ('Omdia')) f(s),
                 (SELECT k FROM v WHERE k < 12 OR name IN ('Market', 'Others')) v,
                 (SELECT k FROM m WHERE k < 10) m,
                 range(2010, 2026) y(y), range(0, 5) q(q),
                 (VALUES ('shipments'), ('market_share')) met(metric)
        """)
        con.execute("""
            CREATE TEMP TABLE firm_rows AS
            SELECT series, vk, mk, year, quarter, yearly, metric, (h % 1000)::INT AS vroll,
                   CASE WHEN (h >> 20) % 12 = 0 THEN 3 ELSE 0 END AS flags FROM firm
            UNION ALL
            SELECT series, vk, mk, year, quarter, yearly, metric, ((h >> 10) % 1000)::INT, 2
            FROM firm WHERE (h >> 30) % 10 = 0
        """)
        n_firm = con.execute("SELECT count(*) FROM firm_rows").fetchone()[0]
        # Articles: the rest, any vendor and market (Global most often), any period and metric.
        con.execute(f"""
            CREATE TEMP TABLE parts AS
            SELECT row_number() OVER () - 1 AS i, * FROM (
                SELECT * FROM firm_rows
                UNION ALL
                SELECT 'Articles', (h % {nv})::INT,
                       CASE WHEN (h >> 8) % 10 < 4 THEN 0 ELSE ((h >> 12) % {nm})::INT END,
                       2008 + ((h >> 20) % 18)::INT, 1 + ((h >> 28) % 4)::INT, (h >> 32) % 10 = 0,
                       CASE WHEN (h >> 40) % 100 < 45 THEN 'shipments'
                            WHEN (h >> 40) % 100 < 80 THEN 'market_share'
                            WHEN (h >> 40) % 100 < 88 THEN 'shipments_target'
                            WHEN (h >> 40) % 100 < 93 THEN 'margin'
                            ELSE 'market_entry' END,
                       ((h >> 48) % 1000)::INT, ((h >> 58) % 10)::INT
                FROM (SELECT hash(i) AS h FROM range({max(int(rows) - n_firm, 0)}) t(i))
            )
        """)
        con.execute("""
            INSERT INTO all_figures BY NAME
            SELECT 'gen-' || i AS figure_id, 'generated' AS dataset, series,
                   CASE WHEN series = 'Articles' THEN 'article' ELSE 'firm' END AS source_kind,
                   CASE WHEN series = 'Articles' THEN 'gen-article-' || (i // 8) ELSE series END AS source,
                   v.name AS vendor, m.name AS market,
                   CASE WHEN yearly THEN year::VARCHAR ELSE year || '-Q' || quarter END AS period,
                   metric,
                   CASE metric WHEN 'market_entry' THEN NULL
                        WHEN 'market_share' THEN 0.5 + vroll / 40.0
                        WHEN 'margin' THEN 1 + vroll / 50.0
                        ELSE (2 + vroll / 10.0) * 1e6 * CASE WHEN yearly THEN 4 ELSE 1 END END AS value,
                   CASE WHEN metric IN ('market_share', 'margin') THEN 'percent'
                        WHEN metric = 'market_entry' THEN NULL ELSE 'units' END AS unit,
                   CASE WHEN flags = 1 THEN 'approx' ELSE 'exact' END AS qualifier,
                   CASE WHEN metric = 'market_entry'
                        THEN ['planned', 'entered', 'blocked', 'exit_planned', 'exited'][1 + (vroll % 5)]
                   END AS status,
                   CASE WHEN metric = 'margin' THEN 'gross' END AS basis,
                   make_date(year, 1, 1) + INTERVAL ((greatest(quarter, 1) * 3 + 1 - flags // 2)) MONTH
                     AS as_of,
                   FALSE AS as_of_estimated,
                   'https://example.test/' || series || '/' || i AS url,
                   CASE WHEN series = 'Articles'
                        THEN 'Generated sentence ' || i || ' says the vendor moved ' || (2 + vroll / 10.0)
                             || ' million phones.' END AS quote,
                   CASE WHEN series = 'Articles' THEN 'gen-article-' || (i // 8) END AS article,
                   CASE WHEN series = 'Articles' THEN 'Generated article ' || (i // 8) END AS title,
                   CASE WHEN series = 'Articles' THEN 'Generated Wire' ELSE series END AS publisher,
                   NULL AS note,
                   CASE WHEN yearly THEN make_date(year, 1, 1) ELSE make_date(year, quarter * 3 - 2, 1) END
                     AS period_start,
                   CASE WHEN yearly THEN make_date(year, 12, 31)
                        ELSE make_date(year, quarter * 3 - 2, 1) + INTERVAL 3 MONTH - INTERVAL 1 DAY END
                     AS period_end,
                   FALSE AS is_pledge,
                   flags <> 2 AS is_current,
                   flags = 3 AS conflict
            FROM (SELECT * FROM parts
            ) x JOIN v ON v.k = x.vk JOIN m ON m.k = x.mk
        """)
        con.execute("CHECKPOINT")
        total = con.execute("SELECT count(*) FROM all_figures").fetchone()[0]
    finally:
        con.close()
    print(f"store: {path} ({total:,} rows in all_figures, {path.stat().st_size / 1e6:.0f} MB)")
    return path


def filter_changes(n: int, seed: int = 7) -> list[Filters]:
    """Changes a user makes on /volumes: series, vendors, markets, periods, view options."""
    rnd = random.Random(seed)
    vendors = [
        "Apple",
        "Samsung",
        "Xiaomi",
        "Huawei",
        "OPPO",
        "vivo",
        "Honor",
        "Transsion",
        "realme",
        "Lenovo",
    ]
    markets = ["Global", "China", "India", "US", "Germany"]
    out = []
    for _ in range(n):
        start = rnd.randint(2000, 2022)
        out.append(
            Filters(
                series=rnd.choice(("IDC", "Canalys", "Counterpoint", "Omdia", "Articles", "Consensus")),
                vendors=tuple(rnd.sample(vendors, rnd.randint(0, 4))),
                markets=tuple(rnd.sample(markets, rnd.choice((0, 0, 1, 2)))),
                period_from=rnd.choice((None, str(start), f"{start}-Q2")),
                period_to=rnd.choice((None, str(start + rnd.randint(1, 5)))),
                granularity=rnd.choice(("quarter", "year")),
                measure=rnd.choice(("units", "share")),
                mode=rnd.choice(("lines", "stacked")),
            )
        )
    return out


def bench_callback(store: Path, changes: list[Filters]) -> list[float]:
    """ms per POST /_dash-update-component for the /volumes chart callback."""
    from dashboard.app import create_app

    app = create_app(store)
    client = app.server.test_client()
    client.get("/volumes")  # first request: sets up the pages router, like a real visit
    key = next(k for k in app.callback_map if "volumes-volumes-title.children" in k)
    outputs = [
        {"id": o.component_id, "property": o.component_property} for o in app.callback_map[key]["output"]
    ]
    timings = []
    for i, filters in enumerate([Filters(), *changes]):
        payload = {
            "output": key,
            "outputs": outputs,
            "changedPropIds": ["volumes-query.data"],
            "state": [],
            "inputs": [{"id": "volumes-query", "property": "data", "value": filters.to_query()}],
        }
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=payload)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"callback failed ({response.status_code}) for {filters.to_query()!r}")
        if i > 0:  # the first call warms caches, as the page's first render does
            timings.append(elapsed)
        json.loads(response.data)
    return timings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_tti(store: Path, loads: int) -> list[float]:
    """Seconds from navigation start to an interactive /volumes (chart drawn, nothing loading);
    every other load starts with an empty browser cache."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    port = _free_port()
    env = {**os.environ, "PHONEDASH_WARM_EXPORTS": "0"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "dashboard.app:server",
        ],
        cwd=ROOT,
        env={**env, "PHONEDASH_STORE": str(store)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--window-size=1280,900",
        ):
            opts.add_argument(arg)
        driver = webdriver.Chrome(
            service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=opts
        )
        # Marks the moment the chart has drawn its traces and no callback is pending, from inside
        # the page (polling from outside would add its own interval to every figure).
        driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument",
            {
                "source": """
            window.__ready = null;
            new MutationObserver(() => {
              if (window.__ready === null
                  && document.querySelector('#volumes-volumes-card .scatterlayer .trace')
                  && !document.querySelector("[data-dash-is-loading='true']")) {
                window.__ready = performance.now();
              }
            }).observe(document, {subtree: true, childList: true, attributes: true});
        """
            },
        )
        url = f"http://127.0.0.1:{port}/volumes"
        times = []
        try:
            driver.get(url)  # warm the server (first request builds the app and its caches)
            WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.__ready"))
            for i in range(loads):
                if i % 2 == 0:
                    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
                driver.get("about:blank")
                driver.get(url)
                ready = WebDriverWait(driver, 30, poll_frequency=0.05).until(
                    lambda d: d.execute_script("return window.__ready")
                )
                times.append(ready / 1000)
        finally:
            driver.quit()
    finally:
        server.terminate()
        server.wait(10)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--loads", type=int, default=6)
    parser.add_argument("--keep", type=Path, help="keep the generated store in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="phonedash-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    store = folder / "bench.duckdb"
    if not store.exists():
        start = time.perf_counter()
        generate_store(store, args.rows)
        print(f"generated in {time.perf_counter() - start:.1f} s")
    try:
        from dashboard.queries import Store

        start = time.perf_counter()
        with Store(store).connect():  # what the first request after a refresh pays
            pass
        print(f"points cache built on first request: {time.perf_counter() - start:.2f} s")
        timings = bench_callback(store, filter_changes(args.changes))
        q = statistics.quantiles(timings, n=100)
        print(
            f"filter change (server side, /volumes chart callback, {len(timings)} changes): "
            f"p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, max {max(timings):.0f} ms"
        )
        tti = bench_tti(store, args.loads)
        cold, warm = tti[0::2], tti[1::2]
        print(
            f"/volumes time to interactive (headless Chromium, {len(tti)} loads): "
            f"median {statistics.median(tti):.2f} s, worst {max(tti):.2f} s "
            f"(empty cache: median {statistics.median(cold):.2f} s"
            + (f"; cached: median {statistics.median(warm):.2f} s)" if warm else ")")
        )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
