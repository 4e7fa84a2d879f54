"""Dates: calendar expressions as ISO values, anchored on the publication date.

One mechanism: every token of a sentence becomes one symbol (``d`` a day number, ``m`` a
month word, ``y`` a year, ``g`` the word год, ``q`` квартал, ``с``/``п`` the prepositions of
a period, ...), and a table of patterns over the symbol string names each expression and
the function that computes its value. At each position the longest pattern whose builder
accepts the tokens wins. The words behind the symbols are data (``models/dates.tsv``).

Wherever a pattern takes a year it also takes a relative one (``в первом полугодии
прошлого года``, ``1 марта текущего года``): such a match is ``relative`` and is resolved
only when the publication date is known. Year-less days, months, quarters and halves take
the year of a coordinated expression (``в январе и феврале 2024 года``), else the
publication year, else the nearest explicit year of the same sentence, else stay year-less
(``--10-01``). Spans hold the tokens of the pattern: the prepositions of a period
(``с 1 по 15 марта``) and the words of a relative expression (``конца года``) are in,
other prepositions and the boundary words before an explicit year (``к концу``) are out.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable, Optional, Sequence, Union

from . import morph
from .digest import DateMention
from .document import Document, Token
from .resources import read_tsv

# Token shapes (a trailing comma is razdel's: "2024, 10:15" gives the token "2024,").
_NUMERIC_DATE = re.compile(r"^(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d\d)\.(\d\d)\.(\d\d)"
                           r"|(\d{4})-(\d\d)-(\d\d)),?$")  # 05.04.2024, 05.04.24, 2024-04-05
_YEAR = re.compile(r"^\d{4}(?:-(?:м|й|го|му|ом))?,?$")  # 2022, в 2027-м
_YEAR_RANGE = re.compile(r"^(\d{4})[–-](\d{4})$")  # 2019–2023
_YEAR_PAIR = re.compile(r"^(\d{4})/(\d{4}|\d\d)$")  # 2023/2024 учебный год, 2023/24
_DECADE = re.compile(r"^(\d{3}0)-(?:х|е|ых|ые)$")  # 1990-х, 2020-е
_SHORT_DECADE = re.compile(r"^([1-9]0)-(?:х|е|ых|ые)$")  # 90-х годов
_DAY = re.compile(r"^(\d{1,2})(?:-(?:го|е|ое|м|му))?,?$")
_DOT_TIME = re.compile(r"^(?:[01]?\d|2[0-3])\.[0-5]\d$")  # в 11.00, after a date only
_DAY_RANGE = re.compile(r"^(\d{1,2})[–-](\d{1,2})$")  # 15–17 мая
_PAIR = re.compile(r"^([^\W\d_]+)[–-]([^\W\d_]+)$")  # январь–сентябрь, XIX–XX
_ORDINAL_DAY_FORM = re.compile(r"(?:ого|его|ое|ее|ье)$")  # первого, третье (мая)
_ROMAN_LOOKALIKE = str.maketrans("ХхІі", "XxII")  # Cyrillic Х and І in roman numerals
_PUNCT = {".": ".", ":": ":", ",": ",", "-": "-", "–": "-"}
_PREPOSITIONS = {"с": "с", "со": "с", "по": "п", "до": "u", "в": "в", "во": "в", "и": "i",
                 "или": "i", "на": "н"}
# Words after which a bare four-digit number is a year (в 2020, с 2014 и ...).
_YEAR_CONTEXT = frozenset("в во с со до к ко по за от на после начала конца середины "
                          "итогам году года".split())
_AFTER_BARE_YEAR = frozenset("и или а но".split())
_FIRST_YEAR, _LAST_YEAR = 1000, 2100
_CLASS_SYMBOL = {"month": "m", "ordinal": "o", "cardinal": "n", "tens": "t", "yearword": "g",
                 "yearadj": "a", "relyear": "z", "relday": "Z", "boundary": "b"}
_PERIOD_SYMBOL = {"quarter": "q", "half": "f", "halfword": "h", "months": "M", "week": "W",
                  "century": "c"}
# Abbreviations whose full stop belongs to the date (2024 г., XX в., 2019–2023 гг.).
_ABBREVIATIONS = frozenset("г гг в вв кв".split())
# Words of a dateline besides its date (Дата публикации: 05.04.2024 10:15; Новости от
# 18.04.2024).
_DATELINE_LABELS = frozenset("в года г от дата публикации опубликовано размещено добавлено "
                             "обновлено создано".split())

Value = tuple[str, str]  # (ISO value, precision)
# A builder returns a value, None (the pattern does not apply: try a shorter one) or
# SKIP (the tokens are a date expression that cannot be resolved: consume, emit nothing).
SKIP = ("", "")


class _Unresolved(Exception):
    """A relative word met without a publication date: the builder's answer is SKIP."""


