"""Personal names: which word of a name is what, and its nominative form.

A name mention is a short run of capitalized words and initials (``Дмитрия Краснова``,
``Д. Н. Краснов``, ``Краснов Д.Н.``, ``Андрей Николаевич``). Its words get roles (first
name, patronymic, surname, initial); the gender and case of the whole mention come from
the first name's pymorphy3 readings, checked against the other words' endings; each word
is then put in the nominative by the ending table ``models/name_endings.tsv`` (Russian
surnames and patronymics decline by their endings, so a table is exact where a
dictionary is not), first names by pymorphy3 when it knows them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from . import morph
from .resources import read_tsv

GENDERS = ("m", "f")
CASES = ("nomn", "gent", "accs", "datv", "ablt", "loct")
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
# Endings of oblique cases that a nominative name rarely has.
_OBLIQUE_ENDINGS = ("у", "ю", "ом", "ем", "ым", "им", "ой", "ей")
_ABLT_ENDINGS = ("ом", "ем")
_PATRONYMIC = re.compile(r"(ович|евич|ьич|ична|инична|овна|евна)(а|у|ем|е|ы|ой|ну|не)?$")


@dataclass(frozen=True)
class Ending:
    nominative: str  # ending of the nominative form; "" after a consonant
    gender: str  # m, f or *
    case: str  # a pymorphy3 case or *
    inflected: str  # ending of the inflected form; "" after a consonant
    after_consonant: bool  # the stem must end in a consonant letter
    after: str = ""  # letters the stem must end in, when the ending is spelled so only there
    only: str = ""  # the one part of a name the row is for (first, middle, last), if any


@dataclass(frozen=True)
class NameWord:
    """One word of a name mention, in the text's form and lower-cased."""

    text: str
    role: str  # first, middle, last, initial

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class PersonName:
    """A name mention read: nominative parts (None when the text lacks them)."""

    first: Optional[str]
    middle: Optional[str]
    last: Optional[str]
    initials: tuple[str, ...]
    gender: Optional[str]
    case: Optional[str]
    last_forms: tuple[str, ...] = ()  # every nominative the surname may have
    cases: frozenset[str] = frozenset()  # cases the mention may stand in
    # the case was read from a declinable first name or a patronymic, so the surname's
    # nominative is known; otherwise last_forms are only candidates (Джо Байдена)
    certain: bool = False
    written_last: Optional[str] = None  # the surname as the text writes it
    written_first: Optional[str] = None  # the first name, when pymorphy3 does not know it
    surname_first: bool = False  # an East Asian name: the surname is written first


