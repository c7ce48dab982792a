"""Incremental, atomic refresh: what is re-read, what is dropped; no kill or reader can hurt the store."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl import pipeline, settings, store
from etl import refresh as refresh_module
from etl.refresh import refresh

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
PROJECT = Path(__file__).resolve().parent.parent

PHONEDASH = Path(sys.executable).parent / "phonedash"  # the console script of this environment


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(FIXTURES, folder)
    return folder


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "store.duckdb"


def figures(path: Path) -> list[tuple]:
    with store.connect(path) as con:
        return con.execute(
            "SELECT source, metric, vendor, period, value FROM figures ORDER BY ALL"
        ).fetchall()


def sources(path: Path) -> list[str]:
    with store.connect(path) as con:
        return [r[0] for r in con.execute("SELECT source FROM articles ORDER BY source").fetchall()]


def expected_records(folder: Path) -> int:
    """How many records extraction gives for the folder's articles, asked of extraction directly."""
    files, failures = refresh_module.enumerate_inputs([str(folder)])
    assert not failures
    return sum(len(refresh_module.read_file(f).records) for f in files)


def test_a_second_refresh_reads_nothing_and_keeps_every_figure(articles, db):
    first = refresh([str(articles)], store=db, jobs=1)
    assert first.failures == []
    assert (first.new, first.changed, first.unchanged) == (5, 0, 0)  # 4 files, the feed holds 2 items
    assert first.figures == expected_records(articles) > 0
    second = refresh([str(articles)], store=db, jobs=1)
    assert (second.new, second.changed, second.removed, second.failed) == (0, 0, 0, 0)
    assert second.unchanged == 5
    assert second.files_read == 0
    assert (second.articles, second.figures) == (first.articles, first.figures)


def test_unchanged_files_are_skipped_without_reading_them(articles, db, monkeypatch):
    refresh([str(articles)], store=db, jobs=1)

    def must_not_read(*args, **kwargs):
        raise AssertionError("an unchanged file was read")

    monkeypatch.setattr(refresh_module, "read_file", must_not_read)
    assert refresh([str(articles)], store=db, jobs=1).unchanged == 5


def test_a_touched_but_identical_file_is_hashed_not_parsed(articles, db, monkeypatch):
    refresh([str(articles)], store=db, jobs=1)
    os.utime(articles / "notes.txt", ns=(1_000_000_000, 1_000_000_000))
    import etl.sources

    def must_not_parse(*args, **kwargs):
        raise AssertionError("an unchanged file was parsed")

    monkeypatch.setattr(etl.sources, "parse", must_not_parse)
    result = refresh([str(articles)], store=db, jobs=1)
    assert (result.unchanged, result.changed, result.files_read) == (5, 0, 0)
    monkeypatch.undo()  # the new mtime was recorded: the next refresh does not even hash it
    monkeypatch.setattr(refresh_module, "read_file", must_not_parse)
    assert refresh([str(articles)], store=db, jobs=1).unchanged == 5


def test_a_changed_file_replaces_its_figures(articles, db):
    refresh([str(articles)], store=db, jobs=1)
    before = figures(db)
    md = articles / "idc-q3-2018.md"
    md.write_text(md.read_text().replace("52.0 million", "53.5 million"))
    result = refresh([str(articles)], store=db, jobs=1)
    assert (result.changed, result.new, result.unchanged) == (1, 0, 4)
    after = figures(db)
    ours = [f for f in after if f[0] == str(md)]
    assert any(f[4] == pytest.approx(53.5e6) for f in ours)
    assert not any(f[4] == pytest.approx(52.0e6) for f in ours)
    assert [f for f in after if f[0] != str(md)] == [f for f in before if f[0] != str(md)]


def test_a_file_deleted_from_a_refreshed_folder_is_dropped(articles, db):
    refresh([str(articles)], store=db, jobs=1)
    (articles / "wire.xml").unlink()
    result = refresh([str(articles)], store=db, jobs=1)
    assert result.removed == 2
    assert result.failures == []
    assert not [s for s in sources(db) if "wire.xml" in s]
    assert not [f for f in figures(db) if "wire.xml" in f[0]]
    with store.connect(db) as con:
        assert con.execute("SELECT count(*) FROM files WHERE file LIKE '%wire.xml'").fetchone()[0] == 0