@dataclass(frozen=True)
class _Match:
    first: int  # token indices into the sentence, end exclusive
    last: int
    value: str
    precision: str
    relative: bool = False
    yearless: bool = False  # no year: resolved after the sentence pass


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
        return int(self.words[_word_key(self.toks[i].text, self.words)][1])

    def pair(self, i: int) -> tuple[int, int]:
        """The two numbers of a dash-joined token (январь–сентябрь, XIX–XX)."""
        a, b = _PAIR.match(self.toks[i].text).groups()
        return int(_lookup(a, self.words)[1]), int(_lookup(b, self.words)[1])

    def anchor(self) -> date:
        if self.published is None:
            raise _Unresolved
        return self.published

    def year(self, i: int) -> int:
        """An explicit year (2024, 2024-м) or a relative one (прошлого года)."""
        if self.toks[i].text[0].isdigit():
            return int(self.toks[i].text[:4])
        return self.anchor().year + self.word(i)

    # The parts of a matched expression, in order, by the symbols of the match.
    def years(self, i: int, syms: str) -> list[int]:
        return [self.year(i + k) for k, s in enumerate(syms) if s in "yz"]

    def months(self, i: int, syms: str) -> list[int]:
        out: list[int] = []
        for k, s in enumerate(syms):
            if s == "m":
                out.append(self.word(i + k))
            elif s == "P":
                out.extend(self.pair(i + k))
        return out

    def days(self, i: int, syms: str) -> Optional[list[int]]:
        """Day numbers: digits (5, 5-го), a day range token (15–17), ordinal words
        (первого, двадцать пятого); None when an ordinal is not in a day's form."""
        out: list[int] = []
        for k, s in enumerate(syms):
            tok = self.toks[i + k]
            if s == "d":
                out.append(self.num(i + k))
            elif s == "D":
                out.extend(int(g) for g in _DAY_RANGE.match(tok.text).groups())
            elif s == "o":
                if not _ORDINAL_DAY_FORM.search(tok.lower):
                    return None
                n = self.word(i + k)
                if k > 0 and syms[k - 1] == "t":
                    if n > 9:
                        return None
                    n += self.word(i + k - 1)
                out.append(n)
        return out


def _lookup(word: str, words: dict) -> Optional[tuple[str, str]]:
    """The table row of a word: by its form, its roman reading, or a lemma."""
    key = _word_key(word, words)
    return words[key] if key is not None else None


def _word_key(text: str, words: dict) -> Optional[str]:
    if text in words:  # roman numerals and exact forms
        return text
    roman = text.translate(_ROMAN_LOOKALIKE)  # ХХ век typed with Cyrillic letters
    if roman != text and roman.isupper() and roman in words:
        return roman
    low = text.lower()
    if low in words:
        return low
    for lemma in morph.lemmas(low):
        if lemma in words:
            return lemma
    return None


# -- value helpers ------------------------------------------------------------------------
def _day(y: int, m: int, d: int) -> Optional[str]:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _yearless_day(m: int, d: int) -> Optional[str]:
    return f"--{m:02d}-{d:02d}" if _day(2000, m, d) else None  # a leap year: 29 февраля


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _year_of(tok: Token) -> int:
    return int(tok.text[:4])


def _year_ok(y: int) -> bool:
    return _FIRST_YEAR <= y <= _LAST_YEAR


def _months_span(y1: Optional[int], m1: int, y2: Optional[int], m2: int) -> str:
    """From the first day of month m1 to the last of m2; year-less parts are ``--MM-DD``
    (the last day of a year-less February is fixed once its year is known)."""
    first = f"{y1}-{m1:02d}-01" if y1 is not None else f"--{m1:02d}-01"
    last = (f"{y2}-{m2:02d}-{_last_day(y2, m2):02d}" if y2 is not None
            else f"--{m2:02d}-{_last_day(2000, m2):02d}")
    return f"{first}/{last}"


def _positions(syms: str, pattern: str) -> list[int]:
    """Token offsets (within the match) of each occurrence of the symbols in ``pattern``."""
    return [i for i, s in enumerate(syms) if s in pattern]


def _with_time(ctx: _Context, value: str, i: int, syms: str):
    """Append the time ``HH:MM`` (or ``HH.MM``) that ends the match, if there is one."""
    if syms.endswith("T"):  # в 11.00
        hh, mm = ctx.toks[i + len(syms) - 1].text.split(".")
    else:
        colon = syms.rfind(":")
        if colon <= 0:
            return value, "day"
        hh, mm = ctx.toks[i + colon - 1].text, ctx.toks[i + colon + 1].text
    if len(mm) != 2 or not (hh.isdecimal() and mm.isdecimal()) or int(hh) > 23 or int(mm) > 59:
        return None
    return f"{value}T{int(hh):02d}:{mm}", "datetime"


# -- builders: (ctx, i, syms) -> Value | None | SKIP; i is the match start, syms its symbols
def _numeric(ctx: _Context, k: int) -> Optional[str]:
    groups = [g for g in _NUMERIC_DATE.match(ctx.toks[k].text).groups() if g is not None]
    if len(groups[0]) == 4:  # ISO 2024-04-05
        year, month, day = map(int, groups)
    else:
        day, month, year = map(int, groups)
        year += 2000 if year < 100 else 0
    return _day(year, month, day) if _year_ok(year) else None


def _b_numeric(ctx: _Context, i: int, syms: str):
    value = _numeric(ctx, i)
    return None if value is None else _with_time(ctx, value, i, syms)


def _b_numeric_range(ctx: _Context, i: int, syms: str):
    """с 01.01.2024 по 31.03.2024."""
    a, b = (_numeric(ctx, i + k) for k in _positions(syms, "N"))
    return (f"{a}/{b}", "interval") if a and b and a < b else None


