"""Numeric indicators: value, kind, qualifier, unit, subject, region and date.

Only the windows around numbers are read: a sentence is skipped unless one of its tokens
can start a number (a digit or a number word). For each number the ``NumberReader`` gives
the value; then the tokens after it give the unit and kind (``%``, a currency, ``балл``, a
measure, ``раз`` after ``в``, or the counted noun), the tokens before it the qualifier,
the sign and what rules it out (a document number, a name, a day of a month, a year, a
duration). A number with nothing after it takes the unit of the figure before it in the
same sentence (``68 процентов ..., а 13,2 ...``; ``Москва (1939 идей), Самарская область
(863)``). The subject comes from ``SubjectFinder``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Callable, Optional, Sequence

from .digest import DateMention, Indicator, Region
from .document import Document, Token
from .numerals import Number, NumberReader
from .phrases import Phrases
from .resources import read_tsv
from .spans import SpanIndex
from .subjects import Antecedent, FigureSpan, SubjectFinder, place_names

SIGNS = {"+": 1.0, "-": -1.0, "плюс": 1.0, "минус": -1.0}
CURRENCY_SIGNS = {"₽": "руб.", "$": "долл.", "€": "евро"}
SIGN_TOKENS = {"+", "-", *CURRENCY_SIGNS}
RANGE_DASHES = ("–", "-")
PHONE = re.compile(r"^\d{1,4}(?:-\d{2,3}){2,3}$")
CYRILLIC_CAPS = re.compile(r"^[А-ЯЁ]+$")
CLOCK = re.compile(r"^(?:[01]?\d|2[0-3])\.[0-5]\d$")  # 14.00: a time, decimals take a comma
CLOCK_BEFORE = {"в", "с", "до", "к", "по", "около"}
GLUE_BEFORE = {"(", "+", "-", "₽", "$", "€", '"', "–"}
GLUE_AFTER = {",", ".", ";", ")", "%", '"', "!", "?", "–", "-"}
EVERY = {"каждые", "каждых", "каждую", "каждый", "каждое", "каждого", "каждой"}
CLAUSE_END = {".", ";", "!", "?", ":"}
NOUN_SKIP_POS = {"ADJF", "PRTF", "ADVB", "NUMR"}  # words between a number and its noun
VERB_POS = {"VERB", "INFN", "PRTS", "GRND"}
POSSESSIVES = {"его", "ее", "её", "их"}  # invariable possessives between a number and its noun
# Prepositions that may stand between a qualifier and its number (более чем у 200 тысяч,
# более чем в 40 регионах, почти на 2 тысячи).
QUALIFIER_PREPOSITIONS = {"в", "во", "на", "у", "к", "ко", "для", "по", "при", "о", "об"}
# Comparatives that before "на N" give the direction of a change, not a bound (больше на 150).
BARE_COMPARATIVES = {("больше",), ("меньше",), ("более",), ("менее",), ("выше",), ("ниже",)}
# Words before a number that mark its slot in a list of parallel figures.
SLOT_WORDS = QUALIFIER_PREPOSITIONS | {"до", "с", "со", "от", "("}
CHANGE_ENDS = {"с", "со", "до"}  # "с X до Y": the levels of a change
BACKWARD_REACH = 40  # tokens read back for the verb of a change
LONGEST_FIGURE = 10  # an unbroken run of this many digits is a code, not a quantity
CLAUSE_REACH = 12  # words either side of a number read for its clause's context


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str  # percent, money, score, other, time, date
    measures: Optional[str] = None  # площадь for area units


@dataclass(frozen=True)
class Figure:
    """A number with what the tokens around it say, before it becomes an Indicator."""

    value: float
    kind: str
    first: int  # first token of the mention (qualifier included)
    last: int  # end token of the mention
    qualifier: str = "exact"
    unit: Optional[str] = None
    value_max: Optional[float] = None
    of_total: Optional[float] = None
    noun: Optional[int] = None  # token index of the counted noun (or the whole after %)
    number_first: int = 0
    number_last: int = 0
    opens_change: bool = False  # "с X" of a change "с X до Y"
    inherited_unit: Optional[str] = None  # unit taken from the figure before: (1939 идей), (863)
    measures: Optional[str] = None  # площадь for an area
    scale: float = 1.0  # the multiplier word applied to the number (1000 for "тыс."), else 1


class IndicatorExtractor:
    """``(doc, regions, dates) -> list[Indicator]``."""

    def __init__(self) -> None:
        self.reader = NumberReader()
        self.units: dict[tuple[str, ...], Unit] = {
            tuple(row[0].split()): Unit(*row[1:]) for row in read_tsv("units.tsv")}
        self.unit_len = max(len(k) for k in self.units)
        self.before: dict[tuple[str, ...], str] = {}
        self.exceed_verbs: set[str] = set()
        self.change_verbs: dict[str, str] = {}
        self.change_nouns: set[str] = set()
        self.attributes: dict[str, str] = {}  # примерная стоимость -> approx
        for phrase, qualifier, role in read_tsv("qualifiers.tsv"):
            kind, *extra = role.split()
            if kind == "before":
                self.before[tuple(phrase.split())] = qualifier
            elif kind == "attribute":
                self.attributes[phrase] = qualifier
            elif kind == "noun":
                self.change_nouns.add(phrase)
            elif kind == "verb" and extra[0] == "exceed":
                self.exceed_verbs.add(phrase)
            elif kind == "verb":
                self.change_verbs[phrase] = extra[1]
        self.unit_parts: dict[str, tuple[str, float]] = {
            whole: (part, float(parts)) for whole, part, parts in read_tsv("unit_parts.tsv")}
        self.before_len = max(len(k) for k in self.before)
        contexts = read_tsv("number_contexts.tsv")
        self.label_words = {word for word, where, _ in contexts if where == "before"}
        self.label_after = {word for word, where, _ in contexts if where == "after"}
        self.street_words = {word for word, where, _ in contexts if where == "street"}
        self.score_words = {word for word, where, _ in contexts if where == "score"}
        self.money_words = {word for word, where, _ in contexts if where == "money"}
        self.percent_nouns = {word for word, where, _ in contexts if where == "percent"}
        self.unit_nouns = {word: unit for word, where, unit in contexts if where == "unit"}
        self.subjects = SubjectFinder()

    def __call__(self, doc: Document, regions: Sequence[Region] = (),
                 dates: Sequence[DateMention] = ()) -> list[Indicator]:
        out: list[Indicator] = []
        primary = next((r.code for r in regions if r.primary), None)
        # ANNOTATION.md: a place name alone is never a subject (Республика Татарстан (1,5 тыс.))
        places = place_names(regions)
        history: list[Antecedent] = []
        region_spans = SpanIndex((m.start, m.end, r.code) for r in regions for m in r.mentions)
        date_spans = SpanIndex((d.start, d.end, d.value) for d in dates)
        for sentence in doc.body_sentences():
            tokens = doc.sentence_tokens(sentence)
            if not any(self.reader.is_start(t) for t in tokens):
                continue
            figures = self.figures(tokens, lambda sentence=sentence: doc.phrases(sentence), date_spans)
            if not figures:
                continue
            phrases = doc.phrases(sentence)
            index = doc.tokens[sentence.first].sent

            def previous(index=index):  # the sentence before, for pronouns that point back
                return doc.phrases(index - 1) if index > 0 and not doc.sentences[index - 1].furniture else None
            chain: Optional[int] = None  # the first figure of a coordinated list
            for n, fig in enumerate(figures):
                joined = _coordinated(tokens, figures[n - 1], fig) if n else None
                chain = (chain if chain is not None else joined) if joined is not None else None
                end = tokens[fig.last - 1]
                mention = doc.mention(tokens[fig.first].nstart,
                                      end.nend - (end.text[-1] == "," and end.text[:1].isdigit()))
                # links: the nearest in the figure's clause, else in its sentence
                scopes = (*self._link_scopes(phrases, fig), (sentence.start, sentence.end))
                region = _nearest(region_spans, mention.start, mention.end, scopes) or primary
                span = FigureSpan(first=fig.number_first, last=fig.number_last, noun=fig.noun,
                                  value=fig.value, change=self._change_noun(phrases, fig), kind=fig.kind,
                                  qualifier_first=fig.first, end=fig.last,
                                  inherited_unit=fig.inherited_unit, measures=fig.measures,
                                  coordinated=chain)
                subject, antecedent = self.subjects.find(phrases, span, history, previous)
                if subject is not None and subject.strip().lower() in places:
                    subject = None
                if antecedent is not None:
                    history.append(antecedent)
                out.append(Indicator(
                    text=mention.text, start=mention.start, end=mention.end,
                    value=_clean(fig.value), kind=fig.kind, qualifier=fig.qualifier,
                    unit=fig.unit, subject=subject, value_max=_clean(fig.value_max),
                    of_total=_clean(fig.of_total), region=region,
                    date=_nearest(date_spans, mention.start, mention.end, scopes)))
        return out

    # -- figures of one sentence ------------------------------------------------------
    def figures(self, tokens: Sequence[Token], layer: Callable[[], Phrases],
                dates: SpanIndex = SpanIndex(())) -> list[Figure]:
        """The figures of a sentence. ``layer`` gives its phrase layer (cached by the
        document), asked for only when a figure's clause is read."""
        found: list[Figure] = []
        i = 0
        while i < len(tokens):
            if not self.reader.is_start(tokens[i]) or _in_dates(tokens[i], dates):
                i += 1
                continue
            number = self.reader.read(tokens, i)
            if number and self._glued(tokens, number):
                i = number.last
                continue
            fig = self._figure(tokens, layer, number, found) if number else None
            if fig is None:
                i = number.last if number else i + 1
                continue
            if found and self._whole_before(tokens, found[-1], fig):
                whole = found.pop()
                fig = replace(fig, of_total=whole.value, noun=whole.noun, inherited_unit=None)
            found.append(fig)
            i = max(fig.last, fig.number_last)
        found = [self._share_change_unit(fig, found[n + 1] if n + 1 < len(found) else None)
                 for n, fig in enumerate(found)]
        for n in range(len(found) - 2, -1, -1):  # right to left: 50, 75 или 100%
            found[n] = _share_list_unit(tokens, found[n], found[n + 1])
        return found

    @staticmethod
    def _share_change_unit(fig: Figure, following: Optional[Figure]) -> Figure:
        """``с 40 до 65 человек``: the first figure of a change takes the unit of the second,
        and its multiplier (``с 12 до 15 тысяч рублей``)."""
        if (fig.opens_change and fig.noun is None and fig.unit is None and following is not None
                and fig.kind == "count" and following.number_first - fig.number_last <= 2):
            value = fig.value
            if fig.scale == 1.0 and _shares_scale(value, following.value, following.scale):
                value *= following.scale
            return replace(fig, kind=following.kind, unit=following.unit, noun=None, value=value,
                           scale=following.scale)
        return fig

    @staticmethod
    def _whole_before(tokens: Sequence[Token], whole: Figure, part: Figure) -> bool:
        """``Из 28 районов 25 подключены``: a clause opening with "из Y" gives the whole of the
        bare figure that follows it in the clause (one indicator, as ``25 из 28``)."""
        at = whole.first - 1
        if at < 0 or tokens[at].lower != "из" or (at > 0 and tokens[at - 1].text not in (",", ";", ":")):
            return False
        has_own_noun = part.noun is not None and not part.inherited_unit
        if has_own_noun or part.unit != whole.unit or part.kind != whole.kind:
            return False
        between = tokens[whole.last:part.first]
        return part.value <= whole.value and not any(t.text in (",", ";", ":", "(") for t in between)

    def _figure(self, tokens: Sequence[Token], layer: Callable[[], Phrases], number: Number,
                previous: list[Figure]) -> Optional[Figure]:
        first, j = number.first, number.last
        value, value_max = number.value, number.value_max
        sign, sign_at = self._sign(tokens, first)
        start = sign_at if sign_at is not None else first
        prefix_currency = None
        if start > 0 and tokens[start - 1].text in CURRENCY_SIGNS:
            prefix_currency = CURRENCY_SIGNS[tokens[start - 1].text]
            start -= 1
        prev = _word_before(tokens, start)
        if self._rate_base(tokens, start, prev, previous, value) and not self._dimension(tokens, number, previous):
            return None
        if self._in_quoted_name(tokens, number):
            return None  # «Цифровой регион 2024»: a number inside a programme's name
        # A range written with a separate dash or as "от X до Y".
        if value_max is None and j + 1 < len(tokens):
            if (tokens[j].text in RANGE_DASHES or (prev == "от" and tokens[j].lower == "до")):
                upper = self.reader.read(tokens, j + 1) if self.reader.is_start(tokens[j + 1]) else None
                if upper and upper.value > value:
                    value_max = upper.value
                    if (upper.multiplied and not number.multiplied
                            and _shares_scale(value, upper.value, upper.scale)):
                        value *= upper.scale  # от 3 до 5 тыс. рублей, not от 800 до 1,2 тыс.
                    j = upper.last
        # Of a whole: "86 из 86 услуг", "семи из девяти этапов".
        of_total, j = self._of_total(tokens, j)
        unit = None
        noun = None
        kind = None
        measures = None
        inherited_unit = None
        unit_end = j
        if prefix_currency:
            unit, kind = prefix_currency, "money"
        if number.fraction:
            kind = "fraction"
        elif number.times:
            kind, unit = "multiplier", None
        elif number.repeats:
            kind, unit = "count", "раз"  # дважды переизбирался
        elif number.percent:
            kind, unit = "percent", "%"
        if kind is None or kind == "money":
            found_unit, unit_end = self._unit(tokens, j)
            if found_unit:
                measured = start > 0 and tokens[start - 1].lemma in self.subjects.measure_verbs
                if found_unit.kind == "date" or (found_unit.kind == "time" and not measured):
                    return None  # a span of time measures something only after a measuring verb
                kind = "other" if found_unit.kind == "time" else found_unit.kind
                unit, measures = found_unit.unit, found_unit.measures  # продолжительность жизни достигла 72,5 года
                if unit in self.unit_parts and not number.multiplied:
                    parts, unit_end = self._unit_part(tokens, unit_end, unit)
                    value += parts
        if kind is None and j < len(tokens) and tokens[j].lower in ("раз", "раза"):
            if prev == "в":
                kind = "multiplier"
            else:
                kind, unit = "count", "раз"
            unit_end = j + 1
        adjective = number.percent or (number.times and _adjective(tokens[first]))
        if adjective or (kind == "percent" and self._percent_adjective(tokens, unit_end)):
            # 100%-ное обеспечение, 100-процентный охват, двукратный рост: the noun the
            # adjective qualifies is what is measured
            unit_end += 0 if adjective else 2
            noun = next((k for k in range(unit_end, min(len(tokens), unit_end + 3))
                         if tokens[k].is_word and tokens[k].parses
                         and tokens[k].pos == "NOUN"), None)
        elif kind in (None, "percent", "fraction", "other", "score", "money") and not number.times:
            noun = self._counted_noun(tokens, unit_end, value, number)
            if noun is not None and kind is None and tokens[noun].pos in ("ADJF", "PRTF") \
                    and previous and previous[-1].kind == "count" and previous[-1].unit:
                kind, unit = "count", previous[-1].unit  # из них 49 муниципальных [услуг]
                inherited_unit = unit
                unit_end = noun + 1
            if noun is not None and kind is None:
                lemma = _noun_lemma(tokens[noun])
                known = self.units.get((lemma,)) or self.units.get((tokens[noun].lower,))
                if known and known.kind in ("time", "date"):
                    return None
                kind, unit = "count", lemma.replace("ё", "е")
                unit_end = noun + 1
        if of_total is None:
            of_total, after_total = self._of_total(tokens, unit_end, noun)
            if of_total is not None:
                unit_end = after_total
        if self._ruled_out(tokens, number, start, prev, kind, unit, noun, unit_end):
            return None
        if kind is None:
            if self._misfit_noun(tokens, unit_end, value, number) or \
                    not self._bare_allowed(tokens, number, start, prev):
                return None
            kind, unit = self._bare_unit(tokens, layer, number, start, prev, previous)
            inherited_unit = unit if kind == "count" and unit != "раз" else None
            if number.in_words and not number.multiplied and unit_end < len(tokens) \
                    and _latin(tokens[unit_end]):
                kind, unit = "count", tokens[unit_end].lower  # девять pick-up point
        if number.in_words and value == 1 and first + 1 < len(tokens) and tokens[first + 1].lower == "из":
            return None  # один из районов: not a count
        if kind == "count" and unit is None and noun is None and _collective(tokens[first]):
            unit = "человек"  # погибли двое, трое госпитализированы
        open_end = value_max is None and not (unit_end < len(tokens) and tokens[unit_end].lower == "до")
        qualifier, qual_at, opens_change = self._qualifier(tokens, layer, start, prev, kind, previous, open_end)
        if number.after_qualifier and qualifier == "exact":
            qualifier = number.after_qualifier
        if kind == "multiplier" and prev == "в":
            qual_start = qual_at if qual_at is not None else start - 1
        else:
            qual_start = qual_at if qual_at is not None else start
        if sign < 0:
            value, value_max = -value, (-value_max if value_max is not None else None)
        return Figure(value=value, kind=kind, first=qual_start, last=max(unit_end, number.last),
                      qualifier=qualifier, unit=unit, value_max=value_max, of_total=of_total,
                      noun=noun, number_first=first, number_last=number.last,
                      opens_change=opens_change, inherited_unit=inherited_unit, measures=measures,
                      scale=number.scale if number.multiplied else 1.0)

    def _bare_unit(self, tokens: Sequence[Token], layer: Callable[[], Phrases], number: Number,
                   start: int, prev: str, previous: list[Figure]) -> tuple[str, Optional[str]]:
        """Kind and unit of a number with no unit or noun of its own, in order: the whole of
        a part (из них 800 млн), a mark (средний балл составил 68,4), the figure in the same
        slot of a list (на 12 процентов, до 21 тысячи рублей ..., до 18 тысяч), a level after
        a change in percent (сократилась на 60%, с 12 тысяч до 4,8 тысячи: counts), the
        figure before (68 процентов ..., а 13,2), a sum in a clause about money (выделила
        3,4 млрд), else a count."""
        money = number.multiplied and self._in_clause(layer(), number, self.money_words)
        if prev in ("них", "числе"):
            inherited = _whole_of_part(previous, number)
        elif self._rated(tokens, start):
            return "score", "балл"
        elif self._measured_noun(tokens, start):
            return "other", self._measured_noun(tokens, start)
        else:
            inherited = _parallel(tokens, previous, prev, start)
            latest = _latest_own_unit(previous)
            if inherited is None and latest is not None and prev in CHANGE_ENDS \
                    and latest.kind == "percent" and _slot(tokens, latest) == "на" \
                    and not self._in_clause(layer(), number, self.percent_nouns):
                return ("money", "руб.") if money else ("count", None)
            if inherited is None and not (money and (latest is None or latest.kind == "count")):
                inherited = latest
        if number.in_words and not number.multiplied:
            return "count", inherited.unit if inherited is not None and inherited.kind == "count" else None
        if inherited is not None and inherited.kind in ("percent", "money", "score", "other", "count"):
            return inherited.kind, inherited.unit
        if money:
            return "money", "руб."
        return ("count" if number.integer or number.multiplied else "other"), None

    @staticmethod
    def _in_clause(phrases: Phrases, number: Number, lemmas: set[str]) -> bool:
        """Whether a word of ``lemmas`` stands in the number's clause, a few words around."""
        begin, end = phrases.clause_span(number.first, number.last)
        window = phrases.tokens[max(begin, number.first - CLAUSE_REACH):min(end, number.last + CLAUSE_REACH)]
        return any(t.is_word and t.lemma in lemmas for t in window)

    def _dimension(self, tokens: Sequence[Token], number: Number, previous: list[Figure]) -> bool:
        """``размером 30 на 15,5 м``: a bare number, на, and a measure: two sides, no rate
        (unlike ``8 л на 100 км``, ``38,5 на 10 тыс. населения``)."""
        if not previous or previous[-1].unit is not None or previous[-1].noun is not None:
            return False
        unit, _ = self._unit(tokens, number.last)
        return unit is not None and unit.kind == "other"

    @staticmethod
    def _in_quoted_name(tokens: Sequence[Token], number: Number) -> bool:
        """A number that closes a quoted stretch of words opened a few words before it:
        «Цифровой регион 2024», «Стратегия 2030»."""
        k = number.last
        if k >= len(tokens) or tokens[k].text != '"' or tokens[k].nstart != tokens[k - 1].nend:
            return False
        for j in range(number.first - 1, max(-1, number.first - 6), -1):
            tok = tokens[j]
            if tok.text == '"':
                return j + 1 < len(tokens) and tokens[j + 1].nstart == tok.nend and j + 1 < number.first
            if not tok.is_word:
                return False
        return False

    @staticmethod
    def _rate_base(tokens: Sequence[Token], start: int, prev: str, previous: list[Figure],
                   value: float) -> bool:
        """``38,5 на 10 тыс. населения``, ``на каждые 100 жителей``: the base of a rate, a
        power of ten (300 млн рублей на 25 проектов is two figures)."""
        if prev == "на" and previous and previous[-1].last == start - 1:
            return value > 0 and math.log10(value).is_integer()
        return prev in EVERY and start >= 2 and tokens[start - 2].lower == "на"

    def _ruled_out(self, tokens: Sequence[Token], number: Number, start: int, prev: str,
                   kind: Optional[str], unit: Optional[str], noun: Optional[int], unit_end: int) -> bool:
        """A year, a label (№ 5, ст. 290, 184 ФЗ), a time (в 14.00), or the first day of a date
        list."""
        if number.year_like and (kind is None or unit in ("год", "г")):
            return True
        if kind is None and prev in CLOCK_BEFORE and CLOCK.match(tokens[number.first].text):
            return True
        if prev in self.label_words or (start > 0 and tokens[start - 1].is_word
                                         and tokens[start - 1].lemma in self.label_words):
            return True
        if unit_end < len(tokens) and tokens[unit_end].lower in self.label_after:
            return True
        if noun is not None and tokens[noun].lower in self.label_after:
            return True
        if kind is None and self._after_street(tokens, start):
            return True
        return self._is_date_list(tokens, number.last)

    def _measured_noun(self, tokens: Sequence[Token], start: int) -> Optional[str]:
        """The unit a noun of the clause gives a bare number: при температуре +20 (°)."""
        for tok in reversed(tokens[max(0, start - 4):start]):
            if tok.text in CLAUSE_END or tok.text in (",", ";", "(", ")"):
                return None
            if tok.is_word and tok.lemma in self.unit_nouns:
                return self.unit_nouns[tok.lemma]
        return None

    def _rated(self, tokens: Sequence[Token], start: int) -> bool:
        """A bare number in a clause about a mark (балл, оценили): a score."""
        for tok in reversed(tokens[max(0, start - 12):start]):
            if tok.text in (",", ";", ":", "(", ")") or tok.text in CLAUSE_END:
                return False
            if tok.is_word and tok.lemma in self.score_words:
                return True
        return False

    def _after_street(self, tokens: Sequence[Token], start: int) -> bool:
        """ул. Ленина, 5; проспект Мира, 12: a house number after a street name and a comma."""
        if start < 3 or tokens[start - 1].text != ",":
            return False
        for tok in reversed(tokens[max(0, start - 6):start - 1]):
            word = tok.lower.rstrip(".")
            if word in self.street_words or (tok.is_word and tok.lemma in self.street_words):
                return True
            if not (tok.is_title or tok.text == "." or tok.text[:1].isdigit() or _genitive_noun(tok)):
                return False  # (набережная реки Карповки, 5: a noun in the genitive goes on)
        return False

    @staticmethod
    def _glued(tokens: Sequence[Token], number: Number) -> bool:
        """Digits glued to other characters belong to a URL, a code, a time (15:27)."""
        first, last = tokens[number.first], tokens[number.last - 1]
        if number.first > 0:
            before = tokens[number.first - 1]
            if before.nend == first.nstart and before.text not in GLUE_BEFORE:
                return True
        if number.last < len(tokens) and last.text[:1].isdigit():  # not: 3 млн.руб.
            after = tokens[number.last]
            if after.nstart == last.nend and after.text not in GLUE_AFTER:
                return True
        return False

    def _sign(self, tokens: Sequence[Token], first: int) -> tuple[float, Optional[int]]:
        if first == 0:
            return 1.0, None
        prev = tokens[first - 1]
        if prev.lower in ("плюс", "минус"):
            return SIGNS[prev.lower], first - 1
        if prev.text in ("+", "-") and prev.nend == tokens[first].nstart:
            glued_before = first >= 2 and tokens[first - 2].nend == prev.nstart
            if not glued_before or tokens[first - 2].text in "(":
                return SIGNS[prev.text], first - 1
        return 1.0, None

    def _of_total(self, tokens: Sequence[Token], j: int,
                  noun: Optional[int] = None) -> tuple[Optional[float], int]:
        """``86 из 86``, ``12 человек из 30 опрошенных``: the whole after из. After a counted
        noun, из before a number with another noun is an origin (80 волонтеров из 12
        городов: two counts)."""
        if j + 1 < len(tokens) and tokens[j].lower == "из" and self.reader.is_start(tokens[j + 1]):
            whole = self.reader.read(tokens, j + 1)
            if whole and not whole.fraction and not whole.times:
                end = whole.last
                if noun is not None and end < len(tokens) and _is_noun(tokens[end]) \
                        and tokens[end].lemma != tokens[noun].lemma:
                    return None, j
                if end < len(tokens) and tokens[end].lower in ("возможных", "возможного"):
                    end += 1
                return whole.value, end
        return None, j

    def _unit(self, tokens: Sequence[Token], j: int) -> tuple[Optional[Unit], int]:
        """The longest unit from models/units.tsv at tokens[j:], dots skipped."""
        words: list[str] = []
        lemmas: list[str] = []
        ends: list[int] = []
        k = j
        while k < len(tokens) and len(words) < self.unit_len:
            tok = tokens[k]
            if tok.text == "." and words:
                k += 1
                prev_word = tokens[k - 2].text
                if prev_word.isalpha() and len(prev_word) <= 4 and tokens[k - 2].nend == tok.nstart:
                    ends[-1] = k  # the dot of an abbreviation (руб., кв. м), not a sentence end
                continue
            if tok.text in CLAUSE_END or tok.text in ",()\"":
                break
            words.append(tok.lower.rstrip("."))
            lemmas.append(tok.lemma if tok.is_word else tok.lower)
            k += 1
            ends.append(k)
        for n in range(len(words), 0, -1):
            for key in (tuple(words[:n]), tuple(lemmas[:n])):
                if key in self.units:
                    if n == 1 and len(words[0]) == 1 and words[0].isalpha() and not (
                            ends[0] > j + 1 or self._ends_phrase(tokens, j + 1)
                            or _plain_word(tokens[j + 1])):
                        continue  # one-letter units (м, т, г, р) only as "м.", before punctuation
                        # or before a word in lower case (8 л на 100 км; not 5 т е)
                    unit, end = self.units[key], ends[n - 1]
                    if end == len(tokens) and tokens[end - 1].text == "." and not unit.unit.endswith("."):
                        end -= 1  # "... 50 МВт.": the sentence's full stop, not an abbreviation's dot
                    return unit, end
        return None, j

    def _unit_part(self, tokens: Sequence[Token], j: int, unit: str) -> tuple[float, int]:
        """``5 рублей 40 копеек``, ``82 километра 169 метров``: the smaller part after a unit
        (models/unit_parts.tsv), as a fraction of the unit."""
        part, parts = self.unit_parts[unit]
        if j < len(tokens) and tokens[j].text.isdecimal() and int(tokens[j].text) < parts:
            found, end = self._unit(tokens, j + 1)
            if found is not None and found.unit == part:
                return int(tokens[j].text) / parts, end
        return 0.0, j

    @staticmethod
    def _percent_adjective(tokens: Sequence[Token], j: int) -> bool:
        """``%-ное``, ``%-ный``: the percent sign glued to an adjective ending."""
        return (j + 1 < len(tokens) and tokens[j].text == "-" and tokens[j].nstart == tokens[j - 1].nend
                and tokens[j + 1].nstart == tokens[j].nend and tokens[j + 1].is_word)

    @staticmethod
    def _ends_phrase(tokens: Sequence[Token], k: int) -> bool:
        return k >= len(tokens) or not tokens[k].is_word

    def _counted_noun(self, tokens: Sequence[Token], j: int, value: float,
                      number: Number) -> Optional[int]:
        """The noun the number counts: the next noun after adjectives and participles."""
        k = j
        last_attribute = None
        while k < len(tokens) and k < j + 8:
            tok = tokens[k]
            if tok.text == '"' and k + 1 < len(tokens) and tokens[k + 1].nstart == tok.nend:
                k += 1  # 3 «умных» остановки: an opening quote (a closing one ends the phrase)
                continue
            if tok.lower in POSSESSIVES and k + 1 < len(tokens) and tokens[k + 1].is_word:
                k += 1  # три его заместителя
                continue
            if (k + 1 < len(tokens) and tokens[k + 1].nstart == tok.nend and tok.is_word
                    and tokens[k + 1].is_word):
                k += 1  # IТ-стартапов split by razdel into I + Т-стартапов
                continue
            if not tok.is_word or (tok.is_title and not tok.text[:2].isupper()):  # МФЦ, ФАПов: nouns
                return self._substantive(tokens, last_attribute, k)
            parses = tok.parses
            if not parses:
                return None
            pos = parses[0].tag.POS
            if k == j and pos in VERB_POS and self._counted_reading(parses, value, number):
                return k  # 40 сел: a genitive plural the verb сесть hides
            if pos is None and len(tok.text) > 1 and CYRILLIC_CAPS.match(tok.text):
                return k  # 3 МФЦ: an abbreviation pymorphy3 does not know (not SLK 55 AMG)
            if pos == "NOUN" and _attribute_of_next(tokens, k):
                last_attribute = k  # 36% взрослого населения: an adjective before its noun
            elif pos == "NOUN":
                if tok.lower in self.reader.words:
                    return None
                if self._fits(parses, value, number):
                    return k
                if k == j:
                    return None  # a noun right after the number that does not fit it
            elif pos == "COMP" and k == j:
                pass  # на 12 тысяч больше туристов
            elif pos == "CONJ" and last_attribute == k - 1 and k + 1 < len(tokens) \
                    and tokens[k + 1].pos in ("ADJF", "PRTF"):
                pass  # региональных и муниципальных услуг
            elif pos not in NOUN_SKIP_POS:
                return self._substantive(tokens, last_attribute, k)
            else:
                last_attribute = k
            k += 1
        return None

    def _counted_reading(self, parses: tuple, value: float, number: Number) -> bool:
        """A word read first as something else that is a noun in the genitive plural a
        number of five or more (or a multiplied one) takes."""
        return (number.multiplied or value >= 5) and any(
            p.tag.POS == "NOUN" and p.tag.case == "gent" and p.tag.number == "plur"
            and p.is_known for p in parses)

    @staticmethod
    def _substantive(tokens: Sequence[Token], attribute: Optional[int], stop: int) -> Optional[int]:
        """An adjective or participle used as a noun (215 заболевших, 1 062 811 зараженных):
        a genitive plural attribute right before the end of the phrase."""
        if attribute is None or attribute != stop - 1:
            return None
        parses = tokens[attribute].parses
        if any(p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "gent" and p.tag.number == "plur"
               for p in parses[:2]):  # загородных: a locative first to pymorphy3
            return attribute
        return None

    @staticmethod
    def _fits(parses: tuple, value: float, number: Number) -> bool:
        """A counted noun after a number is genitive, or agrees with it in an oblique case
        (к 12 стационарам, с 23 журналистами), or agrees with one / a word numeral."""
        nouns = [p for p in parses if p.tag.POS == "NOUN"]
        if any(p.tag.case == "gent" for p in nouns) or number.in_words or number.multiplied \
                or not number.integer:
            return True
        if any(p.tag.number == "plur" and p.tag.case in ("datv", "ablt", "loct") for p in nouns):
            return True
        last_two = int(value) % 100
        return int(value) % 10 == 1 and last_two != 11

    def _misfit_noun(self, tokens: Sequence[Token], j: int, value: float, number: Number) -> bool:
        """A noun right after the number in a form no count takes (на 2 месте): a rank or a
        label, not a quantity."""
        if j >= len(tokens) or not tokens[j].is_word or tokens[j].is_title or not tokens[j].parses:
            return False
        parses = tokens[j].parses
        return (parses[0].tag.POS == "NOUN" and tokens[j].lower not in self.reader.words
                and not self._fits(parses, value, number))

    def _bare_allowed(self, tokens: Sequence[Token], number: Number, start: int, prev: str) -> bool:
        """A number with no unit or noun counts unless it is a label or part of a name; a
        number word only when it stands for a noun (an ellipsis after or before a dash: еще
        семь – в Соликамск, Глазова – четыре; a distributive: по одной на каждый округ;
        before a Latin noun: девять pick-up point)."""
        if number.in_words and not number.multiplied and not number.repeats \
                and not _collective(tokens[number.first]) and not self._word_stands_alone(tokens, number, prev):
            return False
        if number.year_like:
            return False
        text = tokens[number.first].text.rstrip(",.")
        if number.last == number.first + 1 and text.isdigit() and len(text) >= LONGEST_FIGURE:
            return False  # 89052614662: a phone number or a registration code
        if any(PHONE.match(t.text) for t in tokens[number.last:number.last + 4]):
            return False  # 8 (8352) 56-50-12
        if start > 0:
            before = tokens[start - 1]
            if (before.is_word and before.is_title and before.nend + 1 == tokens[start].nstart
                    and before.pos in (None, "NOUN")):
                return False  # Россия 1, SLK 55 (not: На 12 тысяч больше, Погибли двое)
        after = tokens[number.last] if number.last < len(tokens) else None
        if after is not None and after.is_word and (after.is_title or after.text.isupper()):
            return False  # 1 Отрешить ..., 184 ФЗ
        if (after is not None and after.text in (".", ")") and number.last + 1 < len(tokens)
                and tokens[number.last + 1].is_title):
            return False  # list numbering: 1. Михаил ..., 2) Настоящий ...
        if (after is not None and after.text == ")"
                and (start == 0 or tokens[start - 1].text in (";", ":", "."))):
            return False  # list numbering at a clause's start: 1) отремонтировано ...; 2) ...
        if (after is not None and after.text == "." and after.nstart == tokens[number.last - 1].nend
                and number.last + 1 == len(tokens)
                and (start == 0 or not (tokens[start - 1].is_word or tokens[start - 1].text in "–-"))):
            return False  # "... голоса) 2." / "... 48,2 % 2.": razdel ends a sentence after a list number
        return True

    @staticmethod
    def _word_stands_alone(tokens: Sequence[Token], number: Number, prev: str) -> bool:
        """A number word whose noun is left out or foreign: a dash after it or before it,
        ``по N на каждый``, or a Latin word after it."""
        after = tokens[number.last] if number.last < len(tokens) else None
        if after is not None and (_is_dash(after, tokens[number.last - 1]) or _latin(after)):
            return True
        if prev in ("–",) and (after is None or not after.is_word):
            return True
        # по одной на каждый округ, по одному в субъекте: a distributive
        return prev == "по" and after is not None and (
            after.lower in QUALIFIER_PREPOSITIONS or after.lemma == "каждый")

    def _is_date_list(self, tokens: Sequence[Token], j: int) -> bool:
        """11 и 12 ноября, 15–16 сентября, с 9 до 18 часов: the first of a list of days or
        times."""
        if j + 2 < len(tokens) and tokens[j].lower in ("и", ",", "–", "-", "или", "на", "по", "до"):
            if tokens[j + 1].text.isdigit():
                unit, _ = self._unit(tokens, j + 2)
                return bool(unit and unit.kind in ("date", "time"))
        return False

    def _qualifier(self, tokens: Sequence[Token], layer: Callable[[], Phrases], start: int, prev: str, kind: str,
                   previous: list[Figure], open_end: bool = False) -> tuple[str, Optional[int], bool]:
        """(qualifier, index of its first token, opens a change "с X"). ``от X`` with no
        upper end is a lower bound (ставка от 1%); the words before the number, a verb of
        exceeding (not with на: превысил на 56% is the margin), else an adjective of
        approximation on the measured noun (примерная стоимость ... в 35,6 млн рублей)."""
        end = start - 1 if prev in QUALIFIER_PREPOSITIONS else start
        if prev == "с" and kind != "multiplier":
            return "exact", start - 1, True
        if prev == "от":
            return ("at_least" if open_end else "exact"), start - 1, False
        lowered = [t.lower for t in tokens[max(0, end - self.before_len):end]]
        for n in range(min(self.before_len, len(lowered)), 0, -1):
            phrase = tuple(lowered[-n:])
            if phrase in self.before and not (end < start and phrase in BARE_COMPARATIVES):
                qualifier = self.before[phrase]
                if phrase == ("до",) and self._after_change(layer(), end - 1, previous):
                    qualifier = "exact"
                return qualifier, end - n, False
        for k in range(end - 1, max(-1, end - 5), -1):
            if not tokens[k].is_word:
                break  # превысил 85 баллов, в 9 –: another figure's verb
            if tokens[k].lemma in self.exceed_verbs:
                if prev == "на":
                    break  # трафик превысил докризисный на 56%: the margin, exact
                negated = k > 0 and tokens[k - 1].lower == "не"  # не превышает 5%
                return ("at_most" if negated else "more"), None, False
        return self._attribute_qualifier(layer(), start), None, False

    def _attribute_qualifier(self, phrases: Phrases, start: int) -> str:
        """``примерная стоимость нулевого цикла – в 35,6 млн рублей``: an adjective of
        approximation in the figure's clause before it."""
        begin, _ = phrases.clause_span(start, start + 1)
        for tok in phrases.tokens[max(begin, start - CLAUSE_REACH):start]:
            if tok.is_word and tok.lemma in self.attributes:
                return self.attributes[tok.lemma]
        return "exact"

    def _after_change(self, phrases: Phrases, at: int, previous: list[Figure]) -> bool:
        """``до`` after a verb or a noun of change in its clause (or after "с X") gives the
        resulting value. A gapped clause leaves out the verb of the clause before it
        (поднимут до 45 рублей в марте, а в сентябре – до 50 рублей), a bracket continues
        the clause it interrupts (увеличением количества тестов (до 40 тыс. в день))."""
        tokens = phrases.tokens
        if previous and (previous[-1].opens_change or (
                _slot(tokens, previous[-1]) == "на" and [t.text for t in tokens[previous[-1].last:at]] == [","])):
            return True  # с 40 до 65; на 3%, до 40 тысяч рублей: the result of the change
        begin, _ = phrases.continued_span(at) or phrases.clause_span(at, at + 1)
        return any(tok.is_word and (tok.lemma in self.change_verbs or tok.lemma in self.change_nouns)
                   for tok in tokens[max(begin, at - BACKWARD_REACH):at])

    @staticmethod
    def _link_scopes(phrases: Phrases, fig: Figure) -> list[tuple[int, int]]:
        """Article offsets where a figure's region and date are looked for first: its clause;
        for a figure in brackets, then the phrase the bracket follows (``Московской области
        (393,4 тыс. ед.), Краснодарском крае ...``), then the clause the bracket interrupts."""
        tokens = phrases.tokens
        clause = phrases.clause_at(fig.first)
        spans = [phrases.clause_span(fig.first, max(fig.last, fig.number_last))]
        if clause.kind == "parenthesis" and clause.start > 0:
            spans += [phrases.bracket_host(clause.start - 1), phrases.continued_span(fig.first)]
        return [(tokens[a].start, tokens[b - 1].end) for a, b in (s for s in spans if s is not None)]

    def _change_noun(self, phrases: Phrases, fig: Figure) -> Optional[str]:
        """рост/снижение when the figure is the size of a change (в 2 раза, на 20%)."""
        tokens = phrases.tokens
        if fig.kind == "multiplier" or (fig.number_first > 0 and tokens[fig.number_first - 1].lower == "на"):
            verb = self._change_verb(phrases, fig)
            if verb is not None:
                return self.change_verbs[tokens[verb].lemma]
            # в 2 раза больше; на 0,2 процента больше, чем годом ранее; стало меньше на 3%
            if fig.kind == "multiplier":
                around = tokens[fig.number_last:fig.number_last + 3]
            else:
                around = [*tokens[fig.last:fig.last + 1], *tokens[max(0, fig.number_first - 2):fig.number_first - 1]]
            for tok in around:
                if tok.lower in ("больше", "выше", "дороже"):
                    return "рост"
                if tok.lower in ("меньше", "ниже", "дешевле"):
                    return "снижение"
        return None


    def _change_verb(self, phrases: Phrases, fig: Figure) -> Optional[int]:
        """The verb of change that governs the figure: the nearest one in its clause (выросло
        на 5%, а смертность снизилась на 12 п.п.), else the first of the sentence."""
        verbs = [k for k, tok in enumerate(phrases.tokens) if tok.is_word and tok.lemma in self.change_verbs]
        begin, end = phrases.clause_span(fig.first, fig.last)
        near = [k for k in verbs if begin <= k < end]
        if near:
            return min(near, key=lambda k: fig.first - k if k < fig.first else k - fig.last + 1)
        return verbs[0] if verbs else None


