"""Digests as one table: the rows ``govdigest extract -o items.csv|.parquet`` writes, the
DataFrames ``to_frames`` returns and the partitions ``dask.extract_dataframe`` computes.

One long table, one row per item, every row with its article's ``id`` and ``published``
and its ``type``: ``region``, ``official``, ``date``, ``indicator``; an article with no
item has one row of type ``none`` and a failed article one of type ``error``, so every
article is in the table. Each column has one type (``TABLE``) and one meaning:

=============  =======  ===========================================================
column         type     meaning
=============  =======  ===========================================================
id             string   the article's id
published      string   the article's publication date (ISO 8601)
type           string   region, official, date, indicator, none, error
code           string   region: ISO 3166-2 code
name           string   region: canonical name; official: full name (nominative)
primary        boolean  region: the article is about it
last_name ...  string   official: last_name, first_name, middle_name, position,
                        organization
region         string   official, indicator: the ISO code of their region
text           string   date, indicator: the span; region, official: the first mention
start, end     Int64    offsets of ``text`` in the article
mentions       Int64    region, official: how many mentions the article has
value          float64  indicator: the number (multiplier applied)
value_max      float64  indicator: the upper end of a range
of_total       float64  indicator: the whole of ``X из Y``
kind ...       string   indicator: kind, qualifier, unit, subject
date           string   date: its ISO value; indicator: the date it refers to
precision      string   date: day, month, quarter, half, year, interval, datetime
relative       boolean  date: resolved from the publication date
notes          string   the article's ``meta`` as ``key: value; ...`` (encoding, ...)
error          string   error: why the article has no digest
error_kind     string   error: input, timeout, crash or internal
=============  =======  ===========================================================

No cell holds JSON; an official's or a region's later mentions are in the JSON Lines
output only. ``to_frames`` gives the table and one view per kind of item:

    frames = to_frames(digests)     # Digests, records, or a .jsonl/.csv/.parquet file
    frames.indicators.pivot_table(index="region", columns="kind", values="value",
                                  aggfunc="count")
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

# (column, pandas dtype); pyarrow types follow from the pandas ones.
TABLE: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("published", "string"), ("type", "string"),
    ("code", "string"), ("name", "string"), ("primary", "boolean"),
    ("last_name", "string"), ("first_name", "string"), ("middle_name", "string"),
    ("position", "string"), ("organization", "string"), ("region", "string"),
    ("text", "string"), ("start", "Int64"), ("end", "Int64"), ("mentions", "Int64"),
    ("value", "float64"), ("value_max", "float64"), ("of_total", "float64"),
    ("kind", "string"), ("qualifier", "string"), ("unit", "string"), ("subject", "string"),
    ("date", "string"), ("precision", "string"), ("relative", "boolean"),
    ("notes", "string"), ("error", "string"), ("error_kind", "string"),
)
COLUMNS = tuple(name for name, _ in TABLE)
DTYPES = dict(TABLE)

# Record list -> row type, and the columns of each type's view.
ITEM_TYPES = {"regions": "region", "officials": "official", "dates": "date",
              "indicators": "indicator"}
ARTICLE = ("id", "published")
VIEWS = {
    "regions": ARTICLE + ("code", "name", "primary", "mentions", "text", "start", "end"),
    "officials": ARTICLE + ("name", "last_name", "first_name", "middle_name", "position",
                            "organization", "region", "mentions", "text", "start", "end"),
    "dates": ARTICLE + ("text", "start", "end", "date", "precision", "relative"),
    "indicators": ARTICLE + ("text", "start", "end", "value", "value_max", "of_total", "kind",
                             "qualifier", "unit", "subject", "region", "date"),
    "errors": ("id", "error", "error_kind"),
}
# What a row holds for fields a record may leave out (gold records have no mentions).
_DEFAULTS = {"region": {"primary": False, "mentions": 0}, "official": {"mentions": 0},
             "date": {"relative": False}}


# -- rows ------------------------------------------------------------------------------------
def record_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """A digest record (the JSON format) as table rows (see the module docstring)."""
    meta = dict(record.get("meta") or {})
    error_kind = meta.pop("error_kind", None)
    base = {"id": record.get("id"), "published": record.get("published"),
            "notes": notes(meta)}
    if "error" in record:
        return [{**base, "type": "error", "error": record["error"],
                 "error_kind": error_kind}]
    rows = []
    for key, kind in ITEM_TYPES.items():
        for item in record.get(key) or ():
            row = {**base, "type": kind, **_DEFAULTS.get(kind, {})}
            for field, value in item.items():
                if field == "mentions":
                    row.update(_first_mention(value or []))
                elif kind == "date" and field == "value":
                    row["date"] = value
                elif field in DTYPES:
                    row[field] = value
            rows.append(row)
    return rows or [{**base, "type": "none"}]


def notes(meta: dict[str, Any]) -> Any:
    """An article's ``meta`` as one line of text (None when empty)."""
    if not meta:
        return None
    return "; ".join(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
                     for key, value in meta.items())


