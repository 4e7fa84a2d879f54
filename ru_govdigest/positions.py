"""Positions: who holds which post, read from the whole sentence and the whole article.

Readings of one name mention, each a ``Position`` (nominative text, token span, kind and
source):

- **apposition** (``before``, ``after``): a title from ``models/positions.tsv`` with its
  adjectives and dependents, up to the name (``заместитель губернатора Виталий Тушинов``)
  or after a comma or dash from the name on (``Дмитрий Краснов, министр ...``). Inside a
  title: dash-, ``и``- and comma-joined titles, coordinated adjectives (``чрезвычайный и
  полномочный посол``), quoted names as one word, glued symbols (``K&M``, ``R7``),
  brackets, ordinals, ``кандидат в депутаты``, a name governed by the title
  (``пресс-секретарь Кравцова Олег Лунин``), stacked titles in one case, a rank after an
  office; evaluative adjectives left out (``скандальный``), the acting prefix kept
  (``временно исполняющий обязанности ...``). Also ``, один из руководителей фонда``, a
  name in its own script in brackets before the comma (``Джон Смит (John Smith),``), and
  a title after the name on a line of its own (``Анна Белова Директор школы``).
- **the post the clause gives**: a predicative instrumental with any active verb or a
  listed passive (``Куратором выставки выступила``, ``была избрана председателем``), the
  object of a verb of appointing (``назначил Сергея Лаптева министром``), ``пост``/
  ``должность``/``место`` + genitive (``занял пост председателя``), ``в качестве`` +
  genitive (``выступил в качестве эксперта``), a participial clause
  after the name (``, недавно назначенный директором музея,``), a verb of heading
  (``возглавила департамент``: ``руководитель департамента``); verbs by role in
  ``models/position_verbs.tsv``. A perfective verb *takes* a post, an imperfective one
  *holds* it (see ``SOURCES``).
- **coordination**: a plural title before a list is each one's, two titles before two
  names are respective (``мэр и сити-менеджер Братска Пётр Лунин и Сергей Орлов``), a
  plural title before ``genitive + name`` members gives each its own
  (``губернаторы регионов – Тверской области Иван Котов и ...``); predicates coordinated
  with the one that gives a post give theirs too (``является депутатом думы, также
  является членом комитета``).
- **references** (``references``, ``successor``): a post alone as the subject of a
  later sentence (``Председатель думы напомнил``), or the possessor of a noun (``о визите
  российского министра``), an occupation too after an emphatic ``сам`` (``Сам же главный
  тренер``), a pronoun's predicate (``он был главой района``), the post of the person one
  succeeds (``Его преемником стал``); officials.py resolves them to the nearest person of
  their gender.

``Position.rank`` chooses among a person's readings (ANNOTATION.md): post or occupation
before rank before role, current before former (``бывший``, ``экс-``, ``в прошлом``), a
post taken before an apposition before a post held before a reference, then the fullest.
Clause boundaries and the reading of verbs come from the phrase layer
(``Document.phrases``); titles are put in the nominative by its ``inflect_word``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import AbstractSet, Optional, Sequence

from . import morph
from .document import Document, Sentence, Token
from .phrases import MODIFIER_POS, Reading, inflect_word, readings
from .resources import read_lines, read_tsv

# Prepositions a position may contain (заместитель губернатора по социальным вопросам,
# посол Италии в Грузии, кандидат от партии, директор лицея из Казани); other
# prepositions end it.
_INNER_PREPOSITIONS = frozenset("по в во на от при из".split())
# Prepositions governed by the noun of a "по" phrase (по связям с общественностью, по
# борьбе с коррупцией, по контролю за, по подготовке к): inside a title after one.
_PO_PREPOSITIONS = frozenset("с со за над к ко для".split())
# Prepositions an organisation's own name may contain after its capitalized first word
# (лидер Движения против нелегальной иммиграции, Фонда за демократию).
_NAME_PREPOSITIONS = frozenset("против за для".split())
_CLAUSE_POS = frozenset("VERB INFN GRND PRTS CONJ PRED".split())
_CLAUSE_MARKS = frozenset(",;:–()")  # where the phrase layer may start another clause
_QUOTES = frozenset('"\'«»()')
_JOINERS = frozenset(("и", "–", "-"))
_MAX_TOKENS = 25
# words a title cannot end with: a joiner, "named after" without its name
_DANGLING = _JOINERS | {"им", "имени"}
_PLACE_OR_PERSON = frozenset(("Geox", "Name", "Surn", "Patr"))
# nouns of territorial units: Глава Республики names a region, not an organisation
_TERRITORIES = frozenset("республика область край округ район город поселение".split())
# nouns naming a post, before the title in the genitive (назначен на должность министра,
# занял пост председателя, место капитана команды)
_POST_NOUNS = frozenset(("должность", "пост", "место", "кресло"))
# в качестве + genitive: the capacity one acts or serves in (в качестве заместителя)
_CAPACITY = "качестве"
_HEAD_TITLE = "руководитель"  # the title a verb of heading gives (see position_verbs.tsv)
_AUXILIARY = "быть"  # был назначен, была избрана
# Where a position comes from, weakest first: a definite description or a pronoun in
# another sentence; a post the clause says the person holds (imperfective: является
# депутатом, возглавляющий предприятие); a title beside the name; the post the clause
# says the person takes (perfective: назначен, стал, избрана, выступила куратором),
# which beats an apposition naming an earlier job (ANNOTATION.md).
SOURCES = ("reference", "holds", "apposition", "takes")
# Classes of titles (models/positions.tsv, ranks.txt), weakest first: a role the news
# names a citizen by yields to a rank, and both to a post or an occupation.
KINDS = ("role", "rank", "occupation", "post")
_KIND_ORDER = {"role": 0, "rank": 1, "occupation": 2, "post": 2}


@dataclass(frozen=True)
class Position:
    text: str  # nominative: заместитель губернатора Пермского края
    first: int  # index of the first token in doc.tokens
    last: int  # index past the last token
    start: int  # original offsets of the phrase as written
    end: int
    organization: Optional[str] = None
    head_cases: frozenset[str] = frozenset()  # the cases the leading title may stand in
    # token ranges the position is read from, when not just [first, last): an office and
    # a rank, titles on both sides of a name, the verb of ``возглавила департамент``
    pieces: tuple[tuple[int, int], ...] = ()
    kind: str = "post"  # the best class among its titles (KINDS)
    former: bool = False  # marked as held before: бывший, экс-, в прошлом
    source: str = "apposition"  # SOURCES

    @property
    def ranges(self) -> tuple[tuple[int, int], ...]:
        return self.pieces or ((self.first, self.last),)

    def rank(self) -> tuple:
        """Which of a person's positions is the position (ANNOTATION.md): a post or
        occupation before a rank before a role; a current one before a former one; the
        post the clause gives before an apposition before a reference; then the
        fullest."""
        return (_KIND_ORDER[self.kind], not self.former, SOURCES.index(self.source),
                self.last - self.first)


@dataclass(frozen=True)
class Reference:
    """A position read where the person is not named: a definite description (``Глава
    региона поручил``), or a pronoun's predicate (``он был главой района``); ``at`` is the
    token of the description's title or the pronoun, ``gender`` (m, f) what its verb or
    pronoun tells."""

    at: int
    position: Position
    gender: Optional[str]
    pronoun: bool = False


# personal pronouns of the third person that can stand for a named person, by gender
_PRONOUNS = {"он": "m", "она": "f"}
_POSSESSIVES = {"его": "m", "её": "f", "ее": "f"}
_OBLIQUE_PRONOUNS = frozenset("него нему ним нём нем неё нее ней ему ей".split())


class PositionFinder:
    """Finds the position phrase before or after a name; lexicons loaded once."""

    def __init__(self) -> None:
        # lemmas compared with ё read as е: pymorphy3 writes ё (режиссёр, учёный)
        self.ranks = frozenset(_plain(w) for w in read_lines("ranks.txt"))
        # lemma -> post, occupation, role or relation (models/positions.tsv)
        self.classes = {_plain(w): c for w, c in read_tsv("positions.tsv")}
        self.relations = frozenset(w for w, c in self.classes.items() if c == "relation")
        self.heads = frozenset(self.classes) - self.relations | self.ranks
        self.org_heads = frozenset(w.lower() for w in read_lines("organization_heads.txt"))
        self.verb_roles = {verb: role for verb, role in read_tsv("position_verbs.tsv")}
        self.time_words = {word: when for word, when in read_tsv("position_time_words.tsv")}
        self.evaluative = frozenset(read_lines("evaluative_words.txt"))
        self.contests = frozenset(read_lines("contest_words.txt"))
        self._head_parses = lru_cache(maxsize=morph.MORPH_CACHE)(self._find_head_parses)

    # -- word classes --------------------------------------------------------------------
    def _find_head_parses(self, word: str) -> tuple:
        """The pymorphy3 readings of a word that are a title: nouns by their lemma
        (``экс-министр`` by its last part, ``врач-кардиолог`` by either), substantivized adjectives and participles by
        their masculine nominative (``управляющий``, ``уполномоченная``)."""
        out = []
        for p in morph.parse(word):
            if p.tag.POS == "NOUN":
                key = _plain(p.normal_form)
                if self._compound_title(word):
                    out.append(p)
                    continue
                if key not in self.heads and "-" in key:
                    parts = key.split("-")
                    # экс-министр by its last part; a person of two nouns by either
                    # (врач-кардиолог), not a thing (мастер-класс)
                    key = parts[-1] if parts[-1] in self.heads or "anim" not in p.tag \
                        else parts[0]
            elif p.tag.POS == "ADJF":
                key = _plain(p.normal_form)  # an adjective's normal form: masculine nominative
            elif p.tag.POS == "PRTF":
                form = p.inflect({"masc", "sing", "nomn"})
                key = _plain(form.word if form is not None else p.normal_form)
            else:
                continue
            if key in self.heads:
                out.append(p)
        return tuple(out)

    def _compound_title(self, word: str) -> bool:
        """``зам`` + a title in the genitive, one word pymorphy3 does not know
        (замгендиректора, замгубернатора): a title written the same in every case."""
        if not word.startswith("зам") or len(word) < 7 or any(p.is_known for p in morph.parse(word)):
            return False
        return any(p.tag.POS == "NOUN" and p.tag.case == "gent" and _plain(p.normal_form) in self.heads
                   for p in morph.parse(word[3:]))

    def _noun_head(self, tok: Token) -> bool:
        """A title noun; its likeliest reading must be a noun too (``после`` is no
        ``посол``)."""
        return tok.is_word and tok.pos == "NOUN" and any(
            p.tag.POS == "NOUN" for p in self._head_parses(tok.lower))

    def _adjectival_head(self, tok: Token) -> bool:
        return tok.is_word and tok.pos in MODIFIER_POS and any(
            p.tag.POS in MODIFIER_POS for p in self._head_parses(tok.lower))

    def is_head(self, tok: Token) -> bool:
        return self._noun_head(tok) or self._adjectival_head(tok)

    def _title_head(self, toks: Sequence[Token], k: int, end: int) -> Optional[int]:
        """The head of a title starting at token ``k`` (after its adjectives): a title
        noun, or a substantivized adjective not followed by one (``уполномоченный по
        правам человека``, but ``ведущий специалист``)."""
        while k < end:
            tok = toks[k]
            if self._noun_head(tok):
                return k
            if tok.lower == "и" and k + 1 < end and self._is_modifier(toks[k + 1]) and \
                    self._is_modifier(toks[k - 1]):
                k += 1  # чрезвычайный и полномочный посол
                continue
            if not self._is_modifier(tok):
                return None
            nxt = toks[k + 1] if k + 1 < end else None
            # an adjective of the next word agrees with it (ведущий специалист, рабочая
            # группа); one that governs it does not (заведующая детским садом)
            if self._adjectival_head(tok) and not (
                    nxt is not None and (self._noun_head(nxt) or (
                        self._is_modifier(nxt) and _same_case(tok, nxt)) or (
                        nxt.pos == "NOUN" and not nxt.is_title
                        and _agrees_with_any(tok, nxt.parses)))):
                return k
            k += 1
        return None

    @staticmethod
    def _clause_break(doc: Document, j: int, anchor: int) -> bool:
        """Token ``j`` can be no part of a phrase around token ``anchor``: the phrase layer
        puts it in another clause, or reads it as a verb, a predicative word or a
        conjunction other than ``и``."""
        toks = doc.tokens
        # the layer is read only where it can tell: across punctuation (clauses meet
        # only there) or at a word that may be a verb
        apart = any(not toks[k].is_word and toks[k].text in _CLAUSE_MARKS
                    for k in range(min(j, anchor), max(j, anchor) + 1))
        verbal = toks[j].lower != "и" and any(p.tag.POS in _CLAUSE_POS for p in toks[j].parses)
        if not (apart or verbal):
            return False
        sentence = doc.sentences[toks[j].sent]
        ph = doc.phrases(sentence)
        lj, la = j - sentence.first, anchor - sentence.first
        if apart and 0 <= la < len(ph.tokens) and ph.clause_ids[lj] != ph.clause_ids[la]:
            return True
        return verbal and ph.pos(lj) in _CLAUSE_POS

    def _is_modifier(self, tok: Token) -> bool:
        """An adjective or participle, or a substantivized one before another word of a
        title (старший научный сотрудник: pymorphy3 reads старший first as a noun);
        pronominal ones (свой, этот) are not part of a title."""
        if not tok.is_word:
            return False
        parses = tok.parses
        if not parses or "Apro" in parses[0].tag:
            return False
        return parses[0].tag.POS in MODIFIER_POS or (
            parses[0].tag.POS == "NOUN" and not self.is_head(tok)
            and any(p.tag.POS in MODIFIER_POS and p.tag.case == parses[0].tag.case
                    and p.normal_form[:-2] == parses[0].normal_form[:-2]  # главное: главный
                    for p in parses[1:]))

    def _dependent(self, toks: Sequence[Token], j: int, limit: int) -> bool:
        """A title word that is a dependent here, not a title: a plural after ``в`` (кандидат
        в депутаты), or a word whose adjective agrees with another noun it may be (по
        вопросам социальной политики: политика, not политик)."""
        if j - 1 < limit:
            return False
        prev, word = toks[j - 1], toks[j].lower
        titles = self._head_parses(word)
        if prev.lower in ("в", "во"):
            return any(p.tag.number == "plur" and p.tag.case in ("nomn", "accs") for p in titles)
        if self._after_po(toks, j - 1, limit):
            return True  # по работе с партнёрами
        if not self._is_modifier(prev):
            return False
        others = [p for p in morph.parse(word) if p.tag.POS == "NOUN" and p not in titles]
        return bool(others) and _agrees_with_any(prev, others) and not _agrees_with_any(
            prev, [p for p in titles if p.tag.POS == "NOUN"])

    def _title_word(self, toks: Sequence[Token], j: int, limit: int) -> bool:
        """A title head at ``j``, unless it is a dependent there."""
        return self.is_head(toks[j]) and not self._dependent(toks, j, limit)

    def _evaluative(self, tok: Token) -> bool:
        return bool(tok.lemmas & self.evaluative)

    def _genitive_word(self, tok: Token) -> bool:
        return (tok.is_word and not tok.is_title and tok.pos in ("NOUN", "ADJF", "PRTF")
                and not self.is_head(tok) and any(p.tag.case == "gent" for p in tok.parses))

    # -- search --------------------------------------------------------------------------
    def before(self, doc: Document, name_first: int, cases: AbstractSet[str],
               blocked: AbstractSet[int]) -> Optional[Position]:
        """The position phrase ending right before the name at token ``name_first``."""
        toks = doc.tokens
        sent_first = doc.sentences[toks[name_first].sent].first
        prev = name_first - 1
        if prev > sent_first and _AGE.match(toks[prev].text):
            # an age is no part of the title (и.о. главы ведомства 30-летнего Ивана
            # Муравьева; вице-губернатор края, 35-летний Александр Шемелев)
            return self.before(doc, prev - 1 if toks[prev - 1].text == "," else prev,
                               cases, blocked)
        member = self._list_member(doc, name_first, sent_first, blocked)
        if member is not None:
            return member
        if prev - 1 >= sent_first and toks[prev].lower in ("и", ",") and prev - 1 in blocked:
            return self._shared(doc, prev - 1, sent_first, cases, blocked)
        leftmost: Optional[int] = None
        # the leftmost title since the last comma of a chain: a preposition after it ends
        # the phrase, one before it is the dependent of an earlier title of the chain
        # (министр по делам разведки, глава комиссии Дан Меридор)
        segment: Optional[int] = None
        heads: list[int] = []  # the titles met, right to left
        commas: list[tuple[int, int]] = []  # commas right before a title, and its head
        j = name_first - 1
        while j >= max(sent_first, name_first - _MAX_TOKENS):
            tok = toks[j]
            if j in blocked:
                owner = self._governed_name(toks, j, sent_first, blocked) \
                    if j + 1 == name_first else None
                if owner is None:
                    break
                j = owner  # пресс-секретарь Кравцова Олег Лунин: the title's dependent
                continue
            opening = _quoted_from(doc, j, sent_first)
            if opening is not None:
                j = opening - 1  # компании «Группа Е4»: a quoted name is one word
                continue
            if j == name_first - 1 and tok.pos == "PRTF" and not self.is_head(tok):
                break  # a participle governs the name (партии, возглавляемой Бхутто)
            if tok.is_word and {_plain(w) for w in tok.lemmas} & self.relations:
                # the name's apposition is a relation (бывшего конкурента Николая Денина,
                # сын министра Иван Петров): a title before or in it is no post of his;
                # unless the relation governs the title and the name together, which agree
                # in a case the relation is not in (преемником спикера Нэнси Пелоси)
                title_cases = {p.tag.case for p in self._head_parses(toks[heads[0]].lower)} \
                    if heads else set()
                governed = title_cases - {p.tag.case for p in tok.parses}
                if not (governed and (not cases or governed & cases)):
                    heads = []
                break
            if self._adjectival_head(tok) and leftmost is not None and \
                    self._modifier_start(toks, leftmost, j) == j + 1:
                pass  # an adjective of the title (ведущий специалист)
            elif self._title_word(toks, j, sent_first):
                # A title right before another governs it only in the genitive
                # (заместитель губернатора); "журналистам председатель" are two phrases.
                if leftmost is not None and self._modifier_start(toks, leftmost, j + 1) == j + 1 \
                        and not any(p.tag.case == "gent" for p in toks[leftmost].parses):
                    break
                leftmost = segment = j
                heads.append(j)
            elif tok.text in _QUOTES and tok.text not in "()":
                pass
            elif _bracket_start(toks, j, sent_first) is not None:
                # директор АО «Вектор» (ВКТ), глава Республики Саха (Якутия)
                j = _bracket_start(toks, j, sent_first) - 1
                continue
            elif tok.text == ",":
                if leftmost is not None and \
                        self._modifier_start(toks, leftmost, j + 1) == j + 1:
                    commas.append((j, leftmost))  # a title before this one, maybe
                    segment = None
                elif not (j + 1 < name_first and self._genitive_word(toks[j + 1])):
                    break
            elif tok.lower in _JOINERS:
                # Inside dependents (развития и имущественных отношений) or joining two
                # titles (... – министр экономики); right before the name only a dash
                # after a title (Руководитель проекта – Анна Белова).
                if j + 1 >= name_first and not (tok.text in "–-" and j > sent_first
                                                and toks[j - 1].is_word):
                    break
                if leftmost is not None and \
                        self._modifier_start(toks, leftmost, j + 1) != j + 1:
                    break
            elif not tok.is_word:
                if tok.text != "." and not _numbered(toks, j) and not _ordinal(tok) \
                        and not _glued(toks, j):
                    break
            elif self._clause_break(doc, j, commas[-1][0] - 1 if commas else name_first - 1):
                break  # (a title of a chain is read in the clause of the comma's left side)
            elif tok.pos == "PREP":
                if segment is not None or not (
                        tok.lower in _INNER_PREPOSITIONS or self._after_po(toks, j, sent_first)
                        or (tok.lower in _NAME_PREPOSITIONS and self._in_name(toks, j, sent_first))):
                    break
            j -= 1
        # the leftmost title first; when it does not agree with the name (корреспондентом
        # «Голоса Америки» лидер движения Иван Петров), the next one that does
        if commas and j in blocked and toks[j + 1].text == ",":
            # after another name and its comma the titles but the last are that name's
            # (Иван Петров, министр финансов, глава района Анна Сидорова)
            heads = [h for h in heads if h > commas[0][0]]
        # a rank right before the name follows an office: both, each in the nominative
        # (начальник управления генерал-майор полиции Иван Петров)
        rank = None
        if heads and self._rank(toks[heads[0]]):
            rank = self._before_from(doc, heads[0], name_first, sent_first, cases)
        for head in reversed(heads):
            if not self._comma_joined(toks, head, commas):
                continue
            if rank is not None and head < rank.first:
                position = self._before_from(doc, head, rank.first, sent_first, cases)
                if position is not None and position.last == rank.first:
                    return self._joined(doc, position, rank)
            else:
                position = self._before_from(doc, head, name_first, sent_first, cases)
                if position is not None and rank is not None and rank.first > sent_first:
                    # an office the scan stopped short of (... по Курской области майор)
                    office = self.before(doc, rank.first, cases, blocked)
                    return self._joined(doc, office, rank) if office is not None else rank
                if position is not None and rank is None and position.first > sent_first:
                    return self._stacked(doc, position, head, cases, blocked)
            if position is not None:
                return position
        return None

    def _list_member(self, doc: Document, name_first: int, sent_first: int,
                     blocked: AbstractSet[int]) -> Optional[Position]:
        """A plural title before a dash or colon, then a list whose members are a
        genitive and a name: each member's title is the title's head in the singular
        with the member's own genitive (губернаторы регионов – Тверской области Иван
        Котов и Псковской области Пётр Лунин: губернатор Тверской области, губернатор
        Псковской области)."""
        toks = doc.tokens

        def own_words(j: int) -> int:
            while j >= sent_first and j not in blocked and toks[j].pos in ("NOUN", "ADJF") \
                    and not self.is_head(toks[j]) and any(p.tag.case == "gent" for p in toks[j].parses):
                j -= 1
            return j

        j = own_words(name_first - 1)
        own = j + 1
        if own == name_first:
            return None
        while j > sent_first and toks[j].lower in (",", "и") and j - 1 in blocked:
            j -= 1
            while j >= sent_first and j in blocked:
                j -= 1
            j = own_words(j)
        if j <= sent_first or toks[j].text not in ("–", "-", ":"):
            return None
        title = self.before(doc, j, frozenset(), blocked)
        if title is None:
            return None
        head = next((k for k in range(title.first, title.last) if self.is_head(toks[k])), None)
        if head is None or not all(p.tag.number == "plur" for p in self._head_parses(toks[head].lower)):
            return None
        single = self._build(doc, self._modifier_start(toks, head, title.first), head + 1,
                             frozenset())
        if single is None:
            return None
        return replace(single, text=f"{single.text} {_render(doc, own, name_first, {})}",
                       last=name_first, end=toks[name_first - 1].end,
                       pieces=single.ranges + ((own, name_first),),
                       organization=self._organization(doc, own, name_first))

    def respective(self, doc: Document, position: Position, n: int) -> Optional[Position]:
        """The ``n``-th of two titles joined by ``и`` that share their dependents, for the
        ``n``-th of two names (мэр и сити-менеджер Братска Пётр Лунин и Сергей Орлов: мэр
        Братска, сити-менеджер Братска); None when the position is not such a pair."""
        toks = doc.tokens
        heads = self._phrase_heads(toks, position.first, position.last)
        if len(heads) != 2:
            return None
        second = self._modifier_start(toks, heads[1], heads[0] + 1)
        if second != heads[0] + 2 or toks[heads[0] + 1].lower != "и" or \
                heads[1] + 1 >= position.last:
            return None
        if n == 1:
            found = self._build(doc, second, position.last, frozenset())
            return replace(found, source=position.source) if found is not None else None
        single = self._build(doc, position.first, heads[0] + 1, frozenset())
        if single is None:
            return None
        deps = _render(doc, heads[1] + 1, position.last, {})
        return replace(single, text=f"{single.text} {deps}", last=position.last,
                       end=position.end, pieces=((position.first, heads[0] + 1),
                                                 (heads[1] + 1, position.last)),
                       organization=position.organization)

    def _stacked(self, doc: Document, position: Position, head: int,
                 cases: AbstractSet[str], blocked: AbstractSet[int]) -> Position:
        """A title with dependents of its own right before another in the same case is
        the name's too (наблюдатель от ОБСЕ португальский парламентарий Жуан Суареш:
        both, as one position)."""
        toks = doc.tokens
        office = self.before(doc, position.first, cases, blocked)
        if office is None or office.last != position.first or \
                self.is_head(toks[office.last - 1]) or office.kind == "rank" or \
                not office.head_cases & position.head_cases or \
                any(not toks[k].is_word and toks[k].text not in _QUOTES
                    for k in range(office.first, office.last)):
            return position
        return self._joined(doc, office, position)

    def _in_name(self, toks: Sequence[Token], j: int, sent_first: int) -> bool:
        """The preposition at ``j`` is inside an organisation's own name: a capitalized
        word that is no title (not the sentence's first) begins it a few words before
        (лидер Движения против нелегальной иммиграции, секретарь Объединённого фронта за
        демократию против диктатуры)."""
        for k in range(j - 1, max(sent_first, j - 6), -1):
            tok = toks[k]
            if not tok.is_word or self.is_head(tok) or (
                    tok.pos == "PREP" and tok.lower not in _NAME_PREPOSITIONS):
                return False
            if tok.is_title:
                return True
        return False

    def _governed_name(self, toks: Sequence[Token], j: int, limit: int,
                       blocked: AbstractSet[int]) -> Optional[int]:
        """The title before another person's name ending at token ``j`` that governs it in
        the genitive (пресс-секретарь Кравцова), or None."""
        c = j
        while c - 1 >= limit and c - 1 in blocked:
            c -= 1
        if c - 1 < limit or not self.is_head(toks[c - 1]) or \
                not any(p.tag.case == "gent" for p in toks[j].parses):
            return None
        return c - 1

    def _shared(self, doc: Document, k: int, sent_first: int, cases: AbstractSet[str],
                blocked: AbstractSet[int]) -> Optional[Position]:
        """The title of a list of names ending at token ``k`` that a name coordinated
        with them shares: one in the plural (заместители губернатора Иван Петров и Анна
        Сидорова)."""
        toks = doc.tokens
        joiner = toks[k + 1].lower
        while k >= sent_first and k in blocked:
            k -= 1
        shared = self.before(doc, k + 1, cases, blocked)
        if shared is None:
            return None
        head = next(i for i in range(shared.first, shared.last) if self.is_head(toks[i]))
        if any(p.tag.number == "plur" for p in self._head_parses(toks[head].lower)):
            return shared
        return self.respective(doc, shared, 1) if joiner == "и" else None

    def _comma_joined(self, toks: Sequence[Token], head: int,
                      commas: Sequence[tuple[int, int]]) -> bool:
        """A title before commas that each precede another title is one of a chain of
        titles of the name (секретарь регионального отделения партии, председатель
        Законодательного собрания Сергей Голубев) only when it has words of its own
        before the comma and stands in the case of the title after it (not ``Как
        отметил губернатор, министр ...``)."""
        return all(head >= c or (c - 1 > head and _same_case(toks[head], toks[right]))
                   for c, right in commas)

    @staticmethod
    def _joined(doc: Document, office: Position, rank: Position) -> Position:
        """An office and the rank written after it, as one position."""
        toks = doc.tokens
        space = " " if toks[rank.first].start > toks[office.last - 1].end else ""
        return Position(office.text + space + rank.text, office.first, rank.last,
                        office.start, rank.end, office.organization, office.head_cases,
                        office.ranges + rank.ranges, office.kind, office.former)

    def _rank(self, tok: Token) -> bool:
        return any(_plain(p.normal_form) in self.ranks for p in self._head_parses(tok.lower))

    def _before_from(self, doc: Document, head: int, name_first: int, sent_first: int,
                     cases: AbstractSet[str]) -> Optional[Position]:
        """The position from the title at ``head`` (and its adjectives) up to the name."""
        toks = doc.tokens
        first = self._modifier_start(toks, head, sent_first)
        last = name_first
        while last > first and not toks[last - 1].is_word and \
                toks[last - 1].text not in '"»)' and not _numbered(toks, last - 1):
            last -= 1
        acting = self._acting_start(toks, first, sent_first)
        if acting is None:
            return self._build(doc, first, last, cases)
        # и.о. министра, исполняющий обязанности министра: the title stays in the genitive
        return self._build(doc, acting, last, cases, title_first=first)

    def after(self, doc: Document, name_last: int, cases: AbstractSet[str],
              blocked: AbstractSet[int]) -> Optional[Position]:
        """The position phrase after ``Имя Фамилия,`` or ``Имя Фамилия –``; after a comma,
        also the post a participial clause gives (``, недавно назначенный директором
        музея,``; ``, возглавляющий комитет``)."""
        toks = doc.tokens
        sent_last = doc.sentences[toks[name_last - 1].sent].last
        name_last = _past_written_otherwise(toks, name_last, sent_last)
        if name_last + 1 >= sent_last or toks[name_last].text not in (",", "–", "-", "("):
            return None
        k = self._skip_adverbs(toks, name_last + 1, sent_last)
        # (бывший is a participle of быть too, but a word of time before a title)
        if toks[name_last].text == "," and _participle(toks[k]) and \
                self._verb_role(toks[k]) is not None and toks[k].lower not in self.time_words:
            return self._given_by(doc, k, sent_last, blocked, participle=True)
        if toks[name_last].text == "," and k + 2 < sent_last and "один" in toks[k].lemmas \
                and toks[k + 1].lower == "из":
            # one of several holding the title: ``, один из руководителей компании``
            return self._phrase_from(doc, k + 2, sent_last, blocked, frozenset(("gent",)))
        return self._phrase_from(doc, name_last + 1, sent_last, blocked)

    def signed(self, doc: Document, name_first: int, name_last: int,
               blocked: AbstractSet[int]) -> Optional[Position]:
        """A title after the name with no comma on a line of their own, as a letter or a
        statement is signed (``Кирсан Илюмжинов Президент ФИДЕ``): the name opens the
        sentence, the title in the nominative runs to its end."""
        toks = doc.tokens
        sentence = doc.sentences[toks[name_first].sent]
        if name_first != sentence.first or name_last >= sentence.last or \
                not self._noun_head(toks[name_last]) and not self._is_modifier(toks[name_last]):
            return None
        found = self._phrase_from(doc, name_last, sentence.last, blocked, frozenset(("nomn",)))
        end = sentence.last
        while end > name_last and not toks[end - 1].is_word:
            end -= 1
        return found if found is not None and found.last == end else None

    def _headed(self, doc: Document, first: int, sent_last: int,
                blocked: AbstractSet[int]) -> Optional[Position]:
        """``руководитель`` and the body a heading verb takes as its object (возглавила
        областной департамент образования: руководитель областного департамента
        образования), the object's noun and adjectives put in the genitive."""
        toks = doc.tokens
        k = first
        while k < sent_last and self._is_modifier(toks[k]):
            k += 1
        if k + 1 < sent_last and k == first and toks[k].lemmas & _POST_NOUNS:
            # возглавлявший должность главы ФТС: the post itself
            return self._phrase_from(doc, k + 1, sent_last, blocked, frozenset(("gent",)))
        if k >= sent_last or k in blocked or toks[k].pos != "NOUN" or not (
                toks[k].lemmas & self.org_heads or _body_name(toks[k])):
            return None  # a body, not a list or a delegation
        noun = next((p for p in toks[k].parses if p.tag.POS == "NOUN"
                     and p.tag.case in ("accs", "ablt")), None)
        if noun is None:
            return None
        j = k + 1
        while j < sent_last and j not in blocked and (
                (toks[j].is_word and not self._clause_break(doc, j, k) and
                 (toks[j].pos != "PREP" or toks[j].lower == "по")) or
                (toks[j].text in _QUOTES and toks[j].text not in "()") or _numbered(toks, j)):
            j += 1
        forms: dict[int, str] = {}
        self._inflect(toks, k, noun, first, "gent", forms)
        text = f"{_HEAD_TITLE} {_render(doc, first, j, forms)}"
        org = self._organization(doc, first, j)
        # the span holds the verb or participle of heading before the body
        return Position(text, first, j, toks[first].start, toks[j - 1].end, org,
                        pieces=((first - 1, j),))

    # -- positions of people not named in the sentence -------------------------------------
    def references(self, doc: Document, sentence: Sentence, taken: AbstractSet[int],
                   blocked: AbstractSet[int]) -> list[Reference]:
        """The sentence's definite descriptions (a post alone, in the singular, no name
        beside it, not predicated, no possessive before it: ``Председатель областной
        думы напомнил``, ``визит российского президента``) and its pronouns with a post
        predicated (``Тогда он был главой поселения``)."""
        toks = doc.tokens
        out: list[Reference] = []
        # a description in a sentence that speaks of someone else by a pronoun (Министр
        # не согласился с ним) is that other person
        other = any(toks[i].lower in _OBLIQUE_PRONOUNS for i in range(sentence.first, sentence.last))
        k = sentence.first
        while k < sentence.last:
            tok = toks[k]
            if tok.lower in _PRONOUNS and k + 1 < sentence.last:
                found = self.predicate(doc, k + 1, blocked)
                if found is not None:
                    out.append(Reference(k, found, _PRONOUNS[tok.lower], pronoun=True))
                k += 1
                continue
            found = None if other else self._description(doc, k, sentence, taken, blocked)
            if found is None:
                k += 1
                continue
            out.append(Reference(k, found, self._verb_gender(toks, found.last, sentence.last)))
            k = found.last
        return out

    def _description(self, doc: Document, k: int, sentence: Sentence, taken: AbstractSet[int],
                     blocked: AbstractSet[int]) -> Optional[Position]:
        toks = doc.tokens
        if k in taken or not toks[k].is_word or not self._head_parses(toks[k].lower) or \
                not self._noun_head(toks[k]) or self._dependent(toks, k, sentence.first):
            return None
        first = self._modifier_start(toks, k, sentence.first)
        # an emphatic сам (сам же) marks a person already spoken of: by an occupation too
        # (Сам же главный тренер сборной оценил)
        emphatic = _emphatic_before(toks, first, sentence.first)
        classes = ("post", "occupation") if emphatic else ("post",)
        if self.classes.get(_plain(toks[k].lemma)) not in classes and not any(
                self.classes.get(_plain(p.normal_form)) in classes
                for p in self._head_parses(toks[k].lower)):
            return None
        prev = toks[first - 1] if first > sentence.first and not emphatic else None
        if prev is not None and (prev.lower in _POSSESSIVES or "Apro" in prev.parses[0].tag
                                 or (self.is_head(prev) and prev.lower not in ("и",))
                                 or prev.lemma == "один"):
            return None  # его заместитель, свой помощник, заместитель губернатора, один из
        found = self._phrase_from(doc, first, sentence.last, blocked)
        if found is None or any(i in taken for a, b in found.ranges for i in range(a, b)):
            return None
        head = next(p for p in self._head_parses(toks[k].lower))
        if head.tag.number == "plur" and not any(p.tag.number == "sing" for p in self._head_parses(toks[k].lower)):
            return None
        case = toks[k].case
        if case != "nomn" and not (case == "gent" and prev is not None and (
                prev.pos == "NOUN" or prev.lower == "и")):
            # a description refers back as a subject, or as the possessor of a noun (о
            # визите российского президента), not as a predicate (стал председателем)
            return None
        return replace(found, source="reference")

    def _verb_gender(self, toks: Sequence[Token], k: int, end: int) -> Optional[str]:
        """The gender a past verb after a description tells (напомнил: m, напомнила: f),
        up to the end of its clause."""
        for j in range(k, min(end, k + 4)):
            if toks[j].text in (",", ";", ":", "–"):
                return None
            parse = toks[j].parses[0] if toks[j].parses else None
            if parse is not None and parse.tag.POS == "VERB":
                return {"masc": "m", "femn": "f"}.get(parse.tag.gender)
        return None

    def successor(self, doc: Document, name_first: int,
                  blocked: AbstractSet[int]) -> Optional[int]:
        """The token standing for the person whose post a name takes: ``его`` in ``Его
        преемником стал Олег Ильин``, or the predecessor's name in ``На место ушедшего в
        отставку министра Ивана Котова назначена Анна Белова``."""
        toks = doc.tokens
        sent_first = doc.sentences[toks[name_first].sent].first
        k = name_first - 1
        if not (k > sent_first and self._predicative_verb(toks[k]) in ("link", "appoint")):
            return None
        k -= 1
        while k > sent_first and (toks[k].pos in ("ADVB", "PRCL") or _AUXILIARY in toks[k].lemmas):
            k -= 1
        if k > sent_first and toks[k].lemmas & self.relations and \
                toks[k - 1].lower in _POSSESSIVES and _plain(toks[k].lemma) in ("преемник", "сменщик"):
            return k - 1  # его преемником стал
        j = k
        while j >= sent_first and j not in blocked and k - j < _MAX_TOKENS:
            j -= 1
        if j >= sent_first and j in blocked and any(
                toks[i].lemmas & _POST_NOUNS and toks[i - 1].lower == "на"
                for i in range(max(sent_first + 1, j - _MAX_TOKENS), j)):
            return j  # на место (должность) ... Ивана Котова назначена
        return None

    # -- the post the clause gives -------------------------------------------------------
    def _verb_role(self, tok: Token) -> Optional[str]:
        """How a verb gives a post (models/position_verbs.tsv), or None."""
        return next((self.verb_roles[w] for w in tok.lemmas if w in self.verb_roles), None)

    def _skip_adverbs(self, toks: Sequence[Token], k: int, end: int) -> int:
        """Past adverbs, particles other than ``не``, and ``был``/``была`` before the verb
        it helps (уже был избран; not ``был главой``, where it is the verb)."""
        while k < end - 1 and toks[k].lower != "не":
            if toks[k].pos in ("ADVB", "PRCL"):
                k += 1
            elif _AUXILIARY in toks[k].lemmas and toks[k + 1].pos in (
                    "VERB", "PRTS", "INFN", "ADVB"):
                k += 1
            else:
                break
        return k

    def _predicative_verb(self, tok: Token) -> Optional[str]:
        """The role of a verb that can predicate a title of its subject: a listed one, any
        other active verb (``link``: выступила куратором), no other passive (награждён
        губернатором names the agent)."""
        role = self._verb_role(tok)
        if role is not None:
            return role
        return "link" if tok.pos == "VERB" else None

    def _given_by(self, doc: Document, k: int, end: int, blocked: AbstractSet[int],
                  participle: bool = False) -> Optional[Position]:
        """The post the verb (or participle) at ``k`` gives: its title in the
        instrumental after adverbs and a prepositional phrase (избранная в прошлом году
        председателем совета), the genitive after ``пост``/``должность``, or
        ``руководитель`` of the body a verb of heading takes."""
        toks = doc.tokens
        verb = toks[k]
        role = self._verb_role(verb) if participle else self._predicative_verb(verb)
        if role is None or not self._subject_gets_post(verb, role):
            return None
        found = self._post_after_verb(doc, k, role, end, blocked)
        if found is None:
            return None
        # a post left (ушёл с поста мэра) was held
        return replace(found, source="holds" if role == "leave" else _source_of(verb))

    def _subject_gets_post(self, verb: Token, role: str) -> bool:
        """Does the verb give the post to its subject (or the noun its participle
        qualifies)? Not an active verb of appointing (назначил: the object gets it), no
        passive but of a listed verb (награждён губернатором names the agent)."""
        parse = next((p for p in verb.parses if p.tag.POS in ("VERB", "PRTS", "PRTF")), None)
        if parse is None:
            return False
        passive = parse.tag.POS == "PRTS" or "pssv" in parse.tag
        if passive:
            return role in ("link", "appoint")
        if role == "appoint":
            return verb.lower.endswith(("ся", "сь"))  # избрался депутатом
        return True

    def _post_after_verb(self, doc: Document, k: int, role: str, end: int,
                         blocked: AbstractSet[int]) -> Optional[Position]:
        toks = doc.tokens
        if role == "head":
            return self._headed(doc, k + 1, end, blocked)
        j = self._skip_adverbs(toks, k + 1, end)
        j = self._skip_circumstance(toks, j, end)
        if role == "leave":
            if not (j + 1 < end and toks[j].lower in ("с", "со", "от")):
                return None
            j += 1
        elif j < end and toks[j].lower == "на":  # назначен на должность министра
            j += 1
        if j + 1 < end and toks[j].lower == "в" and toks[j + 1].lower == _CAPACITY:
            j += 1  # выступил в качестве эксперта
        if j < end and _post_word(toks, j):
            return self._phrase_from(doc, j + 1, end, blocked, frozenset(("gent",)))
        if role in ("post", "leave"):
            return None
        return self._phrase_from(doc, j, end, blocked, frozenset(("ablt",)))

    def _skip_circumstance(self, toks: Sequence[Token], j: int, end: int) -> int:
        """Past one prepositional phrase of time or place that is no title (в прошлом году,
        с 2015 года), when a title in the instrumental follows it."""
        if not (j < end and toks[j].pos == "PREP" and toks[j].lower != "на"):
            return j
        k = j + 1
        while k < min(end, j + 5) and (self._is_modifier(toks[k]) or toks[k].text.isdigit()
                                       or (toks[k].pos == "NOUN" and not self.is_head(toks[k]))):
            k += 1
            if k < end and self._title_head(toks, k, end) is not None and any(
                    p.tag.case == "ablt" for p in self._head_parses(toks[self._title_head(toks, k, end)].lower)):
                return k
        return j

    def headed_before(self, doc: Document, name_first: int, cases: AbstractSet[str],
                      blocked: AbstractSet[int]) -> Optional[Position]:
        """The body a participle of heading right before the name governs, as its post
        (возглавлявшего аппарат администрации Рашита Габдулвалеева: руководитель аппарата
        администрации)."""
        toks = doc.tokens
        sent_first = doc.sentences[toks[name_first].sent].first
        for k in range(name_first - 2, max(sent_first, name_first - 8) - 1, -1):
            tok = toks[k]
            if not tok.is_word or k in blocked:
                return None
            heading = next((p for p in tok.parses if p.tag.POS == "PRTF" and
                            (not cases or p.tag.case in cases)), None)
            if heading is not None and self._verb_role(tok) == "head":
                found = self._headed(doc, k + 1, name_first, blocked)
                return replace(found, source=_source_of(tok)) if found is not None else None
        return None

    def predicate(self, doc: Document, name_last: int, blocked: AbstractSet[int],
                  apposition: Optional[Position] = None) -> Optional[Position]:
        """The post the clause gives a name followed by its verb (``Иван Петров стал
        заместителем губернатора``, ``была избрана председателем``, ``назначен на
        должность министра``, ``занял пост председателя``, ``возглавила департамент``)."""
        toks = doc.tokens
        sent_last = doc.sentences[toks[name_last - 1].sent].last
        if apposition is None:
            apposition = self.after(doc, name_last, frozenset(), blocked)
        name_last = _past_written_otherwise(toks, name_last, sent_last)
        if apposition is not None and apposition.last < sent_last and \
                toks[apposition.last].text in (",", "–"):
            name_last = apposition.last + 1  # Иван Громов, в прошлом директор завода, стал
        k = self._skip_adverbs(toks, name_last, min(sent_last, name_last + 4))
        if k >= sent_last:
            return None
        found = self._given_by(doc, k, sent_last, blocked)
        return self._with_coordinated(doc, found, k, blocked) if found is not None else None

    def _with_coordinated(self, doc: Document, found: Position, verb: int,
                          blocked: AbstractSet[int]) -> Position:
        """The post a verb gives, with those the predicates coordinated with it give the
        same subject, as the phrase layer reads them (clauses of their own with no subject
        of their own: ``является депутатом парламента, состоит во фракции, также является
        членом комитета``), joined by commas."""
        toks = doc.tokens
        sentence = doc.sentences[toks[verb].sent]
        ph = doc.phrases(sentence)
        posts = [found]
        for clause in ph.clauses[ph.clause_ids[verb - sentence.first] + 1:]:
            if clause.start < posts[-1].last - sentence.first:
                continue
            if clause.kind != "main" or clause.subject is not None or clause.predicate is None:
                break
            post = self._given_by(doc, sentence.first + clause.predicate, sentence.last, blocked)
            if post is not None:
                posts.append(post)
        if len(posts) == 1:
            return found
        last = posts[-1]
        return replace(found, text=", ".join(p.text for p in posts), last=last.last,
                       end=last.end, pieces=tuple(r for p in posts for r in p.ranges),
                       kind=max((p.kind for p in posts), key=_KIND_ORDER.__getitem__))

    def predicate_before(self, doc: Document, name_first: int, blocked: AbstractSet[int],
                         apposition: Optional[Position] = None) -> Optional[Position]:
        """The post the clause gives a name that follows its verb (``Губернатором назначен
        Иван Петров``, ``Куратором выставки выступила``, ``На должность министра был
        избран``, ``Место капитана занял нападающий``): the title in the instrumental, or
        in the genitive after ``должность``/``пост``/``место``, not governed by a
        preposition other than ``на``."""
        toks = doc.tokens
        sent_first = doc.sentences[toks[name_first].sent].first
        k = name_first - 1
        if apposition is None:
            apposition = self.before(doc, name_first, frozenset(), blocked)
        if apposition is not None:
            k = apposition.first - 1  # занял нападающий Илья Котов
        while k > sent_first and toks[k].pos == "ADJF":  # стала трёхлетняя Варвара
            k -= 1
        role = self._predicative_verb(toks[k]) if k > sent_first else None
        if role not in ("link", "appoint", "post") or not self._subject_gets_post(toks[k], role):
            return None
        source = _source_of(toks[k])
        k -= 1
        while k > sent_first and toks[k].lower != "не" and (
                toks[k].pos in ("ADVB", "PRCL") or _AUXILIARY in toks[k].lemmas
                or (self._lone_oblique(toks[k]) and not self.is_head(toks[k])
                    and toks[k - 1].pos != "PREP")
                or (self._genitive_word(toks[k]) and self._lone_oblique(toks[k - 1])
                    and not self.is_head(toks[k - 1]))):
            k -= 1  # был, уже, единогласно, большинством голосов
        for case in ("ablt", "gent"):
            pos = self.before(doc, k + 1, frozenset((case,)), blocked)
            if pos is None:
                continue
            prev = toks[pos.first - 1] if pos.first > sent_first else None
            if case == "gent" and not (prev is not None and _post_word(toks, pos.first - 1)):
                continue
            if case == "ablt" and prev is not None and prev.pos == "PREP":
                continue  # вместе с губернатором приехал: no post
            return replace(pos, source=source)
        if toks[k].text == "," and k - 3 > sent_first:
            # the capacity set off by commas before the verb (в его команду, в качестве
            # первого заместителя, входит Георгиос Макрополус)
            pos = self.before(doc, k, frozenset(("gent",)), blocked)
            if pos is not None and pos.first - 2 >= sent_first and \
                    toks[pos.first - 1].lower == _CAPACITY and toks[pos.first - 2].lower == "в" \
                    and (pos.first - 2 == sent_first or toks[pos.first - 3].text == ","):
                return replace(pos, source=source)
        return None

    def object_complement(self, doc: Document, name_first: int, name_last: int,
                          blocked: AbstractSet[int]) -> Optional[Position]:
        """The post a verb of appointing gives its object (``назначил Сергея Лаптева
        министром``, ``Андрея Сомова назначили послом``, ``назвал Лемана первым
        вратарём``): the title in the instrumental after the name, the verb before the
        name in its clause or right after it."""
        toks = doc.tokens
        sent = doc.sentences[toks[name_first].sent]
        k = self._skip_adverbs(toks, name_last, sent.last)
        if k + 2 < sent.last and toks[k].lower in ("от", "с", "со") and \
                toks[k + 1].lemmas & _POST_NOUNS and self._appointing_verb(doc, name_first, "leave"):
            # освободил Юрия Золотова от должности заместителя прокурора: the post held
            found = self._phrase_from(doc, k + 2, sent.last, blocked, frozenset(("gent",)))
            return replace(found, source="holds") if found is not None else None
        verb = self._appointing_verb(doc, name_first)
        if k < sent.last and self._verb_role(toks[k]) == "appoint":
            k = self._skip_adverbs(toks, k + 1, sent.last)
        elif verb is None:
            return None
        found = self._phrase_from(doc, k, sent.last, blocked, frozenset(("ablt",)))
        if found is None and verb is not None:
            # the title between the verb and the name (назначил руководителем службы
            # и.о. главы ведомства Ивана Муравьева), up to the name's own apposition
            own = self.before(doc, name_first, frozenset(), blocked)
            found = self._phrase_from(doc, self._skip_adverbs(toks, verb + 1, sent.last),
                                      own.first if own is not None else name_first,
                                      blocked, frozenset(("ablt",)))
        return replace(found, source="takes") if found is not None else None

    def _appointing_verb(self, doc: Document, name_first: int,
                         role: str = "appoint") -> Optional[int]:
        """An active verb of appointing before the name in its clause, as the phrase layer
        reads clauses (назначил своего помощника Романа Ерохина; назначил руководителем
        службы Ивана Муравьева)."""
        sentence = doc.sentences[doc.tokens[name_first].sent]
        ph = doc.phrases(sentence)
        clause = ph.clause_ids[name_first - sentence.first]
        for j in range(name_first - 1, max(sentence.first, name_first - _MAX_TOKENS) - 1, -1):
            local = j - sentence.first
            if ph.clause_ids[local] == clause and ph.pos(local) in ("VERB", "INFN") and \
                    self._verb_role(doc.tokens[j]) == role:
                return j
        return None

    def _phrase_from(self, doc: Document, first: int, sent_last: int,
                     blocked: AbstractSet[int],
                     cases: AbstractSet[str] = frozenset()) -> Optional[Position]:
        """The position phrase starting at token ``first`` (words of time, adjectives, a
        title, its dependents), up to the end of its clause; its title in one of
        ``cases`` when given."""
        toks = doc.tokens
        while first < sent_last - 1 and toks[first].parses and "Apro" in toks[first].parses[0].tag:
            first += 1  # своим председателем: the title without the pronoun
        start = self._time_end(toks, first, sent_last)  # ныне, в прошлом, тогда
        title_first = self._acting_end(toks, start, sent_last) or start
        k = self._title_head(toks, title_first, sent_last)
        if k is None or all(p.tag.number == "plur" for p in self._head_parses(toks[k].lower)) \
                and not cases:
            return None  # a plural is another member of a list (..., представители Думы)
        j = k + 1
        comma: Optional[int] = None  # a comma the phrase went on after (развития, связи)
        title_comma: Optional[int] = None  # the last comma before another title
        while j < min(sent_last, first + _MAX_TOKENS):
            tok = toks[j]
            if j in blocked:
                break
            if tok.text == ",":
                nxt = self._title_head(toks, j + 1, sent_last)
                if nxt is not None and _same_case(toks[k], toks[nxt]):
                    title_comma = j  # another title of the name (..., министр строительства)
                elif not (j + 1 < sent_last and self._genitive_word(toks[j + 1])):
                    break
                else:
                    comma = j
            elif tok.text in ("–", "-"):
                # a second title, or a region's second name (области – Кузбасса)
                if self._title_head(toks, j + 1, sent_last) is None and not (
                        j + 1 < sent_last and toks[j + 1].is_title and
                        any("Geox" in p.tag.grammemes for p in toks[j + 1].parses)):
                    break
            elif _quoted_to(doc, j, sent_last) is not None:
                j = _quoted_to(doc, j, sent_last) + 1
                continue
            elif tok.text in _QUOTES and tok.text not in "()":
                pass
            elif _bracket_end(toks, j, sent_last) is not None:
                j = _bracket_end(toks, j, sent_last) + 1
                continue
            elif (tok.text == "." and (_abbreviation_dot(toks, j) or self.is_head(toks[j - 1]))) \
                    or _initial(toks, j):
                pass  # an initial, им., or an abbreviated title (зав. кафедрой)
            elif not tok.is_word and not _numbered(toks, j) and not _ordinal(tok) \
                    and not _glued(toks, j):
                break
            elif self._clause_break(doc, j, k) or tok.pos in ("PRCL", "ADVB") or (
                    tok.pos == "NPRO" and not _abbreviation_dot(toks, j + 1)):
                # a list of dependents ends at a comma or the sentence's end; a clause
                # after the comma is no part of it (министра финансов, дефицита не будет)
                if comma is not None:
                    j = comma
                break
            elif tok.pos == "PREP" and not self._inner_preposition(toks, j, sent_last) \
                    and not self._chained(doc, j, k, sent_last):
                break
            elif self._adjunct(toks, j, k):
                break  # избрана главой правительства большинством голосов
            j += 1
        if j in blocked and toks[j - 1].is_word and \
                toks[j - 1].lower not in _DANGLING:
            # a title running right into another name is that name's (депутат Иван
            # Петров, председатель Думы Сергей Орлов: not Петров's), unless the name is
            # in the genitive, a dependent of a title word before it (советник
            # президента России Дмитрия Медведева: советник президента России)
            if j - 1 > k and _genitive_only(toks[j]) and self._title_word(toks, j - 1, k) \
                    or (j - 2 > k and _genitive_only(toks[j]) and self._title_word(toks, j - 2, k)):
                pass
            elif title_comma is None:
                return None
            else:
                j = title_comma
        last = j
        while last > first and (toks[last - 1].lower in _DANGLING or (
                not toks[last - 1].is_word and toks[last - 1].text not in '"»)'
                and not _numbered(toks, last - 1)
                and not (toks[last - 1].text == "." and _initial(toks, last - 2)))):
            last -= 1
        return self._build(doc, first, last, cases, agree=bool(cases),
                           title_first=title_first if title_first != start else None,
                           heads_first=start)

    def _chained(self, doc: Document, j: int, head: int, sent_last: int) -> bool:
        """A prepositional phrase at ``j`` that runs, nouns and adjectives only, to a comma
        before another title in the case of the title at ``head`` is that title's dependent
        in a chain of titles (борец с ксенофобией, член Общественной палаты)."""
        toks = doc.tokens
        k = j + 1
        while k < min(sent_last, j + 6) and toks[k].is_word and \
                toks[k].pos in ("NOUN", "ADJF", "PRTF") and not self.is_head(toks[k]):
            k += 1
        if k == j + 1 or k + 1 >= sent_last or toks[k].text != ",":
            return False
        nxt = self._title_head(toks, k + 1, sent_last)
        return nxt is not None and _same_case(toks[head], toks[nxt]) and \
            not self._clause_break(doc, nxt, head)

    def _adjunct(self, toks: Sequence[Token], j: int, head: int) -> bool:
        """A noun in the instrumental or dative alone, outside a prepositional phrase, is
        no dependent of a title (главой правительства большинством голосов), unless the
        title governs that case (заведующий детским садом, зав. кафедрой)."""
        if not self._lone_oblique(toks[j]):
            return False
        if toks[head].pos != "NOUN" or toks[head].lower in ("зав", "нач"):
            return False
        return not any(toks[i].pos == "PREP" for i in range(head + 1, j))

    def _lone_oblique(self, tok: Token) -> bool:
        """A lower-case noun that can only be an instrumental or a dative."""
        nouns = [p for p in tok.parses if p.tag.POS == "NOUN"]
        return bool(nouns) and not tok.is_title and tok.pos == "NOUN" and \
            all(p.tag.case in ("ablt", "datv") for p in nouns)

    def _time_end(self, toks: Sequence[Token], k: int, end: int) -> int:
        """Past words that place a title in time at ``k`` (ныне, в прошлом, тогда)."""
        for words in (2, 1):
            if k + words < end and " ".join(t.lower for t in toks[k:k + words]) in self.time_words \
                    and toks[k].pos != "ADJF":
                return k + words
        return k

    def _acting_end(self, toks: Sequence[Token], i: int, end: int) -> Optional[int]:
        """The index after an "acting" prefix starting at ``i`` (``и.о.``, ``ИО``,
        ``[временно] исполняющий обязанности``), or None."""
        if i < end and toks[i].lower == "ио":
            return i + 1
        if i + 3 < end and [t.lower for t in toks[i:i + 4]] == ["и", ".", "о", "."]:
            return i + 4
        j = i + 1 if i < end and toks[i].lower == "временно" else i
        if j + 1 < end and "исполнять" in toks[j].lemmas and toks[j + 1].lower == "обязанности":
            return j + 2
        return None

    def _acting_start(self, toks: Sequence[Token], first: int, limit: int) -> Optional[int]:
        """The start of an "acting" prefix that ends right before token ``first``."""
        for start in range(max(limit, first - 4), first):
            if self._acting_end(toks, start, first) == first:
                return start
        return None

    def _inner_preposition(self, toks: Sequence[Token], j: int, sent_last: int) -> bool:
        """A preposition inside a title after it: ``по``, ``при``, ``от`` always
        (заместитель губернатора по строительству), ``в``/``на``/``из`` before a name
        only (посол Италии в Грузии; not ``в марте``)."""
        word = toks[j].lower
        if word in ("по", "при", "от") or self._after_po(toks, j, 0):
            return True
        if j + 1 < sent_last and self._dependent(toks, j + 1, j):  # кандидат в депутаты
            return True
        if word == "в" and j + 1 < sent_last and toks[j + 1].lemma == "сфера":
            return True  # по надзору в сфере образования
        nxt = toks[j + 1] if j + 1 < sent_last else None
        return word in _INNER_PREPOSITIONS and nxt is not None and (
            nxt.is_title or nxt.text in _QUOTES)

    @staticmethod
    def _after_po(toks: Sequence[Token], j: int, limit: int) -> bool:
        """The preposition at ``j`` is governed by the noun of a ``по`` phrase right
        before it (по связям с, по вопросам взаимодействия с)."""
        return toks[j].lower in _PO_PREPOSITIONS and any(
            toks[k].lower == "по" for k in range(max(limit, j - 3), j))

    def _modifier_start(self, toks: Sequence[Token], head: int, limit: int) -> int:
        """Where the head's adjectives begin (``первый заместитель``); an adjective or
        participle that does not agree with the head (``поданная преподавателем``) is not
        one of them."""
        i = head
        while i - 1 >= limit:
            if self._is_modifier(toks[i - 1]) and self._agrees(toks[i - 1], toks[head]):
                i -= 1
            elif toks[i - 1].lower == "и" and i - 2 >= limit and i < head and \
                    self._is_modifier(toks[i - 2]) and self._agrees(toks[i - 2], toks[head]):
                i -= 2  # чрезвычайный и полномочный посол
            else:
                break
        return i

    def _agrees(self, modifier: Token, head: Token) -> bool:
        return _agrees_with_any(modifier, [p for p in self._head_parses(head.lower)
                                           if p.tag.POS == "NOUN"])

    # -- nominative ------------------------------------------------------------------------
    def _build(self, doc: Document, first: int, last: int, cases: AbstractSet[str],
               agree: bool = True, title_first: Optional[int] = None,
               heads_first: Optional[int] = None) -> Optional[Position]:
        """The position of tokens [first, last), its titles in the nominative. After an
        "acting" prefix (``и.о. главы``, ``исполняющий обязанности главы``) the title
        starts at ``title_first`` and stays in the genitive; words of time before the
        title (``ныне``) end at ``heads_first``."""
        toks = doc.tokens
        while first < last and self._evaluative(toks[first]) and title_first is None:
            first += 1  # скандальный депутат: no part of the post
        heads_first = max(first, heads_first or first)
        heads = self._phrase_heads(toks, title_first if title_first is not None else heads_first,
                                   last)
        if not heads:
            return None
        forms: dict[int, str] = {}
        for n, h in enumerate(heads):
            if title_first is not None and n == 0:
                continue  # governed by the prefix: исполняющий обязанности главы
            parse = self._head_parse(toks[h], cases)
            if parse is None:
                if agree and n == 0 and cases:
                    return None  # the title does not agree with the name: not apposition
                continue
            self._nominative(toks, h, parse, first, forms)
        if title_first is not None and toks[first].lower != "и":
            self._acting_nominative(toks, heads_first, title_first, forms)
        org = self._organization(doc, heads[-1] + 1, last)
        start, end = toks[first].start, toks[last - 1].end
        head_cases = frozenset(p.tag.case for p in self._head_parses(toks[heads[0]].lower))
        kind = max((self._kind(toks, h, last) for h in heads), key=_KIND_ORDER.__getitem__)
        return Position(_render(doc, first, last, forms), first, last, start, end, org,
                        head_cases, kind=kind,
                        former=self._when(toks, first, heads[0]) == "former")

    def _kind(self, toks: Sequence[Token], head: int, last: int) -> str:
        """The class of the title at ``head``; a civil-service class (государственный
        советник юстиции 2-го класса) is a rank."""
        if (self._rank(toks[head]) and not (  # капитан команды is a post
                head + 1 < last and toks[head + 1].lemmas & self.org_heads)) or (
                any(t.lemma == "класс" for t in toks[head + 1:last]) and
                any(_ordinal(t) or t.text.isdigit() for t in toks[head + 1:last])):
            return "rank"
        if head + 1 < last and toks[head + 1].lemmas & self.contests:
            return "role"  # победитель конкурса, лидер рейтинга
        lemmas = [_plain(p.normal_form) for p in self._head_parses(toks[head].lower)]
        return next((self.classes[w] for w in lemmas if w in self.classes), "post")

    def _when(self, toks: Sequence[Token], first: int, head: int) -> Optional[str]:
        """``former`` or ``current`` when the words at the position's start place it in
        time (models/position_time_words.tsv), or an ``экс-`` prefix marks its title."""
        word = toks[head].lower
        if word.startswith("экс-") or (word.startswith("экс") and any(
                _plain(p.normal_form) in self.heads for p in morph.parse(word[3:]))):
            return "former"  # экс-министр, экспремьер
        for k in range(first, head):
            for words in (2, 1):
                key = " ".join(t.lower for t in toks[k:k + words])
                if key in self.time_words:
                    return self.time_words[key]
            if toks[k].lemma in self.time_words:
                return self.time_words[toks[k].lemma]
        return None

    def _acting_nominative(self, toks: Sequence[Token], first: int, title_first: int,
                           forms: dict[int, str]) -> None:
        """``исполняющим обязанности`` in the nominative, in its own gender."""
        for k in range(first, title_first):
            r = next((r for r in readings(toks[k].lower) if r.pos == "PRTF"), None)
            if r is not None and r.case != "nomn":
                forms[k] = inflect_word(toks[k], r, "nomn", "sing", r.gender or "masc")

    def _phrase_heads(self, toks: Sequence[Token], first: int, last: int) -> list[int]:
        """The leading head and every head joined to it by ``и``, a dash or a comma."""
        heads: list[int] = []
        i = first
        while i < last:
            k = self._title_head(toks, i, last)
            if k is None:
                break
            heads.append(k)
            # continue after the next joiner or comma that is followed by another title
            j = k + 1
            while j < last and not ((toks[j].lower in _JOINERS or toks[j].text == ",")
                                    and self._title_head(toks, j + 1, last) is not None):
                j += 1
            i = j + 1
        return heads

    def _head_parse(self, tok: Token, cases: AbstractSet[str]):
        parses = list(self._head_parses(tok.lower))
        if not parses:
            return None
        if cases:
            matching = [p for p in parses if p.tag.case in cases or "Fixd" in p.tag]
            return matching[0] if matching else None
        nominative = [p for p in parses if p.tag.case == "nomn"]
        return nominative[0] if nominative else parses[0]

    def _nominative(self, toks: Sequence[Token], head: int, parse, limit: int,
                    forms: dict[int, str]) -> None:
        """Put the head (and the adjectives before it) in the nominative singular."""
        if "Fixd" in parse.tag or (parse.tag.case == "nomn" and parse.tag.number != "plur") or \
                self._compound_title(toks[head].lower):
            return
        self._inflect(toks, head, parse, limit, "nomn", forms)

    def _inflect(self, toks: Sequence[Token], head: int, parse, limit: int, case: str,
                 forms: dict[int, str]) -> None:
        """The head read as ``parse`` and the adjectives before it that agree with it
        (also across brackets and ``и``: крестьянское (фермерское) хозяйство, чрезвычайный
        и полномочный посол) in ``case``, in the singular for the nominative, by the phrase
        layer's one inflection helper."""
        head_reading = _reading(toks[head], parse)
        number = "sing" if case == "nomn" else head_reading.number or "sing"
        forms[head] = inflect_word(toks[head], head_reading, case, number)
        gender = head_reading.gender if head_reading.gender in ("masc", "femn", "neut") else "masc"
        i = head - 1
        while i >= limit and (self._is_modifier(toks[i]) or toks[i].text in "()" or (
                toks[i].lower == "и" and i - 1 >= limit and self._is_modifier(toks[i - 1]))):
            r = next((r for r in readings(toks[i].lower)
                      if r.pos in MODIFIER_POS and r.agrees(head_reading)), None)
            if r is not None:
                forms[i] = inflect_word(toks[i], r, case, number, gender)
            i -= 1
        # adjectives after the head that agree with it (епископа Костромского и
        # Галичского, патриарха Московского и всея Руси)
        i = head + 1
        while i + 1 < len(toks) and toks[i].sent == toks[head].sent and (
                self._is_modifier(toks[i]) or toks[i].lower == "и"):
            r = next((r for r in readings(toks[i].lower)
                      if r.pos in MODIFIER_POS and r.agrees(head_reading)), None)
            if toks[i].lower != "и" and (r is None or toks[i + 1].pos == "NOUN" and
                                         _agrees_with_any(toks[i], toks[i + 1].parses[:1])):
                break  # директора Национального фронта: the next noun's adjective
            if r is not None:
                forms[i] = inflect_word(toks[i], r, case, number, gender)
            i += 1

    def _organization(self, doc: Document, first: int, last: int) -> Optional[str]:
        """The organisation a position names after its last title, in the nominative;
        ``от`` and ``из`` end it (депутат Государственной Думы от Курской области: the
        deputy is from the region, the Duma is not; директор лицея из Казани)."""
        toks = doc.tokens
        last = next((k for k in range(first, last) if toks[k].lower in ("от", "из")), last)
        i = first
        while i < last:
            k = i
            while k < last and (self._is_modifier(toks[k]) or (
                    toks[k].text == "(" and _bracket_end(toks, k, last) is not None)):
                k = _bracket_end(toks, k, last) + 1 if toks[k].text == "(" else k + 1
            if k >= last:
                return None
            tok = toks[k]
            if tok.lemmas & self.org_heads or tok.lower in self.org_heads:
                parse = next((p for p in tok.parses if p.tag.POS == "NOUN"), None)
                forms: dict[int, str] = {}
                if parse is not None:
                    self._nominative(toks, k, parse, i, forms)
                if last - i == 1 and not tok.is_title:
                    return None  # a bare отдел, комитет names no body
                return _render(doc, i, last, forms)
            if tok.text in _QUOTES or (tok.text[:1].isascii() and tok.text[:1].isalpha()):
                return _render(doc, k, last, {})
            if self.is_head(tok):
                i = k + 1
                continue
            if k == i and _body_name(tok):  # глава Минздрава, начальник ГУ МЧС
                forms = {}
                parse = tok.parses[0] if tok.parses else None
                if parse is not None and parse.is_known and parse.tag.POS == "NOUN" \
                        and not tok.text.isupper():
                    self._nominative(toks, k, parse, k, forms)
                return _render(doc, k, last, forms)
            return None
        return None


def _agrees_with_any(modifier: Token, nouns: Sequence) -> bool:
    """Some adjective reading of ``modifier`` agrees with one of the noun parses (the
    phrase layer's agreement)."""
    heads = [r for p in nouns for r in readings(p.word) if r.parse == p]
    return any(rm.pos in MODIFIER_POS and rm.agrees(rh)
               for rm in readings(modifier.lower) for rh in heads)


def _reading(tok: Token, parse) -> Reading:
    """The phrase layer's reading of ``tok`` for one of its pymorphy3 parses."""
    return next((r for r in readings(tok.lower) if r.parse == parse), None) or \
        next(r for r in readings(parse.word) if r.parse == parse)


_AGE = re.compile(r"\d+-летн")
_ORDINAL = re.compile(r"\d+-[а-яё]{1,3}$")


def _source_of(verb: Token) -> str:
    """``takes`` for a perfective verb or participle in the past (стал, назначен,
    возглавила), ``holds`` for an imperfective one (является, работает, возглавляющий)
    and for the future (станет: not taken yet)."""
    parse = next((p for p in verb.parses if p.tag.POS in ("VERB", "PRTS", "PRTF", "INFN")), None)
    if parse is None or "perf" not in parse.tag or "futr" in parse.tag or parse.tag.POS == "INFN":
        return "holds"
    return "takes"


_MAX_QUOTED = 10  # words a quoted name may hold
_OPENING = frozenset("«„")
_CLOSING = frozenset("»")


def _quoted_from(doc: Document, j: int, limit: int) -> Optional[int]:
    """The opening quote of a quoted name that token ``j`` closes, or None: ``»`` closes
    the nearest ``«``; a straight quote closes when an odd number precede it in the
    sentence."""
    toks = doc.tokens
    if toks[j].text != '"':
        return None
    mark = doc.text[toks[j].start:toks[j].end]
    quotes = [k for k in range(max(limit, j - _MAX_QUOTED), j) if toks[k].text == '"']
    if mark in _OPENING:
        return None
    if mark in _CLOSING:
        return next((k for k in reversed(quotes)
                     if doc.text[toks[k].start:toks[k].end] in _OPENING), None)
    if sum(1 for k in range(limit, j) if toks[k].text == '"') % 2 == 0 or not quotes:
        return None
    return quotes[-1]


def _quoted_to(doc: Document, j: int, end: int) -> Optional[int]:
    """The closing quote of a quoted name that token ``j`` opens, or None."""
    toks = doc.tokens
    if toks[j].text != '"':
        return None
    mark = doc.text[toks[j].start:toks[j].end]
    if mark in _CLOSING:
        return None
    limit = doc.sentences[toks[j].sent].first
    if mark not in _OPENING and sum(1 for k in range(limit, j) if toks[k].text == '"') % 2:
        return None
    return next((k for k in range(j + 1, min(end, j + _MAX_QUOTED)) if toks[k].text == '"'
                 and doc.text[toks[k].start:toks[k].end] not in _OPENING), None)


def _genitive_only(tok: Token) -> bool:
    """A word read first as a genitive, with no likely nominative reading (Дмитрия; not
    Анна, Медведева)."""
    parses = tok.parses
    return bool(parses) and parses[0].tag.case == "gent" and not any(
        p.tag.case == "nomn" and p.score >= 0.1 for p in parses)


def _participle(tok: Token) -> bool:
    """A full participle by some reading (избранная: pymorphy3 reads an adjective first)."""
    return any(p.tag.POS == "PRTF" for p in tok.parses)


def _ordinal(tok: Token) -> bool:
    """An ordinal written in digits (2-го класса)."""
    return bool(_ORDINAL.match(tok.text))


def _glued(toks: Sequence[Token], j: int) -> bool:
    """A symbol or a digit written without spaces inside a name (K&M, R7, usadba.ru)."""
    before = j > 0 and toks[j - 1].end == toks[j].start and toks[j - 1].text[:1].isalnum()
    after = j + 1 < len(toks) and toks[j].end == toks[j + 1].start and \
        toks[j + 1].text[:1].isalnum()
    if toks[j].text in ",;:!?()\"'«»":
        return False
    return (before and after) or ((before or after) and toks[j].text[:1].isalnum())


def _initial(toks: Sequence[Token], j: int) -> bool:
    text = toks[j].text
    return len(text) == 1 and text.isupper() and j + 1 < len(toks) and toks[j + 1].text == "."


def _abbreviation_dot(toks: Sequence[Token], j: int) -> bool:
    """The full stop of an initial or of ``им.`` inside a title (университета им. М. Акмуллы)."""
    prev = toks[j - 1].text if j > 0 else ""
    return (len(prev) == 1 and prev.isalpha()) or prev.lower() == "им"


def _same_case(a: Token, b: Token) -> bool:
    """Some readings of the two words share case and number."""
    return any(pa.tag.case == pb.tag.case and pa.tag.number == pb.tag.number
               for pa in a.parses for pb in b.parses)


def _plain(word: str) -> str:
    return word.replace("ё", "е")


def _body_name(tok: Token) -> bool:
    """A capitalized word naming a body on its own (Росстата, Минцифры, МЧС): no
    pymorphy3 reading of it is a place or a person's name, and it is no title."""
    if not (tok.is_word and tok.is_title) or (tok.text.isupper() and len(tok.text) < 2) \
            or tok.lemmas & _TERRITORIES:
        return False
    return not any(_PLACE_OR_PERSON & p.tag.grammemes for p in tok.parses)


def _bracket_start(toks: Sequence[Token], j: int, limit: int) -> Optional[int]:
    """The ``(`` of a bracketed name that token ``j`` closes: one to three capitalized
    words, an abbreviation or another name of what comes before (``(ОФДД)``,
    ``Республики Саха (Якутия)``, ``(Ил Тумэн)``), or adjectives (крестьянского
    (фермерского) хозяйства)."""
    if toks[j].text != ")":
        return None
    k = j - 1
    while k >= max(limit, j - 3) and _bracketed_word(toks, k):
        k -= 1
    return k if k < j - 1 and k >= limit and toks[k].text == "(" else None


def _bracketed_word(toks: Sequence[Token], k: int) -> bool:
    tok = toks[k]
    return (tok.is_word and (tok.is_title or tok.text.isascii() or (
        tok.pos == "ADJF"))) or _glued(toks, k)


def _bracket_end(toks: Sequence[Token], j: int, end: int) -> Optional[int]:
    """The ``)`` closing a bracketed name opened at token ``j`` (see ``_bracket_start``)."""
    if toks[j].text != "(":
        return None
    k = j + 1
    while k < min(end, j + 4) and _bracketed_word(toks, k):
        k += 1
    return k if k > j + 1 and k < end and toks[k].text == ")" else None


def _emphatic_before(toks: Sequence[Token], first: int, limit: int) -> bool:
    """``сам`` (``сама``, ``сам же``) right before the token ``first``."""
    k = first - 1
    if k >= limit and toks[k].lower == "же":
        k -= 1
    return k >= limit and "сам" in toks[k].lemmas


def _post_word(toks: Sequence[Token], i: int) -> bool:
    """A noun of a post before the title's genitive (должность, пост), or ``качестве``
    after ``в`` (в качестве заместителя)."""
    return bool(toks[i].lemmas & _POST_NOUNS) or (
        toks[i].lower == _CAPACITY and i > 0 and toks[i - 1].lower == "в")


def _past_written_otherwise(toks: Sequence[Token], k: int, end: int) -> int:
    """The index after the name as written in its own script, in brackets right after a
    name at ``k`` (Скотт Хоровитц (Scott Horowitz), бывший астронавт), else ``k``."""
    close = _bracket_end(toks, k, end) if k < end else None
    if close is None or not all(toks[i].text.isascii() for i in range(k + 1, close)):
        return k
    return close + 1


def _numbered(toks: Sequence[Token], j: int) -> bool:
    """``№`` and the number after it (главный врач больницы № 3)."""
    return (toks[j].text == "№" and j + 1 < len(toks) and toks[j + 1].text.isdigit()) or (
        j > 0 and toks[j - 1].text == "№" and toks[j].text.isdigit())


def _render(doc: Document, first: int, last: int, forms: dict[int, str]) -> str:
    """Text of tokens [first, last) with some tokens replaced, spaces folded: words as
    normalized (Latin look-alikes and soft hyphens fixed: ``Mинистр``), punctuation as
    written (quotes, dashes)."""
    toks = doc.tokens
    parts: list[str] = []
    for i in range(first, last):
        if i > first and toks[i].start > toks[i - 1].end:
            parts.append(" ")
        tok = toks[i]
        parts.append(forms.get(i, tok.text if tok.is_word else doc.text[tok.start:tok.end]))
    return "".join(parts)
