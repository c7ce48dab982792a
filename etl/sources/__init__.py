"""Ingestion: files, folders, feeds and URLs into `Article`s (or `Failure`s), one source at a time.

`iter_files` -> `read_bytes` -> `parse`; `read_inputs` chains them. `parse` is pure so it can be
fanned out over processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from etl.model import Article, Failure
from etl.sources.fetch import read_bytes
from etl.sources.files import iter_files
from etl.sources.parse import parse

__all__ = ["iter_files", "parse", "read_bytes", "read_inputs"]


def read_inputs(
    inputs: Iterable[str], *, published: date | None = None, use_cache: bool = True
) -> Iterator[Article | Failure]:
    """Every article of every input, in input order; a bad input yields its Failure and reading goes on.

    `use_cache=False` re-fetches URLs instead of serving them from the on-disk cache.
    """
    for source in iter_files(inputs):
        if isinstance(source, Failure):
            yield source
            continue
        data = read_bytes(source, use_cache=use_cache)
        if isinstance(data, Failure):
            yield data
            continue
        result = parse(source, data, published=published)
        if isinstance(result, Failure):
            yield result
        else:
            yield from result
