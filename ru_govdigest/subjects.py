"""Subjects of indicators: what a figure measures, as a short noun phrase in the article's words.

The subject is read from the phrase layer of the figure's sentence (``ru_govdigest.phrases``:
noun-phrase chunks, clauses with their predicate and subject) by ``RULES``, an ordered table
of named rules; the first rule that gives a phrase wins. Each rule is one pattern of the
language:

- ``change_in_brackets``: a signed figure in brackets after another is the change of what
  that one measures (``12,4 млрд рублей (+8,2%)`` -> ``рост поступлений``);
- ``change``: the size of a change measures the change of its clause's subject, named by the
  noun of the verb (``выдачи сократились на 13%`` -> ``сокращение выдач``,
  ``models/predicates.tsv``) or by the comparative (``на 5% больше`` -> ``рост``);
- ``share_of_whole``, ``rate``: a share of a whole or a rate measures the clause's subject
  (``охват составил 60% населения``, ``до 31 случая на 100 тыс. населения``);
- ``counted``: a count measures the noun it counts with its attributes and dependents, and
  the clause's verb as a participle (``выдано 1,5 тыс. автокредитов`` -> ``автокредиты,
  выданные``); people (``639 человек``) are named by the participle alone;
- ``list_entry``: a figure in brackets after a name in a list measures the measure of the
  sentence for that name (``динамику Татарстана (-30%)``, ``по количеству заболевших идут
  Санкт-Петербург (207)`` -> ``заболевшие в Санкт-Петербурге``); a place alone is never one;
- ``gapped``: a clause whose verb is left out (``в Самаре – на 9%``) measures what the
  figure before measured, in its own place;
- ``label``, ``part``, ``source``, ``instrumental_measure``, ``anchor``, ``after_dash``:
  what a figure is tied to by brackets or a colon, ``из них``, a source of money, ``с
  дефицитом``, ``в размере``/``площадью``/``длиной``, a dash after it;
- ``pointing_back``: ``это``, ``этот показатель``, a pronoun: what the figure before measured;
- ``implied_measure``: a predicate that implies its measure (``тратят`` -> ``траты``,
  ``занимает`` -> ``доля``, ``обойдется в`` -> ``стоимость``);
- ``measured_subject``, ``purpose``, ``clause_subject``: the clause's subject tied by a
  measuring verb or a dash, a purpose (``на ремонт школ``), the clause's subject itself.

A place the clause names (``в Москве``) is added to the subject when the subject does not
hold it already. Heads and their attributes are put in the nominative (plural unless the
figure is one); dependents keep the article's form. ``models/subjects.tsv`` holds the word
lists, ``models/predicates.tsv`` the predicates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Callable, Optional, Sequence

from . import morph
from .phrases import (Chunk, Phrases, Reading, as_participle, calendar_words, inflect_word, link_verbs,
                      multiplier_words, readings)
from .resources import read_tsv

DASH = "–"
PP_PREPOSITIONS = frozenset("для с со из в во на по от за через под при против к у о об".split())
PLACE_PREPOSITIONS = frozenset(("в", "во", "на"))
MAX_TAIL = 8  # tokens of dependents after a head: longer phrases lose precision
PARTICIPIAL_SPAN = 7  # tokens of a participial phrase kept after a subject
# tokens between a figure and the "(" of the bracketed list it stands in (a qualifier, units)
_OPENING_REACH = 12
PROPER = frozenset(("Geox", "Name", "Surn", "Patr", "Orgn", "Trad"))


@dataclass(frozen=True)
class FigureSpan:
    """Where a figure stands in its sentence, and what the extractor learnt about it."""

    first: int  # first token of the number
    last: int  # end of the number
    noun: Optional[int]  # the counted noun, if any
    value: float
    change: Optional[str]  # рост / снижение when the figure is the size of a change
    kind: str  # count, percent, money, ...
    qualifier_first: int  # first token of the figure's mention (qualifier, sign)
    end: int  # end of the figure's mention (unit included)
    inherited_unit: Optional[str] = None  # the count unit a bare number took from the figure before
    measures: Optional[str] = None  # площадь for an area unit
    coordinated: Optional[int] = None  # first token of the figure joined to this one by "и"


@dataclass(frozen=True)
class Found:
    """A rule's answer: the measure, and the place or name it is given for (``в Москве``)."""

    core: str
    place: Optional[str] = None
    thing: Optional[str] = None  # what changed, in the nominative, for figures that point back

    @property
    def text(self) -> str:
        return f"{self.core} {self.place}" if self.place else self.core


@dataclass(frozen=True)
class Antecedent:
    """A subject found before, for figures that point back (он составлял ..., в Самаре – 9%)."""

    phrase: str  # the noun phrase (without рост/снижение), its place included
    gender: Optional[str]
    number: Optional[str]
    count: Optional[str] = None  # "числа туристов": what a later change of a count measures
    head: Optional[int] = None  # the word of the phrase that is its noun
    place: Optional[str] = None  # the place the phrase ends with (в Москве)
    kind: Optional[str] = None  # the figure's kind
    text: str = ""  # the whole subject, a change's noun included (сокращение выдач в Москве)

    @property
    def whole_core(self) -> str:
        """The whole subject without its place."""
        text = self.text or self.phrase
        if self.place and text.endswith(" " + self.place):
            return text[:-len(self.place) - 1]
        return text

    @property
    def core(self) -> str:
        """The phrase without its place."""
        if self.place and self.phrase.endswith(" " + self.place):
            return self.phrase[:-len(self.place) - 1]
        return self.phrase

    def changed(self, count: bool = True) -> str:
        """What a later change of the figure measures, in the genitive: ``числа туристов``,
        ``урожая зерновых`` (computed only when a change asks for it); ``count``: of a
        count, its number (a share is of the things themselves: доля коек)."""
        if self.count and count:
            return self.count
        phrase = self.phrase.split(",")[0]  # зерно, собранное: рост зерна
        genitive = _genitive(phrase.split(), self.head, self.number) if self.head is not None else None
        return genitive or phrase


class Lexicon:
    """The word lists of models/subjects.tsv, models/predicates.tsv and the units."""

    def __init__(self) -> None:
        roles: dict[str, set[str]] = {}
        for word, role in read_tsv("subjects.tsv"):
            roles.setdefault(role, set()).add(word)
        self.not_heads = roles.get("not_head", set())
        self.anchors = roles.get("anchor", set())
        self.measure_verbs = roles.get("measure", set())
        self.anaphors = roles.get("anaphor", set())
        self.persons = roles.get("person", set())
        self.scales = roles.get("scale", set())
        self.agents = roles.get("agent", set())
        self.sources = roles.get("source", set())
        self.give_verbs = roles.get("give", set())
        self.changes: dict[str, str] = {}
        self.change_nouns: set[str] = {"прирост", "динамика", "изменение"}
        self.valuing: set[str] = set()
        self.comparing: set[str] = set()
        self.implied: dict[str, tuple[str, frozenset[str]]] = {}
        for verb, noun, role, *kinds in read_tsv("predicates.tsv"):
            if role in ("change", "compare"):
                self.changes[verb] = noun
                self.change_nouns.add(noun)
                if role == "compare":
                    self.comparing.add(verb)
            elif role == "object":
                self.valuing.add(verb)
            elif role == "measure":
                self.implied[verb] = (noun, frozenset(kinds[0].split()) if kinds and kinds[0] else frozenset())
        # Units never head a subject (the "кв" of "1000 кв. м"), but for a mark (средний балл
        # составил 71,2); a one-word unit of measure may stand in a genitive chain.
        self.chain_units: set[str] = set()
        for row in read_tsv("units.tsv"):
            if row[2] != "score":
                self.not_heads.update(row[0].split())
            if row[2] == "other" and " " not in row[0] and len(row[0]) > 2:
                self.chain_units.add(row[0])


