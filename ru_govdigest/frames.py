"""Digests as pandas DataFrames, one table per kind of item, ready for groupby and pivot.

    frames = to_frames(digests)            # Digest objects, JSONL records, or a .jsonl path
    frames.indicators.pivot_table(index="region", columns="kind", values="value",
                                  aggfunc="count")

Every row carries the article's ``id`` and ``published``. Regions and officials get
their number of ``mentions`` and the first mention (``first_start``, ``first_end``,
``first_text``); dates and indicators are one row per occurrence with their offsets.
Error records (``{"id": ..., "error": ...}``) are skipped.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Union

from .digest import Digest

if TYPE_CHECKING:
    import pandas as pd

DigestLike = Union[Digest, dict]

ARTICLE_COLUMNS = ("id", "published")
FIRST_MENTION = ("mentions", "first_start", "first_end", "first_text")
COLUMNS = {
    "regions": ARTICLE_COLUMNS + ("code", "name", "primary") + FIRST_MENTION,
    "officials": ARTICLE_COLUMNS + ("name", "last_name", "first_name", "middle_name",
                                    "position", "organization", "region") + FIRST_MENTION,
    "dates": ARTICLE_COLUMNS + ("text", "start", "end", "value", "precision", "relative"),
    "indicators": ARTICLE_COLUMNS + ("text", "start", "end", "value", "value_max", "of_total",
                                     "kind", "qualifier", "unit", "subject", "region", "date"),
}
# Explicit types of the non-text columns, so that a table has the same types whether it
# has rows or not (text columns are left to pandas). Offsets are nullable: gold records
# have none.
_COMMON_DTYPES = {"primary": "bool", "relative": "bool", "mentions": "int64",
                  "first_start": "Int64", "first_end": "Int64", "start": "Int64",
                  "end": "Int64"}
BOOLEANS = {"primary": False, "relative": False}  # when a record (gold) leaves them out
DTYPES = {
    "regions": _COMMON_DTYPES,
    "officials": _COMMON_DTYPES,
    "dates": _COMMON_DTYPES,  # a date's value is its ISO string
    "indicators": {**_COMMON_DTYPES, "value": "float64", "value_max": "float64",
                   "of_total": "float64"},
}


@dataclass(frozen=True, eq=False)  # DataFrames have no single truth value to compare by
class Frames:
    """The four tables of ``to_frames``; ``frames["regions"]`` works too."""

    regions: "pd.DataFrame"
    officials: "pd.DataFrame"
    dates: "pd.DataFrame"
    indicators: "pd.DataFrame"

    def __getitem__(self, kind: str) -> "pd.DataFrame":
        if kind not in COLUMNS:
            raise KeyError(kind)
        return getattr(self, kind)

    def __repr__(self) -> str:
        return "Frames(" + ", ".join(f"{kind}={len(self[kind])} rows" for kind in COLUMNS) + ")"


def to_frames(digests: Union[Iterable[DigestLike], str, os.PathLike]) -> Frames:
    """``Frames`` of the digests: Digest objects, their dicts (JSONL records), or the
    path of a JSON Lines file."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("to_frames needs pandas: pip install ru_govdigest[pandas]") from None
    if isinstance(digests, (str, os.PathLike)):
        digests = read_jsonl(digests)
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in COLUMNS}
    for record in _records(digests):
        article = {"id": record.get("id"), "published": record.get("published")}
        for kind, columns in COLUMNS.items():
            for item in record.get(kind) or ():
                row = {**article, **BOOLEANS, **item}
                if "mentions" in columns:
                    row.update(_first_mention(item.get("mentions") or []))
                rows[kind].append(row)
    return Frames(**{kind: pd.DataFrame(rows[kind], columns=list(columns))
                     .astype({c: t for c, t in DTYPES[kind].items() if c in columns})
                     for kind, columns in COLUMNS.items()})


def read_jsonl(path: Union[str, os.PathLike]) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines file (blank lines skipped)."""
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _records(digests: Iterable[DigestLike]) -> Iterator[dict[str, Any]]:
    for d in digests:
        if isinstance(d, Digest):
            yield d.to_dict()
        elif isinstance(d, dict):
            if "error" not in d:
                yield d
        else:
            raise TypeError(f"to_frames takes Digest objects or dicts, not {type(d).__name__}")


def _first_mention(mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """The mention list as its count and its first mention."""
    first = min(mentions, key=lambda m: m["start"]) if mentions else {}
    return {"mentions": len(mentions), "first_start": first.get("start"),
            "first_end": first.get("end"), "first_text": first.get("text")}
