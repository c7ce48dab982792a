"""Figure builders are pure: small frames in, plotly figures out, checked through fig.to_dict()."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest

from dashboard.charts import chart_figure
from dashboard.filters import Filters
from dashboard.theme import CONFLICT, STATUS_SYMBOLS, vendor_colour


def points(rows: list[tuple]) -> pd.DataFrame:
    """A volumes frame: (vendor, period, value, conflict) rows, one market."""
    frame = pd.DataFrame(rows, columns=["vendor", "period", "value", "conflict"])
    starts = {
        "2017-Q3": "2017-07-01",
        "2017-Q4": "2017-10-01",
        "2018-Q1": "2018-01-01",
        "2018-Q2": "2018-04-01",
    }
    return frame.assign(
        market="Global",
        period_start=pd.to_datetime(frame["period"].map(starts)),
        value_low=frame["value"] - 1,
        value_high=frame["value"] + 2,
        figure_ids=[f"id{i}" for i in range(len(frame))],
        n_figures=1,
        source="IDC",
        title=None,
    )


SMALL = points(
    [
        ("Xiaomi", "2017-Q4", 28.0, True),
        ("Xiaomi", "2018-Q1", 28.4, False),
        ("Apple", "2017-Q4", 77.3, False),
        ("Apple", "2018-Q1", 52.2, False),
    ]
)


def plain(value):
    """fig.to_dict() with plotly's base64 typed arrays ({"bdata", "dtype"}) decoded to lists."""
    if isinstance(value, dict) and {"bdata", "dtype"} <= set(value):
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return array.reshape(value["shape"]).tolist() if "shape" in value else array.tolist()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def traces(fig) -> dict[str, dict]:
    return {t["name"]: t for t in plain(fig.to_dict())["data"]}


def test_lines_one_trace_per_vendor_in_its_fixed_colour() -> None:
    data = traces(chart_figure("volumes", SMALL, Filters()))
    assert data["Xiaomi"]["line"]["color"] == vendor_colour("Xiaomi")
    assert data["Apple"]["line"]["color"] == vendor_colour("Apple")
    assert list(data["Xiaomi"]["y"]) == [28.0, 28.4]


def test_biggest_vendor_comes_first_in_the_legend() -> None:
    names = [t["name"] for t in chart_figure("volumes", SMALL, Filters()).to_dict()["data"]]
    assert names[:2] == ["Apple", "Xiaomi"]


def test_points_carry_figure_ids_for_the_click() -> None:
    data = traces(chart_figure("volumes", SMALL, Filters()))
    assert list(data["Xiaomi"]["customdata"]) == ["id0", "id1"]
    assert data["Xiaomi"]["text"][0].startswith("2017-Q4<br>IDC")


def test_conflicted_points_are_ringed() -> None:
    ring = traces(chart_figure("volumes", SMALL, Filters()))["Sources disagree"]
    assert list(ring["y"]) == [28.0]
    assert ring["marker"]["symbol"] == "circle-open" and ring["marker"]["color"] == CONFLICT


def test_stacked_draws_bars_and_outlines_conflicts() -> None:
    fig = plain(chart_figure("volumes", SMALL, Filters(mode="stacked")).to_dict())
    assert fig["layout"]["barmode"] == "stack"
    xiaomi = next(t for t in fig["data"] if t["name"] == "Xiaomi")
    assert xiaomi["type"] == "bar"
    assert list(xiaomi["marker"]["line"]["color"]) == [CONFLICT, "rgba(0,0,0,0)"]


def test_a_skipped_quarter_breaks_the_line() -> None:
    frame = points(
        [
            ("Apple", "2017-Q3", 45.0, False),
            ("Apple", "2018-Q1", 52.0, False),
            ("Xiaomi", "2017-Q4", 28.0, False),
        ]
    )
    apple = traces(chart_figure("volumes", frame, Filters()))["Apple"]
    assert len(apple["y"]) == 3 and pd.isna(apple["y"][1])


@pytest.mark.parametrize(
    ("filters", "title", "suffix"),
    [
        pytest.param(Filters(), "Shipments (million units)", "", id="units"),
        pytest.param(Filters(measure="share"), "Market share (%)", "%", id="share"),
    ],
)
def test_axis_names_its_unit(filters: Filters, title: str, suffix: str) -> None:
    layout = chart_figure("volumes", SMALL, filters).to_dict()["layout"]
    assert layout["yaxis"]["title"]["text"] == title
    assert layout["yaxis"].get("ticksuffix", "") == suffix


