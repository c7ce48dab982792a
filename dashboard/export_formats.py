"""The six export formats: their media types, and the writers for data and interactive HTML.

Static images (png, svg, pdf) go through `dashboard.kaleido_server`; everything here is pure:
a frame or a figure in, bytes out.

Spreadsheet safety: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
could run as a formula when the file is opened in Excel or LibreOffice (CSV/formula injection).
Such cells get a leading single quote (`'=cmd` instead of `=cmd`) in CSV and XLSX, so they read
as text. Only text cells change: numbers, dates and empty cells are written as they are.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

# What makes a spreadsheet treat a cell as a formula (OWASP's CSV-injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"

# Control characters XLSX (XML) cannot hold; tab, newline and carriage return are allowed.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportFormat:
    """One downloadable format: its file extension, HTTP media type and how it is made."""

    ext: str
    media_type: str
    kind: str  # "image" (kaleido), "html" (plotly.js inline) or "data" (the chart's rows)
    label: str


FORMATS: dict[str, ExportFormat] = {
    f.ext: f
    for f in (
        ExportFormat("png", "image/png", "image", "PNG"),
        ExportFormat("svg", "image/svg+xml", "image", "SVG"),
        ExportFormat("pdf", "application/pdf", "image", "PDF"),
        ExportFormat("html", "text/html; charset=utf-8", "html", "Interactive HTML"),
        ExportFormat("csv", "text/csv; charset=utf-8", "data", "CSV"),
        ExportFormat(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "data", "XLSX"
        ),
    )
}
DATA_FORMATS = tuple(ext for ext, f in FORMATS.items() if f.kind == "data")


def neutralise(value: object) -> object:
    """A text value that a spreadsheet would run as a formula, prefixed with a quote; else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return NEUTRALISER + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell neutralised (column names too); numeric and date columns untouched."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        out[column] = series.map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (no BOM), header row first, neutralised."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def _xlsx_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """What openpyxl can store: no time zones, no XML-illegal control characters."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            out[column] = series.dt.tz_localize(None)
        elif not pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series.map(lambda v: _XML_ILLEGAL.sub("", v) if isinstance(v, str) else v)
    return out


def frame_to_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """One-sheet workbook, header frozen, neutralised; numbers stay numeric cells."""
    buffer = io.BytesIO()
    safe = neutralise_frame(_xlsx_ready(frame))
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet[:31] or "data", index=False)
        writer.sheets[sheet[:31] or "data"].freeze_panes = "A2"
    return buffer.getvalue()


def figure_to_html(fig: go.Figure, title: str) -> bytes:
    """A standalone page that works offline: plotly.js inline, no script fetched from anywhere."""
    page = fig.to_html(
        include_plotlyjs=True,
        include_mathjax=False,
        full_html=True,
        config={"displaylogo": False, "responsive": True},
    )
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    page = page.replace("<head>", f"<head>\n    <title>{escaped}</title>", 1)
    return page.encode("utf-8")