def _b_date(ctx: _Context, i: int, syms: str):
    """5 мая 2024 года, первого сентября, 5 мая прошлого года, 5 мая [2024 г.] в 10:15."""
    days, months, years = ctx.days(i, syms), ctx.months(i, syms), ctx.years(i, syms)
    if not days:
        return None
    if years:
        value = _day(years[0], months[0], days[0]) if _year_ok(years[0]) else None
    else:
        value = _yearless_day(months[0], days[0])
    return None if value is None else _with_time(ctx, value, i, syms)


def _b_night(ctx: _Context, i: int, syms: str):
    """в ночь с 11 на 12 сентября: one interval (with no night before it, с 11 на 18 мая
    moves a date: two dates, see ``_lists``)."""
    if i == 0 or ctx.toks[i - 1].lemma != "ночь":
        return None
    return _b_day_range(ctx, i, syms)


def _b_day_range(ctx: _Context, i: int, syms: str):
    """с 1 по 15 марта [2024 года], с 1 января по 31 марта 2024 года, 1–15 марта,
    с 1 января 2024 года по 31 марта 2025 года."""
    days, months, years = ctx.days(i, syms), ctx.months(i, syms), ctx.years(i, syms)
    if not days or len(days) != 2:
        return None
    (d1, d2), m1, m2 = days, months[0], months[-1]
    if not years:  # с 28 декабря по 8 января: the second day in the next year
        a, b = _yearless_day(m1, d1), _yearless_day(m2, d2)
        return (f"{a}/{b}", "interval") if a and b and (a < b or m1 > m2) else None
    y2 = years[-1]
    y1 = years[0] if len(years) > 1 else (y2 if (m1, d1) <= (m2, d2) else y2 - 1)
    a, b = _day(y1, m1, d1), _day(y2, m2, d2)
    return (f"{a}/{b}", "interval") if a and b and a < b and _year_ok(y1) else None


def _b_month_range(ctx: _Context, i: int, syms: str):
    """с января по март 2023 года, январь–сентябрь 2024 года, в январе–феврале."""
    months, years = ctx.months(i, syms), ctx.years(i, syms)
    if len(months) != 2:
        return None
    m1, m2 = months
    if not years:  # с октября по март: the second month in the next year
        return (_months_span(None, m1, None, m2), "interval") if m1 != m2 else None
    y2 = years[-1]
    y1 = years[0] if len(years) > 1 else (y2 if m1 <= m2 else y2 - 1)
    if not (_year_ok(y1) and _year_ok(y2)) or (y1, m1) >= (y2, m2):
        return None
    return _months_span(y1, m1, y2, m2), "interval"


def _b_year_range(ctx: _Context, i: int, syms: str):
    """с 2014 по 2016 год, 2019–2023 годах, 2022 – 2023 годы, 2023/2024 учебный год."""
    if "R" in syms:
        y1, y2 = map(int, _YEAR_RANGE.match(ctx.toks[i + syms.index("R")].text).groups())
    elif "S" in syms:
        y1, y2 = _year_pair(ctx.toks[i + syms.index("S")].text)
    else:
        y1, y2 = (_year_of(ctx.toks[i + k]) for k in _positions(syms, "y"))
    if not (_year_ok(y1) and _year_ok(y2) and y1 < y2):
        return None
    return f"{y1}/{y2}", "interval"


def _year_pair(text: str) -> tuple[int, int]:
    a, b = _YEAR_PAIR.match(text).groups()
    return int(a), (int(a[:2] + b) if len(b) == 2 else int(b))


def _b_year_pair(ctx: _Context, i: int, syms: str):
    """2023/2024, 2023/24: consecutive years (a school or a sports season)."""
    y1, y2 = _year_pair(ctx.toks[i].text)
    return (f"{y1}/{y2}", "interval") if 1900 <= y1 <= _LAST_YEAR and y2 == y1 + 1 else None


def _b_bare_year_range(ctx: _Context, i: int, syms: str):
    """A range without год, where a year is expected: в 2024–2030, с 2019 по 2024."""
    if not _bare_context(ctx, i, i + len(syms), require_before=syms[0] != "с"):
        return None
    value = _b_year_range(ctx, i, syms)
    if value is None or int(value[0][:4]) < 1700:
        return None
    if "u" in syms and not _years_not_counts(*map(int, value[0].split("/"))):
        return None  # с 1800 до 2000: counts
    return value


def _ordinal_of(ctx: _Context, i: int, syms: str) -> int:
    return ctx.num(i) if syms[0] == "d" else ctx.word(i)


def _counted_periods(ctx: _Context, i: int) -> bool:
    """``2 квартала``, ``2 полугодия``, ``3 кварталов``, ``третий квартал подряд``: a number
    of periods (a duration) rather than one of them, when no year follows to say which."""
    number, word = ctx.toks[i].text, ctx.toks[i + 1].lower
    if i + 2 < len(ctx.toks) and ctx.toks[i + 2].lower == "подряд":
        return True  # третий квартал подряд
    return number.isdecimal() and word in _COUNTED_PERIODS


_COUNTED_PERIODS = frozenset("квартала кварталов кварталы кварталах кварталам "
                             "полугодия полугодий полугодиях полугодиям".split())


