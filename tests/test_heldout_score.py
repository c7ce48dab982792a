"""Floors on the held-out article sets. Each was written blind, without looking at the extractor,
to see how its rules carry to unseen reporting: `heldout` first scored F1 0.556 and `heldout2`
0.766. The general gaps they exposed were then fixed, so both now guard those rules against
regressions rather than measure unseen text. Changing a floor is a decision, like trafilatura's
evaluation gate."""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring import Report, load_gold, score

from etl.model import Failure
from etl.pipeline import process
from etl.sources import read_inputs

FIXTURES = Path(__file__).parent / "fixtures"
# set -> floor (measured after the rule work: heldout 1.000, heldout2 0.952)
FLOORS = {"heldout": 0.95, "heldout2": 0.90}


def _report(name: str) -> Report:
    folder = FIXTURES / name
    preds = []
    for item in read_inputs([str(folder)]):
        assert not isinstance(item, Failure), str(item)
        _article, records = process(item)
        preds += records
    return score(load_gold(folder / "gold.jsonl"), preds)


@pytest.fixture(scope="module", params=sorted(FLOORS))
def heldout(request: pytest.FixtureRequest) -> tuple[str, Report]:
    return request.param, _report(request.param)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_every_heldout_article_has_gold(name: str) -> None:
    folder = FIXTURES / name
    ids = {a["id"] for a in load_gold(folder / "gold.jsonl")}
    read = {a.id for a in read_inputs([str(folder)]) if not isinstance(a, Failure)}
    assert read == ids


@pytest.mark.parametrize("what", ["overall", "macro"])
def test_heldout_score_holds_its_floor(heldout: tuple[str, Report], what: str) -> None:
    name, report = heldout
    got = report.overall.f1 if what == "overall" else report.macro_f1
    assert got >= FLOORS[name], f"{name}\n" + report.describe()
