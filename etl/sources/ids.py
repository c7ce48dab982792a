"""Article ids and source names per ../shared/spec/figures.md (the `article` field)."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    return bool(_URL.match(source))


def url_scheme(source: str) -> str:
    return source.split("://", 1)[0].lower()


def article_id(source: str) -> str:
    """File stem for a path (`reports/q4.html` -> `q4`); last path segment without extension for a
    URL (host name when the path is empty)."""
    if is_url(source):
        parts = urlsplit(source)
        segments = [s for s in unquote(parts.path).split("/") if s]
        if not segments:
            return parts.hostname or source
        return PurePosixPath(segments[-1]).stem or segments[-1]
    return Path(source).stem


def item_id(feed_id: str, n: int) -> str:
    """Feed item n (counting from 1 in document order)."""
    return f"{feed_id}#{n}"


def source_name(source: str) -> str:
    """What `Article.source` holds: an absolute path, or the URL without its fragment."""
    if is_url(source):
        return source.split("#", 1)[0]
    return os.path.abspath(os.path.expanduser(source))
