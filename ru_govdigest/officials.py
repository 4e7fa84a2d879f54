"""Officials: named people in the nominative, with their positions.

Two signals find name mentions in the article body (furniture left out):
- morphology and shape, fast and precise: a pymorphy3 first name before capitalized
  words (``Дмитрия Краснова``, ``Андрей Николаевич``), initials beside a capitalized word
  (``Д. Н. Краснов``, ``Краснов Д.Н.``);
- natasha's news NER (PER spans), for the rest (surnames alone, foreign names). It loads
  lazily on first need and runs only on sentences with a capitalized word that pymorphy3
  reads as a name part or does not know, outside the names the patterns found (about a
  third of news sentences); it is fed our own tokens, so its spans are our tokens.
Two first names before one plural surname are two people (``братьям Петру и Ивану
Лосевым``); a first name after a hierarch's or monarch's title names a person by itself
(``патриарх Кирилл``). Mentions of one person are grouped by surname (a surname alone,
or a first name with a patronymic, joins the person it names); each person gets the
fullest nominative name and the best of the positions its mentions and their clauses
give (``positions``); a person with none gets one a later sentence refers back with
(a pronoun, a definite description, a successor). The official's ``region`` is the one
its position names, or the primary region for a region's own title
(``models/regional_titles.tsv``); ``position_mentions`` are the spans the position was
read from.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from typing import AbstractSet, Iterator, Optional, Sequence

from . import morph
from .digest import Mention, Official, Region
from .document import Document, Sentence, Token
from .names import NameMorphology, NameWord, PersonName, written_like
from .positions import Position, PositionFinder
from .resources import read_lines, read_tsv

_NAME_TAGS = frozenset(("Name", "Surn", "Patr"))
_MAX_NAME_WORDS = 4
_NER_BATCH = 64
# A batch holds at most this many tokens (its arrays are sentences x longest sentence, about
# 4 KB a token in the first convolution): the NER's memory stays a few MB whatever the
# text ("Иванов " x 5700 peaked at 20 MB with 2048). The tags do not depend on how sentences
# are batched, and an ordinary article's pieces (about 13 tokens each) fill one batch.
_NER_BATCH_TOKENS = 512
# Parts of speech of function words: a word read first as one is no name, whatever rare
# reading pymorphy3 also gives it.
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ"})
# The NER reads the tokens this near a word that may be a name (see _tag_around).
_NER_MARGIN = 6
# Sentences are read in windows of about this many tokens (an ordinary article is one): what
# is kept per sentence (tokens, tags) never spans a long article.
_WINDOW_TOKENS = 8_000
# Lower-case particles of foreign surnames (фон дер Ляйен, бин Салман, де Голль), and
# the same as prefixes (ас-Сиси, аль-Асад): part of the surname they precede.
_PARTICLES = frozenset("фон дер ван де ди да дос дель делла ла ле бин ибн бен аль эль "
                       "ас ад аш ат ан ар аз".split())
_APOSTROPHES = frozenset("'’")
_RUSSIAN_SURNAME = re.compile(r"(ов|ев|ёв)(а|у|ым|ом|е|ой|ую)?$|(ск|цк)(ий|ая|ого|ому|им|ом|ой|ую)$")
_OPENING_QUOTES = frozenset("«„“")
_CLOSING_QUOTES = frozenset("»“”")


@dataclass
class _Person:
    """A person being assembled from the mentions of one article (local to one call)."""

    key: str
    name: PersonName
    # token ranges of the mentions, with the cases each mention may stand in
    spans: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)
    # the nominatives the surname may still have, likeliest first, when no mention told
    # its case (Джо Маккормика: Маккормика or Маккормик)
    alternatives: tuple[str, ...] = ()


class OfficialExtractor:
    """Loads lexicons once (the NER model on first need); ``(doc, regions) -> list[Official]``."""

    def __init__(self) -> None:
        self.names = NameMorphology()
        self.positions = PositionFinder()
        self.blockers = frozenset(read_lines("name_blockers.txt"))
        self.families = frozenset(read_lines("family_words.txt"))
        self.east_asian = frozenset(read_lines("east_asian_surnames.txt"))
        self.single_name_titles = frozenset(read_lines("single_name_titles.txt"))
        # the region a title's adjective names (курский депутат), from the regions table
        self.region_adjectives = {key: code for kind, code, key, _ in read_tsv("regions.tsv")
                                  if kind == "adjective"}
        self.regional = {word: role for word, role in read_tsv("regional_titles.tsv")}
        self._ner = None
        self._blas = None  # threadpoolctl's controller, with the NER
        self._ner_lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {}  # pickles as its settings (none): the receiver rebuilds the lexicons

    def __setstate__(self, state: dict) -> None:
        self.__init__()

    # -- NER -------------------------------------------------------------------------------
    def _tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags of natasha's news NER for pre-tokenized sentences."""
        with self._ner_lock:  # the model is loaded once and is not documented thread-safe
            if self._ner is None:
                from natasha import NewsEmbedding, NewsNERTagger
                from threadpoolctl import ThreadpoolController
                self._ner = NewsNERTagger(NewsEmbedding())
                # one batch per article: fewer, larger matrix products
                self._ner.infer.encoder.batch_size = _NER_BATCH
                self._blas = ThreadpoolController()
            infer = self._ner.infer
            # sentences of similar length share a batch (less padding)
            order = sorted(range(len(sentences)), key=lambda k: len(sentences[k]))
            out: list[list[str]] = [[] for _ in sentences]
            # the matrices of one article are small: BLAS threads cost more than they
            # give (several times slower on two cores), and workers run in parallel anyway
            with self._blas.limit(limits=1, user_api="blas"):
                for batch in _batches(order, sentences):
                    tags = infer.decoder(infer.process(infer.encoder(
                        [sentences[k] for k in batch])))
                    for k, sent_tags in zip(batch, tags):
                        out[k] = sent_tags
            return out

    def _tag_around(self, sentences: Sequence[Sequence[Token]],
                    triggers: Sequence[Sequence[int]]) -> dict[int, list[str]]:
        """NER tags of the sentences with triggers, by sentence index: the tagger reads
        only the tokens within _NER_MARGIN of a trigger (its three convolutions see three
        tokens on each side, so the tags next to the trigger are those of the whole
        sentence); the other tokens are ``O``. Half the tokens of the sentences that need the
        NER, on news; the same names on 2000 bench texts as the whole sentences (a margin
        of four loses one on dev)."""
        pieces: list[tuple[int, int, int]] = []  # (sentence, first, last)
        for k, found in enumerate(triggers):
            n = len(sentences[k])
            for i in found:
                a, b = max(0, i - _NER_MARGIN), min(n, i + _NER_MARGIN + 1)
                if pieces and pieces[-1][0] == k and a <= pieces[-1][2]:
                    pieces[-1] = (k, pieces[-1][1], b)
                else:
                    pieces.append((k, a, b))
        if not pieces:
            return {}
        tagged = self._tag([[t.text for t in sentences[k][a:b]] for k, a, b in pieces])
        out: dict[int, list[str]] = {}
        for (k, a, b), piece_tags in zip(pieces, tagged):
            tags = out.setdefault(k, ["O"] * len(sentences[k]))
            tags[a:b] = piece_tags
        return out

    # -- token classes -------------------------------------------------------------------------
    @staticmethod
    def _capitalized(tok: Token) -> bool:
        if not tok.is_title:
            return False
        text = tok.text
        if len(text) > 1 and text.isupper():  # capitals-only: a name only if tagged as one
            return any(_NAME_TAGS & p.tag.grammemes for p in tok.parses)
        return True

    @staticmethod
    def _initial(toks: Sequence[Token], i: int) -> bool:
        """A one-letter capital followed by a full stop (``Д.``)."""
        tok = toks[i]
        return (len(tok.text) == 1 and tok.text.isupper() and tok.is_word
                and i + 1 < len(toks) and toks[i + 1].text == ".")

    def _name_word(self, tok: Token) -> bool:
        """Capitalized and possibly a noun (``Отрешить Соловьева``: the verb is not)."""
        if not self._capitalized(tok):
            return False
        parses = tok.parses
        return not parses or not parses[0].is_known or any(
            p.tag.POS == "NOUN" for p in parses)

    def _surname_beside(self, tok: Token, initial: Token) -> bool:
        """A surname can stand beside the initial: a name word in the same script."""
        return (len(tok.text) > 1 and self._name_word(tok)
                and _cyrillic(tok.text[0]) == _cyrillic(initial.text[0]))

    def _ner_triggers(self, toks: Sequence[Token], spans: Sequence[tuple[int, int]]) -> list[int]:
        """The words worth the NER: capitalized words that pymorphy3 reads as a name part,
        or does not know (foreign and rare surnames; in Latin letters, only beside another
        such word), that the morphological patterns have not already placed in a name, and
        words with a surname prefix (аль-Асад)."""
        covered = {i for a, b in spans for i in range(a, b)}
        out = []
        for i, tok in enumerate(toks):
            if i in covered:
                continue
            if _prefixed(tok):
                out.append(i)
                continue
            if not self._capitalized(tok):
                continue
            if tok.text.isascii() and not _latin_pair(toks, i):
                continue  # Apple, iPhone: a name in Latin letters has two words (Elon Musk)
            parses = tok.parses
            if not parses or not parses[0].is_known or (
                    parses[0].tag.POS not in _FUNCTION_POS  # По, Из opening a sentence
                    and any(_NAME_TAGS & p.tag.grammemes for p in parses)):
                out.append(i)
        return out

    # -- mentions ------------------------------------------------------------------------------
    def _sentence_spans(self, toks: Sequence[Token], tags: Optional[list[str]],
                        morph_spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Name mentions of one sentence as (first, last) local token ranges: the NER's
        PER spans (when it ran) and the morphological ones, overlaps merged."""
        spans: list[tuple[int, int]] = []
        if tags:
            i = 0
            while i < len(toks):
                if tags[i].endswith("PER"):
                    j = i + 1
                    while j < len(toks) and tags[j] == "I-PER":
                        j += 1
                    spans.append((self._skip_leading_word(toks, i, j), j))
                    i = j
                else:
                    i += 1
        spans += morph_spans
        out: list[tuple[int, int]] = []
        for a, b in sorted(spans):
            a, b = self._extend(toks, *self._trim(toks, a, b))
            a, b = self._past_organization_name(toks, a, b)
            if a >= b:
                continue
            if out and a < out[-1][1]:  # overlapping signals: their union
                out[-1] = (out[-1][0], max(b, out[-1][1]))
            else:
                out.append((a, b))
        return [s for s in out if not self._blocked(toks, s[0])]

    def _past_organization_name(self, toks: Sequence[Token], a: int,
                                b: int) -> tuple[int, int]:
        """After a noun naming a body, a run of three or more capitalized words with no
        patronymic or East Asian name in it is the body's own name, then the person's
        first name and surname (капитан клуба Тоттенхэм Хотспур Ледли Кинг): the person is
        the last two words."""
        if a < 1 or not toks[a - 1].lemmas & self.positions.org_heads or toks[a - 1].is_title:
            return a, b
        end = a
        while end < len(toks) and self._name_word(toks[end]) and not self._initial(toks, end):
            end += 1
        if end - a < 3 or b > end or any(
                self.names.is_patronymic(toks[k].lower) or self._east_asian(toks[k].lower)
                for k in range(a, end)):
            return a, b
        return end - 2, end

    def _family_pair(self, doc: Document, toks: Sequence[Token], a: int,
                     b: int) -> list[tuple[int, int, PersonName]]:
        """Two first names sharing a surname in the plural (братьям Петру и Ивану
        Лосевым, супруги Анна и Олег Котовы): two people, each with the surname in the
        singular of their own gender; empty when the mention is no such pair."""
        if b - a != 2 or a < 2 or toks[a - 1].lower != "и" or \
                not (self._capitalized(toks[a - 2]) and self.names.is_first_name(toks[a - 2].lower)):
            return []
        second = self._read(doc, toks, a, a + 1)
        first = self._read(doc, toks, a - 2, a - 1)
        if second is None or first is None or not (second.first and first.first):
            return []
        plural = [p for p in toks[b - 1].parses if "Surn" in p.tag.grammemes and
                  p.tag.number == "plur" and p.tag.case in second.cases]
        if not plural:
            return []
        out = []
        for (x, y), name in (((a - 2, a - 1), first), ((a, b), second)):
            gender = {"m": "masc", "f": "femn"}.get(name.gender or "m", "masc")
            form = plural[0].inflect({gender, "sing", "nomn"})
            if form is None:
                return []
            last = written_like(form.word, toks[b - 1].text)
            out.append((x, y, replace(name, last=last, last_forms=(last,), certain=True,
                                      written_last=toks[b - 1].text)))
        return out

    def _named_by_title(self, toks: Sequence[Token],
                        spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Known first names after the title of a hierarch, a monastic or a monarch and
        its adjectives (models/single_name_titles.txt): alone, a person named so
        (епископ Костромской и Галичский Ферапонт, патриарха Московского и всея Руси
        Кирилла); with a capitalized adjective after it, the two are the name
        (архиепископ Лонгин Клинский)."""
        covered = {i for a, b in spans if b > a + 1 for i in range(a, b)}
        out = []
        for i, tok in enumerate(toks):
            if i == 0 or i in covered or not self._capitalized(tok) or \
                    not self.names.is_first_name(tok.lower):
                continue
            end = i + 1
            if end < len(toks) and self._capitalized(toks[end]):
                if not any(p.tag.POS == "ADJF" for p in toks[end].parses[:1]):
                    continue
                end += 1  # Лонгин Клинский
            for j in range(i - 1, max(-1, i - 6), -1):
                if toks[j].lemmas & self.single_name_titles:
                    out.append((i, end))
                    break
                if not (toks[j].is_title or toks[j].lower in ("и", "всея")):
                    break
        return out

    def _named_with_apposition(self, doc: Document, offset: int, toks: Sequence[Token],
                               spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """A name mention that is a known first name alone, with a title in apposition
        after its comma, names a person who gives no surname (Марк, рабочий из цеха
        сборки, рассказал)."""
        out = []
        for a, b in spans:
            if b != a + 1 or b + 1 >= len(toks) or toks[b].text != "," or \
                    not self.names.is_first_name(toks[a].lower):
                continue
            title = self.positions.after(doc, offset + b, frozenset(), frozenset())
            name = self._read(doc, toks, a, b)
            if title is not None and title.source == "apposition" and name is not None and \
                    title.head_cases & name.cases:
                out.append((a, b))
        return out

    def _skip_leading_word(self, toks: Sequence[Token], a: int, b: int) -> int:
        """Where a NER span's name begins: past a leading word pymorphy3 reads as no name
        part before a first name (Глава Минцифры Максут Шадаев), unless the span ends in a
        patronymic or starts with an East Asian surname (surname-first names: Орёл Иван
        Петрович, Хван Чжан Еп)."""
        first = toks[a]
        if b - a < 3 or not first.parses or self._east_asian(first.lower) or \
                any(_NAME_TAGS & p.tag.grammemes for p in first.parses) or \
                not self.names.is_first_name(toks[a + 1].lower) or \
                self.names.is_patronymic(toks[b - 1].lower):
            return a
        return a + 1

    def _morph_spans(self, toks: Sequence[Token]) -> list[tuple[int, int]]:
        """``Имя [Отчество] Фамилия`` led by a known first name, and initials + surname."""
        spans = []
        for i, tok in enumerate(toks):
            if self._initial(toks, i) and (i == 0 or toks[i - 1].text != "."):
                j = i
                while j < len(toks) and self._initial(toks, j):
                    j += 2
                if j < len(toks) and self._surname_beside(toks[j], tok):
                    spans.append((i, j + 1))
                elif i > 0 and self._surname_beside(toks[i - 1], tok):
                    spans.append((i - 1, j))
            elif (self._capitalized(tok) and self.names.is_first_name(tok.lower)
                  and i + 1 < len(toks) and self._capitalized(toks[i + 1])):
                nxt = toks[i + 1].lower
                if (self.names.is_patronymic(nxt) or self.names.is_surname(nxt)
                        or not any(p.is_known for p in toks[i + 1].parses)):
                    j = i + 2
                    if j < len(toks) and self._capitalized(toks[j]) and \
                            self.names.is_patronymic(nxt):
                        j += 1
                    # a surname after the given names: Абдель Фаттах ас-Сиси
                    while j < len(toks) and (_prefixed(toks[j]) or (self._joined(
                            toks, j, len(toks)) and self._capitalized(toks[j + 1]))):
                        j += 1 if _prefixed(toks[j]) else 2
                    # the third syllable of an East Asian name (Мун Чжэ Ином)
                    if self._east_asian(tok.lower) and j == i + 2 and j < len(toks) and \
                            self._capitalized(toks[j]):
                        j += 1
                    # an East Asian surname before them: Хван Чжан Еп
                    east = i > 0 and self._east_asian(toks[i - 1].lower) and \
                        self._capitalized(toks[i - 1])
                    spans.append((i - 1 if east else i, j))
        return spans

    def _joined(self, toks: Sequence[Token], k: int, b: int) -> bool:
        """Token ``k`` joins the name word after it into one surname: a particle (фон дер
        Ляйен, бин Салман) or the apostrophe of ``О'Рейли``."""
        if not (k + 1 < b and (self._capitalized(toks[k + 1]) or _prefixed(toks[k + 1])
                               or toks[k + 1].lower in _PARTICLES)):
            return False
        return toks[k].lower in _PARTICLES or (
            toks[k].text in _APOSTROPHES and k > 0 and len(toks[k - 1].text) == 1
            and toks[k - 1].is_title)

    def _trim(self, toks: Sequence[Token], a: int, b: int) -> tuple[int, int]:
        while a < b and not (self._name_word(toks[a]) or self._initial(toks, a)
                             or self._joined(toks, a, b)):
            a += 1
        while b > a and not (self._capitalized(toks[b - 1]) or _prefixed(toks[b - 1])) \
                and toks[b - 1].text != ".":
            b -= 1
        while b > a and toks[b - 1].text == "." and not self._initial(toks, b - 2):
            b -= 1
        for k in range(a, b):  # a name is capitalized words, initials and particles only
            if not (self._capitalized(toks[k]) or self._initial(toks, k) or _prefixed(toks[k])
                    or self._joined(toks, k, b) or
                    (toks[k].text == "." and k > a and self._initial(toks, k - 1))):
                return a, k
        return a, b

    def _extend(self, toks: Sequence[Token], a: int, b: int) -> tuple[int, int]:
        """Take in initials the NER left out (``Н.Ф. Филатов``, ``Филатов Н.Ф.``)."""
        if a >= b:
            return a, b
        while a >= 2 and toks[a - 1].text == "." and self._initial(toks, a - 2):
            a -= 2
        while b + 1 < len(toks) and self._initial(toks, b):
            b += 2
        return a, b

    def _blocked(self, toks: Sequence[Token], a: int) -> bool:
        """A name after a blocker: ``улица``, ``им.``, a byline label (``Фото:``), or
        coordinated with such a name (улицы Ленина и Карла Маркса)."""
        if a >= 2 and toks[a - 1].lower in ("и", ","):
            c = a - 1
            while c > 0 and (self._capitalized(toks[c - 1]) or toks[c - 1].text == "."):
                c -= 1
            if c < a - 1 and self._blocked(toks, c):
                return True
        k = a - 1
        if k >= 1 and toks[k].text == ":":
            return toks[k - 1].lower + ":" in self.blockers
        if k >= 0 and toks[k].text == ".":
            k -= 1
        return k >= 0 and (toks[k].lower in self.blockers or bool(toks[k].lemmas & self.blockers))

    def _in_context(self, doc: Document, first: int, last: int,
                    name: PersonName) -> PersonName:
        """A surname whose case the name does not tell takes it from the title in
        apposition, before it or after a comma or dash (президента США Джо Байдена:
        genitive, so Байден; посол Мэтью Брайза: nominative, so Брайза). A name read only from the ending of a first name pymorphy3
        does not know yields to a title in another case (Чиамака Обиора – руководитель
        проекта: nominative, not the genitive of Чиамак Обиор)."""
        none: frozenset[str] = frozenset()
        toks = doc.tokens
        if not name.certain and first > 0 and last < len(toks) and \
                self.positions.is_head(toks[first - 1]) and self._capitalized(toks[last]) and \
                self.names.is_first_name(toks[last].lower):
            # between a title and another name: the title's dependent (пресс-секретарь
            # Кравцова Олег Лунин), in the genitive
            return self.names.in_cases(name, frozenset(("gent",)))
        read = frozenset((name.case,)) if name.case else none
        if name.certain and self.positions.before(doc, first, read, none) is not None:
            return name  # a title before it agrees with the reading
        title = self.positions.before(doc, first, none, none) or \
            self.positions.after(doc, last, none, none)
        if title is None or not title.head_cases or (name.certain and read & title.head_cases):
            return name
        return self.names.in_cases(name, title.head_cases)

    def _read(self, doc: Document, toks: Sequence[Token], a: int,
              b: int) -> Optional[PersonName]:
        texts: list[str] = []
        glue = ""  # particles and apostrophes waiting for the word they belong to
        for k in range(a, b):
            text = toks[k].text
            if text == ".":
                continue
            if self._joined(toks, k, b):  # an apostrophe as the article writes it
                glue += doc.text[toks[k].start:toks[k].end] if text in _APOSTROPHES \
                    else text + " "
                if text in _APOSTROPHES and texts:  # О'Рейли: the letter before it too
                    glue = texts.pop() + glue
                continue
            texts.append(glue + text)
            glue = ""
        if not texts or len(texts) > _MAX_NAME_WORDS + 2:
            return None
        roles = self.names.roles(texts)
        name = self.names.read([NameWord(t, r) for t, r in zip(texts, roles)])
        return self._surname_first(texts, roles, name)

    def _surname_first(self, texts: Sequence[str], roles: Sequence[str],
                       name: PersonName) -> PersonName:
        """An East Asian name read as a Russian one (Си Цзиньпином: first name Си) is
        turned round: the first word is the surname, the rest (its last word declined
        like a surname: Цзиньпином -> Цзиньпин) the given name."""
        if len(texts) < 2 or roles[0] != "first" or roles[-1] != "last" or \
                not self._east_asian(texts[0].lower()) or not name.last or \
                any(_russian_surname(t) for t in texts[1:]):
            return name
        last = written_like(next(f for f in _east_asian_forms(texts[0].lower())
                                 if f in self.east_asian), texts[0])
        tail = name.last
        if tail.lower() == texts[-1].lower():
            # read as a nominative only because the first word tells no case: the last
            # syllable declines like a surname (Мун Чжэ Ином: Ин)
            tail = written_like(self.names.surname_forms(texts[-1].lower())[0], texts[-1])
        given = " ".join([*texts[1:-1], tail])
        return replace(name, first=given, middle=None, last=last, last_forms=(last,),
                       certain=True, written_last=texts[0], written_first=None,
                       surname_first=True)

    def _east_asian(self, word: str) -> bool:
        """An East Asian surname, in any case (Ким, Кима, Кимом), but no word read
        first as a Russian first name in the nominative (Яна, Дина)."""
        if word in self.east_asian:
            return True
        if not any(f in self.east_asian for f in _east_asian_forms(word)[1:]):
            return False
        parses = morph.parse(word)
        return not (parses and "Name" in parses[0].tag.grammemes
                    and parses[0].tag.case == "nomn")

    # -- the step --------------------------------------------------------------------------------
    def __call__(self, doc: Document, regions: Sequence[Region] = ()) -> list[Official]:
        sentences = doc.body_sentences()  # made when read: a long article has many
        found: list[tuple[int, int, PersonName]] = []  # doc token ranges
        named_alone: set[int] = set()  # first names that name a person (патриарх Кирилл)
        for window in _windows(sentences):
            found += self._window_names(doc, window, named_alone)
        people = self._group(doc, found, sentences, named_alone)
        # a position phrase never runs across anyone's name
        blocked = frozenset(i for p in people for a, b, _ in p.spans for i in range(a, b))
        positions = {p.key: self._position(doc, p, blocked) for p in people}
        self._refer(doc, people, positions, sentences, blocked)
        return [self._official(doc, p, regions, positions[p.key]) for p in people]

    def _region_of(self, doc: Document, position: Position,
                   regions: Sequence[Region]) -> Optional[str]:
        """The region a position names: a region mentioned inside it (министр культуры
        Республики Саха), an adjective of a region's name (курский депутат), else, for a
        title of a region's own (губернатор, вице-губернатор) or a title of a body of
        ``область``/``край``/``регион`` with no name, the article's primary region
        (губернатор области)."""
        spans = [(doc.tokens[a].start, doc.tokens[b - 1].end) for a, b in position.ranges]
        for region in regions:
            for m in region.mentions:
                if any(start <= m.start and m.end <= end for start, end in spans):
                    return region.code
        words = [doc.tokens[k] for a, b in position.ranges for k in range(a, b)]
        for tok in words:
            code = next((self.region_adjectives[w] for w in tok.lemmas
                         if w in self.region_adjectives), None)
            if code is not None and tok.lower[:1].isalpha():
                return code
        primary = next((r.code for r in regions if r.primary), None)
        if primary is None:
            return None
        for k, tok in enumerate(words):
            roles = {self.regional.get(w) for w in tok.lemmas}
            named = k + 1 < len(words) and words[k + 1].is_title  # Республики Беларусь
            if "title" in roles or ("territory" in roles and not named):
                return primary
        return None

    # -- positions across sentences --------------------------------------------------------
    def _refer(self, doc: Document, people: Sequence[_Person],
               positions: dict[str, Optional[Position]], sentences: Sequence[Sentence],
               blocked: frozenset[int]) -> None:
        """Positions of people their own mentions give none: a pronoun's predicate (``он
        был главой района``), a definite description (``Председатель думы напомнил``),
        the post of the person one succeeds (``Его преемником стал Олег Ильин``). Each
        refers to the nearest person of its gender mentioned in the two sentences before
        (a description in the headline, to the first one after it)."""
        mentions = sorted((a, p) for p in people for a, _, _ in p.spans)
        taken = set(blocked)
        for position in positions.values():
            if position is not None:
                taken.update(i for a, b in position.ranges for i in range(a, b))
        for person in people:
            if positions[person.key] is not None:
                continue
            for a, _, cases in person.spans:
                at = self.positions.successor(doc, a, blocked) if not cases or "nomn" in cases \
                    else None
                if at is None:
                    continue
                if at in blocked:  # на место министра Ивана Котова назначена
                    before = next((p for k, p in mentions if k <= at and
                                   any(x <= at < y for x, y, _ in p.spans)), None)
                else:  # его преемником стал
                    before = self._antecedent(doc, mentions, at,
                                              _POSSESSIVE_GENDER.get(doc.tokens[at].lower))
                if before is not None and before is not person and positions[before.key]:
                    positions[person.key] = positions[before.key]
                    taken.update(i for x, y in positions[person.key].ranges for i in range(x, y))
                    break
        # a reference stands at most two sentences after the person's mention (the
        # headline's, before it): only those sentences are read, for people with no
        # position or only a role (a pronoun's predicate is the person's own clause: the
        # post it gives beats a role, as one beside the name would: ``Иван Петров стал
        # кандидатом. Он является депутатом``)
        def open_to(person: _Person) -> bool:
            return positions[person.key] is None or positions[person.key].kind == "role"

        wanted = {0} if sentences else set()
        index = {s.first: n for n, s in enumerate(sentences)}
        for person in people:
            if open_to(person):
                for a, _, _ in person.spans:
                    n = index.get(doc.sentences[doc.tokens[a].sent].first)
                    if n is not None:
                        wanted.update((n, n + 1, n + 2))
        if not any(open_to(p) for p in people):
            return
        for n, sentence in enumerate(sentences):
            if n not in wanted:
                continue
            for ref in self.positions.references(doc, sentence, taken, blocked):
                person = self._antecedent(doc, mentions, ref.at, ref.gender,
                                          headline=n == 0 and not ref.pronoun)
                if person is None:
                    continue
                held = positions[person.key]
                if held is None or (ref.pronoun and held.kind == "role"
                                    and ref.position.rank() > held.rank()):
                    positions[person.key] = ref.position

    @staticmethod
    def _antecedent(doc: Document, mentions: Sequence[tuple[int, _Person]], at: int,
                    gender: Optional[str], headline: bool = False) -> Optional[_Person]:
        """The person a reference at token ``at`` stands for: the nearest mentioned in
        the two sentences before whose gender agrees; for a headline, the first one
        mentioned after it."""
        def sentence(k: int) -> int:
            return doc.tokens[k].sent

        def fits(p: _Person) -> bool:
            return gender is None or p.name.gender is None or p.name.gender == gender

        here = sentence(at)
        for k, person in reversed(mentions):
            if k >= at or sentence(k) == here and not _pronoun(doc, at):
                continue
            if sentence(k) < here - 2:
                break
            if fits(person):
                return person
        if headline:
            return next((p for k, p in mentions
                         if here < sentence(k) <= here + 2 and fits(p)), None)
        return None

    def _window_names(self, doc: Document, window: Sequence[Sentence],
                      named_alone: set[int]) -> list[tuple[int, int, PersonName]]:
        """Name mentions (doc token ranges) in some consecutive sentences; the first names
        that name a person alone are added to ``named_alone``."""
        toks = [doc.sentence_tokens(s) for s in window]
        morph_spans = [self._morph_spans(t) for t in toks]
        tags = self._tag_around(toks, [self._ner_triggers(t, morph_spans[k])
                                       for k, t in enumerate(toks)])
        found: list[tuple[int, int, PersonName]] = []
        for k, s in enumerate(window):
            spans = self._sentence_spans(toks[k], tags.get(k), morph_spans[k])
            named = self._named_by_title(toks[k], spans) + \
                self._named_with_apposition(doc, s.first, toks[k], spans)
            alone = [a for a, b in named if b == a + 1]
            spans = sorted({(a, b) for a, b in spans if not (b == a + 1 and a in alone)} |
                           {(a, b) for a, b in named if b > a + 1})
            for a in alone:
                name = self._read(doc, toks[k], a, a + 1)
                if name is not None and name.first:
                    found.append((s.first + a, s.first + a + 1, name))
                    named_alone.add(s.first + a)
            for a, b in spans:
                pair = self._family_pair(doc, toks[k], a, b)
                if pair:  # братьям Петру и Ивану Лосевым: two people
                    found += [(s.first + x, s.first + y, name) for x, y, name in pair]
                    continue
                if _quoted(doc, toks[k], a, b) or (
                        b - a == 1 and a > 0 and toks[k][a - 1].lemmas & self.families):
                    continue  # фильм «Иван Васильевич»; семья Петровых
                name = self._read(doc, toks[k], a, b)
                if name is not None and name.last and (
                        not name.certain or name.written_first):
                    name = self._in_context(doc, s.first + a, s.first + b, name)
                if name is not None:
                    found.append((s.first + a, s.first + b, name))
        return found

    def _group(self, doc: Document, found: list[tuple[int, int, PersonName]],
               sentences: Sequence[Sentence], named_alone: AbstractSet[int]) -> list[_Person]:
        people: dict[str, _Person] = {}
        order: list[str] = []

        def add(name: PersonName, span: tuple[int, int]) -> None:
            # the person any reading of the surname names (Андрея Сарана: Сарана, not Саран)
            key = next((_key(f) for f in name.last_forms if _key(f) in people),
                       _key(name.last or ""))
            person = people.get(key)
            if person is not None and _different_people(person.name, name):
                key = f"{key}#{_key(name.first or ''.join(name.initials))}"  # Хантер Байден
                person = people.get(key)
            if person is None:
                people[key] = _Person(key, name, [(*span, name.cases)])
                order.append(key)
                return
            person.spans.append((*span, name.cases))
            # the person keeps its surname; a spelling with ё keeps what the plain one loses
            last = next((f for f in name.last_forms if _key(f) == key and "ё" in f.lower()),
                        person.name.last)
            if not name.certain:  # an unknown first name read as the surname is
                name = self.names.with_last(name, last)
            person.name = replace(_fuller(person.name, name), last=last)

        # 1. a surname whose case a first name or patronymic tells: its nominative is known
        for a, b, name in found:
            if name.last and name.certain:
                add(name, (a, b))
        # 2. other surnames (alone, with initials, beside an indeclinable first name) have
        #    candidate nominatives: the person one of them names, else a new person with
        #    the candidate all mentions share (Джо Байдена ... Байден: Байден)
        pending: list[tuple[list[str], list[tuple[int, int, PersonName]]]] = []
        for a, b, name in found:
            if not name.last or name.certain:
                continue
            if any(_key(f) in people for f in name.last_forms):
                add(name, (a, b))
                continue
            forms = [_key(f) for f in name.last_forms]
            cluster = next((c for c in pending if set(c[0]) & set(forms)), None)
            if cluster is None:
                pending.append((forms, [(a, b, name)]))
            else:
                cluster[0][:] = [f for f in cluster[0] if f in forms]
                cluster[1].append((a, b, name))
        for forms, members in pending:
            named = any(n.first or n.initials for _, _, n in members)
            if not (named or any(_likely_surname(doc.tokens[b - 1]) for _, b, _ in members)):
                continue
            for a, b, name in members:
                written = next(f for f in name.last_forms if _key(f) == forms[0])
                add(replace(self.names.with_last(name, written), last_forms=(written,)),
                    (a, b))
            if forms[0] in people:
                people[forms[0]].alternatives = tuple(forms)
        # 3. a first name (and patronymic) alone: the one person with that first name;
        #    a first name with a masculine "patronymic" nobody has is a surname in -ич
        #    (Александр Исаевич)
        for a, b, name in found:
            if name.last or not name.first:
                continue
            same = [p for p in people.values() if p.name.first == name.first and
                    (name.middle is None or p.name.middle in (None, name.middle))]
            by_initials = not same  # the person its initials name (Д. Н. Краснов)
            if by_initials:
                same = [p for p in people.values() if not p.name.first and
                        _initials_of(name) == p.name.initials[:len(_initials_of(name))]]
            if len(same) == 1:
                same[0].spans.append((a, b, name.cases))
                if by_initials:  # Дмитрий Николаевич: the name in full
                    same[0].name = replace(same[0].name, first=name.first, middle=name.middle)
            elif not same and a in named_alone:  # the given name stands for the surname
                add(replace(name, first=None, last=name.first, last_forms=(name.first,),
                            certain=True), (a, b))
            elif name.middle and not same and name.middle.endswith("ич"):
                add(replace(name, middle=None, last=name.middle, last_forms=(name.middle,),
                            certain=True), (a, b))
        self._add_bare_surnames(doc, people, sentences)
        return [people[k] for k in order]

    def _add_bare_surnames(self, doc: Document, people: dict[str, _Person],
                           sentences: Sequence[Sentence]) -> None:
        """Surnames of known people the NER left untagged elsewhere in the body."""
        if not people:
            return
        prefixes = {k[:3] for p in people.values() for k in (p.key, *p.alternatives)}
        taken = {i for p in people.values() for a, b, _ in p.spans for i in range(a, b)}
        # the people each candidate surname may name, in order (alternatives only narrow)
        rank = {id(p): n for n, p in enumerate(people.values())}
        by_alternative: dict[str, list[_Person]] = {}
        for p in people.values():
            for f in p.alternatives:
                by_alternative.setdefault(f, []).append(p)
        for s in sentences:
            for i, tok in enumerate(doc.sentence_tokens(s), start=s.first):
                if i in taken or len(tok.text) < 3 or \
                        tok.lower[:3].replace("ё", "е") not in prefixes or \
                        not self._capitalized(tok):
                    continue
                forms = [_key(f) for f in self.names.surname_forms(tok.lower)]
                person = next((people[f] for f in forms if f in people), None)
                if person is None:  # narrows down a surname read without its case
                    person = min((p for f in forms for p in by_alternative.get(f, ())
                                  if set(p.alternatives) & set(forms)),
                                 key=lambda p: rank[id(p)], default=None)
                    if person is not None:
                        person.alternatives = tuple(f for f in person.alternatives
                                                    if f in forms)
                        person.name = replace(person.name, last=written_like(
                            person.alternatives[0], tok.text))
                if person is not None and person.name.last:
                    person.spans.append((i, i + 1, frozenset()))

    def _position(self, doc: Document, person: _Person,
                  blocked: frozenset[int]) -> Optional[Position]:
        """The person's position: of the titles beside its mentions and the posts their
        clauses give, the best by ``Position.rank``."""
        person.spans.sort()
        found: list[Optional[Position]] = []
        for a, b, cases in person.spans:
            # a name right before another, in the genitive, depends on the title before
            # it (пресс-секретарь Кравцова Олег Лунин): the title is the other name's
            governed = b in blocked and (not cases or "gent" in cases)
            before = None if governed else self.positions.before(doc, a, cases, blocked)
            if before is not None and b + 1 < len(doc.tokens) and doc.tokens[b].lower == "и" \
                    and b + 1 in blocked:
                # the first of two names after two titles: its own (мэр и сити-менеджер
                # Братска Пётр Лунин и Сергей Орлов)
                before = self.positions.respective(doc, before, 0) or before
            after = self.positions.after(doc, b, cases, blocked) or \
                self.positions.signed(doc, a, b, blocked)
            if before is not None and after is not None and after.source == "apposition" \
                    and before.former == after.former:
                # titles on both sides of one mention are both the person's (Индивидуальный
                # предприниматель Олег Смирнов, владелец пекарни)
                before = replace(before, text=f"{before.text}, {after.text}", last=after.last,
                                 end=after.end,
                                 organization=before.organization or after.organization,
                                 pieces=before.ranges + after.ranges)
                after = None
            found += (before, after)
            if not cases or "nomn" in cases:
                found += (self.positions.predicate(doc, b, blocked, after),
                          self.positions.predicate_before(doc, a, blocked, before))
            if not cases or "accs" in cases:
                found.append(self.positions.object_complement(doc, a, b, blocked))
            if before is None:
                found.append(self.positions.headed_before(doc, a, cases, blocked))
        return max((p for p in found if p is not None), key=Position.rank, default=None)

    def _official(self, doc: Document, person: _Person, regions: Sequence[Region],
                  best: Optional[Position]) -> Official:
        name = person.name
        mentions = tuple(doc.span_mention(doc.tokens[a:b]) for a, b, _ in person.spans)
        return Official(
            name=_full_name(name), last_name=name.last, first_name=name.first,
            middle_name=name.middle, position=best.text if best else None,
            organization=best.organization if best else None,
            region=self._region_of(doc, best, regions) if best else None,
            mentions=_unique(mentions),
            position_mentions=_position_mentions(doc, best) if best else ())


_POSSESSIVE_GENDER = {"его": "m", "её": "f", "ее": "f"}


def _pronoun(doc: Document, k: int) -> bool:
    return doc.tokens[k].lower in ("он", "она", "его", "её", "ее")


def _windows(sentences: Sequence[Sentence]) -> Iterator[list[Sentence]]:
    """Consecutive sentences in windows of about _WINDOW_TOKENS tokens."""
    window: list[Sentence] = []
    size = 0
    for s in sentences:
        window.append(s)
        size += s.last - s.first
        if size >= _WINDOW_TOKENS:
            yield window
            window, size = [], 0
    if window:
        yield window


def _batches(order: Sequence[int], sentences: Sequence[Sequence[str]]) -> list[list[int]]:
    """Sentence indices (sorted by length) in NER batches of at most _NER_BATCH sentences
    and _NER_BATCH_TOKENS tokens, padding included."""
    batches: list[list[int]] = []
    for k in order:
        if batches and len(batches[-1]) < _NER_BATCH and \
                (len(batches[-1]) + 1) * len(sentences[k]) <= _NER_BATCH_TOKENS:
            batches[-1].append(k)
        else:
            batches.append([k])
    return batches


def _latin_pair(toks: Sequence[Token], i: int) -> bool:
    """A capitalized Latin word beside another."""
    return any(0 <= j < len(toks) and toks[j].is_title and toks[j].text.isascii()
               for j in (i - 1, i + 1))


def _prefixed(tok: Token) -> bool:
    """A surname with a lower-case particle prefix: ``ас-Сиси``, ``аль-Хадж``."""
    prefix, _, rest = tok.text.partition("-")
    return prefix in _PARTICLES and rest[:1].isupper()


def _russian_surname(word: str) -> bool:
    """A surname or patronymic from pymorphy3's dictionary (its guesses for unknown
    words, Цзиньпин, do not count; first names do, as syllables of given names: Ир), or
    a word with a Russian surname's suffix no East Asian syllable has (Шкуратова)."""
    return bool(_RUSSIAN_SURNAME.search(word.lower())) or any(
        p.is_known and {"Surn", "Patr"} & p.tag.grammemes for p in morph.parse(word.lower()))


def _east_asian_forms(word: str) -> tuple[str, ...]:
    """The word and the nominatives it may be a case form of when it declines like a
    consonant-final noun (Кима, Киму, Кимом: Ким)."""
    forms = [word]
    if word.endswith(("ом", "ем")):
        forms.append(word[:-2])
    if word.endswith(("а", "у", "е")):
        forms.append(word[:-1])
    return tuple(forms)


def _cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _quoted(doc: Document, toks: Sequence[Token], a: int, b: int) -> bool:
    """A name that is the whole of a quoted title (фильм «Иван Васильевич»): an opening
    quotation mark right before it, a closing one right after."""
    if not (0 < a and b < len(toks)):
        return False
    before = doc.text[toks[a - 1].start:toks[a - 1].end]
    after = doc.text[toks[b].start:toks[b].end]
    return before in _OPENING_QUOTES and after in _CLOSING_QUOTES


def _different_people(a: PersonName, b: PersonName) -> bool:
    """Same surname, other first name or initial: father and son, namesakes."""
    def initial(n: PersonName) -> str:
        return _key(n.first[:1]) if n.first else (_key(n.initials[0]) if n.initials else "")
    if a.first and b.first:
        return _key(a.first) != _key(b.first)
    return bool(initial(a) and initial(b)) and initial(a) != initial(b)


def _initials_of(name: PersonName) -> tuple[str, ...]:
    return tuple(part[0].upper() for part in (name.first, name.middle) if part)


def _likely_surname(tok: Token) -> bool:
    """A word met alone is taken for a new person's surname only when pymorphy3's
    likeliest reading of it is a surname (Путина, not Сами or Колмара)."""
    parses = tok.parses
    return bool(parses) and "Surn" in parses[0].tag.grammemes


def _key(last: str) -> str:
    return last.lower().replace("ё", "е")


def _fuller(a: PersonName, b: PersonName) -> PersonName:
    """The name with more parts; the other fills what it lacks."""
    if (b.first is not None) + (b.middle is not None) > (a.first is not None) + (a.middle is not None):
        a, b = b, a
    return replace(a, first=a.first or b.first, middle=a.middle or b.middle,
                   last=a.last or b.last, initials=a.initials or b.initials,
                   gender=a.gender or b.gender)


def _full_name(name: PersonName) -> str:
    if name.surname_first and name.first:
        return f"{name.last} {name.first}"
    if name.first:
        return " ".join(p for p in (name.first, name.middle, name.last) if p)
    if name.initials:
        return "".join(f"{i}." for i in name.initials) + " " + (name.last or "")
    return name.last or ""




def _position_mentions(doc: Document, position: Position) -> tuple[Mention, ...]:
    """The spans the position was read from, adjacent ones merged."""
    merged: list[list[int]] = []
    for a, b in sorted(position.ranges):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple(doc.span_mention(doc.tokens[a:b]) for a, b in merged)


def _unique(mentions: Sequence[Mention]) -> tuple[Mention, ...]:
    return tuple(dict.fromkeys(mentions))