class NameMorphology:
    """Roles, gender/case and nominative forms of name words."""

    def __init__(self) -> None:
        endings = tuple(_ending(row) for row in read_tsv("name_endings.tsv"))
        # the rows of each (gender, case), in file order
        self.endings = {(g, c): tuple(e for e in endings if e.gender in ("*", g)
                                      and e.case in ("*", c))
                        for g in GENDERS for c in CASES}
        self.nominatives = lru_cache(maxsize=20_000)(self._nominatives)
        self.surname_forms = lru_cache(maxsize=10_000)(self._surname_forms)

    # -- single words ---------------------------------------------------------------------
    def _nominatives(self, word: str, gender: str, case: str,
                     part: str = "last") -> tuple[str, ...]:
        """Nominatives of a lower-cased name word read in ``gender`` and ``case``, best
        first; empty when no ending fits (the reading is impossible). Each part of a
        hyphenated surname declines on its own (Скворцова-Степанова); a part of a surname
        that cannot stand in that case stays as written when the last one declines
        (Кара-оолом: Кара-оол)."""
        if "-" in word.strip("-"):
            parts = word.split("-")
            pieces = [self.nominatives(piece, gender, case, part) for piece in parts]
            if not pieces[-1] or (part != "last" and not all(pieces)):
                return ()
            return ("-".join(p[0] if p else w for p, w in zip(pieces, parts)),)
        out: list[str] = []
        for e in self.endings[(gender, case)]:
            if e.only and e.only != part:
                continue
            if e.inflected and not word.endswith(e.inflected):
                continue
            stem = word[:len(word) - len(e.inflected)]
            # a one-syllable name stays as it is (Си, Ху), no shorter one declines
            if len(stem) < (1 if e.inflected == e.nominative else 2) or (e.after_consonant and stem[-1] not in _CONSONANTS) or \
                    (e.after and stem[-1] not in e.after):
                continue
            form = stem + e.nominative
            if form not in out:
                out.append(form)
        return tuple(out)

    @staticmethod
    def first_name_readings(word: str) -> dict[tuple[str, str], tuple[float, str]]:
        """(gender, case) -> (pymorphy3 score, nominative) over the Name parses from
        pymorphy3's dictionary; its guesses for unknown words are left out (Саломе is no
        locative of "Салом", Ннека no genitive of "Ннек"): such a first name follows the
        surname's reading instead."""
        out: dict[tuple[str, str], tuple[float, str]] = {}
        names = [p for p in morph.parse(word)
                 if "Name" in p.tag.grammemes and p.tag.number != "plur" and p.is_known]
        # a declined Russian name outweighs a foreign one spelled like it (Анне: the
        # dative of Анна before the indeclinable Анне)
        declined = any("Fixd" not in p.tag for p in names)
        for p in names:
            score = p.score / 2 if declined and "Fixd" in p.tag else p.score
            for g in _genders(p.tag):
                key = (g, p.tag.case)
                if key not in out or out[key][0] < score:
                    out[key] = (score, p.normal_form)
        return out

    @staticmethod
    def is_indeclinable_name(word: str) -> bool:
        """A first name with one form for every case (Джо, Кэролайн, Сильвио)."""
        names = [p for p in morph.parse(word) if "Name" in p.tag.grammemes]
        return bool(names) and all("Fixd" in p.tag for p in names)

    @staticmethod
    @lru_cache(maxsize=morph.MORPH_CACHE)  # asked of every capitalized word, often
    def is_patronymic(word: str) -> bool:
        return bool(_PATRONYMIC.search(word)) or morph.has_tag(word, {"Patr"})

    @staticmethod
    @lru_cache(maxsize=morph.MORPH_CACHE)
    def is_indeclinable_surname(word: str) -> bool:
        """A surname pymorphy3's dictionary keeps in one form for every case (Шойгу:
        Сергею Шойгу is no dative of "Шойг")."""
        surnames = [p for p in morph.parse(word) if "Surn" in p.tag.grammemes and p.is_known]
        return bool(surnames) and all("Fixd" in p.tag for p in surnames)

    @staticmethod
    @lru_cache(maxsize=morph.MORPH_CACHE)
    def is_first_name(word: str) -> bool:
        return any("Name" in p.tag.grammemes and p.score >= 0.1 for p in morph.parse(word))

    @staticmethod
    @lru_cache(maxsize=morph.MORPH_CACHE)
    def may_be_first_name(word: str) -> bool:
        """Any singular first-name reading, however unlikely (Роман, Вера; not the
        plural Петров of Пётр)."""
        return any("Name" in p.tag.grammemes and p.tag.number == "sing"
                   for p in morph.parse(word))

    @staticmethod
    @lru_cache(maxsize=morph.MORPH_CACHE)
    def is_surname(word: str) -> bool:
        return morph.has_tag(word, {"Surn"})

    # -- roles -------------------------------------------------------------------------------
    def roles(self, words: Sequence[str]) -> list[str]:
        """Roles of the words of a name mention (initials are single letters)."""
        roles = ["initial" if len(w) == 1 else "" for w in words]
        full = [i for i, w in enumerate(words) if len(w) > 1]
        lower = [w.lower() for w in words]
        for i in full:
            if self.is_patronymic(lower[i]) and i != full[0]:
                roles[i] = "middle"
        rest = [i for i in full if not roles[i]]
        if len(rest) == 1:
            i = rest[0]
            has_middle = "middle" in roles
            alone = not has_middle and "initial" not in roles
            if has_middle and i < roles.index("middle") and morph.has_tag(lower[i], {"Name"}):
                roles[i] = "first"  # before a patronymic any first name will do (Роман)
            elif (has_middle or alone) and self.is_first_name(lower[i]) \
                    and not (alone and self.is_surname(lower[i])):
                roles[i] = "first"
            else:
                roles[i] = "last"
        elif len(rest) >= 2:
            a, b = rest[0], rest[-1]
            # "Фамилия Имя [Отчество]": the surname first when only the second is a name,
            # a patronymic after it (Ким Ирина Петровна) or a surname reading of the first
            # word telling; without a patronymic, a first name that is also a common
            # noun still leads (Роман Петруца)
            middle_after = b == full[-1] - 1 and roles[full[-1]] == "middle"
            if self.is_first_name(lower[b]) and (
                    (middle_after and not self.is_first_name(lower[a])) or
                    (self.is_surname(lower[a]) and not self.may_be_first_name(lower[a]))):
                a, b = b, a
            roles[a], roles[b] = "first", "last"
            for i in rest:
                if not roles[i]:
                    roles[i] = "first" if i < b else "last"
        return roles

    # -- whole mentions ------------------------------------------------------------------------
    def read(self, words: Sequence[NameWord]) -> PersonName:
        """Gender, case and nominative parts of a name mention."""
        first = next((w for w in words if w.role == "first"), None)
        middle = next((w for w in words if w.role == "middle"), None)
        lasts = [w for w in words if w.role == "last"]
        last = lasts[-1] if lasts else None
        readings = self.first_name_readings(first.lower) if first else {}
        scored: list[tuple[float, str, str]] = []
        for g in GENDERS:
            for c in CASES:
                score = readings[(g, c)][0] if (g, c) in readings else (
                    0.0 if readings else 0.01)
                if first and not readings:  # a first name pymorphy3 does not know
                    forms = self.nominatives(first.lower, g, c, "first")
                    if not forms:
                        continue
                    # a reading that declines it and the surname alike goes first
                    # (Эмманюэля Макрона, Тамарии Кеннесы), before the nominative, and
                    # one of an instrumental ending (Ли Цяном)
                    if forms[0] != first.lower and (first.lower.endswith(_ABLT_ENDINGS) or not (
                            last and self.nominatives(last.lower, g, c)[:1] == (last.lower,))):
                        score += 0.0015
                    if (forms[0][-1] in "ая") == (g == "f"):  # Бесселю: Бессель, not Бесселя
                        score += 0.0002
                if middle and not self.nominatives(middle.lower, g, c, "middle"):
                    continue
                if last and not self.nominatives(last.lower, g, c):
                    continue
                if score > 0 or not readings:
                    scored.append((score + (0.001 if c == "nomn" else 0.0), g, c))
        if not scored:  # no consistent reading: leave the words as written
            return PersonName(first.text if first else None, middle.text if middle else None,
                              last.text if last else None, _initials(words), None, None,
                              (last.text,) if last else (), frozenset(CASES), bool(first),
                              last.text if last else None)
        # ties: a man's name, then the commoner case (CASES order: Цяном is ablt, not loct)
        scored.sort(key=lambda r: (r[0], r[1] == "m", -CASES.index(r[2])), reverse=True)
        _, g, c = scored[0]
        # every case the words allow in that gender (Дмитрия: gent or accs; Сильвио: any)
        cases = frozenset(case for _, gender, case in scored if gender == g)
        first_form = None
        if first:
            form = readings.get((g, c), (0, None))[1] or \
                (self.nominatives(first.lower, g, c, "first") or (first.lower,))[0]
            first_form = written_like(form, first.text)
        middle_form = written_like(self.nominatives(middle.lower, g, c, "middle")[0],
                                  middle.text) if middle else None
        last_form, last_forms = None, ()
        # an unknown first name read as declined tells the case too (Аксары Кердпола)
        certain = bool(middle) or (first is not None and (
            not self.is_indeclinable_name(first.lower) if readings else
            first_form is not None and first_form.lower() != first.lower))
        if last:
            if certain:  # the reading chosen, then the word as written
                forms = (last.lower,) if self.is_indeclinable_surname(last.lower) else \
                    _adjectival(last.lower, g, c) + self.nominatives(last.lower, g, c)[:1] + \
                    (last.lower,)
            else:  # a surname alone or beside a first name that tells no case (Джо Байдена)
                forms = self.surname_forms(last.lower)
                if readings and g == "m" and last.lower.endswith(("а", "я")):
                    # a man's surname in -а is rarer than the genitive of one ending in a
                    # consonant (Джошуа Вольфа: Вольф)
                    forms = tuple(dict.fromkeys(self.nominatives(last.lower, g, "gent")[:1]
                                                + forms))
            last_forms = tuple(dict.fromkeys(written_like(f, last.text) for f in forms))
            last_form = last_forms[0]
        name = PersonName(first_form, middle_form, last_form, _initials(words), g, c,
                          last_forms, cases, certain, last.text if last else None,
                          first.text if first and not readings else None)
        return self.with_last(name, last_form) if last_form and not certain else name

    def in_cases(self, name: PersonName, cases: frozenset[str]) -> PersonName:
        """The name read again in the cases its context tells (a title in apposition
        agrees with it: ``генерал-лейтенанта Аксары Кердпола``): those readings of the
        surname go first."""
        written = name.written_last
        if not written:
            return name
        genders = (name.gender,) + GENDERS if name.gender else GENDERS
        forms = [f for c in CASES if c in cases for g in genders
                 for f in self.nominatives(written.lower(), g, c)[:1]]
        if not forms:
            return name
        last_forms = tuple(dict.fromkeys(
            [written_like(f, written) for f in forms] + list(name.last_forms)))
        return replace(self.with_last(name, last_forms[0]), last_forms=last_forms,
                       cases=(name.cases & cases) or cases)

    def with_last(self, name: PersonName, last: str) -> PersonName:
        """The name with its surname's nominative settled; a first name pymorphy3 does
        not know follows the same reading (Олафа Шольца: Шольц, so Олаф)."""
        name = replace(name, last=last)
        if not (name.written_last and name.written_first):
            return name
        written = name.written_first.lower()
        readings = [(g, c, first[0]) for c in CASES for g in GENDERS
                    if self.nominatives(name.written_last.lower(), g, c)[:1] == (last.lower(),)
                    for first in (self.nominatives(written, g, c, "first"),) if first]
        if not readings:
            return name
        # the nominative when the surname allows it (Саломе Гвиниашвили), else a reading
        # that declines the first name too (Тамарии Кеннесы: Тамария, not Тамарии)
        g, c, first = min(readings, key=lambda r: (r[1] != "nomn", r[2] == written))
        return replace(name, first=written_like(first, name.written_first), gender=g, case=c)

    def _surname_forms(self, word: str) -> tuple[str, ...]:
        """Possible nominatives of a surname met alone, the likeliest first: pymorphy3's
        Surn readings order them; for a word it does not know, the word as written when
        it can be a nominative (``Харада``), unless it ends like an oblique case
        (``Трампу``, ``Байденом``); then a man's surname in the genitive, the commonest
        reading in news (``Обамы``)."""
        weights: dict[str, float] = {}
        for p in morph.parse(word):
            if "Surn" in p.tag.grammemes and p.tag.case:
                for g in _genders(p.tag):
                    forms = (word,) if "Fixd" in p.tag else self.nominatives(word, g, p.tag.case)
                    for form in forms[:1]:
                        weights[form] = weights.get(form, 0.0) + p.score
        rank: dict[str, int] = {}
        oblique = ("gent", "datv", "accs", "ablt", "loct")
        for c in oblique + ("nomn",) if word.endswith(_OBLIQUE_ENDINGS) else ("nomn",) + oblique:
            for g in GENDERS:
                # an oblique reading counts by the form it changes the word into
                forms = [f for f in self.nominatives(word, g, c) if c == "nomn" or f != word]
                for form in forms[:1]:
                    rank.setdefault(form, len(rank))
        if not weights and not rank:
            return (word,)
        return tuple(sorted(set(weights) | set(rank),
                            key=lambda f: (-weights.get(f, 0.0), rank.get(f, len(rank)))))


