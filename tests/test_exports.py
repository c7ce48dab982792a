"""Exports: every format makes a valid file, spreadsheet cells are neutralised, the CLI and the
HTTP routes answer with the right codes."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import exports
from dashboard.export_formats import (
    FORMATS,
    frame_to_csv,
    frame_to_xlsx,
    neutralise,
)

# --- neutralisation ------------------------------------------------------------------------------

NEUTRALISE_CASES = [
    pytest.param("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")", id="equals-formula"),
    pytest.param("+1+1", "'+1+1", id="plus"),
    pytest.param("-2+3", "'-2+3", id="minus"),
    pytest.param("@SUM(A1)", "'@SUM(A1)", id="at-sign"),
    pytest.param("\t=1", "'\t=1", id="leading-tab"),
    pytest.param("\r=1", "'\r=1", id="leading-carriage-return"),
    pytest.param("Xiaomi", "Xiaomi", id="plain-text-unchanged"),
    pytest.param("a=b", "a=b", id="equals-inside-unchanged"),
    pytest.param(" =1", " =1", id="leading-space-unchanged"),
    pytest.param("", "", id="empty-string-unchanged"),
    pytest.param(-5, -5, id="negative-int-stays-number"),
    pytest.param(-0.5, -0.5, id="negative-float-stays-number"),
    pytest.param(None, None, id="none-unchanged"),
]


@pytest.mark.parametrize(("value", "expected"), NEUTRALISE_CASES)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def _hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "vendor": ["=cmd|'/c calc'!A1", "Apple", "@Samsung"],
            "value": [-5.0, 1.5e8, 12.0],
            "quote": ["+ shipments rose", "-3% drop", "\tTabbed"],
            "url": ["https://example.org/a", None, "https://example.org/c"],
        }
    )


def test_csv_neutralises_text_cells_and_keeps_numbers():
    rows = list(csv.DictReader(io.StringIO(frame_to_csv(_hostile_frame()).decode("utf-8"))))
    assert [r["vendor"] for r in rows] == ["'=cmd|'/c calc'!A1", "Apple", "'@Samsung"]
    assert [r["quote"] for r in rows] == ["'+ shipments rose", "'-3% drop", "'\tTabbed"]
    assert [float(r["value"]) for r in rows] == [-5.0, 1.5e8, 12.0]
    assert rows[1]["url"] == ""


def test_xlsx_neutralises_text_cells_and_keeps_numeric_cells():
    book = openpyxl.load_workbook(io.BytesIO(frame_to_xlsx(_hostile_frame(), sheet="volumes")))
    sheet = book["volumes"]
    header = [c.value for c in sheet[1]]
    assert header == ["vendor", "value", "quote", "url"]
    vendor, value, quote = sheet["A2"], sheet["B2"], sheet["C3"]
    assert (vendor.value, vendor.data_type) == ("'=cmd|'/c calc'!A1", "s")
    assert (value.value, value.data_type) == (-5, "n")
    assert quote.value == "'-3% drop"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_xlsx_drops_control_characters_xml_cannot_hold():
    frame = pd.DataFrame({"quote": ["bell\x07 and nul\x00 here"], "value": [1]})
    sheet = openpyxl.load_workbook(io.BytesIO(frame_to_xlsx(frame))).active
    assert sheet["A2"].value == "bell and nul here"


# --- every format from a plain frame and figure --------------------------------------------------


def _small_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "vendor": ["Apple", "Xiaomi"],
            "period": ["2017-Q4", "2017-Q4"],
            "value": [77.3, 28.1],
            "source": ["IDC", "IDC"],
            "url": ["https://example.org/idc", "https://example.org/idc"],
        }
    )


def _small_figure() -> go.Figure:
    frame = _small_frame()
    return go.Figure(go.Bar(x=frame["vendor"], y=frame["value"]), layout={"title": {"text": "test"}})


def _check_png(data: bytes) -> None:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def _check_svg(data: bytes) -> None:
    assert data.lstrip().startswith(b"<svg") and b"</svg>" in data


def _check_pdf(data: bytes) -> None:
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def _check_html(data: bytes) -> None:
    page = data.decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "plotly.js v" in page  # the library itself is inline ...
    assert not re.search(r"<script[^>]*\bsrc=", page)  # ... and no script is fetched
    assert "Plotly.newPlot" in page


def _check_csv(data: bytes) -> None:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert [r["vendor"] for r in rows] == ["Apple", "Xiaomi"]
    assert {"source", "url"} <= set(rows[0])


def _check_xlsx(data: bytes) -> None:
    assert data[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == list(_small_frame().columns)
    assert sheet["C2"].value == pytest.approx(77.3)


FORMAT_CHECKS = {
    "png": _check_png,
    "svg": _check_svg,
    "pdf": _check_pdf,
    "html": _check_html,
    "csv": _check_csv,
    "xlsx": _check_xlsx,
}


def test_every_format_has_a_check():
    assert set(FORMAT_CHECKS) == set(FORMATS)


@pytest.mark.parametrize("fmt", list(FORMAT_CHECKS))
def test_render_chart_makes_a_valid_file(fmt):
    data = exports.render_chart("volumes", fmt, _small_frame(), _small_figure)
    FORMAT_CHECKS[fmt](data)


def test_data_formats_never_build_the_figure():
    def boom():
        raise AssertionError("figure built for a data export")

    for fmt in ("csv", "xlsx"):
        assert exports.render_chart("volumes", fmt, _small_frame(), boom)


# --- names, formats and links --------------------------------------------------------------------

CHECK_CASES = [
    pytest.param("volumes", "png", None, id="chart-png-ok"),
    pytest.param("sources", "xlsx", None, id="chart-xlsx-ok"),
    pytest.param("conflicts", "csv", None, id="conflicts-csv-ok"),
    pytest.param("conflicts", "png", "cannot be exported as 'png'", id="conflicts-has-no-image"),
    pytest.param("pie", "png", "unknown chart 'pie'", id="unknown-chart"),
    pytest.param("volumes", "gif", "cannot be exported as 'gif'", id="unknown-format"),
]


@pytest.mark.parametrize(("name", "fmt", "error"), CHECK_CASES)
def test_check_export(name, fmt, error):
    if error is None:
        exports.check_export(name, fmt)
    else:
        with pytest.raises(exports.UnknownExport, match=re.escape(error)):
            exports.check_export(name, fmt)


def test_export_links_carry_the_filters():
    from dashboard.filters import Filters

    filters = Filters(vendors=("Apple", "Xiaomi"), period_from="2016-Q1", series="Canalys")
    links = dict(exports.export_links("volumes", filters))
    assert list(links) == ["PNG", "SVG", "PDF", "Interactive HTML", "CSV", "XLSX"]
    href = links["CSV"]
    assert href.startswith("/export/volumes.csv?")
    assert Filters.from_query(href) == filters
