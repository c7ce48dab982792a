"""The shapes every stage of the pipeline passes on (contract: ../shared/spec/figures.md v1.3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

METRICS = ("shipments", "shipments_target", "market_share", "margin", "market_entry")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range")
STATUSES = ("planned", "entered", "blocked", "exit_planned", "exited")
BASES = ("hardware_net", "net", "gross", "operating")

# Field order of a figure record as printed by `phonedash extract` and stored in the `figures` table.
FIGURE_FIELDS = (
    "article",
    "metric",
    "vendor",
    "market",
    "period",
    "value",
    "unit",
    "qualifier",
    "value_low",
    "value_high",
    "status",
    "basis",
    "attribution",
    "quote",
    "char_start",
    "char_end",
    "confidence",
)


@dataclass(frozen=True)
class Article:
    """One article as read from a source, before extraction.

    `text` is the cleaned text the extractor reads (headline first, then the body; no front
    matter, markup or page chrome); quote offsets point into it.
    """

    id: str
    text: str
    source: str  # path or URL it was read from: the key for incremental refresh
    format: str  # "text", "markdown", "html", "rss", "atom", "url"
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    updated: date | None = None
    published_inferred: bool = False
    content_hash: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: one line for stderr, never a traceback."""

    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"