def _ending(row: tuple[str, ...]) -> Ending:
    nominative, gender, case, inflected = row[:4]
    consonant = inflected == "∅" or nominative == "∅"
    return Ending(nominative.replace("∅", ""), gender, case, inflected.replace("∅", ""),
                  consonant, row[4] if len(row) > 4 else "", row[5] if len(row) > 5 else "")


@lru_cache(maxsize=morph.MORPH_CACHE)
def _adjectival(word: str, gender: str, case: str) -> tuple[str, ...]:
    """The nominative of a surname that is an adjective of the language and no surname
    pymorphy3 knows, in the gender and case read (Береговым: Береговой, not Берегов;
    Береговой as a woman's dative: Береговая); possessive adjectives are no such surname."""
    grammeme = {"m": "masc", "f": "femn"}[gender]
    if any("Surn" in p.tag.grammemes for p in morph.parse(word)):
        return ()  # a surname pymorphy3 knows declines by the table (Беловой: Белова)
    for p in morph.parse(word):
        tag = p.tag
        if p.is_known and tag.POS == "ADJF" and tag.case == case and tag.gender == grammeme and \
                not {"Poss", "Apro", "Anum"} & tag.grammemes:
            form = p.inflect({grammeme, "sing", "nomn"})
            if form is not None:
                return (form.word,)
    return ()


def _genders(tag) -> tuple[str, ...]:
    grammemes = tag.grammemes
    if "ms-f" in grammemes:
        return GENDERS
    return tuple(g for g, name in (("m", "masc"), ("f", "femn")) if name in grammemes)


def written_like(form: str, model: str) -> str:
    """A nominative written like a name: the letters it shares with the text as the text
    writes them (МакКейб), each hyphen part capitalized; capitals-only words (bylines,
    headings) in title case."""
    parts = form.split("-")
    models = model.split("-")
    out = []
    for k, part in enumerate(parts):
        m = models[k] if k < len(models) else models[-1]
        if len(m) > 1 and m.isupper():
            m = m[:1] + m[1:].lower()
        same = 0
        while same < min(len(part), len(m)) and part[same] == m[same].lower():
            same += 1
        word = m[:same] + part[same:]
        out.append(word[:1].upper() + word[1:] if m[:1].isupper() else word)
    return "-".join(out)


def _initials(words: Iterable[NameWord]) -> tuple[str, ...]:
    return tuple(w.text.upper() for w in words if w.role == "initial")
