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
from dashboard.export_formats import FORMATS, frame_to_csv, frame_to_xlsx, neutralise
from dashboard.filters import Filters, period_bounds

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


def test_concurrent_renders_each_get_their_own_image():
    """Flask serves requests in threads: every caller must get back its own format."""
    from concurrent.futures import ThreadPoolExecutor

    from dashboard import kaleido_server

    wanted = ["png", "svg", "pdf", "svg", "png", "pdf"]
    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        images = list(pool.map(lambda fmt: kaleido_server.render_image(_small_figure(), fmt), wanted))
    checks = {"png": _check_png, "svg": _check_svg, "pdf": _check_pdf}
    for fmt, data in zip(wanted, images, strict=True):
        checks[fmt](data)


def test_warm_browser_restarts_after_stop():
    from dashboard import kaleido_server

    kaleido_server.render_image(_small_figure(), "svg")
    assert kaleido_server.is_warm()
    kaleido_server.stop()
    assert not kaleido_server.is_warm()
    _check_png(kaleido_server.render_image(_small_figure(), "png"))
    assert kaleido_server.is_warm()


def test_data_formats_never_build_the_figure():
    def boom():
        raise AssertionError("figure built for a data export")

    for fmt in ("csv", "xlsx"):
        assert exports.render_chart("volumes", fmt, _small_frame(), boom)


SOURCE_LINE_CASES = [
    pytest.param(["IDC", "IDC"], "Source: IDC · via phonedash", id="one-source"),
    pytest.param(["Canalys", "IDC", "IDC"], "Sources: IDC, Canalys · via phonedash", id="most-cited-first"),
    pytest.param(
        ["A", "B", "B", "C", "C", "C", "D", "E"],
        "Sources: C, B, A and 2 more · via phonedash",
        id="capped-at-three",
    ),
    pytest.param([None, ""], "Source: phonedash", id="no-named-source"),
]


@pytest.mark.parametrize(("sources", "expected"), SOURCE_LINE_CASES)
def test_source_line(sources, expected):
    assert exports.source_line(pd.DataFrame({"source": sources})) == expected


def test_for_export_adds_the_source_line_and_leaves_the_page_figure_alone():
    page_figure = _small_figure()
    before = page_figure.to_json()
    exported = exports.for_export(page_figure, _small_frame())
    assert page_figure.to_json() == before
    assert exported.layout.title.text == "test"
    assert exported.layout.title.subtitle.text == "Source: IDC · via phonedash"
    assert exported.layout.legend.orientation == "v"
    assert [t.to_json() for t in exported.data] == [t.to_json() for t in page_figure.data]


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
    filters = Filters(vendors=("Apple", "Xiaomi"), period_from="2016-Q1", series="Canalys")
    links = dict(exports.export_links("volumes", filters))
    assert list(links) == ["PNG", "SVG", "PDF", "Interactive HTML", "CSV", "XLSX"]
    href = links["CSV"]
    assert href.startswith("/export/volumes.csv?")
    assert Filters.from_query(href) == filters


# --- from a store: every chart, every format -----------------------------------------------------

# What each data export must carry besides the chart's own numbers: where each number came from.
PROVENANCE = ("source", "url", "quote", "title", "publisher", "date")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from dashboard_store import build_store  # tests/dashboard_store.py: the dashboard's test data

    return build_store(tmp_path_factory.mktemp("store") / "phonedash.duckdb")


def _read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _read_xlsx(data: bytes) -> list[dict]:
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


DATA_READERS = {"csv": _read_csv, "xlsx": _read_xlsx}
STORE_CASES = [
    pytest.param(name, fmt, id=f"{name}-{fmt}")
    for name in exports.EXPORT_NAMES
    for fmt in exports.formats_for(name)
]


@pytest.mark.parametrize(("name", "fmt"), STORE_CASES)
def test_every_export_from_the_store_is_a_valid_file(store, tmp_path, name, fmt):
    out = exports.export_chart(name, fmt, None, store, tmp_path / "nested" / f"{name}.{fmt}")
    data = out.read_bytes()
    if fmt in DATA_READERS:
        rows = DATA_READERS[fmt](data)
        assert rows, f"{name}.{fmt} has no rows"
        required = exports.REQUIRED_COLUMNS.get(name, PROVENANCE)
        assert set(required) <= set(rows[0]), f"missing {set(required) - set(rows[0])}"
    else:
        {"png": _check_png, "svg": _check_svg, "pdf": _check_pdf, "html": _check_html}[fmt](data)


@pytest.mark.parametrize("name", exports.CHART_NAMES)
def test_chart_data_carries_provenance_columns(store, name):
    rows = _read_csv(exports.export_payload(name, "csv", Filters(), store).content)
    assert set(PROVENANCE) <= set(rows[0])