def _b_quarter(ctx: _Context, i: int, syms: str):
    """III квартал 2024 года, в третьем квартале прошлого года, во 2 квартале."""
    n, years = _ordinal_of(ctx, i, syms), ctx.years(i, syms)
    if not 1 <= n <= 4:
        return None
    first, last = 3 * n - 2, 3 * n
    if not years:
        if ctx.toks[i + 1].lower == "кв" or _counted_periods(ctx, i):
            return None  # кв. м, 2 квартала подряд: no quarter of a year
        return _months_span(None, first, None, last), "quarter"
    year = years[0]
    return (_months_span(year, first, year, last), "quarter") if _year_ok(year) else None


def _b_quarters_to_date(ctx: _Context, i: int, syms: str):
    """за три квартала 2024 года: from January to the end of the third quarter."""
    n, year = ctx.word(i), ctx.years(i, syms)[0]
    if not (1 <= n <= 4 and _year_ok(year)):
        return None
    return _months_span(year, 1, year, 3 * n), "interval"


def _b_half(ctx: _Context, i: int, syms: str):
    """первое полугодие 2023 года, во второй половине 2025 года, во втором полугодии,
    в первой половине года (the current year)."""
    n, years = _ordinal_of(ctx, i, syms), ctx.years(i, syms)
    if n not in (1, 2):
        return None
    if not years and "g" in syms:
        years = [ctx.anchor().year]
    if not years and (syms[1] == "h" or _counted_periods(ctx, i)):
        return None  # во второй половине дня: a half of a year only with its year
    first, last = (1, 6) if n == 1 else (7, 12)
    if not years:
        return _months_span(None, first, None, last), "half"
    year = years[0]
    return (_months_span(year, first, year, last), "half") if _year_ok(year) else None


def _b_months_of_year(ctx: _Context, i: int, syms: str):
    """11 месяцев 2022 г., за девять месяцев прошлого года: from January to the end of
    the n-th month."""
    n = ctx.num(i) if syms[0] == "d" else ctx.word(i)
    year = ctx.years(i, syms)[0]
    if not (1 <= n <= 12 and _year_ok(year)):
        return None
    return _months_span(year, 1, year, n), "interval"


def _b_decade(ctx: _Context, i: int, syms: str):
    """1980-х годов, в 1990-е, 90-х годов (a two-digit decade is of the 1900s)."""
    text = ctx.toks[i].text
    m = _DECADE.match(text)
    start = int(m.group(1)) if m else 1900 + int(_SHORT_DECADE.match(text).group(1))
    return (f"{start}/{start + 9}", "interval") if _year_ok(start) else None


def _b_century(ctx: _Context, i: int, syms: str):
    """XVII век, XX в., XIX–XX веков."""
    if syms[0] == "C":
        n1, n2 = ctx.pair(i)
    elif "-" in syms:
        n1, n2 = ctx.word(i), ctx.word(i + 2)
    else:
        n1 = n2 = ctx.word(i)
    if not 1 <= n1 <= n2:
        return None
    return f"{(n1 - 1) * 100 + 1:04d}/{n2 * 100:04d}", "interval"


def _b_year(ctx: _Context, i: int, syms: str):
    year = _year_of(ctx.toks[i])
    return (str(year), "year") if _year_ok(year) else None


def _bare_context(ctx: _Context, first: int, end: int, require_before: bool = True,
                  after: bool = True) -> bool:
    """A number without год is a year only after a word that expects one (в, с, до...)
    and before no word but a conjunction (в 2024 школах is a count), no % or dash."""
    prev = ctx.toks[first - 1].lower if first > 0 else ""
    nxt = ctx.toks[end] if end < len(ctx.toks) else None
    if require_before and prev not in _YEAR_CONTEXT:
        return False
    if not after:
        return True
    if nxt is not None and nxt.is_word and nxt.lower not in _AFTER_BARE_YEAR and not _is_finite_verb(nxt):
        return False  # в 2024 школах is a count; с 1975 по 1977 работал names years
    return nxt is None or nxt.text not in ("%", "-", "–")


def _b_bare_year(ctx: _Context, i: int, syms: str):
    """A four-digit number without год counts only where a year is expected; not the end
    of a range of quantities (с 1500 до 2000, от 100 до 2000)."""
    year = _year_of(ctx.toks[i])
    ordinal = "-" in ctx.toks[i].text  # к 2030-му, рекордного 2018-го: a year wherever it stands
    if not (1700 <= year <= _LAST_YEAR and (ordinal or _bare_context(ctx, i, i + 1))):
        return None
    if i >= 2 and ctx.toks[i - 1].lower in ("до", "по") and ctx.toks[i - 2].text.isdecimal():
        if not _years_not_counts(int(ctx.toks[i - 2].text), year):
            return None  # с 1500 до 2000: the end of a range of counts
    return str(year), "year"


def _years_not_counts(first: int, last: int) -> bool:
    """``с X до Y`` without год names years only when both look like recent years."""
    return 1900 <= first < last <= first + 50


def _b_month(ctx: _Context, i: int, syms: str):
    """октябрь 2023, в декабре прошлого года, в сентябре."""
    month, years = ctx.word(i), ctx.years(i, syms)
    if not years:
        return f"--{month:02d}", "month"
    return (f"{years[0]}-{month:02d}", "month") if _year_ok(years[0]) else None


def _b_relative_year(ctx: _Context, i: int, syms: str):
    """в прошлом году, в конце прошлого года, до конца года, в текущем финансовом году."""
    z = syms.find("z")
    return str(ctx.anchor().year + (ctx.word(i + z) if z >= 0 else 0)), "year"