@dataclass
class Context:
    """One figure in its sentence's phrase layer, with the subjects found before it."""

    ph: Phrases
    fig: FigureSpan
    history: Sequence[Antecedent]
    lex: Lexicon
    previous: Optional[Callable[[], Optional[Phrases]]] = None  # the sentence before, read on demand

    @property
    def tokens(self):
        return self.ph.tokens

    @cached_property
    def clause_index(self) -> int:
        """The figure's clause; for a figure that opens a bracket after a name (``в Москве
        (436 тыс. ед.)``), the clause around the bracket."""
        index = self.ph.clause_ids[self.fig.first]
        clause = self.ph.clauses[index]
        if clause.kind == "parenthesis" and self.bracket_entry():
            return self.ph.clause_ids[self.bracket_start() - 1]
        if clause.predicate is None and clause.start > 0 and self.tokens[clause.start - 1].text == ":":
            before = self.ph.clause_ids[clause.start - 1]  # снизилась в 1,5 раза: с 60 до 40 тысяч
            if self.ph.clauses[before].predicate is not None:
                return before
        return index

    def bracket_entry(self) -> bool:
        """Is the figure all, or one of the figures, a bracket after a name holds (``Москва
        (1939 идей)``, ``в Омске (на 10%)``, ``Москва и МО (9,2 тыс. на 45 млрд руб.)``)?"""
        if self.bracket_start() is None:
            return False
        k = self.fig.end
        while k < len(self.tokens) and (_figure_word(self.ph, k) or self.tokens[k].text == "."):
            k += 1
        return k < len(self.tokens) and self.tokens[k].text == ")"

    def bracket_start(self) -> Optional[int]:
        """The "(" before the figure, with only numbers, units and prepositions between."""
        k = self.fig.qualifier_first - 1
        while k > 0 and (_figure_word(self.ph, k) or self.tokens[k].text == "."):
            k -= 1
        return k if k > 0 and self.tokens[k].text == "(" else None

    @cached_property
    def clause(self):
        return self.ph.clauses[self.clause_index]

    @cached_property
    def begin(self) -> int:
        """The first token of the figure's clause."""
        return self.clause.start

    @cached_property
    def predicate(self) -> Optional[int]:
        return self.clause.predicate

    def word(self, k: int) -> str:
        return self.tokens[k].lower if 0 <= k < len(self.tokens) else ""

    def lemma(self, k: int) -> str:
        return self.ph.lemma(k) if 0 <= k < len(self.tokens) else ""

    def in_clause(self, k: int) -> bool:
        return 0 <= k < len(self.tokens) and self.ph.clause_ids[k] == self.clause_index

    # -- chunks ----------------------------------------------------------------------------
    def is_head(self, chunk: Chunk) -> bool:
        """Can the chunk name a measure: not a unit, a time word, a number or a pronoun."""
        if chunk.name:
            return True
        lemma = self.ph.lemma(chunk.head)
        tok = self.tokens[chunk.head]
        return lemma not in self.lex.not_heads and tok.lower not in self.lex.not_heads and tok.is_word

    def anaphoric(self, index: int) -> bool:
        """A pronoun, or a noun after a demonstrative (этот показатель; not его доход)."""
        chunk = self.ph.chunks[index]
        if self.tokens[chunk.head].lower in self.lex.anaphors or self.ph.pos(chunk.head) == "NPRO":
            return True
        if self.lemma(chunk.head) == "показатель" and chunk.first == chunk.head and chunk.end == chunk.head + 1:
            return True  # показатель вырос на 23,9%: the measure named before
        return any(self.lemma(k) in self.lex.anaphors and self.ph.pos(k) != "NPRO"
                   for k in range(chunk.first, chunk.start)) or (
            chunk.first > 0 and self.lemma(chunk.first - 1) in self.lex.anaphors
            and self.ph.pos(chunk.first - 1) not in ("NPRO", None))

    def subject(self, *, before_only: bool = False) -> Optional[int]:
        """The clause's subject chunk that can name a measure: the predicate's subject, else
        the nearest free nominative before the figure (a verbless clause: ``Доля – 40%``)."""
        fig = self.fig
        index = self.clause.subject
        if index is not None:
            chunk = self.ph.chunks[index]
            if self.is_head(chunk) and not (fig.first <= chunk.head < fig.end) and chunk.head != fig.noun \
                    and not _is_place(self.ph, chunk) \
                    and self.lemma(chunk.head) not in self.lex.persons \
                    and (not before_only or chunk.head < fig.qualifier_first):
                return index
            if chunk.head < fig.qualifier_first:
                return None
        for i, chunk in reversed(list(self.ph.chunks_in(self.begin, fig.qualifier_first))):
            if (chunk.head < fig.qualifier_first and chunk.free and "nomn" in chunk.cases
                    and self.ph.clause_ids[chunk.head] == self.clause_index and self.is_head(chunk)
                    and self.lemma(chunk.head) not in self.lex.persons and not _is_place(self.ph, chunk)):
                return i
        return None

    def phrase(self, index: int, case: str = "nomn", number: Optional[str] = None, *,
               participial: bool = False, pp: bool = True, stop: Optional[int] = None,
               keep_case: bool = False) -> str:
        """The chunk in a case (its attributes agreeing), with its dependents: its genitive
        chain, one prepositional phrase, and a participial phrase set off by commas."""
        chunk = self.ph.chunks[index]
        end = min(chunk.end, chunk.head + 1 + MAX_TAIL)
        if pp:
            end = self.pp_after(end)
        if participial:
            end = self.participial_after(end)
        if stop is not None:
            end = min(end, stop)
        if keep_case:
            text = self.ph.text(chunk.start, end)
        else:
            text = self.ph.inflect(chunk, case, number, end=end)
        relative = self.relative_genitive(index, end)
        return f"{text} {relative}" if relative else text

    def pp_after(self, end: int) -> int:
        """Past one prepositional phrase of the figure's clause after the noun ending at ``end``."""
        return _pp_end(self.ph, self.lex, end) if self.in_clause(end) else end

    def participial_after(self, end: int) -> int:
        """``, поданных онлайн,``: the participial phrase right after the phrase."""
        if end + 1 >= len(self.tokens) or self.tokens[end].text != ",":
            return end
        index = self.ph.clause_ids[end + 1]
        clause = self.ph.clauses[index]
        if clause.kind != "participial":
            return end
        stop = end + 1
        while stop < len(self.tokens) and self.ph.clause_ids[stop] == index and stop - end <= PARTICIPIAL_SPAN:
            stop += 1
        closed = stop >= len(self.tokens) or self.tokens[stop].text in (",", ".", ";", ")") \
            or self.ph.clause_ids[stop] != index
        return stop if closed and stop - end <= PARTICIPIAL_SPAN else end

    def description_after(self, end: int) -> Optional[str]:
        """A participial phrase or a ``который`` clause right after the counted phrase
        (``4,5 тысячи домов, предварительно включенных в программу``; ``две эстакады,
        которые используются для заезда``): what tells the counted things apart."""
        if end + 1 >= len(self.tokens) or self.tokens[end].text != ",":
            return None
        index = self.ph.clause_ids[end + 1]
        clause = self.ph.clauses[index]
        tokens = [k for k in self.ph.clause_tokens(index) if k > end]
        tokens = tokens[:PARTICIPIAL_SPAN + 2]
        while tokens and not self.tokens[tokens[-1]].text[:1].isalnum():
            tokens.pop()
        if not tokens:
            return None
        if clause.kind == "participial":
            words = []
            for k in tokens:
                reading = self.ph.reading(k)
                if reading is not None and reading.pos == "PRTF" and reading.case != "nomn":
                    form = reading.parse.inflect({"nomn", "plur"})
                    words.append(form.word if form is not None else self.tokens[k].text)
                else:
                    words.append(self.tokens[k].text)
            return " ".join(words)
        if clause.opener == end + 1 and self.lemma(end + 1) == "который" and clause.predicate is not None:
            counted = self.figure_chunk()
            pronoun = self.ph.reading(end + 1)
            if counted is not None and pronoun is not None and pronoun.number != self.ph.chunks[counted].number \
                    and self.fig.kind != "count":
                return None  # школы на 1,1 тыс. мест, которая займет: the school, not the places
            if pronoun is not None and pronoun.number == "sing" and self.fig.kind == "count" and self.fig.value != 1:
                return None
            return self.ph.text(tokens[0], tokens[-1] + 1)
        return None

    def predicate_words(self) -> str:
        """The clause's predicate with its object, as written (примут участие)."""
        k = self.predicate
        if k is None:
            return ""
        obj = self._object(None, self.clause.subject)
        words = self.tokens[k].lower
        if obj is not None:
            chunk = self.ph.chunks[obj]
            words += " " + _lower_first(self.ph.text(chunk.first, chunk.head + 1), chunk.first == 0)
        return words

    def cut_at_anchor(self, start: int, end: int) -> int:
        """Dependents end before a word that ties another figure (мест общей площадью 5 тыс.)."""
        for k in range(start, end):
            if self.word(k) in self.lex.anchors and self.ph.pos(k) == "NOUN":
                j = k
                while j > start and self.ph.pos(j - 1) in ("ADJF", "PRTF"):
                    j -= 1
                return j
        return end

    def relative_genitive(self, index: int, end: int) -> Optional[str]:
        """``проект моста, стоимость которого``: the noun the relative genitive stands for."""
        chunk = self.ph.chunks[index]
        if not (end < len(self.tokens) and self.word(end) in ("которого", "которой", "которых")
                and chunk.first >= 2 and self.tokens[chunk.first - 1].text == ","):
            return None
        before = self.ph.index_at(chunk.first - 2)
        if before is None:
            return None
        return self.phrase(self.ph.root(before), "gent", pp=False)

    def place(self, exclude: str = "") -> Optional[str]:
        """The place the figure's clause names (``в Москве``, ``в Москве и Санкт-Петербурге``)."""
        for i, chunk in self.ph.chunks_in(self.begin, self.clause.end):
            if chunk.prep is None or self.ph.clause_ids[chunk.head] != self.clause_index:
                continue
            if self.word(chunk.prep) not in PLACE_PREPOSITIONS or not _is_place(self.ph, chunk):
                continue
            group = self.ph.coordinated(i)
            while len(group) > 1 and any(t.text == "(" for t in self.tokens[chunk.end:self.ph.chunks[group[-1]].first]):
                group.pop()  # в Омске (12 тыс.), Томской области (9 тыс.): each entry its own
            last = self.ph.chunks[group[-1]]
            text = self.ph.text(chunk.prep, last.end)
            if text.lower() not in exclude.lower():
                return text[:1].lower() + text[1:] if chunk.prep == 0 else text
        return None

    def resolve(self, index: Optional[int]) -> Optional[Antecedent]:
        """The earlier subject a pointing-back chunk stands for: for a personal pronoun the
        nearest noun of its gender and number that is the subject of a clause before it (in
        its sentence, then in the sentence before: ``растет средняя сумма займов. ... она
        увеличилась на 22,9%``), else the latest figure's subject of that gender and number;
        else the latest figure's subject."""
        if index is not None:
            chunk = self.ph.chunks[index]
            reading = self.ph.reading(chunk.head)
            if reading is not None and reading.pos == "NPRO" and reading.number:
                found = self._noun_antecedent(reading)
                if found is not None:
                    return found
                for before in reversed(self.history):
                    if before.number == reading.number and (
                            reading.number == "plur" or before.gender == reading.gender):
                        return before
        return self.history[-1] if self.history else None

    def _noun_antecedent(self, pronoun: Reading) -> Optional[Antecedent]:
        """The subject of an earlier clause, in this sentence or the one before, agreeing with
        a personal pronoun."""
        layers = [(self.ph, self.ph.clauses[:self.clause_index])]
        earlier = self.previous() if self.previous is not None else None
        if earlier is not None:
            layers.append((earlier, earlier.clauses))
        for ph, clauses in layers:
            for clause in reversed(clauses):
                index = clause.subject
                if index is None:
                    continue
                chunk = ph.chunks[index]
                if chunk.name or ph.pos(chunk.head) == "NPRO" or chunk.number != pronoun.number or (
                        pronoun.number == "sing" and chunk.gender != pronoun.gender):
                    continue
                reading = ph.reading(chunk.head)
                if ph.lemma(chunk.head) in self.lex.not_heads or _is_place(ph, chunk) or (
                        reading is not None and "anim" in reading.tag):
                    continue
                phrase = _tidy(ph.inflect(chunk, "nomn", end=_pp_end(ph, self.lex, chunk.end)))
                return Antecedent(phrase, chunk.gender, chunk.number, None, chunk.head - chunk.start,
                                  kind=self.fig.kind, text=phrase)
        return None

    def figure_chunk(self) -> Optional[int]:
        """The chunk of the counted noun."""
        return self.ph.index_at(self.fig.noun) if self.fig.noun is not None else None

    # -- the clause's verb -----------------------------------------------------------------
    def verb_before(self) -> Optional[int]:
        """The clause's predicate when it stands before the figure (its own, not a measuring
        or auxiliary verb)."""
        k = self.predicate
        if k is None or k >= self.fig.qualifier_first:
            return None
        return k

    def participle(self, noun: Optional[int]) -> Optional[str]:
        """The clause's verb before the figure as a plural participle with its object and
        the prepositional phrase before it: ``в электронный вид переведено`` ->
        ``переведенные в электронный вид``; active when the counted things do the action
        (``в форуме приняли участие 300 человек`` -> ``принявшие участие в форуме``)."""
        fig = self.fig
        if fig.first >= 2 and self.word(fig.first - 1) in ("на", "для") and self.ph.index_at(fig.first - 2) is not None:
            return None  # школу на 1 100 мест: the figure belongs to the noun, not to the verb
        if fig.qualifier_first > 0 and self.word(fig.qualifier_first - 1) == "у":
            return self._possessing()  # у 2/3 вологжан есть учетная запись: имеющие учетную запись
        before = fig.qualifier_first - 1
        if before >= 0 and self.ph.has(before, "ADJS", number="sing", gender="neut") \
                and self.ph.reading(before) is not None and self.ph.reading(before).pos in ("ADVB", "ADJS"):
            short = next(r for r in self.ph.options[before] if r.pos == "ADJS")
            full = short.parse.inflect({"plur", "nomn"})  # свободно 30% коек -> свободные
            if full is not None and full.tag.POS == "ADJF":
                complement = self._complement_before(before)
                return f"{full.word} {complement}" if complement else full.word
        k = self.verb_before()
        if k is None:
            return None
        near = fig.qualifier_first
        if self.bracket_entry():  # в Москве (436 тыс. ед.): from the name
            near = self.bracket_start()
            index = self.ph.index_at(near - 1)
            near = self.ph.chunks[self.ph.root(index, through_pp=True)].first if index is not None else near
            near = self.ph.chunks[self.ph.index_at(near)].prep or near if self.ph.index_at(near) is not None else near
        if near - k > 6:  # больше всего их выдано ..., было выдано в Москве: the nearer verb
            k = next((j for j in range(near - 1, max(k, near - 7), -1) if self.in_clause(j)
                      and self.ph.pos(j) in ("VERB", "PRTS") and self.ph.is_predicate(j)), None)
            if k is None:
                return None
        reading = self.ph.reading(k)
        lemma = self.lemma(k)
        if lemma in ("мочь", "смочь") and k > 0 and self.ph.pos(k - 1) == "INFN":
            inf = self.ph.reading(k - 1)  # вылечиться смогли 884 тыс. человек
            return as_participle(inf, active=True) if inf is not None else None
        if lemma in self.lex.measure_verbs or lemma in self.lex.not_heads:
            return None
        infinitive = k + 1 < fig.qualifier_first and self.ph.pos(k + 1) == "INFN"
        if infinitive:
            if reading.number == "sing" and reading.tag.person == "3per" and reading.gender is None:
                # планируется построить 6 школ: an impersonal verb says it as a clause
                return f"которые {self.word(k)} {self.tokens[k + 1].text}"
            if lemma in ("мочь", "смочь"):  # вылечиться смогли 884 тыс. человек
                inf = self.ph.reading(k + 1)
                return as_participle(inf, active=True) if inf is not None else None
        if reading.pos == "PRTS" and reading.number == "sing" and self._own_subject(k):
            return None  # пособие назначено 18 тыс. семей: the семьи are not назначенные
        if noun is not None and self.ph.case(noun) == "datv" and self.word(fig.first - 1) != "по":
            return self._received(k)
        if noun is not None and self.ph.case(noun) in ("ablt", "loct"):
            return None  # владеет тремя автомобилями: the verb says nothing the things did or underwent
        counted = self.ph.index_at(noun) if noun is not None else None
        agent = self._agent(counted)
        if reading.pos in ("PRTS", "ADJS") and reading.number == "sing" and reading.gender not in (None, "neut") \
                and not (counted is not None and self.ph.chunks[counted].gender == reading.gender
                         and self.ph.chunks[counted].number == "sing"):
            return None  # организован подвоз для 1,5 тыс. детей: the short form has another subject
        obj = self._object(counted, agent)
        people = counted is not None and fig.kind == "percent" and self._animate(counted)
        active = reading.pos == "VERB" and agent is None and (
            "intr" in reading.tag or obj is not None or people) and reading.number == "plur"
        chunk = self.ph.chunks[counted] if counted is not None else None
        singular = chunk is not None and chunk.number == "sing" and (fig.kind != "count" or abs(fig.value) == 1)
        form = as_participle(reading, active=active, number="sing" if singular else "plur",
                             gender=chunk.gender if singular else None)
        if form is None:
            return None
        if infinitive:
            form = f"{form} {self.tokens[k + 1].text}"
        words = [form]
        stops = [j for j in range(k + 1, near) if self.tokens[j].text in ("(", ")", ",")]
        between = [j for j in range((stops[-1] + 1) if stops else k + 1 + infinitive, near)
                   if self.ph.pos(j) in ("NOUN", "ADJF", "PRTF", "ADJS", "PRTS", "PREP", "INFN")]
        while between and self.ph.pos(between[-1]) == "PREP":
            between.pop()
        if between and (active or self.ph.pos(between[0]) == "PREP"):
            words.append(self.ph.text(between[0], between[-1] + 1))
        elif active and obj is not None:
            chunk = self.ph.chunks[obj]
            words.append(_lower_first(self.ph.text(chunk.first, min(chunk.end, k)), chunk.first == 0))
        complement = None if obj is not None and not between and active else self._complement_before(k)
        if complement:
            words.append(complement)
        return " ".join(words)

    def _possessing(self) -> Optional[str]:
        """What those counted after ``у`` have: the nominative the clause says exists."""
        for i, chunk in self.ph.chunks_in(self.fig.end, self.clause.end):
            if chunk.free and "nomn" in chunk.cases and self.in_clause(chunk.head) and self.is_head(chunk) \
                    and not chunk.counted:
                return f"имеющие {self.ph.inflect(chunk, 'accs')}"
        return None

    def _animate(self, index: int) -> bool:
        reading = self.ph.reading(self.ph.chunks[index].head)
        return reading is not None and "anim" in reading.tag

    def _own_subject(self, k: int) -> bool:
        """A singular short participle with a nominative subject of its gender before it."""
        reading = self.ph.reading(k)
        for i, chunk in self.ph.chunks_in(self.begin, k):
            if chunk.head < k and chunk.free and "nomn" in chunk.cases and chunk.number == "sing" \
                    and chunk.gender == reading.gender and self.in_clause(chunk.head) and self.is_head(chunk):
                return True
        return False

    def _agent(self, counted: Optional[int]) -> Optional[int]:
        """The clause's subject when it can act: a person, a pronoun or a body (власти,
        хозяйства); an inanimate thing in the nominative is rather the object when the
        counted are people or bodies (выплаты получили 300 семей), the doer when they are
        things (средства ПВО сбили 10 ракет)."""
        index = self.clause.subject
        if index is None or index == counted or self.fig.first <= self.ph.chunks[index].head < self.fig.end:
            return None
        chunk = self.ph.chunks[index]
        reading = self.ph.reading(chunk.head)
        if chunk.name or reading is None or "anim" in reading.tag or reading.pos == "NPRO" \
                or self.lemma(chunk.head) in self.lex.agents:
            return index
        if counted is not None and not self._acts(counted):
            return index
        return None

    def _acts(self, index: int) -> bool:
        """Can the chunk's noun do things: a person or a body (предприятия, семьи)?"""
        return self._animate(index) or self.lemma(self.ph.chunks[index].head) in self.lex.agents

    def _object(self, counted: Optional[int], agent: Optional[int]) -> Optional[int]:
        """The inanimate accusative object of the clause before the figure (выплаты получили
        300 ветеранов; в семинаре приняли участие 120 предпринимателей)."""
        for i, chunk in reversed(list(self.ph.chunks_in(self.begin, self.fig.qualifier_first))):
            if i in (counted, agent) or chunk.head >= self.fig.qualifier_first or not self.in_clause(chunk.head):
                continue
            if chunk.free and "accs" in chunk.cases and self.is_head(chunk) and not chunk.name:
                reading = self.ph.reading(chunk.head)
                if reading is not None and "anim" not in reading.tag and \
                        self.lemma(chunk.head) not in self.lex.agents:
                    return i
        return None

    def _received(self, k: int) -> Optional[str]:
        """People in the dative of a verb of giving received its object: ``выдали
        микрозаймы 640 предпринимателям`` -> ``получившие микрозаймы``."""
        if self.lemma(k) not in self.lex.give_verbs:
            return None
        between = [j for j in range(k + 1, self.fig.qualifier_first)
                   if self.ph.pos(j) in ("NOUN", "ADJF", "PRTF")]
        if between:
            return f"получившие {self.ph.text(between[0], between[-1] + 1)}"
        obj = self._object(None, None)
        if obj is None:
            return None
        chunk = self.ph.chunks[obj]
        return f"получившие {_lower_first(self.ph.text(chunk.first, min(chunk.end, k)), chunk.first == 0)}"

    def _complement_before(self, k: int) -> Optional[str]:
        """The prepositional phrase right before the verb (в электронный вид переведено),
        or before its link verb."""
        if k > 0 and self.ph.pos(k - 1) == "VERB":
            k -= 1
        index = self.ph.index_at(k - 1) if k > 0 else None
        if index is None:
            return None
        chunk = self.ph.chunks[self.ph.root(index)]
        if chunk.prep is None or chunk.end != k or not self.in_clause(chunk.prep):
            return None
        if not self.is_head(chunk) or _is_place(self.ph, chunk) or self.lemma(chunk.head) in calendar_words():
            return None  # в первом полугодии 2020 года: when, not what
        return _lower_first(self.ph.text(chunk.prep, k), chunk.prep == 0)

    def participle_after(self, end: int) -> Optional[str]:
        """A verb or a short form right after the counted phrase (adverbs and a time phrase
        skipped), with its complement up to punctuation: ``12 бригад провели вакцинацию`` ->
        ``проводившие вакцинацию``, ``7 школ уже отремонтированы`` -> ``отремонтированные``."""
        tokens = self.tokens
        k = self.predicate
        if k is not None and end < k <= end + 5 and all(
                self.ph.pos(j) in ("ADVB", "PREP", "ADJF", "NOUN") and (
                    self.ph.pos(j) != "NOUN" or self.lemma(j) in calendar_words() | {"время"})
                for j in range(end, k)):
            end = k  # 137 мест в ближайшее время откроются
        if end < len(tokens) and self.ph.pos(end) == "ADVB" and end + 1 < len(tokens) \
                and self.ph.pos(end + 1) in ("VERB", "PRTS", "ADJS"):
            end += 1
        if end >= len(tokens) or not tokens[end].is_word:
            return None
        reading = self.ph.reading(end)
        if reading is None:
            return None
        if reading.pos in ("ADJS", "PRED", "VERB") and end + 1 < len(tokens) and self.ph.pos(end + 1) == "INFN":
            end += 1  # должны иметь доступ -> имеющие доступ
            reading = self.ph.reading(end)
        elif reading.pos not in ("VERB", "PRTS", "ADJS") or (reading.pos == "ADJS" and reading.number != "plur"):
            return None
        if reading.number == "sing" and reading.gender not in (None, "neut"):
            return None  # для 1,5 тыс. детей организован подвоз
        if self.lemma(end) in self.lex.measure_verbs | self.lex.not_heads:
            return None
        if reading.pos == "ADJS":  # 96% услуг доступны в электронном виде -> доступные
            full = reading.parse.inflect({"plur", "nomn"})
            form = full.word if full is not None and full.tag.POS == "ADJF" else None
        elif "futr" in reading.tag and "perf" in reading.tag and "intr" in reading.tag:
            form = f"которые {self.tokens[end].text}"  # 137 мест откроются: no participle of it
        else:  # три метромоста возвели строители: what the agent did to them; 15 отправят
            counted = self.figure_chunk()  # в Пермь: a transitive verb with no object acts on them
            acted_on = "tran" in reading.tag and not any(
                c.prep is None and c.free and "accs" in c.cases and c.head > end
                for _, c in self.ph.chunks_in(end, self.clause.end) if self.in_clause(c.head))
            form = as_participle(reading, active=reading.pos != "PRTS" and self._agent(counted) is None
                                 and not acted_on)
        if form is None:
            return None
        start = end + 1
        agent = self._agent(self.figure_chunk())
        if agent is not None and self.ph.chunks[agent].first == start:
            start = self.ph.chunks[agent].end  # возвели столичные строители на ...: the doer left out
        k = start
        while k < len(tokens) and k - start < 4 and tokens[k].is_word and \
                self.word(k) not in ("что", "который", "которые", "где", "когда", "а", "но", "и"):
            k += 1
        cut = k < len(tokens) and tokens[k].is_word
        while cut and k > start and self.ph.pos(k - 1) not in ("NOUN", "NAME", "INFN", "ADVB", "NPRO"):
            k -= 1  # в плен за последние [две недели]: a cut tail ends at a noun
        tail = self.ph.text(start, k)
        return f"{form} {tail}" if tail else form

    def opening_after(self) -> Optional[int]:
        """The "(" right after the figure, if any."""
        k = self.fig.end
        return k if k < len(self.tokens) and self.tokens[k].text == "(" else None

    def opening(self) -> Optional[int]:
        """The "(" of a bracketed list the figure stands in, or the ":" right before it."""
        first = self.fig.qualifier_first
        if first > 0 and self.tokens[first - 1].text == ":":
            return first - 1
        k, stop = first - 1, max(0, first - _OPENING_REACH)
        while k >= stop and self.tokens[k].text not in (")", ";", ":"):
            if self.tokens[k].text == "(":
                return k
            if self.tokens[k].is_word and self.word(k) not in self.lex.not_heads \
                    and self.ph.pos(k) in ("VERB", "NOUN"):
                return None  # words of a clause, not a list of figures (units are left out)
            k -= 1
        return None

    def changed_head(self) -> Optional[int]:
        """What changed: the genitive after a comparative (в 3 раза больше госуслуг), the
        noun right after a passive verb (втрое снижен размер пособия), else the subject."""
        fig, ph = self.fig, self.ph
        k = fig.end
        if k < len(self.tokens) and ph.pos(k) == "COMP":
            index = ph.index_at(k + 1) if k + 1 < len(self.tokens) else None
            if index is not None and ph.chunks[index].first == k + 1 and "gent" in ph.chunks[index].cases \
                    and ph.pos(ph.chunks[index].head) == "NOUN" \
                    and ph.chunks[index].prep is None and self.lemma(ph.chunks[index].head) not in self.lex.scales \
                    and self.is_head(ph.chunks[index]):
                return index
        while k < len(self.tokens) and ph.pos(k) in ("PRTS", "VERB", "ADVB"):
            k += 1
        if k > fig.end:
            index = ph.index_at(k)
            if index is not None and ph.chunks[index].free and "nomn" in ph.chunks[index].cases:
                return index
        obj = self.changed_object()
        if obj is not None:
            return obj  # завод нарастил выпуск на 15%: the output grew
        return self.subject() if self.subject() is not None else obj

    def change_verb(self) -> Optional[int]:
        """The clause's verb of change: its predicate, or an infinitive of change before the
        figure (электродепо позволит увеличить количество поездов на 20%)."""
        k = self.predicate
        if k is not None and self.lemma(k) in self.lex.changes:
            return k
        for j in range(self.fig.qualifier_first - 1, self.begin - 1, -1):
            if self.in_clause(j) and self.ph.pos(j) in ("INFN", "VERB") and self.lemma(j) in self.lex.changes:
                return j
        return None

    def changed_object(self) -> Optional[int]:
        """What a transitive verb of change changes (размер капитала проиндексируют; Смольный
        сократил число больниц); not the level a verb of comparing is measured against
        (трафик превысил докризисный)."""
        k = self.change_verb()
        if k is None or self.lemma(k) in self.lex.comparing:
            return None
        reading = self.ph.reading(k)
        if reading is None or "tran" not in reading.tag:
            return None
        if reading.pos == "INFN":  # the object right after the infinitive
            index = self.ph.index_at(k + 1) if k + 1 < len(self.tokens) else None
            chunk = self.ph.chunks[index] if index is not None else None
            return index if chunk is not None and chunk.free and "accs" in chunk.cases else None
        return self._object(self.figure_chunk(), self._agent(None))

    def change_noun(self) -> str:
        """The noun of the clause's verb of change (сократились -> сокращение), else the
        direction the extractor found (рост/снижение)."""
        for k in (self.change_verb(), self._verb_near()):
            if k is not None and self.lemma(k) in self.lex.changes:
                return self.lex.changes[self.lemma(k)]
        return self.fig.change or "изменение"

    def implied(self) -> Optional[str]:
        """The measure the clause's predicate implies for this figure (models/predicates.tsv)."""
        k = self.predicate
        if k is None or self.fig.noun is not None and self.fig.kind == "count" or self.ph.pos(k) != "VERB":
            return None
        measure, kinds = self.lex.implied.get(self.lemma(k), (None, frozenset()))
        return measure if measure is not None and (not kinds or self.fig.kind in kinds) else None

    def listed(self) -> list[int]:
        """The names a bracketed figure's list is made of (Тверская (4,1 млрд) и Псковская ...),
        with the noun an elliptical list shares."""
        start = self.bracket_start()
        index = self.ph.index_at(start - 1) if start is not None else None
        if index is None:
            return []
        group = self.ph.coordinated(self.ph.root(index))
        shared = _shared_noun(self.ph, self.ph.chunks[index])
        return group + ([self.ph.chunks.index(shared)] if shared is not None else [])

    def clause_change(self) -> Optional[str]:
        """The change the clause speaks of, when its figures are sizes of a change: the noun
        of its verb of change, or the direction of a comparative (трафик оказался ниже)."""
        k = self.predicate
        if k is not None and self.lemma(k) in self.lex.changes:
            return self.lex.changes[self.lemma(k)]
        for j in self.ph.clause_tokens(self.clause_index):
            if self.word(j) in ("выше", "больше"):
                return "превышение" if self.word(j) == "выше" else "рост"
            if self.word(j) in ("ниже", "меньше"):
                return "снижение"
        return None

    def _verb_near(self) -> Optional[int]:
        for k in range(self.fig.qualifier_first - 1, max(self.begin, self.fig.qualifier_first - 4) - 1, -1):
            if self.ph.pos(k) in ("VERB", "PRTS", "INFN"):
                return k
        return None


