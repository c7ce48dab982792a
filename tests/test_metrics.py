"""The figure rules, one table of own-written example sentences per metric.

Each case is a short article body (under a neutral headline) with a publication date and the
exact set of records the extractor must return for it: nothing missing, nothing extra.
"""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract import extract_figures
from etl.model import FIGURE_FIELDS, Article

PUB = date(2019, 5, 10)
HEADLINE = "Phone makers report results"


def figures(body: str, published: date | None = PUB, headline: str = HEADLINE) -> list[tuple]:
    article = Article(
        id="case", text=f"{headline}\n\n{body}", source="case", format="text", published=published
    )
    keys = ("metric", "vendor", "market", "period", "value", "qualifier", "status", "basis")
    return sorted((tuple(r[k] for k in keys) for r in extract_figures(article)), key=repr)


def S(vendor, market, period, value, qualifier="exact"):
    return ("shipments", vendor, market, period, float(value), qualifier, None, None)


def T(vendor, market, period, value, qualifier="exact"):
    return ("shipments_target", vendor, market, period, float(value), qualifier, None, None)


def M(vendor, market, period, value, qualifier="exact"):
    return ("market_share", vendor, market, period, float(value), qualifier, None, None)


def G(vendor, period, value, basis, qualifier="exact"):
    return ("margin", vendor, "Global", period, float(value), qualifier, None, basis)


def E(vendor, market, period, status):
    return ("market_entry", vendor, market, period, None, "exact", status, None)


def run_cases(cases):
    return pytest.mark.parametrize(("body", "published", "expected"), cases, ids=[c[0][:70] for c in cases])


SHIPMENTS = [
    (
        "Oppo moved 30.1 million handsets in the first quarter of 2019.",
        PUB,
        [S("OPPO", "Global", "2019-Q1", 30.1e6)],
    ),
    (
        "In the January-March period, vivo sold roughly 23m smartphones in China.",
        PUB,
        [S("vivo", "China", "2019-Q1", 23e6, "approx")],
    ),
    (
        "Realme's shipments reached 4.5 million units in India during Q1 2019.",
        PUB,
        [S("realme", "India", "2019-Q1", 4.5e6)],
    ),
    (
        "The global market contracted to 310.8 million units in 1Q19, according to Strategy Analytics.",
        PUB,
        [S("Market", "Global", "2019-Q1", 310.8e6)],
    ),
    (
        "Lenovo shipped 9.5 million phones last quarter, down from 10.2 million a year earlier.",
        PUB,
        [S("Lenovo", "Global", "2018-Q1", 10.2e6), S("Lenovo", "Global", "2019-Q1", 9.5e6)],
    ),
    (
        "Samsung sold 71.9m phones in 1Q19 while Apple sold 43m iPhones.",
        PUB,
        [S("Apple", "Global", "2019-Q1", 43e6), S("Samsung", "Global", "2019-Q1", 71.9e6)],
    ),
    (
        "Global smartphone shipments totalled 1.41 billion units in 2018.",
        PUB,
        [S("Market", "Global", "2018", 1.41e9)],
    ),
    (
        "In the three months to March, Xiaomi shipped 32.1 million phones.",
        PUB,
        [S("Xiaomi", "Global", "2019-Q1", 32.1e6)],
    ),
    (
        "Transsion, which sells phones under the Tecno, Infinix and itel brands, shipped 124 "
        "million handsets in 2018.",
        PUB,
        [S("Transsion", "Global", "2018", 124e6)],
    ),
    ("Honor's global shipments reached 54 million in 2018.", PUB, [S("Honor", "Global", "2018", 54e6)]),
    (
        "Huawei and its Honor brand together shipped 59 million phones in the first quarter of 2019.",
        PUB,
        [S("Huawei", "Global", "2019-Q1", 59e6)],
    ),
    (
        "Lenovo sold 3.1 million tablets and 10.4 million smartphones in the second quarter of 2017.",
        PUB,
        [S("Lenovo", "Global", "2017-Q2", 10.4e6)],
    ),
    (
        "IDC counted 13.7 million Motorola phones in the fourth quarter of 2018, against 12 million for LG.",
        PUB,
        [S("LG", "Global", "2018-Q4", 12e6), S("Motorola", "Global", "2018-Q4", 13.7e6)],
    ),
    (
        "Apple sold 52.2 million iPhones in the quarter that ended in March, compared with 50.8 "
        "million a year ago.",
        date(2018, 5, 2),
        [S("Apple", "Global", "2017-Q1", 50.8e6), S("Apple", "Global", "2018-Q1", 52.2e6)],
    ),
    (
        "Xiaomi shipped 10 million phones in India in the fourth quarter, against 8 million in China.",
        PUB,
        [S("Xiaomi", "China", "2018-Q4", 8e6), S("Xiaomi", "India", "2018-Q4", 10e6)],
    ),
    (
        "According to Canalys, Xiaomi's shipments in Europe jumped 48% to 4.3 million units in Q1 2019.",
        PUB,
        [S("Xiaomi", "Europe", "2019-Q1", 4.3e6)],
    ),
    (
        "Apple's iPhone shipments fell to 36.4 million in the first quarter of 2019.",
        PUB,
        [S("Apple", "Global", "2019-Q1", 36.4e6)],
    ),
    (
        "Oppo, Vivo and Xiaomi shipped 30 million, 25 million and 20 million units respectively in Q4 2018.",
        PUB,
        [
            S("OPPO", "Global", "2018-Q4", 30e6),
            S("vivo", "Global", "2018-Q4", 25e6),
            S("Xiaomi", "Global", "2018-Q4", 20e6),
        ],
    ),
    (
        "Huawei came second in Q4 2018, with shipments of 59.1 million units, up 50% year on year.",
        PUB,
        [S("Huawei", "Global", "2018-Q4", 59.1e6)],
    ),
    (
        "Vivo's shipments in the quarter ended December 2018 were 24.1 million.",
        PUB,
        [S("vivo", "Global", "2018-Q4", 24.1e6)],
    ),
    (
        "OnePlus grew its shipments to 1.3 million units in India in 2018.",
        PUB,
        [S("OnePlus", "India", "2018", 1.3e6)],
    ),
    (
        "Xiaomi, the world's fourth-largest smartphone maker, sold 27.5 million phones in the first quarter "
        "of 2019.",
        PUB,
        [S("Xiaomi", "Global", "2019-Q1", 27.5e6)],
    ),
    (
        "Apple said it sold more than 50 million iPhones in its fiscal first quarter of 2019.",
        PUB,
        [S("Apple", "Global", "FY2019-Q1", 50e6, "at_least")],
    ),
]