def _b_relative_month(ctx: _Context, i: int, syms: str):
    """в прошлом месяце, в следующем месяце, до конца месяца."""
    anchor = ctx.anchor()
    offset = ctx.word(i) if syms[0] == "z" else 0
    total = anchor.year * 12 + anchor.month - 1 + offset
    return f"{total // 12}-{total % 12 + 1:02d}", "month"


def _b_relative_week(ctx: _Context, i: int, syms: str):
    """на прошлой неделе, на этой неделе: Monday to Sunday."""
    anchor = ctx.anchor()
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=ctx.word(i))
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}", "interval"


def _b_relative_day(ctx: _Context, i: int, syms: str):
    """вчера, сегодня, завтра, вчера в 18:30."""
    value = (ctx.anchor() + timedelta(days=ctx.word(i))).isoformat()
    return _with_time(ctx, value, i, syms)


Builder = Callable[[_Context, int, str], Union[Value, None]]
_G = r"a?g(?:\.g)?\.?"  # год, г., гг., г.г., финансовом году
_YR = r"(?:y(?:" + _G + r")?|z" + _G + ")"  # a year, explicit or relative (прошлого года)
_OY = "(?:" + _YR + ")?"  # an optional year
_D = r"(?:d|t?o)"  # a day: 5, 5-го, первого, двадцать пятого
_TIME = r",?в?d:d|,?вT"
# (name, pattern over symbols, builder, relative). Longest match wins; ties go to the first.
# A match that holds a relative word (z, Z) is relative whatever its pattern.
PATTERNS: tuple[tuple[str, str, Builder, bool], ...] = (
    ("numeric datetime", r"N(?:g\.?)?(?:" + _TIME + ")", _b_numeric, False),
    ("numeric date", r"N(?:g\.?)?", _b_numeric, False),
    ("numeric range", r"сN(?:g\.?)?[пu]N(?:g\.?)?", _b_numeric_range, False),
    ("datetime", _D + "m" + _OY + "(?:" + _TIME + ")", _b_date, False),
    ("date", _D + "m" + _YR, _b_date, False),
    ("day range", r"с" + _D + "(?:m" + _OY + ")?[пu]" + _D + "m" + _OY
     + r"|d-dm" + _OY + r"|Dm" + _OY, _b_day_range, False),
    ("night", r"с" + _D + "(?:m" + _OY + ")?н" + _D + "m" + _OY, _b_night, False),
    ("month range", r"сm" + _OY + r"[пu]m" + _OY + r"|m-m" + _OY + r"|P" + _OY,
     _b_month_range, False),
    ("year range", r"сy(?:" + _G + r")?[пu]y" + _G + r"|(?:R|y-y|S)" + _G, _b_year_range, False),
    ("bare year range", r"сy[пu]y|R|y-y", _b_bare_year_range, False),
    ("year pair", r"S", _b_year_pair, False),
    ("quarter", r"[odr]q\.?" + _OY, _b_quarter, False),
    ("quarters to date", r"nq" + _YR, _b_quarters_to_date, False),
    ("half", r"[odr][fh]" + _OY, _b_half, False),
    ("half of this year", r"[odr][fh]" + _G, _b_half, True),
    ("months of a year", r"[dn]M\.?" + _YR, _b_months_of_year, False),
    ("decade", r"k(?:" + _G + r")?|K" + _G, _b_decade, False),
    ("century", r"(?:r|r-r|C)(?:c\.?|в\.)", _b_century, False),
    ("year", r"y" + _G, _b_year, False),
    ("bare year", r"y", _b_bare_year, False),
    ("relative year", r"b?z" + _G + "|b" + _G, _b_relative_year, True),
    ("relative month", r"zM|bM", _b_relative_month, True),
    ("relative week", r"zW", _b_relative_week, True),
    ("relative day", r"Z(?:" + _TIME + ")?", _b_relative_day, True),
    ("month and year", r"m" + _YR, _b_month, False),
    ("day and month", _D + "m", _b_date, False),
    ("month", r"m", _b_month, False),
)
_COMPILED = tuple((name, re.compile(p), b, rel) for name, p, b, rel in PATTERNS)
# Symbols a pattern can begin with: matching is tried only there.
_STARTS = frozenset("NdDtoсmPRSyrCkKnzZb")
# A sentence needs one of these symbols to hold a date at all.
_TRIGGERS = frozenset("NyRSkKmPzZbrCqfg")


# A token starting with a digit: its symbol is that of the first pattern it matches, in order.
_DIGIT_SYMBOLS = ((_NUMERIC_DATE, "N"), (_YEAR, "y"), (_YEAR_RANGE, "R"), (_YEAR_PAIR, "S"),
                  (_DECADE, "k"), (_SHORT_DECADE, "K"), (_DAY_RANGE, "D"), (_DOT_TIME, "T"),
                  (_DAY, "d"))


