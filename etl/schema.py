"""Tables of the embedded DuckDB store. Column names are a contract read by the dashboard
and the analytics; add columns freely, never rename or drop one."""

from __future__ import annotations

SCHEMA_VERSION = "1"

TABLES: dict[str, str] = {
    # One row per article read from a source (file, feed item, URL).
    "articles": """
        article_id VARCHAR NOT NULL,      -- id per spec: file stem, '<feed stem>#<n>', URL last segment
        source VARCHAR NOT NULL,          -- path or URL (+ '#n' for feed items): the refresh key
        format VARCHAR NOT NULL,          -- text | markdown | html | rss | atom | url
        title VARCHAR,
        url VARCHAR,
        publisher VARCHAR,
        published DATE,
        updated DATE,
        published_inferred BOOLEAN NOT NULL,
        content_hash VARCHAR NOT NULL,    -- sha256 of the source's bytes
        n_figures INTEGER NOT NULL,
        read_at TIMESTAMP NOT NULL
    """,
    # One row per figure record (spec fields) extracted from an article.
    "figures": """
        article VARCHAR NOT NULL,         -- = articles.article_id
        source VARCHAR NOT NULL,          -- = articles.source
        metric VARCHAR NOT NULL,
        vendor VARCHAR NOT NULL,
        market VARCHAR NOT NULL,
        period VARCHAR,
        value DOUBLE,
        unit VARCHAR,
        qualifier VARCHAR NOT NULL,
        value_low DOUBLE,
        value_high DOUBLE,
        status VARCHAR,
        basis VARCHAR,
        attribution VARCHAR,
        quote VARCHAR NOT NULL,
        char_start INTEGER,
        char_end INTEGER,
        confidence DOUBLE NOT NULL
    """,
    # data/reference/shipments.csv as shipped (research-firm series), URL column kept.
    "ref_shipments": """
        source_firm VARCHAR, vendor VARCHAR, market VARCHAR, period VARCHAR, metric VARCHAR,
        value DOUBLE, unit VARCHAR, url VARCHAR, published VARCHAR, note VARCHAR,
        as_of DATE, as_of_estimated BOOLEAN
    """,
    # data/reference/targets.csv as shipped (targets, guidance, margins, with actuals).
    "ref_targets": """
        vendor VARCHAR, market VARCHAR, period VARCHAR, metric VARCHAR, value DOUBLE, unit VARCHAR,
        qualifier VARCHAR, stated_by VARCHAR, stated_on DATE, url VARCHAR, actual_value DOUBLE,
        actual_url VARCHAR, note VARCHAR
    """,
    # data/reference/events.csv as shipped (market-entry events).
    "ref_events": """
        vendor VARCHAR, market VARCHAR, period VARCHAR, status VARCHAR, description VARCHAR,
        url VARCHAR, published VARCHAR
    """,
    # Key/value facts about the store: updated_at (ISO timestamp), schema_version.
    "meta": """
        key VARCHAR PRIMARY KEY,
        value VARCHAR
    """,
}