def _share_list_unit(tokens: Sequence[Token], fig: Figure, following: Figure) -> Figure:
    """``50, 75 или 100%``, ``3 и 5 млн рублей``: a bare number of a list takes the unit of
    the next one (not ``12, или 60%``, which restates it); so does the first side of a
    dimension (``30 на 15,5 м``, ``3 х 4 м``)."""
    if fig.unit is not None or fig.noun is not None or fig.kind != "count" or following.kind == "count" \
            or following.unit is None:
        return fig
    between = [t.lower for t in tokens[fig.last:following.first]]
    if between in (["на"], ["х"], ["x"], ["×"]) and following.kind == "other":
        return replace(fig, kind=following.kind, unit=following.unit)  # размером 30 на 15,5 м
    comma = tokens[fig.last - 1].text.endswith(",") or between[:1] == [","]
    if between not in ([], [","], ["и"], ["или"]) or (comma and between[-1:] == ["или"]):
        return fig
    value = fig.value
    if fig.scale == 1.0 and _shares_scale(value, following.value, following.scale):
        value *= following.scale
    return replace(fig, kind=following.kind, unit=following.unit, value=value, scale=following.scale)


def _attribute_of_next(tokens: Sequence[Token], k: int) -> bool:
    """A word pymorphy3 reads first as a noun that also reads as an adjective agreeing with
    the noun after it (взрослого населения, рабочих мест)."""
    if k + 1 >= len(tokens) or not tokens[k + 1].is_word or not tokens[k + 1].parses \
            or tokens[k + 1].pos != "NOUN":
        return False
    nouns = [q.tag for q in tokens[k + 1].parses if q.tag.POS == "NOUN"]
    return any(p.tag.POS in ("ADJF", "PRTF") and any(
        n.case == p.tag.case and n.number == p.tag.number and (n.number == "plur" or n.gender == p.tag.gender)
        for n in nouns) for p in tokens[k].parses[1:])


