"""Batch extraction: files and folders in, one record per article out, in input order.

Nothing is lost: an input that cannot be read or processed gets an error record
``{"id": ..., "error": "..."}`` and the run goes on. Worker processes each build one
Extractor (models load once per worker) and take articles in chunks; results come back
in input order with a bounded number of chunks in flight, so memory stays flat on
inputs of any size. Records are written as JSON Lines, CSV or Parquet (one row per
item), flushed as written; ``resume`` continues an interrupted run.
"""
from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from .digest import Digest
from .extractor import Extractor
from .inputs import Article, ArticleError, Task, UsageError, load_article

Record = dict[str, Any]
FORMATS = ("jsonl", "csv", "parquet")


# -- one article ------------------------------------------------------------------------
def error_record(ident: str, exc: BaseException) -> Record:
    message = str(exc) if isinstance(exc, ArticleError) else f"{type(exc).__name__}: {exc}"
    return {"id": ident, "error": message}


def article_record(extractor: Extractor, article: Article) -> Record:
    """The digest record of a readable article. Never raises."""
    try:
        record = extractor.extract(article.text, id=article.id,
                                   published=article.published).to_dict()
    except Exception as exc:  # a bug must cost one record, not the run
        return error_record(article.id, exc)
    if article.encoding:
        record.setdefault("meta", {})["encoding"] = article.encoding
    if article.extracted:
        record["text"] = article.text
    return record


def run_task(extractor: Extractor, task: Task) -> Record:
    """The record for one task: the digest as a dict, or an error record. Never raises."""
    try:
        article = load_article(task)
    except Exception as exc:
        return error_record(task.id, exc)
    return article_record(extractor, article)


# -- worker processes ---------------------------------------------------------------------
_WORKER: Optional[Extractor] = None


def _init_worker(extractor: Extractor) -> None:
    global _WORKER
    _WORKER = extractor  # forked: shared as is; spawned: unpickled, models rebuilt once


def _run_chunk_in_worker(tasks: list[Task]) -> list[Record]:
    assert _WORKER is not None
    return [run_task(_WORKER, task) for task in tasks]


def _extract_chunk_in_worker(items: list[dict[str, Any]]) -> list:
    assert _WORKER is not None
    return [_WORKER.extract(**kwargs) for kwargs in items]


class Workers:
    """Worker processes that survive the death of one of them (killed for memory, a crash
    in a native library): chunks lost with a dead pool are sent again to a fresh one, and
    the chunk that was running when it died is retried one item at a time, so only the
    item that kills a worker gets ``on_death(item)`` instead of its result."""

    def __init__(self, extractor: Extractor, n_process: int, run_chunk: Callable[[list], list],
                 on_death: Callable[[Any], Any]) -> None:
        self.extractor = extractor
        self.n_process = n_process
        self.run_chunk = run_chunk
        self.on_death = on_death
        self.generation = 0
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
        return ProcessPoolExecutor(self.n_process, mp_context=ctx, initializer=_init_worker,
                                   initargs=(self.extractor,))

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
        self.generation += 1

    def submit(self, chunk: list) -> tuple[list, Future, int]:
        return chunk, self.pool.submit(self.run_chunk, chunk), self.generation

    def collect(self, handle: tuple[list, Future, int]) -> list:
        chunk, future, generation = handle
        try:
            return future.result()
        except BrokenProcessPool:
            if generation < self.generation:  # lost with a pool that died earlier
                return self.collect(self.submit(chunk))
            self._restart()
            return [result for item in chunk for result in self._one(item)]

    def _one(self, item: Any) -> list:
        try:
            return self.pool.submit(self.run_chunk, [item]).result()
        except BrokenProcessPool:
            self._restart()
            return [self.on_death(item)]

    def map(self, items: Iterable, chunksize: int) -> Iterator:
        """Results in input order, at most 4 chunks per process in flight."""
        return ordered_map(self.submit, self.collect, items, chunksize=max(1, chunksize),
                           in_flight=4 * self.n_process)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.pool.shutdown(wait=exc_info[0] is None, cancel_futures=True)


