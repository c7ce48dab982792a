"""pandas frames of articles and figure records, checked by declared pandera schemas.

The store only ever receives frames that passed these schemas, so a bad record from the
extractor costs that one file's update (reported as a failure), never the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import pandas as pd
import pandera.pandas as pa

from etl.model import BASES, FIGURE_FIELDS, METRICS, QUALIFIERS, STATUSES, Article

FORMATS = ("text", "markdown", "html", "rss", "atom", "url")
UNITS = ("units", "percent")
SHIPMENT_BASES = ("sell_in", "sell_through")
UNIT_OF_METRIC = {
    "shipments": "units",
    "shipments_target": "units",
    "market_share": "percent",
    "margin": "percent",
    "market_entry": None,
}

ARTICLE_COLUMNS = (
    "article_id",
    "source",
    "file",
    "format",
    "title",
    "url",
    "publisher",
    "published",
    "updated",
    "published_inferred",
    "content_hash",
    "n_figures",
    "read_at",
    "extra",
)
FIGURE_COLUMNS = ("article", "source", *FIGURE_FIELDS[1:])


class FrameError(ValueError):
    """A frame failed its schema; the message is one line."""


def _text(nullable: bool = True, *checks: pa.Check) -> pa.Column:
    return pa.Column(str, list(checks), nullable=nullable)


ARTICLES_SCHEMA = pa.DataFrameSchema(
    {
        "article_id": _text(False, pa.Check.str_length(min_value=1)),
        "source": _text(False, pa.Check.str_length(min_value=1)),
        "file": _text(False, pa.Check.str_length(min_value=1)),
        "format": _text(False, pa.Check.isin(FORMATS)),
        "title": _text(),
        "url": _text(),
        "publisher": _text(),
        "published": pa.Column("datetime64[us]", nullable=True),
        "updated": pa.Column("datetime64[us]", nullable=True),
        "published_inferred": pa.Column(bool),
        "content_hash": _text(False, pa.Check.str_matches(r"^[0-9a-f]{64}$")),
        "n_figures": pa.Column("int64", pa.Check.ge(0)),
        "read_at": pa.Column("datetime64[us]"),
        "extra": _text(),
    },
    unique=["source"],
    strict=True,
    coerce=True,
    ordered=True,
    name="articles",
)


def _row_rules() -> dict[str, object]:
    """Row rules of the contract that no single column can state: name -> frame -> bool Series."""

    def want_unit(df):
        return df["metric"].map(UNIT_OF_METRIC)

    def is_entry(df):
        return df["metric"] == "market_entry"

    def unit_fits_metric(df):
        want = want_unit(df)
        return ((want.isna() & df["unit"].isna()) | (want == df["unit"])).fillna(False).astype(bool)

    def value_iff_not_event(df):
        return (is_entry(df) & df["value"].isna()) | (~is_entry(df) & df["value"].notna())

    def status_iff_event(df):
        return (is_entry(df) & df["status"].notna()) | (~is_entry(df) & df["status"].isna())

    def bounds_iff_range(df):
        is_range = df["qualifier"] == "range"
        slack = 1e-9 * df["value"].abs().fillna(0) + 1e-9
        inside = (df["value_low"] <= df["value"] + slack) & (df["value"] <= df["value_high"] + slack)
        no_bounds = df["value_low"].isna() & df["value_high"].isna()
        return (is_range & inside) | (~is_range & no_bounds)

    def share_is_percent(df):
        return (df["metric"] != "market_share") | df["value"].between(0, 100)

    def units_not_negative(df):
        return (want_unit(df) != "units").fillna(True).astype(bool) | (df["value"] >= 0)

    def margin_basis_known(df):
        return (df["metric"] != "margin") | df["basis"].isna() | df["basis"].isin(BASES)

    def offsets_ordered(df):
        return (
            df["char_start"].isna() | df["char_end"].isna() | (df["char_start"] <= df["char_end"])
        ).astype(bool)

    return {
        f.__name__: f
        for f in (
            unit_fits_metric,
            value_iff_not_event,
            status_iff_event,
            bounds_iff_range,
            share_is_percent,
            units_not_negative,
            margin_basis_known,
            offsets_ordered,
        )
    }


def figures_schema(
    vendors: Iterable[str] | None = None, markets: Iterable[str] | None = None
) -> pa.DataFrameSchema:
    """The figures frame's schema; with `vendors`/`markets` names are checked against the reference."""
    vendor_checks = [pa.Check.isin(sorted(vendors))] if vendors is not None else []
    market_checks = [pa.Check.isin(sorted(markets))] if markets is not None else []
    number = pa.Column(float, nullable=True)
    offset = pa.Column("Int64", pa.Check.ge(0), nullable=True)
    return pa.DataFrameSchema(
        {
            "article": _text(False, pa.Check.str_length(min_value=1)),
            "source": _text(False, pa.Check.str_length(min_value=1)),
            "metric": _text(False, pa.Check.isin(METRICS)),
            "vendor": _text(False, *vendor_checks),
            "market": _text(False, *market_checks),
            "period": _text(True, pa.Check.str_matches(r"^(FY)?\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")),
            "value": number,
            "unit": _text(True, pa.Check.isin(UNITS)),
            "qualifier": _text(False, pa.Check.isin(QUALIFIERS)),
            "value_low": number,
            "value_high": number,
            "status": _text(True, pa.Check.isin(STATUSES)),
            "basis": _text(True, pa.Check.isin(BASES + SHIPMENT_BASES)),
            "attribution": _text(),
            "quote": _text(False),
            "char_start": offset,
            "char_end": offset,
            "confidence": pa.Column(float, pa.Check.in_range(0.0, 1.0)),
        },
        checks=[pa.Check(rule, name=name, error=name) for name, rule in _row_rules().items()],
        strict=True,
        coerce=True,
        ordered=True,
        name="figures",
    )


