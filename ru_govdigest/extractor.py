"""The Extractor: loads every resource once, runs the steps in order, assembles the Digest.

Order matters: dates first (they fix the publication date), then regions, then officials
(whose positions may name a region), then indicators (tied to the regions and dates of
their sentence). Each step reads the same Document; nothing re-tokenizes.
"""
from __future__ import annotations

import dataclasses
import logging
import math
import os
import threading
from typing import Any, Iterable, Iterator, Optional, Union

from .dates import DateExtractor
from .digest import Digest
from .document import Document
from .indicators import IndicatorExtractor
from .inputs import INPUT_ERROR, Article, Reading, published_value, read_articles, writable
from .officials import OfficialExtractor
from .pool import WorkerPool
from .regions import RegionExtractor

log = logging.getLogger(__name__)

TextItem = Union[str, tuple, dict, Article]
Published = Any  # None, a date, a datetime or an ISO string: see ``inputs.published_value``


class Extractor:
    """Thread-safe and picklable: it pickles as its settings and rebuilds its models in the
    receiving process, so ``pipe(n_process=N)`` and Dask workers load them once each."""

    def __init__(self) -> None:
        self._build()

    def _build(self) -> None:
        self.dates = DateExtractor()
        self.regions = RegionExtractor()
        self.officials = OfficialExtractor()
        self.indicators = IndicatorExtractor()

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._build()

    def document(self, text: str, id: Optional[str] = None) -> Document:
        return Document.from_text(text, id=id)

    def extract(self, text: str, *, id: Optional[str] = None,
                published: Published = None) -> Digest:
        """The digest of one article. ``published`` (a ``date``, a ``datetime`` or an ISO
        string; anything else is a ValueError) anchors year-less and relative dates and
        wins over a date found in the text.

        Any text gives a digest: a step that fails is logged and listed in
        ``digest.meta["errors"]``, the other steps still run. NUL and lone surrogates,
        which no UTF-8 writer or strict parser takes, are read as U+FFFD (one for one, so
        offsets hold; ``digest.text`` is the text the offsets refer to)."""
        if not isinstance(text, str):
            raise TypeError(f"extract() takes the article as str, not {type(text).__name__}")
        published = published_value(published)
        meta: dict[str, Any] = {}
        text, replaced = writable(text)
        if replaced:
            meta["replaced"] = f"{replaced} NUL or lone surrogate characters read as U+FFFD"
        doc = self.document(text, id=id)
        errors: list[str] = []

        def step(name: str, fn, *args, default):
            try:
                return fn(*args)
            except Exception as exc:  # one failing step must not lose the others
                log.exception("ru_govdigest: %s step failed on %s", name, id)
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                return default

        found_published, dates = step("dates", self.dates, doc, published,
                                      default=(published, []))
        regions = step("regions", self.regions, doc, default=[])
        officials = step("officials", self.officials, doc, regions, default=[])
        indicators = step("indicators", self.indicators, doc, regions, dates, default=[])
        finite = [ind for ind in indicators if _finite(ind)]
        if len(finite) < len(indicators):
            meta["dropped"] = (f"{len(indicators) - len(finite)} figures too large to be a "
                               f"finite number")
        if errors:
            meta["errors"] = errors
        return Digest(id=id, published=found_published, regions=tuple(regions),
                      officials=tuple(officials), dates=tuple(dates),
                      indicators=tuple(finite), meta=meta, text=text)

    def extract_article(self, article: Article) -> Digest:
        """The digest of an article as ``read_articles`` gives it: an unusable one is an
        error digest; notes on its reading go to ``meta``; a web page's own date is the
        publication date when neither the caller nor the text gives one."""
        if article.error is not None:
            return error_digest(article.id, article.error, INPUT_ERROR)
        digest = self.extract(article.text, id=article.id, published=article.published)
        meta = article.meta
        if digest.published is None and article.page_date and article.published is None:
            digest = self.extract(article.text, id=article.id, published=article.page_date)
            meta["published_from"] = "the page's metadata"
        if meta:
            digest = dataclasses.replace(digest, meta={**digest.meta, **meta})
        return digest

    def warm_up(self) -> None:
        """Run one short article, so that models the steps load on first use load now:
        before worker processes fork, once for all of them."""
        self.extract(_WARM_UP)

    def pipe(self, texts: Iterable[TextItem], n_process: int = 1, batch_size: int = 16,
             timeout: Optional[float] = None) -> Iterator[Digest]:
        """Digests of many articles, in input order. An item is a text, an ``(id, text)``
        pair, a dict with ``text`` and optional ``id``/``published``, or an ``Article``.

        ``n_process`` worker processes (``-1`` or ``0``: one per core, as in spaCy), each
        taking ``batch_size`` articles at a time. With workers, an article that takes more
        than ``timeout`` seconds, or kills its worker, gets an error digest and its worker
        is replaced."""
        articles = (_as_article(item) for item in texts)
        if n_process == 1:
            for article in articles:
                yield self.extract_article(article)
            return
        self.warm_up()
        with WorkerPool(self, _digest_in_worker, n_process, on_failure=_failed_digest,
                        timeout=timeout) as pool:
            yield from pool.map(articles, batch_size)

    def extract_folder(self, paths: Union[str, os.PathLike, Iterable], *, n_process: int = 1,
                       timeout: Optional[float] = None, **reading: Any) -> Iterator[Digest]:
        """Digests of every article in files and folders, read as ``govdigest extract``
        reads them (formats, ids, encodings; ``reading`` options as ``read_articles``
        takes them), one Digest per input in order; an unusable input gives a Digest
        whose ``error`` says why. Each Digest keeps its ``text`` for display."""
        return self.pipe(read_articles(paths, reading=Reading(**reading)),
                         n_process=n_process, timeout=timeout)


