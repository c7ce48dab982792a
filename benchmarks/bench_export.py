"""Export latency, cold (first export: Chromium starts) against warm (the server's steady state).

Usage: .venv/bin/python benchmarks/bench_export.py [--store PATH] [--chart volumes] [--repeat 10]

Prints one line per format: the cold time, then the median and p95 of warm exports through the
HTTP route (`/export/<chart>.<fmt>`, Flask test client: query, figure, render, response).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from flask import Flask

from dashboard import exports, kaleido_server
from dashboard.export_formats import FORMATS
from dashboard.filters import Filters
from etl import settings
from etl.store import ensure_store


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--chart", default="volumes", choices=exports.CHART_NAMES)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    store = settings.store_path(args.store)
    ensure_store(store)
    filters = Filters()

    kaleido_server.stop()
    cold_image = _timed(lambda: exports.export_payload(args.chart, "png", filters, store))
    kaleido_server.stop()
    cold_start = _timed(kaleido_server.warm_up)

    server = Flask("bench")
    exports.register_export_routes(server, store, warm=False)
    client = server.test_client()
    print(f"store: {store}  chart: {args.chart}  warm runs: {args.repeat}")
    print(f"cold png export (Chromium start included): {cold_image * 1000:7.0f} ms")
    print(f"Chromium start + warm-up render alone:      {cold_start * 1000:7.0f} ms")
    print(f"{'format':<6} {'bytes':>9} {'warm median':>12} {'warm p95':>9}")
    for fmt in FORMATS:
        url = exports.export_href(args.chart, fmt, filters)
        times, size = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}: {response.get_data(as_text=True)}")
            size = len(response.data)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{fmt:<6} {size:>9} {statistics.median(times) * 1000:>9.0f} ms {p95 * 1000:>6.0f} ms")
    kaleido_server.stop()


if __name__ == "__main__":
    main()
