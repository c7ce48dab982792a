"""Numbers in every written form, and the qualifiers around them (etl.numbers, etl.qualifiers)."""

from __future__ import annotations

import pytest

from etl.numbers import PERCENT, UNITS, find_quantities, parse_amount
from etl.qualifiers import qualifier, strip_qualifiers

# (text, [(value, unit, low, high, money), ...])
QUANTITIES = [
    ("shifted 31.4m handsets", [(31_400_000, UNITS, None, None, False)]),
    ("a total of 1.52bn units", [(1_520_000_000, UNITS, None, None, False)]),
    ("some 2.3 bn phones", [(2_300_000_000, UNITS, None, None, False)]),
    ("exactly 41,250,000 handsets", [(41_250_000, UNITS, None, None, False)]),
    ("about 64 million units", [(64_000_000, UNITS, None, None, False)]),
    ("nearly 900 thousand phones", [(900_000, UNITS, None, None, False)]),
    ("a quarter of a billion devices", [(250_000_000, UNITS, None, None, False)]),
    ("half a billion handsets", [(500_000_000, UNITS, None, None, False)]),
    ("more than a million orders", [(1_000_000, UNITS, None, None, False)]),
    ("two million units", [(2_000_000, UNITS, None, None, False)]),
    ("12 to 15 million phones", [(13_500_000, UNITS, 12_000_000, 15_000_000, False)]),
    ("12-15 million phones", [(13_500_000, UNITS, 12_000_000, 15_000_000, False)]),
    ("between 80 million and 85 million units", [(82_500_000, UNITS, 80_000_000, 85_000_000, False)]),
    ("a margin of 20 to 21.5 per cent", [(20.75, PERCENT, 20.0, 21.5, False)]),
    ("9 per cent", [(9.0, PERCENT, None, None, False)]),
    ("9%", [(9.0, PERCENT, None, None, False)]),
    ("9 percent", [(9.0, PERCENT, None, None, False)]),
    ("nine percent", [(9.0, PERCENT, None, None, False)]),
    ("Thirty-two per cent", [(32.0, PERCENT, None, None, False)]),
    ("+12% and -8%", [(12.0, PERCENT, None, None, False), (-8.0, PERCENT, None, None, False)]),
    ("$1.2 billion in revenue", [(1_200_000_000, UNITS, None, None, True)]),
    ("HK$300 million", [(300_000_000, UNITS, None, None, True)]),
    ("76.5 billion yuan", [(76_500_000_000, UNITS, None, None, True)]),
    ("priced at 19,999 rupees", [(19_999, None, None, None, True)]),
    ("grew from 20 to 25 per cent", [(20.0, None, None, None, False), (25.0, PERCENT, None, None, False)]),
    (
        "up 4% to 62 million units",
        [(4.0, PERCENT, None, None, False), (62_000_000, UNITS, None, None, False)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), QUANTITIES, ids=[t for t, _ in QUANTITIES])
def test_quantities(text, expected):
    found = [(q.value, q.unit, q.low, q.high, q.money) for q in find_quantities(text)]
    assert found == [(pytest.approx(v), u, lo, hi, m) for v, u, lo, hi, m in expected]


NOT_NUMBERS = [
    "sales in 4Q18 and Q2 2019",
    "a 5G modem and a 5,000mAh battery",
    "the Galaxy S10 and the P30 Pro",
    "launched in 2019 after 2018 ended",
    "on page 7 of chapter 3",
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_no_figure_numbers(text):
    """Years, model numbers, codes and small bare counts state no figure."""
    assert [q for q in find_quantities(text) if q.unit is not None] == []


def test_offsets_point_at_the_number():
    text = "Shipments hit 12.5 million units in March."
    (q,) = find_quantities(text, base=100)
    assert text[q.start - 100 : q.end - 100] == "12.5 million"


CELLS = [("1,472.4", 1472.4), ("**317.3**", 317.3), ("40.6%", 40.6), ("-16%", -16.0), ("n/a", None)]


@pytest.mark.parametrize(("cell", "value"), CELLS, ids=[c for c, _ in CELLS])
def test_table_cells(cell, value):
    assert parse_amount(cell) == value


# (sentence, the number in it, qualifier)
QUALIFIERS = [
    ("Oppo shipped about 30 million phones", "30 million", "approx"),
    ("Oppo shipped roughly 30 million phones", "30 million", "approx"),
    ("Oppo shipped close to 30 million phones", "30 million", "approx"),
    ("Oppo shipped an estimated 30 million phones", "30 million", "approx"),
    ("Oppo shipped some 30 million phones", "30 million", "approx"),
    ("Oppo shipped nearly 30 million phones", "30 million", "approx"),
    ("Oppo shipped more than 30 million phones", "30 million", "at_least"),
    ("Oppo shipped over 30 million phones", "30 million", "at_least"),
    ("Oppo's shipments topped 30 million", "30 million", "at_least"),
    ("Oppo held 10 percent or more of the market", "10 percent", "at_least"),
    ("Oppo shipped fewer than 30 million phones", "30 million", "at_most"),
    ("Oppo shipped just under 30 million phones", "30 million", "at_most"),
    ("Oppo could ship up to 30 million phones", "30 million", "at_most"),
    ("a margin that will never exceed 4 per cent", "4 per cent", "at_most"),
    ("it vowed never to earn more than 4 per cent", "4 per cent", "at_most"),
    ("a plan to cap its hardware margin at 4 per cent", "4 per cent", "at_most"),
    ("a 4 per cent ceiling", "4 per cent", "at_most"),
    ("Oppo shipped 30 million phones", "30 million", "exact"),
    ("Oppo shipped 25 to 30 million phones", "25 to 30 million", "range"),
]


@pytest.mark.parametrize(("sentence", "number", "expected"), QUALIFIERS, ids=[s for s, _, _ in QUALIFIERS])
def test_qualifiers(sentence, number, expected):
    low = sentence.lower()
    (q,) = [q for q in find_quantities(sentence) if q.text == number]
    assert qualifier(q, low[: q.start], low[q.end :]) == expected


def test_strip_qualifiers_leaves_the_verb():
    assert strip_qualifiers("sales rose by more than ") == "sales rose by"
