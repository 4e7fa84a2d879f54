"""The phrase layer: noun phrases and clauses of one sentence, read once from the cached
morphology and shared by the extractors that need syntax (subjects, positions).

``Phrases.of(tokens)`` reads a sentence left to right:

- **readings**: each word's pymorphy3 parses (cached per word form) as ``Reading``s;
  digits, Latin words, abbreviations (``МСЗУ``) and quoted names are indeclinable nouns;
- **chunks**: an optional preposition, the adjectives and participles before a head and
  the head (a noun, a pronoun, an indeclinable name, or an adjective used as a noun:
  ``заболевших``). Agreement chooses the reading of each word: the attributes must share
  case, number and gender with the head, and a preposition restricts the case to those it
  governs (``models/prepositions.tsv``). A chunk without a preposition right after a noun
  chunk, in the genitive, depends on it (a genitive chain: ``доля обращений граждан``); so
  does a name right after a noun (``бренда KIA``, ``компания "Автобан"``). Chunks joined by
  ``и``/``или`` in the same case are coordinated;
- **clauses**: ``clause_ids`` is the one clause boundary of the project. A sentence is cut at
  punctuation into segments; a segment opens a clause of its own after ``;``, ``:``, ``!``,
  ``?``, when its first word opens a clause (``models/clause_words.tsv``), when it holds a
  predicate and the clause before it already has one, or when it is a gapped clause (``в
  Москве – на 16%``, no predicate, a dash). A parenthesis and a participial phrase set off
  by commas (``, поданных онлайн,``) are clauses inside their clause, which goes on after
  them. Each clause knows its predicate (a finite verb, a short participle or adjective, a
  predicative word) and its subject: the nominative chunk outside prepositional phrases and
  genitive chains that agrees with the predicate.

``inflect`` is the one agreement-and-inflection helper: a chunk's attributes and head put
in a case and number (the nominative for a subject or a title), its dependents as written,
capitals kept where the text has them for a reason (names, abbreviations).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace as _replace
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Sequence

from . import morph
from .document import Token
from .resources import read_tsv

CASE_ALIASES = {"gen1": "gent", "gen2": "gent", "loc1": "loct", "loc2": "loct", "acc2": "accs"}
ALL_CASES = frozenset(("nomn", "gent", "datv", "accs", "ablt", "loct"))
MODIFIER_POS = frozenset(("ADJF", "PRTF"))
NOUN_POS = frozenset(("NOUN", "NPRO"))
PREDICATE_POS = frozenset(("VERB", "PRTS", "ADJS", "PRED"))
CONTENT_POS = frozenset(("NOUN", "NPRO", "ADJF", "PRTF"))
CHAIN_CASES = frozenset(("gent", "ablt", "datv"))  # cases of a noun that depends on the noun before
HARD_BOUNDARIES = frozenset((";", ":", "!", "?"))
SEGMENT_BREAKS = frozenset((",",)) | HARD_BOUNDARIES
DASH = "–"
QUOTE = '"'
PROPER = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"))
MAX_NAME = 8  # words a quoted name may hold


@lru_cache(maxsize=None)
def preposition_cases() -> dict[str, frozenset[str]]:
    return {word: frozenset(cases.split()) for word, cases in read_tsv("prepositions.tsv")}


@lru_cache(maxsize=None)
def clause_words() -> dict[str, str]:
    return {word: role for word, role in read_tsv("clause_words.tsv") if role not in ("link", "speech")}


@lru_cache(maxsize=None)
def speech_verbs() -> frozenset[str]:
    return frozenset(word for word, role in read_tsv("clause_words.tsv") if role == "speech")


@lru_cache(maxsize=None)
def calendar_words() -> frozenset[str]:
    """Months and period nouns (models/dates.tsv): a noun of a date takes no genitive and
    counts nothing (19 января котировки; за 2019 год)."""
    return frozenset(word for word, cls, *_ in read_tsv("dates.tsv") if cls in ("month", "yearword", "period"))


@lru_cache(maxsize=None)
def multiplier_words() -> frozenset[str]:
    return frozenset(row[0] for row in read_tsv("multipliers.tsv"))


@lru_cache(maxsize=None)
def link_verbs() -> frozenset[str]:
    return frozenset(word for word, role in read_tsv("clause_words.tsv") if role == "link")


# -- readings ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Reading:
    """One pymorphy3 parse of a word, with the grammemes the layer compares."""

    pos: Optional[str]
    case: Optional[str]
    number: Optional[str]
    gender: Optional[str]
    lemma: str
    parse: object  # the pymorphy3 Parse (inflect from it)

    @property
    def tag(self):
        return self.parse.tag

    def agrees(self, head: "Reading") -> bool:
        """Does this attribute agree with the head in case, number and gender?"""
        if self.case != head.case or self.number != head.number:
            return False
        return self.number == "plur" or head.gender in (None, "ms-f") or self.gender == head.gender

    def same_form(self, other: "Reading") -> bool:
        return (self.case, self.number, self.gender) == (other.case, other.number, other.gender)


NO_READINGS: tuple = ((), (), ())


@lru_cache(maxsize=morph.MORPH_CACHE)
def word_classes(word: str) -> tuple[tuple[Reading, ...], tuple[Reading, ...], tuple[Reading, ...]]:
    """A lower-cased word's readings, and of them the noun and the attribute readings. Only a
    word read first as a noun, pronoun, adjective or participle has the latter, whatever
    rarer readings it has (и as a letter, уже as уж, сорок as сорока)."""
    options = readings(word)
    if not options or options[0].pos not in CONTENT_POS:
        return options, (), ()
    return (options, tuple(r for r in options if r.pos in NOUN_POS),
            tuple(r for r in options if r.pos in MODIFIER_POS))


@lru_cache(maxsize=morph.MORPH_CACHE)
def readings(word: str) -> tuple[Reading, ...]:
    """Every parse of a lower-cased word, most probable first."""
    out = []
    for p in morph.parse(word):
        tag = p.tag
        case = str(tag.case) if tag.case else None
        out.append(Reading(_plain(tag.POS), CASE_ALIASES.get(case, case), _plain(tag.number),
                           _plain(tag.gender), p.normal_form, p))
    return tuple(out)


def is_name_token(tok: Token) -> bool:
    """An indeclinable name: a Latin word (KIA, b2b) or an abbreviation (МСЗУ, ТЦ, РФ)."""
    return _name_text(tok.text)


@lru_cache(maxsize=morph.MORPH_CACHE)
def _name_text(text: str) -> bool:
    if not text[:1].isalpha() or len(text) < 2 or not text[-1].isalnum():
        return False
    if text.isascii():
        return True
    return len(text) > 1 and text.isupper()


# -- chunks and clauses ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Chunk:
    """A noun phrase. Token indices are the sentence's; ``end`` is past the head's
    dependents (genitive chain, names), ``parent`` the index of the chunk it depends on."""

    first: int  # first word (determiners such as этот included: see ``start``)
    head: int
    end: int
    case: Optional[str]
    number: Optional[str]
    gender: Optional[str]
    cases: frozenset[str]  # every case the agreement leaves possible
    prep: Optional[int] = None  # token index of the governing preposition
    parent: Optional[int] = None  # chunk index, for a genitive or a name after a noun
    start: int = 0  # first word after determiners (этот, такой): where a subject starts
    name: bool = False  # an indeclinable or quoted name
    counted: bool = False  # a number stands right before it (84% коек, 5 млрд рублей, в 2023 году)

    @property
    def free(self) -> bool:
        """Neither governed by a preposition nor dependent on another noun."""
        return self.prep is None and self.parent is None


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause: its tokens are those whose ``clause_ids`` entry is its index."""

    start: int  # first token
    end: int  # past the last token
    kind: str  # main, subordinate, parenthesis, participial, gapped
    predicate: Optional[int] = None  # token index
    subject: Optional[int] = None  # chunk index
    opener: Optional[int] = None  # token index of the word that opened it (что, а, который)


