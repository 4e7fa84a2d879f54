"""Batch extraction: tasks in, one record per article out, in input order, then writers.

Nothing is lost: an input that cannot be read or processed gets an error record
``{"id": ..., "error": "...", "meta": {"error_kind": ...}}`` and the run goes on. The
kind says whether trying again may help: ``input`` (the file itself: empty, binary, not
an article) will fail again; ``timeout``, ``crash`` (its worker died) and ``internal`` (a
bug) may not, and ``--resume`` retries them. Records run in worker processes
(``pool.WorkerPool``: per-article time limit, workers replaced, none outlives the run) and
are written as JSON Lines, CSV or Parquet (one row per item, ``frames.TABLE``), each
article's lines or rows in one write, flushed as written; ``resume`` continues a run that
was cut off.
"""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from .extractor import Extractor, error_digest
from .frames import COLUMNS, DTYPES, record_rows
from .inputs import INPUT_ERROR, Task, UsageError, read_article
from .pool import ERROR, WorkerPool

Record = dict[str, Any]
FORMATS = ("jsonl", "csv", "parquet")
DEFAULT_TIMEOUT = 300.0  # seconds per article; a typical one takes a few milliseconds
# Error kinds that ``--resume`` tries again: not about the article itself.
RETRIED = frozenset({"timeout", "crash", ERROR})


# -- one article ------------------------------------------------------------------------
def error_record(ident: Optional[str], message: str, kind: str) -> Record:
    return error_digest(ident, message, kind).to_dict()


def run_task(extractor: Extractor, task: Task, include_text: bool = False) -> Record:
    """The record for one task: the digest as a dict (with the article's text when it
    was extracted from HTML or asked for), or an error record. Never raises."""
    article = read_article(task)
    try:
        digest = extractor.extract_article(article)
    except Exception as exc:  # a bug must cost one record, not the run
        return error_record(task.id, f"{type(exc).__name__}: {exc}", ERROR)
    return digest.to_dict(include_text=include_text or article.extracted)


def _run_in_worker(extractor: Extractor, task: Task) -> Record:
    return run_task(extractor, task)


def _failed_record(task: Task, kind: str, message: str) -> Record:
    return error_record(task.id, message, kind)


def run_tasks(tasks: Iterable[Task], *, jobs: int = 1, extractor: Optional[Extractor] = None,
              chunksize: int = 8, timeout: Optional[float] = None) -> Iterator[Record]:
    """Records for the tasks, in order. One job without a time limit runs here; otherwise
    ``jobs`` worker processes (``-1``/``0``: one per core) with ``timeout`` seconds per
    article."""
    extractor = extractor or Extractor()
    if jobs == 1 and not timeout:
        for task in tasks:
            yield run_task(extractor, task)
        return
    extractor.warm_up()  # a no-op in time when the caller did it already
    with WorkerPool(extractor, _run_in_worker, jobs, on_failure=_failed_record,
                    timeout=timeout) as pool:
        yield from pool.map(tasks, chunksize)


# -- writers ----------------------------------------------------------------------------------
def json_line(record: Record) -> str:
    """A record as one line of strict JSON (no NaN or Infinity). A record that has none
    becomes the error record of its article: the output stays parseable."""
    try:
        return json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError as exc:
        return json.dumps(error_record(record.get("id"), f"ValueError: {exc}", ERROR),
                          ensure_ascii=False) + "\n"


def table_rows(record: Record) -> list[dict[str, Any]]:
    """``record_rows``, with a record that is not strict JSON as its error row."""
    try:
        json.dumps(record, allow_nan=False)
    except ValueError as exc:
        record = error_record(record.get("id"), f"ValueError: {exc}", ERROR)
    return record_rows(record)


class JsonlWriter:
    """One JSON object a line, flushed as written so an interruption loses little."""

    def __init__(self, out) -> None:
        self.out = out

    def write(self, record: Record) -> None:
        self.out.write(json_line(record))
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


class CsvWriter:
    """Table rows as CSV with a header; each article's rows in one write."""

    def __init__(self, out, header: bool = True) -> None:
        self.out = out
        if header:
            self._emit([dict(zip(COLUMNS, COLUMNS))])

    def _emit(self, rows: list[dict[str, Any]]) -> None:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writerows(rows)
        self.out.write(buffer.getvalue())
        self.out.flush()

    def write(self, record: Record) -> None:
        self._emit(table_rows(record))

    def close(self) -> None:
        self.out.flush()


def parquet_schema():
    """The table's pyarrow schema, with the pandas types in its metadata."""
    try:
        import pandas as pd
        import pyarrow as pa
    except ImportError:
        raise UsageError("Parquet output needs pandas and pyarrow: "
                         "pip install 'ru_govdigest[parquet]'") from None
    empty = pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in DTYPES.items()})
    return pa.Schema.from_pandas(empty, preserve_index=False)


