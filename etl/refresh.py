"""Incremental, atomic refresh of the store from articles (files, folders, feeds, URLs).

Per file: a size+mtime match with the stored state skips it without reading; otherwise its bytes
are hashed, and a matching sha256 still skips parsing. New and changed files are parsed and
extracted over a process pool (extraction is a pure function of one article), and everything
is written into a copy of the store that replaces it in one atomic swap (see etl.store).

Which stored articles are dropped:
- refreshing a folder mirrors it: articles of files that no longer exist under that folder go
  (this covers the default, data/articles);
- `full=True` re-reads every input even when unchanged, and the store then holds exactly the
  given inputs' articles: those of any other file or URL go;
- an input that fails (unreadable, unparsable, named but missing) keeps its stored articles,
  because bad input never costs data; a file named explicitly is only dropped by --full.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

import etl.store as db
from etl import analytics, frames, settings
from etl.analytics import derive_tables
from etl.model import Article, Failure
from etl.reference import ReferenceDataError, canonical_names, load_reference, reference_hash
from etl.schema import SCHEMA_VERSION

MIN_POOL_TASKS = 8  # below this, starting a pool costs more than it saves

Progress = Callable[[int, int], None]
Task = tuple[str, str | None, date | None]  # file, stored hash (None: read anyway), --published


@dataclass
class RefreshResult:
    """What a refresh did. new/changed/unchanged/removed count articles; failed counts inputs."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    articles: int = 0  # in the store afterwards
    figures: int = 0  # in the store afterwards
    files_read: int = 0
    duration_s: float = 0.0
    store: str = ""
    failures: list[Failure] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["failures"] = [{"source": f.source, "problem": f.problem} for f in self.failures]
        return out


@dataclass
class Outcome:
    """What a worker made of one file: unchanged by hash, read into articles+records, or failed."""

    file: str
    kind: str  # "unchanged" | "read" | "failed"
    content_hash: str = ""
    articles: list[Article] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    failure: Failure | None = None


@dataclass
class _Stored:
    size: int | None
    mtime_ns: int | None
    content_hash: str
    published_override: date | None


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def normalise(source: str) -> str:
    """The key a file is stored under: URLs as given, local paths absolute."""
    return source if is_url(source) else os.path.abspath(os.path.expanduser(source))


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- the pure part, run in workers -------------------------------------------------------------


def read_file(file: str, known_hash: str | None = None, published: date | None = None) -> Outcome:
    """Read, hash, parse and extract one file or URL. Never raises: problems become a Failure."""
    from etl.pipeline import process
    from etl.sources import parse, read_bytes

    try:
        data = read_bytes(file)
        if isinstance(data, Failure):
            return Outcome(file, "failed", failure=data)
        digest = hashlib.sha256(data).hexdigest()
        if digest == known_hash:
            return Outcome(file, "unchanged", content_hash=digest)
        parsed = parse(file, data, published=published)
        if isinstance(parsed, Failure):
            return Outcome(file, "failed", failure=parsed)
        articles, records = [], []
        for article in parsed:
            article, found = process(article, published)
            articles.append(article)
            records += [{**r, "source": article.source} for r in found]
        return Outcome(file, "read", content_hash=digest, articles=articles, records=records)
    except Exception as exc:  # one bad input never stops the others
        return Outcome(file, "failed", failure=Failure(file, one_line(exc)))


def _read_chunk(tasks: list[Task]) -> list[Outcome]:
    return [read_file(*task) for task in tasks]