class Phrases:
    """The phrase layer of one sentence (see the module docstring)."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.lower: list[str] = [tok.lower for tok in tokens]
        self.names: list[bool] = [_name_text(tok.text) for tok in tokens]
        classes = [NO_READINGS if name or not tok.is_word else word_classes(low)
                   for tok, low, name in zip(tokens, self.lower, self.names)]
        self.options: list[tuple[Reading, ...]] = [c[0] for c in classes]
        self.nouns: list[tuple[Reading, ...]] = [c[1] for c in classes]
        self.modifiers: list[tuple[Reading, ...]] = [c[2] for c in classes]
        self.chosen: list[Optional[Reading]] = [opts[0] if opts else None for opts in self.options]
        self.quotes = _quote_pairs(tokens)
        self.chunks: list[Chunk] = []
        self.chunk_of: list[Optional[int]] = [None] * len(tokens)  # token -> chunk whose core holds it
        self._read_chunks()
        self.clause_ids: list[int] = [0] * len(tokens)
        self.clauses: list[Clause] = []
        self._read_clauses()

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> "Phrases":
        return cls(tokens)

    # -- word classes ----------------------------------------------------------------------
    def pos(self, k: int) -> Optional[str]:
        tok = self.tokens[k]
        if tok.text[:1].isdigit():
            return "NUM"
        if self.names[k]:
            return "NAME"
        r = self.chosen[k]
        return r.pos if r is not None else None

    def reading(self, k: int) -> Optional[Reading]:
        return self.chosen[k]

    def lemma(self, k: int) -> str:
        r = self.chosen[k]
        return r.lemma if r is not None else self.lower[k]

    def case(self, k: int) -> Optional[str]:
        r = self.chosen[k]
        return r.case if r is not None else None

    def has(self, k: int, pos: str, **grammemes: str) -> bool:
        """Has the word any reading of this part of speech (and these grammemes)?"""
        return any(r.pos == pos and all(getattr(r, g) == v for g, v in grammemes.items())
                   for r in self.options[k])

    def _noun_options(self, k: int) -> tuple[Reading, ...]:
        return self.nouns[k]

    def _modifier_options(self, k: int) -> tuple[Reading, ...]:
        return self.modifiers[k]

    def is_preposition(self, k: int) -> bool:
        return self.lower[k] in preposition_cases() and bool(self.options[k]) and self.options[k][0].pos == "PREP"

    # -- chunks ----------------------------------------------------------------------------
    def _read_chunks(self) -> None:
        k, n = 0, len(self.tokens)
        while k < n:
            prep = k if self.is_preposition(k) else None
            start = k + 1 if prep is not None else k
            while prep is not None and start < n and self.tokens[start].text[:1].isdigit():
                start += 1  # за 2019 год, в 53 регионах: the preposition governs the noun
            allowed = preposition_cases()[self.lower[prep]] if prep is not None else ALL_CASES
            found = self._group(start, allowed, prep)
            if found is None:
                k += 1
                continue
            self._add_chunk(found)
            k = found.head + 1
        self._link()

    def _group(self, j: int, allowed: frozenset[str], prep: Optional[int]) -> Optional[Chunk]:
        """The noun group starting at token j: attributes agreeing with a head."""
        n = len(self.tokens)
        if j >= n:
            return None
        if not (self.nouns[j] or self.modifiers[j] or self.names[j] or self.tokens[j].text == QUOTE
                or self.chosen[j] is not None and self.chosen[j].pos == "ADVB"):
            return None  # a verb, a number, punctuation: no noun group starts here
        if self.tokens[j].text == QUOTE and j in self.quotes:
            name = self._quoted_name(j, allowed, prep)
            if name is not None:
                return name
        forms: Optional[list[Reading]] = None  # the attribute forms still possible
        attrs: list[int] = []
        paucal = j > 0 and self._after_paucal(j)
        i = j
        while i < n:
            tok = self.tokens[i]
            if tok.text == QUOTE and (self.quotes.get(i) == i + 2 or (
                    attrs and self.quotes.get(i - 2) == i)):
                i += 1  # «ковидных» пациентов: quotes around one attribute
                continue
            if self.names[i] and not tok.text.isascii() and not attrs:
                return self._make(j, i, i, None, allowed, prep, name=True)
            if self.names[i] and tok.text.isascii() and not attrs:
                end = i + 1
                while end < n and self.tokens[end].text.isascii() and self.tokens[end].text[:1].isalnum():
                    end += 1  # Volvo Subaru, Ferrari F12 Berlinetta
                return self._make(j, i, end - 1, None, allowed, prep, name=True)
            if self.lemma(i) == "который":
                break  # a relative pronoun opens a clause, it is no attribute
            nouns = [r for r in self._noun_options(i) if r.case in allowed and _fits(forms, r, paucal)]
            mods = [r for r in self._modifier_options(i)
                    if r.case in allowed and (forms is None or any(f.same_form(r) for f in forms))]
            if nouns and mods and self._attribute_first(i, mods):
                forms, i = mods, i + 1
                attrs.append(i - 1)
                continue
            if nouns:
                return self._make(j, i, i, (forms, nouns), allowed, prep)
            if mods:
                forms = mods
                attrs.append(i)
                i += 1
                continue
            if self._inside_attributes(i, forms, bool(attrs)):
                i += 1
                continue
            break
        if attrs and "Apro" in self.chosen[attrs[-1]].tag and not (
                i < n and self.lower[i] == "из" and len(attrs) == 1):
            attrs.pop()  # всего, этих: a pronoun heads no phrase of its own (but каждой из)
        if attrs:  # an adjective or participle used as a noun: заболевших, опрошенные
            last = attrs[-1]
            return self._make(j, last, last, (forms, forms), allowed, prep)
        return None

    def _attribute_first(self, i: int, mods: list[Reading]) -> bool:
        """A word that is both noun and adjective (взрослого, рабочих) is an attribute when
        a noun agreeing with it follows (after quotes, or after ``и`` and another attribute:
        малого и среднего бизнеса)."""
        k = i + 1
        while k < len(self.tokens):
            if self.tokens[k].text == QUOTE:
                k += 1
            elif self.lower[k] in ("и", "или") and k + 1 < len(self.tokens) and any(
                    m.same_form(r) for m in mods for r in self._modifier_options(k + 1)):
                k += 2
            else:
                break
        if k >= len(self.tokens):
            return False
        return any(m.agrees(r) for m in mods for r in self._noun_options(k))

    def _inside_attributes(self, i: int, forms: Optional[list[Reading]], inside: bool) -> bool:
        """Words among attributes: ``и``/``или`` before another agreeing attribute (малого и
        среднего), an adverb in -о before one (социально значимых, активно используемых)."""
        tok = self.tokens[i]
        if i + 1 >= len(self.tokens):
            return False
        nxt = self._modifier_options(i + 1)
        if tok.lower in ("и", "или", ","):
            return inside and forms is not None and any(f.same_form(r) for f in forms for r in nxt)
        r = self.chosen[i]
        return r is not None and r.pos == "ADVB" and tok.lower.endswith("о") and bool(nxt)

    def _after_paucal(self, j: int) -> bool:
        """After два, три, четыре (or a number ending in them) an attribute is a genitive
        plural and its noun a genitive singular (три масштабных проекта)."""
        k = j - 1
        if k < 0:
            return False
        text = self.tokens[k].text
        if text[:1].isdigit():
            digits = text.replace(",", ".").split(".")[0]
            return digits[-1:] in ("2", "3", "4") and digits[-2:-1] != "1" and "," not in text
        return self.lemma(k) in ("два", "три", "четыре", "оба", "полтора")

    def _quoted_name(self, j: int, allowed: frozenset[str], prep: Optional[int]) -> Optional[Chunk]:
        """A quoted name (``"Цифровой регион"``); quoted speech, with a verb, is none."""
        close = self.quotes[j]
        if close - j - 1 > MAX_NAME or close == j + 1:
            return None
        if any(self.options[k] and self.options[k][0].pos == "VERB" for k in range(j + 1, close)) \
                or not any(self.tokens[k].text[:1].isalpha() for k in range(j + 1, close)):
            return None  # quoted speech, or quoted symbols
        if close == j + 2 and self._modifier_options(j + 1) and close + 1 < len(self.tokens) \
                and self._noun_options(close + 1):
            return None  # «ковидных» пациентов: a quoted attribute, read as one
        return self._make(j, j + 1, close, None, allowed, prep, name=True)

    def _make(self, first: int, head: int, last: int, agreement, allowed: frozenset[str],
              prep: Optional[int], name: bool = False) -> Chunk:
        """A chunk from ``first`` to the head; ``last`` ends a multi-word name."""
        if agreement is None:
            case = number = gender = None
            cases = allowed
        else:
            forms, heads = agreement
            best = next((h for h in heads if _fits(forms, h)), heads[0])
            case, number, gender = best.case, best.number, best.gender
            cases = frozenset(h.case for h in heads if _fits(forms, h, True))
            self._choose(first, head, best)
        start = first
        while start < head and self.chosen[start] is not None and "Apro" in self.chosen[start].tag:
            start += 1
        counted = self._after_number(first) and self.lemma(head) not in calendar_words()
        return Chunk(first, last if name else head, last + 1, case, number, gender, cases, prep,
                     None, start, name, counted)

    def _after_number(self, k: int) -> bool:
        """Does a number end right before token k (digits, %, a number word, тыс./млн)?"""
        j = k - 1
        if j >= 0 and self.tokens[j].text == ".":
            j -= 1
        if j < 0:
            return False
        tok = self.tokens[j]
        if _year(tok.text):
            return False  # 2020 года, в 2023 году: a date, not a count
        return tok.text[:1].isdigit() or tok.text == "%" or tok.lower in multiplier_words() or (
            bool(self.options[j]) and self.options[j][0].pos == "NUMR")

    def _governed_number(self, chunk: Chunk) -> bool:
        """Is the number before a counted chunk governed by a preposition (уменьшено до 1,5
        тысячи рублей, выросло на 5 тыс.): then the count is no subject."""
        j = chunk.first - 1
        while j >= 0 and (self.tokens[j].text[:1].isdigit() or self.tokens[j].text in (".", "%")
                          or self.lower[j] in multiplier_words()
                          or (self.options[j] and self.options[j][0].pos == "NUMR")):
            j -= 1
        return j >= 0 and self.lower[j] in ("на", "в", "во", "с", "со", "до", "к", "по", "за")

    def _choose(self, first: int, head: int, reading: Reading) -> None:
        """Take this reading of the head, and the agreeing one of each attribute."""
        self.chosen[head] = reading
        for k in range(first, head):
            r = next((m for m in self._modifier_options(k) if m.agrees(reading)), None)
            if r is not None:
                self.chosen[k] = r

    def _reread(self, index: int, case: str, predicate: Optional[Reading] = None) -> bool:
        """Read a chunk again in another case (and agreeing with a predicate): ``выплаты``
        after ``размер`` is a genitive singular, before ``получили`` a nominative plural."""
        chunk = self.chunks[index]
        if chunk.name:
            return True
        if chunk.case == case and (predicate is None or _agrees_with_predicate(chunk.number, chunk.gender, predicate)):
            return True
        options = self._noun_options(chunk.head) or self._modifier_options(chunk.head)
        forms = [r for k in range(chunk.first, chunk.head) for r in self._modifier_options(k)] or None
        for r in options:
            if r.case != case or (forms is not None and chunk.first < chunk.head and not any(
                    f.agrees(r) for f in forms)):
                continue
            if predicate is not None and not _agrees_with_predicate(r.number, r.gender, predicate):
                continue
            self._choose(chunk.first, chunk.head, r)
            self.chunks[index] = _replace(chunk, case=r.case, number=r.number, gender=r.gender)
            return True
        return False

    def _add_chunk(self, chunk: Chunk) -> None:
        index = len(self.chunks)
        self.chunks.append(chunk)
        for k in range(chunk.first, chunk.head + 1):
            self.chunk_of[k] = index

    def _link(self) -> None:
        """Genitive chains and names after a noun: each chunk's parent and end. A noun
        depends on the noun right before it in the genitive (доля обращений), or in the
        instrumental or dative when that is its first reading (охват вакцинацией, выплаты
        безработным); a name in apposition (бренда KIA, трассы Тверь – Ржев) too."""
        chunks = self.chunks
        for i in range(1, len(chunks)):
            c, before = chunks[i], chunks[i - 1]
            if c.prep is not None or before.name and not c.name:
                continue
            if before.name and c.name and c.first == before.end:
                chunks[i] = _replace(c, parent=i - 1)  # ООО «Коннэкт»
                continue
            adjacent = c.first == before.end
            dashed = c.first == before.end + 1 and self.tokens[before.end].text == DASH \
                and before.parent is not None and self._proper(before) and self._proper(c)
            if not (adjacent or dashed):
                continue
            r = self.chosen[before.head]
            if c.name and c.first == before.end and self._proper(before):
                chunks[i] = _replace(c, parent=i - 1)  # Марий Эл, Ханты-Мансийский АО
                continue
            if r is None or r.pos == "NPRO" or self._proper(before) and not dashed:
                continue  # в Москве выдачи: a place or a person takes no genitive
            if not c.name and (before.first > 0 and _year(self.tokens[before.first - 1].text)
                               or before.counted and self.lemma(before.head) in calendar_words()):
                continue  # в 2023 году выплаты, 19 января котировки: a date starts no chain
            if c.name or dashed or (self._proper(c) and c.case == "nomn" and before.prep is None):
                chunks[i] = _replace(c, parent=i - 1 if not dashed else before.parent)
            elif c.case in CHAIN_CASES or "gent" in c.cases:
                if c.case not in CHAIN_CASES:
                    self._reread(i, "gent")
                chunks[i] = _replace(self.chunks[i], parent=i - 1)
        self._grow_ends()

    def _grow_ends(self) -> None:
        """Each chunk ends past its dependents (right to left: ends grow up the chain)."""
        chunks = self.chunks
        for i in range(len(chunks) - 1, -1, -1):
            c = chunks[i]
            if c.parent is not None:
                p = chunks[c.parent]
                if c.end > p.end:
                    chunks[c.parent] = _replace(p, end=c.end)

    def _proper(self, chunk: Chunk) -> bool:
        """A capitalized place, person or organization name (not the first word)."""
        r = self.chosen[chunk.head]
        return (chunk.head > 0 and self.tokens[chunk.head].is_title and r is not None
                and bool({"Geox", "Name", "Surn", "Orgn"} & set(r.tag.grammemes)))

    def chunk_at(self, k: int) -> Optional[Chunk]:
        i = self.chunk_of[k]
        return self.chunks[i] if i is not None else None

    def index_at(self, k: int) -> Optional[int]:
        return self.chunk_of[k]

    def root(self, index: int, *, through_pp: bool = False) -> int:
        """The chunk at the top of a genitive chain (доля from обращений in доля обращений);
        ``through_pp``: also past prepositional phrases that follow a noun directly
        (выплаты безработным на детей, средства из резервного фонда)."""
        for _ in range(len(self.chunks)):
            chunk = self.chunks[index]
            if chunk.parent is not None:
                index = chunk.parent
            elif through_pp and chunk.prep is not None and index > 0 \
                    and self.chunks[index - 1].end == chunk.prep and not self.chunks[index - 1].name:
                index -= 1
            else:
                break
        return index

    def coordinated(self, index: int) -> list[int]:
        """The chunks coordinated with this one (``X, Y и Z`` in one case), itself included;
        dependents and chunks inside brackets are passed over."""
        clause = self.clause_ids[self.chunks[index].head] if self.clause_ids else None
        peers = [i for i, c in enumerate(self.chunks) if clause is None or self.clause_ids[c.head] == clause]
        at = peers.index(index) if index in peers else None
        if at is None:
            return [index]
        group = [index]
        for step in (-1, 1):
            i = at
            while 0 <= i + step < len(peers):
                a, b = (peers[i], peers[i + step]) if step > 0 else (peers[i + step], peers[i])
                if not self._joined(self.chunks[a], self.chunks[b]):
                    break
                i += step
                group.append(peers[i])
        return sorted(group)

    def _joined(self, a: Chunk, b: Chunk) -> bool:
        """Coordinated: only ``и``, ``или``, a comma (``а также``) between them, a bracket
        after the first left out (Москва (1939 идей), Самарская область (863))."""
        stop = b.prep if b.prep is not None else b.first
        between = []
        depth = 0
        for t in self.tokens[a.end:stop]:
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
            elif depth == 0:
                between.append(t.lower)
        if between not in (["и"], [","], ["или"], [",", "и"], [",", "а", "также"], ["а", "также"]):
            return False
        if b.prep is not None and a.prep is None or b.parent is not None:
            return False
        if a.prep is not None and b.prep is None:  # в Москве и Санкт-Петербурге: one preposition
            return b.case in a.cases or b.name
        return bool(a.cases & b.cases) or a.name or b.name

    def chunks_in(self, begin: int, end: int) -> Iterator[tuple[int, Chunk]]:
        for i, c in enumerate(self.chunks):
            if c.first >= end:
                break
            if c.head >= begin:
                yield i, c

    # -- clauses ---------------------------------------------------------------------------
    def _segments(self) -> list[tuple[int, int]]:
        """Stretches between commas and hard punctuation, parentheses their own segments;
        a dash cuts only between two stretches that each hold a predicate (a dash before a
        figure or inside a name does not). Quoted names are never cut."""
        out: list[tuple[int, int]] = []
        start, n = 0, len(self.tokens)
        k = 0
        while k < n:
            text = self.tokens[k].text
            if text == QUOTE and k in self.quotes and self.quotes[k] - k <= MAX_NAME + 1:
                k = self.quotes[k] + 1
                continue
            if text in SEGMENT_BREAKS or text in ("(", ")"):
                if k > start:
                    out.append((start, k))
                out.append((k, k + 1))
                start = k + 1
            k += 1
        if start < n:
            out.append((start, n))
        return [part for segment in out for part in self._cut_at_dashes(*segment)]

    def _cut_at_dashes(self, start: int, end: int) -> list[tuple[int, int]]:
        for k in range(start + 1, end - 1):
            if self.tokens[k].text == DASH and self._predicate_in(start, k) is not None \
                    and self._predicate_in(k + 1, end) is not None:
                return [(start, k), (k, k + 1)] + self._cut_at_dashes(k + 1, end)
        return [(start, end)]

    def _read_clauses(self) -> None:
        tokens = self.tokens
        stack: list[int] = []  # clauses a participial phrase or a subordinate clause interrupts
        brackets: list[tuple[int, int]] = []  # (the clause a bracket interrupts, the stack's depth)
        current: Optional[int] = None
        separator: Optional[str] = None
        for start, end in self._segments():
            text = tokens[start].text
            if end - start == 1 and text in SEGMENT_BREAKS | {"(", ")", DASH}:
                if text == "(":
                    brackets.append((current if current is not None else self._new(start, "main"), len(stack)))
                    current = self._new(start + 1, "parenthesis")
                elif text == ")":
                    if brackets:  # back to the clause the bracket interrupted, whatever opened inside
                        current, depth = brackets.pop()
                        del stack[depth:]
                    separator = None
                    self.clause_ids[start] = current if current is not None else 0
                    continue
                elif text in HARD_BOUNDARIES:  # inside a bracket, ends only what opened in it
                    del stack[brackets[-1][1] if brackets else 0:]
                separator = text
                self.clause_ids[start] = current if current is not None else self._new(start, "main")
                continue
            current = self._place(start, end, current, separator, stack)
            for k in range(start, end):
                self.clause_ids[k] = current
            self._update(current, start, end)
            separator = None
        self._find_subjects()

    def _place(self, start: int, end: int, current: Optional[int], separator: Optional[str],
               stack: list[int]) -> int:
        """The clause a segment belongs to: a new one or ``current`` (or the one a finished
        participial phrase interrupted)."""
        if current is None:
            return self._new(start, "main")
        kind = self.clauses[current].kind
        if kind == "participial" and separator == ",":
            current = stack.pop() if stack else current  # back to the clause it interrupted
            kind = self.clauses[current].kind
        elif kind == "subordinate" and separator == "," and stack and self.tokens[start].text == DASH:
            return stack.pop()  # размер пенсии, которая выплачивается ..., – 7370 рублей
        if separator in HARD_BOUNDARIES:
            return self._new(start, "main")
        opener = self._opener(start)
        if opener is not None and separator in (",", DASH):
            role = clause_words()[self.lemma(opener) if self.lemma(opener) == "который" else self.lower[opener]]
            if role == "coordinator" and self._predicate_in(start, end) is None and self._gapped(start, end, False):
                return self._new(start, "gapped", opener)  # ..., а по сравнению с августом – на 4%
            if role != "coordinator":
                stack.append(current)
            return self._new(start, "main" if role == "coordinator" else "subordinate", opener)
        if separator == "," and self.lemma(start) in speech_verbs():
            return self._new(start, "speech")  # ..., сообщил мэр Москвы
        if separator == "," and self._participial(start):
            stack.append(current)
            return self._new(start, "participial")
        has_predicate = self._predicate_in(start, end) is not None
        if separator in (",", DASH) and has_predicate and self.clauses[current].predicate is not None:
            return self._new(start, "main")
        if separator == "," and not has_predicate and self._gapped(start, end):
            return self._new(start, "gapped")
        return current

    def _new(self, start: int, kind: str, opener: Optional[int] = None) -> int:
        self.clauses.append(Clause(start, start, kind, None, None, opener))
        return len(self.clauses) - 1

    def _update(self, index: int, start: int, end: int) -> None:
        c = self.clauses[index]
        predicate = c.predicate if c.predicate is not None else self._predicate_in(start, end)
        self.clauses[index] = _replace(c, start=min(c.start, start) if c.end > c.start else start,
                                       end=max(c.end, end), predicate=predicate)

    def _opener(self, k: int) -> Optional[int]:
        """The clause-opening word at the start of a segment (после "и", "в том числе" too)."""
        for j in (k, k + 1):
            if j >= len(self.tokens):
                return None
            word = self.lower[j]
            if word in clause_words() and not (word == "как" and self._comparison(j)) \
                    and not (word == "так" and (j + 1 >= len(self.tokens) or self.lower[j + 1] != "как")):
                return j
            if self.lemma(j) == "который":
                return j
            if j == k and (self.is_preposition(j) or word == "и"):
                continue  # в которых, и когда
            return None
        return None

    def _comparison(self, j: int) -> bool:
        """``как`` that compares or lists (как в 2022 году; как Москва, так и ...), not one
        that opens a clause (как сообщили)."""
        nxt = j + 1
        return nxt < len(self.tokens) and not (self.chosen[nxt] is not None and self.chosen[nxt].pos == "VERB")

    def _participial(self, k: int) -> bool:
        """Does a participial (or adverbial participle) phrase start at k (after a comma)?
        A participle read first as an adjective counts (определенная в рамках программы)."""
        while k < len(self.tokens) and (self.lower[k] == "не" or (
                self.chosen[k] is not None and self.chosen[k].pos == "ADVB")):
            k += 1  # , не преодолевших; , предварительно включенных
        if k >= len(self.tokens):
            return False
        r = self.chosen[k]
        if r is None or "Apro" in r.tag:
            return False
        return r.pos in ("PRTF", "GRND") or (r.pos == "ADJF" and any(o.pos == "PRTF" for o in self.options[k]))

    def _gapped(self, start: int, end: int, dash: bool = True) -> bool:
        """``в Москве – на 16%``: a verbless segment with a figure (right after a dash)."""
        def figure(a: int, b: int) -> bool:
            return any(self.tokens[j].text[:1].isdigit() or self.has(j, "NUMR") for j in range(a, b))
        if not dash:
            return figure(start, end)
        return any(self.tokens[k].text == DASH for k in range(start, end)) and figure(start, end)

    def _predicate_in(self, start: int, end: int) -> Optional[int]:
        """The first predicate of a stretch; after a link verb (было, оказались, стала) the
        short form or infinitive that carries the meaning (было выдано, оказались заняты)."""
        for k in range(start, end):
            if self.is_predicate(k):
                while k + 1 < end and self.lemma(k) in link_verbs() and self.chosen[k + 1] is not None and (
                        self.chosen[k + 1].pos in ("PRTS", "ADJS")
                        or self.chosen[k + 1].pos == "INFN" and self.lemma(k + 1) in link_verbs()):
                    k += 1
                    self.is_predicate(k)  # read a short adjective as the participle it is
                return k
        return None

    def is_predicate(self, k: int) -> bool:
        r = self.chosen[k]
        if r is not None and r.pos == "ADJS" and len(self.options[k]) > 1 and self.options[k][1].pos == "PRTS":
            r = self.chosen[k] = self.options[k][1]  # занято, заняты: the short participle
        if r is None or r.pos not in PREDICATE_POS:
            return False
        if r.pos == "ADJS" and r.number == "sing" and r.gender == "neut" and len(self.options[k]) > 1 \
                and self.options[k][1].pos == "ADVB":
            return False  # заметно, значительно: adverbs first
        return self.chunk_of[k] is None

    def clause_at(self, k: int) -> Clause:
        return self.clauses[self.clause_ids[k]]

    def in_clause(self, k: int, index: int) -> bool:
        return self.clause_ids[k] == index

    def clause_span(self, first: int, last: int) -> tuple[int, int]:
        """Token range of the clause holding tokens [first, last) (of the clauses, when the
        range crosses a boundary): what an extractor reads as a figure's clause. A clause
        interrupted by a participial phrase or a parenthesis spans the interruption."""
        ids = {self.clause_ids[k] for k in range(first, max(last, first + 1))}
        return (min(first, *(self.clauses[i].start for i in ids)),
                max(last, *(self.clauses[i].end for i in ids)))

    def continued_span(self, k: int) -> Optional[tuple[int, int]]:
        """Token range of the clause that the clause holding token k continues: the one a
        parenthesis interrupts (its bracket skipped), the one before a gapped clause (its
        separator skipped); None for any other clause."""
        clause = self.clause_at(k)
        before = {"gapped": clause.start - 1, "parenthesis": clause.start - 2}.get(clause.kind, -1)
        return self.clause_span(before, before + 1) if before >= 0 else None

    def bracket_host(self, k: int) -> Optional[tuple[int, int]]:
        """Token range of the noun phrase a bracket at k follows, with those coordinated with
        it since the bracket before (``Москва и МО (9,2 тыс.)``, ``..., Татарстана (-30%)``):
        what the bracket is about. None
        when no noun phrase ends right before it (``составила 49,42% (плановый ...)``)."""
        host = next((i for i, c in enumerate(self.chunks) if c.end == k and c.parent is None), None)
        if host is None or self.tokens[k].text != "(":
            return None
        first = host
        for i in reversed([i for i in self.coordinated(host) if i < host]):
            if any(t.text in ("(", ")") for t in self.tokens[self.chunks[i].end:self.chunks[first].first]):
                break  # the list goes on before an earlier bracket: Москва (1939 идей), Самарская область (863)
            first = i
        return self.chunks[first].first, k

    def clause_tokens(self, index: int) -> list[int]:
        c = self.clauses[index]
        return [k for k in range(c.start, c.end) if self.clause_ids[k] == index]

    def _find_subjects(self) -> None:
        for index, clause in enumerate(self.clauses):
            if clause.kind == "participial":
                continue
            subject = self._subject(index, clause)
            if subject is not None:
                self.clauses[index] = _replace(clause, subject=subject)

    def _subject(self, index: int, clause: Clause) -> Optional[int]:
        """The nominative chunk of the clause that agrees with its predicate, outside
        prepositional phrases: a free one nearest before the predicate, else after it, else
        one read first as a genitive dependent (в Москве выдачи сократились). The chosen
        chunk is read again in the nominative (and unlinked from a chain)."""
        predicate = clause.predicate
        p = self.chosen[predicate] if predicate is not None else None
        found = []
        for i, c in self.chunks_in(clause.start, clause.end):
            if c.prep is not None or self.clause_ids[c.head] != index:
                continue
            if c.counted:
                if p is not None and (p.number == "plur" or p.gender == "neut") and not self._governed_number(c) \
                        and any(r.case == "gent" for r in self._noun_options(c.head) + self._modifier_options(c.head)):
                    found.append((False, True, c.head > predicate, abs(c.head - predicate), i))  # 84% коек
                continue
            if c.name:
                if c.parent is None:
                    found.append((False, False, c.head > (predicate or 0), abs(c.head - (predicate or 0)), i))
                continue
            options = self._noun_options(c.head) or self._modifier_options(c.head)
            plural = p is not None and p.number == "plur" and c.parent is None and len(self.coordinated(i)) > 1
            if not any(r.case == "nomn" and (p is None or plural or _agrees_with_predicate(r.number, r.gender, p))
                       for r in options):
                continue
            chained = c.parent is not None
            if predicate is None:
                if not chained:  # no predicate to agree with: no reason to break a chain
                    found.append((False, False, False, c.head, i))
            else:
                found.append((chained, False, c.head > predicate, abs(c.head - predicate), i))
        if not found:
            return None
        chosen = min(found)[-1]
        c = self.chunks[chosen]
        if c.parent is not None:
            self.chunks[chosen] = c = _replace(c, parent=None)
            self._recompute_ends()
        group = self.coordinated(chosen)
        plural = p is not None and p.number == "plur" and len(group) > 1
        if plural:  # сельское хозяйство и туризм занимают: the list starts the subject
            chosen = group[0]
        self._reread(chosen, "nomn", None if plural else p)
        return chosen

    def _recompute_ends(self) -> None:
        for i, c in enumerate(self.chunks):
            self.chunks[i] = _replace(c, end=c.head + 1 if not c.name else c.end)
        self._grow_ends()

    def subject_of(self, k: int) -> Optional[Chunk]:
        """The subject chunk of the clause holding token k."""
        index = self.clause_at(k).subject
        return self.chunks[index] if index is not None else None

    # -- text ------------------------------------------------------------------------------
    def text(self, begin: int, end: int) -> str:
        return render(self.tokens[begin:end])

    def inflect(self, chunk: Chunk, case: str = "nomn", number: Optional[str] = None, *,
                end: Optional[int] = None, start: Optional[int] = None) -> str:
        """The chunk with its attributes and head in ``case`` and ``number`` (its own number
        when None), dependents up to ``end`` (the chunk's end by default) as written."""
        first = chunk.start if start is None else start
        number = number or chunk.number
        words = []
        for k in range(first, chunk.head + 1):
            tok = self.tokens[k]
            reading = self.chosen[k]
            if chunk.name or reading is None or not tok.is_word:
                words.append(tok.text)
                continue
            gender = chunk.gender if reading.pos not in NOUN_POS else None
            words.append(inflect_word(tok, reading, case, number, gender, sentence_initial=k == 0))
        head_text = " ".join(words).replace('" ', '"', 1) if words else ""
        tail = render(self.tokens[chunk.head + 1:chunk.end if end is None else end])
        return f"{head_text} {tail}".strip() if tail else head_text


# -- inflection ---------------------------------------------------------------------------
@lru_cache(maxsize=morph.MORPH_CACHE)
def _inflected(parse, grammemes: frozenset):
    """pymorphy3's inflection, cached: it rebuilds the lexeme on every call."""
    return parse.inflect(set(grammemes))


def inflect_word(tok: Token, reading: Reading, case: str, number: Optional[str],
                 gender: Optional[str] = None, *, sentence_initial: bool = False) -> str:
    """One word in a case and number (an attribute also in the head's gender in the
    singular), capitalized as the text had it."""
    grammemes = {case}
    if number:
        grammemes.add(number)
    if number == "sing" and gender and reading.pos not in NOUN_POS:
        grammemes.add(gender)
    form = None
    if case == "loct" and reading.pos == "NOUN":  # в саду, в году: the second locative first
        form = _inflected(reading.parse, frozenset(grammemes - {"loct"} | {"loc2"}))
    if "Supr" in reading.tag:  # лучшим -> лучший, not наихороший
        word = _superlative(reading.parse, frozenset(grammemes), tok.lower)
        if word is not None:
            return match_case(word, tok, reading, sentence_initial)
    form = form or _inflected(reading.parse, frozenset(grammemes))
    if form is None and number:
        form = _inflected(reading.parse, frozenset({case}))
    if form is None:
        return tok.text
    word = form.word if "ё" in tok.lower else form.word.replace("ё", "е")  # as the text spells
    return match_case(word, tok, reading, sentence_initial)


@lru_cache(maxsize=10_000)
def _superlative(parse, grammemes: frozenset, word: str) -> Optional[str]:
    """The form of a superlative with ``grammemes`` that keeps its own stem: pymorphy3
    files лучший under хороший, whose first superlative is наихороший."""
    forms = [f.word for f in parse.lexeme if grammemes | {"Supr"} <= f.tag.grammemes]
    return max(forms, key=lambda f: len(os.path.commonprefix((f, word))), default=None)


def as_participle(reading: Reading, *, active: bool, number: str = "plur",
                  gender: Optional[str] = None) -> Optional[str]:
    """A nominative participle of a verb (or of a short participle), plural unless told:
    active for its doer (провели -> проводившие), passive for what undergoes it
    (осмотрели -> осмотренные; прибыль заработана -> заработанная)."""
    voices = ("actv", "pssv") if active else ("pssv", "actv")
    grammemes = {"PRTF", number, "nomn"} | ({gender} if number == "sing" and gender else set())
    for voice in voices:
        form = _inflected(reading.parse, frozenset(grammemes | {voice}))
        if form is not None:
            return form.word.replace("ё", "е")
    return None


def match_case(form: str, tok: Token, reading: Optional[Reading], sentence_initial: bool) -> str:
    """Capitalize the inflected form as the text did, part by part (Санкт-Петербургу); a
    common word capitalized only because it opens the sentence goes lower-case; an
    abbreviation with a Russian ending keeps its capitals (ФАПов -> ФАПы)."""
    text = tok.text
    if text.isupper() and len(text) > 1:
        return form.upper()
    caps = len(text) - len(text.lstrip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"))
    if caps > 1:
        return form[:caps].upper() + form[caps:]
    proper = reading is not None and bool(PROPER & set(reading.tag.grammemes))
    if not text[:1].isupper() or (sentence_initial and not proper):
        return form
    parts, originals = form.split("-"), text.split("-")
    if len(parts) == len(originals):
        return "-".join(p[:1].upper() + p[1:] if o[:1].isupper() else p for p, o in zip(parts, originals))
    return morph.match_case(form, text)


def render(tokens: Iterable[Token]) -> str:
    """Tokens as the article spaced them."""
    out = []
    last = None
    for tok in tokens:
        if last is not None and tok.nstart > last.nend:
            out.append(" ")
        out.append(tok.text)
        last = tok
    return "".join(out)


# -- helpers ------------------------------------------------------------------------------
def _plain(grammeme) -> Optional[str]:
    """pymorphy3's grammeme objects as plain strings (they refuse comparisons with others)."""
    return str(grammeme) if grammeme else None


def _agrees_with_predicate(number: Optional[str], gender: Optional[str], p: Reading) -> bool:
    """Subject-predicate agreement: number, and gender for a singular past or short form."""
    if p.number is not None and number is not None and p.number != number:
        return False
    return not (p.number == "sing" and p.gender and gender not in (None, "ms-f", p.gender))


def _year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100


def _fits(forms: Optional[list[Reading]], head: Reading, paucal: bool = False) -> bool:
    if forms is None or any(f.agrees(head) for f in forms):
        return True
    return paucal and head.case == "gent" and head.number == "sing" and any(
        f.number == "plur" and f.case in ("gent", "nomn") for f in forms)


def _quote_pairs(tokens: Sequence[Token]) -> dict[int, int]:
    """Opening quote -> closing quote, paired in order within the sentence."""
    pairs: dict[int, int] = {}
    opening: Optional[int] = None
    for k, tok in enumerate(tokens):
        if tok.text != QUOTE:
            continue
        if opening is None:
            opening = k
        else:
            pairs[opening] = k
            opening = None
    return pairs