Rule = Callable[[Context], "Optional[str | Found]"]


# -- the rules -------------------------------------------------------------------------
def change_in_brackets(ctx: Context) -> Optional[str]:
    """``12,4 млрд рублей (+8,2% к 2022 году)``: the change of what the figure before measures."""
    opening = ctx.opening()
    if opening is None or ctx.tokens[opening].text != "(" or not ctx.history \
            or not _after_figure(ctx.tokens, opening):
        return None
    sign = ctx.tokens[ctx.fig.qualifier_first].text
    change = "рост" if sign in ("+", "плюс") else "снижение" if sign in ("-", "–", "минус") else None
    previous = ctx.history[-1]
    if change:
        return f"{change} {previous.changed()}"
    if ctx.fig.kind == "percent" and previous.kind == "count":  # 5187 коек (62%): their share
        return f"доля {previous.changed(count=False)}"
    return previous.phrase


def change(ctx: Context) -> Optional[str]:
    """The size of a change: the change of the clause's subject (``на 13%``, ``в 2 раза``)."""
    if not ctx.fig.change:
        return None
    noun = ctx.change_noun()
    head = ctx.changed_head()
    if head is None or ctx.anaphoric(head):
        previous = ctx.resolve(head)
        if previous is None:
            return None
        return Found(f"{noun} {previous.changed()}", thing=previous.phrase if not previous.count else None)
    chunk = ctx.ph.chunks[head]
    if chunk.head >= ctx.fig.end and "gent" in chunk.cases and chunk.prep is None:  # after a comparative
        text = ctx.phrase(head, keep_case=True)
    else:
        text = _genitive_group(ctx, head)
    return replace(_with_place(ctx, f"{noun} {text}"), thing=ctx.phrase(head))