def run_tasks(tasks: list[Task], jobs: int, on_progress: Progress | None = None) -> Iterator[Outcome]:
    """Outcomes of all tasks: in-process for jobs=1 or few tasks, else over a process pool."""
    total = len(tasks)
    if on_progress:
        on_progress(0, total)
    if jobs <= 1 or total < MIN_POOL_TASKS:
        for n, task in enumerate(tasks, 1):
            yield read_file(*task)
            if on_progress:
                on_progress(n, total)
        return
    size = max(1, min(32, -(-total // (jobs * 4))))
    chunks = [tasks[i : i + size] for i in range(0, total, size)]
    done = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_read_chunk, chunk): chunk for chunk in chunks}
        for future in as_completed(futures):
            chunk = futures[future]
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                outcomes = [
                    Outcome(t[0], "failed", failure=Failure(t[0], "worker process died")) for t in chunk
                ]
            yield from outcomes
            done += len(chunk)
            if on_progress:
                on_progress(done, total)


# --- planning: what to read, what to drop ------------------------------------------------------


def enumerate_inputs(inputs: Sequence[str], absolute: bool = True) -> tuple[list[str], list[Failure]]:
    """Files and URLs under the inputs (folders expanded), de-duplicated in order, plus failures.

    With `absolute`, local paths come back absolute: the key a refresh stores files under.
    """
    from etl.sources import iter_files

    key = normalise if absolute else str
    files: dict[str, None] = {}
    failures = []
    for given in inputs:
        try:
            for item in iter_files([given]):
                if isinstance(item, Failure):
                    failures.append(item)
                else:
                    files.setdefault(key(str(item)), None)
        except Exception as exc:  # an input that cannot even be listed is one failure
            failures.append(Failure(given, one_line(exc)))
    return list(files), failures


def _stored_state(con) -> tuple[dict[str, _Stored], dict[str, list[str]]]:
    """Per-file state and the article sources each stored file holds."""
    rows = con.execute("SELECT file, size, mtime_ns, content_hash, published_override FROM files").fetchall()
    stored = {row[0]: _Stored(*row[1:]) for row in rows}
    sources: dict[str, list[str]] = {}
    for file, source in con.execute("SELECT coalesce(file, source), source FROM articles").fetchall():
        sources.setdefault(file, []).append(source)
    return stored, sources


def _under(file: str, folders: Sequence[str]) -> bool:
    return any(file == f or file.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def files_to_drop(
    known: set[str], seen: set[str], inputs: Sequence[str], failed: Sequence[str], full: bool
) -> set[str]:
    """Stored files whose articles go (policy in the module docstring)."""
    if full:
        return {f for f in known - seen if not _under(f, failed)}
    folders = [i for i in inputs if not is_url(i) and os.path.isdir(i)]
    return {f for f in known - seen if not is_url(f) and _under(f, folders) and not os.path.exists(f)}


# --- frames and writing ------------------------------------------------------------------------


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _files_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=[c for c, _ in db.columns("files")])
    return df.astype({"size": "Int64", "mtime_ns": "Int64", "n_articles": "Int64"})


def _checked_frames(
    read: list[Outcome], read_at: datetime, vendors: list[str] | None, markets: list[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Articles and figures frames of the files read, and {file: problem} for files that broke a schema."""
    article_rows, records, file_of = [], [], {}
    for outcome in read:
        counts: dict[str, int] = {}
        for record in outcome.records:
            counts[record["source"]] = counts.get(record["source"], 0) + 1
            file_of.setdefault(record["source"], outcome.file)
        for article in outcome.articles:
            n = counts.get(article.source, 0)
            article_rows.append(frames.article_row(article, file=outcome.file, n_figures=n, read_at=read_at))
            file_of[article.source] = outcome.file
        records += outcome.records
    if not read:
        return frames.EMPTY_ARTICLES, frames.EMPTY_FIGURES, {}
    articles = pd.DataFrame(article_rows, columns=list(frames.ARTICLE_COLUMNS))
    articles, bad = frames.split_valid(articles, frames.ARTICLES_SCHEMA, "file")
    figures = pd.DataFrame([{c: r.get(c) for c in frames.FIGURE_COLUMNS} for r in records])
    figures = figures.reindex(columns=list(frames.FIGURE_COLUMNS))
    figures, bad_sources = frames.split_valid(figures, frames.figures_schema(vendors, markets), "source")
    for source, problem in bad_sources.items():
        file = file_of.get(source, source)
        bad.setdefault(file, problem if source == file else f"{source}: {problem}")
    if bad:
        articles = articles[~articles["file"].isin(list(bad))]
        figures = figures[~figures["source"].map(file_of).isin(list(bad))]
    return articles, figures, bad


def derived_key() -> str:
    """What the derived tables depend on besides the data: the analytics code and today's date
    (targets and promises fall due by it)."""
    digest = hashlib.sha256(date.today().isoformat().encode())
    for path in sorted(Path(analytics.__file__).parent.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".txt", ".json", ".yaml"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _derive(con) -> dict[str, pd.DataFrame]:
    """Derived tables from etl.analytics, computed from the new base tables before the swap."""
    base = {t: con.execute(f'SELECT * FROM "{t}"').df() for t in db.BASE_TABLES}
    derived = derive_tables(base)
    clash = set(derived) & set(db.TABLES)
    if clash:
        raise ValueError(f"etl.analytics.derive_tables returned store table names {sorted(clash)}")
    return derived


def _write(
    tmp: Path,
    replaced: set[str],
    file_rows: list[dict],
    articles: pd.DataFrame,
    figures: pd.DataFrame,
    reference: dict[str, pd.DataFrame],
    meta: dict[str, str],
    derive: bool,
) -> tuple[int, int]:
    """Apply one refresh to the store copy in a single transaction; returns (articles, figures)."""
    with db.connect(tmp, read_only=False) as con:
        con.execute("BEGIN TRANSACTION")
        con.register("_replaced", pd.DataFrame({"file": sorted(replaced)}, dtype=str))
        con.register("_restated", pd.DataFrame({"file": [r["file"] for r in file_rows]}, dtype=str))
        in_replaced = "coalesce(file, source) IN (SELECT file FROM _replaced)"
        con.execute(f"DELETE FROM figures WHERE source IN (SELECT source FROM articles WHERE {in_replaced})")
        con.execute(f"DELETE FROM articles WHERE {in_replaced}")
        con.execute(
            "DELETE FROM files WHERE file IN (SELECT file FROM _replaced UNION SELECT file FROM _restated)"
        )
        con.unregister("_replaced")
        con.unregister("_restated")
        db.write_frame(con, "files", _files_frame(file_rows))
        db.write_frame(con, "articles", articles)
        db.write_frame(con, "figures", figures)
        for table, df in reference.items():
            con.execute(f'DELETE FROM "{table}"')
            db.write_frame(con, table, df)
        derived = _derive(con) if derive else {}
        for table, df in derived.items():
            db.replace_table(con, table, df)
        if derived:
            meta["derived_tables"] = ",".join(sorted(derived))
        db.set_meta(con, **meta)
        con.execute("COMMIT")
        db.pause_point("written")
        con.execute("CHECKPOINT")
        return con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM figures)"
        ).fetchone()


# --- the whole refresh -------------------------------------------------------------------------


def refresh(
    inputs: Sequence[str] | None = None,
    *,
    store: str | os.PathLike | None = None,
    full: bool = False,
    jobs: int | None = None,
    published: date | None = None,
    reference_dir: str | os.PathLike | None = None,
    on_progress: Progress | None = None,
    if_missing: bool = False,
) -> RefreshResult:
    """Bring the store up to date with `inputs` (default: data/articles) and the reference CSVs.

    Returns counts and the failures (one per input that could not be read). Raises only when the
    store itself cannot be written, and then leaves it exactly as it was. `if_missing` makes it
    a no-op when the store exists by the time the refresh lock is held (see ensure_store).
    """
    started = time.perf_counter()
    path = settings.store_path(store)
    result = RefreshResult(store=str(path))
    shown = [str(i) for i in (inputs or [settings.ARTICLES_DIR])]
    with db.atomic_write(path) as swap:
        if if_missing and path.is_file():
            swap.cancel()  # another process built it while this one waited for the lock
        else:
            _refresh_into(
                swap.path,
                result,
                shown,
                default=not inputs,
                full=full,
                jobs=jobs or os.cpu_count() or 1,
                published=published,
                ref_dir=Path(reference_dir or settings.REFERENCE_DIR),
                on_progress=on_progress,
            )
    if swap.cancelled:
        with db.connect(path) as con:
            row = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM figures)")
            result.articles, result.figures = row.fetchone()
    result.failed = len(result.failures)
    result.duration_s = round(time.perf_counter() - started, 3)
    return result


def _refresh_into(
    tmp: Path,
    result: RefreshResult,
    shown: list[str],
    *,
    default: bool,
    full: bool,
    jobs: int,
    published: date | None,
    ref_dir: Path,
    on_progress: Progress | None,
) -> None:
    """The refresh proper, on the store copy `tmp`; fills `result`. `shown`: the inputs as given."""
    given = [normalise(i) for i in shown]
    with db.connect(tmp, read_only=False) as con:
        db.create_tables(con)
        stored, sources = _stored_state(con)
        meta_before = db.read_meta(con)
        con.execute("CHECKPOINT")
    db.pause_point("copied")

    # What to read: stat against the stored state now, compare hashes in the worker.
    if default and not os.path.isdir(given[0]):
        candidates, failures = [], []  # no sample articles: the store holds the reference only
    else:
        candidates, failures = enumerate_inputs(shown)
    stats: dict[str, tuple[int | None, int | None]] = {}
    tasks: list[Task] = []
    for file in candidates:
        before = stored.get(file)
        if is_url(file):
            stats[file] = (None, None)
        else:
            try:
                st = os.stat(file)
            except OSError as exc:
                failures.append(Failure(file, exc.strerror or one_line(exc)))
                continue
            stats[file] = (st.st_size, st.st_mtime_ns)
        fresh = before is not None and before.published_override == published and not full
        if fresh and stats[file][0] is not None and (before.size, before.mtime_ns) == stats[file]:
            result.unchanged += len(sources.get(file, []))
            continue
        tasks.append((file, before.content_hash if fresh else None, published))

    read_at = _utc_now()
    file_rows, read = [], []
    for outcome in run_tasks(tasks, jobs, on_progress):
        if outcome.kind == "failed":
            failures.append(outcome.failure)
            continue
        n_articles = len(outcome.articles)
        if outcome.kind == "unchanged":
            n_articles = len(sources.get(outcome.file, []))
            result.unchanged += n_articles
        else:
            read.append(outcome)
        size, mtime_ns = stats[outcome.file]
        file_rows.append(
            {
                "file": outcome.file,
                "size": size,
                "mtime_ns": mtime_ns,
                "content_hash": outcome.content_hash,
                "published_override": published,
                "n_articles": n_articles,
                "read_at": read_at,
            }
        )
    db.pause_point("extracted")

    try:
        vendors, markets = canonical_names(ref_dir)
    except ReferenceDataError as exc:
        failures.append(Failure(str(ref_dir), str(exc)))
        vendors = markets = None
    articles, figures, bad = _checked_frames(read, read_at, vendors, markets)
    failures += [Failure(file, problem) for file, problem in bad.items()]
    read = [o for o in read if o.file not in bad]
    file_rows = [r for r in file_rows if r["file"] not in bad]
    for outcome in read:
        old = set(sources.get(outcome.file, []))
        new = {a.source for a in outcome.articles}
        result.new += len(new - old)
        result.changed += len(new & old)
        result.removed += len(old - new)
    result.files_read = len(read)

    failed_inputs = [normalise(f.source) for f in failures]
    drop = files_to_drop(set(stored) | set(sources), set(candidates), given, failed_inputs, full)
    result.removed += sum(len(sources.get(f, [])) for f in drop)

    reference: dict[str, pd.DataFrame] = {}
    meta = {"updated_at": datetime.now(UTC).isoformat(timespec="seconds"), "schema_version": SCHEMA_VERSION}
    try:
        ref_hash = reference_hash(ref_dir)
        if ref_hash != meta_before.get("reference_hash"):
            reference = load_reference(ref_dir)
            meta["reference_hash"] = ref_hash
    except ReferenceDataError as exc:
        failures.append(Failure(str(ref_dir), str(exc)))

    # Derived tables are recomputed when their inputs changed: data, reference, code or the day.
    replaced = drop | {o.file for o in read}
    key = derived_key()
    derive = full or bool(replaced) or bool(reference) or key != meta_before.get("derived_key")
    if derive:
        meta["derived_key"] = key
    result.articles, result.figures = _write(
        tmp, replaced, file_rows, articles, figures, reference, meta, derive
    )
    result.failures = failures
