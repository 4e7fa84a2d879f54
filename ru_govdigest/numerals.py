"""Numbers in running text: digits and number words, read off a sentence's tokens.

One scanner reads every written form of a quantity: digit groups (``21 095``, ``1.234.567``),
decimal commas, fractions (``2/3``), ranges in one token (``15–20``), number words in any
case and gender (``двадцати пяти``, ``полтора``, ``две трети``), multiplier words and
abbreviations (``тыс.``, ``миллиона``), their compound chains (``1 млрд 160 млн 283 тыс``,
``3 тыс 955``, ``1 млн 79,5 тыс.``), ``90 с небольшим тысяч``, numeral nouns (``десяток``,
``сотня``, ``полсотни``, ``полмиллиона``), word ranges (``три-четыре``), adverbs of repetition
(``дважды``) and verbs of multiplying (``удвоился``). The word tables live in
models/numerals.tsv and models/multipliers.tsv.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from .document import Token
from .resources import read_tsv

INT = re.compile(r"^\d+$")
DECIMAL = re.compile(r"^\d+[.,]\d+$")
GROUP = re.compile(r"^\d{3}(?:,\d+)?$")  # a thousands group, the last one maybe with decimals
DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
FRACTION = re.compile(r"^(\d+)/(\d+)$")
RANGE = re.compile(r"^(\d+(?:[.,]\d+)?)[–-](\d+(?:[.,]\d+)?)$")
NEGATIVE = re.compile(r"^-(\d+(?:,\d+)?)$")  # -35: razdel keeps a minus glued to its digits
WORD_RANGE = re.compile(r"^([а-яё]+)-([а-яё]+)$")  # три-четыре, двух-трех
HALF_PREFIXES = ("полу", "пол")  # полсотни, полтысячи, полумиллиона: half of a multiplier
# 3-кратный (a multiplier), 100-процентный (a percent): a number glued to an adjective
ADJECTIVE = re.compile(r"^(\d+(?:[.,]\d+)?)-(кратн|процентн)[а-яё]+$", re.IGNORECASE)
TRAILING_PUNCT = re.compile(r"^(\d[\d.,/–-]*?)[,.;:]$")  # razdel sometimes glues "5," together


@dataclass(frozen=True)
class Number:
    """A number read at tokens[first:last]; ``value_max`` for a one-token range."""

    value: float
    first: int
    last: int
    in_words: bool = False
    fraction: bool = False  # 2/3, треть, половина
    times: bool = False  # вдвое, втрое, 3-кратный, удвоился: a multiplier by itself
    repeats: bool = False  # дважды, трижды: a count of times by itself
    percent: bool = False  # 100-процентный: a percent by itself
    multiplied: bool = False  # a multiplier word or abbreviation applied (тыс., миллиона)
    integer: bool = True  # written without a decimal part
    value_max: Optional[float] = None
    after_qualifier: Optional[str] = None  # "с небольшим" -> more
    year_like: bool = False  # four digits 1800..2100 written alone
    scale: float = 1.0  # the multiplier applied (1000 for "тыс.")


class NumberReader:
    """Reads the number that starts at a token. Tables are loaded once."""

    def __init__(self) -> None:
        self.words: dict[str, tuple[float, str]] = {}
        for form, value, role in read_tsv("numerals.tsv"):
            for spelling in (form, form.replace("ё", "е")):  # трёх is often written трех
                self.words[spelling] = (float(value), role)
        self.multipliers: dict[str, float] = {}
        self.multiplier_lemmas: set[str] = set()  # тысяча, десяток (not десятка, a banknote)
        for form, value, *lemma in read_tsv("multipliers.tsv"):
            self.multipliers[form] = float(value)
            self.multiplier_lemmas.update(lemma[:1])
        # "с небольшим", "с лишним" after a number: its qualifier (models/qualifiers.tsv)
        qualifiers = read_tsv("qualifiers.tsv")
        self.after: dict[tuple[str, ...], str] = {
            tuple(phrase.split()): qualifier for phrase, qualifier, role in qualifiers if role == "after"}
        # Words that make "тысячи", "миллионы" a singular count (более тысячи = over 1000).
        self.bound_words = {phrase.split()[-1] for phrase, _, role in qualifiers if role == "before"}
        # Prepositions of a change that take a singular genitive (с тысячи до 569).
        self.genitive_bound = {"с", "со", "от"}

    # -- token tests -------------------------------------------------------------------
    def is_start(self, tok: Token) -> bool:
        """Cheap test: can a number start at this token?"""
        ch = tok.text[:1]
        lower = tok.lower
        return ch.isdigit() or lower in self.words or (ch == "-" and NEGATIVE.match(lower) is not None) or lower in self.multipliers \
            or (lower[:3] == "пол" and self._half_multiplier(lower) is not None) \
            or ("-" in lower and self._word_range(lower) is not None)

    def multiplier_at(self, tokens: Sequence[Token], i: int) -> tuple[float, int]:
        """(multiplier, tokens used) at tokens[i] (``тыс.`` takes its dot), else (0, 0)."""
        if i >= len(tokens):
            return 0.0, 0
        value = self.multipliers.get(tokens[i].lower.rstrip("."))
        if not value:
            return 0.0, 0
        used = 1
        if (i + 1 < len(tokens) and tokens[i + 1].text == "."
                and tokens[i + 1].nstart == tokens[i].nend and len(tokens[i].text) <= 4):
            used = 2
        return value, used

    def _half_multiplier(self, lower: str) -> Optional[float]:
        """полсотни 50, полтысячи 500, полумиллиона 500 000: half of a multiplier word."""
        for prefix in HALF_PREFIXES:
            rest = lower[len(prefix):]
            if lower.startswith(prefix) and self.multipliers.get(rest, 0) >= 100 and len(rest) > 4:
                return self.multipliers[rest] / 2
        return None

    def _word_range(self, lower: str) -> Optional[tuple[float, float]]:
        """три-четыре, двух-трех, пять-шесть: two number words joined by a hyphen, the
        second the greater."""
        m = WORD_RANGE.match(lower)
        if not m:
            return None
        low, high = (self.words.get(w) for w in m.groups())
        if low is None or high is None or low[1] in ("fraction", "times", "repeat") \
                or high[1] in ("fraction", "times", "repeat") or low[0] >= high[0]:
            return None
        return low[0], high[0]

    # -- reading -------------------------------------------------------------------------
    def read(self, tokens: Sequence[Token], i: int) -> Optional[Number]:
        tok = tokens[i]
        if tok.text[:1].isdigit():
            return self._read_digits(tokens, i)
        negative = NEGATIVE.match(tok.text)
        if negative:
            value = float(negative.group(1).replace(",", "."))
            return self._multiply(tokens, i, i + 1, -value, integer=value.is_integer())
        if tok.lower in self.words:
            return self._read_words(tokens, i)
        if tok.lower in self.multipliers:
            return self._read_lone_multiplier(tokens, i)
        half = self._half_multiplier(tok.lower)
        if half is not None:
            return Number(half, i, i + 1, in_words=True, multiplied=True, scale=half * 2)
        pair = self._word_range(tok.lower)
        if pair is not None:
            return self._multiply(tokens, i, i + 1, pair[0], in_words=True, value_max=pair[1])
        return None

    def _read_lone_multiplier(self, tokens: Sequence[Token], i: int) -> Optional[Number]:
        """тысяча, миллион, десяток, more than a thousand (более тысячи), тысяча двести: a
        multiplier word with no number before it is one of it when its form is singular; an
        abbreviation (млн), a plural (тысячи людей, десятки домов) or another word of the
        same letters (десятку лидеров: десятка) is no number. After a preposition of a
        change the singular genitive is read (с тысячи до 569); after в a ten or a hundred
        is a ranking's bracket (в десятку лидеров)."""
        parses = [p for p in tokens[i].parses
                  if p.tag.POS == "NOUN" and p.normal_form.replace("ё", "е") in self.multiplier_lemmas]
        if not parses or any("Abbr" in p.tag for p in parses):
            return None
        before = tokens[i - 1].lower if i > 0 else ""
        if before in ("в", "во") and self.multipliers[tokens[i].lower] < 1000:
            return None  # вошёл в десятку лидеров: a ranking's bracket
        bound = before in self.bound_words or (
            before in self.genitive_bound and any(p.tag.case == "gent" and p.tag.number == "sing"
                                                  for p in parses))
        if not bound and any(p.tag.number != "sing" for p in parses):
            return None
        return self._multiply(tokens, i, i, 1.0, in_words=True)

    def _read_digits(self, tokens: Sequence[Token], i: int) -> Optional[Number]:
        text = tokens[i].text
        adjective = ADJECTIVE.match(text)
        if adjective:
            value = float(adjective.group(1).replace(",", "."))
            times = adjective.group(2).lower() == "кратн"
            return Number(value, i, i + 1, times=times, percent=not times,
                          integer=value.is_integer())
        glued = TRAILING_PUNCT.match(text)
        if glued:
            text = glued.group(1)
        last = i + 1
        integer = True
        value_max = None
        if INT.match(text):
            value = float(text)
            # Thousands groups separated by single spaces: 21 095, 1 062 811, 1 234,5.
            while (len(text) <= 3 and not glued and last < len(tokens) and GROUP.match(tokens[last].text)
                   and tokens[last].nstart == tokens[last - 1].nend + 1):
                group = tokens[last].text
                value = value * 1000 + float(group.replace(",", "."))
                last += 1
                text = "000"  # a group already joined: the next must also be three digits
                if "," in group:
                    integer = False  # a decimal part ends the number
                    break
            year_like = last == i + 1 and len(tokens[i].text.rstrip(",.;:")) == 4 and 1800 <= value <= 2100
        elif DOTTED_THOUSANDS.match(text) and not self.multiplier_at(tokens, i + 1)[0]:
            value, year_like = float(text.replace(".", "")), False
        elif DECIMAL.match(text):
            value, integer, year_like = float(text.replace(",", ".")), False, False
        elif FRACTION.match(text):
            num, den = FRACTION.match(text).groups()
            if float(den) == 0:
                return None
            return Number(float(num) / float(den), i, last, fraction=True, integer=False)
        elif RANGE.match(text):
            a, b = RANGE.match(text).groups()
            value, value_max = float(a.replace(",", ".")), float(b.replace(",", "."))
            if value_max <= value:
                return None
            year_like = all(x.isdigit() and len(x) == 4 and 1800 <= int(x) <= 2100
                            for x in (a, b))
            integer = "," not in a + b and "." not in a + b
        else:
            return None  # 15:27, 07.09.2021, 1-е, COVID-19 ...
        return self._multiply(tokens, i, last, value, value_max=value_max, integer=integer,
                              year_like=year_like)

    _RANK = {"hundred": 3, "ten": 2, "teen": 1, "unit": 1}

    def _word_group(self, tokens: Sequence[Token], i: int) -> tuple[float, int]:
        """A number below a thousand in words (сто двадцать пять): (value, end index)."""
        value, last, rank = 0.0, i, 4
        while last < len(tokens) and tokens[last].lower in self.words:
            word_value, role = self.words[tokens[last].lower]
            if self._RANK.get(role, 4) >= rank:
                break
            value += word_value
            rank = self._RANK[role]
            last += 1
        return value, last

    def _read_words(self, tokens: Sequence[Token], i: int) -> Optional[Number]:
        """двадцать пять, сто двадцать, две трети, полтора миллиона, вдвое."""
        value, role = self.words[tokens[i].lower]
        if role == "times":
            return Number(value, i, i + 1, in_words=True, times=True)
        if role == "repeat":
            return Number(value, i, i + 1, in_words=True, repeats=True)
        if role == "fraction":
            if any(p.tag.POS == "ADJF" for p in tokens[i].parses):
                return None  # третью: the ordinal третий, not a third
            if i > 0 and tokens[i - 1].parses and "Anum" in tokens[i - 1].parses[0].tag:
                return None  # во второй половине дня: a part of a period, not a share
            return Number(value, i, i + 1, in_words=True, fraction=True, integer=False)
        value, last = self._word_group(tokens, i)
        if last == i:
            return None
        if last < len(tokens) and self.words.get(tokens[last].lower, (0, ""))[1] == "fraction":
            share = round(value * self.words[tokens[last].lower][0], 4)  # две трети
            return Number(share, i, last + 1, in_words=True, fraction=True, integer=False)
        return self._multiply(tokens, i, last, value, in_words=True,
                              integer=float(value).is_integer())

    def _multiply(self, tokens: Sequence[Token], first: int, last: int, value: float, *,
                  in_words: bool = False, value_max: Optional[float] = None, integer: bool = True,
                  year_like: bool = False) -> Number:
        after = None
        j = last
        if j + 1 < len(tokens):
            pair = (tokens[j].lower, tokens[j + 1].lower)
            if pair in self.after:
                after, j = self.after[pair], j + 2
            elif pair == ("с", "половиной") and integer:
                value, j = value + 0.5, j + 2  # два с половиной (миллиона)
                integer = False
        mult, used = self.multiplier_at(tokens, j)
        if not mult:
            return Number(value, first, j, in_words=in_words, value_max=value_max,
                          integer=integer, year_like=year_like, after_qualifier=after)
        total = value * mult
        mult_first = mult
        if value_max is not None:
            value_max *= mult
        j += used
        # Compound chains: 1 млрд 160 млн 283 тыс, 3 тыс 955.
        while j < len(tokens):
            if (INT.match(tokens[j].text) or DECIMAL.match(tokens[j].text)) \
                    and float(tokens[j].text.replace(",", ".")) < 1000:
                part, part_end = float(tokens[j].text.replace(",", ".")), j + 1  # 1 млн 79,5 тыс.
            elif in_words and tokens[j].lower in self.words:
                part, part_end = self._word_group(tokens, j)  # две тысячи пятьсот
                if part_end == j:
                    break
            else:
                break
            next_mult, next_used = self.multiplier_at(tokens, part_end)
            if next_mult and next_mult < mult:
                total += part * next_mult
                mult = next_mult
                j = part_end + next_used
            elif (mult == 1000 and not next_mult and not DECIMAL.match(tokens[j].text) and part_end < len(tokens)
                  and tokens[part_end].is_word and tokens[part_end].lower not in self.words):
                total += part
                j = part_end
                break
            else:
                break
        return Number(total, first, j, in_words=in_words, multiplied=True, integer=integer,
                      value_max=value_max, after_qualifier=after, scale=mult_first)
