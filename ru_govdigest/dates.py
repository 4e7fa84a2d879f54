"""Dates: calendar expressions as ISO values, anchored on the publication date.

One mechanism: every token of a sentence becomes one symbol (``d`` a day number, ``m`` a
month word, ``y`` a year, ``g`` the word год, ``q`` квартал, ``с``/``п`` the prepositions of
a period, ...), and a table of patterns over the symbol string names each expression and
the function that computes its value. At each position the longest pattern whose builder
accepts the tokens wins. The words behind the symbols are data (``models/dates.tsv``).

Year-less days and months take the publication year, else the nearest explicit year of
the same sentence, else stay year-less (``--10-01``). Relative expressions (``в прошлом
году``, ``вчера``) are resolved only when the publication date is known.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Optional, Sequence, Union

from .digest import DateMention
from .document import Document, Token
from .resources import read_tsv

_NUMERIC_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_YEAR = re.compile(r"^\d{4}(?:-(?:м|й|го|му|ом))?$")  # 2022, в 2027-м
_YEAR_RANGE = re.compile(r"^(\d{4})[–-](\d{4})$")
_DECADE = re.compile(r"^(\d{3}0)-(?:х|е|ых|ые)$")
_DAY = re.compile(r"^(\d{1,2})(?:-(?:го|е|ое|м|му))?$")
_PUNCT = {".": ".", ":": ":", ",": ",", "-": "-", "–": "-"}
_PREPOSITIONS = {"с": "с", "со": "с", "по": "п", "в": "в", "во": "в"}
# Words after which a bare four-digit number is a year (в 2020, с 2014 и ...).
_YEAR_CONTEXT = frozenset("в во с со до к ко по за от на после начала конца середины "
                          "итогам году года".split())
_AFTER_BARE_YEAR = frozenset("и или а но".split())
_FIRST_YEAR, _LAST_YEAR = 1000, 2100
_CLASS_SYMBOL = {"month": "m", "ordinal": "o", "yearword": "g", "relyear": "z",
                 "relday": "Z", "boundary": "b"}
_PERIOD_SYMBOL = {"quarter": "q", "half": "f", "months": "M", "century": "c"}

Value = tuple[str, str]  # (ISO value, precision)
# A builder returns a value, None (the pattern does not apply: try a shorter one) or
# SKIP (the tokens are a date expression that cannot be resolved: consume, emit nothing).
SKIP = ("", "")


@dataclass(frozen=True)
class _Match:
    first: int  # token indices into the sentence, end exclusive
    last: int
    value: str
    precision: str
    relative: bool = False
    yearless: bool = False  # month/day without a year: resolved after the sentence pass


class _Context:
    """What builders read: the sentence's tokens, the word table, the publication date."""

    def __init__(self, toks: Sequence[Token], words: dict, published: Optional[date]):
        self.toks = toks
        self.words = words
        self.published = published

    def num(self, i: int) -> int:
        m = _DAY.match(self.toks[i].text)
        return int(m.group(1)) if m else int(self.toks[i].text)

    def word(self, i: int) -> int:
        """The number a word stands for (month, ordinal, roman numeral, offset)."""
        return int(self.words[_word_key(self.toks[i], self.words)][1])


def _word_key(tok: Token, words: dict) -> Optional[str]:
    if tok.text in words:  # roman numerals and exact forms
        return tok.text
    low = tok.lower
    if low in words:
        return low
    for lemma in tok.lemmas:
        if lemma in words:
            return lemma
    return None


# -- value helpers ------------------------------------------------------------------------
def _day(y: int, m: int, d: int) -> Optional[str]:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _year_of(tok: Token) -> int:
    return int(tok.text[:4])


def _year_ok(y: int) -> bool:
    return _FIRST_YEAR <= y <= _LAST_YEAR


def _positions(syms: str, pattern: str) -> list[int]:
    """Token offsets (within the match) of each occurrence of the symbols in ``pattern``."""
    return [i for i, s in enumerate(syms) if s in pattern]


# -- builders: (ctx, i, syms) -> Value | None | SKIP; i is the match start, syms its symbols
def _b_numeric(ctx: _Context, i: int, syms: str):
    day, month, year = map(int, _NUMERIC_DATE.match(ctx.toks[i].text).groups())
    value = _day(year, month, day) if _year_ok(year) else None
    if value is None:
        return None
    colon = syms.find(":")
    if colon > 0:
        return _with_time(ctx, value, i + colon - 1, i + colon + 1)
    return value, "day"


def _with_time(ctx: _Context, value: str, hi: int, mi: int):
    hh, mm = ctx.toks[hi].text, ctx.toks[mi].text
    if len(mm) != 2 or not (hh.isdigit() and mm.isdigit()) or int(hh) > 23 or int(mm) > 59:
        return None
    return f"{value}T{int(hh):02d}:{mm}", "datetime"


