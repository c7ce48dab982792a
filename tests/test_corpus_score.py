"""The quality gate: the CLI's records over the shared development corpus, scored by the shared
scorer (../shared/tools/score_figures.py) against ../shared/corpus/gold.jsonl.

Thresholds from the project issue: overall F1 >= 0.90 and macro F1 >= 0.90 over the corpus and
the seed; the seed alone, given without a date, must come out exactly right (F1 = 1.0).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.shared

SEED_ID = "000_fb7a288068d0faf3"


def _cli() -> list[str]:
    """The installed `phonedash` console script beside this interpreter, else its entry point."""
    script = Path(sys.executable).with_name("phonedash")
    if script.exists():
        return [str(script)]
    found = shutil.which("phonedash")
    return [found] if found else [sys.executable, "-c", "from dashboard.cli import main; main()"]


def _extract(paths: list[Path], out: Path) -> None:
    run = subprocess.run(
        [*_cli(), "extract", "--format", "jsonl", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    out.write_text(run.stdout, encoding="utf-8")


def _score(shared: Path, gold: Path, pred: Path) -> dict:
    run = subprocess.run(
        [
            sys.executable,
            str(shared / "tools" / "score_figures.py"),
            "--gold",
            str(gold),
            "--pred",
            str(pred),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    table, _end = json.JSONDecoder().raw_decode(run.stdout)
    return table


@pytest.fixture(scope="module")
def corpus_score(shared, tmp_path_factory) -> dict:
    pred = tmp_path_factory.mktemp("corpus") / "pred.jsonl"
    seed = next((shared / "seed").glob(f"{SEED_ID}*"))
    _extract([shared / "corpus" / "articles", seed], pred)
    return _score(shared, shared / "corpus" / "gold.jsonl", pred)


def test_corpus_overall_f1(corpus_score):
    assert corpus_score["ALL"]["f1"] >= 0.90, corpus_score


def test_corpus_macro_f1(corpus_score):
    assert corpus_score["ALL"]["macro_f1"] >= 0.90, corpus_score


@pytest.mark.parametrize(
    "metric", ["shipments", "shipments_target", "market_share", "margin", "market_entry"]
)
def test_every_metric_is_found(corpus_score, metric):
    """No metric may be left behind by a good overall score."""
    assert corpus_score[metric]["f1"] >= 0.80, corpus_score[metric]


def test_seed_alone_without_a_date_is_exactly_right(shared, tmp_path):
    seed = next((shared / "seed").glob(f"{SEED_ID}*"))
    gold_lines = (shared / "corpus" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    seed_gold = [line for line in gold_lines if line.strip() and json.loads(line)["id"] == SEED_ID]
    assert len(seed_gold) == 1
    gold = tmp_path / "seed-gold.jsonl"
    gold.write_text(seed_gold[0] + "\n", encoding="utf-8")
    pred = tmp_path / "seed.jsonl"
    _extract([seed], pred)
    records = [json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert records and all(r["article"] == SEED_ID for r in records)
    score = _score(shared, gold, pred)
    assert score["ALL"]["f1"] == 1.0, score
    assert score["ALL"]["fp"] == 0