def _latest_own_unit(previous: Sequence[Figure]) -> Optional[Figure]:
    """The latest figure whose unit is its own, not taken from one before it."""
    return next((f for f in reversed(previous) if f.inherited_unit is None), None)


def _parallel(tokens: Sequence[Token], previous: Sequence[Figure], prev: str,
              figure_first: int) -> Optional[Figure]:
    """The figure in the same slot of a list earlier in the sentence, after the same
    preposition or bracket: ``в 12 регионах он превысил 85 баллов, в 9 – ...`` (the bare 9
    counts regions, not points); ``(на 12 процентов, до 21 тысячи рублей) и Саратове (на 9
    процентов, до 18 тысяч)``; ``(9,2 тыс. на 45 млрд руб.), ... (3,3 тыс. на 11 млрд
    руб.)``."""
    if prev not in SLOT_WORDS:
        return None
    found = next((f for f in reversed(previous) if _slot(tokens, f) == prev
                  and (f.inherited_unit is None or f.kind != "count")), None)
    if found is None and prev == "по" and figure_first >= 2 and tokens[figure_first - 2].text == "(":
        return _parallel(tokens, previous, "(", figure_first - 1)  # (по 1,4 тыс. на ...): the bracket's slot
    return found


def _slot(tokens: Sequence[Token], fig: Figure) -> str:
    """The word or bracket before a figure's number (its sign and currency sign skipped)."""
    k = fig.number_first
    while k > 0 and tokens[k - 1].text in SIGN_TOKENS:
        k -= 1
    return _word_before(tokens, k)