class DateExtractor:
    """``(doc, published) -> (published, list[DateMention])``: the publication date the
    article states (an explicit ``published`` wins) and every date mention."""

    def __init__(self) -> None:
        rows = read_tsv("dates.tsv")
        self.words: dict[str, tuple[str, str]] = {
            word: (cls, value) for word, cls, *rest in rows if cls != "blocker"
            for value in [rest[0] if rest else ""]}
        self.blockers = frozenset(word for word, cls, *_ in rows if cls == "blocker")
        # Case forms share their first two letters with the lemma (мая/май, году/год).
        self.prefixes = frozenset(word.lower()[:2] for word in self.words)
        # A token's symbol depends on its text alone: computed once per distinct text.
        self.symbol = lru_cache(maxsize=20_000)(self._symbol)

    def __call__(self, doc: Document, published: Optional[str] = None
                 ) -> tuple[Optional[str], list[DateMention]]:
        if published is None:
            # A dateline heads the page; failing that, a footer may date it.
            total = len(doc.lines)
            top = self._scan(doc, None, range(_DATELINE_LINES))
            published = _dateline_value(doc, top) or _dateline_value(doc, self._scan(
                doc, None, range(max(_DATELINE_LINES, total - _FOOTER_LINES), total)))
            if published is None:
                # "ТАСС, 10 августа": the year of the same day written in full in the article
                day = _dateline_value(doc, top, yearless=True)
                published = _dated_like(day, self._scan(doc, None)) if day else None
        found = self._scan(doc, _parse_iso(published))
        mentions = []
        for si, matches in found:
            toks = doc.sentence_tokens(si)
            for m in matches:
                last = toks[m.last - 1]
                # razdel leaves a comma on a number before a digit (2024, 10:15): not ours
                end = last.nend - 1 if last.text.endswith(",") and len(last.text) > 1 else last.nend
                mention = doc.mention(toks[m.first].nstart, end)
                mentions.append(DateMention(mention.text, mention.start, mention.end,
                                            m.value, m.precision, m.relative))
        return published, mentions

    # -- scanning ------------------------------------------------------------------------
    def _scan(self, doc: Document, anchor: Optional[date],
              lines: Optional[range] = None) -> "DocMatches":
        out = []
        for si, sentence in enumerate(doc.sentences):
            if lines is not None and sentence.line not in lines:
                if sentence.line >= lines.stop:
                    break
                continue
            if sentence.furniture:
                continue
            toks = doc.sentence_tokens(sentence)
            syms = "".join(self.symbol(t.text) for t in toks)
            if not _TRIGGERS.intersection(syms):
                continue
            if "/" in sentence.text:
                syms = _outside_paths(toks, syms)
            matches = self._match(_Context(toks, self.words, anchor), syms)
            if matches:
                matches = _periods(_coordinated_years(_lists(matches, toks, syms), syms), syms)
                out.append((si, _resolve_years(matches, toks, anchor)))
        return out

    def _symbol(self, text: str) -> str:
        if text[0].isdigit():
            return next((sym for pattern, sym in _DIGIT_SYMBOLS if pattern.match(text)), "x")
        if text in _PUNCT:
            return _PUNCT[text]
        low = text.lower()
        if low in _PREPOSITIONS:
            return _PREPOSITIONS[low]
        if not text[:1].isalpha():
            return "x"
        pair = _PAIR.match(text)
        if pair:
            return self._pair_symbol(*pair.groups())
        key = None
        if low[:2] in self.prefixes or text.isupper():  # spare the morphology lookup
            key = _word_key(text, self.words)
        if key is None:
            return "x"
        cls, value = self.words[key]
        if cls == "roman":
            return "r" if text.isupper() else "x"
        if cls == "period":
            return _PERIOD_SYMBOL[value]
        if cls == "month" and text.isupper() and len(text) > 1 and low == "май":
            return "x"  # МАЙ, an acronym, not the month
        return _CLASS_SYMBOL[cls]

    def _pair_symbol(self, a: str, b: str) -> str:
        """январь–сентябрь, январе-феврале: P; XIX–XX: C; anything else x."""
        rows = [_lookup(w, self.words) if w.lower()[:2] in self.prefixes or w.isupper()
                else None for w in (a, b)]
        if all(r and r[0] == "month" for r in rows):
            return "P"
        if all(r and r[0] == "roman" for r in rows) and a.isupper() and b.isupper():
            return "C"
        return "x"

    def _named(self, toks: Sequence[Token], i: int, end: int, syms: str,
               precision: str) -> bool:
        """A date that names a street or a station (улица 8 Марта, ул. 1905 года): after
        such a word, a year or a capitalized month (на улице 5 мая is a date)."""
        if precision != "year" and not any(
                syms[k] == "m" and toks[k].is_title for k in range(i, end)):
            return False
        k = i - 1
        if k > 0 and toks[k].text in (".", '"'):
            k -= 1
        if k < 0 or not toks[k].is_word:
            return False
        return toks[k].lower in self.blockers or bool(toks[k].lemmas & self.blockers)

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
                try:
                    value = builder(ctx, i, syms[i:end])
                except _Unresolved:
                    value = SKIP
                if value is not None:
                    best = (end, value, relative or bool(set(syms[i:end]) & set("zZ")))
            if best is None:
                i += 1
                continue
            end, (value, precision), relative = best
            if value and not self._named(ctx.toks, i, end, syms, precision):
                matches.append(_Match(i, end, value, precision, relative,
                                      yearless=value.startswith("--")))
            i = end
        return matches


def _outside_paths(toks: Sequence[Token], syms: str) -> str:
    """Numbers glued to a slash are parts of a path or link (``/2024-10-29/``), not dates."""
    out = list(syms)
    for k, tok in enumerate(toks):
        if out[k] == "x":
            continue
        before = k > 0 and toks[k - 1].text == "/" and toks[k - 1].end == tok.start
        after = k + 1 < len(toks) and toks[k + 1].text == "/" and toks[k + 1].start == tok.end
        if before or after:
            out[k] = "x"
    return "".join(out)


