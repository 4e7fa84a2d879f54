"""Scale-out on Dask (``pip install 'ru_govdigest[dask]'``).

Each worker process uses its process-wide Extractor (``default_extractor``, built on first
use and kept; threads of a worker share it: the Extractor is thread-safe), so models load
once per worker, not per task.

    import dask.bag as db
    from ru_govdigest.dask import extract_bag, extract_dataframe
    records = extract_bag(db.from_sequence(texts, npartitions=8)).compute()
    table = extract_dataframe(ddf, text_col="text", id_col="id").compute()

``extract_dataframe`` gives the table of ``ru_govdigest.frames`` (the rows the CLI writes
to CSV and Parquet, the table of ``to_frames``). ``govdigest extract --scheduler ADDRESS``
sends a batch job to a running cluster through ``run_on_cluster``.
"""
from __future__ import annotations

from collections import deque
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional

try:
    import dask.bag  # noqa: F401  (fail early with a clear message)
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("ru_govdigest.dask needs dask: pip install 'ru_govdigest[dask]'"
                      ) from exc

from .batch import Record, error_record, table_rows
from .extractor import _as_article, default_extractor
from .frames import DTYPES, table_frame
from .inputs import INPUT_ERROR, Article, Task, UsageError, read_article


def _item_record(item: Any) -> Record:
    """The record of a bag item: a text, an ``(id, text)`` pair or a dict with ``text``
    and optional ``id``/``published``; an item of another shape gets an error record."""
    try:
        article = _as_article(item)
    except (TypeError, KeyError, ValueError) as exc:
        ident = item.get("id") if isinstance(item, dict) else None
        return error_record(ident, f"not an article item: {type(exc).__name__}: {exc}",
                            INPUT_ERROR)
    return default_extractor().extract_article(article).to_dict()


def _records_of_partition(items: Iterable[Any]) -> list[Record]:
    return [_item_record(item) for item in items]


def extract_bag(bag):
    """A bag of digest records (dicts in the JSON format) for a bag of articles (texts,
    ``(id, text)`` pairs or dicts with ``text``, ``id``, ``published``), partition-wise,
    in the bag's order."""
    return bag.map_partitions(_records_of_partition)


def _table_of_partition(frame, text_col: str, id_col: Optional[str],
                        published_col: Optional[str]):
    import pandas as pd

    rows = []
    for i, text in enumerate(frame[text_col]):
        ident = None if id_col is None else frame[id_col].iloc[i]
        ident = None if ident is None or pd.isna(ident) else str(ident)
        published = None if published_col is None else frame[published_col].iloc[i]
        published = None if published is None or pd.isna(published) else published
        item = {"id": ident, "text": text, "published": published}
        rows.extend(table_rows(_item_record(item)))
    return table_frame(rows)


def extract_dataframe(ddf, text_col: str = "text", id_col: Optional[str] = "id",
                      published_col: Optional[str] = None):
    """A dask DataFrame of the digest table (``ru_govdigest.frames``: one row per item,
    ``none`` and ``error`` rows for articles without items) for the articles in
    ``ddf``'s rows, in row order; ``to_frames(result.compute())`` gives the views."""
    for col in (text_col, id_col, published_col):
        if col is not None and col not in ddf.columns:
            raise KeyError(f"no column {col!r} in the dataframe")
    import pandas as pd
    meta = pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in DTYPES.items()})
    return ddf.map_partitions(_table_of_partition, text_col, id_col, published_col, meta=meta)


# -- batch jobs on a cluster ------------------------------------------------------------------
def _run_articles(articles: list[Article]) -> list[Record]:
    extractor = default_extractor()
    return [extractor.extract_article(article).to_dict(include_text=article.extracted)
            for article in articles]


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
    # Files are read here (the cluster may not see them); the workers get the texts.
    yield from ordered_map(
        lambda chunk: client.submit(_run_articles, [read_article(t) for t in chunk],
                                    pure=False),
        lambda future: future.result(), tasks, chunksize=chunksize, in_flight=in_flight)


def ordered_map(submit: Callable[[list], Any], collect: Callable[[Any], list],
                items: Iterable, *, chunksize: int, in_flight: int) -> Iterator:
    """Results of chunks of ``items`` in input order: ``submit(chunk)`` starts one chunk
    and returns a handle, ``collect(handle)`` waits for its list of results. At most
    ``in_flight`` chunks are pending, so a huge input is never read ahead whole."""
    pending: deque = deque()
    iterator = iter(items)
    while chunk := list(islice(iterator, chunksize)):
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from collect(pending.popleft())
    while pending:
        yield from collect(pending.popleft())


__all__ = ["extract_bag", "extract_dataframe", "connect", "run_on_cluster"]