def test_targets_data_is_targets_against_actuals(store):
    payload = exports.export_payload("targets", "csv", Filters(vendors=("Xiaomi",)), store)
    rows = _read_csv(payload.content)
    assert {r["vendor"] for r in rows} == {"Xiaomi"}
    assert {r["status"] for r in rows} <= {"met", "missed", "pending", "unknown"}
    xiaomi_2018 = [r for r in rows if r["period"] == "2018" and float(r["target"]) == 100_000_000]
    assert xiaomi_2018 and all(r["status"] == "met" and float(r["actual"]) > 1e8 for r in xiaomi_2018)


def _in_2017(period: str) -> bool:
    start, end = period_bounds(period)
    return start.isoformat() >= "2017-01-01" and end.isoformat() <= "2017-12-31"


FILTER_CASES = [
    pytest.param({"vendors": ("Apple",)}, "vendor", {"Apple"}.__contains__, id="one-vendor"),
    pytest.param(
        {"vendors": ("Apple", "Xiaomi")}, "vendor", {"Apple", "Xiaomi"}.__contains__, id="two-vendors"
    ),
    pytest.param({"markets": ("Global",)}, "market", {"Global"}.__contains__, id="one-market"),
    pytest.param({"period_from": "2017-Q1", "period_to": "2017-Q4"}, "period", _in_2017, id="period-range"),
]


@pytest.mark.parametrize(("changes", "column", "allowed"), FILTER_CASES)
@pytest.mark.parametrize("name", ["volumes", "conflicts", "sources"])
def test_filters_restrict_the_exported_rows(store, name, changes, column, allowed):
    rows = _read_csv(exports.export_payload(name, "csv", Filters().with_(**changes), store).content)
    assert rows
    outside = sorted({r[column] for r in rows if not allowed(r[column])})
    assert not outside


def test_market_filter_on_the_evidence_grid(store):
    payload = exports.export_payload("sources", "csv", Filters(markets=("China", "India")), store)
    rows = _read_csv(payload.content)
    assert {r["market"] for r in rows} == {"China", "India"}


def test_export_all_writes_every_chart_in_every_format(store, tmp_path):
    written = exports.export_all(store, tmp_path / "all")
    expected = {f"{name}.{fmt}" for name in exports.EXPORT_NAMES for fmt in exports.formats_for(name)}
    assert {p.name for p in written} == expected
    assert {p.name for p in (tmp_path / "all").iterdir()} == expected
    assert all(p.stat().st_size > 0 for p in written)


def test_missing_store_is_an_export_error(tmp_path):
    with pytest.raises(exports.ExportError, match="no store"):
        exports.export_payload("volumes", "csv", Filters(), tmp_path / "absent.duckdb")


# --- HTTP routes ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(store):
    from flask import Flask

    server = Flask("exports-test")
    exports.register_export_routes(server, store, warm=False)
    return server.test_client()


ROUTE_CASES = [
    pytest.param("/export/volumes.png", 200, "image/png", id="png"),
    pytest.param("/export/share.svg", 200, "image/svg+xml", id="svg"),
    pytest.param("/export/margins.pdf", 200, "application/pdf", id="pdf"),
    pytest.param("/export/targets.html", 200, "text/html", id="html"),
    pytest.param("/export/volumes.csv?vendor=Apple", 200, "text/csv", id="csv-filtered"),
    pytest.param("/export/conflicts.xlsx", 200, "application/vnd.openxmlformats", id="conflicts-xlsx"),
    pytest.param("/export/pie.png", 404, "text/plain", id="unknown-chart"),
    pytest.param("/export/volumes.gif", 404, "text/plain", id="unknown-format"),
    pytest.param("/export/conflicts.png", 404, "text/plain", id="table-has-no-image"),
    pytest.param("/export/volumes.csv?from=last-year", 400, "text/plain", id="bad-period"),
    pytest.param("/export/volumes.csv?series=Gartner", 400, "text/plain", id="bad-series"),
    pytest.param("/export/volumes.csv?from=2019-13", 400, "text/plain", id="month-13"),
    pytest.param("/export/volumes.csv?to=0000", 400, "text/plain", id="year-0"),
]


@pytest.mark.parametrize(("url", "status", "media_type"), ROUTE_CASES)
def test_export_route(client, url, status, media_type):
    response = client.get(url)
    assert response.status_code == status
    assert response.content_type.startswith(media_type)
    if status == 200:
        name = url.split("/")[-1].split("?")[0]
        assert response.headers["Content-Disposition"] == f'attachment; filename="phonedash-{name}"'
    else:
        text = response.get_data(as_text=True)
        assert text.count("\n") == 1 and "Traceback" not in text