def _drop_sentence_dot(toks: Sequence[Token], first: int, end: int) -> int:
    """A final full stop belongs to the date only after an abbreviation (г., вв.)."""
    if (end - first > 1 and toks[end - 1].text == "."
            and toks[end - 2].lower not in _ABBREVIATIONS):
        return end - 1
    return end


_DAY_VALUE = re.compile(r"^(\d{4}|-)-(\d\d)-(\d\d)")


def _listed(k: int, floor: int, toks: Sequence[Token], syms: str, sym: str) -> list[int]:
    """The tokens of symbol ``sym`` listed before token k (``15, 16 и`` before ``17 мая``),
    nearest first: each is followed by и, или, a comma, or carries razdel's comma; or one
    moved from (``с 11 на 18 мая``, ``с 2024 на 2025 год``)."""
    out = []
    while True:
        j = k - 1
        if j >= floor + 1 and syms[j] == "н" and syms[j - 2:j - 1] == "с" and not out:
            j -= 1  # с 11 на 18 мая: the date it was moved from
        elif j >= floor and syms[j] in "i,":
            j -= 1
        elif not (j >= floor and syms[j] == sym and toks[j].text.endswith(",")):
            break
        if j < floor or syms[j] != sym or (j > 0 and syms[j - 1] in ":."):
            break  # 10:15, 5 апреля: a time, not a day
        out.append(j)
        k = j
    return out


def _lists(matches: list[_Match], toks: Sequence[Token], syms: str) -> list[_Match]:
    """The days listed before a date share its month and year (``1 и 2 июня``,
    ``15, 16 и 17 мая 2024 года`` are three dates); so do the years listed before a year
    (``в 2021, 2022 и 2023 годах``)."""
    out: list[_Match] = []
    floor = 0
    for m in matches:
        head = _DAY_VALUE.match(m.value)
        listed = []
        if head and m.precision in ("day", "datetime") and syms[m.first] == "d":
            year, month = head.group(1), int(head.group(2))
            for j in _listed(m.first, floor, toks, syms, "d"):
                day = int(_DAY.match(toks[j].text).group(1))
                if _day(2000 if year == "-" else int(year), month, day) is None:
                    break
                listed.append(_Match(j, j + 1, f"{year}-{month:02d}-{day:02d}", "day",
                                     m.relative, m.yearless))
        elif m.precision == "year" and syms[m.first] == "y":
            for j in _listed(m.first, floor, toks, syms, "y"):
                year = _year_of(toks[j])
                if not 1700 <= year <= _LAST_YEAR:
                    break
                listed.append(_Match(j, j + 1, str(year), "year"))
        out.extend(reversed(listed))
        out.append(m)
        floor = m.last
    return out


def _coordinated_years(matches: list[_Match], syms: str) -> list[_Match]:
    """A year-less day or month coordinated with a dated one takes its year:
    ``в январе и феврале 2024 года``, ``15 мая и 20 июня 2023 года``."""
    out = list(matches)
    for n in range(len(out) - 2, -1, -1):
        m, nxt = out[n], out[n + 1]
        if not m.yearless or nxt.yearless or not nxt.value[:4].isdigit():
            continue
        if nxt.value[4:5] != "-" or not re.fullmatch(r"[i,-]в?", syms[m.last:nxt.first]):
            continue
        out[n] = _Match(m.first, m.last, _with_year(m.value, nxt.value[:4]), m.precision,
                        m.relative or nxt.relative)
    return out


# What stands between two expressions of one period: по/до (с 2016 года по третий квартал
# 2019 года, с начала 2021 года по ноябрь), or a dash between two boundaries (в конце
# августа — начале сентября 2020 года); and what must stand before the first.
_PERIOD_LINKS = {"п": ("с",), "u": ("с",), "пb": ("с",), "ub": ("с",), "-b": ("b",)}


def _periods(matches: list[_Match], syms: str) -> list[_Match]:
    """Two expressions joined as the ends of one period, each of its own granularity (a
    year, a quarter, a month, a day), are one interval from the first day of the first to
    the last day of the second; a year-less end takes the other's year."""
    out: list[_Match] = []
    for m in matches:
        prev = out[-1] if out else None
        opener = _period_opener(prev, m, syms) if prev is not None else None
        if opener is not None:
            value = _period_value(prev.value, m.value)
            if value is not None:
                out[-1] = _Match(opener, m.last, value, "interval", prev.relative or m.relative)
                continue
        out.append(m)
    return out


def _period_opener(first: _Match, second: _Match, syms: str) -> Optional[int]:
    """The index of the word that opens the period (с, or the first boundary word), if
    ``first`` and ``second`` are the two ends of one."""
    before = _PERIOD_LINKS.get(syms[first.last:second.first])
    if before is None:
        return None
    k = first.first - 1
    if k >= 1 and syms[k] == "b" and before == ("с",):
        k -= 1  # с начала 2021 года
    return k if k >= 0 and syms[k] in before else None


