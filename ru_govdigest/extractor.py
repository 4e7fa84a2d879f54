"""The Extractor: loads every resource once, runs the steps in order, assembles the Digest.

Order matters: dates first (they fix the publication date), then regions, then officials
(whose positions may name a region), then indicators (tied to the regions and dates of
their sentence). Each step reads the same Document; nothing re-tokenizes.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Iterable, Iterator, Optional, Union

from .dates import DateExtractor
from .digest import Digest
from .document import Document
from .indicators import IndicatorExtractor
from .officials import OfficialExtractor
from .regions import RegionExtractor

log = logging.getLogger(__name__)

TextItem = Union[str, tuple, dict]


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
                published: Optional[str] = None) -> Digest:
        """The digest of one article. ``published`` (ISO date or date-time) anchors
        year-less and relative dates and wins over a date found in the text.

        Any text gives a digest: a step that fails is logged and listed in
        ``digest.meta["errors"]``, the other steps still run."""
        if not isinstance(text, str):
            raise TypeError(f"extract() takes the article as str, not {type(text).__name__}")
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
        return Digest(id=id, published=found_published, regions=tuple(regions),
                      officials=tuple(officials), dates=tuple(dates),
                      indicators=tuple(indicators),
                      meta={"errors": errors} if errors else {}, text=text)

    def pipe(self, texts: Iterable[TextItem], n_process: int = 1,
             batch_size: int = 16) -> Iterator[Digest]:
        """Digests of many articles, in input order. An item is a text, an
        ``(id, text)`` pair, or a dict with ``text`` and optional ``id``/``published``."""
        items = (_as_kwargs(item) for item in texts)
        if n_process <= 1:
            for kwargs in items:
                yield self.extract(**kwargs)
            return
        from .batch import parallel_map
        yield from parallel_map(self, items, n_process=n_process, batch_size=batch_size)


def _as_kwargs(item: TextItem) -> dict[str, Any]:
    if isinstance(item, str):
        return {"text": item}
    if isinstance(item, tuple):
        ident, text = item
        return {"text": text, "id": ident}
    if isinstance(item, dict):
        return {"text": item["text"], "id": item.get("id"), "published": item.get("published")}
    raise TypeError(f"pipe() items are str, (id, text) or dict, not {type(item).__name__}")


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
