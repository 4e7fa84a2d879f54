"""Regions: federal subjects named in the article, as ISO 3166-2 codes.

The gazetteer (models/regions.tsv, built by models/build_regions.py) stores every name,
abbreviation and demonym as a sequence of pymorphy3 lemmas, so one entry matches every case
and number ("Вологодская область", "Вологодской областью", "вологжан"). One pass over each
sentence walks a trie keyed by lemma, longest match first. A second look joins coordinated
and elliptical lists ("Смоленская и Калужская области", "Новгородская (470), Ростовская (437)
и Новосибирская (349) области", "в областях: Вологодской и Архангельской"): each
adjective takes the head noun standing once after (or, after a colon, before) the list, or,
with no noun after it, the head of an earlier name ("в Белгородской области, а также в
Курской").

Capital cities ("Калининград"), other towns (models/towns.tsv: "Череповец") and adjectives
("липецкие власти") are not regions (the gold lists them as optional); they only count as
evidence when choosing the primary region (see ``_primary``), unless the subject's generic
noun follows ("в Омске и области"); an article about a town takes its subject as primary.
A common noun names a federal city where it stands alone ("в столице": Moscow; not
"столица Татарстана").

Other steps can ask which regions a phrase names: ``RegionExtractor().find(doc, tokens)``
("Глава Чувашии" -> RU-CU).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from . import morph
from .digest import Mention, Region
from .document import Document, Token
from .resources import read_lines, read_tsv

# Kinds of gazetteer entries that name the subject, and those that only hint at it.
NAME_KINDS = frozenset({"name", "abbr", "demonym", "prefix", "coord", "centre", "common"})
EVIDENCE_KINDS = frozenset({"city", "adjective", "town"})
PLACE_KINDS = frozenset({"city", "town"})  # a town names where the article happens
_END = ""  # trie key holding the entries of a complete key (no lemma is empty)
_DASHES = frozenset({"-", "–", "—"})
_CLOSING_QUOTES = frozenset({"»", '"', "”", "“"})
_OPENING_QUOTES = frozenset({"«", '"', "„", "“"})
_LIST_JOINERS = frozenset({",", "и", "или", "а", "также", "в", "во", "на",
                           "другие", "других", "другим", "другими"})
_SURNAME_TAGS = ("Surn", "Name")
_REPEATED_PREPOSITIONS = frozenset({"в", "во", "на", "по"})
# A title naming the country is a federal article's: its regions are examples unless the
# title or the lead names them.
_COUNTRY_LEMMAS = frozenset({"россия", "рф", "страна"})
_COUNTRY_ADJECTIVES = frozenset({"российский"})
_QUOTE_REACH = 5  # words a quoted name may hold on either side of a region's name
# Parts of speech that may stand right before an elliptical list member ("в Белгородской
# области, а также в Курской"; "и соседней Курской"), unlike a noun ("улице Тверской").
_ELLIPSIS_BEFORE = frozenset({"PREP", "CONJ", "PRCL", "ADVB", "ADJF", "PRTF"})

# Primary region: title = first body sentence of three words or more, lead = the next one.
_TITLE_BONUS = 2
_LEAD_BONUS = 1
_AUTHORITY_BONUS = 1  # "губернатор Приморья": the mention weighs double
# Words an authority may stand before the region: "министр здравоохранения Кировской области".
_AUTHORITY_REACH = 4
_CLAUSE_POS = frozenset({"VERB", "INFN", "PRTS", "GRND", "CONJ"})
_MIN_PRIMARY_SCORE = 3
_MIN_SOLE_SCORE = 2  # the only subject named: one mention by its authority is enough
_DOMINANCE = 1.5  # the primary's score must be at least this times the runner-up's
_FRONT_DOMINANCE = 2  # in the title and lead of a story of several subjects, twice any other


@dataclass(frozen=True)
class RegionHit:
    """One match: tokens ``first:last`` (indices into the scanned token list)."""

    code: str
    kind: str
    first: int
    last: int


class RegionExtractor:
    """Loads the gazetteer once; ``(doc) -> list[Region]``. Thread-safe: no state changes
    after ``__init__``."""

    def __init__(self) -> None:
        self._root: dict = {}
        self._names: dict[str, str] = {}
        self._coord: dict[str, dict[tuple[str, ...], str]] = {}  # adj lemma -> head -> code
        self._prefixes: list[tuple[str, str]] = []
        self._heads: dict[str, set[str]] = {}  # code -> generic noun lemmas ("область")
        self._authorities = frozenset(read_lines("region_authorities.txt"))
        short: set[str] = set()
        town_firsts: set[str] = set()  # first lemmas of town names only: capitalized words
        other_firsts: set[str] = set()
        for kind, code, key, _source in read_tsv("regions.tsv"):
            if kind == "canonical":
                self._names[code] = key
            elif kind == "coord":
                adj, head = (part.strip() for part in key.split("|"))
                self._coord.setdefault(adj, {})[tuple(head.split())] = code
            elif kind == "prefix":
                self._prefixes.append((key, code))
            elif kind == "head":
                self._heads.setdefault(code, set()).add(key)
            else:
                if kind != "abbr":
                    short.add(key.split(" ")[0])
                (town_firsts if kind == "town" else other_firsts).add(key.split(" ")[0])
                node = self._root
                for part in key.split(" "):
                    node = node.setdefault(part, {})
                node.setdefault(_END, []).append((code, kind))
        # Cheap pre-filter: a token can start a match only if its first letters (ё as е)
        # start some first lemma of a key; other tokens are never lemmatized here.
        starts = list(other_firsts) + list(self._coord) + [p for p, _ in self._prefixes]
        self._starts = frozenset(_stem3(s) for s in starts)
        self._town_starts = frozenset(_stem3(s) for s in town_firsts) - self._starts
        # A word of three letters changes its third one in other cases (Уфа -> Уфе);
        # abbreviations do not decline.
        self._short_starts = frozenset(first[:2] for first in short if len(first) <= 3)

    # -- public API ------------------------------------------------------------------------
    def __call__(self, doc: Document) -> list[Region]:
        hits: list[RegionHit] = []
        title_lead: dict[int, int] = {}  # sentence index -> bonus
        bonuses = [_TITLE_BONUS, _LEAD_BONUS]
        for index, sentence in enumerate(doc.sentences):
            if sentence.furniture:
                continue
            # The title is the first body sentence of a few words, not a rubric ("Общество").
            if bonuses and sum(t.is_word for t in doc.sentence_tokens(sentence)) >= 3:
                title_lead[index] = bonuses.pop(0)
            sentence_hits = self.scan(doc.tokens[sentence.first:sentence.last])
            hits.extend(RegionHit(h.code, h.kind, h.first + sentence.first,
                                  h.last + sentence.first) for h in sentence_hits)
        mentions: dict[str, list[Mention]] = {}
        for hit in hits:
            if hit.kind in NAME_KINDS:
                mentions.setdefault(hit.code, []).append(
                    doc.span_mention(doc.tokens[hit.first:hit.last]))
        primary = self._primary(doc, hits, set(mentions), title_lead)
        if primary is not None and primary not in mentions:
            # an article about a town: its subject, named by the town's mentions
            mentions[primary] = [doc.span_mention(doc.tokens[h.first:h.last]) for h in hits
                                 if h.code == primary and h.kind in PLACE_KINDS]
        return [Region(code=code, name=self._names.get(code, code), primary=code == primary,
                       mentions=tuple(found)) for code, found in mentions.items()]

    def find(self, doc: Document, tokens: Sequence[Token], *,
             adjectives: bool = False) -> list[tuple[str, Mention]]:
        """Regions named inside ``tokens`` (consecutive tokens of ``doc``, e.g. a position
        phrase): ``[(code, mention)]`` in text order. "Глава Чувашии" -> RU-CU,
        "губернатор Вологодской области" -> RU-VLG. With ``adjectives=True`` adjectives tied
        to a subject count too ("вологодский губернатор" -> RU-VLG)."""
        tokens = list(tokens)
        wanted = NAME_KINDS | {"adjective"} if adjectives else NAME_KINDS
        return [(h.code, doc.span_mention(tokens[h.first:h.last]))
                for h in self.scan(tokens) if h.kind in wanted]

    def region_code_in(self, doc: Document, tokens: Sequence[Token]) -> Optional[str]:
        """The first region named in ``tokens``, or None."""
        found = self.find(doc, tokens)
        return found[0][0] if found else None

    def scan(self, tokens: Sequence[Token]) -> list[RegionHit]:
        """All hits in one sentence's tokens (names, list members, evidence), in order."""
        keys: list[Optional[frozenset[str]]] = [None] * len(tokens)

        def key(j: int) -> frozenset[str]:
            if keys[j] is None:
                keys[j] = _token_keys(tokens[j])
            return keys[j]

        hits: list[RegionHit] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if not tok.is_word or not self._may_start(tok.lower, tok.is_title):
                i += 1
                continue
            hit = self._longest(tokens, i, key) or self._prefix_hit(tok, i)
            if hit:
                hits.append(hit)
                i = hit.last
                centre = self._centre_hit(tokens, hit, key)
                if centre:
                    hits.append(centre)
                    i = centre.last
            else:
                i += 1
        return self._lists(tokens, hits, key)

    # -- matching --------------------------------------------------------------------------
    def _may_start(self, lower: str, title: bool) -> bool:
        """A town's name starts only with a capital (the first letters of a common word,
        пермь- in пермский aside, would otherwise send every word to the morphology)."""
        stem = _stem3(lower)
        return stem in self._starts or lower[:2] in self._short_starts or title and stem in self._town_starts

    def _longest(self, tokens: Sequence[Token], i: int, key) -> Optional[RegionHit]:
        frontier = [self._root]
        best: Optional[RegionHit] = None
        for j in range(i, len(tokens)):
            frontier = [child for node in frontier for k in key(j)
                        if (child := node.get(k)) is not None]
            if not frontier:
                break
            for node in frontier:
                for code, kind in node.get(_END, ()):
                    if _accepts(kind, tokens, i, j + 1) and (
                            best is None or j + 1 > best.last or
                            (j + 1 == best.last and _rank(kind) < _rank(best.kind))):
                        best = RegionHit(code, kind, i, j + 1)
        return best

    def _centre_hit(self, tokens: Sequence[Token], hit: RegionHit, key) -> Optional[RegionHit]:
        """The subject named by its centre and its generic noun: "в Омске и (в) области",
        "в Москве и области" (Moscow Oblast), "в Красноярске и крае"."""
        noun = hit.last + 1
        if noun < len(tokens) and tokens[noun].lower in _REPEATED_PREPOSITIONS:
            noun += 1  # "в Уфе и в республике"
        if noun >= len(tokens) or tokens[hit.last].lower != "и" or tokens[noun].is_title or \
                not tokens[noun].is_word or noun + 1 < len(tokens) and _is_noun(tokens[noun + 1]):
            return None  # "в Омске и области здравоохранения" is a field
        nodes = [self._root]
        for j in range(hit.first, hit.last):
            nodes = [child for node in nodes for k in key(j) if (child := node.get(k))]
        for code, kind in (entry for node in nodes for entry in node.get(_END, ())):
            if kind == "city" and self._heads.get(code, set()) & key(noun):
                return RegionHit(code, "centre", noun, noun + 1)
        return None

    def _prefix_hit(self, tok: Token, i: int) -> Optional[RegionHit]:
        """Compound body names: "Москомархитектура", "Мособлдума"."""
        if not tok.is_title:
            return None
        lower = tok.lower
        for prefix, code in self._prefixes:
            if lower.startswith(prefix) and len(lower) > len(prefix) + 1:
                return RegionHit(code, "prefix", i, i + 1)
        return None

    def _lists(self, tokens: Sequence[Token], hits: list[RegionHit], key) -> list[RegionHit]:
        """Add the members of coordinated lists whose head noun stands only once:
        "Архангельской, Иркутской, Магаданской областей", "Смоленская и Калужская области"."""
        named = {t for h in hits if h.kind in NAME_KINDS for t in range(h.first, h.last)}
        out = list(hits)
        i = 0
        while i < len(tokens):
            if i in named or not self._list_adjectives(tokens, i, key):
                i += 1
                continue
            members, others, j = [i], 0, i + 1
            bracketed = False  # "Оренбургская (160,4 тыс. ед.) область": one member, its head after a bracket
            while j < len(tokens):
                tok = tokens[j]
                if tok.lower in _LIST_JOINERS:
                    j += 1
                elif tok.text == "(":
                    close = next((k for k in range(j + 1, min(j + 12, len(tokens)))
                                  if tokens[k].text == ")"), None)
                    if close is None:
                        break
                    j = close + 1
                    bracketed = True
                elif self._list_adjectives(tokens, j, key):
                    members.append(j)
                    j += 1
                elif tok.is_title and j not in named and _is_adjective(tok):
                    others += 1  # a region abroad: "Курская и Харьковская области"
                    j += 1
                else:
                    break
            heads: list[int] = []
            if len(members) + others >= 2 or bracketed:
                # The head follows the list ("... и Калужская области") or, after a colon
                # or dash, precedes it ("в областях: Вологодской и Архангельской").
                heads += [j, i - 1 - (i > 0 and tokens[i - 1].text in (":", "–", "-"))]
            if _is_elliptical(tokens, i, j, self._authorities):
                # The head stood in an earlier name: "в Белгородской области, а также в
                # Курской и Брянской", "Удмуртская Республика и Чувашская".
                heads += [k for h in reversed(hits) if h.kind == "name" and h.last <= i
                          for k in range(h.first, h.last)]
            for head_at in heads:
                found = [(m, self._head_code(tokens, m, head_at, key)) for m in members]
                if any(code for _, code in found):
                    out.extend(RegionHit(code, "coord", m, m + 1) for m, code in found
                               if code and m not in named)
                    break
            i = max(j, i + 1)
        # A list member is a name: drop the evidence hit on the same token.
        members = {h.first for h in out if h.kind == "coord"}
        out = [h for h in out if not (h.kind in EVIDENCE_KINDS and h.first in members)]
        return sorted(out, key=lambda h: h.first)

    def _list_adjectives(self, tokens: Sequence[Token], j: int, key) -> list[str]:
        """Lemmas of tokens[j] that are capitalized adjectives of a subject's name."""
        tok = tokens[j]
        if not (tok.is_word and tok.is_title and self._may_start(tok.lower, True)):
            return []
        return [lemma for lemma in key(j) if lemma in self._coord]

    def _head_code(self, tokens: Sequence[Token], m: int, head_at: int, key) -> Optional[str]:
        for adj in self._list_adjectives(tokens, m, key):
            for head, code in self._coord[adj].items():
                end = head_at + len(head)
                if 0 <= head_at and end <= len(tokens) and all(part in key(k) for part, k in
                                              zip(head, range(head_at, end))):
                    return code
        return None

    # -- primary region ----------------------------------------------------------------------
    def _primary(self, doc: Document, hits: list[RegionHit], named: set[str],
                 title_lead: dict[int, int]) -> Optional[str]:
        """The subject the article is about: the best-scoring named subject, if it scores
        at least _MIN_PRIMARY_SCORE (_MIN_SOLE_SCORE if no other subject is named and an
        authority or its demonym names this one: "сообщили в министерстве ... Тверской
        области") and _DOMINANCE times any other. Score = mentions (names, capital cities,
        adjectives), a name after an authority ("губернатор Приморья", "министерство
        социальной защиты Тверской области") or a demonym ("кузбассовцы") counting twice, + a
        bonus for the title and the lead sentence. Datelines in capitals (where the agency
        wrote from) and places joined by a dash (routes: "трасса Москва – Казань") do not
        count: they are not what the text is about, nor does a name inside a quoted name
        («Нижегородская сбытовая компания»). The minimum score must be reached without the
        mentions in lists of places ("получат Курская, Белгородская и Брянская области"):
        federal articles enumerate the regions they concern. Under a title that names the
        country, the primary must be named in the title or the lead. A town (models/towns.tsv)
        in the title or the lead, where no subject is named, makes its subject a candidate:
        an article about Череповец is about Vologda Oblast. When several subjects are in play
        (a sponsor, an origin, a venue), the primary is the one that dominates the title
        and the lead (_FRONT_DOMINANCE), or none."""
        scores = self.primary_scores(doc, hits, title_lead)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        front = self._front_hits(doc, hits, title_lead)
        in_front: Counter[str] = Counter()  # a hit in the title weighs 2, in the lead 1
        for h in front:
            in_front[h.code] += title_lead[doc.tokens[h.first].sent]
        # A subject is a candidate when the article names it, or when a town of it stands in
        # the title or the lead and no subject is named there (an article about a town).
        towns = set() if set(in_front) & named else {h.code for h in front if h.kind in PLACE_KINDS}
        candidates = named | towns
        best = next(((code, score) for code, score in ranked if code in candidates), None)
        if best is None:
            return None
        sole = candidates == {best[0]} and any(
            h.code == best[0] and (h.kind in NAME_KINDS and self._in_focus(doc.tokens, h)
                                   or h.kind in PLACE_KINDS) for h in hits)
        minimum = _MIN_SOLE_SCORE if sole else _MIN_PRIMARY_SCORE
        if self._federal_title(doc, title_lead) and best[0] not in in_front:
            return None  # "Минпросвещения России: ..." naming a region later as an example
        unlisted = self.primary_scores(doc, hits, title_lead, _listed_hits(doc, hits))
        if len(candidates) > 1 and in_front:
            (leader, top), *rest = in_front.most_common(2)
            if rest and top < _FRONT_DOMINANCE * rest[0][1]:
                return None
            return leader if leader in candidates and unlisted[leader] >= _MIN_SOLE_SCORE else None
        if unlisted[best[0]] < minimum:
            return None
        runner_up = max((score for code, score in ranked if code != best[0]), default=0)
        return best[0] if best[1] >= _DOMINANCE * runner_up else None

    @staticmethod
    def _front_hits(doc: Document, hits: list[RegionHit],
                    title_lead: dict[int, int]) -> list[RegionHit]:
        """The hits of the title and the lead (names, towns, centres, adjectives), members
        of lists of places, routes, datelines and names inside quoted names left out."""
        skip = _route_hits(doc, hits) | _listed_hits(doc, hits)
        return [h for h in hits if doc.tokens[h.first].sent in title_lead and h not in skip
                and not _is_dateline(doc.tokens, h) and not _quoted(doc.tokens, h)]

    @staticmethod
    def _federal_title(doc: Document, title_lead: dict[int, int]) -> bool:
        """Whether the title speaks of the country ("Минздрав России", "в стране"; not the
        exhibition «Россия»)."""
        title = next((i for i, bonus in title_lead.items() if bonus == _TITLE_BONUS), None)
        if title is None:
            return False
        toks = doc.sentence_tokens(doc.sentences[title])
        return any(tok.lemmas & _COUNTRY_LEMMAS and not (k and toks[k - 1].text in _OPENING_QUOTES)
                   for k, tok in enumerate(toks))

    def primary_scores(self, doc: Document, hits: list[RegionHit], title_lead: dict[int, int],
                       skip: frozenset[RegionHit] | set[RegionHit] = frozenset()
                       ) -> Counter[str]:
        """Score of each subject (see ``_primary``), leaving out the hits in ``skip``."""
        scores: Counter[str] = Counter()
        bonus: dict[str, int] = {}
        route = _route_hits(doc, hits)
        for hit in hits:
            if hit in skip or hit in route or _is_dateline(doc.tokens, hit) or _quoted(doc.tokens, hit):
                continue
            scores[hit.code] += 1
            if hit.kind in NAME_KINDS and self._in_focus(doc.tokens, hit):
                scores[hit.code] += _AUTHORITY_BONUS
            extra = title_lead.get(doc.tokens[hit.first].sent, 0)
            if extra > bonus.get(hit.code, 0):
                bonus[hit.code] = extra
        for code, extra in bonus.items():
            scores[code] += extra
        return scores

    def _in_focus(self, tokens: Sequence[Token], hit: RegionHit) -> bool:
        """A name governed by an authority, or a demonym: residents are what "жители" names
        ("кузбассовцы" weighs as "жители Кузбасса")."""
        return hit.kind == "demonym" or self._after_authority(tokens, hit.first)

    def _after_authority(self, tokens: Sequence[Token], first: int) -> bool:
        """Whether an authority governs the name at ``first``, within the same noun phrase."""
        for tok in reversed(tokens[max(0, first - _AUTHORITY_REACH):first]):
            if not tok.is_word or tok.pos in _CLAUSE_POS:
                return False
            if tok.lemmas & self._authorities:
                return True
        return False


