"""Subjects of indicators: what a figure measures, as a short noun phrase in the article's words.

Morphology only (pymorphy3 tags through ``Token.parses``), on the one sentence that holds the
figure, in this order:

- the size of a change (``выросло в 9 раз``, ``снизился на 9,3 процента``) measures the change
  of its clause's subject: ``рост числа безработных граждан``; a subject that points back
  (``этот показатель``, ``это``) stands for what the figure before measured;
- a counted figure measures the noun it counts, with the adjectives before it and its
  dependents after it (a genitive chain, one prepositional phrase), and the clause's verb
  before the number as a participle (``в электронный вид переведено 86 массовых услуг`` ->
  ``массовые услуги, переведенные в электронный вид``); people (``639 человек``) are named
  by that participle alone;
- a figure in parentheses measures what stands before them (``ООО "Масштаб" (100%)``);
- a figure tied to a noun by ``в размере``, ``на сумму``, ``площадью`` or ``в`` measures it
  (``доплата в 10 тысяч рублей``);
- a figure after a measuring verb or a dash measures the clause's subject (``Доля МСЗУ,
  доступных в электронном виде, составила 100%``);
- money with a purpose measures the purpose (``150 млн рублей на ремонт спортшкол``); a part
  of a sum its source (``в том числе 1,4 млрд рублей из федерального бюджета``);
- a measure noun in the instrumental names what it measures (``бассейн длиной 25 м`` ->
  ``длина бассейна``, ``принят с дефицитом 4,5 млрд`` -> ``дефицит бюджета``);
- a figure that points back (``Это 112%``, ``40% из них``, ``увеличить этот показатель до
  70%``, an elliptical ``в Башкирии – 89%``) measures what the figure before measured.

Heads and their adjectives are put in the nominative (plural unless the figure is one);
dependents keep the article's form. models/subjects.tsv holds the word lists.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from . import morph
from .document import Token
from .resources import read_tsv

BOUNDARY = {";", ":", "(", ")", "?", "!", '"'}
DASH = "–"
CLAUSE_WORDS = {"что", "который", "которая", "которое", "которые", "которых", "где", "когда",
                "а", "но", "и", "однако", "при", "это"}
PP_PREPOSITIONS = {"для", "с", "из", "в", "на", "по", "от", "за", "через", "под", "при", "против", "к"}
OBJECT_POS = {"NOUN", "ADJF", "PRTF", "ADJS", "PREP", "INFN"}
MAX_TAIL = 8  # tokens after a head: longer phrases lose precision


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
class Antecedent:
    """A subject found before, for pronouns that point back (он составлял ...)."""

    phrase: str  # the noun phrase (without рост/снижение)
    gender: Optional[str]
    number: Optional[str]
    count: Optional[str] = None  # "числа туристов": what a later change of a count measures
    head: Optional[int] = None  # the word of the phrase that is its noun

    def changed(self) -> str:
        """What a later change of the figure measures, in the genitive: ``числа туристов``,
        ``урожая зерновых`` (computed only when a change asks for it)."""
        if self.count:
            return self.count
        genitive = _genitive(self.phrase.split(), self.head, self.number) if self.head is not None else None
        return genitive or self.phrase


class SubjectFinder:
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
        # Units never head a subject (the "кв" of "1000 кв. м"), but for a mark (средний балл
        # составил 71,2); a one-word unit of measure may stand in a genitive chain (стоимость
        # квадратного метра).
        self.chain_units: set[str] = set()
        for row in read_tsv("units.tsv"):
            if row[2] != "score":
                self.not_heads.update(row[0].split())
            if row[2] == "other" and " " not in row[0] and len(row[0]) > 2:
                self.chain_units.add(row[0])

    def antecedent(self, subject: str, change: Optional[str], tokens: Sequence[Token] = (),
                   fig: Optional[FigureSpan] = None) -> Antecedent:
        """What a later pronoun may stand for: the subject's noun phrase and the gender and
        number of its first noun; for counted things also their number (``числа туристов``),
        which a later change measures (``что на 12% больше``)."""
        phrase = subject[len(change) + 1:] if change and subject.startswith(change + " ") else subject
        count = None
        if (fig is not None and not change and fig.kind == "count" and fig.noun is not None
                and self._is_noun(tokens, fig.noun) and tokens[fig.noun].lemma not in self.persons):
            count = "числа " + self._noun_phrase(tokens, fig.noun, True, start=fig.last, case="gent")
        words = phrase.split()
        for n, word in enumerate(words):
            nouns = [p for p in morph.parse(word.lower().strip(',"')) if p.tag.POS == "NOUN"]
            if nouns:  # the phrase is nominative: дороги is a plural here
                p = next((q for q in nouns if q.tag.case == "nomn"), nouns[0])
                return Antecedent(phrase, p.tag.gender, p.tag.number, count, n)
        return Antecedent(phrase, None, None, count)

    def phrase(self, tokens: Sequence[Token], fig: FigureSpan,
               history: Sequence[Antecedent] = ()) -> Optional[str]:
        """The subject of the figure; ``history`` holds the subjects before it, latest last."""
        if fig.change:
            head = self._changed(tokens, fig)
            if head is None or self._anaphoric(tokens, head):
                previous = self._resolve(tokens, head, history)
                return f"{fig.change} {previous.changed()}" if previous else None
            if head >= fig.end and tokens[head].parses[0].tag.case == "gent":  # after a comparative
                return f"{fig.change} {self._noun_phrase(tokens, head, None, keep_case=True)}"
            return f"{fig.change} {self._noun_phrase(tokens, head, None, case='gent')}"
        if fig.noun is not None and fig.kind == "percent" and fig.noun > fig.last:
            # Охват вакцинацией составил 60% населения: the share of a whole measures the subject
            head = self._clause_subject(tokens, fig)
            if head is not None and self._measured(tokens, head, fig) and not self._anaphoric(tokens, head):
                return self._noun_phrase(tokens, head, None, participle_phrase=True)
        if fig.noun is not None and self._rate(tokens, fig.end):
            # снизилась до 231 случая на 100 тыс. населения: the rate of the clause's subject
            head = self._clause_subject(tokens, fig)
            if head is not None and not self._anaphoric(tokens, head):
                return self._noun_phrase(tokens, head, None, participle_phrase=True)
        if fig.noun is not None:
            counted = self._counted(tokens, fig)
            if counted:
                return counted
            head = self._clause_subject(tokens, fig, whole_sentence=True)
            return self._noun_phrase(tokens, head, None) if head is not None else None
        if fig.measures:
            found = self._measured_thing(tokens, fig)
            if found is not None:
                head, listed = found
                # each figure of a list is the area of one of them: singular
                return f"{fig.measures} {self._noun_phrase(tokens, head, False if listed else None, case='gent')}"
        return self._uncounted(tokens, fig, history)

    def _resolve(self, tokens: Sequence[Token], head: Optional[int],
                 history: Sequence[Antecedent]) -> Optional[Antecedent]:
        """The earlier subject a pointing-back head stands for: for a personal pronoun the
        latest one of its gender and number, else the latest one."""
        if not history:
            return None
        if head is not None and tokens[head].lower in self.anaphors and tokens[head].parses:
            tag = tokens[head].parses[0].tag
            if tag.POS == "NPRO" and tag.number:
                for before in reversed(history):
                    if before.number == tag.number and (tag.number == "plur" or before.gender == tag.gender):
                        return before
        return history[-1]

    def _uncounted(self, tokens: Sequence[Token], fig: FigureSpan,
                   history: Sequence[Antecedent]) -> Optional[str]:
        """A figure without a noun of its own: a label, an anchor, the clause's subject,
        what follows a dash, a purpose."""
        opening = self._opening(tokens, fig.qualifier_first)
        if opening is not None and tokens[opening].text == "(" and history and _after_figure(tokens, opening):
            # 12,4 млрд рублей (+8,2% к 2022 году): the figure before, or its change
            sign = tokens[fig.qualifier_first].text
            change = "рост" if sign in ("+", "плюс") else "снижение" if sign in ("-", "–", "минус") else None
            return f"{change} {history[-1].changed()}" if change else history[-1].phrase
        if opening is not None:
            label = self._label_before(tokens, opening)
            if label and fig.inherited_unit:
                unit = morph.inflect(fig.inherited_unit, {"nomn", "plur"}) or fig.inherited_unit
                return f"{unit} {label}"
            return label
        if fig.inherited_unit:  # из них трудоустроены 21,5 тысячи [граждан]
            verb = self._participle(tokens, fig.qualifier_first, None) or self._participle_after(tokens, fig.end)
            if verb and fig.inherited_unit in self.persons:
                return verb  # из них 870 трудоустроены -> трудоустроенные
            if verb:
                unit = morph.inflect(fig.inherited_unit, {"nomn", "plur"}) or fig.inherited_unit
                return f"{unit}, {verb}"
        if fig.end + 1 < len(tokens) and tokens[fig.end].lower == "из" and \
                tokens[fig.end + 1].lower in ("них", "которых"):  # 40% из них выбрали математику
            previous = self._resolve(tokens, None, history)
            if previous is not None:
                whole = previous.phrase.split(",")[0]
                verb = self._participle_after(tokens, fig.end + 2)
                return f"{whole}, {verb}" if verb else whole
        source = self._source(tokens, fig) if fig.kind == "money" else None
        if source is not None:
            return source
        at = fig.qualifier_first - 1
        if self._is_noun(tokens, at) and tokens[at].parses[0].tag.case == "ablt" and \
                self._preposition_before(tokens, at) is not None and \
                tokens[self._preposition_before(tokens, at)].lower in ("с", "со"):
            # бюджет принят с дефицитом 4,5 млрд рублей -> дефицит областного бюджета
            head = self._clause_subject(tokens, fig)
            if head is not None and not self._anaphoric(tokens, head):
                whole = self._noun_phrase(tokens, head, None, case="gent")
                return f"{self._noun_phrase(tokens, at, None, stop=at + 1)} {whole}"
        anchor = self._anchor(tokens, fig.qualifier_first)
        if anchor is not None:
            measure = next((t for t in tokens[anchor[1]:fig.qualifier_first]
                            if t.parses and t.parses[0].tag.POS == "NOUN"), None)
            if measure is not None and measure.parses[0].tag.case == "ablt":
                # бассейн длиной 25 м -> длина бассейна; мосты общей длиной 1,2 км
                name = measure.lemma if "ё" in measure.text else measure.lemma.replace("ё", "е")
                return f"{name} {self._noun_phrase(tokens, anchor[0], None, case='gent', stop=anchor[1])}"
            return self._noun_phrase(tokens, anchor[0], None, stop=anchor[1])
        after_dash = self._after_dash(tokens, fig.end)
        if after_dash is not None:  # из них 800 млн – средства федерального бюджета
            return self._noun_phrase(tokens, after_dash, None)
        head = self._clause_subject(tokens, fig)
        at = fig.qualifier_first - 1
        if at >= 0 and tokens[at].lower == "это" and self._clause_begin(tokens, fig.qualifier_first) == at:
            return _phrase_of(self._resolve(tokens, None, history))  # Это 112% от плана
        if at >= 0 and tokens[at].parses and tokens[at].parses[0].tag.POS in ("NOUN", "NPRO") \
                and self._anaphoric(tokens, at) and self._preposition_before(tokens, at - (
                    tokens[at].parses[0].tag.POS == "NOUN")) is None:  # увеличить этот показатель до 70%
            return _phrase_of(self._resolve(tokens, at, history))
        if head is not None and (self._measured(tokens, head, fig) or self._at_level(tokens, fig.qualifier_first)):
            if self._anaphoric(tokens, head):
                return _phrase_of(self._resolve(tokens, head, history))
            return self._noun_phrase(tokens, head, None, participle_phrase=True)
        purpose = self._purpose(tokens, fig)
        if purpose is not None:
            return self._noun_phrase(tokens, purpose, None, keep_case=True)
        if head is not None and not self._animate(tokens[head]) and not self._anaphoric(tokens, head):
            return self._noun_phrase(tokens, head, None, participle_phrase=True)
        begin = self._clause_begin(tokens, fig.qualifier_first)
        if head is None and tokens[begin].lower in ("что", "это") and any(
                t.lemma in self.measure_verbs for t in tokens[begin + 1:fig.qualifier_first]):
            return _phrase_of(self._resolve(tokens, None, history))  # ..., что составляет порядка 53%
        if (head is None and begin + 1 < len(tokens) and tokens[begin].lower in ("а", "и", "но")
                and tokens[begin + 1].lower != "также"):
            return _phrase_of(self._resolve(tokens, None, history))  # ..., а теперь снова уменьшен до 1,5 тысяч
        return None

    def _source(self, tokens: Sequence[Token], fig: FigureSpan) -> Optional[str]:
        """A part of a sum named by where it comes from: ``в том числе 1,4 млрд рублей за счет
        средств федерального бюджета`` -> ``средства федерального бюджета``, ``из них 200 млн
        из областного бюджета`` -> ``средства из областного бюджета``."""
        k = fig.qualifier_first - 1
        part = k >= 0 and (tokens[k].lower in ("числе", "них", "которых") or tokens[k].text == ",")
        if not part:
            return None
        k = fig.end + (fig.end < len(tokens) and tokens[fig.end].text == DASH)
        if k < len(tokens) and tokens[k].lower == "из":
            words = ["средства", "из"]
        elif k + 1 < len(tokens) and tokens[k].lower == "за" and tokens[k + 1].lower in ("счет", "счёт"):
            words, k = ["средства"], k + 1
            if k + 1 < len(tokens) and tokens[k + 1].lemma == "средство":
                k += 1
        elif k < len(tokens) and tokens[k].parses and tokens[k].parses[0].tag.POS == "VERB":
            j = k + 1  # из которых 1,7 млрд рублей выделит федеральный бюджет
            while j < len(tokens) and self._attribute(tokens[j]):
                j += 1
            if j < len(tokens) and tokens[j].lemma in self.sources and tokens[j].parses[0].tag.case == "nomn":
                return "средства " + self._noun_phrase(tokens, j, None, start=k + 1, case="gent")
            return None
        else:
            return None
        j = k + 1
        while j < len(tokens) and self._attribute(tokens[j]):
            j += 1
        if j > k + 1 and _phrase_ends(tokens, j):  # – из областного [бюджета]
            return " ".join(words + [_join(tokens[k + 1:j])])
        if j == len(tokens) or tokens[j].lemma not in self.sources:
            return None
        return " ".join(words + [_join(tokens[k + 1:self._dependents(tokens, j + 1)])])

    def _at_level(self, tokens: Sequence[Token], first: int) -> bool:
        """показатель был на уровне 0,9%: the figure is the level of the clause's subject."""
        return first >= 2 and tokens[first - 1].lemma in self.scales and tokens[first - 2].lower == "на"

    @staticmethod
    def _rate(tokens: Sequence[Token], k: int) -> bool:
        """Does a rate's base follow (на 100 тыс. населения, на 1000 жителей)?"""
        return (k + 1 < len(tokens) and tokens[k].lower == "на" and tokens[k + 1].text.isdigit()
                and tokens[k + 1].text.strip("0") == "1")

    def _measured_thing(self, tokens: Sequence[Token], fig: FigureSpan) -> Optional[tuple[int, bool]]:
        """The thing an area belongs to, and whether the figure is one of a list in
        parentheses: ``три участка (1000 кв. м)``, ``квартира площадью``."""
        opening = self._opening(tokens, fig.qualifier_first)
        if opening is not None and opening > 0:
            k = opening - 1
            if self._is_noun(tokens, k):
                return k, True
        anchor = self._anchor(tokens, fig.qualifier_first)
        return (anchor[0], False) if anchor is not None else None

    # -- counted nouns -----------------------------------------------------------------
    def _counted(self, tokens: Sequence[Token], fig: FigureSpan) -> Optional[str]:
        """The counted noun phrase with the clause's verb as a participle; people are named
        by the participle alone (None when there is none)."""
        noun = fig.noun
        end = self._dependents(tokens, noun + 1)
        before = noun < fig.first  # из 28 районов 25 подключены: the noun of the whole
        verb = self._participle(tokens, fig.qualifier_first, noun) or self._participle_after(
            tokens, fig.end if before else end)
        if verb is None and fig.coordinated is not None:  # закупили 260 тракторов и 140 комбайнов
            verb = self._participle(tokens, fig.coordinated, noun)
        if tokens[noun].lemma in self.persons:
            tail = _join(tokens[noun + 1:end])
            return f"{verb} {tail}" if verb and tail else verb
        plural = abs(fig.value) != 1 if fig.kind == "count" else None
        if plural is None and not before and tokens[noun].parses[0].tag.case == "gent":
            plural = tokens[noun].parses[0].tag.number == "plur"  # 2 млн тонн зерна: зерно
        words = self._noun_phrase(tokens, noun, plural, start=-1 if before else fig.last)
        if fig.inherited_unit and tokens[noun].parses[0].tag.POS != "NOUN":
            # из них 49 муниципальных [услуг]
            words = f"{words} {morph.inflect(fig.inherited_unit, {'nomn', 'plur'}) or fig.inherited_unit}"
        return f"{words}, {verb}" if verb else words

    def _participle(self, tokens: Sequence[Token], first: int, noun: Optional[int]) -> Optional[str]:
        """The clause's verb right before the figure as a plural participle with the
        prepositional phrase before it: ``в электронный вид переведено`` ->
        ``переведенные в электронный вид``; active with its object when the counted people
        do the action (``в форуме приняли участие 300 человек`` -> ``принявшие участие в
        форуме``)."""
        if first >= 2 and tokens[first - 1].lower in ("на", "для") and self._is_noun(tokens, first - 2):
            return None  # школу на 1 100 мест: the figure belongs to the noun, not to the verb
        k = first - 1
        while k >= 0 and first - k <= 4:
            tok = tokens[k]
            if not tok.is_word or tok.lower in CLAUSE_WORDS:
                return None
            p = tok.parses[0] if tok.parses else None
            if p is not None and p.tag.POS == "ADJS":  # занято: a short participle too
                p = next((q for q in tok.parses[1:3] if q.tag.POS == "PRTS"), p)
            if p is not None and p.tag.POS in ("PRTS", "VERB", "INFN"):
                if p.tag.POS == "INFN" and k > 0 and tokens[k - 1].parses \
                        and tokens[k - 1].parses[0].tag.POS == "VERB":
                    vtag = tokens[k - 1].parses[0].tag
                    if vtag.number == "sing" and vtag.person == "3per" and vtag.gender is None:
                        # планируется построить 6 школ: an impersonal verb says it as a clause
                        return f"которые {tokens[k - 1].lower} {tok.text}"
                    k -= 1  # приехали работать: the infinitive goes with the verb's object
                    continue
                if tok.lemma in self.not_heads:
                    k -= 1
                    continue
                if tok.lemma in self.measure_verbs or p.tag.POS == "INFN" or self._has_own_subject(tokens, k):
                    return None
                if (noun is not None and tokens[noun].parses[0].tag.case == "datv"
                        and tokens[first - 1].lower != "по"):  # по одной заявке: distributive
                    return self._received(tokens, k, first)
                agent = self._agent(tokens, k, noun, first)
                form = self._as_participle(p, agent=agent)
                if form is None:
                    return None
                # its object or complement between the verb and the figure (приняли участие,
                # оказались заняты), adverbs and a preposition of the figure left out
                obj = [t for t in tokens[k + 1:first] if t.parses and t.parses[0].tag.POS in OBJECT_POS]
                while obj and obj[-1].parses[0].tag.POS == "PREP":
                    obj.pop()
                own_object = bool(obj)
                if agent and not obj:  # новые квартиры получили 1240 человек
                    obj = self._object_before(tokens, k)
                # a passive keeps a complement after it (ввели в эксплуатацию 45 домов)
                keep = obj and (agent or obj[0].parses[0].tag.POS == "PREP")
                words = [form, _join(obj, lower_first=obj[0] is tokens[0])] if keep else [form]
                complement = None if obj and not own_object else self._complement_before(tokens, k)
                return " ".join(words + ([complement] if complement else []))
            k -= 1
        return None

    def _received(self, tokens: Sequence[Token], verb: int, first: int) -> Optional[str]:
        """Counted people in the dative of a verb of giving received its object: ``выдали
        микрозаймы 640 предпринимателям`` -> ``получившие микрозаймы``."""
        if tokens[verb].lemma not in self.give_verbs:
            return None
        obj = [t for t in tokens[verb + 1:first] if t.parses and t.parses[0].tag.POS in ("NOUN", "ADJF", "PRTF")]
        obj = obj or self._object_before(tokens, verb)
        return f"получившие {_join(obj, lower_first=obj[0] is tokens[0])}" if obj else None

    def _object_before(self, tokens: Sequence[Token], verb: int) -> list[Token]:
        """The inanimate object right before an active verb, with one prepositional phrase
        of its own: ``субсидии на модернизацию получили``."""
        k = verb - 1
        if k > 0 and self._is_noun(tokens, k) and self._preposition_before(tokens, k) is not None:
            k = self._preposition_before(tokens, k) - 1  # the phrase's own "на модернизацию"
        for _ in range(2):  # выплату регионального материнского капитала: back over the genitive
            if not (self._is_noun(tokens, k) and tokens[k].parses[0].tag.case == "gent"):
                break
            j = k - 1
            while j > 0 and self._attribute(tokens[j]):
                j -= 1
            if not self._is_noun(tokens, j):
                break
            k = j
        if k < 0 or not self._is_noun(tokens, k) or self._animate(tokens[k]) or not any(
                q.tag.POS == "NOUN" and q.tag.case == "accs" for q in tokens[k].parses):
            return []
        if self._preposition_before(tokens, k) is not None:
            return []  # в регионе получили: a place, not an object
        begin = k
        while begin > 0 and self._attribute(tokens[begin - 1]):
            begin -= 1
        return list(tokens[begin:verb])

    def _has_own_subject(self, tokens: Sequence[Token], verb: int) -> bool:
        """A singular short participle whose nominative subject stands before it in the
        clause (пособие назначено 18 тыс. семей): the counted things are not what it says."""
        vtag = tokens[verb].parses[0].tag
        if vtag.POS != "PRTS" or vtag.number != "sing":
            return False
        after_preposition = after_noun = False
        begin = self._clause_begin(tokens, verb)
        begin = max([begin] + [k + 1 for k in range(begin, verb) if tokens[k].text == ","])
        for k in range(begin, verb):
            tok = tokens[k]
            p = tok.parses[0] if tok.is_word and tok.parses else None
            if p is None or p.tag.POS == "PREP":
                after_preposition, after_noun = p is not None, False
            elif p.tag.POS == "NOUN":
                if not (after_preposition or after_noun) and self._is_head(tok) and any(
                        q.tag.POS == "NOUN" and q.tag.case == "nomn" and q.tag.number == "sing"
                        and q.tag.gender == vtag.gender for q in tok.parses[:2]):
                    return True
                # a noun counted by a number (с 1 января 2023 года) starts no genitive chain
                after_preposition, after_noun = False, not tokens[k - 1].text[:1].isdigit()
            elif p.tag.POS not in ("ADJF", "PRTF"):
                after_preposition = after_noun = False
        return False

    def _agent(self, tokens: Sequence[Token], verb: int, noun: Optional[int], first: int) -> bool:
        """Are the counted things the subject of the finite verb before them? The
        verb must agree with a count (plural, or neuter singular); the clause must hold no
        other subject for it: no animate nominative (врачи осмотрели 240 детей), no neuter
        singular one for a neuter verb (правительство наградило 30 учителей); and a
        transitive verb needs its object elsewhere (выплаты получили 300 ветеранов; not the
        subjectless привлекли 300 спасателей)."""
        if noun is None:
            return False
        vtag = tokens[verb].parses[0].tag
        ntag = tokens[noun].parses[0].tag if tokens[noun].parses else None
        if vtag.POS != "VERB" or ntag is None:
            return False
        if vtag.number == "sing" and vtag.gender != "neut":
            return False
        has_object = "tran" not in vtag
        after_preposition = False
        begin = self._clause_begin(tokens, verb)
        # a subject before a comma belongs to another clause (как отметила Кузнецова, ...)
        segment = max([begin] + [k + 1 for k in range(begin, verb) if tokens[k].text == ","])
        for k in range(begin, min(noun, first)):
            tok = tokens[k]
            p = tok.parses[0] if k != verb and tok.is_word and tok.parses else None
            if p is None or p.tag.POS not in ("NOUN", "NPRO", "PREP"):
                if not tok.is_word:
                    after_preposition = False  # кроме того, выплаты: the phrase ended
                continue
            if p.tag.POS == "PREP":
                after_preposition = True
                continue
            if k >= segment and (_animate_nominative(tok) or (
                    p.tag.case == "nomn" and vtag.number == "sing" and p.tag.number == "sing")):
                return False
            if k >= segment and not after_preposition and tok.lemma in self.agents and any(
                    q.tag.case == "nomn" and q.tag.number == vtag.number for q in tok.parses):
                return False  # власти выкупают 17 участков, хозяйства приобрели 40 тракторов
            if not after_preposition and "anim" not in p.tag and any(
                    q.tag.POS == "NOUN" and q.tag.case == "accs" for q in tok.parses):
                has_object = True
            after_preposition = False
        return has_object

    def _participle_after(self, tokens: Sequence[Token], end: int) -> Optional[str]:
        """A finite verb or a short participle right after the counted phrase (an adverb
        skipped), with its complement up to the next punctuation: ``12 бригад провели
        вакцинацию`` -> ``проводившие вакцинацию``, ``7 школ уже отремонтированы`` ->
        ``отремонтированные``."""
        if end >= len(tokens) or not tokens[end].is_word or not tokens[end].parses:
            return None
        p = tokens[end].parses[0]
        if (p.tag.POS == "ADVB" and end + 1 < len(tokens) and tokens[end + 1].parses
                and tokens[end + 1].parses[0].tag.POS in ("VERB", "PRTS")):
            end += 1
            p = tokens[end].parses[0]
        if (p.tag.POS in ("ADJS", "PRED", "VERB") and end + 1 < len(tokens) and tokens[end + 1].parses
                and tokens[end + 1].parses[0].tag.POS == "INFN"):
            end += 1  # должны иметь доступ -> имеющие доступ
            p = tokens[end].parses[0]
        elif p.tag.POS not in ("VERB", "PRTS", "ADJS") or (p.tag.POS == "ADJS" and p.tag.number != "plur"):
            return None
        if p.tag.number == "sing" and p.tag.gender not in (None, "neut"):
            return None  # для 1,5 тыс. детей организован подвоз: a count takes no masculine verb
        if tokens[end].lemma in self.measure_verbs | self.not_heads:
            return None
        if p.tag.POS == "ADJS":  # 96% услуг доступны в электронном виде -> доступные
            full = _inflected(p, frozenset({"plur", "nomn"}))
            form = full.word if full is not None and full.tag.POS == "ADJF" else None
        else:
            form = self._as_participle(p, agent=p.tag.POS != "PRTS")
        if form is None:
            return None
        k = end + 1
        while k < len(tokens) and k - end <= 4 and tokens[k].is_word and tokens[k].lower not in CLAUSE_WORDS:
            k += 1
        tail = _join(tokens[end + 1:k])
        return f"{form} {tail}" if tail else form

    @staticmethod
    def _as_participle(p, agent: bool = False) -> Optional[str]:
        """A plural participle of the verb: passive when the counted things undergo it
        (осмотрели 240 детей -> осмотренные), active when they are its ``agent``
        (12 бригад провели -> проводившие) or the verb takes no object."""
        passive = not agent and ("tran" in p.tag or p.tag.POS == "PRTS")
        voices = ("pssv", "actv") if passive else ("actv", "pssv")
        for voice in voices:
            form = _inflected(p, frozenset({"PRTF", "plur", "nomn", voice}))
            if form is not None:
                return form.word.replace("ё", "е")
        return None

    def _complement_before(self, tokens: Sequence[Token], verb: int) -> Optional[str]:
        """The prepositional phrase that ends right before the verb (в электронный вид), or
        before its link verb (в больницах оказались заняты)."""
        if verb > 0 and tokens[verb - 1].parses and tokens[verb - 1].parses[0].tag.POS == "VERB" \
                and tokens[verb].parses[0].tag.POS in ("ADJS", "PRTS"):
            verb -= 1
        if verb == 0 or not (self._is_noun(tokens, verb - 1) or _abbreviation(tokens[verb - 1])):
            return None
        if _animate_nominative(tokens[verb - 1]):
            return None  # в текущем году аграрии приобрели: the subject, not a phrase's noun
        for k in range(verb - 2, max(-1, verb - 5), -1):
            tok = tokens[k]
            p = tok.parses[0] if tok.is_word and tok.parses else None
            if p is None or "Apro" in p.tag or p.tag.POS in ("CONJ", "VERB", "PRTS", "NPRO", "NUMR"):
                return None
            if p.tag.POS == "PREP":
                phrase = _join(tokens[k:verb])
                return phrase[:1].lower() + phrase[1:] if k == 0 else phrase
        return None

    # -- parentheses, anchors, purposes -------------------------------------------------
    def _opening(self, tokens: Sequence[Token], first: int) -> Optional[int]:
        """The "(" of a parenthesized list the figure stands in, or the ":" right before it."""
        if first > 0 and tokens[first - 1].text == ":":
            return first - 1
        k = first - 1
        while k >= 0 and tokens[k].text not in (")", ";", ":"):
            tok = tokens[k]
            if tok.text == "(":
                return k
            if (tok.is_word and tok.lower not in self.not_heads and tok.parses
                    and tok.parses[0].tag.POS in ("VERB", "NOUN")):
                return None  # words of a clause, not a list of figures (units are left out)
            k -= 1
        return None

    def _label_before(self, tokens: Sequence[Token], opening: int) -> Optional[str]:
        """What stands before "(" or ":": ``Самарская область (863)``, ``ООО "Масштаб" (100%)``,
        ``Стоимость: 53,11 млрд руб.``; number words and the words of other figures are left out."""
        end = opening
        if end > 0 and self._is_noun(tokens, end - 1) and not tokens[end - 1].is_title:
            return self._noun_phrase(tokens, end - 1, None)
        begin = end
        while begin > 0 and end - begin < 6:
            tok = tokens[begin - 1]
            if tok.text in (",", ";", ":", "(", ")", DASH) or tok.lower in CLAUSE_WORDS:
                break
            if tok.text[:1].isdigit() or not (tok.is_word or tok.text == '"'):
                if tok.text != '"':
                    break
            p = tok.parses[0] if tok.is_word and tok.parses else None
            if p is not None and p.tag.POS in ("VERB", "NUMR", "COMP", "ADVB", "CONJ", "PRCL"):
                break
            begin -= 1
        return _join(tokens[begin:end]) or None

    def _anchor(self, tokens: Sequence[Token], first: int) -> Optional[tuple[int, int]]:
        """(head, end) of the noun phrase a figure is attached to: ``доплата в 10 тысяч
        рублей``, ``средства из резервного фонда в размере ...``, ``квартира площадью ...``,
        ``скидку 30 процентов`` (a noun right before the figure, outside a prepositional
        phrase). The phrase ends where the anchor words begin."""
        k = first - 1
        while k >= 0 and tokens[k].lower in self.anchors:
            k -= 1
        if k < first - 1:  # домов общей площадью: the anchor's own adjective
            while k >= 0 and self._attribute(tokens[k]) and any(q.tag.case == "ablt" for q in tokens[k].parses[:3]):
                k -= 1
        if k < 0 or not self._is_noun(tokens, k) or tokens[k].lemma in self.scales:
            return None
        stop = k + 1
        if stop == first:  # no anchor word: only a noun that is not inside a prepositional phrase
            if tokens[k].parses[0].tag.case not in ("nomn", "accs", "ablt"):
                return None
            if self._preposition_before(tokens, k):
                return None
        return self._phrase_head(tokens, k), stop

    def _preposition_before(self, tokens: Sequence[Token], k: int) -> Optional[int]:
        """Index of the preposition governing the noun at k (attributes skipped), if any."""
        j = k - 1
        while j >= 0 and (self._attribute(tokens[j]) or tokens[j].text == '"'):
            j -= 1
        if j >= 0 and tokens[j].is_word and tokens[j].parses and tokens[j].parses[0].tag.POS == "PREP":
            return j
        return None

    def _phrase_head(self, tokens: Sequence[Token], k: int) -> int:
        """Climb from a dependent noun to the head of its phrase: ``средства из резервного
        фонда`` from ``фонда``, ``выплаты безработным на детей`` from ``детей``."""
        for _ in range(3):
            prep = self._preposition_before(tokens, k)
            j = (prep if prep is not None else k) - 1
            while j >= 0 and (self._attribute(tokens[j]) or tokens[j].text == '"'):
                j -= 1
            if j < 0 or not self._is_noun(tokens, j):
                break
            case = tokens[k].parses[0].tag.case
            if prep is None and case not in ("gent", "datv"):
                break
            k = j
        return k

    def _purpose(self, tokens: Sequence[Token], fig: FigureSpan) -> Optional[int]:
        """150 млн рублей на ремонт спортшкол, на развитие ... направить 1 млрд рублей:
        the noun after "на", after the figure or else before it in its clause."""
        k = fig.end
        while k < len(tokens) and k < fig.end + 4 and tokens[k].lower != "на":
            if not tokens[k].is_word:
                break
            k += 1
        starts = [k] if k < len(tokens) and tokens[k].lower == "на" else []
        begin = self._clause_begin(tokens, fig.qualifier_first)
        starts += [j for j in range(fig.qualifier_first - 1, begin - 1, -1) if tokens[j].lower == "на"]
        for k in starts:
            for j in range(k + 1, min(len(tokens), k + 4)):
                if self._is_noun(tokens, j):
                    return j if tokens[j].lemma not in self.scales else None  # на уровне 0,9%
                if not self._attribute(tokens[j]):
                    break
        return None

    def _after_dash(self, tokens: Sequence[Token], end: int) -> Optional[int]:
        """330 млрд руб. – грант государства: the noun phrase after a dash."""
        k = end
        while k < len(tokens) and tokens[k].text == ".":
            k += 1
        if k < len(tokens) and tokens[k].text == DASH:
            for j in range(k + 1, min(len(tokens), k + 4)):
                if self._is_noun(tokens, j):
                    return j if tokens[j].lemma not in self.scales else None
                if not self._attribute(tokens[j]):
                    break
        return None

    def _changed(self, tokens: Sequence[Token], fig: FigureSpan) -> Optional[int]:
        """What changed: the genitive after a comparative (в 3 раза больше госуслуг), the
        noun right after a passive verb (втрое снижен минимальный размер пособия), or the
        subject before the figure."""
        k = fig.end
        if k < len(tokens) and tokens[k].parses and tokens[k].parses[0].tag.POS == "COMP":
            j = k + 1
            while j < len(tokens) and self._attribute(tokens[j]):
                j += 1
            if (self._is_noun(tokens, j) and tokens[j].parses[0].tag.case == "gent"
                    and tokens[j].lemma not in self.scales):  # not the base: больше показателя 2022 года
                return j
        while k < len(tokens) and tokens[k].is_word and tokens[k].parses and \
                tokens[k].parses[0].tag.POS in ("PRTS", "VERB", "ADVB"):
            k += 1
        if k > fig.end:
            while k < len(tokens) and self._attribute(tokens[k]):
                k += 1
            if self._is_noun(tokens, k) and tokens[k].parses[0].tag.case == "nomn":
                return k
        return self._clause_subject(tokens, fig)

    # -- clause subjects -----------------------------------------------------------------
    def _clause_begin(self, tokens: Sequence[Token], first: int) -> int:
        begin = first
        while begin > 0:
            prev = tokens[begin - 1]
            if prev.text == ")":
                opening = next((k for k in range(begin - 2, -1, -1) if tokens[k].text == "("), None)
                if opening is not None:
                    begin = opening  # a parenthesis inside the clause: (число человек, ...)
                    continue
            if prev.text in BOUNDARY:
                break
            if prev.text == DASH and first - begin > 1 and not (
                    tokens[begin].is_title and begin >= 2 and tokens[begin - 2].is_title):
                break  # a dash inside a name (Москва – Казань) does not end a clause
            if prev.text == "," and tokens[begin].lower in CLAUSE_WORDS and not (
                    begin + 1 < len(tokens) and tokens[begin + 1].lower == "также"):
                break
            begin -= 1
        return begin

    def _clause_subject(self, tokens: Sequence[Token], fig: FigureSpan,
                        whole_sentence: bool = False) -> Optional[int]:
        """The nominative noun nearest before the figure in its clause (or sentence),
        outside prepositional phrases and genitive chains."""
        begin = 0 if whole_sentence else self._clause_begin(tokens, fig.qualifier_first)
        best = None
        after_preposition = after_noun = after_transitive = in_participle = False
        for k in range(begin, fig.qualifier_first):
            tok = tokens[k]
            if tok.text == ",":  # , (не) поступивших в вузы, : no subject inside
                at = k + 2 if k + 2 < len(tokens) and tokens[k + 1].lower == "не" else k + 1
                in_participle = not in_participle and at < len(tokens) and bool(tokens[at].parses) \
                    and tokens[at].parses[0].tag.POS == "PRTF"
            if in_participle or (after_noun and k > begin and tokens[k - 1].is_title and tok.text == DASH) or (
                    after_noun and tok.is_title and k > begin and (tokens[k - 1].text == DASH or tokens[k - 1].is_word)):
                continue  # a name after a noun, its parts joined by a dash (автомагистрали Москва – Казань)
            p = tok.parses[0] if tok.is_word and tok.parses else None
            pos = "NUMR" if tok.text[:1].isdigit() else p.tag.POS if p else None
            if pos == "PREP":
                after_preposition, after_noun = True, False
            elif pos in ("NOUN", "NPRO"):
                nominative = p.tag.case == "nomn" or (not after_noun and any(
                    q.tag.POS == pos and q.tag.case == "nomn" for q in tok.parses))
                if (not after_preposition and not after_transitive and nominative
                        and tok.lemma not in self.persons
                        and (tok.lower in self.anaphors or (pos == "NOUN" and self._is_head(tok)))):
                    best = k
                # a noun counted by a number (в 2023 году) starts no genitive chain
                counted = k > begin and tokens[k - 1].text[:1].isdigit()
                # a pronoun takes no genitive either (из них курортный сбор – 180 млн рублей)
                after_preposition, after_noun, after_transitive = False, pos == "NOUN" and not counted, False
            elif pos == "VERB":
                after_preposition = after_noun = False
                after_transitive = "tran" in p.tag
            elif pos == "ADVB" and k > 0 and tokens[k - 1].parses and tokens[k - 1].parses[0].tag.POS == "PREP":
                after_preposition = after_noun = False  # на сегодня, до сих пор
            elif pos not in ("ADJF", "PRTF", "ADVB", "NUMR"):
                after_preposition = after_noun = False
        return best

    def _measured(self, tokens: Sequence[Token], head: int, fig: FigureSpan) -> bool:
        """Is the subject tied to the figure by a measuring verb or a dash?"""
        between = tokens[head + 1:fig.qualifier_first]
        if between and between[-1].text == DASH:
            return True
        return any(t.is_word and t.lemma in self.measure_verbs for t in between)

    def _anaphoric(self, tokens: Sequence[Token], head: int) -> bool:
        """A pronoun, or a noun after a demonstrative (этот показатель; not его доход)."""
        if tokens[head].lower in self.anaphors:
            return True
        return (head > 0 and tokens[head - 1].lemma in self.anaphors
                and tokens[head - 1].parses[0].tag.POS != "NPRO")

    @staticmethod
    def _animate(tok: Token) -> bool:
        return bool(tok.parses) and "anim" in tok.parses[0].tag

    def _is_head(self, tok: Token) -> bool:
        return tok.is_word and tok.lemma not in self.not_heads and tok.lower not in self.not_heads

    # -- building the phrase ---------------------------------------------------------
    def _noun_phrase(self, tokens: Sequence[Token], head: int, plural: Optional[bool], *,
                     start: int = -1, case: str = "nomn", keep_case: bool = False,
                     participle_phrase: bool = False, stop: Optional[int] = None) -> str:
        """Attributes before the head (from ``start``), the head, its dependents after it
        (up to ``stop``)."""
        begin = head
        while begin - 1 > max(start - 1, -1) and (self._attribute(tokens[begin - 1], tokens[begin]) or (
                tokens[begin - 1].text == '"' and begin - 2 > max(start - 1, -1)
                and self._attribute(tokens[begin - 2]))):
            begin -= 1
        end = self._dependents(tokens, head + 1)
        if participle_phrase:
            end = self._participle_phrase(tokens, end)
        if stop is not None:
            end = min(end, stop)
        head_pos = tokens[head].parses[0].tag.POS if tokens[head].parses else "NOUN"
        head_parse = next((p for p in tokens[head].parses if p.tag.POS == head_pos and p.tag.case == "nomn"),
                          next((p for p in tokens[head].parses if p.tag.POS == head_pos), None))
        number = None
        if plural is not None:
            number = "plur" if plural else "sing"
        elif begin < head and tokens[head - 1].parses and tokens[head - 1].parses[0].tag.number:
            number = tokens[head - 1].parses[0].tag.number  # Архангельской области: singular
        elif head_parse is not None:
            number = head_parse.tag.number
        words = [tok.text if keep_case or not tok.is_word
                 else self._inflect(tok, k == head, case, number, head_parse, k == 0)
                 for k, tok in enumerate(tokens[begin:head + 1], start=begin)]
        tail = _join(tokens[head + 1:end])
        antecedent = self._antecedent(tokens, begin, end)
        if antecedent is not None and not tail:
            tail = self._noun_phrase(tokens, antecedent, None, case="gent")
        return " ".join(words).replace('" ', '"', 1) + (" " + tail if tail else "")

    def _antecedent(self, tokens: Sequence[Token], begin: int, end: int) -> Optional[int]:
        """``проект моста, стоимость которого``: the noun a relative genitive stands for."""
        if not (end < len(tokens) and tokens[end].lower in ("которого", "которой", "которых")
                and begin >= 2 and tokens[begin - 1].text == ","):
            return None
        if self._is_noun(tokens, begin - 2):
            return self._phrase_head(tokens, begin - 2)
        return None

    @staticmethod
    def _attribute(tok: Token, before: Optional[Token] = None) -> bool:
        """An adjective or participle; with ``before``, also a word read first as a noun that
        agrees with that noun as an adjective (взрослого населения)."""
        if not tok.is_word or not tok.parses:
            return False
        p = tok.parses[0]
        if p.tag.POS in ("ADJF", "PRTF"):
            return "Apro" not in p.tag
        if before is not None and p.tag.POS == "NOUN" and before.parses:
            n = before.parses[0].tag
            return any(q.tag.POS == "ADJF" and q.tag.case == n.case and q.tag.number == n.number
                       and (n.number == "plur" or q.tag.gender == n.gender) for q in tok.parses[1:])
        if tok.is_title and p.tag.POS != "NPRO" and any(q.tag.POS == "ADJF" for q in tok.parses[1:3]):
            return True  # Тверская область: a street name to pymorphy3 first
        return p.tag.POS == "ADVB" and tok.lower.endswith("о")  # социально значимых

    def _dependents(self, tokens: Sequence[Token], k: int) -> int:
        """End of the dependents after a head: a genitive chain (adverbs and adjectives
        inside it), abbreviations, one prepositional phrase."""
        start = k
        used_pp = False
        while k < len(tokens) and k - start < MAX_TAIL:
            tok = tokens[k]
            if not tok.is_word:
                break
            if tok.text.isupper() and len(tok.text) > 1:  # МСЗУ, ЕСИА
                k += 1
                continue
            p = tok.parses[0] if tok.parses else None
            pos = p.tag.POS if p else None
            if pos == "NOUN" and tok.lower in self.anchors:
                break  # территорий площадью 1,3 млн га: the anchor starts another figure
            if pos in ("ADJF", "PRTF", "NOUN", "ADVB") and (pos == "ADVB" or _oblique(tok)):
                j = k
                while j < len(tokens) and self._chain_attribute(tokens, j, k):
                    j += 1
                if self._is_noun(tokens, j) and tokens[j].lower in self.anchors:
                    break  # домов общей площадью 280 тыс. кв. м
                if (self._is_noun(tokens, j) or tokens[j].lemma in self.chain_units) and _oblique(tokens[j]):
                    k = j + 1
                    continue
                if j > k and (_phrase_ends(tokens, j) or tokens[j].lower in PP_PREPOSITIONS) and any(
                        q.tag.POS in ("ADJF", "PRTF") and q.tag.case == "gent" and q.tag.number == "plur"
                        for q in tokens[j - 1].parses[:1]):
                    k = j  # число погибших (в ДТП): an adjective used as a noun
                    continue
                break
            if pos == "PREP" and not used_pp and tok.lower in PP_PREPOSITIONS:
                j = k + 1
                while j < len(tokens) and j < k + 4 and self._attribute(tokens[j]):
                    j += 1
                if self._is_noun(tokens, j) and tokens[j].lower not in self.anchors:
                    used_pp = True
                    k = j + 1
                    continue
            break
        return k

    def _chain_attribute(self, tokens: Sequence[Token], j: int, first: int) -> bool:
        """An attribute inside a genitive chain: an adjective (read as a noun first when
        the noun after agrees with it), or ``и``/``или`` between two adjectives (малого и
        среднего предпринимательства)."""
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if self._attribute(tokens[j], nxt) or (
                nxt is not None and nxt.lower in ("и", "или") and self._attribute(tokens[j], tokens[j + 2])
                if j + 2 < len(tokens) else False):
            return True
        return (tokens[j].lower in ("и", "или") and j > first and nxt is not None
                and self._attribute(nxt, tokens[j + 2] if j + 2 < len(tokens) else None))

    def _is_noun(self, tokens: Sequence[Token], j: int) -> bool:
        return (j < len(tokens) and tokens[j].is_word and bool(tokens[j].parses)
                and tokens[j].parses[0].tag.POS == "NOUN" and self._is_head(tokens[j]))

    @staticmethod
    def _participle_phrase(tokens: Sequence[Token], end: int) -> int:
        """", доступных в электронном виде," right after a subject: up to the next comma."""
        if end + 1 < len(tokens) and tokens[end].text == ",":
            at = end + 2 if tokens[end + 1].lower == "не" else end + 1  # , не преодолевших порог,
            p = tokens[at].parses[0] if at < len(tokens) and tokens[at].is_word and tokens[at].parses else None
            if p is not None and p.tag.POS in ("PRTF", "ADJF") and "Apro" not in p.tag:
                k = end + 1
                while k < len(tokens) and k - end <= 6 and tokens[k].text not in BOUNDARY | {",", DASH}:
                    k += 1
                if k < len(tokens) and tokens[k].text == ",":
                    return k
        return end

    @staticmethod
    def _inflect(tok: Token, is_head: bool, case: str, number: Optional[str], head_parse,
                 sentence_initial: bool) -> str:
        wanted = (head_parse.tag.POS,) if is_head and head_parse is not None else ("ADJF", "PRTF")
        for p in tok.parses:
            if p.tag.POS not in wanted:
                continue
            grammemes = {case}
            if number:
                grammemes.add(number)
            if number == "sing" and p.tag.POS != "NOUN" and head_parse is not None and head_parse.tag.gender:
                grammemes.add(head_parse.tag.gender)
            form = _inflected(p, frozenset(grammemes))
            if form is not None:
                return _match_case(form.word, tok, p, sentence_initial)
            break
        return tok.text