def share_of_name(ctx: Context) -> Optional[str]:
    """``почти 50% «Моспроекта»``, ``25% ООО "Вектор"``: a share of the name after it."""
    fig, ph = ctx.fig, ctx.ph
    if fig.kind not in ("percent", "fraction"):
        return None
    index = ph.index_at(fig.end) if fig.end < len(ctx.tokens) else None
    if index is None or ph.chunks[index].first != fig.end or not ph.chunks[index].name:
        return None
    chunk = ph.chunks[index]
    return f"доля {ph.text(chunk.first, chunk.end)}"


def comparative_change(ctx: Context) -> Optional[str]:
    """``цены оказались выше прошлогодних на 7%``: a size ``на N`` in a clause that compares
    measures the change of the clause's subject."""
    fig = ctx.fig
    if fig.change or ctx.word(fig.first - 1) != "на" or ctx.bracket_entry():
        return None
    change = ctx.clause_change()
    head = ctx.changed_head() if change else None
    if head is None or ctx.anaphoric(head):
        return None
    return _with_place(ctx, f"{change} {_genitive_group(ctx, head)}")


def share_of_whole(ctx: Context) -> Optional[str]:
    """``Охват вакцинацией составил 60% населения``: a share of a whole after a measuring
    verb measures the clause's subject."""
    fig = ctx.fig
    if fig.noun is None or fig.kind != "percent" or fig.noun <= fig.last or ctx.implied():
        return None
    head = ctx.subject(before_only=True)
    if head is None or not _measured(ctx, head) or ctx.anaphoric(head):
        return None
    return ctx.phrase(head, participial=True)


def rate(ctx: Context) -> Optional[str]:
    """``снизилась до 231 случая на 100 тыс. населения``: the rate of the clause's subject."""
    fig, tokens = ctx.fig, ctx.tokens
    k = fig.end
    if fig.noun is None or not (k + 1 < len(tokens) and ctx.word(k) == "на" and tokens[k + 1].text.isdigit()
                                and tokens[k + 1].text.strip("0") == "1"):
        return None
    head = ctx.subject(before_only=True)
    if head is None or ctx.anaphoric(head):
        return None
    return ctx.phrase(head, participial=True)


def counted(ctx: Context) -> Optional[str]:
    """A count: the counted noun phrase with the clause's verb as a participle; people are
    named by the participle alone."""
    fig, ph = ctx.fig, ctx.ph
    if fig.noun is None or fig.kind in ("percent", "fraction") and ctx.implied():
        return None
    index = ctx.figure_chunk()
    if ctx.lemma(fig.noun) in ctx.lex.persons and (index is None or ph.chunks[index].head != fig.noun):
        listed = _listed_subject(ctx)
        if listed is not None:
            return listed
        verb = ctx.participle(fig.noun) or ctx.participle_after(fig.end)
        return _named_by_verb(ctx, verb)
    if index is None or ph.chunks[index].head != fig.noun:
        return None
    chunk = ph.chunks[index]
    if ctx.lemma(fig.noun) in ctx.lex.persons and index + 1 < len(ph.chunks) \
            and ph.chunks[index + 1].parent == index:  # 15 единиц оборудования: оборудование
        index += 1
        chunk = ph.chunks[index]  # a mass noun after a counter is one thing (value 1 for agreement)
        fig = replace(fig, noun=chunk.head, value=1.0 if chunk.number == "sing" else fig.value)
        ctx = Context(ph, fig, ctx.history, ctx.lex)
    before = fig.noun < fig.first  # из 28 районов 25 подключены: the noun of the whole
    group = [index]
    for i in ph.coordinated(index) if not before else ():
        if i > index and not ph.chunks[i].counted and ph.chunks[i].first < (ctx.opening_after() or len(ctx.tokens)):
            group.append(i)
        elif i > index:
            break
    last = ph.chunks[group[-1]]
    end = ctx.cut_at_anchor(last.head + 1, min(last.end, last.head + 1 + MAX_TAIL))
    end = ctx.pp_after(end)
    if ctx.bracket_entry() and not before and ctx.lemma(fig.noun) not in ctx.lex.persons:
        bracket = ctx.bracket_start()
        entity = ph.index_at(bracket - 1)  # Москва (1939 идей): идеи в Москве
        if entity is not None and ph.chunks[entity].end == bracket and not ctx.anaphoric(entity):
            root = ph.chunks[ph.root(entity, through_pp=True)]
            return Found(ph.inflect(chunk, "nomn", "plur" if fig.value != 1 else "sing", end=end,
                                    start=max(chunk.start, fig.last)), _place_phrase(ph, root))
    holder = _capacity_of(ctx)
    if holder is not None:  # корпус на 120 мест: места в корпусе
        return Found(ph.inflect(chunk, "nomn", "plur", end=end, start=max(chunk.start, fig.last)),
                     f"в {ph.inflect(ph.chunks[holder], 'loct', end=ph.chunks[holder].head + 1)}")
    owner = _owner_before(ctx)
    described = ctx.description_after(end)
    verb = described or (None if owner is not None else (
        ctx.participle(fig.noun) or ctx.participle_after(fig.end if before else end)))
    if verb is None and owner is None and fig.coordinated is not None:  # закупили 260 тракторов и 140 комбайнов
        verb = Context(ph, _replace_first(fig, fig.coordinated), ctx.history, ctx.lex).participle(fig.noun)
    if ctx.lemma(fig.noun) in ctx.lex.persons:
        tail = ph.text(fig.noun + 1, end)
        return _named_by_verb(ctx, f"{verb} {tail}" if verb and tail and not described else verb)
    number = None
    if fig.kind == "count":
        number = "sing" if abs(fig.value) == 1 else "plur"
    elif not before and chunk.case == "gent":
        number = chunk.number  # 2 млн тонн зерна: зерно
    start = max(chunk.start, fig.last) if not before else chunk.start
    if owner is not None:  # примут участие представители 16 регионов
        owned = ph.inflect(chunk, "nomn", number, end=end, start=start)
        holder = ph.inflect(ph.chunks[owner], "nomn", end=ph.chunks[owner].head + 1)
        words = f"{owned}, {holder} которых {ctx.predicate_words()}"
    elif len(group) > 1:  # в 11 парках и скверах города Уфы
        words = _coordinated_phrase(ctx, group, "nomn", number, start=start, end=end)
    else:
        words = ph.inflect(chunk, "nomn", number, end=end, start=start)
    if fig.inherited_unit and ph.pos(fig.noun) != "NOUN":  # из них 49 муниципальных [услуг]
        words = f"{words} {morph.inflect(fig.inherited_unit, {'nomn', 'plur'}) or fig.inherited_unit}"
    return _with_place(ctx, f"{words}, {verb}" if verb else words)


@lru_cache(maxsize=None)
def territories() -> frozenset[str]:
    return frozenset(word for word, role in read_tsv("subjects.tsv") if role == "territory")