NOT_SHIPMENTS = [
    ("Huawei's tablet shipments rose to 3 million in the quarter.", PUB, []),
    ("Xiaomi has sold more than 50 million Redmi Note phones since launch.", PUB, []),
    ("Apple sells around 200 million iPhones every year.", PUB, []),
    ("Shipments of 5G smartphones reached 20 million in the first quarter of 2019.", PUB, []),
    ("Oppo's Reno 2 sold 2 million units in its first month.", PUB, []),
    ("Vivo has shipped 40 million phones so far this year.", PUB, []),
    ("The Indian market grew by 12 million units in 2018.", PUB, []),
    ("Huawei employs 194,000 people in 170 countries.", PUB, []),
    ("Samsung will invest $22 billion over three years.", PUB, []),
    ("The company shipped 7 million smartwatches in 2018.", PUB, []),
]

TARGETS = [
    (
        "Vivo is targeting 130 million shipments in 2020, its chief executive said.",
        PUB,
        [T("vivo", "Global", "2020", 130e6)],
    ),
    (
        "Analysts forecast that Apple will ship 195 million iPhones this year.",
        PUB,
        [T("Apple", "Global", "2019", 195e6)],
    ),
    (
        "IDC projects that smartphone shipments in India will hit 150 million in 2020.",
        PUB,
        [T("Market", "India", "2020", 150e6)],
    ),
    (
        "OnePlus hopes to sell up to 10 million phones next year.",
        PUB,
        [T("OnePlus", "Global", "2020", 10e6, "at_most")],
    ),
    (
        "Sony now expects to sell 5 million smartphones in the fiscal year ending March 2020.",
        PUB,
        [T("Sony", "Global", "FY2020", 5e6)],
    ),
    (
        "Oppo aims to ship 120 to 130 million phones in 2019.",
        PUB,
        [T("OPPO", "Global", "2019", 125e6, "range")],
    ),
    (
        "Samsung shipped 72 million phones in the first quarter of 2019, short of the 75 million "
        "analysts had expected.",
        PUB,
        [S("Samsung", "Global", "2019-Q1", 72e6), T("Samsung", "Global", "2019-Q1", 75e6)],
    ),
    (
        "Xiaomi expects to ship 125 million phones this year after moving 119 million last year.",
        PUB,
        [S("Xiaomi", "Global", "2018", 119e6), T("Xiaomi", "Global", "2019", 125e6)],
    ),
    ("The company expects to ship 2.5 million foldable phones next year.", PUB, []),
    (
        "Shipments of 1.5 billion units are forecast for 2020, IDC said.",
        PUB,
        [T("Market", "Global", "2020", 1.5e9)],
    ),
    (
        "IDC expects shipments to decline 2.3% to 1.35 billion units in 2019.",
        PUB,
        [T("Market", "Global", "2019", 1.35e9)],
    ),
    (
        "Huawei's smartphone shipments are expected to reach 250 million this year.",
        PUB,
        [T("Huawei", "Global", "2019", 250e6)],
    ),
]

