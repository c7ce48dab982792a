"""HTML fragments (feed item bodies, fallback page bodies) to paragraphs and pipe-table rows.

trafilatura is built for whole pages and drops short fragments under `favor_precision`; a feed
item's description is already the story, so it is rendered as it stands.
"""

from __future__ import annotations

import re

from lxml import etree, html

from etl.sources.textblocks import collapse, table_block

_SKIP = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "img", "video", "audio", "map",
}  # fmt: skip
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "figure",
    "figcaption", "caption", "address", "hr", "center", "details", "summary", "body", "html",
}  # fmt: skip
_CHROME = re.compile(
    r"(^|[\s_-])(cookie|consent|banner|ad|ads|advert\w*|sponsor\w*|promo\w*|related|teaser\w*|"
    r"comments?|share|social|newsletter|subscribe|breadcrumbs?|story-tags|sidebar|footer|"
    r"menu|nav\w*|masthead|popup|modal|outbrain|taboola)([\s_-]|$)",
    re.I,
)


def fragment_blocks(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment; tables as pipe rows."""
    if not markup.strip():
        return []
    root = html.fragment_fromstring(markup, create_parent="div")
    return element_blocks(root)


def page_fallback_blocks(root: etree._Element) -> list[str]:
    """Best-effort text of a whole page when trafilatura finds none: body minus obvious chrome."""
    body = root.find(".//body")
    if body is None:
        body = root
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
        if el.tag in ("header", "footer", "aside", "nav") or (marks and _CHROME.search(marks)):
            el.drop_tree() if hasattr(el, "drop_tree") else el.getparent().remove(el)
    return element_blocks(body)


def element_blocks(root: etree._Element) -> list[str]:
    blocks: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf)
        buf.clear()
        for para in re.split(r"\n\s*\n", text):
            para = collapse(para)
            if para:
                blocks.append(para)

    def walk(el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "table":
            flush()
            _table(el, blocks)
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            flush()
        if tag == "br":
            buf.append("\n")
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return blocks


def _table(table: etree._Element, blocks: list[str]) -> None:
    """Caption as a paragraph, then the rows; leading rows of <th> only are the header."""
    for caption in table.iter("caption"):
        text = collapse(" ".join(caption.itertext()))
        if text:
            blocks.append(text)
    rows: list[list[str]] = []
    header = 0
    for tr in table.iter("tr"):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        if not cells:
            continue
        if len(rows) == header and all(c.tag.lower() == "th" for c in cells):
            header += 1
        row: list[str] = []
        for c in cells:
            text = collapse(" ".join(c.itertext()))
            row.append(text)
            row.extend("" for _ in range(_span(c) - 1))
        rows.append(row)
    block = table_block(rows, header)
    if block:
        blocks.append(block)


def _span(cell: etree._Element) -> int:
    try:
        return max(1, min(int(cell.get("colspan", "1")), 50))
    except ValueError:
        return 1