def _stem3(word: str) -> str:
    return word[:3].replace("ё", "е")


def _token_keys(tok: Token) -> frozenset[str]:
    if tok.is_word:
        if "–" in tok.text:  # "области–Кузбассе": a dash inside one token reads as a hyphen
            return tok.lemmas | morph.lemmas(tok.lower.replace("–", "-")) | {tok.lower}
        return tok.lemmas | {tok.lower}
    if tok.text in _DASHES:
        return frozenset(("–",))
    return frozenset((tok.text,))


def _rank(kind: str) -> int:
    """Preference among entries of the same length: names before evidence."""
    return 0 if kind in NAME_KINDS else 1


def _accepts(kind: str, tokens: Sequence[Token], first: int, last: int) -> bool:
    """Case rules: proper names are capitalized somewhere in the span; abbreviations are in
    upper case and not followed by a quoted name; a name quoted alone is a brand; a demonym in title case mid-sentence (or a
    surname-like one at the start, "Пермяков", or one quoted alone) is a name or a brand,
    not residents; a one-word name that is also a first name or surname and is followed by
    a capitalized word, or that follows a first name, is a person."""
    span = tokens[first:last]
    if kind == "abbr":  # before a quoted name it is a legal form: НАО «Северная верфь»
        return span[0].text[:2].isupper() and not (
            last < len(tokens) and tokens[last].text in _OPENING_QUOTES)
    if kind == "demonym":
        tok = span[0]
        # A word quoted alone is a brand (завод «Москвич»); capitals ("СМОЛЯН") say nothing.
        quoted = last < len(tokens) and tokens[last].text in _CLOSING_QUOTES
        if not tok.is_title:
            return not quoted
        if tok.text.isupper():
            return not quoted and not _is_person_name(tok)
        # Title case opens a sentence, a quotation or a list item ("«Вологжане ...»",
        # "1. Туляки").
        before = tokens[first - 1] if first else None
        opens = before is None or not (before.is_word or before.text[:1].isdigit()
                                       or before.text == ",")
        return opens and not quoted and not _is_person_name(tok)
    if kind == "adjective":
        return True
    if kind == "common":
        return _standing_alone(tokens, first, last)
    if kind == "town" and len(span) == 1 and not _place_word(span[0]):
        return False  # Медведева, Кроме, ВАД: a surname, a word, an abbreviation
    if kind in ("name", "town", "city") and 0 < first and last < len(tokens) and \
            tokens[first - 1].text in _OPENING_QUOTES and tokens[last].text in _CLOSING_QUOTES:
        return False  # a name quoted alone names a club, a train, a firm: ФК «Кубань»
    if kind in ("name", "town") and len(span) == 1 and (
            first > 0 and _is_first_name(tokens[first - 1])
            and _agree(tokens[first - 1], span[0]) or
            last < len(tokens) and _is_person_name(span[0]) and tokens[last].is_word
            and tokens[last].is_title):
        return False  # "Питер Данн", "Игорь Алтаев" are persons, not places
    return any(t.is_word and t.is_title for t in span)