def _noun_lemma(tok: Token) -> str:
    """The lemma of a word's first noun reading (сел -> село, not сесть)."""
    return next((p.normal_form for p in tok.parses if p.tag.POS == "NOUN"), tok.lemma)


def _plain_word(tok: Token) -> bool:
    """A lower-case word of two letters or more."""
    return tok.is_word and not tok.is_title and len(tok.text) > 1


def _genitive_noun(tok: Token) -> bool:
    return tok.is_word and tok.pos == "NOUN" and tok.case == "gent"


def _is_verb(tok: Token) -> bool:
    return tok.is_word and tok.pos in VERB_POS


def _is_dash(tok: Token, before: Token) -> bool:
    """A dash between words: an en dash, or a hyphen with a space before it."""
    return tok.text == "–" or (tok.text == "-" and tok.nstart > before.nend)


def _latin(tok: Token) -> bool:
    """A word in Latin letters (pick-up, hub)."""
    return tok.is_word and tok.text[:1].isascii()


def _is_noun(tok: Token) -> bool:
    return tok.is_word and tok.pos == "NOUN"


def _whole_of_part(previous: Sequence[Figure], number: Number) -> Optional[Figure]:
    """The figure whose unit a part after ``из них``, ``в том числе`` takes: the latest sum
    for a number with a multiplier word (из них 800 млн), else the latest count of things
    (28 выпускников получили 100 баллов, из них 12 – по химии)."""
    kinds = ("money",) if number.multiplied else ("count",)
    found = next((f for f in reversed(previous) if f.kind in kinds and f.unit), None)
    return found or (previous[-1] if previous else None)


