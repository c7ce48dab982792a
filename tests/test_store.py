"""The DuckDB store: tables, atomic swaps, read-only readers, status, building from data/, reference."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl import schema, settings, store
from etl.reference import REFERENCE_FILES, ReferenceDataError, canonical_names, load_reference


def _build(path: Path, n_meta: int = 1) -> None:
    """A small store with `n_meta` rows in meta (what the swap tests change)."""
    with store.atomic_write(path) as swap, store.connect(swap.path, read_only=False) as con:
        store.create_tables(con)
        store.set_meta(con, **{f"k{i}": str(i) for i in range(n_meta)})
        con.execute("CHECKPOINT")


def _meta_rows(path: Path) -> int:
    with store.connect(path) as con:
        return con.execute("SELECT count(*) FROM meta").fetchone()[0]


def test_columns_follow_schema_and_add_the_extra_ones():
    names = [name for name, _ in store.columns("articles")]
    assert names[:2] == ["article_id", "source"]
    assert names[-2:] == ["file", "extra"]
    assert [n for n, _ in store.columns("figures")][:3] == ["article", "source", "metric"]
    assert ("mtime_ns", "BIGINT") in store.columns("files")


def test_create_tables_makes_every_table(tmp_path):
    _build(tmp_path / "s.duckdb")
    assert set(store.TABLES) <= set(store.list_tables(tmp_path / "s.duckdb"))


def test_create_tables_upgrades_an_older_store_without_losing_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:  # a store as written before `file` and `extra` existed
        con.execute(f"CREATE TABLE articles ({schema.TABLES['articles']})")
        con.execute(
            "INSERT INTO articles VALUES "
            "('a', 'a.md', 'markdown', NULL, NULL, NULL, NULL, NULL, false, 'h', 0, now())"
        )
    with duckdb.connect(str(path)) as con:
        store.create_tables(con)
        cols = [r[0] for r in con.execute("DESCRIBE articles").fetchall()]
        assert {"file", "extra"} <= set(cols)
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        assert "files" in [r[0] for r in con.execute("SHOW TABLES").fetchall()]


def test_atomic_write_swaps_in_the_copy(tmp_path):
    path = tmp_path / "s.duckdb"
    _build(path, n_meta=1)
    _build(path, n_meta=3)
    assert _meta_rows(path) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.duckdb", "s.duckdb.lock"]


def test_a_failed_write_leaves_the_store_byte_for_byte(tmp_path):
    path = tmp_path / "s.duckdb"
    _build(path, n_meta=2)
    before = path.read_bytes()
    with pytest.raises(RuntimeError, match="boom"), store.atomic_write(path) as swap:
        with store.connect(swap.path, read_only=False) as con:
            con.execute("DELETE FROM meta")
            con.execute("CHECKPOINT")
        raise RuntimeError("boom")
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp-*"))


def test_a_cancelled_write_changes_nothing(tmp_path):
    path = tmp_path / "s.duckdb"
    _build(path, n_meta=2)
    with store.atomic_write(path) as swap:
        with store.connect(swap.path, read_only=False) as con:
            con.execute("DELETE FROM meta")
            con.execute("CHECKPOINT")
        swap.cancel()
    assert _meta_rows(path) == 2


def test_temp_files_left_by_a_killed_writer_are_cleared_by_the_next(tmp_path):
    path = tmp_path / "s.duckdb"
    _build(path)
    stale = tmp_path / "s.duckdb.tmp-999-deadbeef"
    stale.write_bytes(b"half a store")
    _build(path)
    assert not stale.exists()


def test_a_reader_open_across_a_swap_keeps_its_snapshot_and_new_readers_see_the_new_store(tmp_path):
    path = tmp_path / "s.duckdb"
    _build(path, n_meta=1)
    old = store.connect(path)
    assert old.execute("SELECT count(*) FROM meta").fetchone()[0] == 1
    _build(path, n_meta=4)  # the writer is not blocked by the open reader
    assert old.execute("SELECT count(*) FROM meta").fetchone()[0] == 1
    assert _meta_rows(path) == 4  # same process, old connection still open: not a stale cached database
    old.close()


def test_read_only_connections_cannot_write(tmp_path):
    path = tmp_path / "s.duckdb"
    _build(path)
    with store.connect(path) as con, pytest.raises(duckdb.Error):
        con.execute("DELETE FROM meta")


def test_connect_and_status_name_a_missing_store(tmp_path):
    with pytest.raises(store.StoreMissing, match="nothing.duckdb"):
        store.connect(tmp_path / "nothing.duckdb")
    with pytest.raises(store.StoreMissing):
        store.store_status(tmp_path / "nothing.duckdb")


def test_read_table_returns_rows_and_refuses_unknown_tables(tmp_path):
    path = tmp_path / "s.duckdb"
    _build(path, n_meta=2)
    df = store.read_table(path, "meta")
    assert isinstance(df, pd.DataFrame)
    assert sorted(df["key"]) == ["k0", "k1"]
    with pytest.raises(KeyError, match="no table"):
        store.read_table(path, "meta; DROP TABLE meta")


def test_store_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PHONEDASH_STORE", str(tmp_path / "env.duckdb"))
    assert settings.store_path() == tmp_path / "env.duckdb"
    assert settings.store_path(tmp_path / "flag.duckdb") == tmp_path / "flag.duckdb"


@pytest.fixture
def empty_articles(tmp_path, monkeypatch):
    """data/ with the shipped reference but no sample articles."""
    folder = tmp_path / "articles"
    folder.mkdir()
    monkeypatch.setattr(settings, "ARTICLES_DIR", folder)
    return folder


def _csv_rows(name: str) -> int:
    return len(pd.read_csv(settings.REFERENCE_DIR / name, dtype=str))


def test_ensure_store_builds_from_data_when_absent_then_leaves_it(tmp_path, empty_articles):
    path = tmp_path / "built.duckdb"
    assert store.ensure_store(path) == path
    status = store.store_status(path)
    assert set(status) >= {"articles", "figures", "updated_at", "tables"}
    assert status["articles"] == 0
    assert status["updated_at"]
    for table, filename in REFERENCE_FILES.items():
        assert status["tables"][table] == _csv_rows(filename)
    stamp = path.stat().st_mtime_ns
    store.ensure_store(path)
    assert path.stat().st_mtime_ns == stamp


def test_ensure_store_uses_phonedash_store(tmp_path, empty_articles, monkeypatch):
    monkeypatch.setenv("PHONEDASH_STORE", str(tmp_path / "env.duckdb"))
    assert store.ensure_store() == tmp_path / "env.duckdb"
    assert (tmp_path / "env.duckdb").is_file()


def test_reference_tables_keep_schema_columns_and_urls():
    frames = load_reference()
    for table, df in frames.items():
        expected = [name for name, _ in store.columns(table)]
        assert list(df.columns) == expected, table
        assert df["url"].notna().any()
    assert len(frames["ref_shipments"]) == _csv_rows("shipments.csv")


def test_canonical_names_include_the_totals():
    vendors, markets = canonical_names()
    assert {"Apple", "Market", "Others"} <= set(vendors)
    assert {"Global", "China", "India"} <= set(markets)


@pytest.fixture
def reference_copy(tmp_path):
    target = tmp_path / "reference"
    shutil.copytree(settings.REFERENCE_DIR, target)
    return target


def _edit_csv(path: Path, column: str, value: str, row: int = 0) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[row, column] = value
    df.to_csv(path, index=False)


BAD_REFERENCE = {
    "vendor-alias-not-canonical": ("shipments.csv", "vendor", "Samsung Electronics", "vendor"),
    "unknown-market": ("events.csv", "market", "Greater China", "market"),
    "unknown-status": ("events.csv", "status", "rumoured", "status"),
    "bad-period": ("targets.csv", "period", "Q3", "period"),
    "value-not-a-number": ("shipments.csv", "value", "lots", "value"),
}


@pytest.mark.parametrize(
    ("filename", "column", "value", "named"), BAD_REFERENCE.values(), ids=BAD_REFERENCE.keys()
)
def test_bad_reference_rows_are_named_by_file_and_line(reference_copy, filename, column, value, named):
    _edit_csv(reference_copy / filename, column, value, row=3)
    with pytest.raises(ReferenceDataError) as err:
        load_reference(reference_copy)
    message = str(err.value)
    assert filename in message
    assert named in message
    if named != "value":
        assert "line 5" in message
    assert "\n" not in message


def test_a_missing_reference_file_is_named(reference_copy):
    (reference_copy / "events.csv").unlink()
    with pytest.raises(ReferenceDataError, match="events.csv: reference file missing"):
        load_reference(reference_copy)