def _period_value(first: str, second: str) -> Optional[str]:
    """``2016`` and ``2019-07-01/2019-09-30`` -> ``2016-01-01/2019-09-30``."""
    if first.startswith("--") and second.startswith("--"):
        return None
    if second.startswith("--"):
        start = _first_day(first)
        year = int(start[:4]) + (1 if second[2:4] < start[5:7] else 0)
        second = _with_year(second, str(year))
    elif first.startswith("--"):
        end = _last_day_of(second)
        year = int(end[:4]) - (1 if first[2:4] > end[5:7] else 0)
        first = _with_year(first, str(year))
    start, end = _first_day(first), _last_day_of(second)
    return f"{start}/{end}" if start < end else None


def _first_day(value: str) -> str:
    head = value.split("/")[0][:10]
    return head + "-01-01" if len(head) == 4 else head + "-01" if len(head) == 7 else head


def _last_day_of(value: str) -> str:
    tail = value.split("/")[-1][:10]
    if len(tail) == 4:
        return tail + "-12-31"
    if len(tail) == 7:
        return f"{tail}-{_last_day(int(tail[:4]), int(tail[5:7])):02d}"
    return tail


def _with_year(value: str, year: str) -> str:
    """A year-less value (``--07-01/--09-30``) in the given year; the last day of a
    year-less February range is the year's own."""
    parts = value.split("/")
    if len(parts) == 1:
        return year + value[1:]
    first, last = parts
    last_year = int(year) + (1 if _crosses_new_year(value) else 0)
    if last[2:7] == "02-29" and not calendar.isleap(last_year):
        last = last[:5] + "28"
    return f"{year}{first[1:]}/{last_year}{last[1:]}"


def _crosses_new_year(value: str) -> bool:
    """``--12-28/--01-08``: a year-less range whose end comes before its start."""
    parts = value.split("/")
    return len(parts) == 2 and parts[0].startswith("--") and parts[1][2:] < parts[0][2:]


def _resolve_years(matches: list[_Match], toks: Sequence[Token],
                   anchor: Optional[date]) -> list[_Match]:
    """Give year-less days and months the publication year, else the nearest explicit
    year of the sentence."""
    years = [(m.first, m.value[:4]) for m in matches  # a decade or a range names no year
             if not m.yearless and m.value[:4].isdigit() and _single_year(m.value)]
    out = []
    for m in matches:
        if m.yearless:
            year = str(anchor.year) if anchor else None
            if anchor and anchor.month <= 6 and _crosses_new_year(m.value):
                year = str(anchor.year - 1)  # in January, с 28 декабря по 8 января began last year
            if year is None and years:
                year = min(years, key=lambda fy: abs(fy[0] - m.first))[1]
            if year is not None:
                m = _Match(m.first, m.last, _with_year(m.value, year), m.precision,
                           m.relative)
        out.append(m)
    return out


def _single_year(value: str) -> bool:
    return value[:4] == value.split("/")[-1][:4]


def _parse_iso(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if _year_ok(day.year) else None


_DATELINE_LINES = 4  # a publication date stands in the first lines of a page
_FOOTER_LINES = 2  # or in its last lines ("Дата публикации: 12.03.2024" under the text)
_DATELINE_SOURCE_WORDS = 4
_VERB_POS = frozenset({"VERB", "INFN", "PRTS", "PRTF", "GRND"})
_FINITE_POS = frozenset({"VERB", "INFN", "GRND"})  # not a participle: в 2024 построенных домах


def _dateline_words(tok: Token) -> bool:
    return tok.is_word and tok.lower not in _DATELINE_LABELS


def _is_finite_verb(tok: Token) -> bool:
    return tok.pos in _FINITE_POS


def _is_verb(tok: Token) -> bool:
    return tok.is_word and tok.pos in _VERB_POS


DocMatches = list[tuple[int, list[_Match]]]


def _dated_like(day: str, found: DocMatches) -> Optional[str]:
    """A year-less ``day`` (``--08-10``, ``--08-10T09:15``) in the year of the first full
    date of the same day and month in ``found``."""
    for _, matches in found:
        for m in matches:
            if not m.yearless and m.precision in ("day", "datetime") and m.value[4:10] == day[1:7]:
                return m.value[:4] + day[1:]
    return None


def _dateline_value(doc: Document, found: DocMatches, yearless: bool = False) -> Optional[str]:
    """The date (and time) of a line of ``found`` (the top or the foot of the page) that
    holds little else; with ``yearless``, only such a date without its year."""
    for si, matches in found:
        sentence = doc.sentences[si]
        toks = doc.sentence_tokens(sentence)
        if any(t.text == "№" for t in toks):
            continue  # a document's date: "Постановление от 12.03.2024 № 45"
        for m in matches:
            if m.precision not in ("day", "datetime") or m.yearless != yearless:
                continue
            before = sum(_dateline_words(t) for t in toks[:m.first])
            after = sum(_dateline_words(t) for t in toks[m.last:])
            # A source (a noun phrase, no verb) and a comma before the date, nothing after
            # it: "Пресс-служба Правительства Тверской области, 12 марта 2024".
            source = m.first > 0 and toks[m.first - 1].text == "," and not after and \
                before <= _DATELINE_SOURCE_WORDS and not any(_is_verb(t) for t in toks[:m.first])
            # A page's date and time glued to its title: "12.03.2024 14:05 Губернатор
            # открыл школу" (a time after "в" is an event's: "22 июня в 10:30 начнётся").
            stamp = m.precision == "datetime" and (m.first == 0 or m.last == len(toks)) and \
                not any(t.lower in ("в", "во") for t in toks[m.first:m.last])
            if before + after <= 1 or source or stamp:
                return m.value
    return None
