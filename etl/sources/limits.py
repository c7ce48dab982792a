"""Guards on what ingestion will read: the one place to change a limit or an accepted extension."""

from __future__ import annotations

MAX_BYTES = 20 * 1024 * 1024  # a news article is a few KB; anything near this is not an article
FETCH_TIMEOUT = 10.0  # seconds for a whole URL fetch (connect + every read), not per socket call
URL_SCHEMES = ("http", "https")

# Extension -> format family; "feed" is told apart as rss/atom by content.
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".feed": "feed",
}
