"""Match extracted figure records against gold labels and count precision, recall and F1.

The rules are the ones `../shared/spec/figures.md` ("Scoring") states, so tests can grade the
extractor without ../shared; `test_sample_articles` checks that the counts agree with the
shared reference scorer wherever ../shared is present.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

UNIT_REL_TOL = 0.02  # units agree within 2 % of the gold value
PCT_ABS_TOL = 0.15  # percentages agree within 0.15 percentage points
PERCENT_METRICS = frozenset({"market_share", "margin"})
ENTRY = "market_entry"

Record = Mapping[str, object]


def _text(value: object) -> str | None:
    return None if value is None else str(value).strip()


def period_year(period: object) -> str | None:
    """The year an entry event falls in: `2018-07` -> `2018`, `FY2019-H1` -> `2019`."""
    found = re.search(r"\d{4}", _text(period) or "")
    return found.group(0) if found else None


def match_key(rec: Record) -> tuple:
    """What must be equal for two records to be the same figure (values aside)."""
    metric = _text(rec.get("metric"))
    vendor = _text(rec.get("vendor"))
    market = _text(rec.get("market")) or "Global"
    if metric == ENTRY:
        return (metric, vendor, market, _text(rec.get("status")), period_year(rec.get("period")))
    key = (metric, vendor, market, _text(rec.get("period")))
    return key + (_text(rec.get("basis")),) if metric == "margin" else key


def _close(metric: str | None, a: float, b: float) -> bool:
    if metric in PERCENT_METRICS:
        return abs(a - b) <= PCT_ABS_TOL
    return abs(a - b) <= UNIT_REL_TOL * max(abs(a), 1.0)


def values_agree(gold: Record, pred: Record) -> bool:
    """Whether `pred`'s value is the gold value, within tolerance; a gold range accepts its span."""
    metric = _text(gold.get("metric"))
    if metric == ENTRY:
        return True
    g, p = gold.get("value"), pred.get("value")
    if g is None or p is None:
        return g is None and p is None
    try:
        g, p = float(g), float(p)
    except (TypeError, ValueError):
        return False
    low, high = gold.get("value_low"), gold.get("value_high")
    if low is not None and high is not None:
        low, high = float(low), float(high)
        if low <= p <= high or _close(metric, low, p) or _close(metric, high, p):
            return True
    return _close(metric, g, p)


def same_figure(gold: Record, pred: Record) -> bool:
    return match_key(gold) == match_key(pred) and values_agree(gold, pred)


def unique_predictions(preds: Iterable[Record]) -> list[Record]:
    """Predictions with the same key and value count once (a fact repeated in headline and body)."""
    seen: set = set()
    out = []
    for rec in preds:
        ident = (match_key(rec), None if rec.get("metric") == ENTRY else rec.get("value"))
        if ident not in seen:
            seen.add(ident)
            out.append(rec)
    return out


@dataclass
class Comparison:
    """One article's outcome: which gold records were found, missed, and what was extra."""

    matched: list[tuple[Record, Record]] = field(default_factory=list)  # (gold, pred)
    missed: list[Record] = field(default_factory=list)
    extra: list[Record] = field(default_factory=list)

    @property
    def f1(self) -> float:
        tp, wrong = len(self.matched), len(self.missed) + len(self.extra)
        return 1.0 if tp + wrong == 0 else 2 * tp / (2 * tp + wrong)


def compare(gold: Iterable[Record], preds: Iterable[Record], left_out: Iterable[Record] = ()) -> Comparison:
    """Match one article's predictions to its gold, each gold record at most once.

    A prediction that only matches a `left_out` record (arguable either way) is neither a hit
    nor an extra.
    """
    gold = list(gold)
    left_out = list(left_out)
    used = [False] * len(gold)
    result = Comparison()
    for pred in unique_predictions(preds):
        hit = next((i for i, g in enumerate(gold) if not used[i] and same_figure(g, pred)), None)
        if hit is not None:
            used[hit] = True
            result.matched.append((gold[hit], pred))
        elif not any(same_figure(g, pred) for g in left_out):
            result.extra.append(pred)
    result.missed = [g for g, u in zip(gold, used, strict=True) if not u]
    return result


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    by_metric: dict[str, Tally]
    overall: Tally
    macro_f1: float
    articles: dict[str, Comparison]

    def describe(self, errors: bool = True) -> str:
        """A readable table, and every miss and extra, for assertion messages."""
        lines = [f"{'metric':18} {'tp':>4} {'fp':>4} {'fn':>4} {'f1':>6}"]
        for name, t in [*sorted(self.by_metric.items()), ("ALL", self.overall)]:
            lines.append(f"{name:18} {t.tp:4d} {t.fp:4d} {t.fn:4d} {t.f1:6.3f}")
        lines.append(f"macro F1 {self.macro_f1:.3f}")
        if errors:
            for aid, comp in self.articles.items():
                lines += [f"missed {aid}: {brief(g)}" for g in comp.missed]
                lines += [f"extra  {aid}: {brief(p)}" for p in comp.extra]
        return "\n".join(lines)


def brief(rec: Record) -> str:
    keep = ("metric", "vendor", "market", "period", "value", "qualifier", "status", "basis")
    return json.dumps({k: rec.get(k) for k in keep if rec.get(k) is not None})


def score(gold_articles: Iterable[Mapping], preds: Iterable[Record]) -> Report:
    """Micro P/R/F1 per metric and overall, and macro F1 over the gold articles.

    Predictions for articles absent from the gold are ignored.
    """
    by_article: dict[str, list[Record]] = defaultdict(list)
    for rec in preds:
        by_article[_text(rec.get("article"))].append(rec)
    tallies: dict[str, Tally] = defaultdict(Tally)
    comparisons: dict[str, Comparison] = {}
    for art in gold_articles:
        aid = _text(art["id"])
        comp = compare(art.get("figures", []), by_article.get(aid, []), art.get("left_out", []))
        comparisons[aid] = comp
        for g, _ in comp.matched:
            tallies[str(g.get("metric"))].tp += 1
        for p in comp.extra:
            tallies[str(p.get("metric"))].fp += 1
        for g in comp.missed:
            tallies[str(g.get("metric"))].fn += 1
    overall = Tally(*(sum(getattr(t, f) for t in tallies.values()) for f in ("tp", "fp", "fn")))
    macro = sum(c.f1 for c in comparisons.values()) / len(comparisons) if comparisons else 0.0
    return Report(dict(tallies), overall, macro, comparisons)


def load_gold(path: Path) -> list[dict]:
    """Gold file: one JSON object per line, {"id", "published", "figures": [...], "left_out"?}."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