def _capacity_of(ctx: Context) -> Optional[int]:
    """``инфекционный корпус на 120 мест``, ``школу на 1 100 учеников``: the noun before
    ``на`` whose capacity the count is."""
    k = ctx.fig.qualifier_first - 1
    if k < 1 or ctx.word(k) != "на":
        return None
    index = ctx.ph.index_at(k - 1)
    if index is None or ctx.ph.chunks[index].head != k - 1 or ctx.ph.chunks[index].name \
            or not ctx.is_head(ctx.ph.chunks[index]) or _is_place(ctx.ph, ctx.ph.chunks[index]):
        return None
    return index


def _named_by_verb(ctx: Context, verb: Optional[str]) -> Optional[Found]:
    """People or units named by their verb, in their place: a bracketed entry's own
    (было выдано в Москве (436 тыс. ед.), Московской области (...)), else the clause's."""
    if not verb:
        return None
    if ctx.bracket_entry():
        entity = ctx.ph.index_at(ctx.bracket_start() - 1)
        if entity is not None:
            return Found(verb, _place_phrase(ctx.ph, ctx.ph.chunks[ctx.ph.root(entity)]))
    return _with_place(ctx, verb)


def _listed_subject(ctx: Context) -> Optional[Found]:
    """``вошли Москва (4,9 тыс. шт.), Московская область (4,1 тыс. шт.)``: units counted for
    names that are the clause's subject measure what the count before measured."""
    if not ctx.bracket_entry():
        return None
    entity = ctx.ph.index_at(ctx.bracket_start() - 1)
    if entity is None:
        return None
    group = ctx.ph.coordinated(ctx.ph.root(entity))
    if ctx.clause.subject not in group:
        return None
    previous = next((a for a in reversed(ctx.history) if a.kind == ctx.fig.kind), None)
    if previous is None:
        return None
    return Found(previous.core, _place_phrase(ctx.ph, ctx.ph.chunks[ctx.ph.root(entity)]))


def _owner_before(ctx: Context) -> Optional[int]:
    """The noun a counted phrase depends on: ``представители 16 регионов`` (the number
    right after a noun that is not a unit or a scale)."""
    k = ctx.fig.qualifier_first - 1
    index = ctx.ph.index_at(k) if k >= 0 else None
    if index is None:
        return None
    chunk = ctx.ph.chunks[index]
    counted = ctx.figure_chunk()
    if chunk.head != k or chunk.name or chunk.prep is not None or not ctx.is_head(chunk) \
            or ctx.word(k) in ctx.lex.anchors or ctx.lemma(k) in ctx.lex.scales or ctx.anaphoric(index) \
            or _is_place(ctx.ph, chunk) or counted is None or "gent" not in ctx.ph.chunks[counted].cases:
        return None
    # the clause's subject (примут участие представители 16 регионов); an object is not
    # one (приняли участие 120 предпринимателей: they took part)
    return index if ctx.clause.subject == index else None


def measured_thing(ctx: Context) -> Optional[str]:
    """An area: ``площадь`` of the thing it belongs to (``три участка (1000 кв. м)``)."""
    if not ctx.fig.measures:
        return None
    opening = ctx.opening()
    if opening is not None and opening > 0:
        index = ctx.ph.index_at(opening - 1)
        if index is not None and ctx.is_head(ctx.ph.chunks[index]):
            return f"{ctx.fig.measures} {ctx.phrase(index, 'gent', 'sing', pp=False)}"
    anchor = _anchor(ctx)
    if anchor is not None:
        index, stop = anchor
        return f"{ctx.fig.measures} {ctx.phrase(index, 'gent', stop=stop)}"
    return None


def list_entry(ctx: Context) -> Optional[str]:
    """A figure in brackets right after a name in a list: the measure of the sentence for
    that name (``динамику Ставропольского края (-34%), Тюменской области (-30,5%)``;
    ``по количеству заболевших идут Санкт-Петербург (207)``)."""
    opening = ctx.opening()
    ph = ctx.ph
    if opening is None or ctx.tokens[opening].text != "(":
        opening = ctx.fig.qualifier_first - 1  # KIA — 83%, Nissan — 82%
        if opening < 0 or ctx.tokens[opening].text != DASH:
            return None
    if opening == 0:
        return None
    if ctx.tokens[opening].text == "(" and ctx.bracket_start() is not None:
        opening = ctx.bracket_start()
    last = ph.index_at(opening - 1)
    if last is None or ph.chunks[last].end != opening:
        return None
    entry = ph.root(last)
    group = ph.coordinated(entry)
    previous = ctx.history[-1] if ctx.history else None
    if ctx.fig.kind == "money" and ctx.word(ctx.fig.first - 1) == "на" and previous is not None \
            and previous.kind == "count" and (_figure_word(ph, ctx.fig.first - 2) or ctx.word(ctx.fig.first - 2) == "."):
        # Москва и МО (9,2 тыс. на 45 млрд руб.): the sum of the things counted before it
        return Found(f"сумма {Antecedent(previous.core, None, previous.number, None, previous.head).changed()}",
                     _entry_phrase(ph, group, entry, opening))
    first = ph.chunks[group[0]]
    entity = ph.chunks[entry]
    if first.parent is not None:  # динамику Ставропольского края: the measure governs the list
        measure = ph.chunks[first.parent]
        if ctx.is_head(measure) and not _is_place(ph, measure) and not _capitalized(ph, measure):
            return Found(ph.inflect(measure, "nomn", end=measure.head + 1), ph.text(entity.first, entity.end))
    governor = group[0] - 1
    if first.prep is not None and governor >= 0 and ph.chunks[governor].end == first.prep \
            and _is_place(ph, first):  # снижение продаж в Тюменской области (-14%), Курганской (-11%)
        measure = ph.chunks[ph.root(governor, through_pp=True)]
        if ctx.is_head(measure) and not _is_place(ph, measure) and not measure.name:
            return Found(ctx.phrase(ph.chunks.index(measure), stop=first.prep), _place_phrase(ph, entity))
    if not (_is_place(ph, entity) or entity.name or _capitalized(ph, entity) or entity.prep is not None):
        return None
    if ctx.tokens[opening].text == DASH and not (entity.name or _is_place(ph, entity) or _capitalized(ph, entity)):
        return None  # Доля – 40%: a measure before the dash, not a name
    measure = _sentence_measure(ctx, group)
    return Found(measure, _entry_phrase(ph, group, entry, opening)) if measure else None


def _entry_phrase(ph: Phrases, group: list[int], entry: int, opening: int) -> str:
    """The names a bracket after a list entry belongs to: those since the bracket before
    (``Москва и МО (9,2 тыс.), Санкт-Петербург и Ленобласть (3,3 тыс.)``)."""
    members = [i for i in group if i <= entry]
    start = next((k for k in range(opening - 1, -1, -1) if ph.tokens[k].text == ")"), -1)
    members = [i for i in members if ph.chunks[i].first > start] or [entry]
    if len(members) == 1:
        return _place_phrase(ph, ph.chunks[members[0]])
    places = [_place_phrase(ph, ph.chunks[i]) for i in members]
    preps = {p.split()[0] for p in places if " " in p}
    if len(preps) == 1 and all(p.startswith(next(iter(preps)) + " ") or " " not in p for p in places):
        prep = next(iter(preps))
        words = [p[len(prep) + 1:] if p.startswith(prep + " ") else p for p in places]
        return f"{prep} {', '.join(words[:-1])} и {words[-1]}"
    return ph.text(ph.chunks[members[0]].first, opening)


def gapped(ctx: Context) -> Optional[str]:
    """A clause whose verb is left out, after a dash (``в Самаре – на 9%``): what the figure
    before measured, in this clause's place."""
    if ctx.clause.kind != "gapped" or not ctx.history:
        return None
    tokens = ctx.ph.clause_tokens(ctx.clause_index)
    if any(ctx.lemma(k) in ctx.lex.change_nouns and ctx.ph.chunk_at(k) is not None for k in tokens):
        return None  # но заметно падение на 13%: the clause names its own change
    dash = next((k for k in tokens if ctx.tokens[k].text == DASH), None)
    if dash is not None:  # the side of the dash without the figure names the place
        side = range(ctx.begin, dash) if dash < ctx.fig.first else range(dash + 1, ctx.clause.end)
        named = [c for _, c in ctx.ph.chunks_in(side.start, side.stop)
                 if c.parent is None and side.start <= c.head < side.stop and ctx.in_clause(c.head)
                 and ctx.ph.pos(c.head) != "NPRO"]
        placed = [c for c in named if _is_place(ctx.ph, c) or c.name
                  or c.prep is not None and ctx.word(c.prep) in PLACE_PREPOSITIONS]
        if not placed or any(c.prep is None and c not in placed for c in named):
            return None  # из них курортный сбор – 180 млн: the part is named, not left out
    previous = ctx.history[-1]
    remnant = _remnant(ctx, dash)
    if remnant is None:
        return previous.text or previous.phrase
    whole = previous.whole_core
    cut = whole.rfind(" " + remnant.split()[0] + " ") if " " in remnant else -1
    if cut > 0 and not previous.place:  # тарифы на вывоз мусора ..., а на отопление – на 4%
        whole = whole[:cut]
    return Found(whole, remnant)


def _remnant(ctx: Context, dash: Optional[int]) -> Optional[str]:
    """What a gapped clause keeps on the other side of the dash from its figure: a place
    (``в Томске``, ``Самара``) or a prepositional phrase (``на отопление``)."""
    ph = ctx.ph
    if dash is None:
        return ctx.place()
    side = range(ctx.begin, dash) if dash < ctx.fig.first else range(dash + 1, ctx.clause.end)
    for i, chunk in ph.chunks_in(side.start, side.stop):
        if chunk.parent is not None or not side.start <= chunk.head < side.stop or not ctx.in_clause(chunk.head):
            continue
        if ph.pos(chunk.head) == "NPRO" or ctx.lemma(chunk.head) in calendar_words():
            continue
        if chunk.prep is not None:
            return _lower_first(ph.text(chunk.prep, chunk.end), chunk.prep == 0)
        if _is_place(ph, chunk) or chunk.name:
            return _place_phrase(ph, chunk)
    return None


def label(ctx: Context) -> Optional[str]:
    """What stands before ``(`` or ``:``: ``Самарская область (863)``, ``ООО "Масштаб"
    (100%)``, ``Стоимость: 53,11 млрд руб.``."""
    opening = ctx.opening()
    if opening is None:
        return None
    text, place = _label_before(ctx, opening)
    if text is None:
        return None
    if ctx.fig.inherited_unit:
        unit = morph.inflect(ctx.fig.inherited_unit, {"nomn", "plur"}) or ctx.fig.inherited_unit
        return Found(unit, text)
    if place:  # a place alone is never what a figure measures
        previous = ctx.history[-1] if ctx.history else None
        return Found(previous.core, text) if previous is not None and previous.kind == ctx.fig.kind else None
    return text


def part(ctx: Context) -> Optional[str]:
    """A part of what was counted before: ``из них 870 трудоустроены`` -> ``трудоустроенные``;
    ``40% из них выбрали математику`` -> ``выпускники, выбравшие математику``."""
    fig = ctx.fig
    if fig.inherited_unit:
        verb = ctx.participle(None) or ctx.participle_after(fig.end)
        if verb and fig.inherited_unit in ctx.lex.persons:
            return verb
        if verb:
            unit = morph.inflect(fig.inherited_unit, {"nomn", "plur"}) or fig.inherited_unit
            return f"{unit}, {verb}"
    after = ctx.word(fig.end) == "из" and ctx.word(fig.end + 1) in ("них", "которых")
    before = ctx.word(fig.qualifier_first - 2) == "из" and ctx.word(fig.qualifier_first - 1) in ("них", "которых")
    if after or before:  # 40% из них выбрали; из них 36% имеет
        previous = ctx.resolve(None)
        if previous is not None:
            whole = previous.phrase.split(",")[0]
            verb = ctx.participle_after(fig.end + 2 if after else fig.end)
            return f"{whole}, {verb}" if verb else whole
    return None