FIGURES_SCHEMA = figures_schema()


def _date(value) -> datetime | None:
    if value is None:
        return None
    return datetime(value.year, value.month, value.day)


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def article_row(
    article: Article, *, file: str | None = None, n_figures: int = 0, read_at: datetime | None = None
) -> dict:
    """One `articles` row: the Article's metadata plus where it was read from and its figure count."""
    return {
        "article_id": article.id,
        "source": article.source,
        "file": file or article.source,
        "format": article.format,
        "title": article.title,
        "url": article.url,
        "publisher": article.publisher,
        "published": _date(article.published),
        "updated": _date(article.updated),
        "published_inferred": bool(article.published_inferred),
        "content_hash": article.content_hash,
        "n_figures": n_figures,
        "read_at": read_at or _utc_now(),
        "extra": json.dumps(article.extra, default=str, ensure_ascii=False) if article.extra else None,
    }


def empty_frame(columns: Iterable[str], schema: pa.DataFrameSchema) -> pd.DataFrame:
    return schema.validate(pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}))


def articles_frame(
    articles: Iterable[Article],
    *,
    files: Mapping[str, str] | None = None,
    n_figures: Mapping[str, int] | None = None,
    read_at: datetime | None = None,
) -> pd.DataFrame:
    """A validated articles frame. `files` and `n_figures` are keyed by article source."""
    files, n_figures, read_at = files or {}, n_figures or {}, read_at or _utc_now()
    rows = [
        article_row(a, file=files.get(a.source), n_figures=n_figures.get(a.source, 0), read_at=read_at)
        for a in articles
    ]
    return validate(pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS)), ARTICLES_SCHEMA)


def figures_frame(records: Iterable[Mapping], *, schema: pa.DataFrameSchema | None = None) -> pd.DataFrame:
    """A validated figures frame from extractor records (each carrying `source` beside the spec fields).

    Keys outside the figures table are dropped: the contract welcomes extra fields, the table
    holds the ones it declares.
    """
    rows = [{c: r.get(c) for c in FIGURE_COLUMNS} for r in records]
    return validate(pd.DataFrame(rows, columns=list(FIGURE_COLUMNS)), schema or FIGURES_SCHEMA)


def _failure_line(cases: pd.DataFrame, df: pd.DataFrame | None = None) -> str:
    case = cases.iloc[0]
    if case["check"] in _row_rules() and df is not None and pd.notna(case["index"]):
        row = df.loc[case["index"]]
        shown = ", ".join(f"{c}={row[c]}" for c in ("metric", "vendor", "period", "value") if c in row)
        return f"breaks rule {case['check']} ({shown})"
    where = case["column"] if isinstance(case["column"], str) else case["schema_context"]
    return f"{where} failed {case['check']} (value {case['failure_case']!r})"


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Validate and coerce `df`, or raise FrameError with one line naming the first problem."""
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise FrameError(f"{schema.name} frame: {_failure_line(exc.failure_cases, df)}") from None


def split_valid(
    df: pd.DataFrame, schema: pa.DataFrameSchema, key: str
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Validate `df`; rows of any `key` value that has a bad row are set apart with a one-line reason.

    Lets one refresh store every good file while naming each bad one, instead of failing all.
    Raises FrameError for problems not tied to rows (a missing column, say).
    """
    df = df.reset_index(drop=True)
    try:
        return schema.validate(df, lazy=True), {}
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    rows = cases[cases["index"].notna()]
    if rows.empty:
        raise FrameError(f"{schema.name} frame: {_failure_line(cases)}")
    bad: dict[str, str] = {}
    for _, case in rows.iterrows():
        k = df.loc[case["index"], key]
        if k not in bad:
            bad[k] = f"{schema.name} record {_failure_line(pd.DataFrame([case]), df)}"
    good = df[~df[key].isin(list(bad))]
    return validate(good, schema), bad


EMPTY_ARTICLES = empty_frame(ARTICLE_COLUMNS, ARTICLES_SCHEMA)
EMPTY_FIGURES = empty_frame(FIGURE_COLUMNS, FIGURES_SCHEMA)
