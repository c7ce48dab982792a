"""Expanding the inputs a user names (files, folders, URLs) into sources to read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from etl.model import Failure
from etl.sources.detect import is_feed
from etl.sources.ids import is_url, source_name, url_scheme
from etl.sources.limits import EXTENSIONS, URL_SCHEMES

_FEED_SNIFF_BYTES = 4096


def iter_files(inputs: Iterable[str]) -> Iterator[str | Failure]:
    """Each input as sources: a folder expands recursively (sorted; hidden entries and unknown
    extensions skipped; `.xml` only when it is a feed); a file named explicitly is always passed
    on; http(s) URLs pass through; a missing path or other scheme is a Failure."""
    for raw in inputs:
        source = str(raw)
        if is_url(source):
            scheme = url_scheme(source)
            if scheme in URL_SCHEMES:
                yield source
            else:
                yield Failure(source, f"unsupported URL scheme {scheme!r} (only http and https are read)")
            continue
        path = Path(source).expanduser()
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield source
        else:
            yield Failure(source_name(source), "no such file or directory")


def _walk(folder: Path) -> Iterator[str | Failure]:
    found: list[str] = []
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            family = EXTENSIONS.get(os.path.splitext(name)[1].lower())
            if family is None or (family == "feed" and not _looks_like_feed(path)):
                continue
            found.append(path)
    yield from sorted(found)
    for error in unreadable:
        yield Failure(source_name(str(error.filename)), f"cannot list folder ({error.strerror or error})")


def _looks_like_feed(path: str) -> bool:
    """A folder's .xml may be a sitemap or a config file: only feeds are articles."""
    try:
        with open(path, "rb") as f:
            return is_feed(f.read(_FEED_SNIFF_BYTES))
    except OSError:
        return True  # let read_bytes report the problem with the file by name