SHARES = [
    (
        "Samsung's share of the Indian market stood at 22.6% in the first quarter of 2019.",
        PUB,
        [M("Samsung", "India", "2019-Q1", 22.6)],
    ),
    (
        "In Western Europe, Huawei captured 24 per cent of shipments in Q1 2019, while Apple had "
        "19 per cent.",
        PUB,
        [M("Apple", "Western Europe", "2019-Q1", 19), M("Huawei", "Western Europe", "2019-Q1", 24)],
    ),
    (
        "Xiaomi's share rose 2 percentage points to 12% in the first quarter of 2019.",
        PUB,
        [M("Xiaomi", "Global", "2019-Q1", 12)],
    ),
    (
        "Samsung led with 22.1% of shipments, followed by Huawei (17.6%) and Apple (11.8%), in the "
        "first quarter of 2019.",
        PUB,
        [
            M("Apple", "Global", "2019-Q1", 11.8),
            M("Huawei", "Global", "2019-Q1", 17.6),
            M("Samsung", "Global", "2019-Q1", 22.1),
        ],
    ),
    (
        "Apple's market share in China fell to 7 percent in the first quarter of 2019 from 9 "
        "percent a year earlier.",
        PUB,
        [M("Apple", "China", "2018-Q1", 9), M("Apple", "China", "2019-Q1", 7)],
    ),
    (
        "Shipments in Indonesia reached 9 million units in 2H18, with Oppo on top at 24%.",
        PUB,
        [M("OPPO", "Indonesia", "2018-H2", 24), S("Market", "Indonesia", "2018-H2", 9e6)],
    ),
    (
        "In the fourth quarter of 2018, Oppo and Vivo held 20 per cent each of the Indian market.",
        PUB,
        [M("OPPO", "India", "2018-Q4", 20), M("vivo", "India", "2018-Q4", 20)],
    ),
    (
        "All other vendors together took 35% of shipments in the first quarter of 2019.",
        PUB,
        [M("Others", "Global", "2019-Q1", 35)],
    ),
    (
        "HMD Global, the Finnish company that makes Nokia phones, shipped 4.4 million smartphones "
        "in Q4 2018, lifting "
        "its global share to 1.1%.",
        PUB,
        [M("Nokia", "Global", "2018-Q4", 1.1), S("Nokia", "Global", "2018-Q4", 4.4e6)],
    ),
    (
        "The top three vendors in Q4 2018 were Samsung (21%), Apple (15%) and Huawei (14%).",
        PUB,
        [
            M("Samsung", "Global", "2018-Q4", 21),
            M("Apple", "Global", "2018-Q4", 15),
            M("Huawei", "Global", "2018-Q4", 14),
        ],
    ),
    (
        "In India, Xiaomi's market share was 28.9 per cent in the third quarter of 2018, ahead of Samsung's "
        "18.9 per cent.",
        PUB,
        [M("Samsung", "India", "2018-Q3", 18.9), M("Xiaomi", "India", "2018-Q3", 28.9)],
    ),
    (
        "Market share in Q4 2018: Samsung 19%, Apple 18%.",
        PUB,
        [M("Apple", "Global", "2018-Q4", 18), M("Samsung", "Global", "2018-Q4", 19)],
    ),
    (
        "Samsung was the leader in Western Europe in Q4 2018 with a market share of 32 per cent.",
        PUB,
        [M("Samsung", "Western Europe", "2018-Q4", 32)],
    ),
]

