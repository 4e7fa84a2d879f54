"""The corpus view: persons merged across articles, regions, indicators with their region and
date filled in and in base units, timelines; error records kept apart."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from ru_govdigest import Digest
from ru_govdigest.corpus import Corpus, NameForm, article_date, fold, person_keys

pd = pytest.importorskip("pandas")

CASES = Path(__file__).parent / "data" / "corpus_merges.txt"


def _merge_cases() -> list:
    cases, title, articles, persons = [], None, [], []
    for line in CASES.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if line.startswith("> "):
            articles.append(line[2:])
        elif line.startswith("= "):
            persons.append(frozenset(line[2:].split(" | ")))
        elif line.strip():
            title = line.strip()
        elif title:
            cases.append(pytest.param(articles, set(persons), id=title))
            title, articles, persons = None, [], []
    return cases


def _corpus(extractor, texts, published=None) -> Corpus:
    return Corpus(extractor.extract(text, id=f"a{n}", published=published)
                  for n, text in enumerate(texts))


@pytest.mark.parametrize("articles, persons", _merge_cases())
def test_persons_are_merged_across_articles(extractor, articles, persons):
    officials = _corpus(extractor, articles).officials()
    assert {frozenset(spellings) for spellings in officials["spellings"]} == persons


@pytest.mark.parametrize("text, folded", [
    ("Семён Петров", "семен петров"),
    ("Ивaнов", "иванов"),                  # a Latin a inside a Cyrillic word
    ("Tom Cruise", "tom cruise"),          # a Latin word stays Latin
    ("Римский\u2011Корсаков", "римский-корсаков"),
    ("  Мэр   Москвы ", "мэр москвы"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def _official(name: str, last: str, first: str | None = None, **extra) -> dict:
    return {"name": name, "last_name": last, "first_name": first, **extra}


def _record(id_: str, officials=(), indicators=(), regions=(), published=None, dates=()) -> dict:
    return {"id": id_, "published": published, "regions": list(regions),
            "officials": list(officials), "dates": list(dates), "indicators": list(indicators)}


def test_latin_look_alike_letters_are_one_person():
    corpus = Corpus([_record("a", [_official("Иван Ивaнов", "Ивaнов", "Иван")]),  # Latin a
                     _record("b", [_official("Иван Иванов", "Иванов", "Иван")])])
    (person,) = corpus.officials().itertuples()
    assert person.articles == 2 and person.key == "иванов иван"


def test_a_rare_misreading_does_not_make_a_surname_ambiguous():
    full, misread = NameForm("петров", "иван"), NameForm("петров", "мистер")
    surname = NameForm("петров")
    assert person_keys(Counter({full: 20, misread: 1, surname: 9}))[surname] == "петров иван"
    # Two people written in comparable numbers of articles: the surname stays its own.
    other = NameForm("петров", "олег")
    assert person_keys(Counter({full: 2, other: 1, surname: 9}))[surname] == "петров"


def test_person_row_gathers_positions_dates_articles_and_regions(extractor):
    texts = ["Губернатор Вологодской области Иван Сидоренко открыл школу.",
             "Губернатор Вологодской области Иван Сидоренко наградил врачей.",
             "Председатель комиссии Сидоренко подписал протокол."]
    corpus = Corpus(extractor.extract(text, id=f"a{n}", published=day)
                    for n, (text, day) in enumerate(zip(texts, ["2024-03-05", "2024-01-10",
                                                                "2024-02-01"])))
    (person,) = corpus.officials().itertuples()
    assert person.name == "Иван Сидоренко"
    assert person.positions == ["Губернатор Вологодской области", "Председатель комиссии"]
    assert person.position == "Губернатор Вологодской области"
    assert person.article_ids == ["a0", "a1", "a2"] and person.articles == 3
    assert (person.first_seen, person.last_seen) == (pd.Timestamp("2024-01-10"),
                                                     pd.Timestamp("2024-03-05"))
    assert person.regions == ["RU-VLG"]
    assert person.mentions == 3


def test_article_date_is_published_else_the_latest_day_named():
    day = {"text": "", "start": 0, "end": 0, "precision": "day"}
    dates = [{**day, "value": "2024-05-02"}, {**day, "value": "2024-04-30"},
             {**day, "value": "2030", "precision": "year"}]
    assert article_date(Digest.from_dict(_record("a", published="2024-06-01T10:00", dates=dates))) \
        == "2024-06-01"
    assert article_date(Digest.from_dict(_record("a", dates=dates))) == "2024-05-02"
    assert article_date(Digest.from_dict(_record("a"))) is None


def test_indicators_are_in_base_units_with_region_and_date(extractor):
    corpus = _corpus(extractor, [
        "В Вологодской области построили дорогу длиной 12 км. "
        "На ремонт школ направили 45 млн рублей.",
        "В Смоленской области в 2023 году урожай зерна составил 350 тыс. тонн."],
        published="2024-03-01")
    rows = corpus.indicators().set_index("text")
    road = rows.loc["12 км"]
    assert (road.value, road.unit, road.value_as_written, road.unit_as_written) == \
        (12000.0, "м", 12.0, "км")
    assert (road.region, road.region_name, road.date, road.date_source) == \
        ("RU-VLG", "Вологодская область", "2024-03-01", "article")
    assert rows.loc["45 млн рублей"].value == 45_000_000 and rows.loc["45 млн рублей"].unit == "руб."
    harvest = rows.loc["350 тыс. тонн"]
    assert (harvest.value, harvest.unit, harvest.date, harvest.date_source) == \
        (350_000_000.0, "кг", "2023", "own")
    assert harvest.when == pd.Timestamp("2023-01-01")
    pivot = corpus.indicators().pivot_table(index="region", columns="kind", values="value",
                                            aggfunc="count")
    assert pivot.loc["RU-VLG", "money"] == 1 and pivot.loc["RU-SMO", "other"] == 1


def test_an_indicator_without_region_takes_the_articles_primary():
    region = {"code": "RU-KLU", "name": "Калужская область", "primary": True, "mentions": []}
    figure = {"text": "5%", "start": 0, "end": 2, "value": 5.0, "kind": "percent", "unit": "%"}
    corpus = Corpus([_record("a", regions=[region], indicators=[figure], published="2024-02-03"),
                     _record("b", indicators=[{**figure, "region": "RU-TUL"}])])
    rows = corpus.indicators().set_index("id")
    assert (rows.loc["a", "region"], rows.loc["a", "region_source"]) == ("RU-KLU", "article")
    assert (rows.loc["b", "region"], rows.loc["b", "region_source"]) == ("RU-TUL", "own")
    assert rows.loc["b", "region_name"] == "Тульская область"  # from the gazetteer
    assert pd.isna(rows.loc["b", "date"]) and pd.isna(rows.loc["b", "when"])


def test_regions_count_articles_primary_officials_and_indicators(extractor):
    corpus = _corpus(extractor, [
        "Губернатор Вологодской области Иван Сидоренко открыл школу в Вологде. "
        "На ремонт школ направили 45 млн рублей.",
        "Жители Москвы и Вологодской области подали 1200 заявок.",
        "В Смоленской области урожай зерна составил 350 тыс. тонн."])
    regions = corpus.regions().set_index("code")
    assert regions.loc["RU-VLG", "articles"] == 2
    assert regions.loc["RU-VLG", "officials"] == 1
    assert regions["primary"].sum() == corpus.articles()["primary"].notna().sum()
    assert regions["indicators"].sum() == corpus.indicators()["region"].notna().sum()
    assert regions.index[0] == "RU-VLG"  # most articles first


def test_timeline_filters_by_region_and_subject_oldest_first(extractor):
    corpus = Corpus([
        extractor.extract("Урожай зерна в Смоленской области составил 350 тыс. тонн.",
                          id="late", published="2024-08-01"),
        extractor.extract("Урожай зерна в Смоленской области составил 300 тыс. тонн.",
                          id="early", published="2023-08-01"),
        extractor.extract("Жители Москвы подали 1200 заявок.", id="moscow",
                          published="2024-01-01")])
    grain = corpus.timeline(region="RU-SMO", subject="УРОЖАЙ")
    assert list(grain["id"]) == ["early", "late"]
    assert grain["when"].is_monotonic_increasing
    assert list(corpus.timeline(region="Смоленская область")["id"]) == ["early", "late"]
    assert list(corpus.timeline(subject="заявк")["id"]) == ["moscow"]
    assert len(corpus.timeline()) == 3


def test_jsonl_errors_and_broken_lines_are_kept_apart(tmp_path, extractor):
    good = extractor.extract("Жители Москвы подали 1200 заявок.", id="good")
    path = tmp_path / "digests.jsonl"
    path.write_text("\n".join([good.to_json(), json.dumps({"id": "bad", "error": "empty file"}),
                               '{"id": "cut', "", "[1, 2]"]) + "\n", encoding="utf-8")
    corpus = Corpus.from_jsonl(path)
    assert [d.id for d in corpus.digests] == ["good"]
    assert corpus.errors[0] == ("bad", "empty file")
    assert [e[1].split(":")[0] for e in corpus.errors[1:]] == ["digests.jsonl line 3",
                                                               "digests.jsonl line 5"]
    assert len(corpus.indicators()) == 1


def test_tables_are_copies(extractor):
    corpus = _corpus(extractor, ["Жители Москвы подали 1200 заявок."])
    indicators, regions = corpus.indicators(), corpus.regions()
    indicators.loc[0, "value"] = -1
    regions.loc[0, "articles"] = 99
    assert corpus.indicators().loc[0, "value"] == 1200
    assert corpus.regions().loc[0, "articles"] == 1


def test_an_empty_corpus_has_empty_tables():
    corpus = Corpus([])
    for table in (corpus.officials(), corpus.regions(), corpus.indicators(), corpus.timeline(),
                  corpus.articles()):
        assert table.empty and len(table.columns) > 3
