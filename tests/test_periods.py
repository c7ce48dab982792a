"""Calendar, relative and fiscal periods, their resolution, bounds, and inferred publication dates."""

from __future__ import annotations

from datetime import date

import pytest

from etl.context import Context
from etl.dating import infer_published
from etl.periods import Period, find_periods, mark_event_dates, parse_period, period_bounds, resolve

PUB = date(2019, 5, 10)

# (text, published, frame, expected periods in order)
RESOLVED = [
    ("in Q3 2018", PUB, None, ["2018-Q3"]),
    ("in 3Q18", PUB, None, ["2018-Q3"]),
    ("in Q3'18", PUB, None, ["2018-Q3"]),
    ("in the third quarter of 2018", PUB, None, ["2018-Q3"]),
    ("in the final quarter of 2018", PUB, None, ["2018-Q4"]),
    ("in the last quarter of 2018", PUB, None, ["2018-Q4"]),
    ("from October to December 2018", PUB, None, ["2018-Q4"]),
    ("in the last three months of 2018", PUB, None, ["2018-Q4"]),
    ("in 2018's fourth quarter", PUB, None, ["2018-Q4"]),
    ("in the first half of 2018", PUB, None, ["2018-H1"]),
    ("in H2 2018", PUB, None, ["2018-H2"]),
    ("in 2H18", PUB, None, ["2018-H2"]),
    ("in the first six months of 2018", PUB, None, ["2018-H1"]),
    ("in August 2018", PUB, None, ["2018-08"]),
    ("over 2018 as a whole", PUB, None, ["2018"]),
    ("this year", PUB, None, ["2019"]),
    ("last year", PUB, None, ["2018"]),
    ("next year", PUB, None, ["2020"]),
    ("later this year", PUB, None, ["2019"]),
    ("last quarter", PUB, None, ["2019-Q1"]),
    ("this quarter", PUB, None, ["2019-Q2"]),
    ("the fourth quarter", PUB, None, ["2018-Q4"]),
    ("the first quarter", PUB, None, ["2019-Q1"]),
    ("in Q1", PUB, None, ["2019-Q1"]),
    ("the second quarter of last year", PUB, None, ["2018-Q2"]),
    ("between January and March", PUB, None, ["2019-Q1"]),
    ("the April-June quarter", date(2019, 8, 1), None, ["2019-Q2"]),
    ("in the quarter that ended in December", PUB, None, ["2018-Q4"]),
    ("in the three months to September", date(2018, 10, 30), None, ["2018-Q3"]),
    ("in the first half", date(2019, 8, 1), None, ["2019-H1"]),
    ("in the first half of the year", date(2019, 8, 1), None, ["2019-H1"]),
    ("in October", date(2019, 11, 20), None, ["2019-10"]),
    ("in the quarter", PUB, Period(2018, "Q", 4), ["2018-Q4"]),
    ("in the same quarter", PUB, Period(2018, "Q", 4), ["2018-Q4"]),
    ("for the same quarter of 2016", PUB, Period(2018, "Q", 4), ["2016-Q4"]),
    ("for the full year", PUB, Period(2018, "Q", 4), ["2018"]),
    ("in fiscal 2018", PUB, None, ["FY2018"]),
    ("in its fiscal third quarter of 2019", PUB, None, ["FY2019-Q3"]),
    ("in fiscal Q2 2019", PUB, None, ["FY2019-Q2"]),
    ("in FY2018", PUB, None, ["FY2018"]),
    ("in the fiscal year ending March 2020", PUB, None, ["FY2020"]),
    ("in the first half of the fiscal year that ends in March 2021", PUB, None, ["FY2021-H1"]),
    ("the September quarter, the fourth of fiscal 2019", PUB, None, ["2018-Q3", "FY2019-Q4"]),
    ("its fiscal fourth quarter, which ended in September", date(2019, 11, 1), None, ["FY2019-Q4"]),
    ("in the fiscal third quarter", PUB, Period(2019, "Q", 2, fiscal=True), ["FY2019-Q3"]),
    ("for calendar 2018", PUB, None, ["2018"]),
    ("in the fourth calendar quarter", date(2019, 1, 31), None, ["2018-Q4"]),
    ("in the calendar third quarter of 2018", PUB, None, ["2018-Q3"]),
    ("the fourth quarter of calendar 2018", PUB, None, ["2018-Q4"]),
    ("in calendar Q2 2018", PUB, None, ["2018-Q2"]),
    ("during the holiday quarter", date(2019, 2, 1), None, ["2018-Q4"]),
    ("in the 2017 Christmas quarter", PUB, None, ["2017-Q4"]),
    ("over the last three months", date(2019, 7, 15), None, ["2019-Q2"]),
    ("in the past three months", PUB, Period(2018), ["2018-Q4"]),
    ("in the past six months", date(2019, 8, 1), None, ["2019-H1"]),
    ("in 3Q 2018", PUB, None, ["2018-Q3"]),
    ("in the first six months", date(2019, 8, 1), None, ["2019-H1"]),
    ("in the first three months", PUB, None, ["2019-Q1"]),
    ("for the six months to June", date(2019, 8, 1), None, ["2019-H1"]),
    ("across Q3-Q4 2018", PUB, None, ["2018-H2"]),
    ("from January to December 2018", PUB, None, ["2018"]),
    ("in the quarter ended June 30", date(2019, 8, 1), None, ["2019-Q2"]),
    ("in fiscal 2018 as a whole, which ended in September", PUB, None, ["FY2018"]),
    ("in fiscal 2018, which closed in March 2019", PUB, None, ["FY2019"]),
    ("that year", PUB, Period(2017, "Q", 2), ["2017"]),
    ("later that summer", PUB, Period(2017, "Q", 1, fiscal=True), ["2017"]),
    ("in fiscal 2016 and again that year", PUB, None, ["FY2016", "FY2016"]),
    ("unveiled in May 2016 and on sale that summer", PUB, None, ["2016-05", "2016"]),
    ("it ended the year", PUB, Period(2018, "Q", 4), ["2018"]),
    # a month modifying a figure noun names that month, the latest one not after publication
    ("October shipments rose", date(2021, 11, 20), None, ["2021-10"]),
    ("its September sales", PUB, None, ["2018-09"]),
    ("April's smartphone shipments", PUB, None, ["2019-04"]),
]