def _b_date(ctx: _Context, i: int, syms: str):
    d, m, y = (i + syms.index("d"), i + syms.index("m"), i + syms.index("y"))
    year = _year_of(ctx.toks[y])
    value = _day(year, ctx.word(m), ctx.num(d)) if _year_ok(year) else None
    if value is None:
        return None
    colon = syms.find(":")
    if colon > 0:
        return _with_time(ctx, value, i + colon - 1, i + colon + 1)
    return value, "day"


def _b_day_month(ctx: _Context, i: int, syms: str):
    day, month = ctx.num(i), ctx.word(i + 1)
    if _day(2000, month, day) is None:  # a leap year: 29 февраля is a date
        return None
    return f"--{month:02d}-{day:02d}", "day"


def _b_month_year(ctx: _Context, i: int, syms: str):
    year = _year_of(ctx.toks[i + 1])
    return (f"{year}-{ctx.word(i):02d}", "month") if _year_ok(year) else None


def _b_month(ctx: _Context, i: int, syms: str):
    return f"--{ctx.word(i):02d}", "month"


def _b_day_range(ctx: _Context, i: int, syms: str):
    """с 1 по 15 марта [2024 года], с 1 января по 31 марта 2024 года, 1–15 марта."""
    days = [i + k for k in _positions(syms, "d")]
    months = [i + k for k in _positions(syms, "m")]
    years = [i + k for k in _positions(syms, "y")]
    m1, m2 = ctx.word(months[0]), ctx.word(months[-1])
    d1, d2 = ctx.num(days[0]), ctx.num(days[1])
    if not years:
        if _day(2000, m1, d1) is None or _day(2000, m2, d2) is None:
            return None
        return f"--{m1:02d}-{d1:02d}/--{m2:02d}-{d2:02d}", "interval"
    year = int(ctx.toks[years[0]].text)
    a, b = _day(year, m1, d1), _day(year, m2, d2)
    return (f"{a}/{b}", "interval") if a and b and a <= b else None


def _b_month_range(ctx: _Context, i: int, syms: str):
    """с января по март 2023 года."""
    months = [i + k for k in _positions(syms, "m")]
    year = _year_of(ctx.toks[i + syms.index("y")])
    m1, m2 = ctx.word(months[0]), ctx.word(months[1])
    if not _year_ok(year) or m1 > m2:
        return None
    return f"{year}-{m1:02d}-01/{year}-{m2:02d}-{_last_day(year, m2):02d}", "interval"


def _b_year_range(ctx: _Context, i: int, syms: str):
    """с 2014 по 2016 год, 2019–2023 годах, 2022 – 2023 годы."""
    if "R" in syms:
        y1, y2 = map(int, _YEAR_RANGE.match(ctx.toks[i + syms.index("R")].text).groups())
    else:
        y1, y2 = (_year_of(ctx.toks[i + k]) for k in _positions(syms, "y"))
    if not (_year_ok(y1) and _year_ok(y2) and y1 < y2):
        return None
    return f"{y1}/{y2}", "interval"


def _b_quarter(ctx: _Context, i: int, syms: str):
    n = ctx.num(i) if syms[0] == "d" else ctx.word(i)
    year = _year_of(ctx.toks[i + 2])
    if not (1 <= n <= 4 and _year_ok(year)):
        return None
    first, last = 3 * n - 2, 3 * n
    return f"{year}-{first:02d}-01/{year}-{last:02d}-{_last_day(year, last):02d}", "quarter"


def _b_half(ctx: _Context, i: int, syms: str):
    n = ctx.num(i) if syms[0] == "d" else ctx.word(i)
    year = _year_of(ctx.toks[i + 2])
    if n not in (1, 2) or not _year_ok(year):
        return None
    return (f"{year}-01-01/{year}-06-30" if n == 1 else f"{year}-07-01/{year}-12-31"), "half"


def _b_months_of_year(ctx: _Context, i: int, syms: str):
    """11 месяцев 2022 г.: from January to the end of the eleventh month."""
    n, year = ctx.num(i), _year_of(ctx.toks[i + 2])
    if not (1 <= n <= 12 and _year_ok(year)):
        return None
    return f"{year}-01-01/{year}-{n:02d}-{_last_day(year, n):02d}", "interval"


def _b_decade(ctx: _Context, i: int, syms: str):
    start = int(_DECADE.match(ctx.toks[i].text).group(1))
    return (f"{start}/{start + 9}", "interval") if _year_ok(start) else None


def _b_century(ctx: _Context, i: int, syms: str):
    n = ctx.word(i)
    return f"{(n - 1) * 100 + 1:04d}/{n * 100:04d}", "interval"