def _place_word(tok: Token) -> bool:
    """A word read first as a place name, or one pymorphy3's dictionary does not hold, in
    lower case after its capital."""
    best = tok.parses[0] if tok.parses else None
    return not tok.text.isupper() and (best is None or "Geox" in best.tag or not best.is_known)


def _standing_alone(tokens: Sequence[Token], first: int, last: int) -> bool:
    """A common noun naming a subject ("в столице") names it unless a genitive says whose
    ("столица Татарстана", "столицы региона"; "столица России" is Moscow) or an adjective
    makes it another ("культурная столица"; not "российская столица")."""
    if last < len(tokens) and tokens[last].is_word and not (tokens[last].lemmas & _COUNTRY_LEMMAS):
        if any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") for p in tokens[last].parses):
            return False
    if first > 0 and tokens[first - 1].pos == "ADJF" and not (tokens[first - 1].lemmas & _COUNTRY_ADJECTIVES):
        return False
    return True


def _quoted(tokens: Sequence[Token], hit: RegionHit) -> bool:
    """A name inside a quoted name of a few words: «Нижегородская сбытовая компания»."""
    k = hit.first - 1
    while k >= 0 and hit.first - k <= _QUOTE_REACH and tokens[k].is_word:
        k -= 1
    if k < 0 or tokens[k].text not in _OPENING_QUOTES or (
            k + 1 < len(tokens) and tokens[k + 1].nstart != tokens[k].nend):
        return False
    j = hit.last
    while j < len(tokens) and j - hit.last < _QUOTE_REACH and tokens[j].is_word:
        j += 1
    return j < len(tokens) and tokens[j].text in _CLOSING_QUOTES and j > k + 2 and \
        tokens[j].nstart == tokens[j - 1].nend