def source(ctx: Context) -> Optional[str]:
    """A part of a sum named by where it comes from: ``в том числе 1,4 млрд рублей за счет
    средств федерального бюджета`` -> ``средства федерального бюджета``."""
    fig, ph = ctx.fig, ctx.ph
    if fig.kind != "money":
        return None
    for i, chunk in ph.chunks_in(fig.end, ctx.clause.end):  # должны быть привлечены из внебюджетных источников
        if chunk.prep is not None and ctx.word(chunk.prep) == "из" and ctx.in_clause(chunk.prep) \
                and ctx.lemma(chunk.head) in ctx.lex.sources and ph.pos(chunk.prep - 1) in ("PRTS", "VERB", "INFN"):
            return f"средства {ph.text(chunk.prep, chunk.end)}"
    k = fig.qualifier_first - 1
    if not (k >= 0 and (ctx.word(k) in ("числе", "них", "которых") or ctx.tokens[k].text == ",")):
        return None
    k = fig.end + (ctx.tokens[fig.end].text == DASH if fig.end < len(ctx.tokens) else 0)
    if ctx.word(k) == "из":
        index = ph.index_at(k + 1) if k + 1 < len(ctx.tokens) else None
        if index is not None and ph.chunks[index].prep == k and ctx.lemma(ph.chunks[index].head) in ctx.lex.sources:
            return f"средства из {ph.text(ph.chunks[index].first, ph.chunks[index].end)}"
        j = k + 1
        while j < len(ctx.tokens) and ph.pos(j) == "ADJF":
            j += 1
        if j > k + 1 and (j == len(ctx.tokens) or not ctx.tokens[j].is_word):  # – из областного [бюджета]
            return f"средства из {ph.text(k + 1, j)}"
        return None
    if ctx.word(k) == "за" and ctx.word(k + 1) in ("счет", "счёт"):
        j = k + 2
        if ctx.lemma(j) == "средство":
            j += 1
        index = ph.index_at(j) if j < len(ctx.tokens) else None
        if index is not None and ctx.lemma(ph.chunks[index].head) in ctx.lex.sources:
            return f"средства {ph.text(ph.chunks[index].first, ph.chunks[index].end)}"
        return None
    for i, chunk in ph.chunks_in(fig.end, ctx.clause.end):  # должны быть привлечены из внебюджетных источников
        if chunk.prep is not None and ctx.word(chunk.prep) == "из" and ctx.in_clause(chunk.prep) \
                and ctx.lemma(chunk.head) in ctx.lex.sources:
            return f"средства {ph.text(chunk.prep, chunk.end)}"
    if k < len(ctx.tokens) and ph.pos(k) == "VERB":  # из которых 1,7 млрд рублей выделит федеральный бюджет
        index = ph.index_at(k + 1) if k + 1 < len(ctx.tokens) else None
        if index is not None and ctx.lemma(ph.chunks[index].head) in ctx.lex.sources and "nomn" in ph.chunks[index].cases:
            return f"средства {ctx.phrase(index, 'gent', pp=False)}"
    return None


def instrumental_measure(ctx: Context) -> Optional[str]:
    """``бюджет принят с дефицитом 4,5 млрд рублей`` -> ``дефицит областного бюджета``."""
    ph = ctx.ph
    at = ctx.fig.qualifier_first - 1
    index = ph.index_at(at) if at >= 0 else None
    if index is None or ph.chunks[index].end != at + 1:
        return None
    index = ph.root(index)
    chunk = ph.chunks[index]
    if chunk.prep is None or ctx.word(chunk.prep) not in ("с", "со") or chunk.case != "ablt" \
            or ph.pos(chunk.head) != "NOUN" or not ctx.is_head(chunk):
        return None
    owner = index - 1 if index > 0 and ph.chunks[index - 1].end == chunk.prep else None
    if owner is not None:  # школы с численностью учеников до 300 человек
        head = ph.root(owner)
    else:  # бюджет принят с дефицитом 4,5 млрд рублей
        head = ctx.subject(before_only=True)
    if head is None or ctx.anaphoric(head) or ph.chunks[head].name:
        return None
    whole = ctx.phrase(head, "gent", pp=False, stop=chunk.prep)
    return f"{ph.inflect(chunk, 'nomn')} {whole}"


def anchor(ctx: Context) -> Optional[str]:
    """A noun the figure is attached to: ``доплата в 10 тысяч рублей``, ``средства в размере
    ...``, ``скидку 30 процентов``; a measure noun in the instrumental names what it
    measures (``бассейн длиной 25 м`` -> ``длина бассейна``)."""
    found = _anchor(ctx)
    if found is None:
        return None
    index, stop = found
    ph = ctx.ph
    measure = next((k for k in range(stop, ctx.fig.qualifier_first)
                    if ph.pos(k) == "NOUN" and ph.case(k) == "ablt"), None)
    if measure is not None:  # участка протяженностью 66 км: the noun right before the measure
        index = ph.index_at(stop - 1)
        name = ph.lemma(measure)
        if "ё" not in ctx.tokens[measure].text:
            name = name.replace("ё", "е")
        return f"{name} {ctx.phrase(index, 'gent', stop=stop)}"
    return _with_place(ctx, ctx.phrase(index, stop=stop))


def after_dash(ctx: Context) -> Optional[str]:
    """``330 млрд руб. – грант государства``: the noun phrase after a dash."""
    k = ctx.fig.end
    while k < len(ctx.tokens) and ctx.tokens[k].text == ".":
        k += 1
    if k + 1 >= len(ctx.tokens) or ctx.tokens[k].text != DASH:
        return None
    index = ctx.ph.index_at(k + 1)
    if index is None or ctx.ph.chunks[index].prep is not None or not ctx.is_head(ctx.ph.chunks[index]) \
            or ctx.lemma(ctx.ph.chunks[index].head) in ctx.lex.scales:
        return None
    return ctx.phrase(index)


def pointing_back(ctx: Context) -> Optional[str]:
    """``Это 112% от плана``, ``увеличить этот показатель до 70%``, ``..., что составляет
    53%``: what the figure before measured."""
    fig, ph = ctx.fig, ctx.ph
    at = fig.qualifier_first - 1
    if at >= 0 and ctx.word(at) == "это" and ctx.begin == at:
        return _phrase_of(ctx.resolve(None))
    index = ph.index_at(at) if at >= 0 else None
    if index is not None and ph.chunks[index].head == at and ph.chunks[index].prep is None and ctx.anaphoric(index):
        return _phrase_of(ctx.resolve(index))
    opener = ctx.clause.opener
    if opener is not None and ctx.word(opener) in ("что", "это") and ctx.clause.subject is None and any(
            ctx.lemma(k) in ctx.lex.measure_verbs for k in range(opener + 1, fig.qualifier_first)):
        return _phrase_of(ctx.resolve(None))  # ..., что составляет порядка 53%
    return None


def implied_measure(ctx: Context) -> Optional[str]:
    """A predicate that implies its measure (models/predicates.tsv): ``жители тратят на
    кредиты 8 тыс. рублей`` -> ``траты жителей на кредиты``, ``программа занимает треть``
    -> ``доля программы``, ``мост обойдется в 3 млрд`` -> ``стоимость моста``."""
    measure = ctx.implied()
    if measure is None:
        return None
    ph = ctx.ph
    named = next((i for i, c in ph.chunks_in(ctx.begin, ctx.clause.end)
                  if ctx.in_clause(c.head) and ctx.lemma(c.head) == measure), None)
    head = ctx.subject()
    if named is not None:  # на долю малого бизнеса приходится 22%: the measure is named
        text = ctx.phrase(named, pp=False)
    elif head is None or ctx.anaphoric(head) or head in ctx.listed():
        text = measure
    else:
        text = f"{measure} {_genitive_group(ctx, head)}"
    whole = ctx.figure_chunk()
    if whole is not None and ctx.fig.noun > ctx.fig.last and ph.chunks[whole].case == "gent":
        text = f"{text} в {ph.inflect(ph.chunks[whole], 'loct')}"  # 22% оборота: доля в обороте
    purpose = _purpose(ctx)
    if purpose is not None and purpose != named:
        chunk = ph.chunks[purpose]
        text = f"{text} {_lower_first(ph.text(chunk.prep, ctx.pp_after(chunk.end)), chunk.prep == 0)}"
    beneficiary = _beneficiary(ctx)
    if beneficiary:
        text = f"{text} {beneficiary}"
    return _with_place(ctx, text)


def _beneficiary(ctx: Context) -> Optional[str]:
    """``8 млн рублей для Ачинска``, ``4 млн рублей — для прочих районов``: whom it is for."""
    k = ctx.fig.end
    if k < len(ctx.tokens) and ctx.tokens[k].text == DASH:
        k += 1
    index = ctx.ph.index_at(k + 1) if k + 1 < len(ctx.tokens) and ctx.word(k) == "для" else None
    if index is None or ctx.ph.chunks[index].prep != k:
        return None
    return ctx.ph.text(k, ctx.ph.chunks[index].end)


def valued_object(ctx: Context) -> Optional[str]:
    """A verb of valuing measures its object (``его доход издание оценивает в 6,2 млрд``;
    ``ущерб оценили в 3 млн``), not its subject."""
    k = ctx.predicate
    if k is None or ctx.lemma(k) not in ctx.lex.valuing:
        return None
    index = ctx._object(ctx.figure_chunk(), ctx.clause.subject)
    if index is None or ctx.anaphoric(index) and not ctx.ph.chunks[index].start > ctx.ph.chunks[index].first:
        return None
    return _with_place(ctx, ctx.phrase(index, participial=True))


def measured_subject(ctx: Context) -> Optional[str]:
    """The clause's subject tied to the figure by a measuring verb or a dash (``Доля МСЗУ
    составила 100%``), or a level (``осталась на уровне 7,4%``)."""
    head = ctx.subject()
    if head is None or not (_measured(ctx, head) or _at_level(ctx)):
        return None
    if ctx.anaphoric(head):
        return _phrase_of(ctx.resolve(head))
    return _with_place(ctx, _bare_change(ctx, head) or ctx.phrase(head, participial=True))


def purpose(ctx: Context) -> Optional[str]:
    """Money with a purpose: ``150 млн рублей на ремонт спортшкол``."""
    if ctx.fig.kind != "money":
        return None
    index = _purpose(ctx)
    if index is None:
        return None
    return ctx.phrase(index, keep_case=True)


def clause_subject(ctx: Context) -> Optional[str]:
    """The clause's inanimate subject."""
    head = ctx.subject()
    if head is None or ctx.anaphoric(head):
        return None
    reading = ctx.ph.reading(ctx.ph.chunks[head].head)
    if reading is not None and "anim" in reading.tag:
        return None
    return _with_place(ctx, ctx.phrase(head, participial=True))


def continued_clause(ctx: Context) -> Optional[str]:
    """A clause that goes on about the figure before (``..., а теперь снижен до 1,5 тысяч``)."""
    opener = ctx.clause.opener
    if opener is None or ctx.clause.subject is not None or ctx.word(opener) not in ("а", "и", "но"):
        return None
    if ctx.word(opener + 1) == "также":
        return None
    return _phrase_of(ctx.resolve(None))


def changed_value(ctx: Context) -> Optional[str]:
    """A value a change starts from or comes to (``выросла на 10% – до 2,2 млрд рублей``;
    ``сократил число больниц с 23 до 10``): what changed, the doer's object or the subject."""
    fig = ctx.fig
    if fig.change or ctx.word(fig.first - 1) not in ("до", "с", "со") or ctx.predicate is None \
            or ctx.lemma(ctx.predicate) not in ctx.lex.changes:
        return None
    head = ctx.changed_object()  # Смольный сократил число больниц с 23 до 10
    if head is None:
        head = ctx.subject()
    if head is None or ctx.anaphoric(head):
        return None
    return _with_place(ctx, ctx.phrase(head, participial=True))


