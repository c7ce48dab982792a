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
        "March shipments of Realme phones in India came to 2.1 million.",
        PUB,
        [S("realme", "India", "2019-03", 2.1e6)],
    ),
    (
        "Nokia's September sales reached 1.2 million handsets.",
        PUB,
        [S("Nokia", "Global", "2018-09", 1.2e6)],
    ),
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
    # a bare count with no unit word is not a shipments figure
    ("Sony said it would cut 2,000 jobs at its phone unit.", PUB, []),
    ("HTC still employs about 3,000 staff in Taiwan.", PUB, []),
    ("Vivo now operates 5,000 stores across India.", PUB, []),
    ("Nokia shipped 6,000 in the quarter, a spokesman said.", PUB, []),
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

SHARES_COMPARED = [
    # a ranking place makes a bare percent a share; the "up from" one is the earlier period's
    (
        "Oppo came third with 11%, up from 9% a year earlier, in the first quarter of 2019.",
        PUB,
        [M("OPPO", "Global", "2019-Q1", 11), M("OPPO", "Global", "2018-Q1", 9)],
    ),
    (
        "In the first quarter of 2019, Huawei took 19 per cent versus 12 per cent a year earlier.",
        PUB,
        [M("Huawei", "Global", "2019-Q1", 19), M("Huawei", "Global", "2018-Q1", 12)],
    ),
    # a period closing "X against Y" dates X; Y keeps only a shift it names itself
    (
        "Xiaomi held 9% against 11% in the first quarter of 2019.",
        PUB,
        [M("Xiaomi", "Global", "2019-Q1", 9), M("Xiaomi", "Global", None, 11)],
    ),
    (
        "Vivo took 7 per cent of the market versus 6 per cent a year earlier in the first quarter of 2019.",
        PUB,
        [M("vivo", "Global", "2019-Q1", 7), M("vivo", "Global", "2018-Q1", 6)],
    ),
    (
        "In the fourth quarter of 2018 Oppo held 8% against 10% in the first quarter of 2018.",
        PUB,
        [M("OPPO", "Global", "2018-Q4", 8), M("OPPO", "Global", "2018-Q1", 10)],
    ),
    (
        "LG's share slipped to 2%, down from 3% in the first quarter of 2018.",
        PUB,
        # "down from": the closing period is the yardstick's, the level keeps none
        [M("LG", "Global", "2018-Q1", 3), M("LG", "Global", None, 2)],
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
    # a margin of a business other than phones is not the vendor's; the company's or the phone one is
    ("Xiaomi said its internet services business earned a gross margin of 63 per cent in 2018.", PUB, []),
    ("Xiaomi said the IoT segment's margin was 14 per cent in 2018.", PUB, []),
    ("Its advertising margin was close to 70 per cent last year.", PUB, []),
    ("Samsung's chip division posted an operating margin of 45 per cent in 2018.", PUB, []),
    (
        "Though its internet arm boomed, Xiaomi's gross margin slipped to 12.7 per cent in 2018.",
        PUB,
        [G("Xiaomi", "2018", 12.7, "gross")],
    ),
    (
        "Xiaomi's smartphone gross margin was 7 per cent in 2018, while its services margin was 60 per cent.",
        PUB,
        [G("Xiaomi", "2018", 7, "gross")],
    ),
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
    # a date opening the sentence ("In March" is no modal "may"-style hedge)
    (
        "In March Nokia withdrew from Brazil and Mexico to cut costs.",
        PUB,
        [E("Nokia", "Brazil", "2019", "exited"), E("Nokia", "Mexico", "2019", "exited")],
    ),
    ("Xiaomi may launch in Spain next year.", PUB, []),
    # markets that follow the first one, each with its own date
    (
        "Vivo entered Thailand in April 2018, followed by Malaysia in July and the Philippines in September.",
        date(2019, 1, 5),
        [
            E("vivo", "Thailand", "2018", "entered"),
            E("vivo", "Malaysia", "2018", "entered"),
            E("vivo", "Philippines", "2018", "entered"),
        ],
    ),
    (
        "Vivo entered Thailand in 2016 and Malaysia in 2017.",
        PUB,
        [E("vivo", "Thailand", "2016", "entered"), E("vivo", "Malaysia", "2017", "entered")],
    ),
    (
        "Vivo entered Thailand in 2018 and the Malaysian market grew.",
        PUB,
        [E("vivo", "Thailand", "2018", "entered")],
    ),
    # ways of stating an exit
    (
        "Motorola stopped selling all of its handsets in Japan on Monday.",
        PUB,
        [E("Motorola", "Japan", "2019", "exited")],
    ),
    ("Sony pulled its phones from Canada in February.", PUB, [E("Sony", "Canada", "2019", "exited")]),
    ("HTC wound down sales in France last year.", PUB, [E("HTC", "France", "2018", "exited")]),
    ("LG quit the Brazilian market in 2018.", PUB, [E("LG", "Brazil", "2018", "exited")]),
    ("LG is set to quit the Mexican market next year.", PUB, [E("LG", "Mexico", "2020", "exit_planned")]),
    ("Samsung halted sales of the Galaxy Note 7 in Korea in October.", PUB, []),
    # blocks by a court or an authority
    (
        "In November 2018 a court in Delhi halted Vivo's Indian sales over a patent claim.",
        PUB,
        [E("vivo", "India", "2018", "blocked")],
    ),
    (
        "A Munich court forced Oppo to take phones off its German store in April.",
        PUB,
        [E("OPPO", "Germany", "2019", "blocked")],
    ),
    # re-entries are entries; a product launch alone is not
    (
        "Honor returned to Europe on Monday, unveiling the Honor 20 for Spanish buyers.",
        PUB,
        [E("Honor", "Europe", "2019", "entered"), E("Honor", "Spain", "2019", "entered")],
    ),
    ("Honor is back. Italian sales restarted this month.", PUB, [E("Honor", "Italy", "2019", "entered")]),
    ("Meizu relaunched in Russia in March.", PUB, [E("Meizu", "Russia", "2019", "entered")]),
    (
        "Xiaomi made its European debut in Spain in November 2017.",
        PUB,
        [E("Xiaomi", "Spain", "2017", "entered")],
    ),
    ("Realme expanded into Egypt in March.", PUB, [E("realme", "Egypt", "2019", "entered")]),
    ("Motorola has no plans to leave Brazil.", PUB, []),
    ("Sony is unlikely to return to India.", PUB, []),
    ("Samsung launched the Galaxy S10 for Indian buyers in March.", PUB, []),
    # a date given by reference to an earlier one ("that autumn")
    (
        "The Find 7 went on sale in China in May 2018, and Oppo began selling it in Spain and Italy "
        "that autumn.",
        date(2020, 1, 1),
        [E("OPPO", "Spain", "2018", "entered"), E("OPPO", "Italy", "2018", "entered")],
    ),
]

# first own or online store; region with its listed countries; paused sales; dates counted on
ENTRIES_MORE = [
    (
        "Apple opened its first company-run store in Mexico on Friday.",
        PUB,
        [E("Apple", "Mexico", "2019", "entered")],
    ),
    (
        "Analysts welcomed the launch of Google's online store for Brazil in March 2019.",
        PUB,
        [E("Google", "Brazil", "2019", "entered")],
    ),
    ("Apple opened a new store in London on Friday.", PUB, []),
    ("Samsung launched the Galaxy S10 on its online store in India on Friday.", PUB, []),
    ("Apple will open its first store in India next year.", PUB, [E("Apple", "India", "2020", "planned")]),
    (
        "Realme has launched in Europe, starting with four markets, among them Italy, Spain and France.",
        PUB,
        [
            E("realme", "Europe", "2019", "entered"),
            E("realme", "Italy", "2019", "entered"),
            E("realme", "Spain", "2019", "entered"),
            E("realme", "France", "2019", "entered"),
        ],
    ),
    (
        "Tecno entered Africa in 2017 with three markets: Kenya, Nigeria and Egypt.",
        PUB,
        [
            E("Transsion", "Africa", "2017", "entered"),
            E("Transsion", "Kenya", "2017", "entered"),
            E("Transsion", "Nigeria", "2017", "entered"),
            E("Transsion", "Egypt", "2017", "entered"),
        ],
    ),
    (
        "Xiaomi launched in Europe last year, where rivals including Samsung lead in Germany.",
        PUB,
        [E("Xiaomi", "Europe", "2018", "entered")],
    ),
    ("Nokia paused all product sales in Ukraine on Monday.", PUB, [E("Nokia", "Ukraine", "2019", "exited")]),
    ("Sony suspends shipments to Brazil this week.", PUB, [E("Sony", "Brazil", "2019", "exited")]),
    (
        "Honor began selling in Italy in December 2018 and in Spain the following month.",
        PUB,
        [E("Honor", "Italy", "2018", "entered"), E("Honor", "Spain", "2019", "entered")],
    ),
    (
        "Oppo entered India in 2014 and Egypt two years later.",
        PUB,
        [E("OPPO", "India", "2014", "entered"), E("OPPO", "Egypt", "2016", "entered")],
    ),
    (
        "Vivo entered Thailand in March 2018, before launching in Russia in October.",
        PUB,
        [E("vivo", "Thailand", "2018", "entered"), E("vivo", "Russia", "2018", "entered")],
    ),
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


@run_cases(SHARES_COMPARED)
def test_compared_shares_keep_their_periods(body, published, expected):
    assert figures(body, published) == sorted(expected, key=repr)


@run_cases(MARGINS)
def test_margins(body, published, expected):
    assert figures(body, published) == sorted(expected, key=repr)


@run_cases(ENTRIES)
def test_market_entries(body, published, expected):
    assert figures(body, published) == sorted(expected, key=repr)


@run_cases(ENTRIES_MORE)
def test_more_market_entries(body, published, expected):
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


# How periods carry, and what they do not carry to.
ARTICLES += [
    (
        "Global shipments fell 5 per cent in the fourth quarter of 2019. Apple reported a gross margin "
        "of 38.4 per cent for its first fiscal quarter of 2020. Xiaomi shipped 32.9 million phones.",
        date(2020, 2, 1),
        "Apple margin and Xiaomi volume",
        [G("Apple", "FY2020-Q1", 38.4, "gross"), S("Xiaomi", "Global", "2019-Q4", 32.9e6)],
    ),
    (
        "Smartphone shares in India in the second quarter of 2019:\n\n- Xiaomi: 28% (29% in Q1)\n"
        "- Samsung: 25%",
        date(2019, 8, 1),
        "India shares by brand",
        [
            M("Samsung", "India", "2019-Q2", 25),
            M("Xiaomi", "India", "2019-Q1", 29),
            M("Xiaomi", "India", "2019-Q2", 28),
        ],
    ),
    (
        "Shipments were flat in the third quarter of 2019. Realme, which launched in May 2018, held "
        "9 per cent of the market.",
        date(2019, 11, 1),
        "Realme holds its ground",
        [M("realme", "Global", "2019-Q3", 9)],
    ),
    (
        "For the full year, Huawei shipped 240 million smartphones.",
        date(2020, 2, 5),
        "Huawei reports results",
        [S("Huawei", "Global", "2019", 240e6)],
    ),
    (
        "For the full year, Huawei expects to ship 250 million smartphones.",
        date(2020, 2, 5),
        "Huawei sets a goal",
        [T("Huawei", "Global", "2020", 250e6)],
    ),
    (
        "OPPO shipped 25 million phones in the holiday quarter. Over the whole year it moved 90 million.",
        date(2020, 1, 20),
        "OPPO after the holidays",
        [S("OPPO", "Global", "2019-Q4", 25e6), S("OPPO", "Global", "2019", 90e6)],
    ),
    (
        "Vivo shipped 80 million phones between January and September. By mid-October it had sold "
        "another 9 million.",
        date(2019, 11, 1),
        "Vivo keeps counting",
        [],
    ),
    (
        "Honor had 20 per cent of the Chinese market as recently as the first quarter of 2021, and "
        "Xiaomi had 10 per cent in the second quarter.",
        date(2022, 3, 1),
        "Honor and Xiaomi in China",
        [M("Honor", "China", "2021-Q1", 20), M("Xiaomi", "China", "2021-Q2", 10)],
    ),
    (
        "Samsung shipped 68 million phones in the fourth calendar quarter, IDC said. Lenovo sold "
        "9.8 million that quarter.",
        date(2019, 1, 31),
        "Samsung and Lenovo in the tracker",
        [S("Lenovo", "Global", "2018-Q4", 9.8e6), S("Samsung", "Global", "2018-Q4", 68e6)],
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


TABLES = [
    (
        "A header's period holds for the columns that name none",
        "Vendors ranked\n\nThe holiday quarter in numbers.\n\n"
        "| Vendor | Q4 2019 units (m) | Share |\n|---|---|---|\n"
        "| Nokia | 4.1 | 12% |\n| Others | 30.0 | 88% |",
        date(2020, 2, 1),
        [
            S("Nokia", "Global", "2019-Q4", 4.1e6),
            S("Others", "Global", "2019-Q4", 30e6),
            M("Nokia", "Global", "2019-Q4", 12),
            M("Others", "Global", "2019-Q4", 88),
        ],
    ),
    (
        "Each share column takes the period of the units column to its left",
        "Indian shipments\n\n"
        "| Brand | 2018 shipments (mn units) | Share | 2017 shipments (mn units) | Share |\n"
        "|---|---|---|---|---|\n| Lenovo | 9.1 | 6.5% | 8.2 | 6.1% |",
        date(2019, 2, 1),
        [
            S("Lenovo", "India", "2018", 9.1e6),
            S("Lenovo", "India", "2017", 8.2e6),
            M("Lenovo", "India", "2018", 6.5),
            M("Lenovo", "India", "2017", 6.1),
        ],
    ),
    (
        "Thousands in the header, a YoY column skipped, the Total row is the market",
        "Vendors in 2018\n\n"
        "| Company | Units, thousands | YoY |\n|---|---|---|\n"
        "| Sony | 6,500 | -50% |\n| Total | 99,000 | -3% |",
        date(2019, 3, 1),
        [S("Sony", "Global", "2018", 6.5e6), S("Market", "Global", "2018", 99e6)],
    ),
    (
        "A caption below a table that heads the next table is not read for the first",
        "Results\n\n| Vendor | 2018 units (000s) |\n|---|---|\n| ZTE | 1,200 |\n\n"
        "Shipments in Brazil, 2017\n\n"
        "| Vendor | Units (m) |\n|---|---|\n| ZTE | 1.0 |",
        date(2019, 3, 1),
        [S("ZTE", "Global", "2018", 1.2e6), S("ZTE", "Brazil", "2017", 1e6)],
    ),
    (
        "Periods as rows, vendors as columns: each cell is its column's share for its row's quarter",
        "Share of the Indian market\n\n"
        "| Quarter | Xiaomi | Samsung |\n|---|---|---|\n| Q1 2018 | 31% | 26% |\n| Q2 2018 | 29% | 24% |",
        date(2019, 3, 1),
        [
            M("Xiaomi", "India", "2018-Q1", 31),
            M("Xiaomi", "India", "2018-Q2", 29),
            M("Samsung", "India", "2018-Q1", 26),
            M("Samsung", "India", "2018-Q2", 24),
        ],
    ),
    (
        "Periods as rows under a units caption: its scale applies; a row naming no period is skipped",
        "Shipments by year (millions)\n\n"
        "| Year | Huawei | Apple |\n|---|---|---|\n| 2017 | 153.1 | 215.8 |\n| 2018 | 206.0 | 208.8 |"
        "\n| Change | 35% | -3% |",
        date(2019, 3, 1),
        [
            S("Huawei", "Global", "2017", 153.1e6),
            S("Huawei", "Global", "2018", 206e6),
            S("Apple", "Global", "2017", 215.8e6),
            S("Apple", "Global", "2018", 208.8e6),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "published", "expected"), [t[1:] for t in TABLES], ids=[t[0] for t in TABLES]
)
def test_table_periods_units_and_rows(text, published, expected):
    article = Article(id="tab", text=text, source="tab", format="markdown", published=published)
    keys = ("metric", "vendor", "market", "period", "value", "qualifier", "status", "basis")
    got = sorted((tuple(r[k] for k in keys) for r in extract_figures(article)), key=repr)
    assert got == sorted(expected, key=repr)


# A number heading a list item, then a sentence saying what it counts.
HEADED = [
    (
        "12.4 million.\nThat is how many phones Lenovo shipped in 2018, its best year yet.",
        [S("Lenovo", "Global", "2018", 12.4e6)],
    ),
    (
        "4.2 per cent.\nHuawei's slice of the Brazilian market in 2018, a record.",
        [M("Huawei", "Brazil", "2018", 4.2)],
    ),
    (
        "1.4 billion.\nThe whole market's 2018 volume, down for the first time.",
        [S("Market", "Global", "2018", 1.4e9)],
    ),
    ("12.4 million.\nLenovo launched three phones in 2018.", []),
]


@pytest.mark.parametrize(("body", "expected"), HEADED, ids=[h[0][:60] for h in HEADED])
def test_heading_numbers_read_with_their_description(body, expected):
    assert figures(body, date(2019, 3, 1)) == sorted(expected, key=repr)


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


# Whose a figure is, where the subject is not a plain name right before the number.
SUBJECTS = [
    (
        "Lenovo, whose tally still folds in its Motorola arm, shipped 14.2 mln phones in Q4 2018.",
        [S("Lenovo", "Global", "2018-Q4", 14.2e6)],
    ),
    (
        "Lenovo, which now counts Motorola as a sub-brand, took 9% of the market in Q4 2018.",
        [M("Lenovo", "Global", "2018-Q4", 9.0)],
    ),
    (
        "Transsion, counting its Tecno line, delivered 21.4 million phones (6.1 per cent) in Q4 2018.",
        [S("Transsion", "Global", "2018-Q4", 21.4e6), M("Transsion", "Global", "2018-Q4", 6.1)],
    ),
    (
        "LG fell behind in Q4 2018. The Korean company moved 9.7 million handsets.",
        [S("LG", "Global", "2018-Q4", 9.7e6)],
    ),
    (
        "Vivo kept its lead in India in Q4 2018, ahead of Samsung. "
        "The Chinese maker sold 8.2 million phones there.",
        [S("vivo", "India", "2018-Q4", 8.2e6)],
    ),
    (
        "Nokia returned in 2018. The Finnish brand shipped 15.3 million smartphones over the year.",
        [S("Nokia", "Global", "2018", 15.3e6)],
    ),
    (
        "Handset makers delivered 371.5 mln smartphones worldwide in Q4 2018.",
        [S("Market", "Global", "2018-Q4", 371.5e6)],
    ),
    (
        "Huawei led with 52.1 million in Q4 2018, and the industry as a whole slipped to 375 million units.",
        [S("Huawei", "Global", "2018-Q4", 52.1e6), S("Market", "Global", "2018-Q4", 375e6)],
    ),
    ("Chinese phone makers shipped 190 million handsets in Q4 2018.", []),
    ("All other vendors shared the remaining 24% in Q4 2018.", [M("Others", "Global", "2018-Q4", 24.0)]),
    (
        "In Q4 2018 Lenovo moved 11 million phones, against 9.1 million for LG and 6.4 million for Sony.",
        [
            S("Lenovo", "Global", "2018-Q4", 11e6),
            S("LG", "Global", "2018-Q4", 9.1e6),
            S("Sony", "Global", "2018-Q4", 6.4e6),
        ],
    ),
    (
        "In Q4 2018 the chasing pack was led by OPPO and vivo on 8% and 7% of the market.",
        [M("OPPO", "Global", "2018-Q4", 8.0), M("vivo", "Global", "2018-Q4", 7.0)],
    ),
    (
        "Realme and OnePlus shipped 4.7 million and 1.2 million phones in Q4 2018.",
        [S("realme", "Global", "2018-Q4", 4.7e6), S("OnePlus", "Global", "2018-Q4", 1.2e6)],
    ),
    (
        "Samsung and Huawei each took 18% of the market in Q4 2018.",
        [M("Samsung", "Global", "2018-Q4", 18.0), M("Huawei", "Global", "2018-Q4", 18.0)],
    ),
    (
        "OnePlus founder Pete Lau said he expects 10 million phones in 2019.",
        [T("OnePlus", "Global", "2019", 10e6)],
    ),
    (
        "Oppo shipped 30 million phones in 2018, its president said. For 2019 he is aiming at 40 million.",
        [S("OPPO", "Global", "2018", 30e6), T("OPPO", "Global", "2019", 40e6)],
    ),
    (
        "Samsung's Galaxy S9 sold well in Q4 2018, but its 19 per cent share was down on the year.",
        [M("Samsung", "Global", "2018-Q4", 19.0)],
    ),
    (
        "Realme, Oppo's former sub-brand, sold 4.8 million phones in Q4 2018.",
        [S("realme", "Global", "2018-Q4", 4.8e6)],
    ),
    (
        "Oppo and its sister brand OnePlus shipped 28.1 million and 1.9 million in Q4 2018, respectively.",
        [S("OPPO", "Global", "2018-Q4", 28.1e6), S("OnePlus", "Global", "2018-Q4", 1.9e6)],
    ),
    (
        "Sales of smartphones in Japan slipped to 8.4 million in Q4 2018.",
        [S("Market", "Japan", "2018-Q4", 8.4e6)],
    ),
    ("In Q4 2018 the market leader shipped 71 million phones.", []),
    ("All other brands in India took a combined 11% in Q4 2018.", [M("Others", "India", "2018-Q4", 11.0)]),
    (
        "Lenovo shipped 15 million phones in Q4 2018, of which 9 million were Moto handsets.",
        [S("Lenovo", "Global", "2018-Q4", 15e6)],
    ),
    (
        "Lenovo shipped 15 million phones in Q4 2018. "
        "Motorola, its main brand, accounted for 9 million of them.",
        [S("Lenovo", "Global", "2018-Q4", 15e6)],
    ),
    # an appositive describing the subject by its relation to another company
    (
        "Realme, the young brand that grew out of Oppo, says it wants to ship 30 million phones this year.",
        [T("realme", "Global", "2019", 30e6)],
    ),
    (
        "OnePlus, a label once backed by Oppo, shipped 2 million phones in Q1 2019.",
        [S("OnePlus", "Global", "2019-Q1", 2e6)],
    ),
]


@pytest.mark.parametrize(("body", "expected"), SUBJECTS, ids=[c[0][:70] for c in SUBJECTS])
def test_subjects_resolve_to_their_owner(body, expected):
    assert figures(body) == sorted(expected, key=repr)


# How a share, a target or a non-figure is cued.
CUES = [
    (
        "Other brands accounted for 95 million phones, or 25.3%, in Q4 2018.",
        [S("Others", "Global", "2018-Q4", 95e6), M("Others", "Global", "2018-Q4", 25.3)],
    ),
    (
        "Google's phone sales volume of 2.1 million gave it 0.6 per cent in Q4 2018.",
        [S("Google", "Global", "2018-Q4", 2.1e6), M("Google", "Global", "2018-Q4", 0.6)],
    ),
    (
        "Sony sold in 1.8 million handsets in Q4 2018, good for 0.5 per cent.",
        [S("Sony", "Global", "2018-Q4", 1.8e6), M("Sony", "Global", "2018-Q4", 0.5)],
    ),
    (
        "In Q4 2018 Huawei commanded a 16% slice of global shipments.",
        [M("Huawei", "Global", "2018-Q4", 16.0)],
    ),
    ("In Q4 2018 Xiaomi held a 7 per cent stake of the market.", [M("Xiaomi", "Global", "2018-Q4", 7.0)]),
    ("Xiaomi sold a 3 per cent stake in Q4 2018.", []),
    ("Apple grabbed 18% in Q4 2018, IDC said.", [M("Apple", "Global", "2018-Q4", 18.0)]),
    (
        "Meizu cleared its 20 million goal in 2018.",
        [T("Meizu", "Global", "2018", 20e6)],
    ),
    ("Gionee had promised 25 million for 2018.", [T("Gionee", "Global", "2018", 25e6)]),
    (
        "HTC expects phone shipments of around 5 million in 2019.",
        [T("HTC", "Global", "2019", 5e6, "approx")],
    ),
    ("LG recalled some 1.1 million handsets in 2018.", []),
    ("Samsung recalled some 2.5 million Galaxy Note 7 handsets in 2016.", []),
    ("Oppo shipped 2.5 million Reno 2 handsets in Q4 2018.", []),
    (
        "OnePlus entered Spain in 2018. By mid-November it had sold 200,000 phones in the country.",
        [E("OnePlus", "Spain", "2018", "entered")],
    ),
]


@pytest.mark.parametrize(("body", "expected"), CUES, ids=[c[0][:70] for c in CUES])
def test_metric_cues(body, expected):
    assert figures(body) == sorted(expected, key=repr)


# Where: a place named only earlier, or only wondered about, is not the figure's market.
PLACES = [
    (
        "Apple tops the charts\n\nApple had a good quarter.\n\nNokia is growing.\n\n"
        "In India Xiaomi took 28% of the market in Q4 2018.\n\nHuawei shipped 60 million phones in Q4 2018.",
        [M("Xiaomi", "India", "2018-Q4", 28.0), S("Huawei", "Global", "2018-Q4", 60e6)],
    ),
    (
        "Lenovo has set a goal of 50 million phones for 2019, though it is unclear whether that covers "
        "China alone.",
        [T("Lenovo", "Global", "2019", 50e6)],
    ),
    (
        "Sony cut its outlook.\n\nHow many phones does Sony expect to sell now?\n\n"
        "Three million units in 2019, the company said.",
        [T("Sony", "Global", "2019", 3e6)],
    ),
]


@pytest.mark.parametrize(("body", "expected"), PLACES, ids=[c[0][:70] for c in PLACES])
def test_markets_and_answers(body, expected):
    assert figures(body) == sorted(expected, key=repr)


# Dates that say when something else happened -- a launch, a sale date, a statement, an earlier
# leader's quarter -- neither date a figure nor move the period a paragraph is about.
OTHER_EVENTS = [
    (
        "Handset sales rose 6% in the second quarter of 2024, with makers shipping 280 million units. "
        "Xiaomi took second place from Apple, which had held it in the Christmas quarter. "
        "Xiaomi shipped 42 million handsets in the period.",
        date(2024, 8, 1),
        [S("Market", "Global", "2024-Q2", 280e6), S("Xiaomi", "Global", "2024-Q2", 42e6)],
    ),
    (
        "Vendors shipped 310 million phones in the third quarter of 2024. "
        "Samsung led with 58 million units, beating Apple, whose lead had come in the holiday quarter. "
        "Apple shipped 54 million in the quarter.",
        date(2024, 11, 1),
        [
            S("Market", "Global", "2024-Q3", 310e6),
            S("Samsung", "Global", "2024-Q3", 58e6),
            S("Apple", "Global", "2024-Q3", 54e6),
        ],
    ),
    (
        "Phone shipments in India reached 40 million in the fourth quarter of 2023. "
        "Vivo was first with 8 million units, or 20 per cent, lifted by a budget model that went on "
        "sale in early November.",
        date(2024, 2, 1),
        [
            S("Market", "India", "2023-Q4", 40e6),
            S("vivo", "India", "2023-Q4", 8e6),
            M("vivo", "India", "2023-Q4", 20),
        ],
    ),
    (
        "Vendors shipped 70 million phones in China in the first quarter of 2024. "
        "Honor sold 12 million units thanks to a cheaper foldable launched in February.",
        date(2024, 5, 1),
        [S("Market", "China", "2024-Q1", 70e6), S("Honor", "China", "2024-Q1", 12e6)],
    ),
    (
        "Sony now plans to sell 3 million phones in the fiscal year ending March 2025, down from the "
        "3.5 million it predicted in May.",
        date(2024, 11, 1),
        [T("Sony", "Global", "FY2025", 3e6), T("Sony", "Global", "FY2025", 3.5e6)],
    ),
    (
        "Realme said in February that it aims to ship 60 million phones this year.",
        date(2024, 6, 1),
        [T("realme", "Global", "2024", 60e6)],
    ),
    (
        "Global shipments slipped 2% to 295 million units in the second quarter of 2024. "
        "The dip came after a strong 2023, when cheap 5G models drew buyers. "
        "Samsung shipped 53 million phones in the quarter.",
        date(2024, 8, 1),
        [S("Market", "Global", "2024-Q2", 295e6), S("Samsung", "Global", "2024-Q2", 53e6)],
    ),
    (
        "Shipments in Europe fell to 30 million in the third quarter of 2024. "
        "Demand had faded in 2022 already. "
        "Samsung shipped 10 million units over the three months.",
        date(2024, 11, 1),
        [S("Market", "Europe", "2024-Q3", 30e6), S("Samsung", "Europe", "2024-Q3", 10e6)],
    ),
    # the month of a figure itself stays: it is what the number is stated for
    (
        "Apple shipped 4 million phones in China in October.",
        date(2024, 12, 1),
        [S("Apple", "China", "2024-10", 4e6)],
    ),
    # a period that opens the sentence does move the talk back
    (
        "Shipments fell to 30 million in Japan in the third quarter of 2024. "
        "In the second quarter, the picture had been brighter. "
        "Apple shipped 12 million phones in the quarter.",
        date(2024, 11, 1),
        [S("Market", "Japan", "2024-Q3", 30e6), S("Apple", "Japan", "2024-Q2", 12e6)],
    ),
]


@run_cases(OTHER_EVENTS)
def test_dates_of_other_events_do_not_date_figures(body, published, expected):
    assert figures(body, published) == sorted(expected, key=repr)