def _agree(name: Token, word: Token) -> bool:
    """Whether ``word`` may be a surname after the first name ``name``: it can stand in the
    same case and number, or it has no singular reading as a place ("Игорь Алтаев", read as
    a plural of Алтай); "Раис Татарстана" is a title and its genitive."""
    forms = {(p.tag.case, p.tag.number) for p in name.parses if "Name" in p.tag}
    return all(p.tag.number != "sing" for p in word.parses) or any(
        (p.tag.case, p.tag.number) in forms for p in word.parses)


def _is_person_name(tok: Token) -> bool:
    """A dictionary first name or surname (the guesser tags unknown words as names at will:
    "амурчане")."""
    return any(p.is_known and tag in p.tag for p in tok.parses for tag in _SURNAME_TAGS)


def _is_first_name(tok: Token) -> bool:
    """A word most likely read as a first name ("Игорь", not "Из" or "Надежда")."""
    best = tok.parses[0] if tok.is_title and tok.parses else None
    return best is not None and best.is_known and "Name" in best.tag


def _is_noun(tok: Token) -> bool:
    return tok.is_word and tok.pos == "NOUN"


def _is_adjective(tok: Token) -> bool:
    return any(p.tag.POS == "ADJF" for p in tok.parses)


def _is_elliptical(tokens: Sequence[Token], first: int, last: int,
                   authorities: frozenset[str]) -> bool:
    """Whether list members ``first:last`` stand without a noun, their head implied by an
    earlier name: preceded by a preposition, conjunction, adjective or an authority that
    governs a region ("губернатором Курской области и главой Белгородской") and followed by
    no noun ("в Курской и Брянской.", not "улице Тверской", "Курской АЭС")."""
    if first == 0 or last < len(tokens) and _is_noun(tokens[last]):
        return False
    before = tokens[first - 1]
    if before.lower == "на":  # "на Тверской" is a street: subjects named so take "в"
        return False
    return not before.is_word or before.pos in _ELLIPSIS_BEFORE or \
        bool(before.lemmas & authorities)


