"""Scale-out on Dask (``pip install 'ru_govdigest[dask]'``).

Each worker process uses its process-wide Extractor (``default_extractor``, built on first
use and kept; threads of a worker share it: the Extractor is thread-safe), so models load
once per worker, not per task.

    import dask.bag as db
    from ru_govdigest.dask import extract_bag, extract_dataframe
    records = extract_bag(db.from_sequence(texts, npartitions=8)).compute()
    out = extract_dataframe(ddf, text_col="text", id_col="id")   # a dask DataFrame

``govdigest extract --scheduler ADDRESS`` sends a batch job to a running cluster through
``run_on_cluster``.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Iterator, Optional

try:
    import dask.bag  # noqa: F401  (fail early with a clear message)
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("ru_govdigest.dask needs dask: pip install 'ru_govdigest[dask]'"
                      ) from exc

from .batch import Record, article_record, error_record, ordered_map
from .extractor import _as_kwargs, default_extractor
from .inputs import Article, Task, UsageError, load_article

# Columns of ``extract_dataframe``'s result besides the id: list fields hold JSON text.
FRAME_COLUMNS = ("published", "regions", "officials", "dates", "indicators", "meta", "error")


def _item_record(item: Any) -> Record:
    """The record of a bag item: a text, an ``(id, text)`` pair or a dict with ``text``
    and optional ``id``/``published``; an item of another shape gets an error record."""
    try:
        kwargs = _as_kwargs(item)
    except (TypeError, KeyError, ValueError) as exc:
        return {"id": None, "error": f"not an article item: {type(exc).__name__}: {exc}"}
    return article_record(default_extractor(),
                          Article(kwargs.get("id"), kwargs["text"], kwargs.get("published")))


def _records_of_partition(items: Iterable[Any]) -> list[Record]:
    return [_item_record(item) for item in items]


def extract_bag(bag):
    """A bag of digest records (dicts in the JSON format) for a bag of articles (texts,
    ``(id, text)`` pairs or dicts with ``text``, ``id``, ``published``), partition-wise,
    in the bag's order."""
    return bag.map_partitions(_records_of_partition)


def _frame_of_partition(frame, text_col: str, id_col: Optional[str],
                        published_col: Optional[str]):
    import pandas as pd

    rows = []
    for i, text in enumerate(frame[text_col]):
        ident = None if id_col is None else frame[id_col].iloc[i]
        ident = None if ident is None or pd.isna(ident) else str(ident)
        published = None if published_col is None else frame[published_col].iloc[i]
        published = None if published is None or pd.isna(published) else str(published)
        if isinstance(text, str):
            record = article_record(default_extractor(), Article(ident, text, published))
        else:
            record = {"id": ident, "error": f"no text: {type(text).__name__} in {text_col!r}"}
        rows.append(_frame_row(record))
    out = pd.DataFrame(rows, columns=list(FRAME_COLUMNS), index=frame.index, dtype=object)
    if id_col is not None:
        out.insert(0, id_col, frame[id_col])
    return out


def _frame_row(record: Record) -> dict[str, Any]:
    row: dict[str, Any] = {"published": record.get("published"),
                           "error": record.get("error")}
    for key in ("regions", "officials", "dates", "indicators", "meta"):
        value = record.get(key)
        row[key] = None if value is None else json.dumps(value, ensure_ascii=False)
    return row


def extract_dataframe(ddf, text_col: str = "text", id_col: Optional[str] = "id",
                      published_col: Optional[str] = None):
    """A dask DataFrame with one row per input row (same index): ``id_col`` and the
    record's ``published``, ``regions``, ``officials``, ``dates``, ``indicators``,
    ``meta`` (JSON text, as in the JSON Lines format) and ``error``."""
    import pandas as pd

    for col in (text_col, id_col, published_col):
        if col is not None and col not in ddf.columns:
            raise KeyError(f"no column {col!r} in the dataframe")
    columns = ([id_col] if id_col is not None else []) + list(FRAME_COLUMNS)
    meta = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    if id_col is not None:
        meta[id_col] = meta[id_col].astype(ddf[id_col].dtype)
    return ddf.map_partitions(_frame_of_partition, text_col, id_col, published_col, meta=meta)


def frame_digests(frame):
    """The Digests of a (computed) ``extract_dataframe`` result, in row order; None for
    an error row."""
    from .digest import Digest

    out = []
    for _, row in frame.iterrows():
        if isinstance(row["error"], str):
            out.append(None)
            continue
        data = {key: json.loads(row[key]) if isinstance(row[key], str) else None
                for key in ("regions", "officials", "dates", "indicators", "meta")}
        published = row["published"] if isinstance(row["published"], str) else None
        out.append(Digest.from_dict({"id": row.get("id"), "published": published, **data}))
    return out


# -- batch jobs on a cluster ------------------------------------------------------------------
def _run_articles(articles: list) -> list[Record]:
    extractor = default_extractor()
    return [item if isinstance(item, dict) else article_record(extractor, item)
            for item in articles]


def _load(task: Task):
    """Read the article here (the cluster may not see our files): an Article, or the
    error record of an unusable input."""
    try:
        return load_article(task)
    except Exception as exc:
        return error_record(task.id, exc)


def connect(address: str):
    """A Client of the Dask scheduler at ``address``; UsageError when unreachable."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs dask.distributed: "
                         "pip install 'ru_govdigest[dask]'") from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def run_on_cluster(tasks: Iterable[Task], client, *, chunksize: int = 16,
                   in_flight: int = 64) -> Iterator[Record]:
    """Records of the tasks, in order, computed on the cluster of ``client`` (a
    ``distributed.Client`` or a scheduler address). Files are read here and their texts
    sent, so the workers need no shared disk."""
    if isinstance(client, str):
        with connect(client) as owned:
            yield from run_on_cluster(tasks, owned, chunksize=chunksize, in_flight=in_flight)
        return
    yield from ordered_map(
        lambda chunk: client.submit(_run_articles, [_load(t) for t in chunk], pure=False),
        lambda future: future.result(), tasks, chunksize=chunksize, in_flight=in_flight)


__all__ = ["extract_bag", "extract_dataframe", "frame_digests", "connect", "run_on_cluster"]