def _animate_nominative(tok: Token) -> bool:
    """A person or a pronoun in the nominative, in any of its readings (Аграрии is first read
    as a locative singular): the subject of its clause."""
    return any(q.tag.case == "nomn" and (q.tag.POS == "NPRO" or (q.tag.POS == "NOUN" and "anim" in q.tag))
               for q in tok.parses)


def _genitive(words: list[str], head: int, number: Optional[str]) -> Optional[str]:
    """The phrase with its head noun (words[head]) and the adjectives before it in the
    genitive (урожай зерновых -> урожая зерновых), for ``рост ...``; None when a word does
    not inflect (a name, an abbreviation)."""
    out = []
    for n, word in enumerate(words[:head + 1]):
        pos = ("NOUN",) if n == head else ("ADJF", "PRTF")
        bare = word.rstrip(",")
        parse = next((p for p in morph.parse(bare.lower()) if p.tag.POS in pos and p.tag.case == "nomn"), None)
        form = _inflected(parse, frozenset({"gent", number} if number else {"gent"})) if parse else None
        if form is None:
            return None
        out.append((form.word if bare.islower() or n == 0 else morph.match_case(form.word, bare))
                   + word[len(bare):])
    return " ".join(out + words[head + 1:])


def _after_figure(tokens: Sequence[Token], k: int) -> bool:
    """Does a figure end right before tokens[k] (its number within three words, no comma)?"""
    for tok in reversed(tokens[max(0, k - 4):k]):
        if tok.text[:1].isdigit():
            return True
        if not tok.is_word and tok.text != ".":
            return False
    return False