def _first_mention(mentions: list[dict[str, Any]]) -> dict[str, Any]:
    first = min(mentions, key=lambda m: m["start"]) if mentions else {}
    return {"mentions": len(mentions), "text": first.get("text"), "start": first.get("start"),
            "end": first.get("end")}


# -- DataFrames --------------------------------------------------------------------------------
def table_frame(rows: Iterable[dict[str, Any]]) -> "pd.DataFrame":
    """Rows as the typed table (every column, in order, of its type)."""
    import pandas as pd
    return pd.DataFrame(list(rows), columns=list(COLUMNS)).astype(DTYPES)


@dataclass(frozen=True, eq=False)  # DataFrames have no single truth value to compare by
class Frames:
    """``table`` (every row) and one view of it per kind of item, each with the columns
    that kind uses (``VIEWS``): ``regions``, ``officials``, ``dates``, ``indicators`` and
    ``errors``; ``frames["regions"]`` works too."""

    table: "pd.DataFrame"
    regions: "pd.DataFrame"
    officials: "pd.DataFrame"
    dates: "pd.DataFrame"
    indicators: "pd.DataFrame"
    errors: "pd.DataFrame"

    @classmethod
    def of(cls, table: "pd.DataFrame") -> "Frames":
        views = {}
        for kind, columns in VIEWS.items():
            row_type = ITEM_TYPES.get(kind, "error")
            views[kind] = (table.loc[table["type"] == row_type, list(columns)]
                           .reset_index(drop=True))
        return cls(table=table, **views)

    def __getitem__(self, kind: str) -> "pd.DataFrame":
        if kind not in VIEWS and kind != "table":
            raise KeyError(kind)
        return getattr(self, kind)

    def __repr__(self) -> str:
        return "Frames(" + ", ".join(f"{kind}={len(self[kind])} rows" for kind in VIEWS) + ")"


def to_frames(digests: Union[Iterable[DigestLike], str, os.PathLike, "pd.DataFrame"]
              ) -> Frames:
    """``Frames`` of Digest objects, their dicts (JSONL records), a file the CLI wrote
    (``.jsonl``, ``.csv``, ``.parquet``) or the table as a DataFrame (a computed
    ``extract_dataframe``)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("to_frames needs pandas: pip install ru_govdigest[pandas]") from None
    if isinstance(digests, pd.DataFrame):
        return Frames.of(digests[list(COLUMNS)].astype(DTYPES).reset_index(drop=True))
    if isinstance(digests, (str, os.PathLike)):
        path = Path(digests)
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            return Frames.of(pd.read_parquet(path).astype(DTYPES))
        if suffix == ".csv":
            return Frames.of(read_csv_table(path))
        digests = read_jsonl(path)
    return Frames.of(table_frame(row for record in _records(digests)
                                 for row in record_rows(record)))


def read_csv_table(path: Union[str, os.PathLike]) -> "pd.DataFrame":
    """The table of a CSV file the CLI wrote (an empty cell is a missing value)."""
    import pandas as pd
    return pd.read_csv(path, dtype=DTYPES, keep_default_na=False, na_values=[""],
                       encoding="utf-8")[list(COLUMNS)]


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
            yield d
        else:
            raise TypeError(f"to_frames takes Digest objects or dicts, not {type(d).__name__}")
