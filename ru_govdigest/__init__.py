"""ru_govdigest: structured digests of Russian government press releases.

    from ru_govdigest import extract
    d = extract(text)          # Digest: regions, officials, dates, indicators
    d.to_json()
"""
from __future__ import annotations

from typing import Optional

from .digest import DateMention, Digest, Indicator, Mention, Official, Region
from .document import Document
from .extractor import Extractor, default_extractor

__version__ = "0.1.0"

__all__ = ["extract", "Extractor", "Digest", "Region", "Official", "DateMention",
           "Indicator", "Mention", "Document", "to_frames", "__version__"]


def extract(text: str, *, id: Optional[str] = None, published: Optional[str] = None) -> Digest:
    """The digest of one article (see ``Extractor.extract``)."""
    return default_extractor().extract(text, id=id, published=published)


def to_frames(digests):
    """pandas DataFrames ``regions``, ``officials``, ``dates``, ``indicators`` (one row per
    item, with the article id). Needs pandas: ``pip install ru_govdigest[pandas]``."""
    from .frames import to_frames as _to_frames
    return _to_frames(digests)