def test_refreshing_one_folder_leaves_other_inputs_alone(articles, tmp_path, db):
    other = tmp_path / "other"
    other.mkdir()
    shutil.move(articles / "notes.txt", other / "notes.txt")
    refresh([str(articles), str(other)], store=db, jobs=1)
    result = refresh([str(articles)], store=db, jobs=1)
    assert result.removed == 0
    assert str(other / "notes.txt") in sources(db)


def test_a_named_file_that_disappeared_is_a_failure_and_keeps_its_articles(articles, db):
    named = articles / "notes.txt"
    refresh([str(named)], store=db, jobs=1)
    named.unlink()
    result = refresh([str(named)], store=db, jobs=1)
    assert result.failed == 1
    assert "notes.txt" in result.failures[0].source
    assert sources(db) == [str(named)]


def test_full_rereads_everything_and_keeps_only_the_given_inputs(articles, tmp_path, db):
    other = tmp_path / "other.md"
    shutil.copy(articles / "idc-q3-2018.md", other)
    refresh([str(articles), str(other)], store=db, jobs=1)
    result = refresh([str(articles)], store=db, jobs=1, full=True)
    assert result.files_read == 4
    assert (result.changed, result.unchanged, result.removed) == (5, 0, 1)
    assert str(other) not in sources(db)
    assert result.figures == expected_records(articles)


def test_full_keeps_the_articles_of_an_input_that_failed(articles, db):
    refresh([str(articles)], store=db, jobs=1)
    (articles / "notes.txt").write_bytes(bytes(range(256)) * 8)
    result = refresh([str(articles)], store=db, jobs=1, full=True)
    assert [f.source for f in result.failures] == [str(articles / "notes.txt")]
    assert str(articles / "notes.txt") in sources(db)


def test_bad_inputs_are_reported_and_the_rest_is_stored(articles, db):
    (articles / "binary.md").write_bytes(bytes(range(256)) * 8)
    (articles / "empty.txt").write_bytes(b"")
    result = refresh([str(articles)], store=db, jobs=1)
    failed = sorted(Path(f.source).name for f in result.failures)
    assert failed == ["binary.md", "empty.txt"]
    assert all("\n" not in f.problem for f in result.failures)
    assert result.new == 5
    # a failed file is not recorded as read: the next refresh tries it again
    assert refresh([str(articles)], store=db, jobs=1).failed == 2


def test_a_file_that_turns_bad_keeps_its_previous_articles(articles, db):
    refresh([str(articles)], store=db, jobs=1)
    before = figures(db)
    (articles / "idc-q3-2018.md").write_bytes(bytes(range(256)) * 8)
    result = refresh([str(articles)], store=db, jobs=1)
    assert result.failed == 1
    assert figures(db) == before


def test_an_extractor_crash_is_one_failure(articles, db, monkeypatch):
    real = pipeline.process

    def crash_on_notes(article, published=None):
        if article.id == "notes":
            raise ZeroDivisionError("division by zero\nin a rule")
        return real(article, published)

    monkeypatch.setattr(pipeline, "process", crash_on_notes)
    result = refresh([str(articles)], store=db, jobs=1)
    assert [(Path(f.source).name, f.problem) for f in result.failures] == [
        ("notes.txt", "ZeroDivisionError: division by zero in a rule")
    ]
    assert result.new == 4


def test_records_that_break_the_schema_fail_their_file_only(articles, db, monkeypatch):
    real = pipeline.process

    def bad_share(article, published=None):
        article, records = real(article, published)
        if article.id == "wire#2":
            records = [*records, {**records[0], "metric": "market_share", "unit": "percent", "value": 180.0}]
        return article, records

    monkeypatch.setattr(pipeline, "process", bad_share)
    result = refresh([str(articles)], store=db, jobs=1)
    assert len(result.failures) == 1
    assert result.failures[0].source == str(articles / "wire.xml")
    assert "share_is_percent" in result.failures[0].problem
    assert not [s for s in sources(db) if "wire.xml" in s]  # neither item of the feed
    assert result.new == 3