class ParquetWriter:
    """Table rows as Parquet (needs pandas and pyarrow), in row groups; the file carries
    the pandas types, so ``pd.read_parquet`` gives the table ``to_frames`` gives. It is
    written as ``OUT.part`` and renamed when closed: a Parquet file is readable only
    once closed, and a run that is killed leaves an earlier OUT as it was. ``keep``: rows
    of an earlier run to write first (``--resume``)."""

    def __init__(self, path: str, rows_per_group: int = 5000, keep: Any = None) -> None:
        self.schema = parquet_schema()  # a UsageError naming the extra when pyarrow is absent
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self.path = path
        self.part = path + ".part"
        self.writer = pq.ParquetWriter(self.part, self.schema)
        if keep is not None and keep.num_rows:
            self.writer.write_table(keep.cast(self.schema))
        self.rows: list[dict[str, Any]] = []
        self.rows_per_group = rows_per_group

    def write(self, record: Record) -> None:
        self.rows.extend(table_rows(record))
        if len(self.rows) >= self.rows_per_group:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self._pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
        os.replace(self.part, self.path)


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


def _keep(error_kind: Optional[str], retry_errors: bool) -> bool:
    """Whether a resumed run keeps an article's earlier record (``error_kind`` None: a
    digest)."""
    if error_kind is None:
        return True
    return not retry_errors and error_kind not in RETRIED


def resume_text(path: Path, fmt: str, retry_errors: bool = False) -> set[str]:
    """Ids of the articles an earlier run wrote whole to the JSON Lines or CSV file
    ``path``, which a resumed run skips; the file is cut back to them.

    An article is kept when its record is complete and is not an error that may go away
    (``RETRIED``; any error with ``retry_errors``). A cut last line goes, and so do the
    CSV rows of the last article: a run writes each article's rows in one write, so only
    the last one can have been cut short (by a kill or a full disk), and it is redone
    rather than kept half."""
    if not path.exists() or path.stat().st_size == 0:
        return set()
    drop_partial_line(path)
    kept: set[str] = set()
    tmp = path.with_name(path.name + ".resume-part")
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as src, \
                open(tmp, "w", encoding="utf-8", newline="") as dst:
            if fmt == "csv":
                dropped = _resume_csv(src, dst, kept, retry_errors)
            else:
                dropped = _resume_jsonl(src, dst, kept, retry_errors)
        if dropped:
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return kept


def _resume_jsonl(src, dst, kept: set[str], retry_errors: bool) -> int:
    dropped = 0
    for line in src:
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict) or record.get("id") is None:
            dropped += 1
            continue
        kind = None
        if "error" in record:
            kind = (record.get("meta") or {}).get("error_kind") or INPUT_ERROR
        if _keep(kind, retry_errors):
            dst.write(line)
            kept.add(str(record["id"]))
        else:
            dropped += 1
    return dropped


def _resume_csv(src, dst, kept: set[str], retry_errors: bool) -> int:
    reader = csv.reader(src)
    header = next(reader, None)
    if header != list(COLUMNS):
        raise UsageError(f"--resume: {src.name} is not a table this version writes "
                         f"(its header differs); write to a new file")
    writer = csv.writer(dst, lineterminator="\n")
    writer.writerow(header)
    groups = list(_article_groups(dict(zip(header, row)) for row in reader))
    for rows in groups[:-1]:  # the last article is redone: it may have been cut short
        if _keep(_row_error_kind(rows[0]), retry_errors):
            writer.writerows([row.get(c, "") for c in COLUMNS] for row in rows)
            kept.add(rows[0]["id"])
    return len(groups)  # the file changes whenever it holds an article


def _row_error_kind(row: dict[str, Any]) -> Optional[str]:
    if row.get("type") != "error":
        return None
    kind = row.get("error_kind")
    return INPUT_ERROR if kind is None or kind != kind or kind == "" else str(kind)


def _article_groups(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Consecutive rows of one article."""
    group: list[dict[str, Any]] = []
    for row in rows:
        if group and row["id"] != group[0]["id"]:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def resume_parquet(path: Path, retry_errors: bool = False) -> tuple[set[str], Any]:
    """The ids and rows a resumed run keeps from the Parquet file ``path`` (see
    ``resume_text``), as a pyarrow table that ``ParquetWriter(keep=...)`` writes first.
    A run writes ``OUT.part`` and renames it when closed, so OUT is always whole."""
    parquet_schema()  # a UsageError naming the extra when pyarrow is absent
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.exists() or path.stat().st_size == 0:
        return set(), None
    try:
        table = pq.read_table(path)
    except Exception:
        raise UsageError(f"--resume: {path} is not a readable Parquet file; write it anew "
                         f"without --resume") from None
    if table.column_names != list(COLUMNS):
        raise UsageError(f"--resume: {path} is not a table this version writes "
                         f"(its columns differ); write to a new file")
    rows = table.select(["id", "type", "error_kind"]).to_pylist()
    keep_mask = []
    kept: set[str] = set()
    for row in rows:
        keep = _keep(_row_error_kind(row), retry_errors)
        keep_mask.append(keep)
        if keep:
            kept.add(row["id"])
    return kept, table.filter(pa.array(keep_mask, type=pa.bool_()))