# Names, a position, a region, dates and numbers: enough to make every step load what it
# loads on first need.
_WARM_UP = ("Губернатор Вологодской области Олег Кувшинников и посол Уилсон Пэрриш 5 марта "
            "2024 года вручили награды 12 медикам. Министр здравоохранения Анна Петрова "
            "сообщила, что на ремонт больниц направят более 1,5 млрд рублей.")


def _finite(indicator: Any) -> bool:
    """Whether the figure's numbers are finite: strict JSON has no ``Infinity``."""
    return all(value is None or math.isfinite(value)
               for value in (indicator.value, indicator.value_max, indicator.of_total))


def error_digest(ident: Optional[str], message: str, kind: str) -> Digest:
    """The digest of an article that has none; ``kind`` (``input``, ``timeout``,
    ``crash``, ``internal``) tells whether trying again may help."""
    return Digest(id=ident, error=message, meta={"error_kind": kind})


def _digest_in_worker(extractor: Extractor, article: Article) -> Digest:
    return extractor.extract_article(article)


def _failed_digest(article: Article, kind: str, message: str) -> Digest:
    return error_digest(article.id, message, kind)


def _as_article(item: TextItem) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(None, item)
    if isinstance(item, tuple):
        ident, text = item
        published = None
    elif isinstance(item, dict):
        ident, text, published = item.get("id"), item["text"], item.get("published")
    else:
        raise TypeError(f"pipe() items are str, (id, text), dict or Article, "
                        f"not {type(item).__name__}")
    if not isinstance(text, str):
        raise TypeError(f"an article's text is a str, not {type(text).__name__}")
    return Article(ident, text, published_value(published))


_DEFAULT: Optional[Extractor] = None
_DEFAULT_LOCK = threading.Lock()


def default_extractor() -> Extractor:
    """The process-wide Extractor behind ``ru_govdigest.extract``, built on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Extractor()
    return _DEFAULT


__all__ = ["Extractor", "default_extractor", "error_digest"]