NOT_SHARES = [
    ("Android accounted for 86 percent of smartphone shipments in 2018.", PUB, []),
    ("Apple's share of the premium segment reached 60% in 2018.", PUB, []),
    ("Samsung and Apple together controlled 40% of the market in 2018.", PUB, []),
    ("Huawei's shipments grew 50% year on year in the first quarter of 2019.", PUB, []),
    ("The Galaxy S10 offers up to 30 per cent faster charging and a 4,000mAh battery.", PUB, []),
    ("Apple cut the price of the iPhone XR by 15 per cent in China.", PUB, []),
    ("Xiaomi shares rose 6% in Hong Kong on Tuesday.", PUB, []),
    ("The US imposed a 25 per cent tariff on Chinese phones.", PUB, []),
    ("OnePlus offered a 20% discount on its older models.", PUB, []),
    ("About 60 per cent of Indians now own a smartphone, a survey found.", PUB, []),
    ("Apple's services revenue grew to $11.5 billion, 20% of its total.", PUB, []),
    ("Samsung's display unit supplies 40% of Apple's OLED panels.", PUB, []),
    ("Xiaomi owns a 10 per cent stake in the start-up.", PUB, []),
    ("Vivo has 30 per cent more stores than a year ago.", PUB, []),
    ("The top five vendors took 70% of the market in 2018.", PUB, []),
    (
        "Honor phones made up 30 per cent of the 60 million smartphones Huawei shipped in the "
        "third quarter of 2018.",
        PUB,
        [S("Huawei", "Global", "2018-Q3", 60e6)],
    ),
]

MARGINS = [
    (
        "Apple reported a gross margin of 37.6% for its fiscal second quarter of 2019.",
        PUB,
        [G("Apple", "FY2019-Q2", 37.6, "gross")],
    ),
    (
        "Samsung's mobile division posted an operating margin of 11 percent in the first quarter of 2019.",
        PUB,
        [G("Samsung", "2019-Q1", 11, "operating")],
    ),
    ("Xiaomi said its net profit margin was 4.3 per cent in 2018.", PUB, [G("Xiaomi", "2018", 4.3, "net")]),
    ("Realme has promised never to make more than 3 per cent net profit on its hardware.", PUB, []),
    (
        "Realme has promised that its hardware net margin will never exceed 3 per cent.",
        PUB,
        [G("realme", None, 3, "hardware_net", "at_most")],
    ),
    (
        "Apple guided to a gross margin of 37 to 38 per cent for the June quarter.",
        PUB,
        [G("Apple", "2019-Q2", 37.5, "gross", "range")],
    ),
    ("Its hardware margin was below 2 per cent in 2018, well under its 5 per cent cap.", PUB, []),
]

ENTRIES = [
    (
        "Realme launched in Europe on Wednesday with two phones.",
        PUB,
        [E("realme", "Europe", "2019", "entered")],
    ),
    ("Oppo plans to enter the British market next year.", PUB, [E("OPPO", "UK", "2020", "planned")]),
    (
        "The Indian government banned ZTE from selling phones in India in March.",
        PUB,
        [E("ZTE", "India", "2019", "blocked")],
    ),
    (
        "HTC announced on Tuesday that it will exit the Indian market.",
        PUB,
        [E("HTC", "India", "2019", "exit_planned")],
    ),
    ("Sony has pulled out of Australia.", PUB, [E("Sony", "Australia", "2019", "exited")]),
    ("Vivo began selling phones in Britain in 2020.", date(2021, 3, 1), [E("vivo", "UK", "2020", "entered")]),
    ("Meizu quit the smartphone business.", PUB, []),
    ("Meizu has quit the smartphone business.", PUB, [E("Meizu", "Global", "2019", "exited")]),
    ("Samsung said it would continue to sell phones in China.", PUB, []),
    ("Regulators tried to block Huawei from the German market.", PUB, []),
    (
        "Verizon dropped plans to sell the Mate 20 under pressure from Washington, Huawei said on Monday.",
        PUB,
        [E("Huawei", "US", "2019", "blocked")],
    ),
    ("Verizon dropped plans to sell the Mate 20 after weak demand.", PUB, []),
]