def test_route_and_cli_give_the_same_data(client, store):
    filters = Filters(vendors=("Xiaomi",), period_from="2016")
    response = client.get(exports.export_href("volumes", "csv", filters))
    assert response.data == exports.export_payload("volumes", "csv", filters, store).content


def test_route_neutralises_hostile_text(tmp_path):
    """A quote that starts like a formula leaves the server quoted, in CSV and in XLSX."""
    import duckdb
    from dashboard_store import build_store
    from flask import Flask

    path = build_store(tmp_path / "hostile.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE all_figures SET quote = '=HYPERLINK(\"http://evil.test\")' WHERE quote IS NOT NULL")
    con.close()
    server = Flask("hostile")
    exports.register_export_routes(server, path, warm=False)
    client = server.test_client()
    csv_rows = _read_csv(client.get("/export/sources.csv").data)
    xlsx_rows = _read_xlsx(client.get("/export/sources.xlsx").data)
    for rows in (csv_rows, xlsx_rows):
        quotes = {r["quote"] for r in rows if r["quote"]}
        assert quotes == {"'=HYPERLINK(\"http://evil.test\")"}


# --- CLI -----------------------------------------------------------------------------------------


def _run(*args: str):
    from typer.testing import CliRunner

    from dashboard.cli import app

    return CliRunner().invoke(app, ["export", *args])


CLI_USAGE_CASES = [
    pytest.param(["pie", "-f", "png", "-o", "{tmp}/x.png"], "unknown chart 'pie'", id="unknown-chart"),
    pytest.param(["volumes", "-f", "gif", "-o", "{tmp}/x.gif"], "unknown format 'gif'", id="unknown-format"),
    pytest.param(
        ["conflicts", "-f", "png", "-o", "{tmp}/x.png"], "cannot be exported as 'png'", id="table-image"
    ),
    pytest.param(["volumes", "-f", "png"], "-o/--output is required", id="no-output"),
    pytest.param(["--all"], "-o/--output is required", id="all-without-output"),
    pytest.param(["volumes", "--all", "-o", "{tmp}"], "either CHART or --all", id="chart-and-all"),
    pytest.param(["-o", "{tmp}/x.png"], "name a CHART", id="no-chart"),
    pytest.param(["volumes", "-o", "{tmp}/x.txt"], "give --format", id="format-not-guessable"),
    pytest.param(
        ["volumes", "-o", "{tmp}/x.csv", "--period-from", "soon"], "--period-from: 'soon'", id="bad-period"
    ),
    pytest.param(
        ["volumes", "-o", "{tmp}/x.csv", "--period-from", "2019-13"],
        "--period-from: '2019-13'",
        id="month-13",
    ),
    pytest.param(
        ["volumes", "-o", "{tmp}/x.csv", "--period-to", "2019-00"], "--period-to: '2019-00'", id="month-00"
    ),
]


@pytest.mark.parametrize(("args", "message"), CLI_USAGE_CASES)
def test_cli_usage_errors_exit_2_with_one_line(store, tmp_path, args, message):
    result = _run(*[a.format(tmp=tmp_path) for a in args], "--store", str(store))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_cli_runtime_failure_exits_1_with_one_line(tmp_path):
    bad = tmp_path / "not-a-store.duckdb"
    bad.write_text("this is not a DuckDB file\n")
    result = _run("volumes", "-f", "csv", "-o", str(tmp_path / "v.csv"), "--store", str(bad))
    assert result.exit_code == 1
    assert "not-a-store.duckdb" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "filename", "check"),
    [
        pytest.param(["volumes", "--format", "svg"], "v.svg", _check_svg, id="explicit-format"),
        pytest.param(["targets"], "targets.csv", None, id="format-from-suffix"),
        pytest.param(["conflicts", "-f", "xlsx"], "c.xlsx", None, id="conflicts-xlsx"),
    ],
)
def test_cli_export_writes_the_file(store, tmp_path, args, filename, check):
    out = tmp_path / filename
    result = _run(*args, "-o", str(out), "--store", str(store), "--vendor", "Xiaomi")
    assert result.exit_code == 0, result.stderr
    if check:
        check(out.read_bytes())
    else:
        rows = DATA_READERS[out.suffix[1:]](out.read_bytes())
        assert rows and {r["vendor"] for r in rows} == {"Xiaomi"}


def test_cli_export_all_data_formats(store, tmp_path):
    result = _run("--all", "-f", "csv", "-o", str(tmp_path / "out"), "--store", str(store))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{name}.csv" for name in exports.EXPORT_NAMES
    )
