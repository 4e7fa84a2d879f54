"""Build models/regions.tsv (the regions gazetteer) from models/regions_source.tsv.

    .venv/bin/python models/build_regions.py

The source holds each name once, in the nominative. This script turns every variant into
lemma keys: the variant is tokenized like an article (razdel) and each word is replaced by
the normal forms pymorphy3 gives for ANY form of its paradigm (the paradigm comes from
pymorphy3 too, its guesser included for words it does not know, such as "Вологодчина").
The extractor looks tokens up by ``Token.lemmas`` (the same ``ru_govdigest.morph``), so
every case and number of a listed variant matches without being typed.

Rows of regions.tsv (tab-separated):
    kind  code  key  source
kind: ``canonical`` (key = canonical name), ``name`` (full, short and informal names),
``abbr``, ``demonym``, ``city`` and ``adjective`` (evidence for the primary region only),
``coord`` (key = "<adjective lemma> | <head lemmas>": an adjective that names the
subject together with a head noun, for lists like "Смоленская и Калужская области"),
``prefix`` (key = lower-case prefix of compound body names), ``head`` (key = the lemma of
the generic noun of the canonical name, for "в Омске и области": the subject named by its
centre and that noun), ``common`` (a common noun naming the subject where it stands alone:
"столица"), ``town`` (a town of models/towns.tsv: evidence of its subject, like ``city``).
"""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import razdel

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ru_govdigest import morph  # noqa: E402  (after the path set-up, on purpose)

SOURCE = HERE / "regions_source.tsv"
TOWNS = HERE / "towns.tsv"  # built by models/build_towns.py
TARGET = HERE / "regions.tsv"

# Head nouns (lemmas) of adjective-headed names and the words, in the nominative, that
# stand for them in body names ("Сахалинская областная дума", "Вологодская обл.",
# "Тульская облдума", "Красноярский крайсуд").
HEADS = {
    ("область",): ["область", "областной", "обл", "облдума", "облсуд", "облизбирком",
                   "облсовет"],
    ("край",): ["край", "краевой", "крайсуд", "крайизбирком"],
    ("республика",): ["республика", "республиканский"],
    ("народный", "республика"): ["народный республика"],
    ("автономный", "округ"): ["автономный округ", "АО", "округ", "окружной"],
    ("автономный", "область"): ["автономный область", "АО"],
}
# Regular feminine demonyms ("вологжанин" -> "вологжанка", "москвич" -> "москвичка",
# "туляк" -> "тулячка"); the irregular ones ("петербурженка") are listed in the source.
FEMININE_SUFFIXES = (("анин", "анка"), ("янин", "янка"), ("ич", "ичка"), ("як", "ячка"))
# Nouns that stand for any head after a subject's own adjective: "в Смоленском регионе",
# "родной Тверской край", "на Курской земле", "в Самарской губернии".
REGION_NOUNS = ("регион", "край", "земля", "губерния")
# Generic nouns of canonical names ("Омская область", "Республика Карелия").
GENERIC_HEADS = ("область", "край", "республика", "округ")
DASHES = {"-", "–", "—"}


def read_source() -> list[dict[str, str]]:
    lines = [ln for ln in SOURCE.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for ln in lines[1:]:
        cells = ln.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, (c.strip() for c in cells))))
    return rows


def read_towns() -> list[tuple[str, str]]:
    """(town, code) rows of models/towns.tsv."""
    lines = [ln.split("\t") for ln in TOWNS.read_text(encoding="utf-8").splitlines()[1:]
             if ln.strip() and not ln.startswith("#")]
    return [(cells[0], cells[1]) for cells in lines]


def town_rows(taken: set[str]) -> list[tuple[str, str, str, str]]:
    """``town`` rows: the lemma keys of each town, except keys two towns of different
    subjects share (Азов and Азово lemmatize alike) and keys the subjects' names hold."""
    owners: dict[str, set[str]] = {}
    rows = []
    for town, code in read_towns():
        for key in keys_of(town):
            owners.setdefault(key, set()).add(code)
            rows.append(("town", code, key, town))
    return [row for row in dict.fromkeys(rows)
            if len(owners[row[2]]) == 1 and row[2] not in taken]


def split_list(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(";") if v.strip()]


def word_lemmas(word: str) -> list[str]:
    """Lemma alternatives of a nominative word. A dictionary word has one normal form for
    all its forms. For a word pymorphy3 only guesses, the guessed normal form changes from
    case to case ("Приамурье" -> "приамурья", "Приамурьем" -> "приамурий"), so the key takes
    the normal forms of every form of the guessed paradigms. A place name keeps only its
    place-name parses ("Иваново" is not the surname "Иванов")."""
    lower = word.lower()
    parses = morph.parse(lower)
    nominative = [p for p in parses if p.tag.POS in ("NOUN", "ADJF") and
                  ("nomn" in p.tag or "Fixd" in p.tag)] or list(parses)
    places = [p for p in nominative if "Geox" in p.tag]
    known = {p.normal_form for p in places or nominative if p.is_known}
    if known:
        return sorted(known)
    lemmas = set(morph.lemmas(lower))
    for p in nominative:
        for form in p.lexeme:
            lemmas |= morph.lemmas(form.word)
    return sorted(lemmas)


