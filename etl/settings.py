"""Where things live; every path can be overridden from the environment."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PHONEDASH_DATA", PROJECT_ROOT / "data"))
REFERENCE_DIR = DATA_DIR / "reference"
ARTICLES_DIR = DATA_DIR / "articles"
DEFAULT_STORE = DATA_DIR / "phonedash.duckdb"
CACHE_DIR = Path(os.environ.get("PHONEDASH_CACHE", DATA_DIR / "cache"))


def store_path(explicit: str | os.PathLike | None = None) -> Path:
    """--store wins, then PHONEDASH_STORE, then data/phonedash.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("PHONEDASH_STORE")
    return Path(env) if env else DEFAULT_STORE


def shared_dir() -> Path:
    """The read-only ../shared folder (corpus, seed, reference), via PHONEDASH_SHARED."""
    return Path(os.environ.get("PHONEDASH_SHARED", PROJECT_ROOT.parent / "shared"))