def test_a_different_published_date_rereads_the_file(articles, db):
    from datetime import date

    refresh([str(articles / "notes.txt")], store=db, jobs=1)
    result = refresh([str(articles / "notes.txt")], store=db, jobs=1, published=date(2018, 6, 1))
    assert (result.changed, result.unchanged) == (1, 0)
    with store.connect(db) as con:
        assert con.execute("SELECT published FROM articles").fetchone()[0] == date(2018, 6, 1)
    again = refresh([str(articles / "notes.txt")], store=db, jobs=1, published=date(2018, 6, 1))
    assert again.unchanged == 1


def test_the_process_pool_stores_what_one_process_stores(articles, tmp_path, monkeypatch):
    for n in range(6):
        shutil.copy(articles / "idc-q3-2018.md", articles / f"copy-{n}.md")
    monkeypatch.setattr(refresh_module, "MIN_POOL_TASKS", 2)
    one = refresh([str(articles)], store=tmp_path / "one.duckdb", jobs=1)
    pool = refresh([str(articles)], store=tmp_path / "pool.duckdb", jobs=2)
    assert (pool.new, pool.figures, pool.failed) == (one.new, one.figures, 0)
    assert figures(tmp_path / "pool.duckdb") == figures(tmp_path / "one.duckdb")


def test_no_inputs_means_the_data_folder(articles, db, monkeypatch):
    monkeypatch.setattr(settings, "ARTICLES_DIR", articles)
    assert refresh(None, store=db, jobs=1).new == 5
    (articles / "notes.txt").unlink()
    assert refresh([], store=db, jobs=1).removed == 1


def test_reference_tables_are_loaded_with_the_articles(articles, db):
    refresh([str(articles)], store=db, jobs=1)
    status = store.store_status(db)
    assert status["tables"]["ref_shipments"] > 1000
    assert status["tables"]["ref_events"] > 50


def test_derived_tables_are_written_in_the_same_swap(articles, db, monkeypatch):
    import pandas as pd

    seen = {}

    def derive(con):
        seen["figures"] = con.execute("SELECT count(*) FROM figures").fetchall()[0][0]
        return {"derived_probe": pd.DataFrame({"n": [seen["figures"]]})}

    monkeypatch.setattr(refresh_module, "_derive", derive)
    monkeypatch.setattr(refresh_module, "derived_key", lambda: "probe")
    result = refresh([str(articles)], store=db, jobs=1)
    assert seen["figures"] == result.figures  # derived from the new figures, not the old store
    assert store.read_table(db, "derived_probe")["n"].tolist() == [result.figures]


def test_a_failing_analytics_step_leaves_the_store_as_it_was(articles, db, monkeypatch):
    refresh([str(articles / "notes.txt")], store=db, jobs=1)
    before = db.read_bytes()

    def broken(con):
        raise ValueError("no consensus")

    monkeypatch.setattr(refresh_module, "_derive", broken)
    with pytest.raises(ValueError, match="no consensus"):
        refresh([str(articles)], store=db, jobs=1, full=True)
    assert db.read_bytes() == before


# --- kills, readers and concurrent refreshes (real processes) --------------------------------