def token_keys(text: str) -> list[list[str]]:
    """Per token of ``text``: the lemma alternatives (punctuation stands for itself)."""
    out = []
    for tok in razdel.tokenize(text):
        if tok.text in DASHES:
            out.append(["–"])
        elif tok.text[:1].isalpha():
            out.append(word_lemmas(tok.text))
        else:
            out.append([tok.text])
    return out


def with_hyphens(variants: list[str]) -> list[str]:
    """Add the spelling of each dash-joined name with a hyphen and no spaces ("Северная
    Осетия-Алания", "ХМАО-Югра"): razdel keeps that as one token."""
    joined = [v.replace(" – ", "-") for v in variants if " – " in v]
    return list(dict.fromkeys(variants + joined))


def feminine(demonym: str) -> list[str]:
    """The regular feminine of a masculine demonym, if its suffix has one."""
    for masculine, feminine_suffix in FEMININE_SUFFIXES:
        if demonym.endswith(masculine):
            return [demonym[:-len(masculine)] + feminine_suffix]
    return []


def keys_of(text: str) -> list[str]:
    return [" ".join(combo) for combo in itertools.product(*token_keys(text))]


def adjective_keys(adj: str) -> list[str]:
    """Lemmas of the adjective of a name: its place-name lemmas plus its adjective lemmas
    ("Тверская" is also the street, lemma "тверская"; "Тверского края" needs "тверской")."""
    adjectives = {p.normal_form for p in morph.parse(adj.lower()) if p.tag.POS == "ADJF"}
    return sorted(set(keys_of(adj)) | adjectives)


def adjective_head(name: str):
    """(adjective, head) of an adjective-headed name such as "Вологодская область"."""
    words = name.split()
    if len(words) < 2 or "–" in name or "(" in name:
        return None
    head = tuple(morph.lemma(w.lower()) for w in words[1:])
    if head in HEADS and any(p.tag.POS == "ADJF" for p in morph.parse(words[0].lower())):
        return words[0], head
    return None


def build() -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    claimed_adjectives: dict[str, str] = {}  # adjective lemma -> the subject listing it
    for region in read_source():
        for adj in split_list(region["adjectives"]):
            claimed_adjectives[morph.lemma(adj.lower())] = region["code"]
    derived_adjectives: list[tuple[str, str, str]] = []
    for region in read_source():
        code, name = region["code"], region["name"]
        rows.append(("canonical", code, name, name))
        rows.extend(("head", code, lemma, name) for lemma in dict.fromkeys(
            morph.lemma(w.lower()) for w in name.split()) if lemma in GENERIC_HEADS)
        official = with_hyphens([name] + split_list(region["full"]))
        names = official + split_list(region["short"]) + split_list(region["informal"])
        for variant in dict.fromkeys(names):
            for key in keys_of(variant):
                rows.append(("name", code, key, variant))
            # Only official names lend their adjective to lists ("Янтарный край" does not).
            found = adjective_head(variant) if variant in official else None
            if found:
                adj, head = found
                for adj_key in adjective_keys(adj):
                    # "Московский регион" is not Moscow Oblast's: "московский" is Moscow's;
                    # "еврейская земля" is not the Jewish Autonomous Oblast.
                    nouns = REGION_NOUNS if claimed_adjectives.get(adj_key, code) == code \
                        and head != ("автономный", "область") else ()
                    for alt in (k for word in HEADS[head] + list(nouns) for k in keys_of(word)):
                        rows.append(("name", code, f"{adj_key} {alt}", variant))
                        rows.append(("coord", code, f"{adj_key} | {alt}", variant))
                    derived_adjectives.append((code, adj_key, variant))
        demonyms = split_list(region["demonyms"])
        demonyms += [f for d in demonyms for f in feminine(d) if f not in demonyms]
        for kind, variants in (("abbr", with_hyphens(split_list(region["abbr"]))),
                               ("demonym", demonyms),
                               ("city", split_list(region["cities"])),
                               ("adjective", split_list(region["adjectives"]))):
            for variant in variants:
                for key in keys_of(variant):
                    rows.append((kind, code, key, variant))
        for prefix in split_list(region["prefixes"]):
            rows.append(("prefix", code, prefix.lower(), prefix))
        for variant in split_list(region.get("common", "")):
            rows.extend(("common", code, key, variant) for key in keys_of(variant))
    rows.extend(town_rows({key for _, _, key, _ in rows}))
    # "вологодские власти": the adjective of the name is evidence unless another subject
    # claims it explicitly ("московский" is Moscow's, not Moscow Oblast's).
    for code, adj_key, variant in derived_adjectives:
        if adj_key not in claimed_adjectives:
            rows.append(("adjective", code, adj_key, variant))
    return list(dict.fromkeys(rows))


def check(rows: list[tuple[str, str, str, str]]) -> None:
    """Report keys that two subjects share: each is a data error to fix in the source."""
    owners: dict[tuple[str, str], set[str]] = {}
    for kind, code, key, _ in rows:
        if kind not in ("canonical", "head"):
            owners.setdefault((kind, key), set()).add(code)
    for (kind, key), codes in sorted(owners.items()):
        if len(codes) > 1:
            print(f"warning: {kind} key {key!r} is shared by {sorted(codes)}", file=sys.stderr)


def main() -> None:
    rows = build()
    check(rows)
    with TARGET.open("w", encoding="utf-8") as out:
        out.write("kind\tcode\tkey\tsource\n")
        out.write("# Built by models/build_regions.py from models/regions_source.tsv "
                  "(pymorphy3 lemmas of every case form). Do not edit by hand.\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{TARGET.name}: {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
