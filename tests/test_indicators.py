"""Numeric indicators on sentences written for the purpose (tests/data/indicators_cases.tsv),
plus links to regions and dates, offsets, and the dev-set floor."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ru_govdigest import Document
from ru_govdigest.digest import DateMention, Mention, Region
from ru_govdigest.indicators import IndicatorExtractor

CASES = Path(__file__).parent / "data" / "indicators_cases.tsv"


@pytest.fixture(scope="module")
def indicators():
    return IndicatorExtractor()


def _cases():
    return list(_read_cases())


def _read_cases():
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        sentence, _, expected = line.partition("\t")
        yield pytest.param(sentence, [e.strip() for e in expected.split(" ; ") if e.strip()],
                           id=sentence[:40])


def _parse_expected(item):
    """"2400 other exact unit=кв. м max=5" -> (2400.0, "other", "exact", {"unit": "кв. м", "max": "5"})."""
    value, kind, qualifier, *rest = item.split(" ", 3)
    fields = dict(re.findall(r"(\w+)=(.*?)(?= \w+=|$)", rest[0])) if rest else {}
    return float(value), kind, qualifier, fields


@pytest.mark.parametrize("sentence, expected", _cases())
def test_sentence(indicators, sentence, expected):
    doc = Document.from_text(sentence)
    found = indicators(doc)
    assert len(found) == len(expected), [(i.text, i.value, i.kind) for i in found]
    for ind, parts in zip(found, expected):
        value, kind, qualifier, fields = _parse_expected(parts)
        assert ind.value == pytest.approx(value, rel=1e-3), ind
        assert (ind.kind, ind.qualifier) == (kind, qualifier), ind
        if "unit" in fields:
            assert ind.unit == fields["unit"], ind
        if "max" in fields:
            assert ind.value_max == pytest.approx(float(fields["max"])), ind
        if "of" in fields:
            assert ind.of_total == pytest.approx(float(fields["of"])), ind
        assert sentence[ind.start:ind.end] == ind.text


def test_abbreviation_keeps_its_capitals(indicators):
    """ФАПов -> ФАПы: an abbreviation with a Russian ending keeps its capitals in the subject."""
    found = indicators(Document.from_text("Построено 12 ФАПов из 15 запланированных."))
    assert found[0].subject.startswith("ФАПы"), found[0].subject


def test_region_and_date_of_the_sentence(indicators):
    text = "В Тверской области выдано 500 сертификатов. Всего по стране выдано 9000 сертификатов."
    region = Region("RU-TVE", "Тверская область", True, (Mention(2, 17, "Тверской области"),))
    other = Region("RU-MOS", "Московская область", False, ())
    date = DateMention("1 мая", 60, 65, "2024-05-01", "day")
    doc = Document.from_text(text)
    first, second = indicators(doc, [other, region], [])
    assert first.region == "RU-TVE"
    assert second.region == "RU-TVE"  # no region in its sentence: the primary one
    text2 = "На 1 мая выдано 700 сертификатов."
    doc2 = Document.from_text(text2)
    found = indicators(doc2, [], [DateMention("1 мая", 3, 8, "2024-05-01", "day")])
    assert [(i.value, i.date) for i in found] == [(700, "2024-05-01")]
    assert date.value == "2024-05-01"


def test_dates_argument_excludes_its_numbers(indicators):
    text = "Через 3 дня, 7 июня, выдано 40 справок."
    doc = Document.from_text(text)
    without = [i.value for i in indicators(doc)]
    with_dates = [i.value for i in indicators(doc, [], [DateMention("7 июня", 12, 18, "2024-06-07", "day")])]
    assert without == with_dates == [40]


def test_offsets_survive_normalization(indicators):
    text = "Выдано более 12\u00a0345 карт, рост\u00a0— 7,5\u202f%."
    doc = Document.from_text(text)
    found = indicators(doc)
    assert [i.value for i in found] == [12345, 7.5]
    for ind in found:
        assert text[ind.start:ind.end] == ind.text


def test_furniture_is_skipped(indicators):
    text = "Выдано 50 сертификатов.\nПросмотров: 1520"
    doc = Document.from_text(text)
    assert [i.value for i in indicators(doc)] == [50]


def test_dev_floor(dev_predictions, dev_dir):
    """Indicators F1 >= 0.95, qualifier accuracy >= 0.95, subjects F1 >= 0.60 on dev."""
    score = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"
    out = subprocess.run([sys.executable, str(score), str(dev_dir / "gold.jsonl"),
                          str(dev_predictions), "--json"], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    tasks = result.get("tasks", result)
    assert tasks["indicators"]["f1"] >= 0.95
    assert tasks["qualifiers"]["accuracy"] >= 0.95
    assert tasks["subjects"]["f1"] >= 0.60


def test_anchor_word_ends_a_counted_phrase(indicators):
    """``на сумму``, ``площадью`` begin the next figure: they are not in the counted subject."""
    text = "В крае выдано 1 200 кредитов на сумму 3 млрд рублей и создано 9 заповедников площадью 40 тыс. га."
    subjects = [i.subject or "" for i in indicators(Document.from_text(text)) if i.kind == "count"]
    assert len(subjects) == 2 and "кредиты" in subjects[0] and "заповедники" in subjects[1]
    assert not any("сумму" in s or "площадью" in s for s in subjects), subjects


def test_links_prefer_the_figure_s_clause(indicators):
    """The region and the date of a figure come from its own clause when it has them."""
    text = "В Тверской области за 2022 год выдано 500 карт, а в Курской области – 300 карт."
    at = {w: (text.index(w), text.index(w) + len(w)) for w in ("Тверской области", "Курской области", "2022 год")}
    tver = Region("RU-TVE", "Тверская область", False, (Mention(*at["Тверской области"], "Тверской области"),))
    kursk = Region("RU-KRS", "Курская область", False, (Mention(*at["Курской области"], "Курской области"),))
    year = DateMention("2022 год", *at["2022 год"], "2022", "year")
    found = indicators(Document.from_text(text), [tver, kursk], [year])
    assert [(i.value, i.region, i.date) for i in found] == [(500, "RU-TVE", "2022"), (300, "RU-KRS", "2022")]


def test_a_full_stop_is_not_a_unit_s_dot(indicators):
    """The sentence's last dot belongs to an abbreviated unit (руб.) but not to a symbol (МВт)."""
    texts = ["Мощность станции составит 50 МВт.", "Стоимость оборудования – 250 тыс. евро.",
             "Выплата составит 10 000 руб."]
    found = [indicators(Document.from_text(t))[0].text for t in texts]
    assert found == ["50 МВт", "250 тыс. евро", "10 000 руб."]