def acting_figure(ctx: Context) -> Optional[str]:
    """A figure without a noun that is the subject of the verb after it (``82 процента
    прекратили деятельность``, ``33 высказались против``): those who did it, of the whole
    ``из`` names."""
    fig = ctx.fig
    if fig.noun is not None or fig.kind not in ("percent", "count", "fraction"):
        return None
    verb = ctx.participle_after(fig.end)
    if verb is None:
        return None
    whole = _whole_before(ctx)
    return f"{whole}, {verb}" if whole else verb


def _whole_before(ctx: Context) -> Optional[str]:
    """``из общего числа закрытых компаний 82 процента``: the whole a share is of."""
    for i, chunk in reversed(list(ctx.ph.chunks_in(ctx.begin, ctx.fig.qualifier_first))):
        if chunk.prep is not None and ctx.word(chunk.prep) == "из" and ctx.in_clause(chunk.prep):
            if ctx.lemma(chunk.head) in ("число", "количество") and i + 1 < len(ctx.ph.chunks) \
                    and ctx.ph.chunks[i + 1].parent == i:
                return ctx.ph.inflect(ctx.ph.chunks[i + 1], "nomn", "plur", end=ctx.ph.chunks[i + 1].head + 1)
            if ctx.is_head(chunk) and not ctx.anaphoric(i):
                return ctx.ph.inflect(chunk, "nomn", "plur", end=chunk.head + 1)
    return None


def subjectless_clause(ctx: Context) -> Optional[str]:
    """A clause with a link or measuring verb and no subject (``..., в прошлом году было
    54,4%``): it goes on about what the figure before measured."""
    k = ctx.predicate
    if k is None or ctx.clause.subject is not None or ctx.clause.kind == "participial":
        return None
    if ctx.lemma(k) not in link_verbs() | ctx.lex.measure_verbs or k > ctx.fig.qualifier_first:
        return None
    previous = ctx.history[-1] if ctx.history else None
    return (previous.text or previous.phrase) if previous is not None and previous.kind == ctx.fig.kind else None


def same_after_dash(ctx: Context) -> Optional[str]:
    """``в Татарстане 96% услуг доступны онлайн, в Башкирии – 89%``: a figure after a dash
    measures what the last figure of its kind measured."""
    if ctx.fig.qualifier_first == 0 or ctx.tokens[ctx.fig.qualifier_first - 1].text != DASH:
        return None
    return next((a.phrase for a in reversed(ctx.history) if a.kind == ctx.fig.kind), None)


RULES: tuple[tuple[str, Rule], ...] = (
    ("change_in_brackets", change_in_brackets),
    ("gapped", gapped),
    ("change", change),
    ("comparative_change", comparative_change),
    ("share_of_whole", share_of_whole),
    ("rate", rate),
    ("instrumental_measure", instrumental_measure),
    ("share_of_name", share_of_name),
    ("counted", counted),
    ("measured_thing", measured_thing),
    ("list_entry", list_entry),
    ("label", label),
    ("source", source),
    ("anchor", anchor),
    ("after_dash", after_dash),
    ("part", part),
    ("pointing_back", pointing_back),
    ("implied_measure", implied_measure),
    ("valued_object", valued_object),
    ("measured_subject", measured_subject),
    ("changed_value", changed_value),
    ("purpose", purpose),
    ("clause_subject", clause_subject),
    ("acting_figure", acting_figure),
    ("continued_clause", continued_clause),
    ("subjectless_clause", subjectless_clause),
    ("same_after_dash", same_after_dash),
)


class SubjectFinder:
    def __init__(self) -> None:
        self.lex = Lexicon()
        self.measure_verbs = self.lex.measure_verbs

    def find(self, ph: Phrases, fig: FigureSpan, history: Sequence[Antecedent] = (),
             previous: Optional[Callable[[], Optional[Phrases]]] = None
             ) -> tuple[Optional[str], Optional[Antecedent]]:
        """The subject of the figure, and what a later figure may point back to;
        ``history`` holds the subjects before it, latest last; ``previous`` gives the phrase
        layer of the sentence before (for pronouns)."""
        _, found = self.explain(ph, fig, history, previous)
        if found is None:
            return None, None
        if found.core in self.lex.change_nouns and found.place is None and history:  # рост на 21%: of what grew
            found = replace(found, core=f"{found.core} {history[-1].changed(count=False)}")
        text = _tidy(found.text)
        if found.thing:  # a change points back to what changed, in the nominative
            return text, replace(self.antecedent(_tidy(found.thing), None, ph, fig), text=text)
        return text, replace(self.antecedent(text, fig.change, ph, fig, found.place), text=text)

    def explain(self, ph: Phrases, fig: FigureSpan, history: Sequence[Antecedent] = (),
                previous: Optional[Callable[[], Optional[Phrases]]] = None
                ) -> tuple[Optional[str], Optional[Found]]:
        """(the rule that gave the subject, its answer)."""
        ctx = Context(ph, fig, history, self.lex, previous)
        for name, rule in RULES:
            found = rule(ctx)
            if found:
                return name, found if isinstance(found, Found) else Found(found)
        return None, None

    def antecedent(self, subject: str, change: Optional[str], ph: Phrases,
                   fig: FigureSpan, place: Optional[str] = None) -> Antecedent:
        """What a later figure may point back to: the subject's noun phrase, the gender and
        number of its first noun, its place; for counted things their number (``числа
        туристов``), which a later change measures (``что на 12% больше``)."""
        for noun in (change or "", *self.lex.change_nouns):  # рост выручки: what changed is выручки
            if noun and subject.startswith(noun + " "):
                subject = subject[len(noun) + 1:]
                break
        ctx = Context(ph, fig, (), self.lex)
        if place and not subject.endswith(" " + _tidy(place)):
            place = None
        count = None
        if not change and fig.kind == "count" and fig.noun is not None:
            index = ctx.figure_chunk()
            if index is not None and ph.chunks[index].head == fig.noun and ctx.is_head(ph.chunks[index]) \
                    and ctx.lemma(fig.noun) not in self.lex.persons:
                count = "числа " + ph.inflect(ph.chunks[index], "gent", "plur",
                                               start=max(ph.chunks[index].start, fig.last))
        for n, word in enumerate(subject.split()):
            nouns = [r for r in readings(word.lower().strip(',"')) if r.pos == "NOUN"]
            if nouns:  # the phrase is nominative: дороги is a plural here
                r = next((q for q in nouns if q.case == "nomn"), nouns[0])
                return Antecedent(subject, r.gender, r.number, count, n, place, fig.kind)
        return Antecedent(subject, None, None, count, None, place, fig.kind)


# -- helpers ----------------------------------------------------------------------------
def _pp_end(ph: Phrases, lex: Lexicon, end: int) -> int:
    """Past one prepositional phrase that depends on the noun ending at ``end`` (``доля
    обращений в электронном виде``), in its clause: no number inside, no time word, unit or
    anchor at its head."""
    tokens = ph.tokens
    if not 0 < end < len(tokens) - 1 or ph.lower[end] not in PP_PREPOSITIONS \
            or ph.clause_ids[end] != ph.clause_ids[end - 1]:
        return end
    index = ph.index_at(end + 1)
    if index is None:
        return end
    chunk = ph.chunks[index]
    head = ph.lemma(chunk.head)
    if chunk.prep != end or chunk.first != end + 1 or (head in lex.not_heads and not chunk.name) \
            or ph.lower[chunk.head] in lex.anchors \
            or head in lex.scales:
        return end
    stop = chunk.end
    if any(t.text[:1].isdigit() for t in tokens[end:stop + 1]):
        return end  # с долей 9,6%: the phrase of another figure
    return stop


def _bare_change(ctx: Context, head: int) -> Optional[str]:
    """A change named without what changed (``падение составило 13%``, ``рост на 21%
    наблюдается``): the change of what the figure before measured."""
    chunk = ctx.ph.chunks[head]
    if chunk.end != chunk.head + 1 or not ctx.history or ctx.lemma(chunk.head) not in ctx.lex.change_nouns:
        return None
    return f"{ctx.ph.inflect(chunk)} {ctx.history[-1].changed()}"


def _measured(ctx: Context, head: int) -> bool:
    """Is the subject tied to the figure by a measuring verb or a dash?"""
    chunk = ctx.ph.chunks[head]
    between = range(chunk.end, ctx.fig.qualifier_first)
    if ctx.fig.qualifier_first > 0 and ctx.tokens[ctx.fig.qualifier_first - 1].text == DASH:
        return True
    return any(ctx.tokens[k].is_word and ctx.lemma(k) in ctx.lex.measure_verbs for k in between) or (
        chunk.head > ctx.fig.end and ctx.predicate is not None
        and ctx.lemma(ctx.predicate) in ctx.lex.measure_verbs)


def _at_level(ctx: Context) -> bool:
    """``показатель был на уровне 0,9%``: the figure is the level of the clause's subject."""
    first = ctx.fig.qualifier_first
    if first >= 1 and ctx.word(first - 1) == "в":
        first -= 1  # на уровнях в 44 318 и 47 461 рубль
    return first >= 2 and ctx.lemma(first - 1) in ctx.lex.scales and ctx.word(first - 2) == "на"


def _anchor(ctx: Context) -> Optional[tuple[int, int]]:
    """(chunk, end) of the noun phrase a figure is attached to; the phrase ends where the
    anchor words begin."""
    ph, first = ctx.ph, ctx.fig.qualifier_first
    while first > 0 and ctx.tokens[first - 1].text == '"':
        first -= 1  # ущерб в «не менее 50 млн рублей»
    k = first - 1
    while k >= 0 and ctx.word(k) in ctx.lex.anchors:
        k -= 1
    if k < first - 1:  # домов общей площадью: the anchor's own adjective
        while k >= 0 and ph.pos(k) in ("ADJF", "PRTF") and ph.case(k) == "ablt":
            k -= 1
    index = ph.index_at(k) if k >= 0 else None
    if index is None:
        return None
    chunk = ph.chunks[index]
    if chunk.head != k or not ctx.is_head(chunk) or ctx.lemma(k) in ctx.lex.scales or chunk.name \
            or _person(ph, chunk):
        return None  # Михаил Амосов с 16,03%: a person is no measure
    if chunk.counted:  # детского сада на 350 мест общей площадью: the garden's area
        j = chunk.first - 1
        while j >= 0 and (ctx.tokens[j].text[:1].isdigit() or ctx.tokens[j].text == "."):
            j -= 1
        holder = ph.index_at(j - 1) if j > 0 and ctx.word(j) == "на" else None
        if holder is not None and ph.chunks[holder].head == j - 1:
            return ph.root(holder), j
    stop = k + 1
    if stop == first:  # no anchor word: only a noun outside a prepositional phrase
        if not chunk.cases & {"nomn", "accs", "ablt"} or chunk.prep is not None or ph.pos(chunk.head) != "NOUN":
            return None  # достиг рекордных 60 млн тонн: an adjective, not what is measured
    return ph.root(index, through_pp=True), stop


def _purpose(ctx: Context) -> Optional[int]:
    """The chunk of ``на`` + noun after the figure, else before it in its clause."""
    ph, fig = ctx.ph, ctx.fig
    candidates = [i for i, c in ph.chunks_in(fig.end, min(len(ctx.tokens), fig.end + 5))
                  if c.prep is not None and c.prep >= fig.end]
    candidates = candidates[:1] + [i for i, c in reversed(list(ph.chunks_in(ctx.begin, fig.qualifier_first)))
                                   if c.prep is not None and c.head < fig.qualifier_first]
    for i in candidates:
        chunk = ph.chunks[i]
        if ctx.word(chunk.prep) != "на" or not ctx.in_clause(chunk.prep) or chunk.first != chunk.prep + 1:
            continue
        if ctx.lemma(chunk.head) in ctx.lex.scales or not ctx.is_head(chunk) or _is_place(ph, chunk) \
                or ctx.anaphoric(i) or ctx.lemma(chunk.head) in territories():
            return None  # на уровне 0,9%, на эти цели, на территории края
        return i
    return None


