"""ru_govdigest: structured digests of Russian government press releases.

    from ru_govdigest import extract
    d = extract(text)          # Digest: regions, officials, dates, indicators
    d.to_json()
"""
from __future__ import annotations

from typing import Any, Optional

from .digest import DateMention, Digest, Indicator, Mention, Official, Region
from .document import Document
from .extractor import Extractor, default_extractor
from .inputs import Article, read_articles

__version__ = "0.2.0"

__all__ = ["extract", "Extractor", "Digest", "Region", "Official", "DateMention",
           "Indicator", "Mention", "Document", "Article", "read_articles", "to_frames",
           "__version__"]


def extract(text: str, *, id: Optional[str] = None, published: Any = None) -> Digest:
    """The digest of one article (see ``Extractor.extract``)."""
    return default_extractor().extract(text, id=id, published=published)


def to_frames(digests):
    """The digest table and its views per kind of item, as pandas DataFrames (see
    ``ru_govdigest.frames``). Needs pandas: ``pip install ru_govdigest[pandas]``."""
    from .frames import to_frames as _to_frames
    return _to_frames(digests)
