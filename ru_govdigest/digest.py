"""The digest: typed, frozen results in the shape of the output contract (digest format v1).

Every field of FORMAT.md exists here with the same name and meaning. Lists are stored as
tuples so that a digest is immutable and hashable; ``to_dict`` turns them back into
lists, and ``from_dict`` reads what ``to_dict`` wrote (and the gold files, which lack
offsets).
"""
from __future__ import annotations

import json
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Optional

FORMAT_VERSION = 1

KINDS = ("count", "percent", "money", "score", "multiplier", "fraction", "other")
QUALIFIERS = ("exact", "more", "less", "at_least", "at_most", "approx", "almost")
PRECISIONS = ("day", "month", "quarter", "half", "year", "interval", "datetime")


@dataclass(frozen=True)
class Mention:
    """A span of the article: ``text == article[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Region:
    code: str  # ISO 3166-2, e.g. RU-VLG, UA-43
    name: str  # canonical nominative name, e.g. "Вологодская область"
    primary: bool = False
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Official:
    name: str  # fullest form in the text, nominative: "Дмитрий Краснов"
    last_name: Optional[str] = None
    first_name: Optional[str] = None
    middle_name: Optional[str] = None
    position: Optional[str] = None
    organization: Optional[str] = None
    region: Optional[str] = None  # ISO code when the position names a region
    mentions: tuple[Mention, ...] = ()
    # where the text words the position (as written: "заместителя губернатора"); two or
    # more when it is read from several places (a title before and after the name)
    position_mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    value: str  # ISO 8601: 2024-07-01, 2024-07, 2024, 2021-09-07T13:20, a/b intervals
    precision: str  # one of PRECISIONS
    relative: bool = False  # resolved from the publication date (в прошлом году)


@dataclass(frozen=True)
class Indicator:
    text: str
    start: int
    end: int
    value: float
    kind: str  # one of KINDS
    qualifier: str = "exact"  # one of QUALIFIERS
    unit: Optional[str] = None
    subject: Optional[str] = None
    value_max: Optional[float] = None
    of_total: Optional[float] = None
    region: Optional[str] = None
    date: Optional[str] = None


_MENTION_LISTS = frozenset(("mentions", "position_mentions"))
_ITEM_TYPES = {"regions": Region, "officials": Official, "dates": DateMention,
               "indicators": Indicator}


@dataclass(frozen=True)
class Digest:
    """One article's digest. ``error`` is set (and the lists empty) when the article could
    not be read or processed; ``meta["error_kind"]`` then says why (see ``batch``)."""

    id: Optional[str] = None
    published: Optional[str] = None
    regions: tuple[Region, ...] = ()
    officials: tuple[Official, ...] = ()
    dates: tuple[DateMention, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # The article itself, for display (``_repr_html_`` highlights the mentions in it).
    # Not part of the digest's value, and left out of ``to_dict`` unless asked for.
    text: Optional[str] = field(default=None, compare=False, repr=False)
    error: Optional[str] = None

    # -- serialization -------------------------------------------------------------
    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        """The digest as plain JSON types; the article ``text`` only when asked for (and
        known), to keep JSON Lines output lean. A failed article is an error record:
        ``{"id", "error"[, "meta"]}``."""
        if self.error is not None:
            record: dict[str, Any] = {"id": self.id, "error": self.error}
            if self.meta:
                record["meta"] = dict(self.meta)
            return record
        out: dict[str, Any] = {"id": self.id, "published": self.published}
        for key in _ITEM_TYPES:
            out[key] = [_item_to_dict(item) for item in getattr(self, key)]
        if self.meta:
            out["meta"] = dict(self.meta)
        if include_text and self.text is not None:
            out["text"] = self.text
        return out

    def to_json(self, **kwargs: Any) -> str:
        """Strict JSON (no ``NaN``/``Infinity``, which standard parsers reject)."""
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("allow_nan", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Digest":
        lists = {key: tuple(_item_from_dict(typ, item) for item in data.get(key) or ())
                 for key, typ in _ITEM_TYPES.items()}
        return cls(id=data.get("id"), published=data.get("published"),
                   meta=dict(data.get("meta") or {}), text=data.get("text"),
                   error=data.get("error"), **lists)

    @classmethod
    def from_json(cls, line: str) -> "Digest":
        return cls.from_dict(json.loads(line))

    # -- display ---------------------------------------------------------------------
    def __repr__(self) -> str:
        primary = next((r.code for r in self.regions if r.primary), None)
        if self.error is not None:
            return f"Digest(id={self.id!r}, error={self.error!r})"
        parts = [f"id={self.id!r}"]
        if self.published:
            parts.append(f"published={self.published}")
        parts.append(f"regions={[r.code for r in self.regions]}" +
                     (f" primary={primary}" if primary else ""))
        parts.append(f"officials={[o.name for o in self.officials]}")
        parts.append(f"dates={len(self.dates)}")
        parts.append(f"indicators={len(self.indicators)}")
        return "Digest(" + ", ".join(parts) + ")"

    def _repr_html_(self) -> str:
        from .display import digest_html  # imported lazily: only notebooks need it
        return digest_html(self)


def _item_to_dict(item: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name in _MENTION_LISTS:
            value = [{"start": m.start, "end": m.end, "text": m.text} for m in value]
        out[f.name] = value
    return out


def _item_from_dict(typ: type, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(typ)}
    kwargs = {k: v for k, v in data.items() if k in names}
    for key in _MENTION_LISTS & kwargs.keys():
        kwargs[key] = tuple(Mention(m["start"], m["end"], m["text"]) for m in kwargs[key] or ())
    # Gold items carry no offsets or names; fill required fields with neutral values.
    for f in fields(typ):
        if f.name not in kwargs and f.default is MISSING and f.default_factory is MISSING:
            kwargs[f.name] = -1 if f.name in ("start", "end") else ""
    return typ(**kwargs)