def _b_year(ctx: _Context, i: int, syms: str):
    year = _year_of(ctx.toks[i])
    return (str(year), "year") if _year_ok(year) else None


def _b_bare_year(ctx: _Context, i: int, syms: str):
    """A four-digit number without год counts only where a year is expected."""
    year = _year_of(ctx.toks[i])
    prev = ctx.toks[i - 1].lower if i > 0 else ""
    nxt = ctx.toks[i + 1] if i + 1 < len(ctx.toks) else None
    if not (1700 <= year <= _LAST_YEAR and prev in _YEAR_CONTEXT):
        return None
    if nxt is not None and nxt.is_word and nxt.lower not in _AFTER_BARE_YEAR:
        return None
    if nxt is not None and nxt.text in ("%", "-", "–"):
        return None
    return str(year), "year"


def _b_relative_year(ctx: _Context, i: int, syms: str):
    """в прошлом году, в конце прошлого года, до конца года, в ноябре прошлого года."""
    if ctx.published is None:
        return SKIP
    z = syms.find("z")
    year = ctx.published.year + (ctx.word(i + z) if z >= 0 else 0)
    m = syms.find("m")
    if m >= 0:
        return f"{year}-{ctx.word(i + m):02d}", "month"
    return str(year), "year"


def _b_relative_month(ctx: _Context, i: int, syms: str):
    """в прошлом месяце, в следующем месяце."""
    if ctx.published is None:
        return SKIP
    total = ctx.published.year * 12 + ctx.published.month - 1 + ctx.word(i)
    return f"{total // 12}-{total % 12 + 1:02d}", "month"


def _b_relative_day(ctx: _Context, i: int, syms: str):
    """вчера, сегодня, завтра."""
    if ctx.published is None:
        return SKIP
    return (ctx.published + timedelta(days=ctx.word(i))).isoformat(), "day"


Builder = Callable[[_Context, int, str], Union[Value, None]]
_Y = r"y(?:g\.?)?"  # a year, with or without год / г.
# (name, pattern over symbols, builder, relative). Longest match wins; ties go to the first.
PATTERNS: tuple[tuple[str, str, Builder, bool], ...] = (
    ("numeric datetime", r"N(?:g\.?)?,?в?d:d", _b_numeric, False),
    ("numeric date", r"N(?:g\.?)?", _b_numeric, False),
    ("datetime", r"dmyg?\.?,?в?d:d", _b_date, False),
    ("date", r"dm" + _Y, _b_date, False),
    ("day range", r"сdm?пdm(?:" + _Y + ")?|d-dm(?:" + _Y + ")?", _b_day_range, False),
    ("month range", r"сmпm" + _Y + "|m-m" + _Y, _b_month_range, False),
    ("year range", r"сy(?:g\.?)?пyg\.?|(?:R|y-y)g\.?", _b_year_range, False),
    ("quarter", r"[odr]q" + _Y, _b_quarter, False),
    ("half", r"[od]f" + _Y, _b_half, False),
    ("months of a year", r"dM" + _Y, _b_months_of_year, False),
    ("decade", r"kg", _b_decade, False),
    ("century", r"rc", _b_century, False),
    ("year", r"yg\.?", _b_year, False),
    ("bare year", r"y", _b_bare_year, False),
    ("month of a relative year", r"mzg", _b_relative_year, True),
    ("relative year", r"b?zg|bg", _b_relative_year, True),
    ("relative month", r"zM", _b_relative_month, True),
    ("relative day", r"Z", _b_relative_day, True),
    ("month and year", r"m" + _Y, _b_month_year, False),
    ("day and month", r"dm", _b_day_month, False),
    ("month", r"m", _b_month, False),
)
_COMPILED = tuple((name, re.compile(p), b, rel) for name, p, b, rel in PATTERNS)
# Symbols a pattern can begin with: matching is tried only there.
_STARTS = frozenset("NdсmRyorkzZb")
# A sentence needs one of these symbols to hold a date at all.
_TRIGGERS = frozenset("NyRkmzZbr")