@pytest.mark.parametrize(("text", "published", "frame", "expected"), RESOLVED, ids=[r[0] for r in RESOLVED])
def test_resolved_periods(text, published, frame, expected):
    mentions = [m for m in find_periods(text) if m.rel not in ("date", "frame_only")]
    assert [str(resolve(m, published, frame)) for m in mentions] == expected


SHIFTS = [
    ("a year earlier", Period(2018, "Q", 3), "2017-Q3"),
    ("a year ago", Period(2018), "2017"),
    ("the year before", Period(2019), "2018"),
    ("its year-earlier volume", Period(2018, "Q", 4), "2017-Q4"),
    ("two years earlier", Period(2019, "H", 1), "2017-H1"),
    ("a year earlier", Period(2018, "Q", 1, fiscal=True), "FY2017-Q1"),
    ("the previous quarter", Period(2019, "Q", 1), "2018-Q4"),
]


@pytest.mark.parametrize(("text", "base", "expected"), SHIFTS, ids=[s[0] for s in SHIFTS])
def test_shifts_count_back_from_a_base(text, base, expected):
    (m,) = find_periods(text)
    assert str(resolve(m, PUB, None, base)) == expected


UNRESOLVED = [
    ("this year", None, None),  # no publication date
    ("the third quarter", None, None),
    ("in the quarter", PUB, None),  # nothing said yet about which quarter
    ("in that year", PUB, None),  # an anaphor with nothing to point back to
    ("over the past 12 months", PUB, None),  # a rolling stretch, no period of the contract
    ("between January and September", PUB, None),  # part of a year
    ("across Q1-Q3", PUB, None),
]


@pytest.mark.parametrize(("text", "published", "frame"), UNRESOLVED, ids=[u[0] for u in UNRESOLVED])
def test_unresolvable_periods_stay_none(text, published, frame):
    (m,) = find_periods(text)
    assert resolve(m, published, frame) is None


CAL_Q4 = Period(2019, "Q", 4)
APPLE_FQ1 = Period(2020, "Q", 1, fiscal=True)
FY2019 = Period(2019, fiscal=True)
# (frames set in order as (period, owner, by a figure?), owners asking, expected frame)
FISCAL_CARRY = [
    ("own fiscal quarter", [(CAL_Q4, None, False), (APPLE_FQ1, "Apple", True)], ("Apple",), APPLE_FQ1),
    ("another vendor", [(CAL_Q4, None, False), (APPLE_FQ1, "Apple", True)], ("Xiaomi",), CAL_Q4),
    ("the whole market", [(CAL_Q4, None, False), (APPLE_FQ1, "Apple", True)], ("Market",), CAL_Q4),
    ("no calendar period yet", [(APPLE_FQ1, "Apple", True)], ("Xiaomi",), None),
    ("fiscal year of nobody named", [(FY2019, None, False)], ("Sony",), FY2019),
    ("not to the market", [(FY2019, None, False)], ("Market",), None),
]


@pytest.mark.parametrize(
    ("frames", "owners", "expected"), [c[1:] for c in FISCAL_CARRY], ids=[c[0] for c in FISCAL_CARRY]
)
def test_a_fiscal_frame_carries_only_to_its_company(frames, owners, expected):
    ctx = Context(published=PUB)
    for period, owner, by_figure in frames:
        (ctx.set_figure_frame if by_figure else ctx.set_mention_frame)(period, owner)
    assert ctx.frame_for(owners) == expected