# Names, a position, a region, dates and numbers: enough to make every step load what it
# loads on first need.
_WARM_UP = ("Губернатор Вологодской области Олег Кувшинников и посол Уилсон Пэрриш 5 марта "
            "2024 года вручили награды 12 медикам. Министр здравоохранения Анна Петрова "
            "сообщила, что на ремонт больниц направят более 1,5 млрд рублей.")


def warm_up(extractor: Extractor) -> None:
    """Run one short article before forking workers, so that models the steps load on
    first use load once here and are shared by the workers rather than loaded by each."""
    extractor.extract(_WARM_UP)


_DIED = "worker process died on this article (out of memory or a crash in native code)"


def parallel_map(extractor: Extractor, items: Iterable[dict[str, Any]], *,
                 n_process: int, batch_size: int = 16) -> Iterator:
    """``extractor.extract(**item)`` over worker processes, results in input order."""
    def on_death(kwargs: dict[str, Any]) -> Digest:
        return Digest(id=kwargs.get("id"), meta={"errors": [_DIED]})

    warm_up(extractor)
    with Workers(extractor, n_process, _extract_chunk_in_worker, on_death) as workers:
        yield from workers.map(items, batch_size)


def chunked(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered_map(submit: Callable[[list], Any], collect: Callable[[Any], list],
                items: Iterable, *, chunksize: int, in_flight: int) -> Iterator:
    """Results of chunks of ``items`` in input order: ``submit(chunk)`` starts one chunk
    and returns a handle, ``collect(handle)`` waits for its list of results. At most
    ``in_flight`` chunks are pending, so a huge input is never read ahead whole."""
    pending: deque = deque()
    for chunk in chunked(items, chunksize):
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from collect(pending.popleft())
    while pending:
        yield from collect(pending.popleft())


def run_tasks(tasks: Iterable[Task], *, jobs: int = 1, extractor: Optional[Extractor] = None,
              chunksize: int = 8) -> Iterator[Record]:
    """Records for the tasks, in order, over ``jobs`` processes."""
    extractor = extractor or Extractor()
    if jobs <= 1:
        for task in tasks:
            yield run_task(extractor, task)
        return
    def on_death(task: Task) -> Record:
        return {"id": task.id, "error": _DIED}

    warm_up(extractor)  # a no-op in time when the caller did it already

    with Workers(extractor, jobs, _run_chunk_in_worker, on_death) as workers:
        yield from workers.map(tasks, chunksize)


# -- rows: one per item, for CSV and Parquet -----------------------------------------------
ITEM_TYPES = {"regions": "region", "officials": "official", "dates": "date",
              "indicators": "indicator"}
# (column, pyarrow type factory name); a date's ISO value goes to ``date`` because ``value`` is
# the number of an indicator. ``mentions`` and an official's ``position_mentions`` are JSON
# lists; ``meta`` a JSON object.
ROW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("type", "string"), ("published", "string"),
    ("code", "string"), ("name", "string"), ("primary", "bool_"),
    ("last_name", "string"), ("first_name", "string"), ("middle_name", "string"),
    ("position", "string"), ("organization", "string"),
    ("text", "string"), ("start", "int64"), ("end", "int64"),
    ("value", "float64"), ("value_max", "float64"), ("of_total", "float64"),
    ("kind", "string"), ("qualifier", "string"), ("unit", "string"), ("subject", "string"),
    ("precision", "string"), ("relative", "bool_"), ("region", "string"), ("date", "string"),
    ("mentions", "string"), ("position_mentions", "string"), ("meta", "string"),
    ("error", "string"),
)
COLUMN_NAMES = tuple(name for name, _ in ROW_COLUMNS)


