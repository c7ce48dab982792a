"""Which research firm a figure is attributed to: the one its sentence names, else the one named
last before it (a tracker story names its firm once), else none."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract import extract_figures
from etl.model import Article

CASES = [
    pytest.param(
        "Canalys said Lenovo shipped 12.1 million smartphones in the second quarter of 2016.",
        [("Lenovo", "Canalys")],
        id="firm-in-the-sentence",
    ),
    pytest.param(
        "IDC published its tracker on Tuesday. Lenovo shipped 12.1 million smartphones in the second "
        "quarter of 2016. Strategy Analytics counted it differently. It put Lenovo at 13.0 million units "
        "in the second quarter of 2016.",
        [("Lenovo", "IDC"), ("Lenovo", "Strategy Analytics")],
        id="last-firm-named-before",
    ),
    pytest.param(
        "Lenovo shipped 12.1 million smartphones in the second quarter of 2016.",
        [("Lenovo", None)],
        id="no-firm-named",
    ),
]


@pytest.mark.parametrize("body, expected", CASES)
def test_attribution(body: str, expected: list[tuple[str, str | None]]) -> None:
    article = Article(id="a", text=body, source="a.md", format="markdown", published=date(2016, 8, 1))
    records = [r for r in extract_figures(article) if r["metric"] == "shipments"]
    assert [(r["vendor"], r["attribution"]) for r in records] == expected