NOT_PERIODS = [
    "since 2011",
    "the first quarter since 2Q10 in which it ranked third",
    "from 2018 onwards",
    "grew 7% year on year",
    "in its first three quarters of 2019",
    "sold 2019 units",
]


@pytest.mark.parametrize("text", NOT_PERIODS)
def test_phrases_that_name_no_figure_period(text):
    mentions = [m for m in find_periods(text) if m.rel not in ("date", "frame_only")]
    assert mentions == []


BOUNDS = [
    ("2018", (date(2018, 1, 1), date(2018, 12, 31))),
    ("2018-Q2", (date(2018, 4, 1), date(2018, 6, 30))),
    ("2018-H2", (date(2018, 7, 1), date(2018, 12, 31))),
    ("2018-02", (date(2018, 2, 1), date(2018, 2, 28))),
    ("FY2019", (date(2018, 4, 1), date(2019, 3, 31))),
    ("FY2019-Q1", (date(2018, 4, 1), date(2018, 6, 30))),
]


@pytest.mark.parametrize(("period", "bounds"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_period_bounds(period, bounds):
    assert period_bounds(period) == bounds
    assert str(parse_period(period)) == period


@pytest.mark.parametrize("bad", ["2018-Q5", "FY2018-07", "Q4 2018", ""])
def test_period_bounds_rejects_other_strings(bad):
    with pytest.raises(ValueError):
        period_bounds(bad)


# (undated article text, inferred publication date)
INFERRED = [
    ("Oppo shipped 30 million phones in the second quarter of 2019.", date(2019, 7, 1)),
    ("Realme sold 4 million phones in 2018 and plans a 2020 launch in Europe.", date(2019, 1, 1)),
    ("Vivo expects to ship 110 million phones in 2019.", None),
    ("Posted 14 March 2019. Shipments fell in 2018.", date(2019, 3, 14)),
    ("The company has grown quickly, its founder says.", None),
]


@pytest.mark.parametrize(("text", "expected"), INFERRED, ids=[t for t, _ in INFERRED])
def test_infer_published(text, expected):
    assert infer_published(text) == expected


# --- the publication date the pipeline settles on -----------------------------------------------


def _article(text: str, published: date | None = None):
    from etl.model import Article

    return Article(id="p", text=text, source="p", format="text", published=published)


def test_pipeline_infers_a_missing_date_and_says_so():
    from etl.pipeline import process

    article, records = process(
        _article("Oppo ships\n\nOppo shipped 30 million phones in Q2 2019. It expects 120 million this year.")
    )
    assert (article.published, article.published_inferred) == (date(2019, 7, 1), True)
    assert {(r["metric"], r["period"]) for r in records} == {
        ("shipments", "2019-Q2"),
        ("shipments_target", "2019"),
    }


def test_pipeline_keeps_a_source_date_and_obeys_an_override():
    from etl.pipeline import process

    text = "Oppo ships\n\nOppo shipped 30 million phones last year."
    kept, records = process(_article(text, date(2020, 3, 1)))
    assert (kept.published, kept.published_inferred, records[0]["period"]) == (
        date(2020, 3, 1),
        False,
        "2019",
    )
    forced, records = process(_article(text, date(2020, 3, 1)), published=date(2016, 5, 1))
    assert (forced.published, forced.published_inferred, records[0]["period"]) == (
        date(2016, 5, 1),
        False,
        "2015",
    )


def test_pipeline_without_any_clue_leaves_relative_periods_null():
    from etl.pipeline import process

    article, records = process(_article("Oppo ships\n\nOppo shipped 30 million phones last year."))
    assert (article.published, article.published_inferred) == (None, False)
    assert [r["period"] for r in records] == [None]


# (sentence, the period phrases in it that only date another event)
EVENT_DATES = [
    ("the model launched in April sold well in the quarter", ["April"]),
    ("a phone that went on sale in late September", ["September"]),
    ("Oppo released the Find X8 in the fourth quarter", ["fourth quarter"]),
    ("down from the 10 million it forecast in April", ["April"]),
    ("the goal it guided to in May", ["May"]),
    ("Lenovo said in January that it expects growth this year", ["January"]),
    ("the chief executive told investors in March 2024 that", ["March 2024"]),
    ("Apple shipped 5 million phones in October", []),
    ("Samsung said shipments fell in the third quarter", []),
    ("IDC forecast 2025 shipments at 1.2 billion", []),
    ("it launched 40 million phones' worth of promotions and shipped 9 million in Q3", []),
]


@pytest.mark.parametrize(("text", "dates"), EVENT_DATES, ids=[e[0] for e in EVENT_DATES])
def test_periods_governed_by_another_event_are_dates(text, dates):
    mentions = mark_event_dates(text.lower(), find_periods(text))
    assert [m.text for m in mentions if m.rel == "date"] == dates