def record_rows(record: Record) -> list[dict[str, Any]]:
    """A record as table rows: one per region, official, date and indicator; an article
    with none gets one row of type ``none`` and an error record one of type ``error``,
    so that every article appears in the table."""
    base = {"id": record.get("id"), "published": record.get("published"),
            "meta": json.dumps(record["meta"], ensure_ascii=False) if record.get("meta")
            else None}
    if "error" in record:
        return [{**base, "type": "error", "error": record["error"]}]
    rows = []
    for key, kind in ITEM_TYPES.items():
        for item in record.get(key) or ():
            row = {**base, "type": kind}
            for field, value in item.items():
                if field in ("mentions", "position_mentions"):
                    value = json.dumps(value, ensure_ascii=False)
                elif kind == "date" and field == "value":
                    field = "date"
                row[field] = value
            rows.append(row)
    return rows or [{**base, "type": "none"}]


# -- writers ----------------------------------------------------------------------------------
class JsonlWriter:
    """One JSON object a line, flushed as written so an interruption loses little."""

    def __init__(self, out) -> None:
        self.out = out

    def write(self, record: Record) -> None:
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


class CsvWriter:
    """Rows of ``record_rows`` as CSV with a header; each article's rows in one write."""

    def __init__(self, out, header: bool = True) -> None:
        self.out = out
        if header:
            self._emit([dict(zip(COLUMN_NAMES, COLUMN_NAMES))])

    def _emit(self, rows: list[dict[str, Any]]) -> None:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES, lineterminator="\n")
        writer.writerows(rows)
        self.out.write(buffer.getvalue())
        self.out.flush()

    def write(self, record: Record) -> None:
        self._emit(record_rows(record))

    def close(self) -> None:
        self.out.flush()


class ParquetWriter:
    """Rows of ``record_rows`` as Parquet, written in row groups (needs pyarrow)."""

    def __init__(self, path: str, rows_per_group: int = 5000) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise UsageError("--format parquet needs pyarrow: "
                             "pip install 'ru_govdigest[parquet]'") from None
        self._pa = pa
        self.schema = pa.schema([(name, getattr(pa, typ)()) for name, typ in ROW_COLUMNS])
        self.writer = pq.ParquetWriter(path, self.schema)
        self.rows: list[dict[str, Any]] = []
        self.rows_per_group = rows_per_group

    def write(self, record: Record) -> None:
        self.rows.extend(record_rows(record))
        if len(self.rows) >= self.rows_per_group:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self._pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


def write_jsonl(records: Iterable[Record], out, *,
                on_record: Optional[Callable[[Record], None]] = None) -> None:
    """Write records as JSON Lines (see ``JsonlWriter``)."""
    writer = JsonlWriter(out)
    for record in records:
        writer.write(record)
        if on_record:
            on_record(record)


# -- resuming ------------------------------------------------------------------------------
def drop_partial_line(path: Path) -> None:
    """Cut a last line that has no line break (a write interrupted half-way), so that
    appended records start on a line of their own."""
    with open(path, "rb+") as f:
        size = f.seek(0, os.SEEK_END)
        if size == 0:
            return
        block = 1 << 16
        pos = size
        while pos > 0:
            start = max(0, pos - block)
            f.seek(start)
            data = f.read(pos - start)
            if start + len(data) == size and data.endswith(b"\n"):
                return  # ends cleanly
            cut = data.rfind(b"\n")
            if cut >= 0:
                f.truncate(start + cut + 1)
                return
            pos = start
        f.truncate(0)


def done_ids(path: Path, fmt: str) -> set[str]:
    """Ids of the articles an earlier run already wrote to ``path`` (JSON Lines or CSV).
    Lines that do not parse are ignored; a cut last line is removed first."""
    if not path.exists() or path.stat().st_size == 0:
        return set()
    drop_partial_line(path)
    ids: set[str] = set()
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        if fmt == "csv":
            try:
                for row in csv.DictReader(f):
                    if row.get("id"):
                        ids.add(row["id"])
            except csv.Error:
                pass
            return ids
        for line in f:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and record.get("id") is not None:
                ids.add(str(record["id"]))
    return ids
