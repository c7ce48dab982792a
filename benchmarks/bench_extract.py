"""Extraction throughput and refresh times on generated articles (prints figures; asserts nothing).

    .venv/bin/python benchmarks/bench_extract.py [--n 2000] [--refresh-n 10000] [--jobs N]

1. extraction: N generated ~3 KB Markdown articles, parsed and extracted in this process on one
   core from bytes already in memory -> articles/s and MB/s per core;
2. refresh: a cold refresh of --refresh-n articles into a new store (all cores), then an
   unchanged re-refresh, in-process and as the `phonedash refresh` command (interpreter start
   included), then a re-refresh after one file changed.

The articles are generated from sentence patterns written for this script: vendors, markets,
periods and numbers in the written forms reports use, padded with figure-free prose.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VENDORS = ["Apple", "Samsung", "Xiaomi", "Huawei", "OPPO", "vivo", "Transsion", "realme", "Honor", "Lenovo"]
MARKETS = ["India", "China", "the US", "Europe", "Indonesia", "Brazil", "Japan", "Africa"]
FIRMS = ["IDC", "Canalys", "Counterpoint", "Strategy Analytics", "Gartner"]
QUARTERS = ["first", "second", "third", "fourth"]

FIGURES = [
    "{vendor} shipped {units} smartphones in the {quarter} quarter of {year}, according to {firm}.",
    "According to {firm}, {vendor} moved {units} handsets worldwide during {year}.",
    "{vendor} sold about {units} phones in {market} in Q{q} {year}, the research firm said.",
    "In {market}, {vendor} took {pct} per cent of smartphone shipments in the {quarter} quarter of {year}.",
    "{firm} put {vendor}'s share of the global smartphone market at {pct}% for {year}.",
    "{vendor} expects to ship more than {units} smartphones in {next_year}.",
    "The company set itself a target of {units} handsets for {next_year}, executives told investors.",
    "{vendor} reported a gross margin of {pct}% for the {quarter} quarter of {year}.",
    "Total smartphone shipments in {market} reached {units} in {year}, {firm} estimated.",
    "{vendor} said it would start selling its phones in {market} in {next_year}.",
]
PROSE = [
    "Component prices rose through the period, and several makers passed part of the cost on to buyers.",
    "Retail partners described demand for mid-range models as steady rather than spectacular.",
    "The launch calendar was crowded, with three flagship events within a fortnight of each other.",
    "Carriers in the region continued to cut subsidies, which shifted sales towards open-market channels.",
    "Online channels kept growing their slice of sales, helped by festival promotions and instalment plans.",
    "Several executives pointed to memory costs as the main squeeze on their hardware business.",
    "Foldable models drew attention at trade shows but remained a small niche of overall volume.",
    "Analysts cautioned that currency swings could blur comparisons with the previous year.",
    "Some brands trimmed their line-ups to focus marketing money on fewer, better-selling models.",
    "Supply of camera modules tightened late in the period, delaying a few planned launches.",
    "The replacement cycle has lengthened, as owners keep their handsets for three years or more.",
    "Regulators in a number of markets are looking more closely at how phones are sold on credit.",
]


def _units(rng: random.Random) -> str:
    millions = rng.uniform(2, 90)
    form = rng.randrange(4)
    if form == 0:
        return f"{millions:.1f} million"
    if form == 1:
        return f"{millions:.1f}m"
    if form == 2:
        return f"{round(millions * 1_000_000, -5):,.0f}"
    return f"{millions / 1000:.2f}bn" if millions > 50 else f"{millions:.0f} million"


def make_article(n: int, rng: random.Random, size: int = 3000) -> str:
    year = rng.randrange(2014, 2023)
    lines = [
        "---",
        f"title: Smartphone market roundup {n}",
        f"published: {year + 1}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 9)}",
        "publisher: Benchmark Wire",
        "---",
        "",
        f"# Smartphone market roundup {n}",
        "",
    ]
    body = 0
    while body < size - 200:
        paragraph = []
        for _ in range(3):
            if rng.random() < 0.4:
                q = rng.randrange(1, 5)
                sentence = rng.choice(FIGURES).format(
                    vendor=rng.choice(VENDORS),
                    market=rng.choice(MARKETS),
                    firm=rng.choice(FIRMS),
                    units=_units(rng),
                    pct=f"{rng.uniform(3, 30):.1f}",
                    quarter=QUARTERS[q - 1],
                    q=q,
                    year=year,
                    next_year=year + 1,
                )
            else:
                sentence = rng.choice(PROSE)
            paragraph.append(sentence)
        text = " ".join(paragraph)
        lines += [text, ""]
        body += len(text) + 2
    return "\n".join(lines)


def generate(folder: Path, n: int, seed: int = 7) -> int:
    """Write n articles into folder; returns the total bytes written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        data = make_article(i, rng).encode()
        (folder / f"bench-{i:05d}.md").write_bytes(data)
        total += len(data)
    return total