def _is_dateline(tokens: Sequence[Token], hit: RegionHit) -> bool:
    """A name in capitals before a comma ("МОСКВА, 5 марта. /ТАСС/") is where the agency
    wrote from (a headline in capitals, "МОРДОВИЯ ЛИДИРУЕТ", is not)."""
    return hit.kind == "name" and hit.last < len(tokens) and tokens[hit.last].text == "," \
        and all(t.text.isupper() for t in tokens[hit.first:hit.last] if t.is_word)


def _listed_hits(doc: Document, hits: list[RegionHit]) -> set[RegionHit]:
    """Hits of different places next to each other with only list words between them:
    "Курская, Белгородская и Брянская области", "Москва, Татарстан и Тюменская область"."""
    listed: set[RegionHit] = set()
    for hit, other in zip(hits, hits[1:]):
        between = doc.tokens[hit.last:other.first]
        if other.code != hit.code and doc.tokens[hit.first].sent == doc.tokens[other.first].sent \
                and all(t.lower in _LIST_JOINERS for t in between):
            listed.update((hit, other))
    return listed


def _route_hits(doc: Document, hits: list[RegionHit]) -> set[RegionHit]:
    """Hits of two different places joined by a dash: "Москва – Казань"."""
    by_first = {h.first: h for h in hits}
    route: set[RegionHit] = set()
    for hit in hits:
        dash = hit.last
        if dash + 1 < len(doc.tokens) and doc.tokens[dash].text in _DASHES:
            other = by_first.get(dash + 1)
            if other and other.code != hit.code and other.kind != "adjective" \
                    and hit.kind != "adjective":
                route.update((hit, other))
    return route
