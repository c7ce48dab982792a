"""The sample articles shipped in data/articles: they all parse, they cite the reference data's
sources, and the extractor finds what a careful reader labelled in them
(`fixtures/sample_expected.jsonl`, scored by the spec's matching rules in `scoring.py`).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from scoring import Report, load_gold, score

from etl.model import Failure
from etl.settings import ARTICLES_DIR, REFERENCE_DIR
from etl.sources import read_inputs

EXPECTED = Path(__file__).parent / "fixtures" / "sample_expected.jsonl"
GOLDEN = Path(__file__).parent / "fixtures" / "golden" / "gold.jsonl"
MIN_F1 = 0.9
SAMPLE_FILES = sorted(p for p in ARTICLES_DIR.iterdir() if p.suffix in (".md", ".txt", ".html", ".xml"))


def read_all(path: Path) -> list:
    return list(read_inputs([str(path)]))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_file_parses(path: Path) -> None:
    items = read_all(path)
    failures = [str(i) for i in items if isinstance(i, Failure)]
    assert not failures
    assert items, f"{path.name}: no article read"
    for article in items:
        assert len(article.text.split()) >= 40, f"{article.id}: text looks truncated"


def test_samples_cover_every_format_and_metric() -> None:
    formats = {a.format for p in SAMPLE_FILES for a in read_all(p)}
    assert {"markdown", "text", "html", "rss", "atom"} <= formats
    metrics = {f["metric"] for art in load_gold(EXPECTED) for f in art["figures"]}
    assert metrics == {"shipments", "shipments_target", "market_share", "margin", "market_entry"}


def test_expected_labels_cover_exactly_the_sample_articles() -> None:
    read_ids = {a.id for p in SAMPLE_FILES for a in read_all(p)}
    assert read_ids == {art["id"] for art in load_gold(EXPECTED)}


def reference_urls() -> set[str]:
    urls: set[str] = set()
    for name in ("shipments.csv", "targets.csv", "events.csv"):
        with open(REFERENCE_DIR / name, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                urls.update(v for k, v in row.items() if k and k.endswith("url") and v)
    return urls


def test_sample_urls_are_reference_sources() -> None:
    """Every sample that names a URL names the real source of its facts in data/reference."""
    known = reference_urls()
    cited = {a.id: a.url for p in SAMPLE_FILES for a in read_all(p) if a.url}
    assert len(cited) >= 12
    assert {aid: url for aid, url in cited.items() if url not in known} == {}


def as_record(rec: object, article_id: str) -> dict:
    out = dict(rec) if isinstance(rec, Mapping) else dataclasses.asdict(rec)
    out.setdefault("article", article_id)
    return out


@pytest.fixture(scope="module")
def sample_report() -> Report:
    from etl.pipeline import process

    preds = []
    for path in SAMPLE_FILES:
        for item in read_all(path):
            article, records = process(item)
            preds += [as_record(r, article.id) for r in records]
    return score(load_gold(EXPECTED), preds)


def test_extractor_scores_on_sample_articles(sample_report: Report) -> None:
    assert sample_report.overall.f1 >= MIN_F1, "\n" + sample_report.describe()


# --- the scorer itself ------------------------------------------------------------------------------

def gold_as_predictions(path: Path) -> list[dict]:
    return [dict(f, article=art["id"]) for art in load_gold(path) for f in art["figures"]]


@pytest.mark.parametrize("path", [EXPECTED, GOLDEN], ids=lambda p: p.name)
def test_gold_scores_perfectly_against_itself(path: Path) -> None:
    report = score(load_gold(path), gold_as_predictions(path))
    assert (report.overall.fp, report.overall.fn, report.macro_f1) == (0, 0, 1.0)


def perturbed(preds: list[dict]) -> list[dict]:
    """A deterministic mix of hits, misses, near misses, duplicates and extras."""
    out = []
    for n, rec in enumerate(preds):
        rec = dict(rec)
        step = n % 7
        if step == 0:
            continue  # missed
        if step == 1 and isinstance(rec.get("value"), (int, float)):
            rec["value"] = rec["value"] * (1.5 if rec["unit"] == "units" else 1) + 1  # wrong value
        elif step == 2 and rec["metric"] != "market_entry":
            rec["period"] = None  # wrong key
        elif step == 3:
            out.append(dict(rec))  # duplicate, counts once
        elif step == 4 and rec["metric"] == "market_entry":
            rec["period"] = (rec["period"] or "2000")[:4]  # same year still matches
        out.append(rec)
    return out


@pytest.mark.shared
@pytest.mark.parametrize("path", [EXPECTED, GOLDEN], ids=lambda p: p.name)
def test_scoring_agrees_with_shared_scorer(shared: Path, path: Path, tmp_path: Path) -> None:
    preds = perturbed(gold_as_predictions(path))
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps(r) + "\n" for r in preds), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(shared / "tools" / "score_figures.py"), "--gold", str(path),
         "--pred", str(pred_file), "--json"],
        capture_output=True, text=True, check=True,
    )
    theirs = json.loads(run.stdout[: run.stdout.rindex("}") + 1])
    mine = score(load_gold(path), preds)
    assert mine.overall.tp and mine.overall.fp and mine.overall.fn, "need hits, extras and misses"
    for metric, tally in [*mine.by_metric.items(), ("ALL", mine.overall)]:
        assert (tally.tp, tally.fp, tally.fn) == tuple(theirs[metric][k] for k in ("tp", "fp", "fn")), metric
    assert round(mine.macro_f1, 4) == theirs["ALL"]["macro_f1"]
