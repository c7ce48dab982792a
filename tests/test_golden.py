"""Golden tests: small fixture articles, one per input format, each written to exercise a few
extraction rules (number forms, qualifiers and ranges, relative and fiscal periods, Markdown and
HTML tables, vendor aliases, markets, margin bases, entry statuses), read through the real
pipeline and compared strictly with hand labels in `fixtures/golden/gold.jsonl`.

Strict means: every gold record found (same key, value within the spec's tolerance), no record
beyond the gold, and the qualifier (and a range's bounds) as labelled.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pytest
from scoring import brief, compare, load_gold

from etl.model import Failure
from etl.sources import read_inputs

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
GOLD = {art["id"]: art for art in load_gold(GOLDEN / "gold.jsonl")}
INPUT_SUFFIXES = (".md", ".txt", ".html", ".xml")


def as_record(rec: object) -> dict:
    """A record as a plain dict, whether the pipeline hands out mappings or dataclasses."""
    if isinstance(rec, Mapping):
        return dict(rec)
    if dataclasses.is_dataclass(rec) and not isinstance(rec, type):
        return dataclasses.asdict(rec)
    raise TypeError(f"unexpected record type {type(rec).__name__}")


def fixture_file(article_id: str) -> Path:
    """The file an article id comes from: `g6_rss#2` -> `g6_rss.xml` (ids per the spec)."""
    stem = article_id.split("#")[0]
    matches = [p for p in GOLDEN.iterdir() if p.stem == stem and p.suffix in INPUT_SUFFIXES]
    assert len(matches) == 1, f"{article_id}: expected one fixture file named {stem}.*, found {matches}"
    return matches[0]


@cache
def extracted(path: Path) -> dict[str, list[dict]]:
    """Records per article id for one fixture file, through read_inputs and the pipeline."""
    from etl.pipeline import process

    out: dict[str, list[dict]] = {}
    for item in read_inputs([str(path)]):
        assert not isinstance(item, Failure), str(item)
        article, records = process(item)
        out[article.id] = [as_record(r) for r in records]
    return out


def records_for(article_id: str) -> list[dict]:
    by_id = extracted(fixture_file(article_id))
    assert article_id in by_id, f"{article_id} not read from {fixture_file(article_id).name}: {sorted(by_id)}"
    return by_id[article_id]


def test_every_fixture_file_has_gold() -> None:
    stems = {p.stem for p in GOLDEN.iterdir() if p.suffix in INPUT_SUFFIXES}
    labelled = {aid.split("#")[0] for aid in GOLD}
    assert stems == labelled


def test_fixtures_cover_every_input_format() -> None:
    formats = {item.format for p in GOLDEN.iterdir() if p.suffix in INPUT_SUFFIXES
               for item in read_inputs([str(p)]) if not isinstance(item, Failure)}
    assert {"markdown", "text", "html", "rss", "atom"} <= formats


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_articles_read_as_labelled(article_id: str) -> None:
    """Each gold id is one article of its fixture file, with the publication date the gold assumes."""
    path = fixture_file(article_id)
    items = {a.id: a for a in read_inputs([str(path)]) if not isinstance(a, Failure)}
    assert article_id in items
    article = items[article_id]
    stated = article.published if article.published and not article.published_inferred else None
    stated = stated and stated.isoformat()
    assert stated == GOLD[article_id]["published"]


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_golden_records(article_id: str) -> None:
    gold = GOLD[article_id]
    result = compare(gold["figures"], records_for(article_id), gold.get("left_out", []))
    problems = [f"missed {brief(g)}" for g in result.missed] + [f"extra  {brief(p)}" for p in result.extra]
    assert not problems, f"{article_id}:\n  " + "\n  ".join(problems)


def label_mismatches(gold: Mapping, pred: Mapping) -> list[str]:
    """How a matched prediction differs from its gold record in qualifier, unit or range bounds."""
    out = [f"{k} {pred.get(k)!r}, want {gold.get(k)!r}"
           for k in ("qualifier", "unit") if pred.get(k) != gold.get(k)]
    for k in ("value_low", "value_high"):
        want, got = gold.get(k), pred.get(k)
        if want is not None and (got is None or abs(float(got) - want) > 0.02 * max(abs(want), 1.0)):
            out.append(f"{k} {got!r}, want {want!r}")
    return out


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_golden_qualifiers(article_id: str) -> None:
    """Matched records also carry the labelled qualifier, unit and range bounds."""
    result = compare(GOLD[article_id]["figures"], records_for(article_id))
    wrong = [f"{brief(g)}: {'; '.join(diff)}" for g, p in result.matched if (diff := label_mismatches(g, p))]
    assert not wrong, f"{article_id}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_records_name_their_article(article_id: str) -> None:
    """The `article` field of every record is the article's id (spec: feed items are `<stem>#<n>`)."""
    ids = {r.get("article") for r in records_for(article_id)}
    assert ids <= {article_id}
