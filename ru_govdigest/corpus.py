"""The corpus view: who, where and which figures across many digests.

    corpus = Corpus.from_jsonl("digests.jsonl")       # or Corpus(digests)
    corpus.officials()    # one row per person, the spellings of all articles merged
    corpus.regions()      # per region: articles, primary in, officials, indicators
    corpus.indicators()   # every figure with its region and date filled in, base units
    corpus.timeline(region="RU-MOW", subject="ставка")

A person's key is the nominative full name, folded (lower case, ``ё`` read as ``е``, Latin
letters that look Cyrillic read as Cyrillic inside a Cyrillic word): ``петров иван
сергеевич``. Mentions are joined in three steps, each only when unambiguous within the
corpus: when one person fits, or one holds ``DOMINANT_SHARE`` (90%) of the articles of all
that fit, so that a misread «Мистер Трамп» in one article does not split a hundred «Трамп»
from «Дональд Трамп»:

1. a full name without patronymic joins the full name with the same first name and
   surname that has a patronymic (only when the corpus gives one patronymic, not two);
2. initials and a surname (``И. С. Петров``) join the full name whose first name (and
   patronymic, when known) starts with them;
3. a surname alone joins the person with that surname, written in full or with initials.

Anything ambiguous keeps a key of its own (``петров`` when the corpus has an Иван and a
Пётр Петров in as many articles), so no mention is dropped and no two people are merged
on a guess. Surnames are compared as the digests give them, in the nominative, so Петров
and Петрова stay two.

Each article has a date: its ``published`` date, else the latest day named in its text.
Indicators and officials take their own ``region`` and ``date`` first, else the article's
primary region and date; ``region_source`` and ``date_source`` say which.
Needs pandas (``pip install "ru_govdigest[pandas]"``).
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Union

from .digest import Digest, Official
from .resources import read_tsv

if TYPE_CHECKING:
    import pandas as pd

# Latin letters that look like Cyrillic ones, after lower-casing (В, Н, К, М, Т, Р, С...).
_LOOKALIKES = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_CYRILLIC = re.compile(r"[а-яё]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_INITIAL = re.compile(r"([^\W\d_])\.")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_PRECISIONS = ("day", "datetime")  # dates that can stand for when an article was written
# A short form joins the full name written in at least this share of the articles that
# write a full name it fits (see ``_dominant``).
DOMINANT_SHARE = 0.9


def fold(text: str) -> str:
    """The comparison form of a name, position or subject: lower case, ``ё`` as ``е``, one
    kind of dash and space, Latin look-alike letters read as Cyrillic inside a word that has
    a Cyrillic letter (``Ивaнов`` with a Latin ``a``)."""
    words = []
    for word in _DASHES.sub("-", text.lower().replace("ё", "е")).split():
        if _CYRILLIC.search(word):
            word = word.translate(_LOOKALIKES)
        words.append(word)
    return " ".join(words)


@dataclass(frozen=True)
class NameForm:
    """One way a person is written, folded: the parts the digest gives."""

    last: str
    first: Optional[str] = None  # a whole first name
    middle: Optional[str] = None  # a whole patronymic
    initials: str = ""  # the initials written instead of the first name (and patronymic)

    @classmethod
    def of(cls, official: Official) -> "NameForm":
        if not official.last_name:  # a name the extractor could not split: itself
            return cls(last=fold(official.name))
        first = _whole(official.first_name)
        initials = ""
        if first is None:
            surname = fold(official.last_name)
            initials = "".join(letter for word in fold(official.name).split() if word != surname
                               for letter in _INITIAL.findall(word))
        return cls(last=fold(official.last_name), first=first,
                   middle=_whole(official.middle_name), initials=initials)


def _whole(part: Optional[str]) -> Optional[str]:
    """A folded name part, unless it is missing or only an initial."""
    if not part or len(part.rstrip(".")) < 2:
        return None
    return fold(part)


def person_keys(forms: "Counter[NameForm]") -> dict[NameForm, str]:
    """The person key of every name form; ``forms`` counts the articles each is written in
    (the module docstring gives the rules)."""
    full = [f for f in forms if f.first]
    middles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in full:
        if f.middle:
            middles[(f.last, f.first)].add(f.middle)

    keys: dict[NameForm, str] = {}
    # Per surname, the persons written in full: key -> (first name, patronymic or None),
    # and the number of articles that write each.
    full_persons: dict[str, dict[str, tuple[str, Optional[str]]]] = defaultdict(dict)
    weight: Counter = Counter()
    for f in full:
        known = middles[(f.last, f.first)]
        middle = f.middle or (next(iter(known)) if len(known) == 1 else None)
        keys[f] = _key(f.last, f.first, middle)
        full_persons[f.last][keys[f]] = (f.first, middle)
        weight[keys[f]] += forms[f]

    initial_keys: dict[str, set[str]] = defaultdict(set)
    for f in forms:
        if f.first or not f.initials:
            continue
        candidates = [key for key, (first, middle) in full_persons[f.last].items()
                      if first.startswith(f.initials[0])
                      and (len(f.initials) < 2 or middle is None or middle.startswith(f.initials[1]))]
        keys[f] = _dominant(candidates, weight) or _key(f.last, *f.initials)
        initial_keys[f.last].add(keys[f])
        weight[keys[f]] += forms[f]

    for f in forms:
        if f not in keys:
            candidates = sorted(set(full_persons[f.last]) | initial_keys[f.last])
            keys[f] = _dominant(candidates, weight) or f.last
    return keys


def _dominant(candidates: list[str], weight: "Counter[str]") -> Optional[str]:
    """The candidate that holds ``DOMINANT_SHARE`` of the articles of all candidates: the
    only one, or one beside which the others are rare (a misread name such as «Мистер
    Трамп» beside a hundred «Дональд Трамп» leaves «Трамп» unambiguous)."""
    if not candidates:
        return None
    best = max(candidates, key=lambda key: (weight[key], key))
    total = sum(weight[key] for key in candidates)
    return best if weight[best] >= DOMINANT_SHARE * total else None


def _key(*parts: Optional[str]) -> str:
    return " ".join(part for part in parts if part)


def article_date(digest: Digest) -> Optional[str]:
    """The day an article stands for (ISO): its ``published`` day, else the latest day its
    text names (a year or a period says when something happens, not when it was written)."""
    if digest.published and _ISO_DAY.match(digest.published):
        return digest.published[:10]
    days = [d.value[:10] for d in digest.dates
            if d.precision in _DAY_PRECISIONS and _ISO_DAY.match(d.value)]
    return max(days, default=None)


def primary_region(digest: Digest) -> Optional[str]:
    return next((r.code for r in digest.regions if r.primary), None)


def period_start(value: Optional[str]) -> Optional[str]:
    """The first day of an ISO date, month, year or interval: ``2024-07`` -> ``2024-07-01``."""
    if not value:
        return None
    start = value.split("/", 1)[0][:10]
    return {4: start + "-01-01", 7: start + "-01", 10: start}.get(len(start))


@lru_cache(maxsize=None)
def base_units() -> dict[str, tuple[str, float]]:
    """unit -> (base unit, factor), from ``models/base_units.tsv``."""
    return {unit: (base, float(factor)) for unit, base, factor in read_tsv("base_units.tsv")}


@lru_cache(maxsize=None)
def region_names() -> dict[str, str]:
    """ISO code -> canonical name, from the regions gazetteer."""
    return {code: name for kind, code, name, *_ in read_tsv("regions.tsv") if kind == "canonical"}


Record = Union[Digest, dict]


class Corpus:
    """The digests of many articles and the tables across them. Error records
    (``{"id": ..., "error": ...}``) are kept apart in ``errors``; tables are built on first
    use and returned as copies, so changing one changes nothing here."""

    def __init__(self, digests: Iterable[Record]):
        kept: list[Digest] = []
        errors: list[tuple[Optional[str], str]] = []
        for item in digests:
            if isinstance(item, Digest):
                kept.append(item)
            elif not isinstance(item, dict):
                raise TypeError(f"Corpus takes Digest objects or dicts, not {type(item).__name__}")
            elif "error" in item:
                errors.append((item.get("id"), str(item["error"])))
            else:
                try:
                    kept.append(Digest.from_dict(item))
                except (TypeError, ValueError, KeyError, AttributeError) as exc:
                    errors.append((item.get("id"), f"not a digest record: {exc}"))
        self.digests: tuple[Digest, ...] = tuple(kept)
        self.errors: tuple[tuple[Optional[str], str], ...] = tuple(errors)

    @classmethod
    def from_jsonl(cls, path: Union[str, os.PathLike]) -> "Corpus":
        """The digests of a JSON Lines file (``govdigest extract`` output). A line that is
        not a JSON object becomes an error record naming the line; blank lines are skipped."""
        return cls(_read_records(Path(path)))

    def __len__(self) -> int:
        return len(self.digests)

    def __repr__(self) -> str:
        return f"Corpus({len(self.digests)} articles, {len(self.errors)} errors)"

    # -- tables ------------------------------------------------------------------------
    def articles(self) -> "pd.DataFrame":
        """One row per article: its date, primary region and number of items."""
        return self._articles.copy()

    def official_mentions(self) -> "pd.DataFrame":
        """One row per official of each article, with the ``key`` of the person it is."""
        return self._official_mentions.copy()

    def officials(self) -> "pd.DataFrame":
        """One row per person across articles, most written about first: the fullest
        ``name`` seen, every position (most frequent first), the number of articles and
        their ids, the first and last day seen, the regions and the spellings merged."""
        return self._officials.copy()

    def regions(self) -> "pd.DataFrame":
        """One row per region: articles naming it, articles where it is primary, mentions,
        persons whose region it is, indicators that belong to it."""
        return self._regions.copy()

    def indicators(self) -> "pd.DataFrame":
        """One row per indicator, its region and date filled in from the article when it has
        none, ``value`` (and ``value_max``, ``of_total``) in base units (``unit``; the
        digest's own in ``value_as_written``, ``unit_as_written``), ``when`` the first day
        of its date: ready for ``pivot_table``."""
        return self._indicators.copy()

    def timeline(self, region: Optional[str] = None, subject: Optional[str] = None) -> "pd.DataFrame":
        """Indicator rows that have a date, oldest first, for plotting. ``region``: an ISO
        code or a canonical name; ``subject``: words the subject contains (compared folded)."""
        rows = self._indicators
        if region is not None:
            rows = rows[(rows["region"] == region) | (rows["region_name"] == region)]
        if subject is not None:
            needle = fold(subject)
            rows = rows[rows["subject"].map(lambda s: isinstance(s, str) and needle in fold(s))
                        .astype(bool)]
        columns = ["when", "date", "region", "subject", "kind", "qualifier", "value", "unit",
                   "text", "id"]
        return (rows.dropna(subset=["when"]).sort_values("when", kind="stable")[columns]
                .reset_index(drop=True))

    # -- building ----------------------------------------------------------------------
    @cached_property
    def _dates(self) -> list[Optional[str]]:
        return [article_date(d) for d in self.digests]

    @cached_property
    def _articles(self) -> "pd.DataFrame":
        pd = _pandas()
        rows = [{"id": d.id, "published": d.published, "date": date,
                 "primary": primary_region(d), "regions": len(d.regions),
                 "officials": len(d.officials), "dates": len(d.dates),
                 "indicators": len(d.indicators)}
                for d, date in zip(self.digests, self._dates)]
        frame = pd.DataFrame(rows, columns=["id", "published", "date", "primary", "regions",
                                            "officials", "dates", "indicators"])
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
        return frame

    @cached_property
    def _mention_rows(self) -> list[dict[str, Any]]:
        forms = [[NameForm.of(o) for o in d.officials] for d in self.digests]
        keys = person_keys(Counter(form for article in forms for form in set(article)))
        rows = []
        for d, date, article_forms in zip(self.digests, self._dates, forms):
            primary = primary_region(d)
            for official, form in zip(d.officials, article_forms):
                region, source = _resolved(official.region, primary)
                rows.append({"id": d.id, "date": date, "key": keys[form], "name": official.name,
                             "last_name": official.last_name, "first_name": official.first_name,
                             "middle_name": official.middle_name, "position": official.position,
                             "organization": official.organization, "region": region,
                             "region_source": source, "mentions": len(official.mentions)})
        return rows

    @cached_property
    def _official_mentions(self) -> "pd.DataFrame":
        pd = _pandas()
        frame = pd.DataFrame(self._mention_rows, columns=list(_OFFICIAL_MENTION_COLUMNS))
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
        return frame.astype({"mentions": "int64"})

    @cached_property
    def _officials(self) -> "pd.DataFrame":
        pd = _pandas()
        people: dict[str, _Person] = {}
        for row in self._mention_rows:
            people.setdefault(row["key"], _Person()).add(row)
        frame = pd.DataFrame([person.row(key) for key, person in people.items()],
                             columns=list(_OFFICIAL_COLUMNS))
        frame = frame.astype({"articles": "int64", "mentions": "int64"})
        for column in ("first_seen", "last_seen"):
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        return frame.sort_values(["articles", "mentions", "key"], ascending=[False, False, True],
                                 kind="stable").reset_index(drop=True)

    @cached_property
    def _indicators(self) -> "pd.DataFrame":
        pd = _pandas()
        names = self._region_names
        units = base_units()
        rows = []
        for d, article_day in zip(self.digests, self._dates):
            primary = primary_region(d)
            for i in d.indicators:
                region, region_source = _resolved(i.region, primary)
                date, date_source = _resolved(i.date, article_day)
                unit, factor = units.get(i.unit, (i.unit, 1.0)) if i.unit else (None, 1.0)
                rows.append({
                    "id": d.id, "published": d.published, "text": i.text, "start": i.start,
                    "end": i.end, "value": i.value * factor,
                    "value_max": None if i.value_max is None else i.value_max * factor,
                    "of_total": None if i.of_total is None else i.of_total * factor,
                    "unit": unit, "value_as_written": i.value, "unit_as_written": i.unit,
                    "kind": i.kind, "qualifier": i.qualifier, "subject": i.subject,
                    "region": region, "region_name": names.get(region), "region_source": region_source,
                    "date": date, "date_source": date_source, "when": period_start(date)})
        frame = pd.DataFrame(rows, columns=list(_INDICATOR_COLUMNS))
        frame["when"] = pd.to_datetime(frame["when"], format="%Y-%m-%d", errors="coerce")
        return frame.astype({"value": "float64", "value_max": "float64", "of_total": "float64",
                             "value_as_written": "float64", "start": "Int64", "end": "Int64"})

    @cached_property
    def _region_names(self) -> dict[str, str]:
        names = dict(region_names())
        for d in self.digests:
            for r in d.regions:
                names.setdefault(r.code, r.name)
        return names

    @cached_property
    def _regions(self) -> "pd.DataFrame":
        pd = _pandas()
        counts: dict[str, Counter] = defaultdict(Counter)
        for d in self.digests:
            for r in d.regions:
                counts[r.code]["articles"] += 1
                counts[r.code]["primary"] += r.primary
                counts[r.code]["mentions"] += len(r.mentions)
        persons: dict[str, set[str]] = defaultdict(set)
        for row in self._mention_rows:
            if row["region"]:
                persons[row["region"]].add(row["key"])
        for code, keys in persons.items():
            counts[code]["officials"] = len(keys)
        for code, figures in self._indicators["region"].value_counts().items():
            counts[code]["indicators"] = figures
        columns = ["articles", "primary", "mentions", "officials", "indicators"]
        rows = [{"code": code, "name": self._region_names.get(code, code),
                 **{c: int(n[c]) for c in columns}} for code, n in counts.items()]
        frame = pd.DataFrame(rows, columns=["code", "name", *columns])
        return frame.sort_values(["articles", "indicators", "code"], ascending=[False, False, True],
                                 kind="stable").reset_index(drop=True)


_OFFICIAL_MENTION_COLUMNS = ("id", "date", "key", "name", "last_name", "first_name", "middle_name",
                             "position", "organization", "region", "region_source", "mentions")
_OFFICIAL_COLUMNS = ("key", "name", "last_name", "first_name", "middle_name", "position",
                     "positions", "articles", "article_ids", "first_seen", "last_seen", "regions",
                     "spellings", "mentions")
_INDICATOR_COLUMNS = ("id", "published", "text", "start", "end", "value", "value_max", "of_total",
                      "unit", "value_as_written", "unit_as_written", "kind", "qualifier", "subject",
                      "region", "region_name", "region_source", "date", "date_source", "when")


class _Person:
    """What the articles say about one person, gathered row by row."""

    def __init__(self) -> None:
        self.names: Counter = Counter()  # (name, last, first, middle) -> times
        self.positions: dict[str, Counter] = defaultdict(Counter)  # folded -> spellings
        self.articles: list[str] = []
        self.days: list[str] = []  # ISO days
        self.regions: Counter = Counter()
        self.mentions = 0

    def add(self, row: dict[str, Any]) -> None:
        self.names[(row["name"], row["last_name"], row["first_name"], row["middle_name"])] += 1
        if row["position"]:
            self.positions[fold(row["position"])][row["position"]] += 1
        if not self.articles or self.articles[-1] != row["id"]:
            self.articles.append(row["id"])
        if row["date"]:
            self.days.append(row["date"])
        if row["region"]:
            self.regions[row["region"]] += 1
        self.mentions += row["mentions"]

    def row(self, key: str) -> dict[str, Any]:
        # The fullest name: a whole first name and patronymic beat initials, then frequency.
        (name, last, first, middle), _ = max(
            self.names.items(),
            key=lambda item: (_whole(item[0][2]) is not None, _whole(item[0][3]) is not None,
                              item[1]))
        positions = sorted(self.positions.values(), key=lambda spellings: -sum(spellings.values()))
        positions = [spellings.most_common(1)[0][0] for spellings in positions]
        return {"key": key, "name": name, "last_name": last, "first_name": first,
                "middle_name": middle, "position": positions[0] if positions else None,
                "positions": positions, "articles": len(set(self.articles)),
                "article_ids": list(dict.fromkeys(self.articles)),
                "first_seen": min(self.days, default=None), "last_seen": max(self.days, default=None),
                "regions": [code for code, _ in self.regions.most_common()],
                "spellings": [n for (n, *_), _ in self.names.most_common()],
                "mentions": self.mentions}


def _resolved(own: Optional[str], article: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """An item's own value, else the article's; and which of the two it is."""
    if own:
        return own, "own"
    if article:
        return article, "article"
    return None, None


def _read_records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                record = f"not JSON ({exc.msg})"
            if not isinstance(record, dict):
                detail = record if isinstance(record, str) else "not a JSON object"
                record = {"id": None, "error": f"{path.name} line {number}: {detail}"}
            yield record


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError("the corpus view needs pandas: pip install ru_govdigest[pandas]") from None
    return pandas
