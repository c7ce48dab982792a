"""RSS and Atom files: one article per item, each with its own title, link and date.

The XML is first checked with defusedxml, so an entity bomb or an external entity is refused
before feedparser (which is lenient by design) ever sees the bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from etl.sources.dates import maybe_date
from etl.sources.htmltext import fragment_blocks
from etl.sources.textblocks import collapse

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


class FeedError(ValueError):
    """A feed refused or unreadable; the message is one line for the user."""


@dataclass
class Item:
    blocks: list[str]
    title: str | None
    url: str | None
    published: date | None
    updated: date | None
    extra: dict = field(default_factory=dict)


@dataclass
class Feed:
    kind: str  # "rss" or "atom"
    title: str | None
    items: list[Item]


def check_xml_safety(data: bytes) -> None:
    """Refuse entity expansion and external references; leave well-formedness to feedparser."""
    from xml.etree.ElementTree import ParseError

    import defusedxml
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise FeedError(f"refused: the feed declares an external XML entity {exc.name!r}") from None
        raise FeedError(f"refused: the feed declares XML entity {exc.name!r} (entity bomb?)") from None
    except defusedxml.ExternalReferenceForbidden:
        raise FeedError("refused: the feed references an external entity or DTD") from None
    except defusedxml.DefusedXmlException as exc:
        raise FeedError(f"refused: unsafe XML ({type(exc).__name__})") from None
    except ParseError:
        # Not well-formed: feedparser may still recover it, but only when no entity is declared
        # (a declaration that expat never reached could still be a bomb).
        if _ENTITY_DECL.search(data):
            raise FeedError("refused: malformed XML that declares entities") from None


def parse_feed(data: bytes) -> Feed:
    import feedparser

    check_xml_safety(data)
    # A stream, never bytes: feedparser treats a bytes argument as a file name first.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    version = parsed.get("version", "") or ""
    if not parsed.entries:
        if parsed.get("bozo") and not version:
            problem = collapse(str(parsed.get("bozo_exception", "")))[:120]
            raise FeedError(f"not a readable RSS/Atom feed ({problem or 'unknown XML'})")
        raise FeedError("feed has no items")
    kind = "atom" if version.startswith("atom") else "rss"
    items = [_item(entry, kind) for entry in parsed.entries]
    if not any(item.blocks or item.title for item in items):
        raise FeedError(f"none of the feed's {len(items)} items has a title or any text")
    title = collapse(parsed.feed.get("title", "")) or None
    return Feed(kind=kind, title=title, items=items)


def _item(entry, kind: str) -> Item:
    title = collapse(entry.get("title", "")) or None
    body = ""
    body_type = "text/html"
    for content in entry.get("content", []) or []:
        if content.get("value", "").strip():
            body, body_type = content["value"], content.get("type", "text/html")
            break
    if not body:
        body = entry.get("summary", "") or ""
        body_type = (entry.get("summary_detail") or {}).get("type", "text/html")
    if "html" in body_type or "xml" in body_type:
        blocks = fragment_blocks(body)
    else:
        blocks = [collapse(p) for p in re.split(r"\n\s*\n", body) if p.strip()]
    published = _entry_date(entry, "published")
    updated = _entry_date(entry, "updated")
    if kind == "rss" and published is None:
        published, updated = updated, None  # RSS has no modified date: dc:date is the publication date
    if published and updated and updated <= published:
        updated = None
    extra = {"guid": entry["id"]} if entry.get("id") else {}
    return Item(
        blocks=blocks,
        title=title,
        url=entry.get("link") or None,
        published=published,
        updated=updated,
        extra=extra,
    )


def _entry_date(entry, key: str) -> date | None:
    """The day as the feed wrote it (its own offset); feedparser's UTC struct as a fallback."""
    # dict.get, not entry.get: FeedParserDict answers a missing `published` with `updated`.
    found = maybe_date(dict.get(entry, key))
    parsed = dict.get(entry, f"{key}_parsed")
    if found is None and parsed:
        found = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return found