@run_cases(SHIPMENTS + NOT_SHIPMENTS)
def test_shipments(body, published, expected):
    assert figures(body, published) == sorted(expected, key=repr)


@run_cases(TARGETS)
def test_shipments_targets(body, published, expected):
    assert figures(body, published) == sorted(expected, key=repr)


@run_cases(SHARES + NOT_SHARES)
def test_market_shares(body, published, expected):
    assert figures(body, published) == sorted(expected, key=repr)


@run_cases(MARGINS)
def test_margins(body, published, expected):
    assert figures(body, published) == sorted(expected, key=repr)


@run_cases(ENTRIES)
def test_market_entries(body, published, expected):
    assert figures(body, published) == sorted(expected, key=repr)


# Whole short articles: what one sentence establishes carries to the next.
ARTICLES = [
    (
        "Motorola shipped 9.8 million smartphones in Latin America in the third quarter, Canalys "
        "said on Monday. "
        "That gave it a 21 per cent share, second only to Samsung at 35 per cent.\n\n"
        "A year earlier Motorola had held 18 per cent.",
        date(2020, 11, 10),
        "Motorola gains ground in Latin America",
        [
            M("Motorola", "Latin America", "2019-Q3", 18),
            M("Motorola", "Latin America", "2020-Q3", 21),
            M("Samsung", "Latin America", "2020-Q3", 35),
            S("Motorola", "Latin America", "2020-Q3", 9.8e6),
        ],
    ),
    (
        "Apple sold 61.2 million iPhones in its fiscal second quarter of 2017. In the fiscal third "
        "quarter it sold "
        "41 million. Gross margin: 38.5 per cent, against 39 per cent a year earlier.",
        date(2017, 8, 2),
        "Apple results",
        [
            S("Apple", "Global", "FY2017-Q2", 61.2e6),
            S("Apple", "Global", "FY2017-Q3", 41e6),
            G("Apple", "FY2017-Q3", 38.5, "gross"),
            G("Apple", "FY2016-Q3", 39, "gross"),
        ],
    ),
    (
        "Canalys counted 32 million smartphones shipped in India in the third quarter of 2019.\n\n"
        "Xiaomi led with 9.2 million units. Samsung followed with 6.2 million.",
        date(2019, 10, 20),
        "India sets a record",
        [
            S("Market", "India", "2019-Q3", 32e6),
            S("Samsung", "India", "2019-Q3", 6.2e6),
            S("Xiaomi", "India", "2019-Q3", 9.2e6),
        ],
    ),
    (
        "Shipments fell in the second quarter.\n\nApple held 14 per cent of the market. Huawei "
        "took 18 per cent.",
        date(2019, 8, 1),
        "A weak quarter",
        [M("Apple", "Global", "2019-Q2", 14), M("Huawei", "Global", "2019-Q2", 18)],
    ),
    (
        "Fitbit came third with 2.2 million units and 8 per cent of the market.",
        date(2019, 8, 1),
        "Wearables keep growing",
        [],
    ),
    (
        "Xiaomi entered the Mexican market on Friday. It shipped 4 million phones in Latin America "
        "last year.",
        date(2019, 6, 1),
        "Xiaomi arrives in Mexico",
        [E("Xiaomi", "Mexico", "2019", "entered"), S("Xiaomi", "Latin America", "2018", 4e6)],
    ),
]


