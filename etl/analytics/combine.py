"""One table of all figures: research-firm series, curated targets and events, and the
figures extracted from articles, each row with its source, its date and its provenance.

Every chart and comparison reads this one frame, so a figure's origin never has to be
looked up in a second place.
"""

from __future__ import annotations

import pandas as pd

from etl.analytics import staters
from etl.analytics.frames import day, flag, host
from etl.analytics.restatements import mark_current
from etl.analytics.spans import partial_date, period_bounds

# Omdia publishes Canalys' smartphone research since 2025: one series, the firm kept in `source`.
SERIES_OF_FIRM = {"Omdia": "Canalys"}
ARTICLES_SERIES = "Articles"
COMPANY_SERIES = "Company"
EVENTS_SERIES = "Events"

# Columns of the combined table and their dtypes (DuckDB-friendly: no lists or dicts).
COLUMNS: dict[str, str] = {
    "figure_id": "str",
    "dataset": "str",  # shipments.csv | targets.csv | targets.csv actual | events.csv | articles
    "series": "str",  # IDC, Canalys, Counterpoint, Company, Articles, Events, or a third-party stater
    "source_kind": "str",  # firm | company | article | analyst | press
    "source": "str",  # firm name, article id, stater, or the host of an event's page
    "vendor": "str",
    "market": "str",
    "period": "str",
    "metric": "str",
    "value": "float64",
    "unit": "str",
    "qualifier": "str",
    "value_low": "float64",
    "value_high": "float64",
    "status": "str",
    "basis": "str",
    "attribution": "str",
    "confidence": "float64",
    "as_of": "datetime64[us]",  # when the source published the figure
    "as_of_estimated": "bool",
    "url": "str",
    "quote": "str",
    "article": "str",
    "title": "str",
    "publisher": "str",
    "note": "str",
    "period_start": "datetime64[us]",
    "period_end": "datetime64[us]",
    "is_pledge": "bool",  # a margin cap or floor stated before its period ended
    "is_current": "bool",  # latest value of its series for its key (others are history)
    "conflict": "bool",  # its key is listed by conflicts()
}

_ESTIMATED_STATEMENT = r"approximate|year start|date of report|unknown"


