"""From a read article to its figure records, with a publication date settled first.

The date comes from `--published` when given, else from the source, else it is inferred from
the text (etl.dating) and the article says so (`published_inferred=True`), never silently.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from etl.dating import infer_published
from etl.extract import extract_figures
from etl.model import Article


def process(article: Article, published: date | None = None) -> tuple[Article, list[dict]]:
    """The article with its publication date settled, and the figure records in it."""
    if published is not None:
        if article.published != published or article.published_inferred:
            article = replace(article, published=published, published_inferred=False)
    elif article.published is None:
        inferred = infer_published(article.text)
        if inferred is not None:
            article = replace(article, published=inferred, published_inferred=True)
    return article, extract_figures(article)