def test_consensus_draws_its_min_max_band() -> None:
    xiaomi = traces(chart_figure("volumes", SMALL, Filters(series="Consensus")))["Xiaomi"]
    assert list(xiaomi["error_y"]["array"]) == [2.0, 2.0]
    assert list(xiaomi["error_y"]["arrayminus"]) == [1.0, 1.0]


@pytest.mark.parametrize("chart", ["volumes", "share", "targets", "margins", "entries", "sources"])
def test_empty_frame_explains_itself(chart: str) -> None:
    fig = chart_figure(chart, pd.DataFrame(), Filters()).to_dict()
    assert fig["layout"]["meta"] == {"empty": True}
    assert "match these filters" in fig["layout"]["annotations"][0]["text"]


def test_targets_bar_is_the_actual_tick_is_the_target() -> None:
    frame = pd.DataFrame(
        {
            "figure_ids": ["t1", "t2"],
            "vendor": ["Xiaomi", "Xiaomi"],
            "market": ["Global", "Global"],
            "period": ["2015", "2018"],
            "target": [100e6, 100e6],
            "actual": [70e6, 122.6e6],
            "attainment": [70.0, 122.6],
            "status": ["missed", "met"],
            "target_source": ["Lei Jun", "Lei Jun"],
        }
    )
    data = traces(chart_figure("targets", frame, Filters()))
    assert list(data["Missed"]["x"]) == [70.0] and list(data["Met"]["x"]) == [122.6]
    assert list(data["Target"]["x"]) == [100.0, 100.0]
    assert data["Met"]["marker"]["color"] != data["Missed"]["marker"]["color"]


def test_margin_pledge_is_a_dashed_limit() -> None:
    frame = pd.DataFrame(
        {
            "figure_ids": ["m1", "m2"],
            "vendor": ["Xiaomi", "Xiaomi"],
            "market": ["Global", "Global"],
            "period": ["2019", None],
            "period_start": pd.to_datetime(["2019-01-01", None]),
            "period_end": pd.to_datetime(["2019-12-31", None]),
            "value": [7.2, 5.0],
            "qualifier": ["exact", "at_most"],
            "basis": ["gross", "hardware_net"],
            "is_pledge": [False, True],
            "source": ["Company", "sample"],
            "date": pd.to_datetime(["2020-03-31", "2018-03-21"]),
        }
    )
    data = traces(chart_figure("margins", frame, Filters()))
    cap = data["Xiaomi cap 5% (open-ended)"]
    assert cap["line"]["dash"] == "dash" and list(cap["y"]) == [5.0, 5.0]
    assert list(data["Xiaomi (gross)"]["y"]) == [7.2]


def test_entries_are_shaped_and_coloured_by_status() -> None:
    frame = pd.DataFrame(
        {
            "figure_ids": ["e1", "e2"],
            "vendor": ["Xiaomi", "Xiaomi"],
            "market": ["US", "India"],
            "status": ["planned", "entered"],
            "period": ["2019", "2014-07"],
            "period_start": pd.to_datetime(["2019-01-01", "2014-07-01"]),
            "n_figures": [2, 1],
            "note": [None, "x"],
        }
    )
    data = traces(chart_figure("entries", frame, Filters()))
    assert data["Planned"]["marker"]["symbol"] == STATUS_SYMBOLS["planned"]
    assert list(data["Planned"]["y"]) == ["Xiaomi — US"]
    assert data["Entered"]["marker"]["symbol"] == STATUS_SYMBOLS["entered"]


def test_sources_counts_figures_per_series_and_metric() -> None:
    frame = pd.DataFrame({"series": ["IDC", "IDC", "Articles"], "metric": ["shipments"] * 3})
    data = traces(chart_figure("sources", frame, Filters()))
    assert dict(zip(data["Shipments"]["y"], data["Shipments"]["x"], strict=True)) == {"IDC": 2, "Articles": 1}


def test_unknown_chart_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown chart"):
        chart_figure("pie", SMALL, Filters())