def empty_figures() -> pd.DataFrame:
    """The combined table with no rows, every column typed."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in COLUMNS.items()})


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reindex(columns=list(COLUMNS))
    for name, dtype in COLUMNS.items():
        if dtype == "bool":
            out[name] = flag(out[name])
        elif dtype.startswith("datetime"):
            out[name] = pd.to_datetime(out[name]).astype(dtype)
        else:
            out[name] = out[name].astype(dtype)
    return out


def _flag(values: pd.Series) -> pd.Series:
    """Booleans that may arrive as bools or as 'true'/'false' text from a CSV."""
    if pd.api.types.is_bool_dtype(values):
        return flag(values)
    return values.astype("str").str.strip().str.lower().isin(["true", "1", "yes", "t"])


def _firm_rows(ref: pd.DataFrame | None) -> pd.DataFrame | None:
    if ref is None or ref.empty:
        return None
    firm = ref["source_firm"].astype("str")
    published = partial_date(ref["published"])
    as_of = pd.to_datetime(ref["as_of"], errors="coerce").astype("datetime64[us]")
    estimated = _flag(ref["as_of_estimated"]) if "as_of_estimated" in ref else as_of.isna()
    return pd.DataFrame(
        {
            "dataset": "shipments.csv",
            "series": firm.replace(SERIES_OF_FIRM),
            "source_kind": staters.FIRM,
            "source": firm,
            "vendor": ref["vendor"],
            "market": ref["market"],
            "period": ref["period"],
            "metric": ref["metric"],
            "value": ref["value"],
            "unit": ref["unit"],
            "qualifier": "exact",
            "as_of": as_of.fillna(published["date"]),
            "as_of_estimated": estimated.where(
                as_of.notna(), published["estimated"] | published["date"].isna()
            ),
            "url": ref["url"],
            "note": ref["note"],
        }
    )


def _target_rows(ref: pd.DataFrame | None) -> list[pd.DataFrame]:
    """targets.csv as stated (target, guidance, pledge, reported margin), plus the actuals
    joined to it where the company itself stated the target: those are company figures."""
    if ref is None or ref.empty:
        return []
    pairs = ref[["vendor", "stated_by"]].astype("str")
    kinds = pd.Series(
        [staters.stater_kind(v, s) for v, s in pairs.drop_duplicates().itertuples(index=False)],
        index=pd.MultiIndex.from_frame(pairs.drop_duplicates()),
    )
    kind = pd.Series(kinds.reindex(pd.MultiIndex.from_frame(pairs)).to_numpy(), index=ref.index)
    stated_by = ref["stated_by"].astype("str")
    firm = stated_by.map(staters.firm_name)
    series = stated_by.where(kind.eq(staters.ANALYST), firm).where(~kind.eq(staters.COMPANY), COMPANY_SERIES)
    note = ref["note"].astype("str")
    basis = note.str.extract(r"basis=(\w+)", expand=False)
    stated = pd.DataFrame(
        {
            "dataset": "targets.csv",
            "series": series,
            "source_kind": kind,
            "source": stated_by,
            "vendor": ref["vendor"],
            "market": ref["market"],
            "period": ref["period"],
            "metric": ref["metric"],
            "value": ref["value"],
            "unit": ref["unit"],
            "qualifier": ref["qualifier"].fillna("exact"),
            "basis": basis,
            "as_of": pd.to_datetime(ref["stated_on"], errors="coerce"),
            "as_of_estimated": note.str.contains(_ESTIMATED_STATEMENT, case=False, regex=True).fillna(False),
            "url": ref["url"],
            "note": ref["note"],
        }
    )
    has_actual = ref["actual_value"].notna() & kind.eq(staters.COMPANY)
    actual_metric = ref["metric"].replace({"shipments_target": "shipments"})
    actuals = pd.DataFrame(
        {
            "dataset": "targets.csv actual",
            "series": COMPANY_SERIES,
            "source_kind": staters.COMPANY,
            "source": stated_by,
            "vendor": ref["vendor"],
            "market": ref["market"],
            "period": ref["period"],
            "metric": actual_metric,
            "value": ref["actual_value"],
            "unit": ref["unit"],
            "qualifier": "exact",
            "basis": basis,
            "as_of": pd.NaT,  # not in the table: estimated from the period's end below
            "as_of_estimated": True,
            "url": ref["actual_url"],
            "note": "actual joined to the target stated by "
            + stated_by
            + " on "
            + day(ref["stated_on"]).fillna("?"),
        }
    )[has_actual]
    # One fact once: several targets share an actual, and a reported margin may already be a row.
    same = ["vendor", "market", "period", "metric", "basis", "value"]
    actuals = actuals.drop_duplicates(same)
    reported = stated.loc[stated["source_kind"].eq(staters.COMPANY), same].drop_duplicates()
    known = actuals[same].merge(reported, on=same, how="left", indicator=True)["_merge"].eq("both")
    return [stated, actuals[~known.to_numpy()]]


def _event_rows(ref: pd.DataFrame | None) -> pd.DataFrame | None:
    if ref is None or ref.empty:
        return None
    published = partial_date(ref["published"])
    return pd.DataFrame(
        {
            "dataset": "events.csv",
            "series": EVENTS_SERIES,
            "source_kind": "press",
            "source": host(ref["url"]).fillna("events.csv"),
            "vendor": ref["vendor"],
            "market": ref["market"],
            "period": ref["period"],
            "metric": "market_entry",
            "qualifier": "exact",
            "status": ref["status"],
            "as_of": published["date"],
            "as_of_estimated": published["estimated"] | published["date"].isna(),
            "url": ref["url"],
            "note": ref["description"],
        }
    )


def _article_rows(figures: pd.DataFrame | None, articles: pd.DataFrame | None) -> pd.DataFrame | None:
    if figures is None or figures.empty:
        return None
    wanted = ["article_id", "title", "url", "publisher", "published", "published_inferred"]
    meta = articles.reindex(columns=wanted) if articles is not None else pd.DataFrame(columns=wanted)
    meta = meta.drop_duplicates("article_id")
    rows = figures.drop(columns=["source", "url", "title", "publisher"], errors="ignore").merge(
        meta, left_on="article", right_on="article_id", how="left"
    )
    inferred = rows["published_inferred"]
    return pd.DataFrame(
        {
            "dataset": "articles",
            "series": ARTICLES_SERIES,
            "source_kind": "article",
            "source": rows["article"],
            "vendor": rows["vendor"],
            "market": rows["market"],
            "period": rows["period"],
            "metric": rows["metric"],
            "value": rows["value"],
            "unit": rows["unit"],
            "qualifier": rows["qualifier"],
            "value_low": rows.get("value_low"),
            "value_high": rows.get("value_high"),
            "status": rows.get("status"),
            "basis": rows.get("basis"),
            "attribution": rows.get("attribution"),
            "confidence": rows.get("confidence"),
            "as_of": pd.to_datetime(rows["published"], errors="coerce"),
            "as_of_estimated": flag(inferred) | rows["published"].isna(),
            "url": rows["url"],
            "quote": rows["quote"],
            "article": rows["article"],
            "title": rows["title"],
            "publisher": rows["publisher"],
        }
    )


_ID_PREFIX = {
    "shipments.csv": "shipments",
    "targets.csv": "targets",
    "targets.csv actual": "actual",
    "events.csv": "events",
    "articles": "article",
}


def _figure_ids(frame: pd.DataFrame) -> pd.Series:
    """Content hash of what makes a figure itself, stable across refreshes; repeats of one
    content (the same sentence twice) get `-2`, `-3`... in input order."""
    content = ["dataset", "source", "url", "vendor", "market", "period", "metric", "value", "status", "basis"]
    content += ["qualifier", "quote"]
    digest = pd.util.hash_pandas_object(frame[content], index=False).to_numpy()
    repeat = pd.Series(digest).groupby(digest, sort=False).cumcount().to_numpy()
    ids = (
        frame["dataset"].map(_ID_PREFIX).fillna("figure")
        + "-"
        + pd.Series(digest, index=frame.index).astype("str")
    )
    return ids.where(repeat == 0, ids + "-" + pd.Series(repeat + 1, index=frame.index).astype("str"))


def combine(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """All figures in one frame (columns: `COLUMNS`), with restatements and conflicts marked.

    `tables` holds the store's base tables by name: `ref_shipments`, `ref_targets`,
    `ref_events`, `figures` and `articles`; any may be missing or empty.
    """
    from etl.analytics.conflicts import conflict_mask

    parts = [
        _firm_rows(tables.get("ref_shipments")),
        *_target_rows(tables.get("ref_targets")),
        _event_rows(tables.get("ref_events")),
        _article_rows(tables.get("figures"), tables.get("articles")),
    ]
    parts = [_typed(part) for part in parts if part is not None and not part.empty]
    if not parts:
        return empty_figures()
    frame = pd.concat(parts, ignore_index=True)
    bounds = period_bounds(frame["period"])
    frame["period_start"] = bounds["period_start"]
    frame["period_end"] = bounds["period_end"]
    # An actual read off targets.csv has no date of its own: a month after its period ends.
    undated = frame["as_of"].isna() & frame["dataset"].eq("targets.csv actual")
    frame.loc[undated, "as_of"] = frame.loc[undated, "period_end"] + pd.DateOffset(months=1)
    frame["is_pledge"] = (
        frame["metric"].eq("margin")
        & frame["qualifier"].isin(["at_most", "at_least"])
        & (frame["period_end"].isna() | (frame["as_of"].notna() & (frame["as_of"] <= frame["period_end"])))
    )
    frame["figure_id"] = _figure_ids(frame)
    frame["is_current"] = mark_current(frame)
    frame["conflict"] = conflict_mask(frame)
    return frame