def _sentence_measure(ctx: Context, group: list[int]) -> Optional[str]:
    """The measure a list of names is ranked by: ``по количеству заболевших`` ->
    ``заболевшие``, ``по объему выдачи`` -> ``объем выдачи``; else the clause's subject
    when the names are not it; else what the figure before measured."""
    ph = ctx.ph
    for i, chunk in ph.chunks_in(ctx.begin, ctx.clause.end):
        if chunk.prep is None or ctx.word(chunk.prep) != "по" or not ctx.is_head(chunk) or i in group \
                or not ctx.in_clause(chunk.prep):
            continue
        if ctx.lemma(chunk.head) in ("количество", "число") and i + 1 < len(ph.chunks) \
                and ph.chunks[i + 1].parent == i:
            dependent = ph.chunks[i + 1]
            return ph.inflect(dependent, "nomn", "plur", end=dependent.end)
        if chunk.case in ("datv", "loct") and not _is_place(ph, chunk):
            return ph.inflect(chunk, "nomn", end=chunk.end)
    implied = implied_measure(ctx)
    if implied is not None:
        return implied.core
    subject = ctx.clause.subject
    if subject is not None and subject not in group and ctx.anaphoric(subject):
        subject = _antecedent_chunk(ctx, subject)
    if subject is not None and subject not in group and ctx.is_head(ph.chunks[subject]) \
            and not _is_place(ph, ph.chunks[subject]) and not ctx.anaphoric(subject):
        reading = ph.reading(ph.chunks[subject].head)
        if reading is not None and "anim" not in reading.tag:
            change = ctx.clause_change()
            if change:
                return f"{change} {ctx.phrase(subject, 'gent')}"
            return ctx.phrase(subject, pp=True)
    for clause in ph.clauses[:ctx.clause_index]:  # Средняя зарплата различается: Казань — 25 тыс.
        index = clause.subject
        if index is not None and index not in group and ctx.is_head(ph.chunks[index]) \
                and not _is_place(ph, ph.chunks[index]) and not ctx.anaphoric(index) \
                and not ctx._animate(index):
            return ctx.phrase(index, pp=True)
    previous = ctx.history[-1] if ctx.history else None
    return previous.core if previous is not None and previous.kind == ctx.fig.kind else None


def _antecedent_chunk(ctx: Context, pronoun: int) -> Optional[int]:
    """The subject of an earlier clause of the sentence a personal pronoun stands for (of
    its gender and number: ``Сокращение ... затронуло все регионы — наиболее заметным оно
    оказалось ...``)."""
    ph = ctx.ph
    reading = ph.reading(ph.chunks[pronoun].head)
    if reading is None or reading.pos != "NPRO":
        return None
    for clause in reversed(ph.clauses[:ctx.clause_index]):
        index = clause.subject
        if index is None or index == pronoun:
            continue
        chunk = ph.chunks[index]
        if chunk.number == reading.number and (reading.number == "plur" or chunk.gender == reading.gender):
            return index
    return None


def _shared_noun(ph: Phrases, chunk: Chunk) -> Optional[Chunk]:
    """``Тверская (4,1 млрд) и Псковская (2,3 млрд) области``: the noun an elliptical list of
    adjectives shares, after the last of them."""
    if chunk.first != chunk.head or not ph.has(chunk.head, "ADJF"):
        return None
    index = ph.index_at(chunk.head)
    group = ph.coordinated(index) if index is not None else []
    last = ph.chunks[group[-1]] if group else chunk
    k = last.end
    if k < len(ph.tokens) and ph.tokens[k].text == "(":
        while k < len(ph.tokens) and ph.tokens[k].text != ")":
            k += 1
        k += 1
    after = ph.index_at(k) if k < len(ph.tokens) else None
    if after is None or ph.chunks[after].first != k or ph.pos(ph.chunks[after].head) != "NOUN":
        return None
    return ph.chunks[after]


def _place_phrase(ph: Phrases, chunk: Chunk) -> str:
    """A name of a list as it stands in a subject: a place after ``в`` (``в Москве``), a
    phrase with its own preposition as written, another name as written."""
    if chunk.prep is None:  # из Саратова (320 жалоб) и Пензы: the list's preposition
        group = ph.coordinated(ph.chunks.index(chunk)) if chunk in ph.chunks else []
        lead = ph.chunks[group[0]] if group else None
        if lead is not None and lead.prep is not None and lead is not chunk:
            return f"{ph.tokens[lead.prep].lower} {ph.text(chunk.start, chunk.end)}"
    shared = _shared_noun(ph, chunk)
    if shared is not None and chunk.prep is None:  # Тверская ... области: в Тверской области
        reading = next(r for r in ph.options[chunk.head] if r.pos == "ADJF")
        adjective = inflect_word(ph.tokens[chunk.head], reading, "loct", "sing", shared.gender)
        return f"в {adjective} {ph.inflect(shared, 'loct', 'sing', end=shared.head + 1)}"
    text = ph.text(chunk.start, chunk.end)
    if chunk.prep is not None:
        return ph.text(chunk.prep, chunk.end)
    if _is_place(ph, chunk) and not chunk.name:
        return "в " + ph.inflect(chunk, "loct")
    return text


def _label_before(ctx: Context, opening: int) -> tuple[Optional[str], bool]:
    """What stands before "(" or ":", number words and other figures left out, and whether
    it is a place."""
    ph = ctx.ph
    index = ph.index_at(opening - 1) if opening > 0 else None
    if index is not None and ph.chunks[index].end == opening:
        root = ph.chunks[ph.root(index)]
        if _is_place(ph, root):
            return _place_phrase(ph, root), True
        if ph.chunks[index].head == opening - 1 and ctx.is_head(ph.chunks[index]) \
                and not ctx.tokens[opening - 1].is_title:
            return ctx.phrase(ph.root(index), pp=False), False
    begin = opening
    while begin > 0 and opening - begin < 6:
        tok = ctx.tokens[begin - 1]
        if tok.text in (",", ";", ":", "(", ")", DASH) or ctx.word(begin - 1) in ("что", "который", "где", "а", "и"):
            break
        if tok.text[:1].isdigit() or not (tok.is_word or tok.text == '"'):
            break
        if ph.pos(begin - 1) in ("VERB", "NUMR", "COMP", "ADVB", "CONJ", "PRCL"):
            break
        begin -= 1
    if not any(ctx.is_head(c) for _, c in ph.chunks_in(begin, opening) if begin <= c.head < opening):
        return None, False  # в 1,5 раза: a unit, no label
    return ph.text(begin, opening) or None, False


def _coordinated_phrase(ctx: Context, group: list[int], case: str, number: Optional[str], *,
                        start: Optional[int] = None, end: Optional[int] = None) -> str:
    """Coordinated chunks in one case, the first from ``start``, the last up to ``end``."""
    ph = ctx.ph
    parts = []
    for n, i in enumerate(group):
        chunk = ph.chunks[i]
        last = n == len(group) - 1
        parts.append(ph.inflect(chunk, case, number, start=start if n == 0 else None,
                                end=end if last else chunk.head + 1))
    joiners = [ph.text(ph.chunks[a].head + 1, ph.chunks[b].first) for a, b in zip(group, group[1:])]
    out = parts[0]
    for joiner, text in zip(joiners, parts[1:]):
        out += ("" if joiner.startswith(",") else " ") + joiner + " " + text
    return out


def _genitive_group(ctx: Context, head: int) -> str:
    """The chunk and the chunks coordinated with it, in the genitive, with the dependents of
    the last (``сельского хозяйства и строительства``)."""
    ph = ctx.ph
    group = [i for i in ph.coordinated(head) if i >= head] if ph.chunks[head].free else [head]
    if len(group) == 1:
        return ctx.phrase(head, "gent")
    parts = [ctx.phrase(i, "gent", pp=i == group[-1]) for i in group]
    joiners = [ph.text(ph.chunks[a].end, ph.chunks[b].first) for a, b in zip(group, group[1:])]
    out = parts[0]
    for joiner, text in zip(joiners, parts[1:]):
        out += ("" if joiner.startswith(",") else " ") + joiner + " " + text
    return out


def _with_place(ctx: Context, text: str) -> Found:
    return Found(text, ctx.place(exclude=text))


def _is_place(ph: Phrases, chunk: Chunk) -> bool:
    """A place name (Москве), or a territory named by its adjective (Тюменской области)."""
    reading = ph.reading(chunk.head)
    if reading is None:
        return False
    if "Geox" in reading.tag and ph.tokens[chunk.head].is_title:
        return True
    if reading.lemma not in territories():
        return False
    if chunk.start < chunk.head and ph.tokens[chunk.start].is_title and chunk.start > 0:
        return True  # Тюменской области
    return ph.tokens[chunk.head].is_title and chunk.end > chunk.head + 1  # Республика Татарстан


def _figure_word(ph: Phrases, k: int) -> bool:
    """A token of a figure or between figures: a number, a multiplier, a unit, a preposition."""
    text = ph.tokens[k].text
    return text[:1].isdigit() or text in ("%", "₽", "$", "€") or ph.lower[k] in multiplier_words() \
        or ph.is_preposition(k) or ph.lower[k] in ("руб", "рублей", "рубля", "рубль", "тыс", "ед", "шт")


def _person(ph: Phrases, chunk: Chunk) -> bool:
    reading = ph.reading(chunk.head)
    return reading is not None and bool({"Name", "Surn", "Patr"} & set(reading.tag.grammemes))


def _capitalized(ph: Phrases, chunk: Chunk) -> bool:
    return ph.tokens[chunk.start].is_title and chunk.start > 0


def _after_figure(tokens, k: int) -> bool:
    """Does a figure end right before tokens[k] (its number within three words, no comma)?"""
    for tok in reversed(tokens[max(0, k - 4):k]):
        if tok.text[:1].isdigit():
            return True
        if not tok.is_word and tok.text != ".":
            return False
    return False


def _replace_first(fig: FigureSpan, first: int) -> FigureSpan:
    return replace(fig, qualifier_first=first, first=first)


def _phrase_of(antecedent: Optional[Antecedent]) -> Optional[str]:
    return antecedent.phrase if antecedent is not None else None


def _lower_first(text: str, sentence_initial: bool) -> str:
    return text[:1].lower() + text[1:] if sentence_initial else text


def _tidy(text: str) -> str:
    return " ".join(text.replace(" ,", ",").split()).strip(" ,–")


def _genitive(words: list[str], head: int, number: Optional[str]) -> Optional[str]:
    """The phrase with its head noun (words[head]) and the adjectives before it in the
    genitive (урожай зерновых -> урожая зерновых), for ``рост ...``; None when a word does
    not inflect (a name, an abbreviation)."""
    out = []
    for n, word in enumerate(words[:head + 1]):
        pos = ("NOUN",) if n == head else ("ADJF", "PRTF")
        bare = word.rstrip(",")
        reading = next((r for r in readings(bare.lower()) if r.pos in pos and r.case == "nomn"), None)
        if reading is None:
            return None
        grammemes = {"gent", number} if number else {"gent"}
        form = reading.parse.inflect(grammemes)
        if form is None:
            return None
        inflected = form.word if "ё" in bare.lower() else form.word.replace("ё", "е")
        out.append((inflected if bare.islower() or n == 0 else morph.match_case(inflected, bare))
                   + word[len(bare):])
    return " ".join(out + words[head + 1:])


_LETTER = re.compile(r"[^\W\d_]")


def place_names(regions) -> set[str]:
    """The lower-cased names an article gives its regions (mentions and full names): a
    subject that is one of them alone names no measure."""
    return {m.text.lower() for r in regions for m in r.mentions} | {r.name.lower() for r in regions}


def bare_subjects(digest) -> list[tuple[str, str]]:
    """``(kind, subject)`` for each indicator of a ``Digest`` whose subject names nothing
    measured: a place name of the article alone (``place``) or no letter at all
    (``number``). ANNOTATION.md allows neither; the tests and ``benchmarks/bench.py`` count
    them (the extractor should give none)."""
    places = place_names(digest.regions)
    out = []
    for ind in digest.indicators:
        subject = (ind.subject or "").strip()
        if subject and subject.lower() in places:
            out.append(("place", subject))
        elif subject and not _LETTER.search(subject):
            out.append(("number", subject))
    return out