class DateExtractor:
    """``(doc, published) -> (published, list[DateMention])``: the publication date the
    article states (an explicit ``published`` wins) and every date mention."""

    def __init__(self) -> None:
        self.words: dict[str, tuple[str, str]] = {
            word: (cls, value) for word, cls, *rest in read_tsv("dates.tsv")
            for value in [rest[0] if rest else ""]}
        # Case forms share their first two letters with the lemma (мая/май, году/год).
        self.prefixes = frozenset(word.lower()[:2] for word in self.words)

    def __call__(self, doc: Document, published: Optional[str] = None
                 ) -> tuple[Optional[str], list[DateMention]]:
        if published is None:
            published = _dateline_value(doc, self._scan(doc, None, _DATELINE_LINES))
        found = self._scan(doc, _parse_iso(published))
        mentions = []
        for si, matches in found:
            toks = doc.sentence_tokens(si)
            for m in matches:
                mention = doc.span_mention(toks[m.first:m.last])
                mentions.append(DateMention(mention.text, mention.start, mention.end,
                                            m.value, m.precision, m.relative))
        return published, mentions

    # -- scanning ------------------------------------------------------------------------
    def _scan(self, doc: Document, anchor: Optional[date],
              lines: Optional[int] = None) -> "DocMatches":
        out = []
        for si, sentence in enumerate(doc.sentences):
            if lines is not None and sentence.line >= lines:
                break
            if sentence.furniture:
                continue
            toks = doc.sentence_tokens(sentence)
            syms = "".join(self._symbol(t) for t in toks)
            if not _TRIGGERS.intersection(syms):
                continue
            matches = self._match(_Context(toks, self.words, anchor), syms)
            if matches:
                out.append((si, _resolve_years(matches, toks, anchor)))
        return out

    def _symbol(self, tok: Token) -> str:
        text = tok.text
        if text[0].isdigit():
            if _NUMERIC_DATE.match(text):
                return "N"
            if _YEAR.match(text):
                return "y"
            if _YEAR_RANGE.match(text):
                return "R"
            if _DECADE.match(text):
                return "k"
            return "d" if _DAY.match(text) else "x"
        if text in _PUNCT:
            return _PUNCT[text]
        low = tok.lower
        if low in _PREPOSITIONS:
            return _PREPOSITIONS[low]
        if not tok.is_word or low[:2] not in self.prefixes:
            return "x"  # no word of the table starts so: spare the morphology lookup
        key = _word_key(tok, self.words)
        if key is None:
            return "x"
        cls, value = self.words[key]
        if cls == "roman":
            return "r" if text.isupper() else "x"
        if cls == "period":
            return _PERIOD_SYMBOL[value]
        if cls == "month" and text.isupper() and len(text) > 1 and tok.lower == "май":
            return "x"  # МАЙ, an acronym, not the month
        return _CLASS_SYMBOL[cls]

    def _match(self, ctx: _Context, syms: str) -> list[_Match]:
        matches: list[_Match] = []
        i = 0
        while i < len(syms):
            if syms[i] not in _STARTS:
                i += 1
                continue
            best: Optional[tuple[int, Value, bool]] = None
            for _, pattern, builder, relative in _COMPILED:
                m = pattern.match(syms, i)
                if not m or (best and m.end() <= best[0]):
                    continue
                end = _drop_sentence_dot(ctx.toks, i, m.end())
                value = builder(ctx, i, syms[i:end])
                if value is not None:
                    best = (end, value, relative)
            if best is None:
                i += 1
                continue
            end, (value, precision), relative = best
            if value:
                matches.append(_Match(i, end, value, precision, relative,
                                      yearless=value.startswith("--")))
            i = end
        return matches


def _drop_sentence_dot(toks: Sequence[Token], first: int, end: int) -> int:
    """A final full stop belongs to the date only after the abbreviation г./гг."""
    if end - first > 1 and toks[end - 1].text == "." and toks[end - 2].lower not in ("г", "гг"):
        return end - 1
    return end


def _resolve_years(matches: list[_Match], toks: Sequence[Token],
                   anchor: Optional[date]) -> list[_Match]:
    """Give year-less days and months the publication year, else the nearest explicit
    year of the sentence."""
    years = [(m.first, m.value[:4]) for m in matches
             if not m.yearless and m.value[:4].isdigit()]
    out = []
    for m in matches:
        if m.yearless:
            year = str(anchor.year) if anchor else None
            if year is None and years:
                year = min(years, key=lambda fy: abs(fy[0] - m.first))[1]
            if year is not None:
                value = "/".join(year + part[1:] for part in m.value.split("/"))
                m = _Match(m.first, m.last, value, m.precision, m.relative)
        out.append(m)
    return out


def _parse_iso(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_DATELINE_LINES = 4  # a publication date stands in the first lines of a page


def _dateline_words(tok: Token) -> bool:
    return tok.is_word and tok.lower not in ("в", "года", "г")


DocMatches = list[tuple[int, list[_Match]]]


def _dateline_value(doc: Document, found: DocMatches) -> Optional[str]:
    """The date (and time) of a line near the top that holds little else."""
    for si, matches in found:
        sentence = doc.sentences[si]
        if sentence.line >= _DATELINE_LINES:
            break
        toks = doc.sentence_tokens(sentence)
        for m in matches:
            if m.precision not in ("day", "datetime") or m.yearless:
                continue
            rest = toks[:m.first] + toks[m.last:]
            if sum(_dateline_words(t) for t in rest) <= 1:
                return m.value
    return None
