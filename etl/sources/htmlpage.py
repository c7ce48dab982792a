"""Whole HTML pages: the story's main text via trafilatura, metadata via trafilatura and htmldate.

trafilatura decides what is story and what is chrome (nav, cookie banners, ads, teasers,
comments, footers); this module only renders its result in the shared text layout and puts
back what it sometimes drops (headline, standfirst). Dates come from htmldate: the original
publication date is `published`, a later modification date is `updated`, never the other way.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from datetime import date

from lxml import etree, html

from etl.sources.dates import maybe_date
from etl.sources.htmltext import page_fallback_blocks
from etl.sources.textblocks import collapse, table_block


@dataclass
class Page:
    blocks: list[str]
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    updated: date | None = None
    extra: dict = field(default_factory=dict)


_BLOCK_TAGS = {"p", "head", "item", "quote", "code", "list", "table", "div", "main", "body"}


def parse_page(text: str, url: str | None = None) -> Page:
    """Main text and metadata of one page. Raises ValueError when the page holds no text at all."""
    import trafilatura  # heavy import, only paid by callers that read HTML

    tree = _load(text)
    _captions_to_paragraphs(tree)
    doc = trafilatura.bare_extraction(
        copy.deepcopy(tree),
        url=url,
        favor_precision=True,
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
        config=_config(),
    )
    blocks = _render(doc.body) if doc is not None and doc.body is not None else []
    extra: dict = {}
    if not blocks:
        blocks = page_fallback_blocks(copy.deepcopy(tree))
        extra["extraction"] = "fallback"
    if not blocks:
        raise ValueError("no article text found in the HTML page")
    title = collapse(doc.title) if doc is not None and doc.title else _title_tag(tree)
    description = collapse(doc.description) if doc is not None and doc.description else None
    blocks = _restore_lead(blocks, title, description, tree)
    published, updated = _dates(tree, url)
    return Page(
        blocks=blocks,
        title=title or None,
        url=(doc.url if doc is not None and doc.url else None) or url,
        publisher=(doc.sitename if doc is not None and doc.sitename else None),
        published=published,
        updated=updated,
        extra=extra,
    )


@functools.cache
def _config():
    from trafilatura.settings import use_config

    cfg = use_config()
    cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no SIGALRM: parse runs in threads and workers
    return cfg


def _load(text: str) -> etree._Element:
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith("<?xml"):
        text = text[text.index("?>") + 2 :]
    try:
        tree = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"unreadable HTML ({exc})") from None
    return tree


def _captions_to_paragraphs(tree: etree._Element) -> None:
    """A table caption is text of the story; trafilatura would fold it into a header row."""
    for caption in list(tree.iter("caption")):
        table = caption.getparent()
        text = collapse(caption.text_content())
        table.remove(caption)
        if text and table.getparent() is not None:
            p = html.Element("p")
            p.text = text
            table.addprevious(p)


def _render(body: etree._Element) -> list[str]:
    """trafilatura's XML (head/p/list/item/table/row/cell/quote) as paragraphs and pipe rows."""
    blocks: list[str] = []

    def inline(el: etree._Element) -> str:
        return collapse(" ".join(t for t in el.itertext()))

    def walk(el: etree._Element) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "table":
                rows, header = [], 0
                for row in child.iter("row"):
                    cells = [c for c in row if c.tag == "cell"]
                    if len(rows) == header and cells and all(c.get("role") == "head" for c in cells):
                        header += 1
                    rows.append([inline(c) for c in cells])
                block = table_block(rows, header)
                if block:
                    blocks.append(block)
            elif any(isinstance(g.tag, str) and g.tag in _BLOCK_TAGS for g in child):
                if child.text and child.text.strip():
                    blocks.append(collapse(child.text))
                walk(child)
            else:
                text = inline(child)
                if text:
                    blocks.append(text)
            if child.tail and child.tail.strip():
                blocks.append(collapse(child.tail))

    walk(body)
    return blocks


def _title_tag(tree: etree._Element) -> str | None:
    t = tree.find(".//title")
    return collapse(t.text_content()) if t is not None and t.text_content().strip() else None


def _restore_lead(blocks: list[str], title: str | None, standfirst: str | None, tree) -> list[str]:
    """Headline first, then the standfirst when the page shows it but the extraction lost it (or
    moved it: trafilatura sometimes appends a lead that sits outside <article> at the end)."""

    def norm(s: str) -> str:
        return collapse(s).casefold()

    out = list(blocks)
    if standfirst:
        body = tree.find(".//body")
        shown = norm(body.text_content()) if body is not None else ""
        sf = norm(standfirst)
        if sf in shown:
            out = [b for b in out if norm(b) != sf]
        if sf in shown and sf not in norm(" ".join(out)):
            at = 1 if title and out and norm(out[0]) == norm(title) else 0
            out.insert(at, standfirst)
    if title and not (out and norm(out[0]) == norm(title)):
        out.insert(0, title)
    return out


def _dates(tree: etree._Element, url: str | None) -> tuple[date | None, date | None]:
    """(published, updated). A year-only guess (htmldate's Jan-1 fallback from copyright or
    stray years) is no date: leaving it None lets the pipeline infer and flag it."""
    import htmldate

    def find(**kwargs) -> date | None:
        try:
            found = htmldate.find_date(copy.deepcopy(tree), url=url, outputformat="%Y-%m-%d", **kwargs)
        except Exception:  # noqa: BLE001 - a date is optional; a broken date never sinks the page
            return None
        return maybe_date(found) if found else None

    published = find(original_date=True, extensive_search=False)
    if published is None:
        guess = find(original_date=True, extensive_search=True)
        if guess is not None and not (guess.month == 1 and guess.day == 1):
            published = guess
    latest = find(original_date=False, extensive_search=False)
    updated = latest if latest and published and latest > published else None
    return published, updated