def bench_extraction(folder: Path) -> dict:
    from etl.pipeline import process
    from etl.sources import parse

    files = sorted(folder.iterdir())
    blobs = [(str(f), f.read_bytes()) for f in files]
    mb = sum(len(b) for _, b in blobs) / 1e6
    figures = 0
    started = time.perf_counter()
    for source, data in blobs:
        for article in parse(source, data):
            figures += len(process(article)[1])
    seconds = time.perf_counter() - started
    return {
        "articles": len(blobs),
        "seconds": seconds,
        "articles_per_s": len(blobs) / seconds,
        "mb_per_s": mb / seconds,
        "kb_per_article": mb * 1000 / len(blobs),
        "figures_per_article": figures / len(blobs),
    }


def bench_refresh(folder: Path, store: Path, jobs: int | None) -> dict:
    from etl.refresh import refresh

    out = {}
    started = time.perf_counter()
    cold = refresh([str(folder)], store=store, jobs=jobs)
    out["cold_s"] = time.perf_counter() - started
    out["figures"] = cold.figures
    out["failed"] = cold.failed
    started = time.perf_counter()
    again = refresh([str(folder)], store=store, jobs=jobs)
    out["unchanged_s"] = time.perf_counter() - started
    out["unchanged"] = again.unchanged
    exe = ROOT / ".venv" / "bin" / "phonedash"
    started = time.perf_counter()
    subprocess.run(
        [str(exe), "refresh", str(folder), "--store", str(store), "--json"], check=True, capture_output=True
    )
    out["unchanged_cli_s"] = time.perf_counter() - started
    one = sorted(folder.iterdir())[0]
    one.write_text(
        one.read_text() + "\nSamsung shipped 61.2 million smartphones in the second quarter of 2019.\n"
    )
    started = time.perf_counter()
    changed = refresh([str(folder)], store=store, jobs=jobs)
    out["one_changed_s"] = time.perf_counter() - started
    out["changed"] = changed.changed
    out["store_mb"] = store.stat().st_size / 1e6
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles for the extraction benchmark")
    parser.add_argument(
        "--refresh-n", type=int, default=10000, help="articles for the refresh benchmark (0: skip)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="refresh worker processes (default: all cores)"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="phonedash-bench-"))
    try:
        small = work / "extract"
        generate(small, args.n)
        ex = bench_extraction(small)
        rows = [
            ("extraction, 1 core, in-process", ""),
            ("  articles", f"{ex['articles']:,} x {ex['kb_per_article']:.1f} KB"),
            ("  figures per article", f"{ex['figures_per_article']:.1f}"),
            ("  articles/s per core", f"{ex['articles_per_s']:,.0f}"),
            ("  MB/s per core", f"{ex['mb_per_s']:.2f}"),
        ]
        if args.refresh_n:
            big = work / "refresh"
            generate(big, args.refresh_n, seed=11)
            rf = bench_refresh(big, work / "bench.duckdb", args.jobs)
            rows += [
                (f"refresh, {args.refresh_n:,} articles, jobs={args.jobs or os.cpu_count()}", ""),
                ("  cold", f"{rf['cold_s']:.2f} s ({rf['figures']:,} figures, {rf['failed']} failed)"),
                (
                    "  unchanged re-run (in-process)",
                    f"{rf['unchanged_s']:.2f} s ({rf['unchanged']:,} unchanged)",
                ),
                ("  unchanged re-run (phonedash CLI)", f"{rf['unchanged_cli_s']:.2f} s"),
                ("  one file changed", f"{rf['one_changed_s']:.2f} s ({rf['changed']} changed)"),
                ("  store size", f"{rf['store_mb']:.1f} MB"),
            ]
        width = max(len(r[0]) for r in rows)
        print(f"phonedash benchmark on {os.cpu_count()} core(s), Python {sys.version.split()[0]}")
        for label, value in rows:
            print(f"{label:<{width}}  {value}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