ARTICLES += [
    (
        "The top vendors in India in the fourth quarter of 2018:\n\n"
        "Xiaomi: 10.0 million units (27.0% share)\nSamsung: 8.2 million units (22.0% share)",
        date(2019, 2, 1),
        "Quarterly ranking",
        [
            M("Samsung", "India", "2018-Q4", 22),
            M("Xiaomi", "India", "2018-Q4", 27),
            S("Samsung", "India", "2018-Q4", 8.2e6),
            S("Xiaomi", "India", "2018-Q4", 10e6),
        ],
    ),
    (
        "How did HMD do last year?\n\nIt shipped about 17.5 million smartphones, up from 8.5 million in 2017."
        "\n\nAnd this year?\n\nThe company is aiming for 25 million.",
        date(2019, 3, 1),
        "Q&A: what next for Nokia phones?",
        [
            S("Nokia", "Global", "2018", 17.5e6, "approx"),
            S("Nokia", "Global", "2017", 8.5e6),
            T("Nokia", "Global", "2019", 25e6),
        ],
    ),
]


@pytest.mark.parametrize(
    ("body", "published", "headline", "expected"), ARTICLES, ids=[a[2] for a in ARTICLES]
)
def test_context_carries_between_sentences(body, published, headline, expected):
    assert figures(body, published, headline) == sorted(expected, key=repr)


TABLE = """Smartphone vendors, Q2 2020

Shipments in millions of units.

| Company | 2Q20 Shipments (millions) | 2Q20 Share | 2Q19 Shipments (millions) | YoY |
|---|---|---|---|---|
| Huawei | 55.8 | 20.2% | 58.7 | -5% |
| Samsung | 54.2 | 19.6% | 75.1 | -28% |
| Rest of market | 120.0 | 43.4% | n/a | n/a |
| Total | 276.4 | 100% | 333.4 | -17% |"""


def test_table_rows_become_records():
    article = Article(id="tab", text=TABLE, source="tab", format="markdown", published=date(2020, 8, 1))
    records = extract_figures(article)
    got = sorted((r["metric"], r["vendor"], r["market"], r["period"], r["value"]) for r in records)
    assert got == sorted(
        [
            ("market_share", "Huawei", "Global", "2020-Q2", 20.2),
            ("market_share", "Samsung", "Global", "2020-Q2", 19.6),
            ("market_share", "Others", "Global", "2020-Q2", 43.4),
            ("shipments", "Huawei", "Global", "2020-Q2", 55.8e6),
            ("shipments", "Huawei", "Global", "2019-Q2", 58.7e6),
            ("shipments", "Samsung", "Global", "2020-Q2", 54.2e6),
            ("shipments", "Samsung", "Global", "2019-Q2", 75.1e6),
            ("shipments", "Others", "Global", "2020-Q2", 120e6),
            ("shipments", "Market", "Global", "2020-Q2", 276.4e6),
            ("shipments", "Market", "Global", "2019-Q2", 333.4e6),
        ]
    )
    huawei = [r for r in records if r["vendor"] == "Huawei"]
    assert {r["quote"] for r in huawei} == {"| Huawei | 55.8 | 20.2% | 58.7 | -5% |"}


def test_record_shape_and_offsets():
    body = "Oppo shipped 30 million phones in 2018. Vivo took 9% of the market in 2018."
    text = f"{HEADLINE}\n\n{body}"
    article = Article(id="x", text=text, source="x", format="text", published=PUB)
    records = extract_figures(article)
    assert len(records) == 2
    for r in records:
        assert tuple(r) == FIGURE_FIELDS
        assert r["article"] == "x"
        assert text[r["char_start"] : r["char_end"]] == r["quote"]
        assert 0 < r["confidence"] <= 1
    assert {r["unit"] for r in records} == {"units", "percent"}


def test_confidence_drops_when_the_vendor_comes_from_an_earlier_sentence():
    body = "Oppo had a strong year. It shipped 30 million phones in 2018. Vivo shipped 31 million in 2018."
    records = {
        r["vendor"]: r
        for r in extract_figures(Article("x", f"{HEADLINE}\n\n{body}", "x", "text", published=PUB))
    }
    assert records["OPPO"]["confidence"] < records["vivo"]["confidence"]


def test_no_publication_date_leaves_relative_periods_open():
    assert figures("Oppo shipped 30 million phones last year.", published=None) == [
        S("OPPO", "Global", None, 30e6)
    ]