def start(args: list[str], tmp_path: Path, **env: str) -> subprocess.Popen:
    """`phonedash <args>` in its own process group, so a test can SIGKILL it with its workers."""
    environment = {**os.environ, "PHONEDASH_PAUSE_SIGNAL": str(tmp_path / "paused"), **env}
    return subprocess.Popen(
        [str(PHONEDASH), *args],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_for(path: Path, proc: subprocess.Popen, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"refresh ended before pausing: {proc.stderr.read().decode()}")
        if time.monotonic() > deadline:
            raise AssertionError("refresh never reached its pause point")
        time.sleep(0.05)


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()


@pytest.mark.parametrize("stage", ["copied", "extracted", "written", "before_swap"])
def test_a_refresh_killed_before_the_swap_leaves_the_previous_store_whole(articles, db, tmp_path, stage):
    refresh([str(articles / "notes.txt")], store=db, jobs=1)
    before_bytes, before = db.read_bytes(), store.store_status(db)
    proc = start(
        ["refresh", str(articles), "--full", "--store", str(db), "--jobs", "2"],
        tmp_path,
        PHONEDASH_PAUSE_AT=stage,
    )
    wait_for(tmp_path / "paused", proc)
    kill(proc)
    assert db.read_bytes() == before_bytes
    assert store.store_status(db) == before
    assert figures(db) is not None
    result = refresh([str(articles)], store=db, jobs=1)  # the next refresh works and clears the debris
    assert result.new == 4
    assert not list(tmp_path.glob("store.duckdb.tmp-*"))


def test_a_refresh_killed_after_the_swap_leaves_the_new_store_whole(articles, db, tmp_path):
    refresh([str(articles / "notes.txt")], store=db, jobs=1)
    proc = start(["refresh", str(articles), "--store", str(db)], tmp_path, PHONEDASH_PAUSE_AT="after_swap")
    wait_for(tmp_path / "paused", proc)
    kill(proc)
    assert store.store_status(db)["articles"] == 5
    assert refresh([str(articles)], store=db, jobs=1).unchanged == 5


def test_a_refresh_killed_at_arbitrary_instants_never_leaves_a_broken_store(articles, db, tmp_path):
    for n in range(40):
        shutil.copy(articles / "idc-q3-2018.md", articles / f"copy-{n:02d}.md")
    refresh([str(articles / "notes.txt")], store=db, jobs=1)
    old = store.store_status(db)["articles"]
    for delay in (0.3, 0.8, 1.5, 2.5):
        proc = start(["refresh", str(articles), "--full", "--store", str(db), "--jobs", "2"], tmp_path)
        time.sleep(delay)
        kill(proc)
        status = store.store_status(db)
        assert status["articles"] in (old, 45)
        with store.connect(db) as con:
            n = con.execute("SELECT count(*) FROM articles JOIN files USING (file)").fetchone()[0]
        assert n == status["articles"]


def test_readers_keep_working_while_a_refresh_runs_and_see_it_only_once_swapped(articles, db, tmp_path):
    refresh([str(articles / "notes.txt")], store=db, jobs=1)
    reader = store.connect(db)
    proc = start(
        ["refresh", str(articles), "--store", str(db)],
        tmp_path,
        PHONEDASH_PAUSE_AT="before_swap",
        PHONEDASH_PAUSE_SECONDS="2",
    )
    wait_for(tmp_path / "paused", proc)
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert store.store_status(db)["articles"] == 1  # a reader arriving mid-refresh sees the old store
    assert proc.wait(timeout=60) == 0
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1  # its snapshot holds
    reader.close()
    assert store.store_status(db)["articles"] == 5


def test_concurrent_refreshes_queue_and_neither_loses_the_others_work(articles, tmp_path, db):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.move(articles / "wire.xml", first / "wire.xml")
    shutil.move(articles / "notes.txt", second / "notes.txt")
    refresh([str(articles)], store=db, jobs=1)
    proc_a = start(
        ["refresh", str(first), "--store", str(db)],
        tmp_path,
        PHONEDASH_PAUSE_AT="before_swap",
        PHONEDASH_PAUSE_SECONDS="2",
    )
    wait_for(tmp_path / "paused", proc_a)
    proc_b = start(["refresh", str(second), "--store", str(db)], tmp_path)
    assert proc_a.wait(timeout=60) == 0
    assert proc_b.wait(timeout=60) == 0
    for proc in (proc_a, proc_b):
        proc.stdout.close()
        proc.stderr.close()
    names = {Path(s).name for s in sources(db)}
    assert names == {"idc-q3-2018.md", "canalys-india.html", "wire.xml#1", "wire.xml#2", "notes.txt"}


def test_result_dict_lists_failures_as_objects(articles, db):
    (articles / "empty.md").write_bytes(b"")
    result = refresh([str(articles)], store=db, jobs=1).to_dict()
    assert {"new", "changed", "unchanged", "failed", "figures", "articles", "duration_s"} <= set(result)
    assert result["failures"] == [
        {"source": str(articles / "empty.md"), "problem": result["failures"][0]["problem"]}
    ]
