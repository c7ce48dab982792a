"""The embedded DuckDB store: build it when absent, read it without ever blocking, swap it atomically.

Writers never touch the live file. A refresh copies the store to a temp file in the same folder,
changes the copy, checkpoints and fsyncs it, then `os.replace`s it over the store. Readers attach
the file read-only, so a reader sees either the old store or the new one, whole, and a writer
killed at any instant leaves the old store as it was. Refreshes take a lock file so two of them
never build on the same base.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from etl import schema
from etl.settings import store_path

log = logging.getLogger(__name__)

# Tables and columns this module adds beside etl/schema.py (same rule: add, never rename).
EXTRA_TABLES: dict[str, str] = {
    # One row per file or URL read by a refresh: the state that makes refresh incremental.
    "files": """
        file VARCHAR NOT NULL,            -- absolute local path or URL (= articles.file)
        size BIGINT,                      -- bytes at read time; NULL for URLs
        mtime_ns BIGINT,                  -- modification time at read time; NULL for URLs
        content_hash VARCHAR NOT NULL,    -- sha256 of the bytes read
        published_override DATE,          -- --published given when read (re-read when it changes)
        n_articles INTEGER NOT NULL,
        read_at TIMESTAMP NOT NULL
    """,
}
EXTRA_COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "file": "VARCHAR",  # the file or URL the article was read from (a feed holds many articles)
        "extra": "VARCHAR",  # Article.extra as JSON
    },
}
TABLES: dict[str, str] = {**schema.TABLES, **EXTRA_TABLES}
BASE_TABLES = ("articles", "figures", "ref_shipments", "ref_targets", "ref_events")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class StoreMissing(FileNotFoundError):
    """No store at the path; `ensure_store` or `phonedash refresh` builds one."""


def columns(table: str) -> list[tuple[str, str]]:
    """(name, type) of each column of a store table, extra columns included, in table order."""
    body = "\n".join(line.split("--")[0] for line in TABLES[table].splitlines())
    out = []
    for part in body.split(","):
        words = part.split()
        if words:
            out.append((words[0], words[1]))
    out += list(EXTRA_COLUMNS.get(table, {}).items())
    return out


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and add missing columns, so a store written by an older version upgrades."""
    for table, ddl in TABLES.items():
        extra = "".join(f",\n {name} {kind}" for name, kind in EXTRA_COLUMNS.get(table, {}).items())
        con.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({ddl}{extra})')
        have = {row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()}
        for name, kind in columns(table):
            if name not in have:
                con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {kind}')


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(path: str | os.PathLike | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the store. Read-only connections never block or see a half-written refresh.

    A read-only connection attaches the file into a fresh in-memory database: DuckDB caches
    databases by path within a process, and a cached one would keep showing the store as it was
    before the last swap. Close connections when done; an open one keeps its snapshot.
    """
    path = store_path(path)
    if not read_only:
        return duckdb.connect(str(path))
    if not path.is_file():
        raise StoreMissing(f"{path}: no store here (run `phonedash refresh` to build it)")
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {_quote(str(path))} AS store (READ_ONLY)")
        con.execute("USE store")
    except BaseException:
        con.close()
        raise
    return con


def list_tables(path: str | os.PathLike | None = None) -> list[str]:
    with connect(path) as con:
        return _tables(con)


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def read_table(path: str | os.PathLike | None, name: str) -> pd.DataFrame:
    """A whole store table as a frame (one short read-only connection)."""
    with connect(path) as con:
        if name not in _tables(con):
            raise KeyError(f"{store_path(path)}: no table {name!r}")
        return con.execute(f'SELECT * FROM "{name}"').df()


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM meta").fetchall())


def store_status(path: str | os.PathLike | None = None) -> dict:
    """Counts and freshness of the store: articles, figures, files, updated_at, rows per table."""
    path = store_path(path)
    with connect(path) as con:
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(con)}
        meta = read_meta(con) if "meta" in counts else {}
    return {
        "store": str(path),
        "articles": counts.get("articles", 0),
        "figures": counts.get("figures", 0),
        "files": counts.get("files", 0),
        "updated_at": meta.get("updated_at"),
        "schema_version": meta.get("schema_version"),
        "size_bytes": path.stat().st_size,
        "tables": counts,
    }


def ensure_store(path: str | os.PathLike | None = None) -> Path:
    """The store's path, after building it from data/ (reference CSVs + data/articles) if absent."""
    path = store_path(path)
    if not path.is_file():
        from etl.refresh import refresh  # refresh builds on this module

        # In-process: the sample set is small, and a caller such as a web server may hold threads
        # that make forking a pool unsafe.
        result = refresh(None, store=path, if_missing=True, jobs=1)
        for failure in result.failures:
            log.warning("%s", failure)
    return path


# --- writing -----------------------------------------------------------------------------------


def pause_point(stage: str) -> None:
    """Test hook: with PHONEDASH_PAUSE_AT=<stage>, announce the stage and sleep there.

    Lets a test SIGKILL a refresh at a known instant (tests/test_refresh.py). The announcement
    is a file named by PHONEDASH_PAUSE_SIGNAL; the sleep lasts PHONEDASH_PAUSE_SECONDS (60).
    """
    if os.environ.get("PHONEDASH_PAUSE_AT") != stage:
        return
    signal_file = os.environ.get("PHONEDASH_PAUSE_SIGNAL")
    if signal_file:
        Path(signal_file).write_text(stage)
    time.sleep(float(os.environ.get("PHONEDASH_PAUSE_SECONDS", "60")))


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside the store; blocks while another refresh runs."""
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Swap:
    """The private copy an atomic write works on; `cancel()` drops it instead of swapping it in."""

    def __init__(self, path: Path):
        self.path = path
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


@contextmanager
def atomic_write(path: str | os.PathLike | None = None) -> Iterator[Swap]:
    """Yield a private copy of the store (or a new empty file) to change; swap it in on success.

    The caller opens `swap.path` with `connect(..., read_only=False)`, writes, checkpoints and
    closes it before the block ends. On an exception or `swap.cancel()` the copy is deleted and
    the store is as it was. Holds the refresh lock for the whole block.
    """
    path = store_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        for stale in path.parent.glob(f"{glob_escape(path.name)}.tmp-*"):
            stale.unlink(missing_ok=True)  # left by a killed refresh; we hold the lock
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            if path.is_file():
                shutil.copyfile(path, tmp)
                if _wal(path).is_file():  # written by a non-phonedash writer: keep its changes
                    shutil.copyfile(_wal(path), _wal(tmp))
            swap = Swap(tmp)
            yield swap
            if swap.cancelled:
                return
            if _wal(tmp).exists():
                raise RuntimeError(f"{tmp}: write-ahead log left behind; checkpoint and close first")
            pause_point("before_swap")
            _fsync(tmp)
            os.replace(tmp, path)
            _wal(path).unlink(missing_ok=True)
            _fsync(path.parent, directory=True)
            pause_point("after_swap")
        finally:
            tmp.unlink(missing_ok=True)
            _wal(tmp).unlink(missing_ok=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def write_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    """Append a frame to a table, matching columns by name."""
    if df.empty:
        return
    con.register("_phonedash_frame", df)
    try:
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _phonedash_frame')
    finally:
        con.unregister("_phonedash_frame")


def replace_table(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    """Create or replace a table with exactly this frame's columns and rows (derived tables)."""
    if not _NAME.match(table):
        raise ValueError(f"not a usable table name: {table!r}")
    con.register("_phonedash_frame", df)
    try:
        con.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM _phonedash_frame')
    finally:
        con.unregister("_phonedash_frame")


def set_meta(con: duckdb.DuckDBPyConnection, **values: str) -> None:
    for key, value in values.items():
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])
