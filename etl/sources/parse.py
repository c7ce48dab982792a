"""Bytes and a source name in, Articles out: pure (no I/O), so refresh can fan it out over processes."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from etl.model import Article, Failure
from etl.sources.detect import DecodeError, binary_problem, decode_markup, decode_strict, sniff
from etl.sources.feeds import FeedError, parse_feed
from etl.sources.frontmatter import FrontMatterError, read_fields, split_front_matter
from etl.sources.ids import article_id, is_url, item_id, source_name
from etl.sources.limits import EXTENSIONS
from etl.sources.markdown import text_blocks
from etl.sources.textblocks import join_blocks, with_title


def parse(source: str, data: bytes, *, published: date | None = None) -> list[Article] | Failure:
    """Every article in one source's bytes, or one Failure saying why there are none.

    `published` (the user's --published) overrides every date the source carries.
    """
    name = source_name(source)
    try:
        articles = _parse(source, name, data)
    except (DecodeError, FrontMatterError, FeedError, ValueError) as exc:
        return Failure(name, _one_line(str(exc)))
    except Exception as exc:  # noqa: BLE001 - bad input must never surface as a traceback
        return Failure(name, _one_line(f"could not be parsed ({type(exc).__name__}: {exc})"))
    if published is not None:
        articles = [replace(a, published=published, published_inferred=False) for a in articles]
    return articles


def format_of(source: str, data: bytes) -> str:
    """'markdown', 'text', 'html' or 'feed': the extension decides; URLs and unknown ones are sniffed."""
    path = urlsplit(source).path if is_url(source) else source
    family = EXTENSIONS.get(PurePosixPath(path.replace("\\", "/")).suffix.lower())
    if family is None or is_url(source):
        sniffed = sniff(data)
        if family is None or sniffed in ("html", "feed"):
            family = sniffed
    return family


def _parse(source: str, name: str, data: bytes) -> list[Article]:
    if not data.strip():
        raise ValueError("empty file")
    problem = binary_problem(data)
    if problem:
        raise ValueError(problem)
    digest = hashlib.sha256(data).hexdigest()
    ident = article_id(source)
    family = format_of(source, data)
    url = name if is_url(source) else None
    if (family == "feed" and sniff(data) != "feed") or family == "xml":
        raise ValueError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)")
    if family == "feed":
        decode_markup(data)  # refuse undecodable bytes here, with their offset, not deep in feedparser
        return _feed(ident, name, data, digest)
    if family == "html":
        return [_html(ident, name, data, digest, url)]
    return [_text(ident, name, data, digest, markdown=family == "markdown", url=url)]


def _text(ident: str, name: str, data: bytes, digest: str, *, markdown: bool, url: str | None) -> Article:
    text = decode_strict(data)
    meta, body = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    fm = read_fields(meta or {})
    blocks = with_title(fm.title, text_blocks(body, markdown=markdown))
    cleaned = join_blocks(blocks)
    if not cleaned:
        raise ValueError("no article text (only front matter or whitespace)")
    return Article(
        id=ident,
        text=cleaned,
        source=name,
        format="markdown" if markdown else "text",
        title=fm.title,
        url=fm.url or url,
        publisher=fm.publisher,
        published=fm.published,
        updated=fm.updated,
        content_hash=digest,
        extra=fm.extra,
    )


def _html(ident: str, name: str, data: bytes, digest: str, url: str | None) -> Article:
    from etl.sources.htmlpage import parse_page

    page = parse_page(decode_markup(data), url=url)
    return Article(
        id=ident,
        text=join_blocks(page.blocks),
        source=name,
        format="html",
        title=page.title,
        url=page.url,
        publisher=page.publisher,
        published=page.published,
        updated=page.updated,
        content_hash=digest,
        extra=page.extra,
    )


def _feed(ident: str, name: str, data: bytes, digest: str) -> list[Article]:
    feed = parse_feed(data)
    articles = []
    for n, item in enumerate(feed.items, start=1):
        text = join_blocks(with_title(item.title, item.blocks))
        articles.append(
            Article(
                id=item_id(ident, n),
                text=text,
                source=f"{name}#{n}",
                format=feed.kind,
                title=item.title,
                url=item.url,
                publisher=feed.title,
                published=item.published,
                updated=item.updated,
                content_hash=digest,
                extra=item.extra,
            )
        )
    return articles


def _one_line(message: str) -> str:
    return " ".join(message.split()) or "unreadable"