def _coordinated(tokens: Sequence[Token], before: Figure, fig: Figure) -> Optional[int]:
    """First token of the figure before when only ``и``, a comma or ``а также`` joins the two
    (закупили 260 тракторов и 140 комбайнов), the first one's genitive dependents skipped
    (45 единиц техники и 30 автомобилей): they share its verb."""
    between = tokens[before.last:fig.first]
    words = [t.lower for t in between]
    for joiner in (["и"], [","], [",", "а", "также"], ["а", "также"]):
        n = len(joiner)
        if words[-n:] == joiner and len(between) - n <= 4 and all(
                t.is_word and t.pos in ("NOUN", "ADJF", "PRTF")
                and t.case == "gent" for t in between[:-n]):
            return before.first
    return None


def _word_before(tokens: Sequence[Token], start: int) -> str:
    """The lower-cased word before ``start``, an abbreviation's dot or a colon skipped
    (ст. 290, тел.: 8 ...)."""
    k = start - 1
    while k > 0 and tokens[k].text in (".", ":"):
        k -= 1
    return tokens[k].lower.rstrip(".") if k >= 0 else ""


def _shares_scale(value: float, upper: float, scale: float) -> bool:
    """Does a bare number before ``upper`` (with ``scale`` applied) share its multiplier?
    Only when both are of a size: ``с 12 до 15 тысяч``, not ``с 800 до 1,2 тысячи``."""
    written = upper / scale
    return written > 0 and 0.1 <= value / written <= 10


def _adjective(tok: Token) -> bool:
    """3-кратный, двукратное: a number word that is an adjective (not вдвое)."""
    return tok.text[:1].isdigit() or tok.pos == "ADJF"


def _collective(tok: Token) -> bool:
    """двое, трое, пятеро: collective numerals count people by themselves."""
    return bool(tok.parses) and "Coll" in tok.parses[0].tag


def _nearest(spans: SpanIndex[str], start: int, end: int,
             scopes: Sequence[tuple[int, int]]) -> Optional[str]:
    """The value of the span nearest to ``start`` that does not overlap the figure, in the
    first scope that holds one."""
    for low, high in scopes:
        found = spans.nearest(start, end, low, high)
        if found is not None:
            return found
    return None


def _in_dates(tok: Token, dates: SpanIndex) -> bool:
    return dates.covers(tok.start)


def _clean(value: Optional[float]) -> Optional[float]:
    """Four decimals; a share below one keeps four significant digits (1/150 is 0.006667)."""
    if value is None:
        return None
    if 0 < abs(value) < 1:
        return float(f"{value:.4g}")
    rounded = round(value, 4)
    return float(int(rounded)) if rounded.is_integer() else rounded
