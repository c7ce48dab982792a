"""The ETL commands: output formats, exit codes, one stderr line per failure, --store and PHONEDASH_STORE."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl import settings, store
from etl.cli import app
from etl.model import FIGURE_FIELDS
from etl.refresh import enumerate_inputs, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
PHONEDASH = Path(sys.executable).parent / "phonedash"  # the console script of this environment


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(FIXTURES, folder)
    return folder


@pytest.fixture
def env_store(tmp_path, monkeypatch) -> Path:
    """PHONEDASH_STORE pointing into tmp, so no test touches data/phonedash.duckdb."""
    path = tmp_path / "env.duckdb"
    monkeypatch.setenv("PHONEDASH_STORE", str(path))
    return path


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def expected_records(*inputs: Path) -> int:
    files, _ = enumerate_inputs([str(i) for i in inputs])
    return sum(len(read_file(f).records) for f in files)


def test_extract_jsonl_prints_contract_records_and_writes_nothing(articles, env_store, tmp_path):
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run("extract", articles, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == expected_records(articles) > 0
    for line in lines:
        record = json.loads(line)
        assert list(record)[: len(FIGURE_FIELDS)] == list(FIGURE_FIELDS)
    assert {json.loads(line)["article"] for line in lines} <= {
        "idc-q3-2018",
        "canalys-india",
        "notes",
        "wire#1",
        "wire#2",
    }
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not env_store.exists()


def test_extract_csv_has_the_contract_header(articles):
    result = run("extract", articles / "idc-q3-2018.md", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(FIGURE_FIELDS)
    assert len(rows) - 1 == expected_records(articles / "idc-q3-2018.md") > 0
    assert all(row[0] == "idc-q3-2018" for row in rows[1:])


def test_extract_table_is_the_default(articles):
    result = run("extract", articles / "idc-q3-2018.md")
    assert result.exit_code == 0
    assert "Huawei" in result.stdout
    assert f"{expected_records(articles / 'idc-q3-2018.md')} figure record(s)" in result.stdout


def test_extract_names_each_failed_input_in_one_line_and_prints_the_rest(articles, tmp_path):
    (tmp_path / "blob.md").write_bytes(bytes(range(256)) * 4)
    result = run(
        "extract", tmp_path / "missing.md", tmp_path / "blob.md", articles / "wire.xml", "-f", "jsonl"
    )
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert "missing.md" in errors[0]
    assert "blob.md" in errors[1]
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == expected_records(articles / "wire.xml") > 0


USAGE_ERRORS = {
    "no-inputs": ["extract"],
    "bad-format": ["extract", "x.md", "--format", "xml"],
    "bad-published": ["extract", "x.md", "--published", "2018-02-30"],
    "published-not-iso": ["refresh", "--published", "March 2018"],
    "zero-jobs": ["refresh", "--jobs", "0"],
    "unknown-option": ["status", "--verbose"],
    "unknown-command": ["frobnicate"],
}


@pytest.mark.parametrize("args", USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_usage_errors_exit_2(args, env_store):
    result = run(*args)
    assert result.exit_code == 2
    assert not env_store.exists()


def test_refresh_json_reports_counts_and_a_second_run_is_all_unchanged(articles):
    store_file = articles.parent / "s.duckdb"
    first = run("refresh", articles, "--json", "--store", store_file, "--jobs", "1")
    assert first.exit_code == 0, first.stderr
    summary = json.loads(first.stdout)
    assert {"new", "changed", "unchanged", "failed", "figures", "articles", "duration_s", "failures"} <= set(
        summary
    )
    assert (summary["new"], summary["failed"]) == (5, 0)
    assert summary["figures"] == expected_records(articles)
    again = json.loads(run("refresh", articles, "--json", "--store", store_file).stdout)
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 5)
    assert again["figures"] == summary["figures"]


def test_refresh_prints_one_summary_line_and_no_progress_bar_off_a_terminal(articles, env_store):
    result = run("refresh", articles)
    assert result.exit_code == 0
    assert result.stderr == ""
    (line,) = result.stdout.splitlines()
    assert "5 new" in line
    assert f"{expected_records(articles)} figures" in line
    assert env_store.is_file()


def test_refresh_with_failures_exits_1_and_names_each(articles, env_store):
    (articles / "empty.txt").write_bytes(b"")
    (articles / "blob.html").write_bytes(bytes(range(256)) * 4)
    result = run("refresh", articles, articles.parent / "nowhere", "--json")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 3
    assert [any(name in e for e in errors) for name in ("empty.txt", "blob.html", "nowhere")] == [True] * 3
    summary = json.loads(result.stdout)
    assert summary["failed"] == 3
    assert len(summary["failures"]) == 3
    assert summary["new"] == 5


def test_status_reports_counts_after_a_refresh(articles, env_store):
    refreshed = json.loads(run("refresh", articles, "--json").stdout)
    result = run("status", "--json")
    assert result.exit_code == 0
    status = json.loads(result.stdout)
    assert {"articles", "figures", "updated_at"} <= set(status)
    assert (status["articles"], status["figures"]) == (refreshed["articles"], refreshed["figures"])
    text = run("status")
    assert f"figures     {status['figures']}" in text.stdout


def test_status_builds_an_absent_store_from_the_data_folder(articles, env_store, monkeypatch):
    monkeypatch.setattr(settings, "ARTICLES_DIR", articles)
    result = run("status", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["articles"] == 5
    assert env_store.is_file()


def test_store_option_wins_over_the_environment(articles, env_store, tmp_path):
    flag = tmp_path / "flag.duckdb"
    assert run("refresh", articles / "notes.txt", "--store", flag).exit_code == 0
    assert flag.is_file()
    assert not env_store.exists()
    assert run("refresh", articles / "wire.xml").exit_code == 0
    assert store.store_status(env_store)["articles"] == 2
    assert store.store_status(flag)["articles"] == 1


def test_the_console_script_runs_without_tracebacks(articles, tmp_path):
    (articles / "blob.md").write_bytes(bytes(range(256)) * 4)
    env = {**os.environ, "PHONEDASH_STORE": str(tmp_path / "script.duckdb")}
    proc = subprocess.run(
        [str(PHONEDASH), "refresh", str(articles), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1
    assert "blob.md" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["new"] == 5
    status = subprocess.run([str(PHONEDASH), "status", "--json"], capture_output=True, text=True, env=env)
    assert status.returncode == 0
    assert json.loads(status.stdout)["articles"] == 5
