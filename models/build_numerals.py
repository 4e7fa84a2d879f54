"""Build models/numerals.tsv and models/multipliers.tsv from pymorphy3 lexemes.

    .venv/bin/python models/build_numerals.py

Every form of each number word (двух, двумя, полутора, трёх and трех ...) is listed with its
value and role, so that the reader looks words up by their text and never guesses.
"""
from __future__ import annotations

from pathlib import Path

import pymorphy3

HERE = Path(__file__).resolve().parent
NUMBERS = [  # lemma, value, role
    *[(w, v, "unit") for v, w in enumerate(
        "один два три четыре пять шесть семь восемь девять".split(), start=1)],
    *[(w, v, "teen") for v, w in enumerate(
        "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать "
        "семнадцать восемнадцать девятнадцать".split(), start=10)],
    *[(w, 10 * v, "ten") for v, w in enumerate(
        "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split(),
        start=2)],
    *[(w, 100 * v, "hundred") for v, w in enumerate(
        "сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split(),
        start=1)],
    ("полтораста", 150, "hundred"), ("полтора", 1.5, "unit"),
    *[(w, v, "unit") for v, w in enumerate("двое трое четверо пятеро шестеро семеро".split(), start=2)],
    ("треть", 1 / 3, "fraction"), ("четверть", 0.25, "fraction"), ("половина", 0.5, "fraction"),
]
TIMES = [(w, v) for v, w in enumerate(
    "вдвое втрое вчетверо впятеро вшестеро всемеро ввосьмеро вдевятеро вдесятеро".split(), start=2)]
# Verbs of multiplying (выручка удвоилась = выросла в 2 раза): their finite forms and
# infinitives (participles such as "удвоенный" name a doubled thing, not a change).
TIMES_VERBS = [(w, v) for v, lemmas in ((2, "удвоить удвоиться удваивать удваиваться"),
                                        (3, "утроить утроиться утраивать утраиваться"),
                                        (4, "учетверить учетвериться"))
               for w in lemmas.split()]
# Adverbs of repetition (дважды переизбирался = 2 раза): a count of times.
REPEATS = [(w, v) for v, w in enumerate("дважды трижды четырежды".split(), start=2)]
# Multiplier adjectives (двукратный рост = в 2 раза), every form of their lexemes.
TIMES_ADJECTIVES = [("полуторакратный", 1.5), *[(w, v) for v, w in enumerate(
    "двукратный трёхкратный четырёхкратный пятикратный шестикратный семикратный восьмикратный "
    "девятикратный десятикратный".split(), start=2)], ("стократный", 100)]
MULTIPLIERS = [("тысяча", 1e3), ("миллион", 1e6), ("миллиард", 1e9), ("триллион", 1e12),
               ("десяток", 10), ("сотня", 100)]
ABBREVIATIONS = [("тыс", 1e3), ("тысч", 1e3), ("млн", 1e6), ("млрд", 1e9), ("трлн", 1e12)]


def forms(morph: pymorphy3.MorphAnalyzer, lemma: str, pos: set[str],
          keep: frozenset[str] = frozenset()) -> list[str]:
    """Every form of the lexeme of ``lemma`` read as one of ``pos``; with ``keep``, only
    the forms of those parts of speech."""
    if lemma == "сто":  # pymorphy3 reads the nominative as an abbreviation
        return ["сто", "ста"]
    for p in morph.parse(lemma):
        if p.normal_form == lemma and p.tag.POS in pos:
            # одни/одних mean "only", not a count of one
            return sorted({f.word for f in p.lexeme if not (lemma == "один" and "plur" in f.tag)
                           and (not keep or f.tag.POS in keep)})
    raise ValueError(f"no {pos} reading of {lemma}")


def main() -> None:
    morph = pymorphy3.MorphAnalyzer()
    rows: dict[str, tuple[float, str]] = {}
    for lemma, value, role in NUMBERS:
        pos = {"NOUN"} if role == "fraction" else {"ADJF"} if lemma == "один" else {"NUMR"}
        for form in forms(morph, lemma, pos):
            rows.setdefault(form, (value, role))
    for word, value in TIMES:
        rows.setdefault(word, (value, "times"))
    for lemma, value in TIMES_ADJECTIVES:
        for form in forms(morph, lemma, {"ADJF"}):
            rows.setdefault(form, (value, "times"))
    for lemma, value in TIMES_VERBS:
        for form in forms(morph, lemma, {"INFN"}, frozenset({"INFN", "VERB"})):
            rows.setdefault(form, (value, "times"))
    for word, value in REPEATS:
        rows.setdefault(word, (value, "repeat"))
    with (HERE / "numerals.tsv").open("w", encoding="utf-8") as f:
        f.write("form\tvalue\trole\n"
                "# Number words in every form (pymorphy3 lexemes), built by models/build_numerals.py.\n"
                "# role: unit 1-9 (and полтора, collectives двое...), teen 10-19, ten 20-90, hundred 100-900,\n"
                "# fraction (треть, четверть, половина), times (вдвое, двукратный, удвоился: a multiplier on\n"
                "# its own), repeat (дважды: a count of times).\n")
        for form, (value, role) in rows.items():
            f.write(f"{form}\t{value:.6g}\t{role}\n")
    with (HERE / "multipliers.tsv").open("w", encoding="utf-8") as f:
        f.write("form\tvalue\tlemma\n"
                "# Multiplier words and abbreviations (a trailing dot is optional in text), built by\n"
                "# models/build_numerals.py: lexemes of тысяча, миллион, миллиард, триллион, десяток, сотня\n"
                "# (lemma: the word's own lexeme, to tell десяток from десятка; empty for abbreviations).\n")
        seen = set()
        for word, value, lemma in [(w, v, "") for w, v in ABBREVIATIONS] + [
                (w, v, lemma) for lemma, v in MULTIPLIERS for w in forms(morph, lemma, {"NOUN"})]:
            if word not in seen:
                seen.add(word)
                f.write(f"{word}\t{value:.0f}\t{lemma}\n")


if __name__ == "__main__":
    main()