def _abbreviation(tok: Token) -> bool:
    """МСП, ЕГЭ: a noun to the phrase, whatever pymorphy3 makes of it."""
    return tok.is_word and len(tok.text) > 1 and tok.text.isupper()


def _oblique(tok: Token) -> bool:
    """Can the word depend on a noun before it: genitive, instrumental or dative in its
    first reading, or genitive in another reading of the same part of speech (пособия is
    first an accusative plural to pymorphy3, размер пособия a genitive)."""
    p = tok.parses[0]
    return p.tag.case in ("gent", "ablt", "datv") or any(
        q.tag.POS == p.tag.POS and q.tag.case == "gent" for q in tok.parses[1:3])


def _phrase_ends(tokens: Sequence[Token], j: int) -> bool:
    """A noun phrase ends before tokens[j]: punctuation, the end, or a predicate."""
    if j == len(tokens) or not tokens[j].is_word:
        return True
    return bool(tokens[j].parses) and tokens[j].parses[0].tag.POS in ("VERB", "PRTS", "ADJS", "PRED")


def _phrase_of(antecedent: Optional[Antecedent]) -> Optional[str]:
    return antecedent.phrase if antecedent is not None else None


@lru_cache(maxsize=100_000)
def _inflected(parse, grammemes: frozenset):
    """pymorphy3's inflection, cached: it rebuilds the lexeme on every call."""
    return parse.inflect(set(grammemes))


PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}


def _match_case(form: str, tok: Token, parse, sentence_initial: bool) -> str:
    """Capitalize the inflected form as the text did, part by part (Санкт-Петербургу);
    a common word capitalized only because it opens the sentence goes lower-case."""
    if tok.text.isupper() and len(tok.text) > 1:
        return form.upper()
    caps = len(tok.text) - len(tok.text.lstrip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"))
    if caps > 1:  # ФАПов -> ФАПы: an abbreviation with a Russian ending
        return form[:caps].upper() + form[caps:]
    if not tok.is_title or (sentence_initial and not PROPER & set(parse.tag.grammemes)):
        return form
    parts = form.split("-")
    originals = tok.text.split("-")
    if len(parts) == len(originals):
        return "-".join(p[:1].upper() + p[1:] if o[:1].isupper() else p for p, o in zip(parts, originals))
    return morph.match_case(form, tok.text)


def _join(tokens: Sequence[Token], lower_first: bool = False) -> str:
    """Tokens as the article spaced them; ``lower_first``: the first is a sentence's first
    word, capitalized only for that unless a name."""
    out = ""
    for i, tok in enumerate(tokens):
        if i and tok.nstart > tokens[i - 1].nend:
            out += " "
        out += tok.text
    if lower_first and tokens and tokens[0].parses and not PROPER & set(tokens[0].parses[0].tag.grammemes):
        out = out[:1].lower() + out[1:]
    return out
