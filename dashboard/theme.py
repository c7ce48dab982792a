"""One look for every chart: vendor colours that never change between charts, status marks, and
the plotly template the figure builders start from."""

from __future__ import annotations

import hashlib

import plotly.graph_objects as go
import plotly.io as pio

# Fixed colour per vendor, so Xiaomi is the same orange on /volumes, /targets and in exports.
VENDOR_COLOURS: dict[str, str] = {
    "Apple": "#4b5563",
    "Samsung": "#1f4ed8",
    "Huawei": "#dc2626",
    "Honor": "#0891b2",
    "Xiaomi": "#f97316",
    "OPPO": "#16a34a",
    "vivo": "#4338ca",
    "realme": "#eab308",
    "OnePlus": "#be123c",
    "Transsion": "#7c3aed",
    "Lenovo": "#b91c1c",
    "Motorola": "#0d9488",
    "LG": "#a21caf",
    "ZTE": "#0369a1",
    "Sony": "#111827",
    "Nokia": "#2563eb",
    "Microsoft": "#65a30d",
    "HTC": "#84cc16",
    "BlackBerry": "#374151",
    "Google": "#ea580c",
    "TCL": "#db2777",
    "Coolpad": "#92400e",
    "Meizu": "#06b6d4",
    "Others": "#cbd5e1",
    "Market": "#0f172a",
}
# For vendors not listed: a stable pick from this palette by name hash.
_FALLBACK = ("#9333ea", "#059669", "#d97706", "#e11d48", "#0284c7", "#4d7c0f", "#c026d3", "#57534e")

SERIES_COLOURS: dict[str, str] = {
    "IDC": "#1f4ed8",
    "Canalys": "#16a34a",
    "Counterpoint": "#f97316",
    "Omdia": "#7c3aed",
    "Articles": "#dc2626",
    "Consensus": "#0f172a",
}

STATUS_COLOURS: dict[str, str] = {
    "planned": "#2563eb",
    "entered": "#16a34a",
    "blocked": "#dc2626",
    "exit_planned": "#f59e0b",
    "exited": "#6b7280",
}
STATUS_SYMBOLS: dict[str, str] = {
    "planned": "circle-open",
    "entered": "circle",
    "blocked": "x",
    "exit_planned": "triangle-down-open",
    "exited": "triangle-down",
}
TARGET_STATUS_COLOURS: dict[str, str] = {
    "met": "#16a34a",
    "missed": "#dc2626",
    "pending": "#2563eb",
    "unknown": "#9ca3af",
}

INK = "#0f172a"
MUTED = "#64748b"
GRID = "#e2e8f0"
ACCENT = "#1f4ed8"
CONFLICT = "#dc2626"
FONT = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEMPLATE = "phonedash"


def vendor_colour(vendor: str) -> str:
    """The vendor's colour; unknown vendors get a stable colour from their name."""
    if vendor in VENDOR_COLOURS:
        return VENDOR_COLOURS[vendor]
    digest = hashlib.sha1(vendor.encode()).digest()
    return _FALLBACK[digest[0] % len(_FALLBACK)]


def series_colour(series: str) -> str:
    return SERIES_COLOURS.get(series, vendor_colour(series))


def _template() -> go.layout.Template:
    axis = dict(
        gridcolor=GRID,
        linecolor="#cbd5e1",
        zerolinecolor="#cbd5e1",
        tickfont=dict(size=12, color=MUTED),
        title=dict(font=dict(size=13, color=INK)),
        automargin=True,
    )
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT, size=13, color=INK),
            paper_bgcolor="white",
            plot_bgcolor="white",
            colorway=list(VENDOR_COLOURS.values()),
            xaxis=axis,
            yaxis=axis,
            legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, font=dict(size=12)),
            margin=dict(l=56, r=16, t=48, b=48),
            hoverlabel=dict(font=dict(family=FONT, size=12)),
            title=dict(font=dict(size=16), x=0, xanchor="left"),
        )
    )


pio.templates[TEMPLATE] = _template()
