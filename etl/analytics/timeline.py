"""The market-entry timeline: one mark per event, however many sources report it."""

from __future__ import annotations

import pandas as pd

from etl.analytics.frames import conform, join_per_group, json_list_per_group, json_text

EVENT_KEY = ["vendor", "market", "status", "period"]
COLUMNS = [
    *EVENT_KEY, "period_start", "period_end", "first_reported", "n_sources", "sources",
    "series", "links", "notes", "quotes", "urls", "figure_ids",
]  # fmt: skip
TYPES = {
    "period_start": "datetime64[us]", "period_end": "datetime64[us]", "first_reported": "datetime64[us]",
    "n_sources": "int64",
}  # fmt: skip


def entry_timeline(all_figures: pd.DataFrame) -> pd.DataFrame:
    """Market-entry events from articles and events.csv merged: the same vendor, market,
    status and period once, with `n_sources`, `sources`, `links` (URL, else article id)
    and `notes` (`; `-joined, distinct), and JSON arrays
    `quotes`, `urls`, `figure_ids` (one item per source row, nulls kept so they align).
    `first_reported` is the earliest date a source gave it."""
    events = all_figures[all_figures["metric"].eq("market_entry") & all_figures["status"].notna()]
    if events.empty:
        return conform(None, COLUMNS, TYPES)
    events = events.assign(period=events["period"].fillna("")).sort_values(
        [*EVENT_KEY, "as_of"], kind="stable", na_position="last"
    )
    out = events.groupby(EVENT_KEY, sort=False).agg(
        period_start=("period_start", "first"),
        period_end=("period_end", "first"),
        first_reported=("as_of", "min"),
        n_sources=("figure_id", "size"),
    )
    out = out.reset_index()
    links = events.assign(links=events["url"].fillna(events["article"]))
    distinct = {
        "sources": events.drop_duplicates([*EVENT_KEY, "source"]).rename(columns={"source": "sources"}),
        "series": events.drop_duplicates([*EVENT_KEY, "series"]),
        "notes": events.drop_duplicates([*EVENT_KEY, "note"]).rename(columns={"note": "notes"}),
        "links": links.drop_duplicates([*EVENT_KEY, "links"]),
    }
    for column, frame in distinct.items():
        out = out.merge(join_per_group(frame, EVENT_KEY, column), on=EVENT_KEY, how="left")
    for column, field in (("quotes", "quote"), ("urls", "url"), ("figure_ids", "figure_id")):
        items = events[EVENT_KEY].assign(**{column: json_text(events[field])})
        out = out.merge(json_list_per_group(items, EVENT_KEY, column), on=EVENT_KEY, how="left")
    out["period"] = out["period"].replace("", pd.NA)
    out = out.sort_values(["period_start", "vendor", "market"], kind="stable")
    return conform(out, COLUMNS, TYPES)
