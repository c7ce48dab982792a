"""Vendor and market names: reference aliases, the extra lexicon, and the roles names play."""

from __future__ import annotations

import pytest

from etl.markets import EXCLUDED, find_markets
from etl.vendors import (
    INCLUDED,
    MODEL,
    NAME,
    SPEAKER,
    find_descriptors,
    find_vendors,
    parent_of,
    vendor_of,
)

# (text, [(spelling, canonical vendor or None for a model, role), ...])
VENDORS = [
    (
        "Samsung Electronics beat Oppo and Vivo",
        [("Samsung Electronics", "Samsung", NAME), ("Oppo", "OPPO", NAME), ("Vivo", "vivo", NAME)],
    ),
    (
        "the iPhone maker and the Cupertino company",
        [("the iPhone maker", "Apple", NAME), ("the Cupertino company", "Apple", NAME)],
    ),
    ("sold by HMD Global under the Nokia name", [("HMD Global", "Nokia", NAME), ("Nokia", "Nokia", NAME)]),
    (
        "brands Tecno, Infinix and itel",
        [("Tecno", "Transsion", NAME), ("Infinix", "Transsion", NAME), ("itel", "Transsion", NAME)],
    ),
    ("Redmi and POCO phones", [("Redmi", "Xiaomi", NAME), ("POCO", "Xiaomi", NAME)]),
    ("Alcatel handsets", [("Alcatel", "TCL", NAME)]),
    ("an operator, China Mobile, said", [("China Mobile", "China Mobile", NAME)]),
    ("Honor chief George Zhao said", [("Honor", "Honor", SPEAKER)]),
    ("OnePlus co-founder Carl Pei", [("OnePlus", "OnePlus", SPEAKER)]),
    ("Huawei, including its Honor brand, grew", [("Huawei", "Huawei", NAME), ("Honor", "Honor", INCLUDED)]),
    ("Lenovo (incl. Motorola) took 9%", [("Lenovo", "Lenovo", NAME), ("Motorola", "Motorola", INCLUDED)]),
    ("the Galaxy Note 9 and the Mi 9 Pro", [("Galaxy Note 9", None, MODEL), ("Mi 9 Pro", None, MODEL)]),
    ("the P30 series and the nova range", [("P30 series", None, MODEL), ("nova range", None, MODEL)]),
    ("Nothing's Phone (1) arrived", [("Nothing", "Nothing", NAME), ("Phone (1)", None, MODEL)]),
    ("Nothing, the London start-up, grew", [("Nothing", "Nothing", NAME)]),
    ("Nothing about it was easy", []),
    ("a sharp drop; Sharp held 10%", [("Sharp", "Sharp", NAME)]),
    ("Sharp rise in sales", []),
]


@pytest.mark.parametrize(("text", "expected"), VENDORS, ids=[v[0] for v in VENDORS])
def test_vendor_mentions(text, expected):
    assert [(v.text, v.vendor, v.role) for v in find_vendors(text)] == expected


def test_possessive_is_marked():
    (mention,) = find_vendors("Xiaomi's shipments")
    assert mention.possessive


@pytest.mark.parametrize(
    ("spelling", "vendor"),
    [("HMD Global", "Nokia"), ("Motorola Mobility", "Motorola"), ("Research In Motion", "BlackBerry")],
)
def test_vendor_of(spelling, vendor):
    assert vendor_of(spelling) == vendor


@pytest.mark.parametrize(
    ("brand", "year", "parent"), [("Honor", 2019, "Huawei"), ("Honor", 2022, None), ("POCO", 2022, "Xiaomi")]
)
def test_sub_brands_fold_into_their_parent_while_owned(brand, year, parent):
    assert parent_of(brand, year) == parent


# (text, [(spelling, market, kind), ...])
MARKETS = [
    (
        "shipments in the United States and the U.S.",
        [("United States", "US", "name"), ("U.S.", "US", "name")],
    ),
    ("in Britain and the UK", [("Britain", "UK", "name"), ("UK", "UK", "name")]),
    (
        "across Asia-Pacific and Latin America",
        [("Asia-Pacific", "Asia Pacific", "name"), ("Latin America", "Latin America", "name")],
    ),
    ("in the Middle East and Africa", [("Middle East and Africa", "Middle East and Africa", "name")]),
    ("in Central and Eastern Europe", [("Central and Eastern Europe", "Central and Eastern Europe", "name")]),
    ("the Indian smartphone market", [("Indian", "India", "demonym")]),
    ("German buyers", [("German", "Germany", "demonym")]),
    ("the German company", []),
    ("Chinese brands", []),
    ("in Greater China", []),
    ("sales outside Japan", [("Japan", "Japan", EXCLUDED)]),
    ("the world's biggest vendor", []),
    ("sold worldwide", [("worldwide", "Global", "name")]),
    ("Globally, demand fell", [("Globally", "Global", "name")]),
    ("a US-only model", [("US", "US", "name")]),
    ("operators such as China Mobile", []),
]


@pytest.mark.parametrize(("text", "expected"), MARKETS, ids=[m[0] for m in MARKETS])
def test_market_mentions(text, expected):
    assert [(m.text, m.market, m.kind) for m in find_markets(text)] == expected


def test_mention_offsets_point_into_the_text():
    text = "Xiaomi entered Spain."
    (v,) = find_vendors(text, base=10)
    (m,) = find_markets(text, base=10)
    assert text[v.start - 10 : v.end - 10] == "Xiaomi"
    assert text[m.start - 10 : m.end - 10] == "Spain"


# (lowercased text, the vendors each origin descriptor in it may mean)
DESCRIPTORS = [
    ("the korean group moved", [("Samsung", "LG")]),
    ("the south korean electronics giant said", [("Samsung", "LG")]),
    ("the finnish brand shipped", [("Nokia",)]),
    ("the beijing-based company grew", [("Xiaomi", "Lenovo")]),
    ("chinese brands grew", []),  # a group, not one company
    ("the chinese market grew", []),  # a market, not a company
    ("the japanese firms", []),
]


@pytest.mark.parametrize(("text", "expected"), DESCRIPTORS, ids=[d[0] for d in DESCRIPTORS])
def test_origin_descriptors(text, expected):
    assert [options for _s, _e, options in find_descriptors(text)] == expected
